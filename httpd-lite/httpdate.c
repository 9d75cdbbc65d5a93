/* httpdate.c: HTTP dates, independent of the locale and time zone. */
#include <stdio.h>
#include <string.h>

#include "httpdate.h"

static const char days[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

void http_date(time_t t, char out[DATE_MAX])
{
	struct tm tm;
	int n;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year > 8099) {
		t = 0;
		gmtime_r(&t, &tm);
	}
	n = snprintf(out, DATE_MAX, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	/* Cannot happen with the year bounded above; never send a cut date. */
	if (n < 0 || n >= DATE_MAX)
		memcpy(out, "Thu, 01 Jan 1970 00:00:00 GMT", 30);
}

const char *http_date_memo(struct date_memo *m, time_t t)
{
	if (!m->set || m->t != t) {
		http_date(t, m->s);
		m->t = t;
		m->set = 1;
	}
	return m->s;
}

static int find(const char (*names)[4], int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (strncmp(names[i], s, 3) == 0)
			return i;
	return -1;
}

/* Weekday names in RFC 850 dates are spelled out. */
static const char *const long_days[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

static int valid_tm(const struct tm *tm)
{
	return tm->tm_mday >= 1 && tm->tm_mday <= 31 && tm->tm_hour >= 0 &&
	    tm->tm_hour <= 23 && tm->tm_min >= 0 && tm->tm_min <= 59 &&
	    tm->tm_sec >= 0 && tm->tm_sec <= 60 && tm->tm_year >= 0;
}

int http_date_parse(const char *s, time_t *t)
{
	struct tm tm;
	char wd[10], mon[4];
	int i, n = 0, d, y, h, mi, se;

	memset(&tm, 0, sizeof tm);
	/* %n records where the match ended: the whole string must match. */
	if (sscanf(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n",
	    wd, &d, mon, &y, &h, &mi, &se, &n) == 7 && n == 29 && s[n] == '\0' &&
	    find(days, 7, wd) >= 0) {
		tm.tm_year = y - 1900;
	} else if (sscanf(s, "%9[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n",
	    wd, &d, mon, &y, &h, &mi, &se, &n) == 7 && s[n] == '\0') {
		for (i = 0; i < 7 && strcmp(wd, long_days[i]) != 0; i++)
			;
		if (i == 7)
			return -1;
		/* RFC 9110: two-digit years 50 and above are 19xx. */
		tm.tm_year = y < 50 ? y + 100 : y;
	} else if (sscanf(s, "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n",
	    wd, mon, &d, &h, &mi, &se, &y, &n) == 7 && s[n] == '\0' &&
	    find(days, 7, wd) >= 0) {
		tm.tm_year = y - 1900;
	} else {
		return -1;
	}
	tm.tm_mon = find(months, 12, mon);
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	if (tm.tm_mon < 0 || strlen(mon) != 3 || !valid_tm(&tm))
		return -1;
	*t = timegm(&tm);
	return *t == (time_t)-1 ? -1 : 0;
}
