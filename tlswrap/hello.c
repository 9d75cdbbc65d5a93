#include "hello.h"

#include <string.h>

#define REC_HANDSHAKE 22
#define REC_PLAIN_MAX 16384	/* RFC 5246 6.2.1 */
#define HS_CLIENT_HELLO 1
#define EXT_SERVER_NAME 0
#define NAME_TYPE_HOST 0
#define SESSION_ID_MAX 32

/* A bounded reader over part of msg[]: reading past the end sets bad. */
struct cur {
	const unsigned char *p;
	size_t n;
	int bad;
};

static size_t
get(struct cur *c, size_t k)
{
	size_t v = 0;

	if (c->n < k) {
		c->bad = 1;
		c->n = 0;
		return 0;
	}
	while (k-- > 0) {
		v = v << 8 | *c->p++;
		c->n--;
	}
	return v;
}

static struct cur
sub(struct cur *c, size_t k)
{
	struct cur s = { c->p, k, 0 };

	if (c->n < k) {
		c->bad = 1;
		c->n = 0;
		s.n = 0;
		s.bad = 1;
	} else {
		c->p += k;
		c->n -= k;
	}
	return s;
}

int
hello_valid_name(const unsigned char *s, size_t len)
{
	size_t i, label = 0;

	if (len == 0 || len > HELLO_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (label == 0)
				return 0;	/* leading dot or ".." */
			label = 0;
		} else if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-') {
			if (++label > HELLO_LABEL_MAX)
				return 0;
		} else {
			return 0;
		}
	}
	return label > 0;	/* no trailing dot */
}

static enum hello_state
fail(struct client_hello *h, enum hello_state st, const char *why)
{
	h->state = st;
	h->why = why;
	return st;
}

/* The server_name extension (RFC 6066 section 3): one host_name at most. */
static enum hello_state
server_name(struct client_hello *h, struct cur *ext)
{
	struct cur list = sub(ext, get(ext, 2)), name = { NULL, 0, 0 };
	int hosts = 0;

	if (ext->bad || ext->n != 0 || list.n == 0)
		return fail(h, HELLO_MALFORMED, "bad server_name extension");
	while (list.n > 0 && !list.bad) {
		size_t type = get(&list, 1);
		struct cur n = sub(&list, get(&list, 2));

		if (type == NAME_TYPE_HOST) {
			name = n;
			hosts++;
		}
	}
	if (list.bad)
		return fail(h, HELLO_MALFORMED, "bad server_name extension");
	if (hosts == 0)
		return HELLO_NO_NAME;
	h->bad = name.p;
	h->bad_len = name.n;
	if (hosts > 1)
		return fail(h, HELLO_BAD_NAME, "more than one host name");
	if (!hello_valid_name(name.p, name.n))
		return fail(h, HELLO_BAD_NAME, "not a DNS host name");
	memcpy(h->name, name.p, name.n);
	h->name[name.n] = '\0';
	h->bad = NULL;
	h->bad_len = 0;
	return h->state = HELLO_NAME;
}

/* The ClientHello body (RFC 5246 7.4.1.2), as far as the extensions. */
static enum hello_state
client_hello(struct client_hello *h, struct cur c)
{
	struct cur exts;
	size_t sid;
	int seen = 0;
	enum hello_state st = HELLO_NO_NAME;

	(void)get(&c, 2);			/* client_version */
	(void)sub(&c, 32);			/* random */
	sid = get(&c, 1);
	if (sid > SESSION_ID_MAX)
		return fail(h, HELLO_MALFORMED, "session ID longer than 32 bytes");
	(void)sub(&c, sid);
	(void)sub(&c, get(&c, 2));		/* cipher_suites */
	(void)sub(&c, get(&c, 1));		/* compression_methods */
	if (c.bad)
		return fail(h, HELLO_MALFORMED, "truncated");
	if (c.n == 0)
		return h->state = HELLO_NO_NAME;	/* no extensions */
	exts = sub(&c, get(&c, 2));
	if (c.bad || c.n != 0)
		return fail(h, HELLO_MALFORMED, "extensions do not fill the message");
	while (exts.n > 0) {
		size_t type = get(&exts, 2);
		struct cur e = sub(&exts, get(&exts, 2));

		if (exts.bad)
			return fail(h, HELLO_MALFORMED, "truncated extension");
		if (type != EXT_SERVER_NAME)
			continue;
		if (seen++)
			return fail(h, HELLO_MALFORMED, "two server_name extensions");
		st = server_name(h, &e);
		if (st == HELLO_MALFORMED || st == HELLO_BAD_NAME)
			return st;
	}
	return h->state = st;
}

