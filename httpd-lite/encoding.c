/* encoding.c: which content codings the client accepts. */
#include <string.h>
#include <strings.h>

#include "encoding.h"
#include "list.h"

/* q of the parameters in [s, end): 0 for q=0, q=0., q=0.000; else 1. */
static int nonzero_q(const char *s, const char *end)
{
	while (s < end) {
		const char *p = memchr(s, ';', (size_t)(end - s));

		if (p == NULL)
			return 1;
		for (s = p + 1; s < end && (*s == ' ' || *s == '\t'); s++)
			;
		if (end - s >= 2 && (*s == 'q' || *s == 'Q') && s[1] == '=') {
			const char *q = s + 2;

			if (q < end && *q == '0') {
				q++;
				if (q < end && *q == '.')
					for (q++; q < end && *q == '0'; q++)
						;
				if (q == end || *q == ' ' || *q == '\t' || *q == ';')
					return 0;
			}
			return 1;
		}
	}
	return 1;
}

int accepts_coding(const struct field_lines *ae, const char *coding,
    const char *alias)
{
	int named = -1, star = -1;
	unsigned i;

	for (i = 0; i < ae->n; i++) {
		const char *s = ae->v[i], *el;
		size_t len;

		while (list_next(&s, &el, &len)) {
			const char *end = el + len;
			size_t n = strcspn(el, ";");

			if (n > len)
				n = len;
			while (n > 0 && (el[n - 1] == ' ' || el[n - 1] == '\t'))
				n--;
			if (token_eq(el, n, coding) ||
			    (alias != NULL && token_eq(el, n, alias)))
				named = nonzero_q(el + n, end);
			else if (token_eq(el, n, "*"))
				star = nonzero_q(el + n, end);
		}
	}
	return named >= 0 ? named : star > 0;
}
