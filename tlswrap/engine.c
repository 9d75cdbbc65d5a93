#include "engine.h"

#include <string.h>

#include "suites.h"

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
	    BR_OPT_NO_RENEGOTIATION | BR_OPT_FAIL_ON_ALPN_MISMATCH);
	if (o->alpn_count > 0) {
		/* BearSSL keeps the pointer: the copy must stay alive. */
		static const char *alpn[OPT_ALPN_MAX];
		memcpy(alpn, o->alpn, sizeof alpn);
		br_ssl_engine_set_protocol_names(eng, alpn,
		    (size_t)o->alpn_count);
	}
	br_ssl_engine_set_buffer(eng, s->iobuf, sizeof s->iobuf, 1);
	return br_ssl_server_reset(&s->sc) ? 0 : -1;
}
