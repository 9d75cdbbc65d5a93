/* A certificate chain and its private key, read from PEM files and checked
 * to belong together before any network byte is read. */
#ifndef TLSWRAP_CREDENTIALS_H
#define TLSWRAP_CREDENTIALS_H

#include <bearssl.h>

#include "pem.h"

#define CRED_ERR_MAX 512

struct credentials {
	int dirty;	/* set before any byte is written, cleared by the wipe:
			 * one never loaded costs no page when wiped */
	br_x509_certificate chain[PEM_OBJECTS_MAX];	/* leaf first */
	size_t chain_len;
	int key_type;			/* BR_KEYTYPE_RSA or BR_KEYTYPE_EC */
	unsigned key_bits;		/* RSA modulus or EC curve size */
	br_skey_decoder_context skey;	/* holds the private key */
	struct pem_list certs, keys;	/* DER storage: large, see pem.h */
};

/* A PEM file opened for reading, its name for messages, and how to open
 * it again (pairio.h): base, relative to the directory handle dirfd. */
struct pem_source {
	int fd;
	const char *path;
	int dirfd;
	const char *base;
};

/* What credentials_load returns besides 0 and -1: the key belongs to
 * another certificate, which a swap half done can cause. */
#define CRED_MISMATCH (-2)

/* Load the chain from cert and the key from key (NULL: from cert, which
 * then holds both and is read once) into cr, which must be in static
 * storage (zero at first) and is wiped first.  Return 0, or -1 (CRED_MISMATCH when
 * the key does not match the certificate) with a one-line reason in err;
 * on failure nothing needs wiping.  The fds stay open. */
int credentials_load(struct credentials *cr, const struct pem_source *cert,
    const struct pem_source *key, char *err, size_t errlen);

/* Zero the private key and every decoded byte. */
void credentials_wipe(struct credentials *cr);

#endif
