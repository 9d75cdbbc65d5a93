/* The BearSSL server context tlswrap runs: versions, suites, algorithms,
 * the certificate and key, ALPN. */
#ifndef TLSWRAP_ENGINE_H
#define TLSWRAP_ENGINE_H

#include <bearssl.h>

#include "credentials.h"
#include "options.h"

/* The context and its record buffer live in static storage; only the
 * pages actually touched cost anything. */
struct tls_server {
	br_ssl_server_context sc;
	unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
};

/* Configure s for one connection with the credentials in cr (which must
 * outlive the handshake) and reset it.  Returns 0, or -1 when BearSSL
 * refuses (no entropy). */
int engine_setup(struct tls_server *s, const struct credentials *cr,
    const struct options *o);

#endif
