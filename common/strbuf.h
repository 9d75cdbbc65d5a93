/* strbuf.h: text appended to a fixed buffer without printf (whose set-up
 * costs more than the short fields of a response head or a log line).  A
 * piece that does not fit sets over, which sticks: nothing more is added,
 * and the caller MUST NOT use a cut text. */
#ifndef COMMON_STRBUF_H
#define COMMON_STRBUF_H

#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *buf;
	size_t cap, len;
	int over;
};

void sb_init(struct strbuf *b, char *buf, size_t cap);
void sb_mem(struct strbuf *b, const void *s, size_t n);
void sb_str(struct strbuf *b, const char *s);
/* v in decimal, or in lower-case hexadecimal (no prefix). */
void sb_dec(struct strbuf *b, uint64_t v);
void sb_hex(struct strbuf *b, uint64_t v);

#endif
