/* Split PEM text into its objects (name + DER). */
#ifndef TLSWRAP_PEM_H
#define TLSWRAP_PEM_H

#include <stddef.h>

#define PEM_OBJECTS_MAX 16	/* a chain of 15 certificates and a key */
#define PEM_NAME_MAX 128

struct pem_object {
	char name[PEM_NAME_MAX];	/* "CERTIFICATE", "EC PRIVATE KEY", ... */
	unsigned char *der;		/* points into the pem_list's arena */
	size_t len;
};

struct pem_list {
	struct pem_object obj[PEM_OBJECTS_MAX];
	int count;
	unsigned char *arena;		/* malloc'd; holds every DER */
	size_t arena_len, arena_used;
};

enum pem_status {
	PEM_OK,
	PEM_SYNTAX,		/* bad base64 or framing */
	PEM_TRUNCATED,		/* an object begins but never ends */
	PEM_TOO_MANY,		/* more than PEM_OBJECTS_MAX objects */
	PEM_NOMEM
};

/* Decode every object of text[0..len) into *pl; text outside objects is
 * ignored, as openssl(1) does.  On failure *pl is wiped. */
enum pem_status pem_decode(const unsigned char *text, size_t len,
    struct pem_list *pl);

/* Is a PEM object of this name a certificate? */
int pem_is_certificate(const char *name);

/* Words for a pem_status, for the log. */
const char *pem_status_text(enum pem_status s);

/* Zero and free the arena (it may hold a private key). */
void pem_wipe(struct pem_list *pl);

#endif
