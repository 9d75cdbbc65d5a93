/* Unit tests of httpd-lite's parsers and decision logic; prints TAP. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "../../httpd-lite/cond.h"
#include "../../httpd-lite/encoding.h"
#include "../../httpd-lite/httpdate.h"
#include "../../httpd-lite/mime.h"
#include "../../common/num.h"
#include "../../common/strbuf.h"
#include "../../httpd-lite/path.h"
#include "../../httpd-lite/range.h"
#include "../../httpd-lite/request.h"


static void path_is(const char *raw, int want_st, const char *want,
    int want_dir)
{
	char out[256], what[512];
	int dir = -1, st = path_canon(raw, strlen(raw), out, sizeof out, &dir);

	snprintf(what, sizeof what, "path %s -> %d %s", raw, want_st,
	    want ? want : "");
	if (st != 0 || want_st != 0)
		ok(st == want_st, what);
	else
		ok(strcmp(out, want) == 0 && dir == want_dir, what);
}

static void test_paths(void)
{
	char small[8];
	int dir;

	path_is("/", 0, "", 1);
	path_is("/index.html", 0, "index.html", 0);
	path_is("/a/b/", 0, "a/b", 1);
	path_is("/a%20b", 0, "a b", 0);
	path_is("/%41%62", 0, "Ab", 0);
	path_is("/caf%C3%A9", 0, "caf\xc3\xa9", 0);
	path_is("/.well-known/x", 0, ".well-known/x", 0);
	path_is("/.well-known/", 0, ".well-known", 1);
	path_is("/..", ST_BAD_REQUEST, NULL, 0);
	path_is("/../etc/passwd", ST_BAD_REQUEST, NULL, 0);
	path_is("/a/../b", ST_BAD_REQUEST, NULL, 0);
	path_is("/%2e%2e/etc/passwd", ST_BAD_REQUEST, NULL, 0);
	path_is("/%2E%2E", ST_BAD_REQUEST, NULL, 0);
	path_is("/./a", ST_BAD_REQUEST, NULL, 0);
	path_is("/a%2fb", ST_BAD_REQUEST, NULL, 0);
	path_is("/a%2F..%2Fb", ST_BAD_REQUEST, NULL, 0);
	path_is("/a%00b", ST_BAD_REQUEST, NULL, 0);
	path_is("/a%0a", ST_BAD_REQUEST, NULL, 0);
	path_is("/a\\b", ST_BAD_REQUEST, NULL, 0);
	path_is("/a%5c..%5cb", ST_BAD_REQUEST, NULL, 0);
	path_is("/a%", ST_BAD_REQUEST, NULL, 0);
	path_is("/a%4", ST_BAD_REQUEST, NULL, 0);
	path_is("/a%zz", ST_BAD_REQUEST, NULL, 0);
	path_is("//etc/passwd", ST_NOT_FOUND, NULL, 0);
	path_is("/a//b", ST_NOT_FOUND, NULL, 0);
	path_is("/a//", ST_NOT_FOUND, NULL, 0);
	path_is("//../etc/passwd", ST_BAD_REQUEST, NULL, 0);
	path_is("//a%2fb", ST_BAD_REQUEST, NULL, 0);
	path_is("a/b", ST_BAD_REQUEST, NULL, 0);
	path_is("/.git/config", ST_NOT_FOUND, NULL, 0);
	path_is("/a/.htpasswd", ST_NOT_FOUND, NULL, 0);
	path_is("/%2egit", ST_NOT_FOUND, NULL, 0);
	path_is("/a/.well-known/x", ST_NOT_FOUND, NULL, 0);
	path_is("/.well-known/.x", ST_NOT_FOUND, NULL, 0);
	ok(path_canon("/abcdefghij", 11, small, sizeof small, &dir) ==
	    ST_URI_TOO_LONG, "path longer than the buffer: 414");
	ok(path_canon("/abcdef", 7, small, sizeof small, &dir) == 0 &&
	    strcmp(small, "abcdef") == 0, "path that just fits");
}

static int parse(const char *text, struct request *r)
{
	static char buf[HEAD_MAX];

	memset(r, 0, sizeof *r);
	snprintf(buf, sizeof buf, "%s", text);
	return request_parse(r, buf, strlen(buf));
}

static void test_requests(void)
{
	struct request r;
	char many[HEAD_MAX];
	size_t n;
	int i;

	ok(parse("GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n", &r) == 0 &&
	    r.method == M_GET && r.version == 11 && r.keep &&
	    r.path_len == 2 && strncmp(r.path, "/a", 2) == 0 &&
	    r.host_len == 1, "simple GET, query cut from the path");
	ok(parse("HEAD / HTTP/1.0\n\n", &r) == 0 && r.method == M_HEAD &&
	    r.version == 10 && !r.keep, "HTTP/1.0 with bare LF, no keep-alive");
	ok(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &r) == 0 &&
	    r.keep, "HTTP/1.0 keep-alive honoured");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, close\r\n\r\n",
	    &r) == 0 && !r.keep, "Connection: close in a list");
	ok(parse("GET / HTTP/1.1\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "HTTP/1.1 without Host: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", &r) ==
	    ST_BAD_REQUEST, "two Host fields: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "invalid Host: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: a!b\r\n\r\n", &r) == 0,
	    "Host with a sub-delim: valid");
	ok(parse("GET / HTTP/1.1\r\nHost: a$&'()*+,;=b:80\r\n\r\n", &r) == 0,
	    "Host with every sub-delim and a port: valid");
	ok(parse("GET / HTTP/1.1\r\nHost: caf%C3%A9\r\n\r\n", &r) == 0,
	    "Host with pct-encoding: valid");
	ok(parse("GET / HTTP/1.1\r\nHost: a%4\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "Host with a short escape: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "Host with a bad port: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: a\"b\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "Host with a quote: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "Host with a slash: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: a@b\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "Host with userinfo: 400");
	ok(parse("GET / HTTP/2.0\r\nHost: x\r\n\r\n", &r) == ST_VERSION,
	    "HTTP/2.0: 505");
	ok(parse("GET / HTTP/1.2\r\nHost: x\r\n\r\n", &r) == 0 &&
	    r.version == 11 && r.keep, "HTTP/1.2: served as HTTP/1.1");
	ok(parse("GET / HTTP/1.9\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "HTTP/1.9 without Host: 400 as for 1.1");
	ok(parse("GET / HTTP/3.0\r\nHost: x\r\n\r\n", &r) == ST_VERSION,
	    "HTTP/3.0: 505");
	ok(parse("GET / HTTP/0.9\r\nHost: x\r\n\r\n", &r) == ST_VERSION,
	    "HTTP/0.9 with a version: 505");
	ok(parse("GET / HTTP/1\r\nHost: x\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "malformed version: 400");
	ok(parse("GET / http/1.1\r\nHost: x\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "lower-case version: 400");
	ok(parse("GET /\r\n\r\n", &r) == ST_BAD_REQUEST, "HTTP/0.9: 400");
	ok(parse("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "double space in request line: 400");
	ok(parse("POST / HTTP/1.1\r\nHost: x\r\n\r\n", &r) == ST_BAD_METHOD &&
	    r.keep, "POST: 405, connection kept");
	ok(parse("DELETE / HTTP/1.1\r\nHost: x\r\n\r\n", &r) == ST_BAD_METHOD,
	    "DELETE: 405");
	ok(parse("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", &r) == ST_NOT_IMPLEMENTED,
	    "unknown method: 501");
	ok(parse("get / HTTP/1.1\r\nHost: x\r\n\r\n", &r) == ST_NOT_IMPLEMENTED,
	    "methods are case-sensitive: 501");
	ok(parse("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "method not a token: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", &r) ==
	    ST_BAD_REQUEST, "obs-fold: 400");
	ok(parse("GET / HTTP/1.1\r\nHost : x\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "space before colon: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n", &r) ==
	    ST_BAD_REQUEST, "bare CR: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nX: a\x01\r\n\r\n", &r) ==
	    ST_BAD_REQUEST, "control character in a value: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", &r) ==
	    ST_BAD_REQUEST, "field without colon: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n",
	    &r) == 0 && r.body == BODY_LENGTH && r.body_len == 5,
	    "Content-Length body");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\n",
	    &r) == 0 && r.body_len == 5, "repeated equal Content-Length");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
	    "Content-Length: 6\r\n\r\n", &r) == ST_BAD_REQUEST && !r.keep,
	    "conflicting Content-Length: 400, close");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
	    &r) == ST_BAD_REQUEST, "negative Content-Length: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n",
	    &r) == ST_BAD_REQUEST, "bad Content-Length: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n",
	    &r) == ST_BAD_REQUEST && !r.keep, "empty Content-Length: 400, close");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: ,\r\n\r\n",
	    &r) == ST_BAD_REQUEST && !r.keep, "Content-Length \",\": 400, close");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: , 5\r\n\r\n",
	    &r) == ST_BAD_REQUEST, "Content-Length \", 5\": 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5,\r\n\r\n",
	    &r) == ST_BAD_REQUEST, "Content-Length \"5,\": 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1,2\r\n\r\n",
	    &r) == ST_BAD_REQUEST, "Content-Length \"1,2\": 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
	    "Content-Length: \r\n\r\n", &r) == ST_BAD_REQUEST,
	    "a second, empty Content-Length line: 400");
	ok(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
	    "Expect: 100-Continue\r\n\r\n", &r) == ST_BAD_METHOD &&
	    r.expect_continue, "Expect: 100-continue noted, case ignored");
	ok(parse("POST / HTTP/1.0\r\nContent-Length: 5\r\n"
	    "Expect: 100-continue\r\n\r\n", &r) == ST_BAD_METHOD &&
	    !r.expect_continue, "Expect in HTTP/1.0: ignored");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
	    "Content-Length: 5\r\n\r\n", &r) == ST_BAD_REQUEST && !r.keep,
	    "Content-Length and Transfer-Encoding: 400, close");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
	    "\r\n", &r) == 0 && r.body == BODY_CHUNKED, "chunked body");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
	    &r) == ST_BAD_REQUEST && !r.keep, "chunked not last: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked"
	    "\r\n\r\n", &r) == ST_NOT_IMPLEMENTED && !r.keep,
	    "unknown coding: 501, close");
	ok(parse("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", &r) ==
	    ST_BAD_REQUEST && !r.keep, "Transfer-Encoding in HTTP/1.0: 400");
	ok(parse("GET http://Example.com:8080/p/q?x HTTP/1.1\r\nHost: other\r\n"
	    "\r\n", &r) == 0 && r.host_len == 16 &&
	    strncmp(r.host, "Example.com:8080", 16) == 0 &&
	    r.path_len == 4 && strncmp(r.path, "/p/q", 4) == 0,
	    "absolute-form: host and path from the URI");
	ok(parse("GET http://x HTTP/1.1\r\nHost: x\r\n\r\n", &r) == 0 &&
	    r.path_len == 1 && r.path[0] == '/', "absolute-form without path");
	ok(parse("GET http://u@x/ HTTP/1.1\r\nHost: x\r\n\r\n", &r) ==
	    ST_BAD_REQUEST, "userinfo in absolute-form: 400");
	ok(parse("GET ftp://x/ HTTP/1.1\r\nHost: x\r\n\r\n", &r) ==
	    ST_BAD_REQUEST, "other scheme: 400");
	ok(parse("GET * HTTP/1.1\r\nHost: x\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "asterisk-form GET: 400");
	ok(parse("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", &r) == ST_BAD_METHOD,
	    "OPTIONS *: 405");
	ok(parse("GET /a#frag HTTP/1.1\r\nHost: x\r\n\r\n", &r) ==
	    ST_BAD_REQUEST, "fragment in target: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1\r\n"
	    "Range: bytes=2-3\r\n\r\n", &r) == ST_BAD_REQUEST,
	    "repeated Range: 400");
	ok(parse("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"a\"\r\n"
	    "If-None-Match: \"b\"\r\n\r\n", &r) == 0 &&
	    r.f[F_IF_NONE_MATCH].n == 2, "list fields may repeat");
	n = (size_t)snprintf(many, sizeof many, "GET / HTTP/1.1\r\nHost: x\r\n");
	for (i = 0; i < FIELDS_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof many - n, "X-%d: y\r\n", i);
	snprintf(many + n, sizeof many - n, "\r\n");
	ok(parse(many, &r) == ST_FIELDS_TOO_LARGE, "too many fields: 431");
}

static void test_ranges(void)
{
	uint64_t f = 99, l = 99;

	ok(range_parse("bytes=0-0", 10, &f, &l) == RANGE_ONE && f == 0 && l == 0,
	    "first byte");
	ok(range_parse("bytes=9-9", 10, &f, &l) == RANGE_ONE && f == 9 && l == 9,
	    "last byte");
	ok(range_parse("bytes=5-", 10, &f, &l) == RANGE_ONE && f == 5 && l == 9,
	    "open range");
	ok(range_parse("bytes=5-100", 10, &f, &l) == RANGE_ONE && l == 9,
	    "last clamped to the end");
	ok(range_parse("bytes=-3", 10, &f, &l) == RANGE_ONE && f == 7 && l == 9,
	    "suffix range");
	ok(range_parse("bytes=-30", 10, &f, &l) == RANGE_ONE && f == 0 && l == 9,
	    "suffix longer than the file");
	ok(range_parse("bytes=10-", 10, &f, &l) == RANGE_UNSATISFIABLE,
	    "first byte past the end: unsatisfiable");
	ok(range_parse("bytes=-0", 10, &f, &l) == RANGE_UNSATISFIABLE,
	    "empty suffix: unsatisfiable");
	ok(range_parse("bytes=0-", 0, &f, &l) == RANGE_UNSATISFIABLE,
	    "empty file: unsatisfiable");
	ok(range_parse("bytes=-5", 0, &f, &l) == RANGE_UNSATISFIABLE,
	    "suffix of empty file: unsatisfiable");
	ok(range_parse("bytes=0-1,4-5", 10, &f, &l) == RANGE_MANY,
	    "several ranges");
	ok(range_parse("bytes=20-30,40-", 10, &f, &l) == RANGE_UNSATISFIABLE,
	    "several, none satisfiable");
	ok(range_parse("bytes=5-2", 10, &f, &l) == RANGE_NONE,
	    "last before first: ignored");
	ok(range_parse("bytes=a-b", 10, &f, &l) == RANGE_NONE, "garbage ignored");
	ok(range_parse("items=0-1", 10, &f, &l) == RANGE_NONE,
	    "other unit ignored");
	ok(range_parse("bytes=", 10, &f, &l) == RANGE_NONE, "empty set ignored");
	ok(range_parse("bytes=0-99999999999999999999999", 10, &f, &l) ==
	    RANGE_ONE && l == 9, "huge last position clamps");
	ok(range_parse("bytes=99999999999999999999999-", 10, &f, &l) ==
	    RANGE_UNSATISFIABLE, "huge first position: unsatisfiable");
	ok(range_parse("Bytes=1-2", 10, &f, &l) == RANGE_ONE,
	    "unit is case-insensitive");
}

static void test_conditionals(void)
{
	struct request r;
	const char *etag = "\"abc\"";
	time_t mt = 784111777;  /* Sun, 06 Nov 1994 08:49:37 GMT */
	time_t now = 1700000000;

	parse("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"x\", \"abc\"\r\n\r\n",
	    &r);
	ok(cond_check(&r, etag, mt, now) == ST_NOT_MODIFIED, "INM match: 304");
	parse("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: W/\"abc\"\r\n\r\n", &r);
	ok(cond_check(&r, etag, mt, now) == ST_NOT_MODIFIED,
	    "INM weak comparison: 304");
	parse("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n", &r);
	ok(cond_check(&r, etag, mt, now) == ST_NOT_MODIFIED, "INM *: 304");
	parse("GET / HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"zzz\"\r\n"
	    "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n", &r);
	ok(cond_check(&r, etag, mt, now) == 0,
	    "INM mismatch takes precedence over IMS");
	parse("GET / HTTP/1.1\r\nHost: x\r\n"
	    "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n", &r);
	ok(cond_check(&r, etag, mt, now) == ST_NOT_MODIFIED, "IMS equal: 304");
	ok(cond_check(&r, etag, mt + 1, now) == 0, "IMS older: 200");
	ok(cond_check(&r, etag, mt, 784111776) == 0, "IMS in the future ignored");
	parse("GET / HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: yesterday\r\n"
	    "\r\n", &r);
	ok(cond_check(&r, etag, mt, now) == 0, "invalid IMS ignored");
	parse("GET / HTTP/1.1\r\nHost: x\r\nIf-Match: \"zzz\"\r\n\r\n", &r);
	ok(cond_check(&r, etag, mt, now) == ST_PRECONDITION, "If-Match: 412");
	parse("GET / HTTP/1.1\r\nHost: x\r\nIf-Match: W/\"abc\"\r\n\r\n", &r);
	ok(cond_check(&r, etag, mt, now) == ST_PRECONDITION,
	    "If-Match uses strong comparison");
	parse("GET / HTTP/1.1\r\nHost: x\r\n"
	    "If-Unmodified-Since: Sat, 05 Nov 1994 08:49:37 GMT\r\n\r\n", &r);
	ok(cond_check(&r, etag, mt, now) == ST_PRECONDITION,
	    "If-Unmodified-Since: 412");
	ok(cond_if_range(NULL, etag, mt), "no If-Range: range applies");
	ok(cond_if_range("\"abc\"", etag, mt), "If-Range etag match");
	ok(!cond_if_range("\"abd\"", etag, mt), "If-Range etag mismatch");
	ok(!cond_if_range("W/\"abc\"", etag, mt), "If-Range weak never matches");
	ok(cond_if_range("Sun, 06 Nov 1994 08:49:37 GMT", etag, mt),
	    "If-Range date equal");
	ok(!cond_if_range("Sun, 06 Nov 1994 08:49:38 GMT", etag, mt),
	    "If-Range date differs");
}

