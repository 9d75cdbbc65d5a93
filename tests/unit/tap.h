/* TAP output for the C unit tests: one "ok N - what" line per check;
 * main() ends with printf("1..%d\n", n_test) and returns n_failed != 0. */
#ifndef TESTS_UNIT_TAP_H
#define TESTS_UNIT_TAP_H

#include <stdio.h>

static int n_test, n_failed;

static void
ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		n_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

#endif
