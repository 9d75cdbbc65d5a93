/* path.h: request path decoding and canonicalisation. */
#ifndef PATH_H
#define PATH_H

#include <stddef.h>

/*
 * Percent-decode the request path raw[0, len) and check it; refuse rather
 * than repair.  out receives the path relative to the document root, with
 * no leading or trailing slash ("" for the root); *dir is set when the path
 * ended with '/'.  Returns 0, or:
 *   ST_BAD_REQUEST   no leading '/', bad %-escape, %00, encoded '/', a
 *                    control character or backslash, a "." or ".."
 *                    segment;
 *   ST_NOT_FOUND     a segment starting with '.' (except a first
 *                    ".well-known"), an empty segment ("//");
 *   ST_URI_TOO_LONG  the result does not fit in outsz bytes.
 */
int path_canon(const char *raw, size_t len, char *out, size_t outsz, int *dir);

#endif
