/* The TLS facts of one connection, as prog will see them, and their
 * encoding for the trip over a pipe to a prog started early (prog.h). */
#ifndef TLSWRAP_FACTS_H
#define TLSWRAP_FACTS_H

#include <stddef.h>

/* Indexes of struct tls_facts; progenv.c names each one's variable. */
enum tls_fact {
	FACT_CIPHER,		/* SSL_CIPHER, OpenSSL-style suite name */
	FACT_SNI,		/* SSL_TLS_SNI_SERVERNAME */
	FACT_ALPN,		/* SSL_ALPN */
	FACT_PEER_HASH,		/* SSL_PEER_CERT_HASH (verified only) */
	FACT_PEER_SUBJECT,	/* SSL_PEER_CERT_SUBJECT */
	FACT_PEER_ISSUER,	/* SSL_PEER_CERT_ISSUER */
	FACT_PEER_NOTAFTER,	/* SSL_PEER_CERT_NOTAFTER */
	FACT_COUNT
};

/* NULL: absent. */
struct tls_facts {
	const char *v[FACT_COUNT];
};

#define FACTS_MAX 4096	/* names, SNI, ALPN, peer subject, issuer */

/* Encode f into buf (at most FACTS_MAX bytes): FACT_COUNT NUL-terminated
 * strings in enum order, "" for an absent fact.  Returns the length, or 0
 * when they do not fit. */
size_t facts_pack(const struct tls_facts *f, char *buf, size_t size);

/* Decode n bytes of buf as facts_pack() wrote them; f points into buf.
 * Returns 0, or -1 when a field is missing. */
int facts_unpack(struct tls_facts *f, const char *buf, size_t n);

#endif
