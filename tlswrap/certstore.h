/* Where certificates come from, and which one a server name gets.
 *
 * The default site is -c/-k (up to two pairs, e.g. ECDSA and RSA) or
 * CERTFILE/KEYFILE.  Named sites come from CERTFILE:name / KEYFILE:name
 * variables (s6-tlsd's convention; "*.example.com" matches one label) and
 * from -d DIR, where DIR/NAME/cert.pem + key.pem (and optionally cert2.pem
 * + key2.pem) are one site; a missing key file means the key is in the
 * certificate file.  Files named up front are opened before privileges are
 * dropped; a directory site is opened when its name arrives. */
#ifndef TLSWRAP_CERTSTORE_H
#define TLSWRAP_CERTSTORE_H

#include "credentials.h"
#include "options.h"
#include "pairio.h"

#define SITE_PAIRS_MAX 2	/* e.g. one ECDSA and one RSA certificate */
#define STORE_SITES_MAX 64	/* CERTFILE:name sites; use -d for more */
#define SITE_NAME_MAX 253	/* a DNS name */
#define SITE_PATH_MAX 512

struct site {
	char name[SITE_NAME_MAX + 1];	/* "" for the default site */
	struct cert_pair pair[SITE_PAIRS_MAX];
	int npairs;
	int sitefd;			/* a -d site's directory, or -1 */
};

struct certstore {
	struct site def;		/* npairs 0: no default */
	char def_why[CRED_ERR_MAX];	/* -A: why def could not be opened */
	struct site named[STORE_SITES_MAX];
	int nnamed;
	int dirfd;			/* -d, or -1 */
	const char *dir;
	struct site dirsite;		/* the -d site last looked up */
	char dirpaths[2 * SITE_PAIRS_MAX][SITE_PATH_MAX];	/* its file names */
};

/* Open every file named by options and environment.  Exits 96 when one
 * cannot be opened (with -A, not for the default site's: the reason is
 * kept in def_why, def is left empty, and certchoice.h decides), 100 on a malformed CERTFILE:name variable.  cs must be
 * zero (static storage): clearing its ~20 KiB would cost page faults. */
void certstore_open(struct certstore *cs, const struct options *o);

/* The named site for a server name: an exact name, then a wildcard, then a
 * -d directory.  1 with *out set; 0 when none matches or name is "" (no
 * SNI); -1 with a reason in err when a -d site exists but cannot be
 * opened.  Safe in a BearSSL callback: it never exits. */
int certstore_find(struct certstore *cs, const char *name, struct site **out,
    char *err, size_t errlen);

/* Look NAME (a DNS name or *.wildcard) up in -d's directory: 1 with *out
 * set, 0 when there is no such site, -1 with a reason in err when it
 * exists but cannot be opened.  The site stays valid until the next call. */
int certstore_dir_site(struct certstore *cs, const char *name,
    struct site **out, char *err, size_t errlen);

/* Close every file and directory the store holds open: once a site is
 * chosen (its key read), no fd to a key may outlive the choice. */
void certstore_close(struct certstore *cs);

/* Load every pair of a site into cr[0..npairs) (pair_load: re-read while a
 * key does not match); return 0, or -1 with a reason in err (nothing left
 * to wipe). */
int site_load(struct site *s, struct credentials cr[SITE_PAIRS_MAX],
    char *err, size_t errlen);

#endif
