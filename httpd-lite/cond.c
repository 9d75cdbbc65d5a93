/* cond.c: evaluation of preconditions in the order of RFC 9110 13.2.2. */
#include <string.h>

#include "cond.h"
#include "httpdate.h"
#include "list.h"

/* Compare one entity-tag element with ours (always strong). */
static int etag_eq(const char *el, size_t len, const char *etag, int weak)
{
	if (len >= 2 && el[0] == 'W' && el[1] == '/') {
		if (!weak)
			return 0;  /* a weak tag never matches strongly */
		el += 2;
		len -= 2;
	}
	return len == strlen(etag) && memcmp(el, etag, len) == 0;
}

int etag_listed(const struct field_lines *f, const char *etag, int weak)
{
	unsigned i;

	for (i = 0; i < f->n; i++) {
		const char *s = f->v[i], *el;
		size_t len;

		if (strcmp(s, "*") == 0)
			return 1;
		while (list_next(&s, &el, &len))
			if (etag_eq(el, len, etag, weak))
				return 1;
	}
	return 0;
}

/* A valid, not future, single HTTP-date in field f: 1 and *t. */
static int field_date(const struct request *r, enum field f, time_t now,
    time_t *t)
{
	const char *v = req_field(r, f);

	return v != NULL && http_date_parse(v, t) == 0 && *t <= now;
}

int cond_check(const struct request *r, const char *etag, time_t mtime,
    time_t now)
{
	time_t t;

	if (r->f[F_IF_MATCH].n > 0) {
		if (!etag_listed(&r->f[F_IF_MATCH], etag, 0))
			return ST_PRECONDITION;
	} else if (field_date(r, F_IF_UNMODIFIED_SINCE, now, &t) && mtime > t) {
		return ST_PRECONDITION;
	}
	if (r->f[F_IF_NONE_MATCH].n > 0) {
		if (etag_listed(&r->f[F_IF_NONE_MATCH], etag, 1))
			return ST_NOT_MODIFIED;
	} else if (field_date(r, F_IF_MODIFIED_SINCE, now, &t) && mtime <= t) {
		return ST_NOT_MODIFIED;
	}
	return 0;
}

int cond_if_range(const char *if_range, const char *etag, time_t mtime)
{
	time_t t;

	if (if_range == NULL)
		return 1;
	if (if_range[0] == '"' || strncmp(if_range, "W/", 2) == 0)
		return etag_eq(if_range, strlen(if_range), etag, 0);
	/* A date validates only an exact Last-Modified match. */
	return http_date_parse(if_range, &t) == 0 && t == mtime;
}
