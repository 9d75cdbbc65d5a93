#include "suites.h"

#include <bearssl.h>

enum suite_kind { AEAD_AES, AEAD_CHACHA, CBC };

static const struct suite {
	uint16_t id;
	enum suite_kind kind;
	const char *name;
} suites[] = {
	{ BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, AEAD_AES, "ECDHE-ECDSA-AES128-GCM-SHA256" },
	{ BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, AEAD_AES, "ECDHE-RSA-AES128-GCM-SHA256" },
	{ BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, AEAD_AES, "ECDHE-ECDSA-AES256-GCM-SHA384" },
	{ BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, AEAD_AES, "ECDHE-RSA-AES256-GCM-SHA384" },
	{ BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, AEAD_CHACHA, "ECDHE-ECDSA-CHACHA20-POLY1305" },
	{ BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, AEAD_CHACHA, "ECDHE-RSA-CHACHA20-POLY1305" },
	{ BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, CBC, "ECDHE-ECDSA-AES128-SHA256" },
	{ BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, CBC, "ECDHE-RSA-AES128-SHA256" },
	{ BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, CBC, "ECDHE-ECDSA-AES256-SHA384" },
	{ BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, CBC, "ECDHE-RSA-AES256-SHA384" },
	{ BR_TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, CBC, "ECDHE-ECDSA-AES128-SHA" },
	{ BR_TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, CBC, "ECDHE-RSA-AES128-SHA" },
	{ BR_TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, CBC, "ECDHE-ECDSA-AES256-SHA" },
	{ BR_TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, CBC, "ECDHE-RSA-AES256-SHA" },
};
#define NSUITES (sizeof suites / sizeof suites[0])

static size_t
append_kind(uint16_t *out, size_t n, enum suite_kind kind)
{
	size_t i;

	for (i = 0; i < NSUITES && n < SUITES_MAX; i++)
		if (suites[i].kind == kind)
			out[n++] = suites[i].id;
	return n;
}

size_t
suites_select(uint16_t out[SUITES_MAX], int allow_cbc)
{
	/* Without AES-NI, BearSSL's constant-time AES is slower than its
	 * ChaCha20; with it, AES-GCM is ~2.5x faster. */
	int aesni = br_aes_x86ni_ctr_get_vtable() != NULL;
	size_t n = 0;

	n = append_kind(out, n, aesni ? AEAD_AES : AEAD_CHACHA);
	n = append_kind(out, n, aesni ? AEAD_CHACHA : AEAD_AES);
	if (allow_cbc)
		n = append_kind(out, n, CBC);
	return n;
}

const char *
suite_name(uint16_t id)
{
	size_t i;

	for (i = 0; i < NSUITES; i++)
		if (suites[i].id == id)
			return suites[i].name;
	return NULL;
}

/* Only what TLS 1.2 with ECDHE and the suites in suites.c need: linking
 * less of BearSSL means fewer pages to fault in per connection. */
void
suites_algorithms(br_ssl_engine_context *eng, int allow_cbc)
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
