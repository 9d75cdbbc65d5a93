#include "checkmode.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "der.h"
#include "errnames.h"
#include "log.h"
#include "readfile.h"

#define TEXT_MAX 1024

struct verdict {
	int problems;
	int expiring;
};

static void
put_time(const char *label, time_t t)
{
	char buf[64];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
	printf("    %s: %s\n", label, buf);
}

static void
problem(struct verdict *v, const char *fmt, const char *arg)
{
	printf("    PROBLEM: ");
	printf(fmt, arg);
	printf("\n");
	v->problems++;
}

static void
show_names(const struct cert_parts *cp)
{
	char text[TEXT_MAX];

	printf("    subject: %s\n", name_text(&cp->subject, text, sizeof text) == 0 ? text : "(unreadable)");
	if (san_text(&cp->extensions, text, sizeof text) == 0)
		printf("    names: %s\n", text[0] != '\0' ? text : "(none: no subjectAltName)");
	else
		printf("    names: (unreadable subjectAltName)\n");
	printf("    issuer: %s\n", name_text(&cp->issuer, text, sizeof text) == 0 ? text : "(unreadable)");
}

static const char *
key_text(const br_x509_pkey *pk, char *buf, size_t len)
{
	static const char *const curves[] = { [23] = "P-256", [24] = "P-384", [25] = "P-521" };

	if (pk->key_type == BR_KEYTYPE_RSA)
		(void)snprintf(buf, len, "RSA %zu bits", pk->key.rsa.nlen * 8);
	else if (pk->key.ec.curve >= 23 && pk->key.ec.curve <= 25)
		(void)snprintf(buf, len, "EC %s", curves[pk->key.ec.curve]);
	else
		(void)snprintf(buf, len, "EC curve %d", pk->key.ec.curve);
	return buf;
}

static void
show_dates(const br_x509_decoder_context *dc, const struct options *o,
    struct verdict *v)
{
	time_t nb = x509_time(dc->notbefore_days, dc->notbefore_seconds);
	time_t na = x509_time(dc->notafter_days, dc->notafter_seconds);
	time_t now = time(NULL);
	long days = (long)((na - now) / 86400);

	put_time("not before", nb);
	put_time("not after", na);
	if (now < nb)
		problem(v, "%s", "not valid yet");
	else if (now > na)
		problem(v, "%s", "expired");
	else {
		printf("    days left: %ld\n", days);
		if (o->warn_days > 0 && days < o->warn_days) {
			printf("    WARNING: expires within %d days\n", o->warn_days);
			v->expiring++;
		}
	}
}

/* One certificate of a chain; leaf: dates and key too.  Returns 0, or -1
 * when it cannot be parsed (cp is then not to be used). */
static int
show_cert(const br_x509_certificate *c, int i, int leaf,
    const struct options *o, struct verdict *v, struct cert_parts *cp)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	char buf[128];

	printf("  certificate %d%s\n", i + 1, leaf ? " (leaf)" : "");
	if (cert_parts(c->data, c->data_len, cp) != 0) {
		problem(v, "%s", "malformed certificate");
		return -1;
	}
	show_names(cp);
	br_x509_decoder_init(&dc, 0, NULL);
	br_x509_decoder_push(&dc, c->data, c->data_len);
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL) {
		tls_error_describe(br_x509_decoder_last_error(&dc), buf, sizeof buf);
		problem(v, "cannot decode: %s", buf);
		return -1;
	}
	if (leaf) {
		printf("    key: %s\n", key_text(pk, buf, sizeof buf));
		show_dates(&dc, o, v);
	}
	return 0;
}

static int
same_name(const struct der_elem *a, const struct der_elem *b)
{
	return a->len == b->len && memcmp(a->start, b->start, a->len) == 0;
}

static void
check_pair(struct cert_pair *p, const struct options *o,
    struct verdict *v)
{
	static struct credentials cr;	/* large: see pem.h */
	struct cert_parts parts[PEM_OBJECTS_MAX];
	char err[CRED_ERR_MAX];
	size_t i;
	int bad = 0;

	printf("  file: %s%s%s\n", p->cert.path, p->key.fd >= 0 ? ", key: " : "",
	    p->key.fd >= 0 ? p->key.path : "");
	if (pair_load(p, &cr, err, sizeof err) != 0) {
		problem(v, "%s", err);
		return;
	}
	printf("  private key: matches the certificate\n");
	for (i = 0; i < cr.chain_len; i++)
		if (show_cert(&cr.chain[i], (int)i, i == 0, o, v, &parts[i]) != 0)
			bad++;
	for (i = 0; i + 1 < cr.chain_len && bad == 0; i++)
		if (!same_name(&parts[i].issuer, &parts[i + 1].subject))
			break;
	if (bad > 0)
		;	/* already a PROBLEM; the order cannot be told */
	else if (i + 1 < cr.chain_len)
		problem(v, "%s", "chain out of order: a certificate is not followed by its issuer");
	else
		printf("  chain: in order, %zu certificate%s\n", cr.chain_len,
		    cr.chain_len == 1 ? "" : "s");
	credentials_wipe(&cr);
}

static void
check_site(struct site *s, const struct options *o, struct verdict *v)
{
	int i;

	printf("site %s\n", s->name[0] != '\0' ? s->name : "(default)");
	for (i = 0; i < s->npairs; i++)
		check_pair(&s->pair[i], o, v);
}

static int
not_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static void
check_dir(struct certstore *cs, const struct options *o, struct verdict *v)
{
	struct dirent **list;
	struct site *s;
	char err[CRED_ERR_MAX];
	int n, i;

	n = scandir(o->certdir, &list, not_dot, alphasort);
	if (n < 0) {
		problem(v, "cannot list %s", o->certdir);
		return;
	}
	for (i = 0; i < n; i++) {
		switch (certstore_dir_site(cs, list[i]->d_name, &s, err, sizeof err)) {
		case 1:
			check_site(s, o, v);
			break;
		case 0:
			printf("site %s: ignored (not a directory named as a lower-case DNS name)\n",
			    list[i]->d_name);
			break;
		default:
			printf("site %s\n", list[i]->d_name);
			problem(v, "%s", err);
		}
		free(list[i]);
	}
	free(list);
}

int
check_run(const struct options *o, struct certstore *cs)
{
	struct verdict v = { 0, 0 };
	int i;

	if (cs->def.npairs > 0)
		check_site(&cs->def, o, &v);
	for (i = 0; i < cs->nnamed; i++)
		check_site(&cs->named[i], o, &v);
	if (cs->dirfd >= 0)
		check_dir(cs, o, &v);
	if (v.problems > 0) {
		printf("%d problem%s\n", v.problems, v.problems == 1 ? "" : "s");
		return EXIT_BADCERT;
	}
	printf(v.expiring > 0 ? "usable, but expiring soon\n" : "ok\n");
	return v.expiring > 0 ? CHECK_EXIT_EXPIRING : 0;
}
