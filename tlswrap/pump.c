#include "pump.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "recio.h"

/* Bound on the steps of one burst(), so that a fast prog and a fast
 * client cannot keep the other direction waiting for long. */
#define BURST_MAX 64
/* prog's output read at once: eight records.  Each read that empties a
 * full pipe wakes prog; in bulk, 128 KiB against 64 KiB measured 23 %
 * less CPU per byte (430 against 560 ms per 512 MiB; bench/README.md,
 * "Where the bulk relay's CPU went"), for 64 KiB more
 * private memory during a download (240 KiB in all with musl). */
#define AHEAD_SIZE (128 * 1024)
/* A read lands in the read-ahead at the engine buffer's offset modulo
 * this, so that each copy into the engine has source and destination
 * equally aligned: musl's memcpy took 640 ns for 16 KiB otherwise, 140 ns
 * so (2 CPUs, kernel 6.18.44, 2026-12-02).  A record's 16 KiB keep the
 * two in step. */
#define ALIGN 64

enum { P_SOCK_WR, P_SOCK_RD, P_TO_PROG, P_FROM_PROG, P_COUNT };

struct state {
	int client_eof;		/* no more bytes will come from the socket */
	int closing;		/* close_notify queued */
	int wr_shut;		/* socket write side shut down */
	long long linger_deadline;
	long long stall_deadline;	/* -1: nothing waits to be sent */
};

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Plaintext for prog: write it, or drop it once prog stopped reading (the
 * engine must drain it to see what follows, e.g. close_notify). */
static int
to_prog(struct pump *p)
{
	unsigned char *buf;
	size_t len;
	ssize_t r;

	buf = br_ssl_engine_recvapp_buf(p->eng, &len);
	if (buf == NULL)
		return 0;	/* state moved on since poll() */
	if (p->to_prog < 0) {
		br_ssl_engine_recvapp_ack(p->eng, len);
		return 0;
	}
	r = write(p->to_prog, buf, len);
	if (r > 0)
		br_ssl_engine_recvapp_ack(p->eng, (size_t)r);
	else if (r < 0 && errno != EAGAIN && errno != EINTR)
		close_fd(&p->to_prog);	/* EPIPE: prog closed its stdin */
	return 0;
}

/* prog's output, read ahead of the engine in pieces of up to eight records.
 * A pipe wakes its writer on every read that finds it full, and a prog
 * that keeps up keeps it full: reading one record at a time would wake it
 * once per record, the largest cost of a bulk transfer.  Static: only the
 * pages a transfer touches cost anything. */
static struct {
	unsigned char buf[AHEAD_SIZE + ALIGN];
	size_t off, len;
} ahead;

/* Read-ahead into the engine; a record is sealed as soon as nothing more
 * is waiting, so that interactive protocols see their bytes at once. */
static void
feed(br_ssl_engine_context *eng)
{
	unsigned char *buf;
	size_t len;

	while (ahead.off < ahead.len &&
	    (buf = br_ssl_engine_sendapp_buf(eng, &len)) != NULL) {
		if (len > ahead.len - ahead.off)
			len = ahead.len - ahead.off;
		memcpy(buf, ahead.buf + ahead.off, len);
		ahead.off += len;
		br_ssl_engine_sendapp_ack(eng, len);
	}
	if (ahead.off == ahead.len)
		br_ssl_engine_flush(eng, 0);
}

static int
ahead_pending(void)
{
	return ahead.off < ahead.len;
}

/* Refill the read-ahead from prog (only once it is empty); read()'s
 * result. */
static ssize_t
fill(struct pump *p)
{
	size_t room, pad = 0;
	unsigned char *dst = br_ssl_engine_sendapp_buf(p->eng, &room);
	ssize_t r;

	if (dst != NULL)
		pad = (size_t)((uintptr_t)dst - (uintptr_t)ahead.buf) % ALIGN;
	r = read(p->from_prog, ahead.buf + pad, AHEAD_SIZE);
	ahead.off = pad;
	ahead.len = r > 0 ? pad + (size_t)r : pad;
	return r;
}

static int
from_prog(struct pump *p)
{
	ssize_t r;

	if (ahead_pending())
		return 0;	/* the engine first takes what was read */
	r = fill(p);

	if (r > 0) {
		feed(p->eng);
	} else if (r == 0) {
		close_fd(&p->from_prog);
	} else if (errno != EAGAIN && errno != EINTR) {
		p->err = errno;
		close_fd(&p->from_prog);
		return -1;
	}
	return 0;
}

