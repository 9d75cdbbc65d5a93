/* request.c: read one request head with deadlines, parse it (RFC 9112). */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "list.h"
#include "num.h"
#include "request.h"

#define CL_MAX UINT64_C(1000000000000000000)

const char *const method_names[M_COUNT] = {
	[M_NONE] = "-", [M_GET] = "GET", [M_HEAD] = "HEAD", [M_POST] = "POST",
	[M_PUT] = "PUT", [M_DELETE] = "DELETE", [M_CONNECT] = "CONNECT",
	[M_OPTIONS] = "OPTIONS", [M_TRACE] = "TRACE", [M_PATCH] = "PATCH",
};

static const char *const field_names[F_COUNT] = {
	[F_HOST] = "Host",
	[F_CONNECTION] = "Connection",
	[F_CONTENT_LENGTH] = "Content-Length",
	[F_TRANSFER_ENCODING] = "Transfer-Encoding",
	[F_IF_MATCH] = "If-Match",
	[F_IF_NONE_MATCH] = "If-None-Match",
	[F_IF_MODIFIED_SINCE] = "If-Modified-Since",
	[F_IF_UNMODIFIED_SINCE] = "If-Unmodified-Since",
	[F_IF_RANGE] = "If-Range",
	[F_RANGE] = "Range",
	[F_ACCEPT_ENCODING] = "Accept-Encoding",
	[F_EXPECT] = "Expect",
};

/* Fields that may appear once only; a repeat makes the request invalid. */
static const unsigned char singleton[F_COUNT] = {
	[F_HOST] = 1, [F_IF_MODIFIED_SINCE] = 1, [F_IF_UNMODIFIED_SINCE] = 1,
	[F_IF_RANGE] = 1, [F_RANGE] = 1,
};

/* Connection-token and transfer-coding facts gathered line by line. */
struct framing {
	int close, keepalive;
	int te, te_last_chunked, te_other;
	int cl;
	uint64_t cl_val;
};

const char *req_field(const struct request *r, enum field f)
{
	return r->f[f].n > 0 ? r->f[f].v[0] : NULL;
}

/* A request that cannot be framed: answer, then close. */
static int broken(struct request *r, int status)
{
	r->keep = 0;
	return status;
}

size_t head_end(const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i] != '\n')
			continue;
		if (i + 1 < n && b[i + 1] == '\n')
			return i + 2;
		if (i + 2 < n && b[i + 1] == '\r' && b[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* RFC 9112 2.2: a server SHOULD ignore empty lines before a request. */
static void skip_empty_lines(struct conn *c)
{
	size_t s = 0;

	for (;;) {
		if (s < c->len && c->buf[s] == '\n')
			s++;
		else if (s + 1 < c->len && c->buf[s] == '\r' && c->buf[s + 1] == '\n')
			s += 2;
		else
			break;
	}
	if (s > 0) {
		memmove(c->buf, c->buf + s, c->len - s);
		c->len -= s;
	}
}

int request_read(struct conn *c, struct request *r)
{
	int started = 0;
	size_t end;
	ssize_t n;

	memset(r, 0, sizeof *r);
	c->deadline = now_ms() + c->idle_ms;
	for (;;) {
		skip_empty_lines(c);
		if (c->len > 0 && !started) {
			/* The whole head must arrive within head_ms. */
			started = 1;
			c->deadline = now_ms() + c->head_ms;
		}
		end = head_end(c->buf, c->len < HEAD_MAX ? c->len : HEAD_MAX);
		if (end > 0)
			break;
		if (c->len >= HEAD_MAX)
			return memchr(c->buf, '\n', HEAD_MAX) ?
			    ST_FIELDS_TOO_LARGE : ST_URI_TOO_LONG;
		n = io_more(c);
		if (n > 0)
			continue;
		if (!started)
			return ST_GONE;
		if (n == 0)
			return ST_BAD_REQUEST;  /* the client half-closed mid-head */
		return c->err == ETIMEDOUT ? ST_TIMEOUT : ST_GONE;
	}
	c->base = c->pos = end;
	return request_parse(r, c->buf, end);
}

/* NUL-terminate the line at p; next line start, or NULL for a bare CR. */
static char *cut_line(char *p, char *end)
{
	char *nl = memchr(p, '\n', (size_t)(end - p));

	if (nl == NULL)
		return NULL;
	*nl = '\0';
	if (nl > p && nl[-1] == '\r')
		nl[-1] = '\0';
	if (strchr(p, '\r') != NULL)
		return NULL;
	return nl + 1;
}

static int parse_version(const char *v)
{
	if (strncmp(v, "HTTP/", 5) != 0 || v[5] < '0' || v[5] > '9' ||
	    v[6] != '.' || v[7] < '0' || v[7] > '9' || v[8] != '\0')
		return -1;
	/* RFC 9110 2.5: a later 1.x minor version is answered as 1.1. */
	if (v[5] == '1')
		return v[7] == '0' ? 10 : 11;
	return 0;
}

static enum method find_method(const char *m)
{
	int i;

	for (i = M_NONE + 1; i < M_COUNT; i++)
		if (strcmp(m, method_names[i]) == 0)
			return (enum method)i;
	return M_NONE;
}

static int is_token(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!is_tchar((unsigned char)*s))
			return 0;
	return 1;
}

static int parse_request_line(struct request *r, char *line)
{
	char *target, *version;
	const unsigned char *p;

	r->method_str = line;
	target = strchr(line, ' ');
	if (target == NULL)
		return broken(r, ST_BAD_REQUEST);
	*target++ = '\0';
	version = strchr(target, ' ');
	if (version == NULL)
		return broken(r, ST_BAD_REQUEST);  /* HTTP/0.9 is not spoken */
	*version++ = '\0';
	r->target = target;
	if (!is_token(line) || *target == '\0')
		return broken(r, ST_BAD_REQUEST);
	for (p = (const unsigned char *)target; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '#')
			return broken(r, ST_BAD_REQUEST);
	r->version = parse_version(version);
	if (r->version < 0)
		return broken(r, ST_BAD_REQUEST);
	if (r->version == 0)
		return broken(r, ST_VERSION);
	r->method = find_method(line);
	if (strlen(target) >= PATH_BUF)
		return broken(r, ST_URI_TOO_LONG);
	return 0;
}

static enum field find_field(const char *name)
{
	int i;

	for (i = 0; i < F_COUNT; i++)
		if (strcasecmp(name, field_names[i]) == 0)
			return (enum field)i;
	return F_COUNT;
}

static int valid_value(const char *v)
{
	const unsigned char *p;

	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p != '\t' && (*p < 0x20 || *p == 0x7f))
			return 0;
	return 1;
}

