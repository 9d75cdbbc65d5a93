/* Read a whole file into memory, bounded, with one open.
 *
 * The text lands in one fixed buffer in static storage (its untouched
 * pages cost nothing), as BearSSL's own tools keep key material in fixed
 * buffers: no allocation, and no length field a caller could get wrong.
 * Before each read the buffer is marked used up to the most read(2) may
 * write; text_wipe() zeroes exactly that, on every path. */
#ifndef TLSWRAP_READFILE_H
#define TLSWRAP_READFILE_H

#include <stddef.h>

#define READFILE_MAX (1024 * 1024)	/* a PEM chain is a few KiB */

/* Open path (relative to dirfd, as openat(2)) for reading, close-on-exec.
 * Returns the fd, or -1 with errno set. */
int open_file(int dirfd, const char *path);

/* Read the open file fd whole, from its start, into the buffer (the
 * previous text is wiped first) and return it, NUL-terminated, with its
 * length in *len.  It stays until text_wipe() or the next read_fd().  On
 * failure return NULL with errno set (EFBIG when larger than READFILE_MAX,
 * EINVAL when not a regular file, EISDIR for a directory, EAGAIN when it
 * grew while read), the buffer already wiped. */
const unsigned char *read_fd(int fd, size_t *len);

/* Zero every byte of the buffer that a read may have written: call it as
 * soon as the text is decoded (it may hold a private key). */
void text_wipe(void);

/* Read up to len bytes, until EOF, retrying short reads and EINTR; *got
 * says how many came.  Returns 0, or -1 with errno set. */
int read_full(int fd, unsigned char *p, size_t len, size_t *got);

#endif
