#include "der.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

int
der_next(struct der *d, struct der_elem *e)
{
	const unsigned char *p = d->p;
	size_t len, n;

	if (d->end - p < 2 || (p[0] & 0x1f) == 0x1f)
		return -1;
	e->start = p;
	e->tag = *p++;
	len = *p++;
	if (len & 0x80) {
		n = len & 0x7f;
		if (n == 0 || n > 3 || (size_t)(d->end - p) < n)
			return -1;	/* indefinite, or over 16 MiB */
		for (len = 0; n > 0; n--)
			len = len << 8 | *p++;
	}
	if (len > (size_t)(d->end - p))
		return -1;
	e->body.p = p;
	e->body.end = p + len;
	e->len = (size_t)(p + len - e->start);
	d->p = p + len;
	return 0;
}

int
der_expect(struct der *d, unsigned tag, struct der_elem *e)
{
	return der_next(d, e) == 0 && e->tag == tag ? 0 : -1;
}

enum { SEQ = 0x30, SET = 0x31, OID = 0x06, OCTETS = 0x04, BOOL = 0x01,
	INTEGER = 0x02, BITS = 0x03, EXPLICIT0 = 0xa0, EXPLICIT1 = 0xa1,
	EXPLICIT3 = 0xa3, DNS_NAME = 0x82, IP_ADDR = 0x87 };

int
cert_parts(const unsigned char *der, size_t len, struct cert_parts *c)
{
	struct der d = { der, der + len }, tbs;
	struct der_elem cert, e;

	memset(c, 0, sizeof *c);
	if (der_expect(&d, SEQ, &cert) != 0)
		return -1;
	if (der_expect(&cert.body, SEQ, &e) != 0)
		return -1;
	tbs = e.body;
	if (der_next(&tbs, &e) != 0)	/* version, or the serial */
		return -1;
	if (e.tag == EXPLICIT0 && der_next(&tbs, &e) != 0)	/* serial */
		return -1;
	if (der_expect(&tbs, SEQ, &e) != 0 ||		/* signature alg */
	    der_expect(&tbs, SEQ, &c->issuer) != 0 ||
	    der_expect(&tbs, SEQ, &e) != 0 ||		/* validity */
	    der_expect(&tbs, SEQ, &c->subject) != 0 ||
	    der_expect(&tbs, SEQ, &e) != 0)		/* public key */
		return -1;
	while (tbs.p < tbs.end) {	/* issuer/subject unique IDs, extensions */
		if (der_next(&tbs, &e) != 0)
			return -1;
		if (e.tag == EXPLICIT3 && der_expect(&e.body, SEQ, &c->extensions) != 0)
			return -1;
	}
	return 0;
}

