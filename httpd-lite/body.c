/* body.c: discarding Content-Length and chunked request bodies. */
#include <errno.h>
#include <string.h>

#include "body.h"
#include "num.h"

#define CHUNK_SIZE_DIGITS 8  /* more hex digits than this is over the limit */

static int more(struct conn *c)
{
	ssize_t n = io_more(c);

	if (n > 0)
		return 0;
	if (n < 0 && c->err == ETIMEDOUT)
		return ST_TIMEOUT;
	return ST_GONE;
}

/* Drop n bytes of input. */
static int skip(struct conn *c, uint64_t n)
{
	while (n > 0) {
		size_t avail = c->len - c->pos;
		int st;

		if (avail == 0) {
			st = more(c);
			if (st != 0)
				return st;
			continue;
		}
		if (avail > n)
			avail = (size_t)n;
		c->pos += avail;
		n -= avail;
	}
	return 0;
}

/*
 * Next chunked-framing line, NUL-terminated in place, CRLF stripped, its
 * length in *len.  A bare LF is refused (RFC 9112 7.1): a proxy in front
 * that reads the line differently would see another request boundary
 * (smuggling).  Its bytes, CRLF included, count toward the body's limit:
 * extensions and trailer fields are not free.
 */
static int get_line(struct conn *c, char **line, size_t *len, uint64_t *wire)
{
	char *nl;
	int st;

	while ((nl = memchr(c->buf + c->pos, '\n', c->len - c->pos)) == NULL) {
		if (c->len - c->pos >= HEAD_MAX)
			return ST_BAD_REQUEST;  /* no sane chunk line is this long */
		st = more(c);
		if (st != 0)
			return st;
	}
	*line = c->buf + c->pos;
	c->pos = (size_t)(nl - c->buf) + 1;
	/* CRLF only, and no other CR: a bare CR or LF in framing is a
	 * smuggling vector behind a proxy that reads it differently; and no
	 * NUL, which would end the line early for the checks below. */
	if (nl == *line || nl[-1] != '\r')
		return ST_BAD_REQUEST;
	*len = (size_t)(nl - 1 - *line);
	if (memchr(*line, '\r', *len) != NULL || memchr(*line, '\0', *len) != NULL)
		return ST_BAD_REQUEST;
	nl[-1] = '\0';
	*wire += *len + 2;
	return *wire > BODY_DISCARD_MAX ? ST_TOO_LARGE : 0;
}

/* chunk-size [ chunk-ext ]: the size, or -1 for a malformed line. */
static int64_t chunk_size(const char *s)
{
	int64_t v = 0;
	int n = 0, d;

	while ((d = hex_digit((unsigned char)*s)) >= 0) {
		if (++n > CHUNK_SIZE_DIGITS)
			return BODY_DISCARD_MAX + 1;
		v = v * 16 + d;
		s++;
	}
	if (n == 0 || (*s != '\0' && *s != ';' && *s != ' ' && *s != '\t'))
		return -1;
	return v;
}

/* Every byte of a chunked body, data and framing, counts toward
 * BODY_DISCARD_MAX. */
static int chunked(struct conn *c)
{
	uint64_t wire = 0;
	char *line;
	size_t len;
	int64_t n;
	int st;

	for (;;) {
		st = get_line(c, &line, &len, &wire);
		if (st != 0)
			return st;
		n = chunk_size(line);
		if (n < 0)
			return ST_BAD_REQUEST;
		if (n == 0)
			break;
		wire += (uint64_t)n;
		if (wire > BODY_DISCARD_MAX)
			return ST_TOO_LARGE;
		st = skip(c, (uint64_t)n);
		if (st == 0)
			st = get_line(c, &line, &len, &wire);
		if (st != 0)
			return st;
		if (len != 0)
			return ST_BAD_REQUEST;  /* chunk data longer than its size */
	}
	/* Trailer section: field lines up to an empty line, ignored. */
	do {
		st = get_line(c, &line, &len, &wire);
		if (st != 0)
			return st;
	} while (len != 0);
	return 0;
}

int body_discard(struct conn *c, const struct request *r)
{
	c->deadline = now_ms() + c->head_ms;
	switch (r->body) {
	case BODY_NONE:
		return 0;
	case BODY_LENGTH:
		if (r->body_len > BODY_DISCARD_MAX)
			return ST_TOO_LARGE;
		return skip(c, r->body_len);
	case BODY_CHUNKED:
		return chunked(c);
	}
	return ST_INTERNAL;
}
