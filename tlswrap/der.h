/* A minimal, bounds-checked DER reader: enough of X.509 to show names,
 * dates and chain order.  Every function refuses rather than guesses. */
#ifndef TLSWRAP_DER_H
#define TLSWRAP_DER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct der {
	const unsigned char *p, *end;	/* what is left to read */
};

struct der_elem {
	unsigned tag;			/* the identifier octet */
	struct der body;		/* the contents */
	const unsigned char *start;	/* the whole element, tag included */
	size_t len;			/* its whole length */
};

/* Read the next element of d into e; 0 on success, -1 on malformed or
 * truncated input (multi-byte tags, indefinite or over-long lengths). */
int der_next(struct der *d, struct der_elem *e);

/* Read the next element and require its tag; 0 or -1. */
int der_expect(struct der *d, unsigned tag, struct der_elem *e);

/* The parts of a certificate that tlswrap -t shows. */
struct cert_parts {
	struct der_elem issuer, subject, extensions;	/* extensions.len 0: none */
};

/* Split a certificate's DER into its parts; 0 or -1. */
int cert_parts(const unsigned char *der, size_t len, struct cert_parts *c);

/* Write a Name as RFC 4514 text (most significant RDN last, as written in
 * the certificate reversed), escaping special and non-printable bytes;
 * always terminated.  Returns 0, or -1 when malformed or too long. */
int name_text(const struct der_elem *name, char *out, size_t outlen);

/* Write the DNS names and IP addresses of the subjectAltName extension,
 * separated by ", "; "" when there is none.  0, or -1 when malformed. */
int san_text(const struct der_elem *extensions, char *out, size_t outlen);

/* A date as BearSSL's X.509 decoder gives it (days since 0000-01-01,
 * seconds into the day) on the time_t scale. */
time_t x509_time(uint32_t days, uint32_t seconds);

/* The public point that an EC private key's DER (SEC1 ECPrivateKey, or
 * PKCS#8 wrapping one) carries in its optional publicKey field; 0 with
 * *q and *qlen set, -1 when absent or malformed. */
int ec_key_embedded_pub(const unsigned char *der, size_t len,
    const unsigned char **q, size_t *qlen);

#endif
