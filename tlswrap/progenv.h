/* prog's environment: what tlswrap removes from what it inherited, and what
 * it exports (SSL_PROTOCOL and the TLS facts).  The superserver's own
 * variables (PROTO, TCPREMOTEIP, ...) pass through; clientsocket.c fills them in
 * when the superserver did not. */
#ifndef TLSWRAP_PROGENV_H
#define TLSWRAP_PROGENV_H

#include "facts.h"

/* Remove tlswrap's own variables (CERTFILE, KEYFILE, LISTEN_*, ...) and any
 * inherited SSL_* from the environment, then export the facts. */
void progenv_set(const struct tls_facts *f);

#endif
