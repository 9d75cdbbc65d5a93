/* escape.h: bytes from the network made safe for a log line.
 *
 * Both programs log what clients sent (a server name, an ALPN name, a
 * PROXY header, a request line).  A newline there would forge a second log
 * line, and an ESC would reach the terminal of whoever reads the log: every
 * such byte is written as \xHH, by this one routine. */
#ifndef COMMON_ESCAPE_H
#define COMMON_ESCAPE_H

#include <stddef.h>

/* Escape len bytes of in into out (size n >= 4, always NUL-terminated):
 * control bytes (0x00-0x1f, 0x7f), bytes >= 0x80 and any byte listed in
 * also (e.g. "\"\\ " for a quoted, space-separated field) become \xHH.
 * Input that does not fit is cut at a byte boundary and "..." appended,
 * never a partial escape.  Returns the length written (without the NUL). */
size_t escape_bytes(char *out, size_t n, const void *in, size_t len,
    const char *also);

/* The same for a NUL-terminated string. */
size_t escape_str(char *out, size_t n, const char *s, const char *also);

#endif
