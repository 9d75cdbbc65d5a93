/* response.c: status table, header blocks, error responses. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "httpdate.h"
#include "response.h"

static const char *const reasons[ST_LIMIT] = {
	[ST_OK] = "OK",
	[ST_PARTIAL] = "Partial Content",
	[ST_MOVED] = "Moved Permanently",
	[ST_NOT_MODIFIED] = "Not Modified",
	[ST_BAD_REQUEST] = "Bad Request",
	[ST_FORBIDDEN] = "Forbidden",
	[ST_NOT_FOUND] = "Not Found",
	[ST_BAD_METHOD] = "Method Not Allowed",
	[ST_TIMEOUT] = "Request Timeout",
	[ST_PRECONDITION] = "Precondition Failed",
	[ST_TOO_LARGE] = "Content Too Large",
	[ST_URI_TOO_LONG] = "URI Too Long",
	[ST_RANGE] = "Range Not Satisfiable",
	[ST_FIELDS_TOO_LARGE] = "Request Header Fields Too Large",
	[ST_INTERNAL] = "Internal Server Error",
	[ST_NOT_IMPLEMENTED] = "Not Implemented",
	[ST_VERSION] = "HTTP Version Not Supported",
};

const char *status_reason(int status)
{
	if (status < 0 || status >= ST_LIMIT || reasons[status] == NULL)
		return "Unknown";
	return reasons[status];
}

static void vadd(struct resp *p, const char *fmt, va_list ap)
{
	size_t room = sizeof p->buf - p->len;
	int n;

	if (p->over)
		return;
	if (strchr(fmt, '%') == NULL) {
		/*
		 * A fixed line is copied: vsnprintf's set-up costs more than
		 * the line (a quarter of the CPU of a small response went to
		 * the printf family).
		 */
		n = (int)strlen(fmt);
		if ((size_t)n + 2 < room)
			memcpy(p->buf + p->len, fmt, (size_t)n);
	} else {
		n = vsnprintf(p->buf + p->len, room, fmt, ap);
	}
	if (n < 0 || (size_t)n + 2 >= room) {
		p->over = 1;
		return;
	}
	p->len += (size_t)n;
	memcpy(p->buf + p->len, "\r\n", 2);
	p->len += 2;
}

void resp_add(struct conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(&c->resp, fmt, ap);
	va_end(ap);
}

void resp_start(struct conn *c, int status, const struct request *r,
    int keep)
{
	resp_start_at(c, status, r, keep, time(NULL));
}

void resp_start_at(struct conn *c, int status, const struct request *r,
    int keep, time_t now)
{
	static struct date_memo date;  /* formatted at most once a second */

	c->resp.len = 0;
	c->resp.over = 0;
	resp_add(c, "HTTP/1.1 %d %s", status, status_reason(status));
	resp_add(c, "Date: %s", http_date_memo(&date, now));
	resp_add(c, "Server: %s", SERVER_NAME);
	resp_add(c, "X-Content-Type-Options: nosniff");
	if (c->hsts > 0)
		resp_add(c, "Strict-Transport-Security: max-age=%lu", c->hsts);
	if (!keep)
		resp_add(c, "Connection: close");
	else if (r->version == 10)
		resp_add(c, "Connection: keep-alive");
}

int resp_end(struct conn *c)
{
	struct resp *p = &c->resp;

	if (p->over || p->len + 2 > sizeof p->buf)
		return ST_INTERNAL;
	memcpy(p->buf + p->len, "\r\n", 2);
	p->len += 2;
	return 0;
}

int resp_answer(struct conn *c, const struct request *r, int keep,
    int status, const char *extra, struct outcome *o)
{
	struct resp *p = &c->resp;
	char body[256];
	int n;

	n = snprintf(body, sizeof body, "<!DOCTYPE html>\n<html><head><title>"
	    "%d %s</title></head>\n<body><h1>%d %s</h1></body></html>\n",
	    status, status_reason(status), status, status_reason(status));
	if (n < 0 || (size_t)n >= sizeof body)
		n = 0;  /* cannot happen: reasons are short; send no body then */
	resp_start(c, status, r, keep);
	if (status == ST_BAD_METHOD)
		resp_add(c, "Allow: GET, HEAD");
	resp_add(c, "Content-Type: text/html; charset=utf-8");
	resp_add(c, "Content-Length: %d", n);
	if (extra != NULL)
		resp_add(c, "%s", extra);
	if (resp_end(c) != 0) {
		/* Only an oversized extra (a long Location) can get here; the
		 * log line must name the status that is sent. */
		status = ST_INTERNAL;
		resp_start(c, status, r, 0);
		resp_add(c, "Content-Length: 0");
		resp_end(c);
		n = 0;
	}
	o->status = status;
	o->sent = 0;
	if (r->method == M_HEAD)
		n = 0;
	if (io_write2(c, p->buf, p->len, body, (size_t)n) < 0)
		return -1;
	o->sent = n;
	return 0;
}
