/* num.c: bounded decimal parsing. */
#include "num.h"

int num_scan(const char **sp, uint64_t max, uint64_t *out)
{
	const char *s = *sp;
	uint64_t v = 0;
	int n = 0;

	while (*s >= '0' && *s <= '9') {
		unsigned d = (unsigned)(*s - '0');

		/* Saturate instead of wrapping: a huge number stays huge. */
		if (v > max || d > max || v > (max - d) / 10)
			v = max + 1;
		else
			v = v * 10 + d;
		s++;
		n++;
	}
	*sp = s;
	*out = v;
	return n;
}

int num_parse(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v;

	if (num_scan(&s, max, &v) == 0 || *s != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_uint(const char *s, int min, int max, int *out)
{
	uint64_t v;

	if (num_parse(s, (uint64_t)max, &v) != 0 || v < (uint64_t)min)
		return -1;
	*out = (int)v;
	return 0;
}

int hex_digit(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}
