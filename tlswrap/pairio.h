/* A certificate and its key, opened so that a renewer's swap can never pair
 * one certificate with another key for good.
 *
 * A combined file (chain and key in one) is opened once and read once: a
 * rename() replaces it whole.  Separate files are opened through a handle
 * on their directory, one handle when they share a directory: a directory
 * symlink flipped between the two opens is resolved once, so both come
 * from the same side of the flip.  When the key still does not match (per-file links switched one after the
 * other, as certbot and dehydrated do), the pair is opened and read again
 * through the same handles, every REREAD_PAUSE_MS, at most REREAD_MAX
 * times and never later than REREAD_WINDOW_MS after the first read: a
 * renewer that finishes its switch within that window costs a delay, not a
 * refused connection.  The numbers are in tlswrap(8). */
#ifndef TLSWRAP_PAIRIO_H
#define TLSWRAP_PAIRIO_H

#include <stddef.h>

#include "credentials.h"

#define REREAD_MAX 50
#define REREAD_PAUSE_MS 20
#define REREAD_WINDOW_MS 1000

struct cert_pair {
	struct pem_source cert, key;	/* key.fd < 0: key in cert */
	int dirfd[2];			/* handles this pair owns, or -1 */
};

/* Open cert and key (NULL or the same name: the key is in cert) through
 * handles on their directories.  Return 0, or -1 with "PATH: reason" in
 * err and nothing left open. */
int pair_open(struct cert_pair *p, const char *cert, const char *key,
    char *err, size_t errlen);

/* Read and decode the pair into cr, re-reading as described above while
 * the key does not match.  Return 0, or -1 with a reason in err (nothing
 * left to wipe); a mismatch that outlived the window says so once. */
int pair_load(struct cert_pair *p, struct credentials *cr, char *err,
    size_t errlen);

/* Close the files and the handles the pair owns. */
void pair_close(struct cert_pair *p);

#endif
