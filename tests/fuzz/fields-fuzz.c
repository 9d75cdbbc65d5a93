/*
 * fields-fuzz: httpd-lite's parsers of field values: Range (range.c),
 * conditionals (cond.c), HTTP-dates (httpdate.c), Accept-Encoding
 * (encoding.c) and lists (list.c).  The input is header lines
 * "Name: value"; each value is copied to a string of its exact size and
 * filed under its field as request_parse() would (up to FIELD_REPEAT_MAX
 * lines of one field).  Every value also goes through the date and list
 * parsers, whatever its name.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../httpd-lite/cond.h"
#include "../../httpd-lite/encoding.h"
#include "../../httpd-lite/httpdate.h"
#include "../../httpd-lite/list.h"
#include "../../httpd-lite/range.h"
#include "../../httpd-lite/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LINES_MAX 32
#define YEAR_10000 INT64_C(253402300800)

static const struct { const char *name; enum field f; } names[] = {
	{ "Range", F_RANGE }, { "If-Range", F_IF_RANGE },
	{ "If-Match", F_IF_MATCH }, { "If-None-Match", F_IF_NONE_MATCH },
	{ "If-Modified-Since", F_IF_MODIFIED_SINCE },
	{ "If-Unmodified-Since", F_IF_UNMODIFIED_SINCE },
	{ "Accept-Encoding", F_ACCEPT_ENCODING },
};

/* Representation sizes to range against, the edges included. */
static const uint64_t sizes[] = {
	0, 1, 2, 100, 1000, 1u << 31, UINT64_MAX - 2, UINT64_MAX - 1, UINT64_MAX
};

static enum field field_of(const char *line, size_t n)
{
	size_t i, k;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		k = strlen(names[i].name);
		if (n == k && strncasecmp(line, names[i].name, k) == 0)
			return names[i].f;
	}
	return F_COUNT;
}

static void check_list(const char *v)
{
	const char *s = v, *el, *end = v + strlen(v);
	size_t len;

	while (list_next(&s, &el, &len)) {
		assert(el >= v && len > 0 && el + len <= end && s <= end);
		assert(el[0] != ' ' && el[0] != '\t' && el[0] != ',');
		assert(el[len - 1] != ' ' && el[len - 1] != '\t');
		(void)token_eq(el, len, "gzip");
	}
	assert(*s == '\0');
}

/* A parsed date prints as an IMF-fixdate that parses back to itself. */
static void check_date(const char *v)
{
	char out[DATE_MAX];
	time_t t, t2;

	if (http_date_parse(v, &t) != 0)
		return;
	if ((int64_t)t < 0 || (int64_t)t >= YEAR_10000)
		return;  /* outside what http_date() prints */
	http_date(t, out);
	assert(http_date_parse(out, &t2) == 0 && t2 == t);
}

static void check_range(const char *v)
{
	uint64_t first, last;
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		first = last = UINT64_MAX;
		switch (range_parse(v, sizes[i], &first, &last)) {
		case RANGE_ONE:
		case RANGE_MANY:
			assert(first <= last && last < sizes[i]);
			break;
		case RANGE_UNSATISFIABLE:
		case RANGE_NONE:
			break;
		default:
			assert(!"range_parse: unknown result");
		}
	}
}

static void check_request(const struct request *r)
{
	static const char etag[] = "\"5f3a-1c8\"";
	static const time_t mtimes[] = { 0, 784111777, 1700000000 };
	size_t i;
	int st;

	check_range(req_field(r, F_RANGE));
	for (i = 0; i < sizeof mtimes / sizeof mtimes[0]; i++) {
		st = cond_check(r, etag, mtimes[i], 1800000000);
		assert(st == 0 || st == ST_PRECONDITION || st == ST_NOT_MODIFIED);
		(void)cond_if_range(req_field(r, F_IF_RANGE), etag, mtimes[i]);
	}
	(void)etag_listed(&r->f[F_IF_MATCH], etag, 0);
	(void)etag_listed(&r->f[F_IF_NONE_MATCH], etag, 1);
	(void)accepts_coding(&r->f[F_ACCEPT_ENCODING], "gzip", "x-gzip");
	(void)accepts_coding(&r->f[F_ACCEPT_ENCODING], "br", NULL);
	(void)accepts_coding(&r->f[F_ACCEPT_ENCODING], "identity", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *vals[LINES_MAX];
	struct request r;
	const uint8_t *p = data, *end = data + size, *nl, *colon;
	int nvals = 0, i;
	enum field f;

	memset(&r, 0, sizeof r);
	while (p < end && nvals < LINES_MAX) {
		const uint8_t *v;
		size_t n;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		colon = memchr(p, ':', (size_t)(nl - p));
		v = colon != NULL ? colon + 1 : p;
		while (v < nl && (*v == ' ' || *v == '\t'))
			v++;
		n = (size_t)(nl - v);
		if (memchr(v, '\0', n) == NULL && (vals[nvals] = malloc(n + 1))) {
			memcpy(vals[nvals], v, n);
			vals[nvals][n] = '\0';
			f = colon != NULL ? field_of((const char *)p,
			    (size_t)(colon - p)) : F_COUNT;
			if (f != F_COUNT && r.f[f].n < FIELD_REPEAT_MAX)
				r.f[f].v[r.f[f].n++] = vals[nvals];
			check_list(vals[nvals]);
			check_date(vals[nvals]);
			nvals++;
		}
		p = nl + 1;
	}
	check_request(&r);
	for (i = 0; i < nvals; i++)
		free(vals[i]);
	return 0;
}
