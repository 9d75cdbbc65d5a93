/* range.c: byte ranges. */
#include <strings.h>

#include "list.h"
#include "num.h"
#include "range.h"

#define POS_MAX (UINT64_MAX - 2)

enum spec { SPEC_BAD, SPEC_UNSAT, SPEC_OK };

/* One range-spec [el, el+len): int-range or suffix-range. */
static enum spec one_spec(const char *el, size_t len, uint64_t size,
    uint64_t *first, uint64_t *last)
{
	const char *s = el, *end = el + len;
	uint64_t a, b;

	if (*s == '-') {
		s++;
		if (num_scan(&s, POS_MAX, &b) == 0 || s != end)
			return SPEC_BAD;
		if (b == 0 || size == 0)
			return SPEC_UNSAT;
		*first = b >= size ? 0 : size - b;
		*last = size - 1;
		return SPEC_OK;
	}
	if (num_scan(&s, POS_MAX, &a) == 0 || *s++ != '-')
		return SPEC_BAD;
	b = POS_MAX + 1;  /* "a-": to the end */
	if (s != end && (num_scan(&s, POS_MAX, &b) == 0 || b < a))
		return SPEC_BAD;
	if (s != end)
		return SPEC_BAD;
	if (a >= size)
		return SPEC_UNSAT;
	*first = a;
	*last = b >= size ? size - 1 : b;
	return SPEC_OK;
}

enum range_result range_parse(const char *v, uint64_t size, uint64_t *first,
    uint64_t *last)
{
	const char *el;
	size_t len;
	unsigned specs = 0, good = 0;

	if (v == NULL || strncasecmp(v, "bytes=", 6) != 0)
		return RANGE_NONE;
	v += 6;
	while (list_next(&v, &el, &len)) {
		uint64_t f, l;
		enum spec sp = one_spec(el, len, size, &f, &l);

		if (sp == SPEC_BAD)
			return RANGE_NONE;  /* RFC 9110 14.2: ignore it whole */
		specs++;
		if (sp == SPEC_OK) {
			good++;
			*first = f;
			*last = l;
		}
	}
	if (specs == 0)
		return RANGE_NONE;
	if (good == 0)
		return RANGE_UNSATISFIABLE;
	return specs == 1 ? RANGE_ONE : RANGE_MANY;
}
