/* dirlist.h: the HTML directory listing of -l. */
#ifndef DIRLIST_H
#define DIRLIST_H

#include "io.h"
#include "request.h"
#include "response.h"

/*
 * Write a 200 listing of directory dfd (opened O_RDONLY) shown as the
 * request path: names sorted bytewise, dotfiles left out, HTML-escaped and
 * URL-encoded, with sizes and modification times.  ST_INTERNAL (answered
 * as such) when it does not fit LISTING_* limits.  0, or -1 on I/O error.
 */
int dirlist(struct conn *c, const struct request *r, int keep, int dfd,
    struct outcome *o);

/* Append s to out[*o, n) HTML-escaped / URL-encoded; -1 when full. */
int html_escape(char *out, size_t n, size_t *o, const char *s);
int url_encode(char *out, size_t n, size_t *o, const char *s);

#endif
