/* encoding.h: Accept-Encoding (RFC 9110 12.5.3). */
#ifndef ENCODING_H
#define ENCODING_H

#include "request.h"

/*
 * 1 when the request's Accept-Encoding lines accept coding with a non-zero
 * q: listed by name (or alias, e.g. x-gzip), else through "*".  q=0 refuses.
 */
int accepts_coding(const struct field_lines *ae, const char *coding,
    const char *alias);

#endif
