#include "tlscontext.h"

#include <string.h>

#include "suites.h"

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
	suites_algorithms(eng, o->allow_cbc);
	policy_install(policy, &s->sc);
	br_ssl_engine_add_flags(eng, BR_OPT_ENFORCE_SERVER_PREFERENCES |
	    BR_OPT_NO_RENEGOTIATION);
	set_protocols(eng, o);
	br_ssl_engine_set_buffer(eng, s->iobuf, sizeof s->iobuf, 1);
	return br_ssl_server_reset(&s->sc) ? 0 : -1;
}
