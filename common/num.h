/* num.h: bounded decimal parsing for both programs (no atoi anywhere). */
#ifndef COMMON_NUM_H
#define COMMON_NUM_H

#include <stdint.h>

/*
 * Parse the decimal digits at *sp, advancing *sp past them.  Values above
 * max saturate to max+1 so callers can tell "too big" from a real value
 * (max MUST be below UINT64_MAX).  Returns the number of digits read; 0
 * means *sp did not start with a digit.
 */
int num_scan(const char **sp, uint64_t max, uint64_t *out);

/* A whole NUL-terminated string of digits, 0 <= value <= max: 0, else -1. */
int num_parse(const char *s, uint64_t max, uint64_t *out);

/* A whole string of digits as an int, min <= value <= max (0 <= min <=
 * max): 0, else -1 and *out untouched.  No sign, no spaces. */
int parse_uint(const char *s, int min, int max, int *out);

/* Value of a hexadecimal digit, or -1. */
int hex_digit(int ch);

#endif
