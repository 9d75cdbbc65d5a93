/* path.c: decode, then canonicalise, then check. */
#include <string.h>

#include "httpd.h"
#include "num.h"
#include "path.h"

/* Decode one byte at raw[*i]; -1 for a malformed escape. */
static int decode(const char *raw, size_t len, size_t *i)
{
	int hi, lo;

	if (raw[*i] != '%')
		return (unsigned char)raw[(*i)++];
	if (*i + 2 >= len)
		return -1;
	hi = hex_digit((unsigned char)raw[*i + 1]);
	lo = hex_digit((unsigned char)raw[*i + 2]);
	if (hi < 0 || lo < 0)
		return -1;
	*i += 3;
	return hi * 16 + lo;
}

/* Check the decoded segment s[0, n); first says it is the first one. */
static int check_segment(const char *s, size_t n, int first)
{
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return ST_BAD_REQUEST;
	if (n > 0 && s[0] == '.' &&
	    !(first && n == 11 && memcmp(s, ".well-known", 11) == 0))
		return ST_NOT_FOUND;  /* dotfiles: as if absent */
	return 0;
}

int path_canon(const char *raw, size_t len, char *out, size_t outsz, int *dir)
{
	size_t i = 1, o = 0, start;
	int first = 1, empty = 0;

	*dir = 0;
	if (len == 0 || raw[0] != '/' || outsz == 0)
		return ST_BAD_REQUEST;
	for (;;) {
		start = o;
		while (i < len && raw[i] != '/') {
			int ch = decode(raw, len, &i);

			if (ch <= 0 || ch == '/' || ch < 0x20 || ch == 0x7f ||
			    ch == '\\')
				return ST_BAD_REQUEST;
			if (o + 1 >= outsz)
				return ST_URI_TOO_LONG;
			out[o++] = (char)ch;
		}
		/*
		 * "//": names no file (a file name is never empty), so 404 once
		 * the rest is known to be well-formed; never merged into "/".
		 */
		if (o == start && i < len)
			empty = 1;
		int st = check_segment(out + start, o - start, first);

		if (st != 0)
			return st;
		if (i == len)
			break;
		i++;
		first = 0;
		if (o + 1 >= outsz)
			return ST_URI_TOO_LONG;
		out[o++] = '/';
	}
	if (empty)
		return ST_NOT_FOUND;
	if (o == start) {
		/* The path ended with '/': drop the separator, remember why. */
		*dir = 1;
		if (o > 0)
			o--;
	}
	out[o] = '\0';
	return 0;
}
