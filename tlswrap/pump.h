/* Moving bytes after the handshake: socket <-> engine <-> prog's pipes. */
#ifndef TLSWRAP_PUMP_H
#define TLSWRAP_PUMP_H

#include <bearssl.h>

enum pump_end {
	PUMP_DONE,		/* both directions finished */
	PUMP_TLS_ERROR,		/* br_ssl_engine_last_error() says which */
	PUMP_SOCKET_ERROR,	/* err: the client vanished mid-exchange */
	PUMP_PIPE_ERROR,	/* err: reading prog's output failed */
	PUMP_POLL_ERROR,	/* err: poll() failed */
	PUMP_IDLE,		/* nothing moved for idle_s seconds */
	PUMP_LINGER,		/* no reply to our close_notify in time */
	PUMP_STALL		/* the client read nothing for stall_s seconds */
};

struct pump {
	br_ssl_engine_context *eng;
	int sock_rd, sock_wr;	/* the client socket (non-blocking) */
	int to_prog;		/* prog's stdin, our end (non-blocking) */
	int from_prog;		/* prog's stdout, our end (non-blocking) */
	int idle_s;		/* 0: no idle timeout */
	int linger_s;		/* wait for the client after close_notify */
	int stall_s;		/* 0: wait forever for a client not reading */
	int err;		/* out: errno of a *_ERROR end */
};

/* Pump until both directions are done or one fails; closes to_prog and
 * from_prog.  A client that resets the connection when nothing was on its
 * way to it, or after prog finished, ends it normally (PUMP_DONE).  Never
 * buffers more than the engine's own record buffers and one read-ahead of
 * prog's output (AHEAD_SIZE, pump.c): when one side stalls, the other is
 * not read.  The client's EOF or
 * close_notify becomes EOF on prog's stdin; prog's EOF becomes
 * close_notify, then shutdown of the socket's write side. */
enum pump_end pump_run(struct pump *p);

#endif
