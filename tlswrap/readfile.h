/* Read a whole file into memory, bounded, with one open. */
#ifndef TLSWRAP_READFILE_H
#define TLSWRAP_READFILE_H

#include <stddef.h>

#define READFILE_MAX (1024 * 1024)	/* a PEM chain is a few KiB */

struct blob {
	unsigned char *data;	/* malloc'd, len + 1 bytes, NUL-terminated */
	size_t len;
};

/* Read path (relative to dirfd, as openat(2)) whole into *b.  On failure
 * return -1 with errno set (EFBIG when larger than READFILE_MAX, EINVAL when
 * not a regular file). */
int read_file(int dirfd, const char *path, struct blob *b);

/* Zero the contents (they may be secret) and free them. */
void blob_wipe(struct blob *b);

#endif
