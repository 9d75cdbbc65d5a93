/* clock.h: the one clock both programs' deadlines use.
 *
 * A deadline is a point on the monotonic clock in milliseconds (now_ms()
 * plus a timeout); -1 stands for "no deadline".  The monotonic clock does
 * not jump when the wall clock is set. */
#ifndef COMMON_CLOCK_H
#define COMMON_CLOCK_H

/* Milliseconds on the monotonic clock. */
long long now_ms(void);

/* poll(2) timeout (ms) until deadline, at least 0; -1 when deadline < 0. */
int ms_until(long long deadline);

#endif
