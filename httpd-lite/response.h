/*
 * response.h: building the response header block in c->resp (one per
 * connection), and complete error (or redirect) responses with a small
 * HTML body.  Every header line goes through resp_line(), resp_text() or
 * resp_num().
 */
#ifndef RESPONSE_H
#define RESPONSE_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "httpd.h"
#include "io.h"
#include "request.h"

/* What was answered, for the log. */
struct outcome {
	int status;
	off_t sent;  /* body bytes written */
};

/* Reason phrase of a status ("Unknown" if not in the table). */
const char *status_reason(int status);

/*
 * Start c->resp: status line, Date, Server, nosniff, HSTS (c->hsts), and
 * the Connection field that keep implies for r's version.
 */
void resp_start(struct conn *c, int status, const struct request *r,
    int keep);
/* The same with Date set from now (a time the caller compared with). */
void resp_start_at(struct conn *c, int status, const struct request *r,
    int keep, time_t now);
/* Append one header line to c->resp; each adds the CRLF.  A fixed line: */
void resp_line(struct conn *c, const char *line);
/* prefix, value and suffix ("Content-Type: ", type, "; charset=utf-8"): */
void resp_text(struct conn *c, const char *prefix, const char *value,
    const char *suffix);
/* prefix and a decimal number ("Content-Length: ", n): */
void resp_num(struct conn *c, const char *prefix, uint64_t v);
/* Close the block with the empty line: 0, or ST_INTERNAL if it overflowed. */
int resp_end(struct conn *c);

/*
 * Send a complete response for status with a short HTML body (none for
 * HEAD), plus one extra header line (without CRLF, like resp_line's; may be
 * NULL).  *o gets the status sent (500 when the extra line did not fit)
 * and the body bytes written.  0, or -1 when the connection failed.
 */
int resp_answer(struct conn *c, const struct request *r, int keep,
    int status, const char *extra, struct outcome *o);

#endif
