/* The TLS handshake on the client socket, bounded by a deadline. */
#ifndef TLSWRAP_HANDSHAKE_H
#define TLSWRAP_HANDSHAKE_H

#include <bearssl.h>

#include "hello.h"
#include "policy.h"

enum hs_result {
	HS_OK,		/* done, and the server's last flight is written */
	HS_TIMEOUT,	/* the deadline passed */
	HS_EOF,		/* the client closed before finishing */
	HS_TLS,		/* the engine failed: br_ssl_engine_last_error() */
	HS_TLS_EARLY,	/* the same, before a byte was sent: on the ClientHello */
	HS_HELLO,	/* malformed ClientHello: h->why */
	HS_BAD_NAME,	/* server name not a host name: h->why, h->bad */
	HS_IO		/* socket error: errno */
};

/* Run the handshake of a freshly reset engine, reading from rfd and
 * writing to wfd (both non-blocking; the same socket or fd 0 and 1), for
 * at most timeout_s seconds in total, however the client paces its bytes.
 * The ClientHello is read whole into h and checked (hello.h) before the
 * engine gets it.  When *refused becomes non-zero (the certificate policy
 * said no), stop at once with HS_TLS, without sending BearSSL's own alert:
 * the caller sends the one that says why. */
enum hs_result handshake_run(br_ssl_engine_context *eng, int rfd, int wfd,
    int timeout_s, const enum refusal *refused, struct client_hello *h);

#endif
