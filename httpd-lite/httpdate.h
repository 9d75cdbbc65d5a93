/* httpdate.h: HTTP-date (RFC 9110 5.6.7) formatting and parsing. */
#ifndef HTTPDATE_H
#define HTTPDATE_H

#include <time.h>

#include "httpd.h"

/* IMF-fixdate of t into out (DATE_MAX bytes). */
void http_date(time_t t, char out[DATE_MAX]);

/* Parse any of the three HTTP-date forms, whole string: 0, or -1. */
int http_date_parse(const char *s, time_t *t);

#endif
