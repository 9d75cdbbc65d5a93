/* escape.c: see escape.h. */
#include "escape.h"

#include <string.h>

static int
plain(unsigned char ch, const char *also)
{
	return ch >= 0x20 && ch < 0x7f && strchr(also, ch) == NULL;
}

size_t
escape_bytes(char *out, size_t n, const void *in, size_t len, const char *also)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = in;
	size_t i, o = 0;

	if (n < 4) {
		if (n > 0)
			out[0] = '\0';
		return 0;
	}
	for (i = 0; i < len; i++) {
		int p = plain(s[i], also);
		size_t need = p ? 1 : 4;

		/* Room for this byte, and for "..." if more must follow. */
		if (o + need > n - 1 || (i + 1 < len && o + need > n - 4)) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (p) {
			out[o++] = (char)s[i];
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[s[i] >> 4];
			out[o++] = hex[s[i] & 15];
		}
	}
	out[o] = '\0';
	return o;
}

size_t
escape_str(char *out, size_t n, const char *s, const char *also)
{
	return escape_bytes(out, n, s, strlen(s), also);
}
