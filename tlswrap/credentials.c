#include "credentials.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "der.h"
#include "errnames.h"
#include "readfile.h"

#define FAIL(...) do { (void)snprintf(err, errlen, __VA_ARGS__); goto fail; } while (0)

static int
is_key_name(const char *name)
{
	return strcmp(name, "PRIVATE KEY") == 0 ||
	    strcmp(name, "RSA PRIVATE KEY") == 0 ||
	    strcmp(name, "EC PRIVATE KEY") == 0;
}

/* BearSSL reads only unencrypted keys; say so rather than "malformed". */
static int
is_encrypted(const unsigned char *text, size_t len)
{
	return memmem(text, len, "ENCRYPTED PRIVATE KEY", 21) != NULL ||
	    memmem(text, len, "Proc-Type: 4,ENCRYPTED", 22) != NULL;
}

/* Read and decode one file; has_key: the file should hold the key.  The
 * text is wiped before returning, whatever happened. */
static int
load_pem(const struct pem_source *src, int has_key, struct pem_list *pl,
    char *err, size_t errlen)
{
	const unsigned char *text;
	size_t len;
	enum pem_status st;

	text = read_fd(src->fd, &len);
	if (text == NULL)
		FAIL("%s: %s", src->path, strerror(errno));
	if (has_key && is_encrypted(text, len))
		FAIL("%s: private key is encrypted; BearSSL needs an unencrypted "
		    "key (openssl pkey -in KEY -out PLAIN)", src->path);
	st = pem_decode(text, len, pl);
	if (st != PEM_OK)
		FAIL("%s: %s", src->path, pem_status_text(st));
	text_wipe();
	return 0;
fail:
	text_wipe();
	return -1;
}

static const struct pem_object *
find_key(const struct pem_list *pl)
{
	int i;

	for (i = 0; i < pl->count; i++)
		if (is_key_name(pl->obj[i].name))
			return &pl->obj[i];
	return NULL;
}

static int
curve_bits(int curve)
{
	switch (curve) {
	case BR_EC_secp256r1: return 256;
	case BR_EC_secp384r1: return 384;
	case BR_EC_secp521r1: return 521;
	default: return 0;
	}
}

/* Decode the private key and check it is a kind we serve with. */
static int
decode_key(struct credentials *cr, const struct pem_object *k,
    const char *path, char *err, size_t errlen)
{
	const br_rsa_private_key *rsa;
	const br_ec_private_key *ec;
	char why[128];
	int e;

	br_skey_decoder_init(&cr->skey);
	br_skey_decoder_push(&cr->skey, k->der, k->len);
	e = br_skey_decoder_last_error(&cr->skey);
	if (e != 0) {
		tls_error_describe(e, why, sizeof why);
		FAIL("%s: unsupported or malformed private key (%s)", path, why);
	}
	cr->key_type = br_skey_decoder_key_type(&cr->skey);
	if (cr->key_type == BR_KEYTYPE_RSA) {
		rsa = br_skey_decoder_get_rsa(&cr->skey);
		cr->key_bits = rsa->n_bitlen;
		if (rsa->n_bitlen < 2048 || rsa->n_bitlen > 4096)
			FAIL("%s: unsupported RSA key size %u bits (2048 to 4096 supported)",
			    path, rsa->n_bitlen);
	} else if (cr->key_type == BR_KEYTYPE_EC) {
		ec = br_skey_decoder_get_ec(&cr->skey);
		cr->key_bits = (unsigned)curve_bits(ec->curve);
		if (cr->key_bits == 0)
			FAIL("%s: unsupported EC curve %d (P-256, P-384, P-521 supported)",
			    path, ec->curve);
	} else {
		FAIL("%s: unsupported key type", path);
	}
	return 0;
fail:
	return -1;
}

static const unsigned char *
strip_zeros(const unsigned char *p, size_t *len)
{
	while (*len > 0 && *p == 0) {
		p++;
		(*len)--;
	}
	return p;
}