struct out {
	char *start, *p;
	size_t left;
	int overflow;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (n >= o->left) {
		o->overflow = 1;
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
	o->left -= n;
	*o->p = '\0';
}

static void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* Attribute types by their OID bytes (2.5.4.x and emailAddress). */
static const char *
attr_name(const struct der_elem *oid)
{
	static const struct { unsigned char last; const char *name; } x500[] = {
		{ 3, "CN" }, { 5, "serialNumber" }, { 6, "C" }, { 7, "L" },
		{ 8, "ST" }, { 9, "street" }, { 10, "O" }, { 11, "OU" },
	};
	static const unsigned char email[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7,
	    0x0d, 0x01, 0x09, 0x01 };
	size_t n = (size_t)(oid->body.end - oid->body.p), i;

	if (n == 3 && oid->body.p[0] == 0x55 && oid->body.p[1] == 0x04)
		for (i = 0; i < sizeof x500 / sizeof x500[0]; i++)
			if (x500[i].last == oid->body.p[2])
				return x500[i].name;
	if (n == sizeof email && memcmp(oid->body.p, email, n) == 0)
		return "emailAddress";
	return NULL;
}

/* One attribute value, RFC 4514 escaped; non-printable bytes as \XX. */
static void
put_value(struct out *o, const struct der_elem *v)
{
	const unsigned char *p;
	char hex[4];

	for (p = v->body.p; p < v->body.end; p++) {
		int first = p == v->body.p, last = p + 1 == v->body.end;
		if (*p < 0x20 || *p == 0x7f) {
			(void)snprintf(hex, sizeof hex, "\\%02X", *p);
			puts_(o, hex);
			continue;
		}
		if (strchr(",+\"\\<>;=", *p) != NULL || (first && (*p == '#' || *p == ' ')) ||
		    (last && *p == ' '))
			put(o, "\\", 1);
		put(o, (const char *)p, 1);
	}
}

static int
put_rdn(struct out *o, const struct der_elem *rdn)
{
	struct der set = rdn->body;
	struct der_elem atv, oid, val;
	const char *name;
	int first = 1;

	while (set.p < set.end) {
		if (der_expect(&set, SEQ, &atv) != 0 ||
		    der_expect(&atv.body, OID, &oid) != 0 ||
		    der_next(&atv.body, &val) != 0)
			return -1;
		if (!first)
			put(o, "+", 1);
		first = 0;
		name = attr_name(&oid);
		puts_(o, name != NULL ? name : "OID");
		put(o, "=", 1);
		put_value(o, &val);
	}
	return 0;
}

#define RDNS_MAX 32

int
name_text(const struct der_elem *name, char *out, size_t outlen)
{
	struct der_elem rdn[RDNS_MAX];
	struct der d = name->body;
	struct out o = { out, out, outlen, 0 };
	int n = 0, i;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	while (d.p < d.end) {
		if (n == RDNS_MAX || der_expect(&d, SET, &rdn[n]) != 0)
			return -1;
		n++;
	}
	for (i = n - 1; i >= 0; i--) {
		if (i != n - 1)
			put(&o, ",", 1);
		if (put_rdn(&o, &rdn[i]) != 0)
			return -1;
	}
	return o.overflow ? -1 : 0;
}

static const unsigned char oid_san[] = { 0x55, 0x1d, 0x11 };

static int
put_general_names(struct out *o, struct der names)
{
	struct der_elem gn;
	char ip[INET6_ADDRSTRLEN];
	size_t n;

	while (names.p < names.end) {
		if (der_next(&names, &gn) != 0)
			return -1;
		n = (size_t)(gn.body.end - gn.body.p);
		if (gn.tag != DNS_NAME && gn.tag != IP_ADDR)
			continue;	/* e-mail, URI, ...: not for TLS servers */
		if (o->p != o->start)
			puts_(o, ", ");
		if (gn.tag == DNS_NAME)
			put_value(o, &gn);
		else if ((n == 4 || n == 16) &&
		    inet_ntop(n == 4 ? AF_INET : AF_INET6, gn.body.p, ip, sizeof ip))
			puts_(o, ip);
		else
			return -1;
	}
	return 0;
}

int
san_text(const struct der_elem *extensions, char *out, size_t outlen)
{
	struct der d = extensions->body;
	struct der_elem ext, oid, e, names;
	struct out o = { out, out, outlen, 0 };

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	while (extensions->len > 0 && d.p < d.end) {
		if (der_expect(&d, SEQ, &ext) != 0 ||
		    der_expect(&ext.body, OID, &oid) != 0 ||
		    der_next(&ext.body, &e) != 0)
			return -1;
		if (e.tag == BOOL && der_next(&ext.body, &e) != 0)
			return -1;
		if (e.tag != OCTETS)
			return -1;
		if ((size_t)(oid.body.end - oid.body.p) != sizeof oid_san ||
		    memcmp(oid.body.p, oid_san, sizeof oid_san) != 0)
			continue;
		if (der_expect(&e.body, SEQ, &names) != 0 ||
		    put_general_names(&o, names.body) != 0)
			return -1;
	}
	return o.overflow ? -1 : 0;
}

/* pkcs8: the DER may be PKCS#8, which wraps SEC1 once.  Only once: a
 * nesting as deep as the input allows would overflow the stack. */
static int
embedded_pub(const unsigned char *der, size_t len, int pkcs8,
    const unsigned char **q, size_t *qlen)
{
	struct der d = { der, der + len }, body;
	struct der_elem top, e, bits;

	if (der_expect(&d, SEQ, &top) != 0)
		return -1;
	body = top.body;
	if (der_expect(&body, INTEGER, &e) != 0 || der_next(&body, &e) != 0)
		return -1;
	if (e.tag == SEQ) {	/* PKCS#8: the algorithm, then ECPrivateKey */
		if (!pkcs8 || der_expect(&body, OCTETS, &e) != 0)
			return -1;
		return embedded_pub(e.body.p, (size_t)(e.body.end - e.body.p),
		    0, q, qlen);
	}
	if (e.tag != OCTETS)	/* SEC1: the private scalar */
		return -1;
	while (body.p < body.end) {
		if (der_next(&body, &e) != 0)
			return -1;
		if (e.tag != EXPLICIT1)
			continue;
		if (der_expect(&e.body, BITS, &bits) != 0 ||
		    bits.body.end - bits.body.p < 2 || bits.body.p[0] != 0)
			return -1;
		*q = bits.body.p + 1;
		*qlen = (size_t)(bits.body.end - bits.body.p - 1);
		return 0;
	}
	return -1;
}

int
ec_key_embedded_pub(const unsigned char *der, size_t len,
    const unsigned char **q, size_t *qlen)
{
	return embedded_pub(der, len, 1, q, qlen);
}

#define DAYS_0_TO_1970 719528	/* BearSSL counts days from 0000-01-01 */

time_t
x509_time(uint32_t days, uint32_t seconds)
{
	return ((time_t)days - DAYS_0_TO_1970) * 86400 + (time_t)seconds;
}
