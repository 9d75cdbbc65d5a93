/* tls-alpn-01 (RFC 8737) answered from files, for an ACME client that runs
 * as its own user and writes only its own directory (-A DIR).
 *
 * A ClientHello that offers the ALPN protocol "acme-tls/1" (added to the
 * server's list by -A, after -a's protocols) and for which it is chosen is
 * an ACME server's validation: the policy then presents DIR/NAME.crt.pem
 * with the key DIR/NAME.key.pem, NAME the server name the client sent (the
 * files Debian's dehydrated writes into its ALPNCERTDIR), and once the
 * handshake is done tlswrap sends close_notify and exits: prog is never
 * started.  No other connection is ever given a challenge certificate. */
#ifndef TLSWRAP_ACME_H
#define TLSWRAP_ACME_H

#include <bearssl.h>

#include "credentials.h"
#include "hello.h"
#include "pairio.h"

#define ACME_ALPN "acme-tls/1"
#define ACME_NAME_MAX 253		/* a DNS host name */
#define ACME_PATH_MAX 512

enum acme_state {
	ACME_IDLE,		/* not asked for (yet) */
	ACME_CHOSEN,		/* the challenge pair is loaded in cr */
	ACME_REFUSED,		/* no usable name, or no file for it */
	ACME_BAD		/* the files exist but cannot be used */
};

struct acme {
	int dirfd;			/* -A DIR */
	const char *dir;
	enum acme_state state;
	char name[ACME_NAME_MAX + 1];	/* validated, lower case */
	struct cert_pair pair;
	struct credentials cr;
	char base[2][ACME_NAME_MAX + 16];	/* NAME.crt.pem, NAME.key.pem */
	char path[2][ACME_PATH_MAX];		/* DIR/... for messages */
	char why[CRED_ERR_MAX + 32];	/* the log line for REFUSED and BAD */
};

/* Open DIR (before privileges are dropped); exit 96 when it cannot be. */
void acme_open(struct acme *a, const char *dir);

/* Was "acme-tls/1" negotiated?  (BearSSL has chosen the protocol when the
 * policy's choose() runs.) */
int acme_requested(br_ssl_engine_context *eng);

/* Load the challenge pair for the server name sni: 0 with the state
 * ACME_CHOSEN, or -1 with ACME_REFUSED or ACME_BAD and a reason in why.
 * Safe in a BearSSL callback: it records, never exits. */
int acme_load(struct acme *a, const char *sni);

/* Lower-case copy of sni into out when it is a DNS host name (RFC 1123
 * labels of letters, digits and inner hyphens, 1 to 63 bytes each, at most
 * 253 in all, no trailing dot); 0 when it is, -1 when not.  Nothing else
 * is ever used to name a file. */
int acme_host_name(const char *sni, char out[ACME_NAME_MAX + 1]);

/* After the handshake: send close_notify, wait (at most timeout_s) for
 * the client's or its close, log the validation, and return the exit
 * status: 0 (the certificate was shown; the log line says when the client
 * did not close in time, tlswrap(8)).  h is the
 * ClientHello the handshake already read (handshake.h). */
int acme_finish(struct acme *a, br_ssl_engine_context *eng, int rfd,
    int wfd, int timeout_s, struct client_hello *h);

/* Zero the challenge key and close every descriptor. */
void acme_wipe(struct acme *a);

#endif
