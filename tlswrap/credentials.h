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

/* A PEM file opened for reading, and its name for messages. */
struct pem_source {
	int fd;
	const char *path;
};

/* Load the chain from cert and the key from key (NULL: from cert, which
 * then holds both and is read once).  Return 0, or -1 with a one-line
 * reason in err; on failure nothing needs wiping.  The fds stay open. */
int credentials_load(struct credentials *cr, const struct pem_source *cert,
    const struct pem_source *key, char *err, size_t errlen);

/* Zero the private key and free everything. */
void credentials_wipe(struct credentials *cr);

#endif
