/*
 * accesslog.h: one line per request on stderr (man page, LOG FORMAT):
 *
 *   httpd-lite: CLIENT METHOD "TARGET" STATUS BYTES CIPHER
 *
 * CLIENT is TCPREMOTEIP, else REMOTE_ADDR, else the peer of fd 0, else "-".
 * METHOD and TARGET are as received ("-" when not parsed), with '"', '\\',
 * control and non-ASCII bytes written as \xHH, and cut to LOG_FIELD_MAX
 * bytes with "..." appended.  BYTES counts body bytes written; CIPHER is
 * SSL_CIPHER or "-".
 */
#ifndef ACCESSLOG_H
#define ACCESSLOG_H

#include <sys/types.h>

/* Find the client address and TLS cipher; call once at startup. */
void log_init(void);

void log_request(const char *method, const char *target, int status,
    off_t bytes);

/* Escape s into out (size n, NUL-terminated), at most LOG_FIELD_MAX bytes. */
void log_escape(char *out, size_t n, const char *s);

#endif
