/* lookup.h: from a request's path to what answers it. */
#ifndef LOOKUP_H
#define LOOKUP_H

#include "io.h"
#include "request.h"
#include "response.h"

/*
 * Map r's path to a file (send.h), a directory's index, listing or
 * redirect, an -A challenge, or an error, and write the whole response.
 * Returns 0, or -1 when the connection failed (then c->err says why, and
 * nothing more can be sent).
 */
int lookup_serve(struct conn *c, const struct request *r, int keep,
    struct outcome *o);

#endif
