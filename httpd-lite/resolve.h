/* resolve.h: opening paths strictly beneath a directory. */
#ifndef RESOLVE_H
#define RESOLVE_H

/*
 * Open path (relative; "" means dirfd itself) beneath dirfd with open
 * flags (O_CLOEXEC and O_NOCTTY are added).  Uses openat2(RESOLVE_BENEATH):
 * symlinks are followed only while they stay beneath dirfd.  On kernels
 * without openat2 it walks the path one component at a time and follows
 * no symlink at all.  Returns the fd, or -1 with errno (EXDEV or ELOOP
 * for an escape attempt).
 */
int open_beneath(int dirfd, const char *path, int flags);

#endif
