#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One byte more than the largest file, to notice one that grew, and one
 * for the NUL. */
static unsigned char text[READFILE_MAX + 2];
static size_t text_used;	/* bytes that may be non-zero */

int
read_full(int fd, unsigned char *p, size_t len, size_t *got)
{
	size_t n = 0;
	ssize_t r;

	while (n < len) {
		r = read(fd, p + n, len - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*got = n;
	return 0;
}

int
open_file(int dirfd, const char *path)
{
	return openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
}

void
text_wipe(void)
{
	explicit_bzero(text, text_used);
	text_used = 0;
}

const unsigned char *
read_fd(int fd, size_t *len)
{
	struct stat st;
	size_t got, want;
	int err;

	text_wipe();
	if (fstat(fd, &st) != 0)
		return NULL;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return NULL;
	}
	if (st.st_size > READFILE_MAX) {
		errno = EFBIG;
		return NULL;
	}
	want = (size_t)st.st_size + 1;
	text_used = want + 1;	/* before read(2) writes: the wipe's extent */
	if (lseek(fd, 0, SEEK_SET) != 0 || read_full(fd, text, want, &got) != 0)
		goto fail;
	if (got == want) {
		errno = EAGAIN;		/* being rewritten in place */
		goto fail;
	}
	text[got] = '\0';
	*len = got;
	return text;
fail:
	err = errno;
	text_wipe();
	errno = err;
	return NULL;
}
