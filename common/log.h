/* Logging and dying: one line on stderr per event, "NAME: PEER: what".
 * The peer (IP:port) is prefixed once it is known, so that every line of a
 * connection can be traced in s6-log, multilog or the journal.  Each line
 * is escaped whole (escape.h): whatever a caller passes, one event stays
 * one line. */
#ifndef COMMON_LOG_H
#define COMMON_LOG_H

#include "exitcode.h"	/* the codes die() is given */

/* The program's name, first on every line; call it first thing in main(). */
void log_set_name(const char *name);

/* Set the "IP:port" prefix of later lines; NULL or "" removes it. */
void log_set_peer(const char *peer);

/* One line, printf-style. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line ending in ": strerror(err)" when err != 0. */
void log_err(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line, then exit(code). */
_Noreturn void die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line ending in ": strerror(errno)", then exit(code). */
_Noreturn void die_errno(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