/* After a read from prog: write the record and read the next one at once,
 * for as long as prog has output waiting in the pipe and the socket takes
 * it, instead of one poll() per step (bulk data: up to the pipe's size in
 * one go).  Anything but progress (EAGAIN, EOF, an error) is left to the
 * main loop, whose poll() reports it again.  Returns whether a record went
 * out.  A one-byte write by prog leaves here at once, without a poll(). */
static int
burst(struct pump *p)
{
	int sent = 0, i;

	for (i = 0; i < BURST_MAX; i++) {
		if (br_ssl_engine_current_state(p->eng) & BR_SSL_SENDREC) {
			if (recio_send(p->eng, p->sock_wr) != IO_DONE)
				break;
			sent = 1;
		} else if (ahead_pending()) {
			feed(p->eng);
		} else if (p->from_prog < 0 || fill(p) <= 0) {
			break;
		} else {
			feed(p->eng);
		}
	}
	return sent;
}

/* Transitions that need no I/O: EOF to prog, close_notify, write shutdown.
 * Returns the engine state after them. */
static unsigned
advance(struct pump *p, struct state *s)
{
	unsigned st = br_ssl_engine_current_state(p->eng);

	if (s->client_eof && !(st & BR_SSL_RECVAPP))
		close_fd(&p->to_prog);
	/* Once close_notify is sent, BearSSL drops the client's application
	 * data, the record already decrypted included: prog, which may still
	 * be reading, gets that record first. */
	if (p->from_prog < 0 && !s->closing &&
	    !((st & BR_SSL_RECVAPP) && p->to_prog >= 0)) {
		br_ssl_engine_close(p->eng);
		s->closing = 1;
		s->linger_deadline = now_ms() + (long long)p->linger_s * 1000;
		st = br_ssl_engine_current_state(p->eng);
	}
	if (s->closing && !(st & BR_SSL_SENDREC) && !s->wr_shut) {
		shutdown(p->sock_wr, SHUT_WR);
		s->wr_shut = 1;
	}
	return st;
}

static int
add(struct pollfd *pfd, int *idx, int slot, int fd, short ev, int *n)
{
	idx[slot] = -1;
	if (fd < 0)
		return 0;
	idx[slot] = *n;
	pfd[*n].fd = fd;
	pfd[*n].events = ev;
	pfd[*n].revents = 0;
	(*n)++;
	return 1;
}

static int
ready(const struct pollfd *pfd, const int *idx, int slot)
{
	return idx[slot] >= 0 && pfd[idx[slot]].revents != 0;
}

static int
earliest(int a, int b)
{
	if (a < 0)
		return b;
	return b < 0 || a < b ? a : b;
}

static int
timeout_ms(const struct pump *p, const struct state *s, long long idle_deadline)
{
	int t = ms_until(p->idle_s > 0 ? idle_deadline : -1);

	t = earliest(t, ms_until(s->closing ? s->linger_deadline : -1));
	return earliest(t, ms_until(s->stall_deadline));
}

/* Records waiting for a client that reads nothing: a bounded wait, so that
 * a client holding its window shut cannot hold the process forever. */
static void
track_stall(const struct pump *p, struct state *s, unsigned st, int progress)
{
	if (!(st & BR_SSL_SENDREC) || p->stall_s == 0)
		s->stall_deadline = -1;
	else if (progress || s->stall_deadline < 0)
		s->stall_deadline = now_ms() + (long long)p->stall_s * 1000;
}

/* A client that resets the connection once it has all it wanted (most
 * browsers, ab: no close_notify, and a RST when our close_notify or the
 * end of a response arrives after it closed) ended normally: the reset
 * came after prog had finished, or while nothing was on its way to the
 * client, neither a record in the engine nor a byte in prog's pipe. */
static int
normal_reset(const struct pump *p, int err, const struct state *s,
    unsigned st)
{
	struct pollfd out = { p->from_prog, POLLIN, 0 };

	if (err != ECONNRESET && err != EPIPE)
		return 0;
	if (s->closing)
		return 1;
	/* poll, not FIONREAD: the sandbox allows no ioctl. */
	if (p->from_prog >= 0 && poll(&out, 1, 0) != 0 &&
	    (out.revents & (POLLIN | POLLERR | POLLNVAL)) != 0)
		return 0;
	return !(st & BR_SSL_SENDREC);
}