static void test_dates(void)
{
	char buf[DATE_MAX];
	time_t t = 0;

	http_date(784111777, buf);
	ok(strcmp(buf, "Sun, 06 Nov 1994 08:49:37 GMT") == 0, "IMF-fixdate out");
	ok(http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT", &t) == 0 &&
	    t == 784111777, "IMF-fixdate in");
	ok(http_date_parse("Sunday, 06-Nov-94 08:49:37 GMT", &t) == 0 &&
	    t == 784111777, "RFC 850 date in");
	ok(http_date_parse("Sun Nov  6 08:49:37 1994", &t) == 0 &&
	    t == 784111777, "asctime date in");
	ok(http_date_parse("Sun, 06 Nov 1994 08:49:37 GMT junk", &t) < 0,
	    "trailing junk refused");
	ok(http_date_parse("Sun, 06 Foo 1994 08:49:37 GMT", &t) < 0,
	    "bad month refused");
	ok(http_date_parse("Sun, 06 Nov 1994 25:49:37 GMT", &t) < 0,
	    "bad hour refused");
}

static void test_mime(void)
{
	const char *why;
	FILE *f;

	ok(strcmp(mime_type("a/index.html"), "text/html") == 0, "html");
	ok(strcmp(mime_type("X.PNG"), "image/png") == 0, "extension case");
	ok(strcmp(mime_type("a.tar.gz"), "application/gzip") == 0, "last dot");
	ok(strcmp(mime_type("Makefile"), "application/octet-stream") == 0,
	    "no extension");
	ok(strcmp(mime_type("a.b/c"), "application/octet-stream") == 0,
	    "dot in a directory name only");
	ok(strcmp(mime_type("a.unknownext"), "application/octet-stream") == 0,
	    "unknown");
	f = fopen("httpd-test.mime.types", "w");
	if (f == NULL) {
		ok(0, "cannot write test mime.types");
		return;
	}
	fputs("# comment\ntext/x-foo foo  bar\n\nimage/x-png png\n", f);
	fclose(f);
	ok(mime_load("httpd-test.mime.types", &why) == 0, "mime.types loads");
	remove("httpd-test.mime.types");
	ok(strcmp(mime_type("a.bar"), "text/x-foo") == 0, "loaded type");
	ok(strcmp(mime_type("a.png"), "image/x-png") == 0,
	    "loaded types override built-in ones");
	ok(mime_load("/nonexistent/mime.types", &why) < 0, "missing file fails");
}

