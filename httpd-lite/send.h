/*
 * send.h: the response for one regular file: its variant, preconditions
 * and range, the header block, and the body.
 */
#ifndef SEND_H
#define SEND_H

#include <sys/stat.h>

#include "io.h"
#include "request.h"
#include "response.h"

/* A file that lookup found servable (regular, world-readable). */
struct file {
	int fd;              /* opened for reading; the caller closes it */
	struct stat sb;      /* fstat of fd */
	int dirfd;           /* where name's variants are; -1: none, and the
	                        type is application/octet-stream (-A) */
	const char *name;    /* path beneath dirfd: type and variants */
};

/*
 * Write the whole response for f: 200, 206, 304, 412 or 416 (500 when the
 * header does not fit).  0, or -1 when the connection failed (c->err).
 */
int send_file(struct conn *c, const struct request *r, int keep,
    const struct file *f, struct outcome *o);

/* Strong ETag of a file, quoted; out has ETAG_MAX bytes. */
void file_etag(const struct stat *st, char *out);

#endif
