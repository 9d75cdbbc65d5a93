/* A certificate chain and its private key, read from PEM files and checked
 * to belong together before any network byte is read. */
#ifndef TLSWRAP_CREDENTIALS_H
#define TLSWRAP_CREDENTIALS_H

#include <bearssl.h>

#include "pem.h"

#define CRED_ERR_MAX 512

struct credentials {
	br_x509_certificate chain[PEM_OBJECTS_MAX];	/* leaf first */
	size_t chain_len;
	int key_type;			/* BR_KEYTYPE_RSA or BR_KEYTYPE_EC */
	unsigned key_bits;		/* RSA modulus or EC curve size */
	br_skey_decoder_context skey;	/* holds the private key */
	struct pem_list certs, keys;	/* DER storage */
};

/* Load the chain from certfile and the key from keyfile (NULL: from
 * certfile, which then holds both and is read once).  Paths are relative to
 * dirfd as with openat(2).  Return 0, or -1 with a one-line reason in err.
 * On failure nothing needs wiping. */
int credentials_load(struct credentials *cr, int dirfd, const char *certfile,
    const char *keyfile, char *err, size_t errlen);

/* Zero the private key and free everything. */
void credentials_wipe(struct credentials *cr);

#endif
