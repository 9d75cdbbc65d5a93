#include "handshake.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "clock.h"
#include "recio.h"

/* Wait for fd to be ready, at most until deadline. */
static enum hs_result
wait_fd(int fd, short events, long long deadline)
{
	struct pollfd p = { fd, events, 0 };
	int n = poll(&p, 1, ms_until(deadline));

	if (n < 0 && errno != EINTR)
		return HS_IO;
	if (n == 0)
		return HS_TIMEOUT;
	return HS_OK;
}

/* Read until the ClientHello is whole (or is found not to be one). */
static enum hs_result
read_hello(struct client_hello *h, int rfd, long long deadline)
{
	unsigned char *buf;
	size_t room;
	ssize_t r;
	enum hs_result w;

	while (hello_parse(h) == HELLO_MORE) {
		if (now_ms() >= deadline)
			return HS_TIMEOUT;
		buf = hello_room(h, &room);
		r = read(rfd, buf, room);
		if (r > 0) {
			h->len += (size_t)r;
			continue;
		}
		if (r == 0)
			return HS_EOF;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return HS_IO;
		if ((w = wait_fd(rfd, POLLIN, deadline)) != HS_OK)
			return w;
	}
	if (h->state == HELLO_MALFORMED)
		return HS_HELLO;
	if (h->state == HELLO_BAD_NAME)
		return HS_BAD_NAME;
	return HS_OK;
}

enum hs_result
handshake_run(br_ssl_engine_context *eng, int rfd, int wfd, int timeout_s,
    const int *refused, struct client_hello *h)
{
	long long deadline = now_ms() + (long long)timeout_s * 1000;
	enum hs_result w;
	enum io_result r;
	unsigned st;
	int fd, wrote = 0;
	short ev;

	if ((w = read_hello(h, rfd, deadline)) != HS_OK)
		return w;
	for (;;) {
		st = br_ssl_engine_current_state(eng);
		if ((st & BR_SSL_CLOSED) || *refused)
			return wrote || *refused ? HS_TLS : HS_TLS_EARLY;
		/* Checked here too: a client trickling bytes never lets
		 * poll() time out. */
		if (now_ms() >= deadline)
			return HS_TIMEOUT;
		if (st & BR_SSL_SENDREC) {
			r = recio_send(eng, wfd);
			wrote |= r == IO_DONE;
			fd = wfd;
			ev = POLLOUT;
		} else if (st & (BR_SSL_SENDAPP | BR_SSL_RECVAPP)) {
			return HS_OK;	/* and nothing left to write */
		} else if (st & BR_SSL_RECVREC) {
			if (h->fed < h->len)
				r = hello_feed(h, eng) ? IO_DONE : IO_AGAIN;
			else
				r = recio_recv(eng, rfd);
			fd = rfd;
			ev = POLLIN;
		} else {
			return HS_TLS;	/* no way forward: cannot happen */
		}
		if (r == IO_EOF)
			return HS_EOF;
		if (r == IO_ERROR)
			return HS_IO;
		if (r == IO_DONE)
			continue;
		if ((w = wait_fd(fd, ev, deadline)) != HS_OK)
			return w;
	}
}
