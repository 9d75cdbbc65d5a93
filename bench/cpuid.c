/* cpuid: microseconds per CPUID instruction (leaf 4, as the C library's
 * start-up issues it to learn the cache sizes), the median of 11 runs of
 * 200.  On a virtual machine every CPUID traps to the hypervisor. */
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double
now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(void)
{
	double run[11], t0;
	unsigned a, b, c, d;
	volatile unsigned sink = 0;	/* keeps the loop */
	int i, k;

	for (k = 0; k < 11; k++) {
		t0 = now_us();
		for (i = 0; i < 200; i++) {
			__cpuid_count(4, i & 3, a, b, c, d);
			sink += a ^ b ^ c ^ d;
		}
		run[k] = (now_us() - t0) / 200;
	}
	qsort(run, 11, sizeof run[0], by_value);
	printf("%.3f\n", run[5]);
	return 0;
}
