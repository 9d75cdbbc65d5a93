#include "handshake.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
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

#define ALERT_ILLEGAL_PARAMETER 47	/* RFC 5246 */
#define ALERT_DECODE_ERROR 50
#define ALERT_UNRECOGNIZED_NAME 112	/* RFC 6066 */

/* A fatal alert, in clear: nothing is encrypted before the ServerHello. */
static void
send_alert(int fd, unsigned char alert)
{
	const unsigned char rec[7] = { 21, 3, 3, 0, 2, 2, alert };

	(void)!write(fd, rec, sizeof rec);
}

/* The engine stopped: whose fault, in words main() can log.  wrote: some
 * of our bytes went out, so the ClientHello was accepted. */
static enum hs_result
engine_stopped(struct handshake *hs, int wrote)
{
	const struct sni_policy *p = hs->policy;
	int err;

	if (p != NULL && p->refused != REFUSED_NOT) {
		if (p->refused != REFUSED_FILES)
			send_alert(hs->wfd, ALERT_UNRECOGNIZED_NAME);
		return HS_REFUSED;
	}
	hs->err = err = br_ssl_engine_last_error(hs->eng);
	/* 32 to 63 are BearSSL's X.509 validation errors. */
	if ((err >= 32 && err < 64) || err == BR_ERR_NO_CLIENT_AUTH ||
	    (hs->client_cert && err == BR_ERR_WRONG_KEY_USAGE))
		return HS_CLIENT_CERT;
	if (!wrote && err == BR_ERR_BAD_PARAM)
		return HS_HELLO_LENGTH;
	return HS_TLS;
}

/* The ClientHello was refused before the engine saw it. */
static enum hs_result
hello_refused(struct handshake *hs, enum hs_result r)
{
	/* A deferred default-site failure (certchoice.h) ends in exit 96,
	 * which sends nothing. */
	if (hs->policy == NULL || hs->policy->deferred[0] == '\0')
		send_alert(hs->wfd, r == HS_HELLO ? ALERT_DECODE_ERROR :
		    ALERT_ILLEGAL_PARAMETER);
	return r;
}

/* BearSSL parsed the name again: it must be the one checked, the one the
 * session cache used. */
static enum hs_result
finished(struct handshake *hs)
{
	const char *name = hello_name(hs->hello);

	if (name == NULL ||
	    strcmp(name, br_ssl_engine_get_server_name(hs->eng)) != 0)
		return HS_NAME_CHANGED;
	return HS_OK;
}

static int
refused(const struct handshake *hs)
{
	return hs->policy != NULL && hs->policy->refused != REFUSED_NOT;
}

enum hs_result
handshake_run(struct handshake *hs)
{
	br_ssl_engine_context *eng = hs->eng;
	struct client_hello *h = hs->hello;
	long long deadline = now_ms() + (long long)hs->timeout_s * 1000;
	enum hs_result w;
	enum io_result r;
	unsigned st;
	int fd, wrote = 0;
	short ev;

	hs->err = 0;
	w = read_hello(h, hs->rfd, deadline);
	if (w == HS_HELLO || w == HS_BAD_NAME)
		return hello_refused(hs, w);
	if (w != HS_OK)
		return w;
	for (;;) {
		st = br_ssl_engine_current_state(eng);
		if ((st & BR_SSL_CLOSED) || refused(hs))
			return engine_stopped(hs, wrote);
		/* Checked here too: a client trickling bytes never lets
		 * poll() time out. */
		if (now_ms() >= deadline)
			return HS_TIMEOUT;
		if (st & BR_SSL_SENDREC) {
			r = recio_send(eng, hs->wfd);
			wrote |= r == IO_DONE;
			fd = hs->wfd;
			ev = POLLOUT;
		} else if (st & (BR_SSL_SENDAPP | BR_SSL_RECVAPP)) {
			return finished(hs);	/* and nothing left to write */
		} else if (st & BR_SSL_RECVREC) {
			if (h->fed < h->len)
				r = hello_feed(h, eng) ? IO_DONE : IO_AGAIN;
			else
				r = recio_recv(eng, hs->rfd);
			fd = hs->rfd;
			ev = POLLIN;
		} else {
			return engine_stopped(hs, 1);	/* cannot happen */
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
