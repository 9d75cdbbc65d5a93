#include "sandbox.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>

#include "log.h"
#include "sanitizer.h"
#include "seccomp.h"

/* What the pump, prog_wait and the C library under them use. */
static const int pump_syscalls[] = {
	SYS_read, SYS_write, SYS_close, SYS_shutdown, SYS_ppoll,
#ifdef SYS_poll
	SYS_poll,
#endif
	SYS_wait4, SYS_waitid, SYS_kill, SYS_pidfd_open, SYS_clock_gettime,
	SYS_exit, SYS_exit_group, SYS_rt_sigreturn, SYS_restart_syscall,
	SYS_brk, SYS_mmap, SYS_munmap, SYS_madvise, SYS_futex, SYS_getpid, SYS_getrandom,
};

void
sandbox_enter(int enabled)
{
#ifdef SANITIZER_BUILD
	(void)pump_syscalls;	/* unused here: keeps make SANITIZE=1 WERROR=1 building */
	if (enabled)
		log_line("warning: seccomp off in a sanitizer build; the pump runs unconfined");
	return;
#else
	if (!enabled)
		return;		/* -Z: asked for, so no warning */
	if (seccomp_allow_only(pump_syscalls, sizeof pump_syscalls /
	    sizeof pump_syscalls[0]) != 0)
		log_line("warning: seccomp unavailable (%s); the pump runs unconfined",
		    strerror(errno));
#endif
}
