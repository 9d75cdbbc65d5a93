#include "anchors.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errnames.h"
#include "log.h"
#include "pem.h"
#include "readfile.h"

struct dn_buf {
	unsigned char *p;
	size_t len, cap;
	int nomem;		/* set by dn_append, read after the push */
};

/* BearSSL's decoder calls this: it records a failure, never exits. */
static void
dn_append(void *ctx, const void *buf, size_t len)
{
	struct dn_buf *d = ctx;
	unsigned char *np;

	if (d->nomem)
		return;
	if (d->len + len > d->cap) {
		np = realloc(d->p, (d->len + len) * 2);
		if (np == NULL) {
			d->nomem = 1;
			return;
		}
		d->p = np;
		d->cap = (d->len + len) * 2;
	}
	memcpy(d->p + d->len, buf, len);
	d->len += len;
}

static unsigned char *
copy(const unsigned char *p, size_t len)
{
	unsigned char *c = malloc(len > 0 ? len : 1);

	if (c == NULL)
		die(EXIT_TEMP, "out of memory");
	memcpy(c, p, len);
	return c;
}

/* One certificate becomes one anchor: its subject DN and public key. */
static void
add_anchor(struct anchors *a, const struct pem_object *o, const char *path)
{
	br_x509_decoder_context dc;
	struct dn_buf dn = { NULL, 0, 0, 0 };
	br_x509_trust_anchor *ta;
	const br_x509_pkey *pk;
	char why[160];

	if (a->n == ANCHORS_MAX)
		die(EXIT_BADCERT, "%s: more than %d CA certificates", path, ANCHORS_MAX);
	br_x509_decoder_init(&dc, dn_append, &dn);
	br_x509_decoder_push(&dc, o->der, o->len);
	if (dn.nomem)
		die(EXIT_TEMP, "out of memory");
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL) {
		tls_error_describe(br_x509_decoder_last_error(&dc), why, sizeof why);
		die(EXIT_BADCERT, "%s: bad CA certificate: %s", path, why);
	}
	ta = &a->ta[a->n++];
	ta->dn.data = dn.p;
	ta->dn.len = dn.len;
	ta->flags = br_x509_decoder_isCA(&dc) ? BR_X509_TA_CA : 0;
	ta->pkey = *pk;
	if (pk->key_type == BR_KEYTYPE_RSA) {
		ta->pkey.key.rsa.n = copy(pk->key.rsa.n, pk->key.rsa.nlen);
		ta->pkey.key.rsa.e = copy(pk->key.rsa.e, pk->key.rsa.elen);
	} else {
		ta->pkey.key.ec.q = copy(pk->key.ec.q, pk->key.ec.qlen);
	}
}

/* required: CAFILE must hold certificates; a CADIR file (a CRL, say) may
 * hold none. */
static void
load_file(struct anchors *a, int dirfd, const char *name, const char *shown,
    int required)
{
	static struct pem_list pl;	/* large: see pem.h */
	const unsigned char *text;
	enum pem_status st;
	size_t before = a->n, len;
	int fd, i;

	fd = open_file(dirfd, name);
	if (fd < 0 || (text = read_fd(fd, &len)) == NULL)
		die_errno(EXIT_BADCERT, "%s", shown);
	close(fd);
	st = pem_decode(text, len, &pl);
	text_wipe();
	if (st != PEM_OK)
		die(EXIT_BADCERT, "%s: %s", shown, pem_status_text(st));
	for (i = 0; i < pl.count; i++)
		if (pem_is_certificate(pl.obj[i].name))
			add_anchor(a, &pl.obj[i], shown);
	pem_wipe(&pl);
	if (a->n == before && required)
		die(EXIT_BADCERT, "%s: no CA certificate found", shown);
}

static int
visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

void
anchors_load(struct anchors *a, const char *cafile, const char *cadir)
{
	struct dirent **list;
	char shown[512];
	int dfd, n, i;

	a->n = 0;
	if (cafile != NULL)
		load_file(a, AT_FDCWD, cafile, cafile, 1);
	if (cadir != NULL) {
		dfd = open(cadir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		n = dfd < 0 ? -1 : scandir(cadir, &list, visible, alphasort);
		if (n < 0)
			die_errno(EXIT_BADCERT, "CADIR %s", cadir);
		for (i = 0; i < n; i++) {
			struct stat st;
			(void)snprintf(shown, sizeof shown, "%s/%s", cadir, list[i]->d_name);
			if (fstatat(dfd, list[i]->d_name, &st, 0) == 0 && S_ISREG(st.st_mode))
				load_file(a, dfd, list[i]->d_name, shown, 0);
			free(list[i]);
		}
		free(list);
		close(dfd);
	}
	if (a->n == 0)
		die(EXIT_BADCERT, "-y/-Y: no CA certificate (set CAFILE or CADIR)");
}
