/* BearSSL server policy choosing the certificate: a tls-alpn-01 challenge
 * certificate when "acme-tls/1" was negotiated (-A, acme.h); else by the
 * client's server name (SNI) among the certstore's sites, then, within a site holding an
 * ECDSA and an RSA certificate, ECDSA for clients that can use it and RSA
 * for the rest.  Only the chosen key is kept: the others are wiped as soon
 * as the choice is made. */
#ifndef TLSWRAP_CERTCHOICE_H
#define TLSWRAP_CERTCHOICE_H

#include <bearssl.h>

#include "acme.h"
#include "certstore.h"
#include "hello.h"

/* Why the policy refused to choose a certificate.  choose() records it
 * and returns "no"; the handshake then stops (handshake.h) and main()
 * turns the refusal into a log line and an exit status. */
enum refusal {
	REFUSED_NOT,		/* not refused (yet) */
	REFUSED_NAME,		/* no certificate for the name (or none sent) */
	REFUSED_ACME,		/* acme-tls/1 with no challenge file for the name */
	REFUSED_FILES		/* the chosen files cannot be used: exit 96 */
};

#define POLICY_WHY_MAX (CRED_ERR_MAX + 64)

struct sni_policy {
	const br_ssl_server_policy_class *vtable;	/* first: BearSSL's handle */
	br_ssl_server_context *sc;
	struct certstore *store;
	struct credentials def[SITE_PAIRS_MAX];	/* the default site, preloaded */
	struct credentials named[SITE_PAIRS_MAX];	/* a named site, once chosen */
	struct acme *acme;	/* -A, or NULL */
	int strict;		/* -S: no default for unknown or absent names */
	enum refusal refused;
	char why[POLICY_WHY_MAX];	/* when refused: what to log */
	const struct client_hello *hello;	/* the checked server name */
	char deferred[POLICY_WHY_MAX];	/* -A: why the default site failed */
};

/* Load the default site, so that a broken default certificate is
 * reported before any network byte is read: 0, or -1 with the reason in
 * p->why (exit 96).  With -A (p->acme set first) the failure is put off
 * instead: its reason goes to p->deferred, and every connection but a
 * validation is refused with it (REFUSED_FILES), before its name is even
 * looked at; main() also exits 96 with it when the handshake stops before
 * the choice, as it would have at start. */
int policy_init(struct sni_policy *p, struct certstore *cs, int strict);

/* Make p the policy of sc (after br_ssl_server_zero and before reset). */
void policy_install(struct sni_policy *p, br_ssl_server_context *sc);

/* Zero every private key still held. */
void policy_wipe(struct sni_policy *p);

#endif
