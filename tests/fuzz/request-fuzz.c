/*
 * request-fuzz: httpd-lite's request-head parser, then what the server does
 * with a parsed head: canonicalise the path, evaluate Range, conditionals
 * and Accept-Encoding.  The input is one head as it would sit in conn.buf,
 * cut where request_read() would cut it; it is copied to a buffer of its
 * exact size so that any read past the head is caught by ASan.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../httpd-lite/cond.h"
#include "../../httpd-lite/encoding.h"
#include "../../httpd-lite/path.h"
#include "../../httpd-lite/range.h"
#include "../../httpd-lite/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int in_buf(const char *p, const char *buf, size_t len)
{
	return p >= buf && p < buf + len;
}

/* What the parsed fields feed; the results only have to be sane. */
static void use_request(const struct request *r, const char *buf, size_t len)
{
	static const char etag[] = "\"5f3a-1c8\"";
	char out[PATH_BUF];
	uint64_t first = 0, last = 0;
	int dir, st, f;
	unsigned i;

	assert(in_buf(r->target, buf, len));
	/* An absolute-form target without a path gets the literal "/". */
	assert(in_buf(r->path, buf, len) || strcmp(r->path, "/") == 0);
	assert(r->path_len == strcspn(r->path, "?"));
	for (f = 0; f < F_COUNT; f++) {
		assert(r->f[f].n <= FIELD_REPEAT_MAX);
		for (i = 0; i < r->f[f].n; i++)
			assert(in_buf(r->f[f].v[i], buf, len));
	}
	st = path_canon(r->path, r->path_len, out, sizeof out, &dir);
	assert(st == 0 || st == ST_BAD_REQUEST || st == ST_NOT_FOUND ||
	    st == ST_URI_TOO_LONG);
	if (st == 0)
		assert(strlen(out) < sizeof out && out[0] != '/');
	if (range_parse(req_field(r, F_RANGE), 1000, &first, &last) == RANGE_ONE)
		assert(first <= last && last < 1000);
	(void)cond_check(r, etag, 1700000000, 1800000000);
	(void)cond_if_range(req_field(r, F_IF_RANGE), etag, 1700000000);
	(void)accepts_coding(&r->f[F_ACCEPT_ENCODING], "gzip", "x-gzip");
	(void)accepts_coding(&r->f[F_ACCEPT_ENCODING], "br", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request r;
	size_t len;
	char *buf;
	int st;

	if (size > HEAD_MAX)
		return -1;  /* request_read answers 431 or 414 before parsing */
	len = head_end((const char *)data, size);
	if (len == 0)
		len = size;  /* not a complete head: parse it all the same */
	if (len == 0)
		return 0;
	buf = malloc(len);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, len);
	memset(&r, 0, sizeof r);
	st = request_parse(&r, buf, len);
	if (st == 0) {
		assert(r.method == M_GET || r.method == M_HEAD);
		assert(r.version == 10 || r.version == 11);
		use_request(&r, buf, len);
	}
	free(buf);
	return 0;
}
