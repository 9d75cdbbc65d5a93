#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int
read_fd(int fd, struct blob *b)
{
	struct stat st;
	size_t got;
	int err;

	b->data = NULL;
	b->len = 0;
	if (fstat(fd, &st) != 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if (st.st_size > READFILE_MAX) {
		errno = EFBIG;
		goto fail;
	}
	/* One byte more than fstat said, to notice a file that grew. */
	b->data = malloc((size_t)st.st_size + 2);
	if (b->data == NULL)
		goto fail;
	if (lseek(fd, 0, SEEK_SET) != 0 ||
	    read_full(fd, b->data, (size_t)st.st_size + 1, &got) != 0)
		goto fail;
	if (got > (size_t)st.st_size) {
		errno = EAGAIN;		/* being rewritten in place */
		goto fail;
	}
	b->len = got;
	b->data[got] = '\0';
	return 0;
fail:
	err = errno;
	if (b->data != NULL)	/* what was read may be a key: wipe it all */
		b->len = (size_t)st.st_size + 2;
	blob_wipe(b);
	errno = err;
	return -1;
}

void
blob_wipe(struct blob *b)
{
	if (b->data != NULL) {
		explicit_bzero(b->data, b->len);
		free(b->data);
	}
	b->data = NULL;
	b->len = 0;
}
