/* response.c: status table, header blocks, error responses. */
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

static void crlf(struct resp *p)
{
	sb_mem(&p->sb, "\r\n", 2);
}

void resp_line(struct conn *c, const char *line)
{
	sb_str(&c->resp.sb, line);
	crlf(&c->resp);
}

void resp_text(struct conn *c, const char *prefix, const char *value,
    const char *suffix)
{
	sb_str(&c->resp.sb, prefix);
	sb_str(&c->resp.sb, value);
	sb_str(&c->resp.sb, suffix);
	crlf(&c->resp);
}

void resp_num(struct conn *c, const char *prefix, uint64_t v)
{
	sb_str(&c->resp.sb, prefix);
	sb_dec(&c->resp.sb, v);
	crlf(&c->resp);
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
	struct strbuf *b = &c->resp.sb;

	sb_init(b, c->resp.buf, sizeof c->resp.buf);
	sb_str(b, "HTTP/1.1 ");
	sb_dec(b, (uint64_t)status);
	resp_text(c, " ", status_reason(status), "");
	resp_text(c, "Date: ", http_date_memo(&date, now), "");
	resp_line(c, "Server: " SERVER_NAME);
	resp_line(c, "X-Content-Type-Options: nosniff");
	if (c->hsts)
		resp_num(c, "Strict-Transport-Security: max-age=", c->hsts);
	if (!keep)
		resp_line(c, "Connection: close");
	else if (r->version == 10)
		resp_line(c, "Connection: keep-alive");
}

int resp_end(struct conn *c)
{
	crlf(&c->resp);
	return c->resp.sb.over ? ST_INTERNAL : 0;
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
		resp_line(c, "Allow: GET, HEAD");
	resp_line(c, "Content-Type: text/html; charset=utf-8");
	resp_num(c, "Content-Length: ", (uint64_t)n);
	if (extra != NULL)
		resp_line(c, extra);
	if (resp_end(c) != 0) {
		/* Only an oversized extra (a long Location) can get here; the
		 * log line must name the status that is sent. */
		status = ST_INTERNAL;
		resp_start(c, status, r, 0);
		resp_line(c, "Content-Length: 0");
		resp_end(c);
		n = 0;
	}
	o->status = status;
	o->sent = 0;
	if (r->method == M_HEAD)
		n = 0;
	if (io_write2(c, p->buf, p->sb.len, body, (size_t)n) < 0)
		return -1;
	o->sent = n;
	return 0;
}
