/*
 * log-stub.h: common/log.c replaced for the tlswrap harnesses.  die() and
 * die_errno() format their line (so format and arguments are checked) and
 * longjmp to fuzz_die_jmp when fuzz_die_armed is set; when it is not, a
 * die() is unexpected and aborts, which libFuzzer reports as a crash.
 */
#ifndef FUZZ_LOG_STUB_H
#define FUZZ_LOG_STUB_H

#include <setjmp.h>

extern jmp_buf fuzz_die_jmp;
extern int fuzz_die_armed;
extern int fuzz_die_code;		/* exit code die() was given */
extern char fuzz_die_line[1024];	/* and its line */

#endif
