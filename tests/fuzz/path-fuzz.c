/*
 * path-fuzz: httpd-lite's path_canon() on a raw request path.  The first
 * byte picks the output size (small sizes probe the 414 boundary), the rest
 * is the path, in a buffer of its exact size with no NUL after it.  A
 * canonical path must keep the promises of path.h.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../httpd-lite/httpd.h"
#include "../../httpd-lite/path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* No empty, ".", ".." or dot segment (but a first ".well-known"), no byte
 * that decoding must refuse. */
static void check_canonical(const char *out)
{
	const char *seg = out, *end;
	size_t n;

	if (*out == '\0')
		return;
	for (;;) {
		end = strchr(seg, '/');
		n = end != NULL ? (size_t)(end - seg) : strlen(seg);
		assert(n > 0);
		if (seg[0] == '.')
			assert(seg == out && n == 11 && memcmp(seg, ".well-known", 11) == 0);
		if (end == NULL)
			break;
		seg = end + 1;
	}
	for (; *out != '\0'; out++)
		assert((unsigned char)*out >= 0x20 && *out != 0x7f && *out != '\\');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw, *out;
	size_t outsz;
	int dir = -1, st;

	if (size < 1)
		return 0;
	outsz = data[0] == 0xff ? PATH_BUF : data[0] % 64;
	data++;
	size--;
	/* Exact sizes, so that one byte too far is caught. */
	raw = malloc(size > 0 ? size : 1);
	out = malloc(outsz > 0 ? outsz : 1);
	if (raw == NULL || out == NULL)
		goto done;
	memcpy(raw, data, size);
	st = path_canon(raw, size, out, outsz, &dir);
	assert(dir == 0 || dir == 1);
	assert(st == 0 || st == ST_BAD_REQUEST || st == ST_NOT_FOUND ||
	    st == ST_URI_TOO_LONG);
	if (st == 0) {
		assert(outsz > 0 && strlen(out) < outsz);
		assert(dir == (raw[size - 1] == '/'));
		check_canonical(out);
	}
done:
	free(raw);
	free(out);
	return 0;
}
