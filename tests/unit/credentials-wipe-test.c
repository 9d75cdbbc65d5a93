/* credentials-wipe-test: after credentials_load() on every path, and after
 * credentials_wipe(), no byte of a key file is left in read_fd()'s text
 * buffer, in the PEM arenas or in the key decoder.  Every byte of each
 * fixed buffer is checked, so a path that forgets a wipe fails here.
 * argv[1]: the directory of certs/mkcerts.sh's files.  Prints TAP. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "credentials.h"
#include "readfile.h"

static const char *dir;
static const unsigned char *text;	/* read_fd()'s buffer */
static struct credentials cr;		/* large: see pem.h */


static int
all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != 0)
			return 0;
	return 1;
}

static int
text_zero(void)
{
	return all_zero(text, READFILE_MAX + 1);
}

static int
cr_zero(void)
{
	return all_zero(cr.certs.arena, sizeof cr.certs.arena) &&
	    all_zero(cr.keys.arena, sizeof cr.keys.arena) &&
	    all_zero(&cr.skey, sizeof cr.skey);
}

static void
source(struct pem_source *s, const char *file, char *path, size_t len)
{
	(void)snprintf(path, len, "%s/%s", dir, file);
	s->path = path;
	s->dirfd = AT_FDCWD;
	s->base = path;
	s->fd = open(path, O_RDONLY);
	if (s->fd < 0) {
		printf("Bail out! %s: cannot open\n", path);
		exit(1);
	}
}

/* Load cert (+ key), expect want, then check what is left. */
static void
load(const char *certfile, const char *keyfile, int want, const char *what)
{
	char cpath[512], kpath[512], err[CRED_ERR_MAX], name[256];
	struct pem_source c, k;
	int r;

	source(&c, certfile, cpath, sizeof cpath);
	if (keyfile != NULL)
		source(&k, keyfile, kpath, sizeof kpath);
	r = credentials_load(&cr, &c, keyfile != NULL ? &k : NULL, err,
	    sizeof err);
	close(c.fd);
	if (keyfile != NULL)
		close(k.fd);
	(void)snprintf(name, sizeof name, "%s: credentials_load returns %d", what,
	    want);
	ok(r == want, name);
	(void)snprintf(name, sizeof name, "%s: the text buffer is zero", what);
	ok(text_zero(), name);
	if (r != 0) {
		(void)snprintf(name, sizeof name,
		    "%s: the arenas and the key decoder are zero", what);
		ok(cr_zero(), name);
		return;
	}
	ok(cr.chain_len > 0 && !all_zero(&cr.skey, sizeof cr.skey),
	    "loaded: a chain and a key");
	credentials_wipe(&cr);
	(void)snprintf(name, sizeof name,
	    "%s, then credentials_wipe: the arenas and the key decoder are zero",
	    what);
	ok(cr_zero(), name);
}

int
main(int argc, char **argv)
{
	char path[512];
	size_t len;
	int fd;

	if (argc != 2) {
		printf("Bail out! usage: credentials-wipe-test CERTDIR\n");
		return 1;
	}
	dir = argv[1];
	(void)snprintf(path, sizeof path, "%s/ec-key.pem", dir);
	fd = open(path, O_RDONLY);
	text = fd < 0 ? NULL : read_fd(fd, &len);
	if (text == NULL) {
		printf("Bail out! %s: cannot read\n", path);
		return 1;
	}
	close(fd);
	text_wipe();
	load("ec-cert.pem", "ec-key.pem", 0, "EC certificate and key");
	load("ec-combined.pem", NULL, 0, "one combined file");
	load("rsa-cert.pem", "rsa-key-pkcs8.pem", 0, "RSA, PKCS#8 key");
	load("ec-cert.pem", "ec2-key.pem", CRED_MISMATCH, "a key of another certificate");
	load("ec-cert.pem", "ec-key-enc.pem", -1, "an encrypted key");
	load("ec-key.pem", "ec-key.pem", -1, "no certificate, key read");
	printf("1..%d\n", n_test);
	return n_failed != 0;
}