/*
 * Content-Length: a number, or a list of equal numbers over all lines (RFC
 * 9112 6.3).  Every element must be digits: an empty value, an empty
 * element (",", " , 5", "5,") or any other byte makes the framing invalid,
 * never "no body".
 */
static int add_length(struct framing *fr, const char *v)
{
	const char *s = v;
	uint64_t n;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (num_scan(&s, CL_MAX, &n) == 0)
			return -1;
		if (fr->cl && n != fr->cl_val)
			return -1;
		fr->cl = 1;
		fr->cl_val = n;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return 0;
		if (*s++ != ',')
			return -1;
	}
}

static void add_connection(struct framing *fr, const char *v)
{
	const char *el;
	size_t len;

	while (list_next(&v, &el, &len)) {
		if (token_eq(el, len, "close"))
			fr->close = 1;
		else if (token_eq(el, len, "keep-alive"))
			fr->keepalive = 1;
	}
}

static void add_coding(struct framing *fr, const char *v)
{
	const char *el;
	size_t len;
	int any = 0;

	fr->te = 1;  /* even an empty Transfer-Encoding line counts */
	while (list_next(&v, &el, &len)) {
		any = 1;
		fr->te_last_chunked = token_eq(el, len, "chunked");
		if (!fr->te_last_chunked)
			fr->te_other = 1;
	}
	if (!any)
		fr->te_last_chunked = 0;
}

/* One "name: value" line. */
static int parse_field(struct request *r, struct framing *fr, char *line)
{
	char *colon, *v, *e;
	enum field f;

	if (*line == ' ' || *line == '\t')
		return broken(r, ST_BAD_REQUEST);  /* obs-fold, RFC 9112 5.2 */
	colon = strchr(line, ':');
	if (colon == NULL)
		return broken(r, ST_BAD_REQUEST);
	*colon = '\0';
	/* Also refuses whitespace before the colon (RFC 9112 5.1). */
	if (!is_token(line))
		return broken(r, ST_BAD_REQUEST);
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	for (e = v + strlen(v); e > v && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	*e = '\0';
	if (!valid_value(v))
		return broken(r, ST_BAD_REQUEST);
	f = find_field(line);
	if (f == F_COUNT)
		return 0;
	if (r->f[f].n == FIELD_REPEAT_MAX || (singleton[f] && r->f[f].n > 0))
		return broken(r, ST_BAD_REQUEST);
	r->f[f].v[r->f[f].n++] = v;
	if (f == F_CONTENT_LENGTH && add_length(fr, v) < 0)
		return broken(r, ST_BAD_REQUEST);
	if (f == F_CONNECTION)
		add_connection(fr, v);
	if (f == F_TRANSFER_ENCODING)
		add_coding(fr, v);
	return 0;
}

/* reg-name bytes of RFC 3986 3.2.2: unreserved and sub-delims. */
static int is_host_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') ||
	    (ch != '\0' && strchr("-._~!$&'()*+,;=", ch) != NULL);
}

/* A reg-name up to ':' or the end: *ip past it; 0 if a byte is invalid. */
static int reg_name(const char *h, size_t len, size_t *ip)
{
	size_t i = *ip;

	for (; i < len && h[i] != ':'; i++) {
		if (h[i] == '%') {
			/* pct-encoded: exactly two hex digits follow */
			if (i + 2 >= len || hex_digit((unsigned char)h[i + 1]) < 0 ||
			    hex_digit((unsigned char)h[i + 2]) < 0)
				return 0;
			i += 2;
		} else if (!is_host_char(h[i])) {
			return 0;
		}
	}
	*ip = i;
	return 1;
}

