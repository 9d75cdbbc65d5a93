/* Logging and dying: one line on stderr per event, "tlswrap: PEER: what".
 * The peer (IP:port) is prefixed once it is known, so that every line of a
 * connection can be traced in s6-log, multilog or the journal. */
#ifndef TLSWRAP_LOG_H
#define TLSWRAP_LOG_H

/* Exit codes (DESIGN.md; listed in tlswrap(8)). */
enum {
	EXIT_BADCERT = 96,	/* certificate or key missing, bad, mismatched */
	EXIT_TLS = 98,		/* handshake failure, TLS error, timeout */
	EXIT_USAGE = 100,	/* bad command line or environment */
	EXIT_TEMP = 111		/* temporary system error: fork, pipe, memory */
};

/* Set the "IP:port" prefix of later lines; NULL or "" removes it. */
void log_set_peer(const char *peer);

/* One line, printf-style. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line, then exit(code). */
_Noreturn void die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line ending in ": strerror(errno)", then exit(code). */
_Noreturn void die_errno(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
