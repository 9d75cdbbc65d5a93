/*
 * conn.h: the state of one connection, passed down to every part that
 * reads or writes it (quark's struct connection).  main() fills the
 * settings once; no other part reads the process-wide cfg for them.
 *
 * Input is buffered in buf: bytes [0, base) belong to the request head
 * being served and MUST stay put until the response is written; [pos, len)
 * are unread bytes (body or pipelined requests).
 */
#ifndef CONN_H
#define CONN_H

#include <stddef.h>
#include <stdint.h>

#include "httpd.h"
#include "strbuf.h"

/* A response header block being built (response.h): sb.over is sticky, a
 * line did not fit and the block MUST NOT be sent. */
struct resp {
	char buf[RESP_HEAD_MAX];
	struct strbuf sb;  /* over buf */
};

struct conn {
	int in, out;
	int out_sock;        /* fd 1 is a socket: MSG_MORE can be used */
	int64_t deadline;    /* CLOCK_MONOTONIC ms for the reads in progress */
	/* Timeouts in ms (-t, -T, -w). */
	int64_t idle_ms;     /* for the first byte of the next request */
	int64_t head_ms;     /* for a whole request head, and its body */
	int64_t write_ms;    /* without output progress */
	unsigned long hsts;  /* Strict-Transport-Security max-age; 0: none */
	size_t base, pos, len;
	int err;             /* errno of the first I/O failure (ETIMEDOUT too) */
	char buf[INBUF_SIZE];
	struct resp resp;    /* the one response header block */
};

#endif
