/* Split PEM text into its objects (name + DER). */
#ifndef TLSWRAP_PEM_H
#define TLSWRAP_PEM_H

#include <stddef.h>

#include "readfile.h"

#define PEM_OBJECTS_MAX 16	/* a chain of 15 certificates and a key */
#define PEM_NAME_MAX 128
/* The DER of a file's objects: base64 makes 3 bytes of 4 characters. */
#define PEM_ARENA_MAX (READFILE_MAX / 4 * 3 + 3)

struct pem_object {
	char name[PEM_NAME_MAX];	/* "CERTIFICATE", "EC PRIVATE KEY", ... */
	unsigned char *der;		/* points into the pem_list's arena */
	size_t len;
};

/* Large (the arena): keep it in static storage, where untouched pages
 * cost nothing and it starts zero.  arena_used counts every byte the
 * decoder wrote, which is what pem_wipe() zeroes.  The counts come
 * first: a list never used costs one page when it is wiped. */
struct pem_list {
	int count;
	size_t arena_used;
	struct pem_object obj[PEM_OBJECTS_MAX];
	unsigned char arena[PEM_ARENA_MAX];	/* holds every DER */
};

enum pem_status {
	PEM_OK,
	PEM_SYNTAX,		/* bad base64 or framing */
	PEM_TRUNCATED,		/* an object begins but never ends */
	PEM_TOO_MANY		/* more than PEM_OBJECTS_MAX objects */
};

/* Decode every object of text[0..len) into *pl (zero at first, or as a
 * previous call left it: that content is wiped first); text outside
 * objects is ignored, as openssl(1) does.  On failure *pl is wiped. */
enum pem_status pem_decode(const unsigned char *text, size_t len,
    struct pem_list *pl);

/* Is a PEM object of this name a certificate? */
int pem_is_certificate(const char *name);

/* Words for a pem_status, for the log. */
const char *pem_status_text(enum pem_status s);

/* Zero what the decoder wrote (it may hold a private key). */
void pem_wipe(struct pem_list *pl);

#endif
