/* variant.h: precompressed variants of a file (NAME.br, NAME.gz). */
#ifndef VARIANT_H
#define VARIANT_H

#include <sys/stat.h>

#include "request.h"

struct variant {
	int fd;              /* open variant to send, or -1: send the original */
	struct stat sb;      /* of fd, when fd >= 0 */
	const char *coding;  /* its Content-Encoding, or NULL */
	int vary;            /* a variant exists: the answer varies */
};

/*
 * When ae accepts br or gzip: look for name.br and name.gz beneath dirfd,
 * regular, world-readable, not older than orig; v->vary when any exists;
 * v->fd, v->sb and v->coding for the first, in order of preference, that
 * ae accepts.  When ae accepts neither: no look-up, v->fd is -1 and
 * v->vary is set.  The caller closes v->fd.
 */
void variant_pick(const struct field_lines *ae, int dirfd, const char *name,
    const struct stat *orig, struct variant *v);

#endif
