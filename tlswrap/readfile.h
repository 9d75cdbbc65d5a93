/* Read a whole file into memory, bounded, with one open. */
#ifndef TLSWRAP_READFILE_H
#define TLSWRAP_READFILE_H

#include <stddef.h>

#define READFILE_MAX (1024 * 1024)	/* a PEM chain is a few KiB */

struct blob {
	unsigned char *data;	/* malloc'd, len + 1 bytes, NUL-terminated */
	size_t len;
};

/* Open path (relative to dirfd, as openat(2)) for reading, close-on-exec.
 * Returns the fd, or -1 with errno set. */
int open_file(int dirfd, const char *path);

/* Read the open file fd whole into *b, from its start.  On failure return
 * -1 with errno set (EFBIG when larger than READFILE_MAX, EINVAL when not a
 * regular file, EISDIR for a directory). */
int read_fd(int fd, struct blob *b);

/* Read up to len bytes, until EOF, retrying short reads and EINTR; *got
 * says how many came.  Returns 0, or -1 with errno set. */
int read_full(int fd, unsigned char *p, size_t len, size_t *got);

/* Zero the contents (they may be secret) and free them. */
void blob_wipe(struct blob *b);

#endif