/* The end, with errno kept for the log line before anything is closed. */
static enum pump_end
failed(struct pump *p, enum pump_end end)
{
	p->err = errno;
	return end;
}

enum pump_end
pump_run(struct pump *p)
{
	struct state s = { 0, 0, 0, -1, -1 };
	struct pollfd pfd[P_COUNT];
	int idx[P_COUNT], n;
	long long idle_deadline = now_ms() + (long long)p->idle_s * 1000;
	enum pump_end end;
	enum io_result r;
	unsigned st;

	p->err = 0;

	for (;;) {
		st = br_ssl_engine_current_state(p->eng);
		if (st & BR_SSL_CLOSED) {
			end = br_ssl_engine_last_error(p->eng) == BR_ERR_OK ?
			    PUMP_DONE : PUMP_TLS_ERROR;
			break;
		}
		st = advance(p, &s);
		if ((st & BR_SSL_RECVAPP) && p->to_prog < 0) {
			to_prog(p);	/* discard */
			continue;
		}
		if ((st & BR_SSL_SENDAPP) && ahead_pending()) {
			feed(p->eng);	/* read already, no need to poll */
			continue;
		}
		n = 0;
		add(pfd, idx, P_SOCK_WR, (st & BR_SSL_SENDREC) ? p->sock_wr : -1, POLLOUT, &n);
		add(pfd, idx, P_SOCK_RD, (st & BR_SSL_RECVREC) && !s.client_eof ? p->sock_rd : -1, POLLIN, &n);
		add(pfd, idx, P_TO_PROG, (st & BR_SSL_RECVAPP) ? p->to_prog : -1, POLLOUT, &n);
		add(pfd, idx, P_FROM_PROG, (st & BR_SSL_SENDAPP) ? p->from_prog : -1, POLLIN, &n);
		if (n == 0) {
			end = PUMP_DONE;	/* nothing left that could move */
			break;
		}
		track_stall(p, &s, st, 0);
		n = poll(pfd, (nfds_t)n, timeout_ms(p, &s, idle_deadline));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {	/* would fail again at once, forever */
			end = failed(p, PUMP_POLL_ERROR);
			break;
		}
		if (n == 0) {
			if (s.stall_deadline >= 0 && now_ms() >= s.stall_deadline)
				end = PUMP_STALL;
			else if (s.closing && now_ms() >= s.linger_deadline)
				end = PUMP_LINGER;
			else
				end = PUMP_IDLE;
			break;
		}
		idle_deadline = now_ms() + (long long)p->idle_s * 1000;
		if (ready(pfd, idx, P_SOCK_WR)) {
			r = recio_send(p->eng, p->sock_wr);
			if (r == IO_ERROR || r == IO_EOF) {
				/* A client that sent close_notify and hung up
				 * before our reply is done, not lost. */
				end = p->eng->close_received ||
				    (r == IO_ERROR &&
				    normal_reset(p, errno, &s, BR_SSL_SENDREC)) ?
				    PUMP_DONE : failed(p, PUMP_SOCKET_ERROR);
				break;
			}
			track_stall(p, &s, br_ssl_engine_current_state(p->eng),
			    r == IO_DONE);
		}
		if (ready(pfd, idx, P_SOCK_RD)) {
			r = recio_recv(p->eng, p->sock_rd);
			if (r == IO_EOF)
				s.client_eof = 1;
			else if (r == IO_ERROR) {
				end = normal_reset(p, errno, &s,
				    br_ssl_engine_current_state(p->eng)) ?
				    PUMP_DONE : failed(p, PUMP_SOCKET_ERROR);
				break;
			}
		}
		if (ready(pfd, idx, P_TO_PROG))
			to_prog(p);
		if (ready(pfd, idx, P_FROM_PROG)) {
			if (from_prog(p) != 0) {
				end = PUMP_PIPE_ERROR;	/* p->err set by from_prog */
				break;
			}
			track_stall(p, &s, br_ssl_engine_current_state(p->eng),
			    burst(p));
		}
	}
	close_fd(&p->to_prog);
	close_fd(&p->from_prog);
	return end;
}
