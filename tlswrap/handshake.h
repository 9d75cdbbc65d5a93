/* The TLS handshake on the client socket, bounded by a deadline, and what
 * became of it: one classified result for main() to log and exit on. */
#ifndef TLSWRAP_HANDSHAKE_H
#define TLSWRAP_HANDSHAKE_H

#include <bearssl.h>

#include "hello.h"
#include "certchoice.h"

enum hs_result {
	HS_OK,		/* done, and the server's last flight is written */
	HS_TIMEOUT,	/* the deadline passed */
	HS_EOF,		/* the client closed before finishing */
	HS_IO,		/* socket error: errno */
	HS_HELLO,	/* malformed ClientHello: hello->why; decode_error sent */
	HS_BAD_NAME,	/* server name not a host name: hello->why, hello->bad;
			 * illegal_parameter sent */
	HS_REFUSED,	/* the policy said no: policy->refused, policy->why;
			 * unrecognized_name sent unless REFUSED_FILES */
	HS_NAME_CHANGED,	/* BearSSL's server name is not the one checked */
	HS_HELLO_LENGTH,	/* BearSSL failed on the ClientHello with "bad
				 * parameter": a bad length inside it */
	HS_CLIENT_CERT,	/* the client's certificate was refused: err */
	HS_TLS		/* the engine failed otherwise (or was closed): err */
};

struct handshake {
	br_ssl_engine_context *eng;	/* freshly reset, or closed */
	int rfd, wfd;		/* non-blocking: one socket, or fd 0 and 1 */
	int timeout_s;		/* for the whole handshake */
	int client_cert;	/* -y/-Y: certificate errors are the client's */
	const struct sni_policy *policy;	/* NULL: nothing to choose */
	struct client_hello *hello;
	int err;		/* out: BearSSL's error for HS_CLIENT_CERT, HS_TLS */
};

/* Run the handshake of hs->eng for at most hs->timeout_s seconds in
 * total, however the client paces its bytes.  The ClientHello is read
 * whole into hs->hello and checked (hello.h) before the engine gets it.
 * When the policy refuses, stop at once, without BearSSL's own alert:
 * this module sends the one that says why (BearSSL cannot be told which).
 * Also used to drive a close_notify exchange on a finished handshake. */
enum hs_result handshake_run(struct handshake *hs);

#endif
