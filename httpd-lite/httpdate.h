/* httpdate.h: HTTP-date (RFC 9110 5.6.7) formatting and parsing. */
#ifndef HTTPDATE_H
#define HTTPDATE_H

#include <time.h>

#include "httpd.h"

/* IMF-fixdate of t into out (DATE_MAX bytes). */
void http_date(time_t t, char out[DATE_MAX]);

/* A formatted date kept for the next call with the same time. */
struct date_memo {
	int set;
	time_t t;
	char s[DATE_MAX];
};

/* http_date(t) through m: formatted only when t differs from the last. */
const char *http_date_memo(struct date_memo *m, time_t t);

/* Parse any of the three HTTP-date forms, whole string: 0, or -1. */
int http_date_parse(const char *s, time_t *t);

#endif