/* Host or absolute-form authority: reg-name or [IP-literal], then :port. */
static int valid_host(const char *h, size_t len)
{
	size_t i = 0;

	if (len > HOST_MAX + 8)
		return 0;
	if (i < len && h[i] == '[') {
		for (i++; i < len && h[i] != ']'; i++)
			if (!strchr("0123456789abcdefABCDEF:.", h[i]))
				return 0;
		if (i == len)
			return 0;
		i++;
	} else if (!reg_name(h, len, &i)) {
		return 0;
	}
	if (i < len && h[i] == ':')
		for (i++; i < len; i++)
			if (h[i] < '0' || h[i] > '9')
				return 0;
	return i == len;
}

/* Origin-form or absolute-form target: set path (and host from the URI). */
static int parse_target(struct request *r)
{
	const char *t = r->target, *auth, *p;
	size_t skip = 0;

	if (strncasecmp(t, "http://", 7) == 0)
		skip = 7;
	else if (strncasecmp(t, "https://", 8) == 0)
		skip = 8;
	if (skip > 0) {
		auth = t + skip;
		p = auth + strcspn(auth, "/?");
		if (p == auth || memchr(auth, '@', (size_t)(p - auth)))
			return broken(r, ST_BAD_REQUEST);
		r->host = auth;
		r->host_len = (size_t)(p - auth);
		t = *p == '/' ? p : "/";
	}
	if (*t != '/')
		return r->method == M_GET || r->method == M_HEAD ?
		    ST_BAD_REQUEST : 0;
	r->path = t;
	r->path_len = strcspn(t, "?");
	return 0;
}

/* "100-continue" among the Expect values, case ignored. */
static int expects_continue(const struct field_lines *f)
{
	const char *s, *el;
	size_t len;
	unsigned i;

	for (i = 0; i < f->n; i++)
		for (s = f->v[i]; list_next(&s, &el, &len);)
			if (token_eq(el, len, "100-continue"))
				return 1;
	return 0;
}

/* Message framing and persistence from the gathered facts. */
static int apply_framing(struct request *r, const struct framing *fr)
{
	if (r->version == 11)
		r->keep = !fr->close;
	else
		r->keep = fr->keepalive && !fr->close;
	if (fr->te) {
		/* RFC 9112 6.1 and 6.3: all of these are unreliable framing. */
		if (r->version == 10 || fr->cl || !fr->te_last_chunked)
			return broken(r, ST_BAD_REQUEST);
		if (fr->te_other)
			return broken(r, ST_NOT_IMPLEMENTED);
		r->body = BODY_CHUNKED;
	} else if (fr->cl && fr->cl_val > 0) {
		r->body = BODY_LENGTH;
		r->body_len = fr->cl_val;
	}
	return 0;
}

int request_parse(struct request *r, char *head, size_t len)
{
	char *end = head + len, *line = head, *next;
	struct framing fr;
	unsigned nfields = 0;
	int st;

	memset(&fr, 0, sizeof fr);
	r->keep = 0;
	if (memchr(head, '\0', len) != NULL)
		return broken(r, ST_BAD_REQUEST);
	next = cut_line(line, end);
	if (next == NULL)
		return broken(r, ST_BAD_REQUEST);
	st = parse_request_line(r, line);
	if (st != 0)
		return st;
	for (line = next; line < end; line = next) {
		next = cut_line(line, end);
		if (next == NULL)
			return broken(r, ST_BAD_REQUEST);
		if (*line == '\0')
			break;
		if (++nfields > FIELDS_MAX)
			return broken(r, ST_FIELDS_TOO_LARGE);
		st = parse_field(r, &fr, line);
		if (st != 0)
			return st;
	}
	st = apply_framing(r, &fr);
	if (st != 0)
		return st;
	/* RFC 9110 10.1.1: an HTTP/1.0 request's expectation is ignored. */
	if (r->version == 11 && r->f[F_EXPECT].n > 0)
		r->expect_continue = expects_continue(&r->f[F_EXPECT]);
	if (r->version == 11 && r->f[F_HOST].n == 0)
		return broken(r, ST_BAD_REQUEST);  /* RFC 9112 3.2 */
	if (r->f[F_HOST].n > 0 && !valid_host(r->f[F_HOST].v[0],
	    strlen(r->f[F_HOST].v[0])))
		return broken(r, ST_BAD_REQUEST);
	st = parse_target(r);
	if (st != 0)
		return broken(r, st);
	if (r->host == NULL && r->f[F_HOST].n > 0) {
		r->host = r->f[F_HOST].v[0];
		r->host_len = strlen(r->host);
	}
	if (r->host != NULL && !valid_host(r->host, r->host_len))
		return broken(r, ST_BAD_REQUEST);
	if (r->method == M_NONE)
		return ST_NOT_IMPLEMENTED;
	if (r->method != M_GET && r->method != M_HEAD)
		return ST_BAD_METHOD;
	return 0;
}
