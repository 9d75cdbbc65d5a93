/* vhost.h: the document root's directory for a request's host (-v). */
#ifndef VHOST_H
#define VHOST_H

#include "request.h"

/*
 * Open rootfd/HOST (O_PATH) for r's host: lowercased, port cut, a valid
 * DNS name only.  0 with *fd set, ST_BAD_REQUEST for a missing or invalid
 * host, or the status of the failed open (errno_status()).
 */
int vhost_dir(const struct request *r, int rootfd, int *fd);

/* A failed open, as a status: escapes and loops look like absent files. */
int errno_status(int e);

#endif
