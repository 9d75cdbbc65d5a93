/* Client certificates (-Y asks, -y requires), checked against CAFILE/CADIR
 * with BearSSL's X.509 "minimal" validator.  A wrapper around it lets -Y
 * go on when the chain does not verify (the client still proves it holds
 * the key), but then nothing about the certificate is exported: only a
 * verified certificate yields SSL_PEER_CERT_*. */
#ifndef TLSWRAP_CLIENTAUTH_H
#define TLSWRAP_CLIENTAUTH_H

#include <bearssl.h>

#include "anchors.h"

#define CLIENT_LEAF_MAX 8192	/* a client certificate's DER */

struct client_auth {
	const br_x509_class *vtable;		/* first: BearSSL's handle */
	br_x509_minimal_context minimal;
	br_x509_decoder_context leafdec;	/* for an unverified leaf */
	int tolerate;				/* -Y */
	int ncerts;
	unsigned char leaf[CLIENT_LEAF_MAX];
	size_t leaf_len;
	int leaf_too_big;
	int chain_ok;				/* the validator said yes */
	unsigned err;				/* why not exported, or 0 */
};

/* Ask for client certificates on sc, trusting a; required unless
 * tolerate.  ca and a must outlive the handshake. */
void clientauth_setup(struct client_auth *ca, const struct anchors *a,
    br_ssl_server_context *sc, int tolerate);

/* What prog learns of a verified client certificate (SSL_PEER_CERT_*). */
struct peer_cert {
	char hash[8 + 64 + 1];		/* "SHA256:" + hex of the leaf's DER */
	char subject[1024], issuer[1024];	/* RFC 4514 */
	char notafter[32];		/* 2027-02-26T11:03:23Z */
};

/* After the handshake: fill *pc and return 1 when a certificate was
 * presented and verified; 0 otherwise, with one log line when one was
 * presented but did not verify (-Y). */
int clientauth_result(const struct client_auth *ca, struct peer_cert *pc);

#endif
