#include "log.h"

#include "escape.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_PEER_MAX 80		/* "[v6 address]:port" fits */
#define LOG_LINE_MAX 1024

static const char *log_name = "";
static char log_peer[LOG_PEER_MAX];

void
log_set_name(const char *name)
{
	log_name = name;
}

void
log_set_peer(const char *peer)
{
	if (peer == NULL || snprintf(log_peer, sizeof log_peer, "%s", peer)
	    >= (int)sizeof log_peer)
		log_peer[0] = '\0';
}

/* Build the whole line first and write it once, so that lines from
 * concurrent connections sharing a log pipe never interleave.  Then escape
 * it whole: a format argument may hold client bytes that its caller forgot
 * to escape, and one event must stay one line.  Fields escaped by their
 * caller (backslashes included) pass through unchanged. */
static void
log_vline(const char *fmt, va_list ap, int err)
{
	char raw[LOG_LINE_MAX], line[LOG_LINE_MAX];
	size_t n;
	int r;

	r = snprintf(raw, sizeof raw, "%s: %s%s", log_name, log_peer,
	    log_peer[0] != '\0' ? ": " : "");
	n = r < 0 ? 0 : (size_t)r;
	if (n < sizeof raw) {
		r = vsnprintf(raw + n, sizeof raw - n, fmt, ap);
		n += r < 0 ? 0 : (size_t)r;
	}
	if (err != 0 && n < sizeof raw)
		(void)snprintf(raw + n, sizeof raw - n, ": %s", strerror(err));
	n = escape_str(line, sizeof line - 1, raw, "");
	line[n++] = '\n';
	(void)!write(2, line, n);
}

void
log_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(fmt, ap, 0);
	va_end(ap);
}

void
log_err(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(fmt, ap, err);
	va_end(ap);
}

void
die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(fmt, ap, 0);
	va_end(ap);
	exit(code);
}

void
die_errno(int code, const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	log_vline(fmt, ap, err);
	va_end(ap);
	exit(code);
}
