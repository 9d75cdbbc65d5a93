#include "handshake.h"

#include <errno.h>
#include <poll.h>

#include "recio.h"

enum hs_result
handshake_run(br_ssl_engine_context *eng, int rfd, int wfd, int timeout_s,
    const int *refused)
{
	long long deadline = now_ms() + (long long)timeout_s * 1000;
	struct pollfd p;
	enum io_result r;
	unsigned st;
	int n;

	for (;;) {
		st = br_ssl_engine_current_state(eng);
		if ((st & BR_SSL_CLOSED) || *refused)
			return HS_TLS;
		/* Checked here too: a client trickling bytes never lets
		 * poll() time out. */
		if (now_ms() >= deadline)
			return HS_TIMEOUT;
		if (st & BR_SSL_SENDREC) {
			r = recio_send(eng, wfd);
			p.fd = wfd;
			p.events = POLLOUT;
		} else if (st & (BR_SSL_SENDAPP | BR_SSL_RECVAPP)) {
			return HS_OK;	/* and nothing left to write */
		} else if (st & BR_SSL_RECVREC) {
			r = recio_recv(eng, rfd);
			p.fd = rfd;
			p.events = POLLIN;
		} else {
			return HS_TLS;	/* no way forward: cannot happen */
		}
		if (r == IO_EOF)
			return HS_EOF;
		if (r == IO_ERROR)
			return HS_IO;
		if (r == IO_DONE)
			continue;
		n = poll(&p, 1, ms_until(deadline));
		if (n < 0 && errno != EINTR)
			return HS_IO;
		if (n == 0)
			return HS_TIMEOUT;
	}
}
