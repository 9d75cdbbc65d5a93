#include "certchoice.h"

#include <stdio.h>
#include <string.h>

static void
wipe_site(struct credentials cr[SITE_PAIRS_MAX])
{
	int i;

	for (i = 0; i < SITE_PAIRS_MAX; i++)
		credentials_wipe(&cr[i]);
}

int
policy_init(struct sni_policy *p, struct certstore *cs, int strict)
{
	p->store = cs;
	p->strict = strict;
	p->refused = REFUSED_NOT;
	if (cs->def_why[0] != '\0')
		(void)snprintf(p->why, sizeof p->why, "%s", cs->def_why);
	else if (cs->def.npairs == 0 ||
	    site_load(&cs->def, p->def, p->why, sizeof p->why) == 0)
		p->why[0] = '\0';
	if (p->why[0] != '\0') {
		if (p->acme == NULL)
			return -1;
		(void)snprintf(p->deferred, sizeof p->deferred, "%s", p->why);
	}
	if (cs->nnamed == 0 && cs->dirfd < 0)
		certstore_close(cs);	/* nothing else can be chosen */
	return 0;
}

/* Record why, for main() to log once the handshake has stopped; 0 is
 * "no" for BearSSL. */
static int
refuse(struct sni_policy *p, enum refusal r)
{
	const char *name = hello_name(p->hello);

	p->refused = r;
	if (r != REFUSED_NAME)
		return 0;	/* why is already written */
	if (name == NULL || name[0] == '\0')
		(void)snprintf(p->why, sizeof p->why,
		    "the client sent no server name%s", p->strict ? " (-S)" :
		    " and there is no default certificate");
	else	/* a checked host name (hello.h): safe to log */
		(void)snprintf(p->why, sizeof p->why,
		    "no certificate for server name '%s'", name);
	return 0;
}

/* Point the engine at one certificate with BearSSL's single-certificate
 * policy; it then handles suite choice and signing for us. */
static void
use_credentials(br_ssl_server_context *sc, const struct credentials *cr)
{
	if (cr->key_type == BR_KEYTYPE_EC)
		br_ssl_server_set_single_ec(sc, cr->chain, cr->chain_len,
		    br_skey_decoder_get_ec(&cr->skey), BR_KEYTYPE_SIGN, 0,
		    br_ec_get_default(), br_ecdsa_sign_asn1_get_default());
	else
		br_ssl_server_set_single_rsa(sc, cr->chain, cr->chain_len,
		    br_skey_decoder_get_rsa(&cr->skey), BR_KEYTYPE_SIGN,
		    br_rsa_private_get_default(),
		    br_rsa_pkcs1_sign_get_default());
}

/* Try the site's pairs, ECDSA first (smaller, faster); keep the first the
 * client can use and wipe the other. */
static int
choose_pair(struct sni_policy *p, struct credentials *cr, int npairs,
    br_ssl_server_choices *choices)
{
	const br_ssl_server_policy_class **inner;
	int pass, i;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < npairs; i++) {
			if ((cr[i].key_type == BR_KEYTYPE_EC) != (pass == 0))
				continue;
			use_credentials(p->sc, &cr[i]);
			inner = p->sc->policy_vtable;
			if ((*inner)->choose(inner, p->sc, choices)) {
				if (npairs > 1)
					credentials_wipe(&cr[1 - i]);
				return 1;
			}
		}
	}
	return 0;
}

/* An ACME validation gets the challenge certificate or nothing: never a
 * site's, and no other client gets a challenge certificate. */
static int
choose_acme(struct sni_policy *p, br_ssl_server_choices *choices)
{
	wipe_site(p->def);
	certstore_close(p->store);
	/* An ACME server has no client certificate to show (-y, -Y): do
	 * not ask for one. */
	br_ssl_server_set_trust_anchor_names_alt(p->sc, NULL, 0);
	if (acme_load(p->acme, br_ssl_engine_get_server_name(&p->sc->eng)) != 0) {
		(void)snprintf(p->why, sizeof p->why, "%s", p->acme->why);
		return refuse(p, p->acme->state == ACME_BAD ? REFUSED_FILES :
		    REFUSED_ACME);
	}
	return choose_pair(p, &p->acme->cr, 1, choices);
}

static int
choose(const br_ssl_server_policy_class **pctx,
    const br_ssl_server_context *cc, br_ssl_server_choices *choices)
{
	struct sni_policy *p = (struct sni_policy *)(void *)pctx;
	struct site *s = NULL;
	const char *name = hello_name(p->hello);
	int found;

	if (p->deferred[0] != '\0' &&
	    !(p->acme != NULL && acme_requested(&p->sc->eng))) {
		(void)snprintf(p->why, sizeof p->why, "%s", p->deferred);
		return refuse(p, REFUSED_FILES);
	}
	/* Only the name checked in the ClientHello chooses (hello.h). */
	if (name == NULL || strcmp(name, br_ssl_engine_get_server_name(&cc->eng)))
		return refuse(p, REFUSED_NAME);
	if (p->acme != NULL && acme_requested(&p->sc->eng))
		return choose_acme(p, choices);
	found = certstore_find(p->store, name, &s, p->why, sizeof p->why);
	if (found < 0)
		return refuse(p, REFUSED_FILES);
	if (found == 0) {
		certstore_close(p->store);
		if (p->strict || p->store->def.npairs == 0)
			return refuse(p, REFUSED_NAME);
		return choose_pair(p, p->def, p->store->def.npairs, choices);
	}
	wipe_site(p->def);
	if (site_load(s, p->named, p->why, sizeof p->why) != 0)
		return refuse(p, REFUSED_FILES);
	certstore_close(p->store);
	return choose_pair(p, p->named, s->npairs, choices);
}

/* Never reached: choose() hands the engine to BearSSL's own policy. */
static uint32_t
no_keyx(const br_ssl_server_policy_class **pctx, unsigned char *data,
    size_t *len)
{
	(void)pctx; (void)data; (void)len;
	return 0;
}

static size_t
no_sign(const br_ssl_server_policy_class **pctx, unsigned algo_id,
    unsigned char *data, size_t hv_len, size_t len)
{
	(void)pctx; (void)algo_id; (void)data; (void)hv_len; (void)len;
	return 0;
}

static const br_ssl_server_policy_class sni_policy_class = {
	sizeof(struct sni_policy), choose, no_keyx, no_sign,
};

void
policy_install(struct sni_policy *p, br_ssl_server_context *sc)
{
	p->vtable = &sni_policy_class;
	p->sc = sc;
	sc->policy_vtable = &p->vtable;
}

void
policy_wipe(struct sni_policy *p)
{
	wipe_site(p->def);
	wipe_site(p->named);
	if (p->acme != NULL)
		acme_wipe(p->acme);
}