static void test_misc(void)
{
	struct request r;
	uint64_t v;

	parse("GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip;q=0.5, "
	    "br;q=0\r\n\r\n", &r);
	ok(accepts_coding(&r.f[F_ACCEPT_ENCODING], "gzip", "x-gzip"),
	    "gzip accepted with q=0.5");
	ok(!accepts_coding(&r.f[F_ACCEPT_ENCODING], "br", NULL),
	    "br refused with q=0");
	parse("GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: *;q=0.1, "
	    "gzip;q=0.000\r\n\r\n", &r);
	ok(accepts_coding(&r.f[F_ACCEPT_ENCODING], "br", NULL), "br through *");
	ok(!accepts_coding(&r.f[F_ACCEPT_ENCODING], "gzip", NULL),
	    "explicit q=0.000 beats *");
	parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &r);
	ok(!accepts_coding(&r.f[F_ACCEPT_ENCODING], "gzip", NULL),
	    "no Accept-Encoding: identity only");
	ok(num_parse("123", 1000, &v) == 0 && v == 123, "number");
	ok(num_parse("1001", 1000, &v) < 0, "number over its bound");
	ok(num_parse("99999999999999999999999", 1000, &v) < 0,
	    "overflowing number");
	ok(num_parse("", 1000, &v) < 0 && num_parse("1a", 1000, &v) < 0 &&
	    num_parse("-1", 1000, &v) < 0, "non-numbers refused");
}