/* Whole records only: append each one's payload to msg[]. */
static enum hello_state
next_record(struct client_hello *h)
{
	const unsigned char *r = h->raw + h->rec_off;
	size_t rlen;

	if (h->len - h->rec_off < 5)
		return HELLO_MORE;
	rlen = (size_t)r[3] << 8 | r[4];
	if (r[0] != REC_HANDSHAKE || r[1] != 3) {
		/* Not TLS at all (HTTP, SSL 2): BearSSL says so itself. */
		if (h->rec_off == 0)
			return h->state = HELLO_OTHER;
		return fail(h, HELLO_MALFORMED, "record of another type within it");
	}
	if (rlen > REC_PLAIN_MAX)
		return fail(h, HELLO_MALFORMED, "record longer than 16384 bytes");
	if (h->len - h->rec_off - 5 < rlen)
		return HELLO_MORE;
	if (rlen > sizeof h->msg - h->msg_len)
		return fail(h, HELLO_MALFORMED, "longer than 16384 bytes");
	memcpy(h->msg + h->msg_len, r + 5, rlen);
	h->msg_len += rlen;
	h->rec_off += 5 + rlen;
	return h->state = HELLO_MORE;
}

enum hello_state
hello_parse(struct client_hello *h)
{
	size_t mlen, before;
	struct cur body;

	while (h->state == HELLO_MORE) {
		if (h->msg_len >= 4) {
			if (h->msg[0] != HS_CLIENT_HELLO)
				return fail(h, HELLO_MALFORMED, "not a ClientHello");
			mlen = (size_t)h->msg[1] << 16 | (size_t)h->msg[2] << 8 |
			    h->msg[3];
			if (mlen > sizeof h->msg - 4)
				return fail(h, HELLO_MALFORMED, "longer than 16384 bytes");
			if (h->msg_len >= 4 + mlen) {
				body.p = h->msg + 4;
				body.n = mlen;
				body.bad = 0;
				return client_hello(h, body);
			}
		}
		before = h->rec_off;
		if (next_record(h) != HELLO_MORE)
			break;
		if (h->rec_off == before) {	/* no whole record yet */
			if (h->len == sizeof h->raw)
				return fail(h, HELLO_MALFORMED, "too many records");
			break;
		}
	}
	return h->state;
}

unsigned char *
hello_room(struct client_hello *h, size_t *len)
{
	*len = sizeof h->raw - h->len;
	return h->raw + h->len;
}

int
hello_feed(struct client_hello *h, br_ssl_engine_context *eng)
{
	unsigned char *buf;
	size_t len;
	int moved = 0;

	while (h->fed < h->len &&
	    (buf = br_ssl_engine_recvrec_buf(eng, &len)) != NULL) {
		if (len > h->len - h->fed)
			len = h->len - h->fed;
		memcpy(buf, h->raw + h->fed, len);
		h->fed += len;
		br_ssl_engine_recvrec_ack(eng, len);
		moved = 1;
	}
	return moved;
}

const char *
hello_name(const struct client_hello *h)
{
	if (h->state == HELLO_NO_NAME)
		return "";
	if (h->state == HELLO_NAME)
		return h->name;
	return NULL;
}
