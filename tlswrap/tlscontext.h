/* The BearSSL server context tlswrap runs: versions, suites, algorithms,
 * the certificate policy, ALPN. */
#ifndef TLSWRAP_TLSCONTEXT_H
#define TLSWRAP_TLSCONTEXT_H

#include <bearssl.h>

#include "options.h"
#include "certchoice.h"

/* The context and its record buffer live in static storage; only the
 * pages actually touched cost anything. */
struct tls_server {
	br_ssl_server_context sc;
	unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];
};

/* Configure s for one connection, with policy choosing the certificate
 * (it must outlive the handshake), and reset it.  Returns 0, or -1 when
 * BearSSL refuses (no entropy). */
int engine_setup(struct tls_server *s, struct sni_policy *policy,
    const struct options *o);

#endif
