#include "strbuf.h"

#include <string.h>

void
sb_init(struct strbuf *b, char *buf, size_t cap)
{
	b->buf = buf;
	b->cap = cap;
	b->len = 0;
	b->over = 0;
}

/* Most pieces are a few bytes long, where a call to the C library's
 * memcpy costs more than the copy (musl's starts a rep movs): copy them
 * in fixed-size steps, which the compiler turns into plain moves. */
static void
copy(char *d, const char *s, size_t n)
{
	if (n > 32) {
		memcpy(d, s, n);
		return;
	}
	for (; n >= 8; n -= 8, d += 8, s += 8)
		memcpy(d, s, 8);
	if (n >= 4) {
		memcpy(d, s, 4);
		n -= 4, d += 4, s += 4;
	}
	while (n-- > 0)
		*d++ = *s++;
}

void
sb_mem(struct strbuf *b, const void *s, size_t n)
{
	if (b->over || n > b->cap - b->len) {
		b->over = 1;
		return;
	}
	copy(b->buf + b->len, s, n);
	b->len += n;
}

void
sb_str(struct strbuf *b, const char *s)
{
	sb_mem(b, s, strlen(s));
}

/* v in base (10 or 16), written from the end of a 20-digit scratch. */
static void
sb_num(struct strbuf *b, uint64_t v, unsigned base)
{
	char digits[20];
	size_t i = sizeof digits;

	do {
		digits[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	sb_mem(b, digits + i, sizeof digits - i);
}

void
sb_dec(struct strbuf *b, uint64_t v)
{
	sb_num(b, v, 10);
}

void
sb_hex(struct strbuf *b, uint64_t v)
{
	sb_num(b, v, 16);
}
