/*
 * httpd-lite: a static-file HTTP/1.1 server for one connection on fds 0
 * and 1, started by a superserver (directly, or behind tlswrap).
 * See httpd-lite(8).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "accesslog.h"
#include "body.h"
#include "httpd.h"
#include "io.h"
#include "log.h"
#include "lookup.h"
#include "mime.h"
#include "options.h"
#include "privs.h"
#include "request.h"
#include "response.h"
#include "sandbox.h"

#define LINGER_MS     2000        /* wait for the client's EOF at the end */
#define LINGER_BYTES  (64 * 1024)

static struct conn conn;

/*
 * Closing with unread input makes TCP send a reset, which can destroy the
 * response before the client reads it: end our side, then drain a little.
 */
static void linger(struct conn *c)
{
	size_t drained = 0;
	ssize_t n;

	if (c->out_sock)
		(void)shutdown(c->out, SHUT_WR);
	else
		(void)close(c->out);
	c->deadline = now_ms() + LINGER_MS;
	do {
		c->pos = c->len = c->base = 0;
		n = io_more(c);
		drained += n > 0 ? (size_t)n : 0;
	} while (n > 0 && drained < LINGER_BYTES);
}

/* One request and its response: 1 to read another, 0 to end. */
static int one(struct conn *c, unsigned long nth)
{
	struct request r;
	struct outcome o = { 0, 0 };
	int st, keep;

	st = request_read(c, &r);
	if (st == ST_GONE)
		return 0;
	keep = r.keep && nth < cfg.max_requests;
	/*
	 * A client that expects 100 (Continue) sends no body until it gets
	 * one, and none is ever needed here: the final status is known now.
	 * Answer at once without reading the body, then close (RFC 9110
	 * 10.1.1), since whether the body follows is the client's choice.
	 */
	if (r.expect_continue && r.body != BODY_NONE)
		keep = 0;
	/* The body is consumed first so the next request starts in place. */
	if (keep) {
		int bst = body_discard(c, &r);

		if (bst == ST_GONE)
			return 0;
		if (bst != 0) {
			st = bst;
			keep = 0;
		}
	}
	if (st == ST_NONE) {
		st = lookup_serve(c, &r, keep, &o);
	} else {
		if (st >= ST_INTERNAL || st == ST_TIMEOUT)
			keep = 0;
		st = resp_answer(c, &r, keep, st, NULL, &o);
	}
	log_request(r.method_str, r.target, o.status, o.sent);
	if (st < 0) {
		log_err(c->err, "connection lost");
		return 0;
	}
	io_next(c);
	return keep;
}

int main(int argc, char **argv)
{
	unsigned long n = 1;
	const char *why;

	log_set_name(PROG);
	/* Write errors are handled where they happen, not by dying. */
	signal(SIGPIPE, SIG_IGN);
	options(argc, argv);
	if (cfg.mimefile != NULL && mime_load(cfg.mimefile, &why) < 0) {
		if (why != NULL)
			die(EXIT_USAGE, "%s", why);
		die_errno(EXIT_USAGE, "%s", cfg.mimefile);
	}
	log_init();
	privs_setup();
	sandbox_enter();
	if (io_init(&conn) < 0) {
		int e = errno;

		io_restore();	/* fd 0 may already be non-blocking, and shared */
		errno = e;
		die_errno(EXIT_TEMP, "cannot set up fds 0 and 1");
	}
	conn.idle_ms = (int64_t)cfg.idle_timeout * 1000;
	conn.head_ms = (int64_t)cfg.head_timeout * 1000;
	conn.write_ms = (int64_t)cfg.write_timeout * 1000;
	conn.hsts = cfg.tls ? cfg.hsts : 0;
	while (one(&conn, n))
		n++;
	if (conn.err == 0)
		linger(&conn);
	io_restore();
	return 0;
}
