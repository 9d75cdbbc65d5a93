/*
 * Debian's libbearssl.a is compiled against glibc with _FORTIFY_SOURCE, so
 * it calls glibc's checked copies (__memcpy_chk and two more), which musl
 * does not have.  These do what glibc's do: copy, or stop the process when
 * the copy would overflow the destination.  Linked only into musl builds
 * (Makefile, LIBC=musl).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dstlen);
void *__memmove_chk(void *dst, const void *src, size_t n, size_t dstlen);
void *__memset_chk(void *dst, int c, size_t n, size_t dstlen);

static _Noreturn void
overflow(void)
{
	static const char msg[] = "*** buffer overflow detected ***: terminated\n";

	(void)write(2, msg, sizeof msg - 1);
	abort();
}

void *
__memcpy_chk(void *dst, const void *src, size_t n, size_t dstlen)
{
	if (n > dstlen)
		overflow();
	return memcpy(dst, src, n);
}

void *
__memmove_chk(void *dst, const void *src, size_t n, size_t dstlen)
{
	if (n > dstlen)
		overflow();
	return memmove(dst, src, n);
}

void *
__memset_chk(void *dst, int c, size_t n, size_t dstlen)
{
	if (n > dstlen)
		overflow();
	return memset(dst, c, n);
}
