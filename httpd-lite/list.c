/* list.c: comma-separated field values. */
#include <string.h>
#include <strings.h>

#include "list.h"

int is_tchar(int ch)
{
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9'))
		return 1;
	return ch != '\0' && strchr("!#$%&'*+-.^_`|~", ch) != NULL;
}

int list_next(const char **sp, const char **el, size_t *len)
{
	const char *s = *sp, *e;
	int quoted = 0;

	while (*s == ' ' || *s == '\t' || *s == ',')
		s++;
	if (*s == '\0') {
		*sp = s;
		return 0;
	}
	for (e = s; *e != '\0' && (quoted || *e != ','); e++) {
		if (*e == '"')
			quoted = !quoted;
		else if (*e == '\\' && quoted && e[1] != '\0')
			e++;
	}
	*sp = e;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*el = s;
	*len = (size_t)(e - s);
	return 1;
}

int token_eq(const char *el, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(el, word, len) == 0;
}