/* The appender that builds response heads and log lines. */
static void test_strbuf(void)
{
	char buf[64], src[48], want[64];
	struct strbuf b;
	size_t n, i;
	int good = 1;

	for (i = 0; i < sizeof src; i++)
		src[i] = (char)('a' + i % 26);
	for (n = 0; n <= sizeof src; n++) {	/* every length, short and long */
		memset(buf, '#', sizeof buf);
		sb_init(&b, buf, sizeof buf);
		sb_mem(&b, "<", 1);
		sb_mem(&b, src, n);
		memcpy(want, "<", 1);
		memcpy(want + 1, src, n);
		if (b.over || b.len != n + 1 || memcmp(buf, want, n + 1) != 0 ||
		    (n + 1 < sizeof buf && buf[n + 1] != '#'))
			good = 0;
	}
	ok(good, "sb_mem: every length 0..48 copied exactly, nothing past it");
	sb_init(&b, buf, sizeof buf);
	sb_dec(&b, 0);
	sb_str(&b, " ");
	sb_dec(&b, UINT64_MAX);
	sb_str(&b, " ");
	sb_hex(&b, 0xdeadbeef);
	sb_str(&b, " ");
	sb_hex(&b, UINT64_MAX);
	ok(!b.over && b.len == strlen("0 18446744073709551615 deadbeef "
	    "ffffffffffffffff") && memcmp(buf, "0 18446744073709551615 "
	    "deadbeef ffffffffffffffff", b.len) == 0, "sb_dec, sb_hex: 0 and the extremes");
	sb_init(&b, buf, 8);
	sb_str(&b, "1234567");
	sb_str(&b, "89");
	sb_str(&b, "8");
	ok(b.over && b.len == 7, "a piece that does not fit: over, and it sticks");
	sb_init(&b, buf, 8);
	sb_str(&b, "12345678");
	ok(!b.over && b.len == 8, "a piece that fills the buffer exactly fits");
}

int main(void)
{
	test_paths();
	test_requests();
	test_ranges();
	test_conditionals();
	test_dates();
	test_mime();
	test_misc();
	test_strbuf();
	printf("1..%d\n", n_test);
	return n_failed != 0;
}
