/* log-stub.c: die() and log_line() that return to the harness; log-stub.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "log-stub.h"

jmp_buf fuzz_die_jmp;
int fuzz_die_armed;
int fuzz_die_code;
char fuzz_die_line[1024];

void log_set_peer(const char *peer)
{
	(void)peer;
}

void log_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(fuzz_die_line, sizeof fuzz_die_line, fmt, ap);
	va_end(ap);
}

void log_set_name(const char *name)
{
	(void)name;
}

void log_err(int err, const char *fmt, ...)
{
	va_list ap;

	(void)err;
	va_start(ap, fmt);
	(void)vsnprintf(fuzz_die_line, sizeof fuzz_die_line, fmt, ap);
	va_end(ap);
}

static _Noreturn void jump(int code)
{
	fuzz_die_code = code;
	if (!fuzz_die_armed)
		abort();
	fuzz_die_armed = 0;
	longjmp(fuzz_die_jmp, 1);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(fuzz_die_line, sizeof fuzz_die_line, fmt, ap);
	va_end(ap);
	jump(code);
}

void die_errno(int code, const char *fmt, ...)
{
	va_list ap;
	size_t n;
	int err = errno;

	va_start(ap, fmt);
	(void)vsnprintf(fuzz_die_line, sizeof fuzz_die_line, fmt, ap);
	va_end(ap);
	n = strlen(fuzz_die_line);
	(void)snprintf(fuzz_die_line + n, sizeof fuzz_die_line - n, ": %s",
	    strerror(err));
	jump(code);
}
