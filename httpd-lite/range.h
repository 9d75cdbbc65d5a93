/* range.h: the Range request field (RFC 9110 14.2), bytes only. */
#ifndef RANGE_H
#define RANGE_H

#include <stdint.h>

enum range_result {
	RANGE_NONE,           /* absent, another unit, or invalid: send all */
	RANGE_ONE,            /* one satisfiable range: 206 */
	RANGE_UNSATISFIABLE,  /* no range overlaps the representation: 416 */
	RANGE_MANY            /* several ranges: answered with the whole, 200 */
};

/*
 * Parse the Range value v against a representation of size bytes.  For
 * RANGE_ONE, [*first, *last] is the inclusive byte range to send.
 */
enum range_result range_parse(const char *v, uint64_t size, uint64_t *first,
    uint64_t *last);

#endif