static int
same_bytes(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen)
{
	a = strip_zeros(a, &alen);
	b = strip_zeros(b, &blen);
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* n = p * q, big-endian, schoolbook: exact for any size BearSSL accepts
 * (its own br_rsa_compute_modulus gives up above 3072 bits). */
static size_t
rsa_modulus(unsigned char *n, size_t nmax, const br_rsa_private_key *sk)
{
	size_t i, j, len = sk->plen + sk->qlen;
	unsigned acc;

	if (len > nmax)
		return 0;
	memset(n, 0, len);
	for (i = sk->plen; i-- > 0;) {
		acc = 0;
		for (j = sk->qlen; j-- > 0;) {
			acc += n[i + j + 1] + (unsigned)sk->p[i] * sk->q[j];
			n[i + j + 1] = (unsigned char)acc;
			acc >>= 8;
		}
		n[i] = (unsigned char)acc;
	}
	return len;
}

/* Does the private key belong to the public key of the leaf?  For EC,
 * the public point the key file carries (OpenSSL always writes it) is
 * compared when present: computing it costs a scalar multiplication, a
 * fifth of a connection's CPU.  A file whose embedded point disagrees with
 * its own scalar would only make clients reject our signatures. */
static int
key_matches(const struct credentials *cr, const br_x509_pkey *pk,
    const struct pem_object *k)
{
	const unsigned char *q;
	size_t qlen;
	unsigned char buf[2 * (4096 / 8) + BR_EC_KBUF_PUB_MAX_SIZE];
	const br_ec_private_key *ec;
	size_t n;

	if (pk->key_type != cr->key_type)
		return 0;
	if (cr->key_type == BR_KEYTYPE_EC) {
		ec = br_skey_decoder_get_ec(&cr->skey);
		if (pk->key.ec.curve != ec->curve)
			return 0;
		if (ec_key_embedded_pub(k->der, k->len, &q, &qlen) == 0)
			return qlen == pk->key.ec.qlen &&
			    memcmp(q, pk->key.ec.q, qlen) == 0;
		n = br_ec_compute_pub(br_ec_get_default(), NULL, buf, ec);
		return n != 0 && n == pk->key.ec.qlen &&
		    memcmp(buf, pk->key.ec.q, n) == 0;
	}
	/* Equal moduli mean this key factors the certificate's.  (The public
	 * exponent is not compared: Debian's BearSSL 0.6 compute_pubexp
	 * returns 0.) */
	n = rsa_modulus(buf, sizeof buf, br_skey_decoder_get_rsa(&cr->skey));
	return n != 0 && same_bytes(buf, n, pk->key.rsa.n, pk->key.rsa.nlen);
}

static int
collect_chain(struct credentials *cr, const char *path, char *err,
    size_t errlen)
{
	int i;

	for (i = 0; i < cr->certs.count; i++) {
		if (!pem_is_certificate(cr->certs.obj[i].name))
			continue;
		cr->chain[cr->chain_len].data = cr->certs.obj[i].der;
		cr->chain[cr->chain_len].data_len = cr->certs.obj[i].len;
		cr->chain_len++;
	}
	if (cr->chain_len == 0)
		FAIL("%s: no certificate found (expected a PEM CERTIFICATE)", path);
	return 0;
fail:
	return -1;
}

static int
check_leaf(const struct credentials *cr, const struct pem_object *k,
    const char *certfile, char *err, size_t errlen)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	char why[128];

	br_x509_decoder_init(&dc, 0, NULL);
	br_x509_decoder_push(&dc, cr->chain[0].data, cr->chain[0].data_len);
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL) {
		tls_error_describe(br_x509_decoder_last_error(&dc), why, sizeof why);
		FAIL("%s: cannot decode the first certificate (%s)", certfile, why);
	}
	if (!key_matches(cr, pk, k)) {
		(void)snprintf(err, errlen, "%s: private key does not match the "
		    "certificate", certfile);
		return CRED_MISMATCH;
	}
	return 0;
fail:
	return -1;
}

int
credentials_load(struct credentials *cr, const struct pem_source *cert,
    const struct pem_source *key, char *err, size_t errlen)
{
	const struct pem_list *kl;
	const struct pem_object *k;
	const char *certfile = cert->path;
	const char *kpath = key != NULL ? key->path : certfile;
	int r = -1;

	credentials_wipe(cr);	/* not memset: the arenas are large */
	cr->dirty = 1;
	cr->key_type = 0;
	cr->key_bits = 0;
	if (load_pem(cert, key == NULL, &cr->certs, err, errlen) != 0)
		goto fail;
	if (key != NULL &&
	    load_pem(key, 1, &cr->keys, err, errlen) != 0)
		goto fail;
	if (collect_chain(cr, certfile, err, errlen) != 0)
		goto fail;
	kl = key != NULL ? &cr->keys : &cr->certs;
	k = find_key(kl);
	if (k == NULL)
		FAIL("%s: no private key found (expected a PEM PRIVATE KEY, "
		    "RSA PRIVATE KEY or EC PRIVATE KEY)", kpath);
	if (decode_key(cr, k, kpath, err, errlen) != 0)
		goto fail;
	r = check_leaf(cr, k, certfile, err, errlen);
	if (r != 0)
		goto fail;
	/* The DER copy of the key is no longer needed: the decoder has it. */
	explicit_bzero(k->der, k->len);
	return 0;
fail:
	credentials_wipe(cr);
	return r;
}

void
credentials_wipe(struct credentials *cr)
{
	if (!cr->dirty)
		return;
	pem_wipe(&cr->certs);
	pem_wipe(&cr->keys);
	explicit_bzero(&cr->skey, sizeof cr->skey);
	cr->chain_len = 0;
	cr->dirty = 0;
}
