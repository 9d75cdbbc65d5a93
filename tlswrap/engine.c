#include "engine.h"

#include <string.h>

#include "suites.h"

/* Only what TLS 1.2 with ECDHE and the suites in suites.c need: linking
 * less of BearSSL means fewer pages to fault in per connection. */
static void
set_algorithms(br_ssl_engine_context *eng, int allow_cbc)
{
	br_ssl_engine_set_hash(eng, br_sha1_ID, &br_sha1_vtable);
	br_ssl_engine_set_hash(eng, br_sha224_ID, &br_sha224_vtable);
	br_ssl_engine_set_hash(eng, br_sha256_ID, &br_sha256_vtable);
	br_ssl_engine_set_hash(eng, br_sha384_ID, &br_sha384_vtable);
	br_ssl_engine_set_hash(eng, br_sha512_ID, &br_sha512_vtable);
	br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
	br_ssl_engine_set_default_aes_gcm(eng);
	br_ssl_engine_set_default_chapol(eng);
	if (allow_cbc)
		br_ssl_engine_set_default_aes_cbc(eng);
	br_ssl_engine_set_default_ec(eng);
}

/* -a's protocols, then acme-tls/1 with -A: last, so that a client that
 * offers one of -a's protocols too is served as any other.  Only -a makes
 * a client with no protocol in common fail: -A alone must not refuse the
 * browsers that offer h2 and http/1.1. */
static void
set_protocols(br_ssl_engine_context *eng, const struct options *o)
{
	/* BearSSL keeps the pointer: the copy must stay alive. */
	static const char *alpn[OPT_ALPN_MAX + 1];
	size_t i, n = (size_t)o->alpn_count;

	memcpy(alpn, o->alpn, n * sizeof *alpn);
	if (o->acme_dir != NULL) {
		for (i = 0; i < n && strcmp(alpn[i], ACME_ALPN) != 0; i++)
			;
		if (i == n)
			alpn[n++] = ACME_ALPN;
	}
	if (n > 0)
		br_ssl_engine_set_protocol_names(eng, alpn, n);
	if (o->alpn_count > 0)
		br_ssl_engine_add_flags(eng, BR_OPT_FAIL_ON_ALPN_MISMATCH);
}

int
engine_setup(struct tls_server *s, struct sni_policy *policy,
    const struct options *o)
{
	br_ssl_engine_context *eng = &s->sc.eng;
	uint16_t suites[SUITES_MAX];
	size_t n;

	br_ssl_server_zero(&s->sc);
	br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
	n = suites_select(suites, o->allow_cbc);
	br_ssl_engine_set_suites(eng, suites, n);
	set_algorithms(eng, o->allow_cbc);
	policy_install(policy, &s->sc);
	br_ssl_engine_add_flags(eng, BR_OPT_ENFORCE_SERVER_PREFERENCES |
	    BR_OPT_NO_RENEGOTIATION);
	set_protocols(eng, o);
	br_ssl_engine_set_buffer(eng, s->iobuf, sizeof s->iobuf, 1);
	return br_ssl_server_reset(&s->sc) ? 0 : -1;
}
