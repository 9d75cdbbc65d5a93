/* body.h: request bodies are read and thrown away, never served. */
#ifndef BODY_H
#define BODY_H

#include "io.h"
#include "request.h"

/*
 * Consume r's body (Content-Length or chunked, trailers included) so the
 * next request starts where it should.  Bodies over BODY_DISCARD_MAX are
 * refused unread.  The whole body must arrive within c->head_ms.
 * Returns 0, ST_TOO_LARGE, ST_BAD_REQUEST (bad chunked framing),
 * ST_TIMEOUT, or ST_GONE (EOF or I/O error).
 */
int body_discard(struct conn *c, const struct request *r);

#endif
