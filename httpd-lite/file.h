/* file.h: answering a GET or HEAD from the document root. */
#ifndef FILE_H
#define FILE_H

#include <sys/stat.h>
#include <sys/types.h>

#include "io.h"
#include "request.h"

/* What was answered, for the log. */
struct outcome {
	int status;
	off_t sent;  /* body bytes written */
};

/*
 * Map r's path to a file, directory redirect, index or listing, and write
 * the whole response.  Returns 0, or -1 when the connection failed (then
 * c->err says why, and nothing more can be sent).
 */
int file_serve(struct conn *c, const struct request *r, int keep,
    struct outcome *o);

/* Strong ETag of a file, quoted; out has ETAG_MAX bytes. */
void file_etag(const struct stat *st, char *out);

#endif
