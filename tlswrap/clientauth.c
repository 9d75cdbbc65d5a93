#include "clientauth.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "der.h"
#include "errnames.h"
#include "log.h"

static struct client_auth *
self(const br_x509_class **ctx)
{
	return (struct client_auth *)(void *)ctx;
}

static void
start_chain(const br_x509_class **ctx, const char *server_name)
{
	struct client_auth *ca = self(ctx);

	ca->ncerts = 0;
	ca->leaf_len = 0;
	ca->leaf_too_big = 0;
	ca->chain_ok = 0;
	ca->err = 0;
	ca->minimal.vtable->start_chain(&ca->minimal.vtable, server_name);
}

static void
start_cert(const br_x509_class **ctx, uint32_t length)
{
	struct client_auth *ca = self(ctx);

	ca->ncerts++;
	ca->minimal.vtable->start_cert(&ca->minimal.vtable, length);
}

static void
append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
	struct client_auth *ca = self(ctx);

	if (ca->ncerts == 1) {
		if (len > sizeof ca->leaf - ca->leaf_len)
			ca->leaf_too_big = 1;
		else {
			memcpy(ca->leaf + ca->leaf_len, buf, len);
			ca->leaf_len += len;
		}
	}
	ca->minimal.vtable->append(&ca->minimal.vtable, buf, len);
}

static void
end_cert(const br_x509_class **ctx)
{
	struct client_auth *ca = self(ctx);

	ca->minimal.vtable->end_cert(&ca->minimal.vtable);
}

static unsigned
end_chain(const br_x509_class **ctx)
{
	struct client_auth *ca = self(ctx);

	ca->err = ca->minimal.vtable->end_chain(&ca->minimal.vtable);
	if (ca->leaf_too_big && ca->err == 0)
		ca->err = BR_ERR_X509_LIMIT_EXCEEDED;
	ca->chain_ok = ca->err == 0;
	if (ca->chain_ok || !ca->tolerate)
		return ca->err;
	/* -Y: go on with the leaf's key, unverified, so that the client
	 * still has to prove it holds it; nothing will be exported. */
	br_x509_decoder_init(&ca->leafdec, 0, NULL);
	br_x509_decoder_push(&ca->leafdec, ca->leaf, ca->leaf_len);
	return br_x509_decoder_get_pkey(&ca->leafdec) != NULL ? 0 : ca->err;
}

static const br_x509_pkey *
get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
	struct client_auth *ca = (struct client_auth *)(uintptr_t)ctx;
	const br_x509_pkey *pk;
	unsigned u = 0;

	if (ca->chain_ok) {
		pk = ca->minimal.vtable->get_pkey(&ca->minimal.vtable, &u);
		/* -Y: a certificate not for signing is unverified too. */
		if (pk != NULL && ca->tolerate && !(u & BR_KEYTYPE_SIGN)) {
			ca->err = BR_ERR_WRONG_KEY_USAGE;
			u = BR_KEYTYPE_SIGN;
		}
		if (usages != NULL)
			*usages = u;
		return pk;
	}
	if (usages != NULL)
		*usages = BR_KEYTYPE_SIGN;
	return br_x509_decoder_get_pkey(&ca->leafdec);
}

static const br_x509_class client_auth_class = {
	sizeof(struct client_auth), start_chain, start_cert, append, end_cert,
	end_chain, get_pkey,
};

void
clientauth_setup(struct client_auth *ca, const struct anchors *a,
    br_ssl_server_context *sc, int tolerate)
{
	ca->vtable = &client_auth_class;
	ca->tolerate = tolerate;
	br_x509_minimal_init_full(&ca->minimal, a->ta, a->n);
	br_ssl_engine_set_x509(&sc->eng, &ca->vtable);
	br_ssl_engine_set_default_rsavrfy(&sc->eng);
	br_ssl_engine_set_default_ecdsa(&sc->eng);
	br_ssl_server_set_trust_anchor_names_alt(sc, a->ta, a->n);
	if (tolerate)
		br_ssl_engine_add_flags(&sc->eng, BR_OPT_TOLERATE_NO_CLIENT_AUTH);
}

static void
leaf_hash(const unsigned char *der, size_t len, char *text)
{
	unsigned char h[32];
	br_sha256_context sc;
	int i;

	br_sha256_init(&sc);
	br_sha256_update(&sc, der, len);
	br_sha256_out(&sc, h);
	memcpy(text, "SHA256:", 7);
	for (i = 0; i < 32; i++)
		(void)snprintf(text + 7 + 2 * i, 3, "%02x", h[i]);
}

static void
leaf_notafter(const unsigned char *der, size_t len, char *text, size_t size)
{
	br_x509_decoder_context dc;
	struct tm tm;
	time_t t;

	br_x509_decoder_init(&dc, 0, NULL);
	br_x509_decoder_push(&dc, der, len);
	if (br_x509_decoder_get_pkey(&dc) == NULL)
		return;
	t = x509_time(dc.notafter_days, dc.notafter_seconds);
	gmtime_r(&t, &tm);
	strftime(text, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
clientauth_result(const struct client_auth *ca, struct peer_cert *pc)
{
	struct cert_parts cp;
	char why[160];

	memset(pc, 0, sizeof *pc);
	if (ca->ncerts == 0)
		return 0;
	if (ca->err != 0) {
		tls_error_describe((int)ca->err, why, sizeof why);
		log_line("client certificate not verified, not exported: %s", why);
		return 0;
	}
	leaf_hash(ca->leaf, ca->leaf_len, pc->hash);
	if (cert_parts(ca->leaf, ca->leaf_len, &cp) == 0) {
		(void)name_text(&cp.subject, pc->subject, sizeof pc->subject);
		(void)name_text(&cp.issuer, pc->issuer, sizeof pc->issuer);
	}
	leaf_notafter(ca->leaf, ca->leaf_len, pc->notafter, sizeof pc->notafter);
	return 1;
}
