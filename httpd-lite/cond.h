/* cond.h: conditional requests (RFC 9110 section 13). */
#ifndef COND_H
#define COND_H

#include <time.h>

#include "request.h"

/*
 * Steps 1-4 of RFC 9110 13.2.2 for a GET or HEAD of an existing
 * representation with strong validator etag (quoted) and mtime.  Returns 0
 * to go on, ST_PRECONDITION (If-Match, If-Unmodified-Since) or
 * ST_NOT_MODIFIED (If-None-Match, else If-Modified-Since).  now is the
 * current time: dates after it are invalid and ignored.
 */
int cond_check(const struct request *r, const char *etag, time_t mtime,
    time_t now);

/* Step 5: 1 when a Range may be honoured given If-Range (or its absence). */
int cond_if_range(const char *if_range, const char *etag, time_t mtime);

/* etag is in the If-Match/If-None-Match field lines; weak comparison if weak. */
int etag_listed(const struct field_lines *f, const char *etag, int weak);

#endif
