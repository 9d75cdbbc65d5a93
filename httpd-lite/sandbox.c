/* sandbox.c: Landlock through raw system calls (no library). */
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "httpd.h"
#include "log.h"
#include "options.h"
#include "sandbox.h"
#include "sanitizer.h"
#include "seccomp.h"

#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif

#define FS_V1 ((1ULL << 13) - 1)  /* EXECUTE through MAKE_SYM */

static void allow_read(int rfd, int fd, const char *what)
{
	struct landlock_path_beneath_attr pb;

	memset(&pb, 0, sizeof pb);
	pb.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE |
	    LANDLOCK_ACCESS_FS_READ_DIR;
	pb.parent_fd = fd;
	if (syscall(SYS_landlock_add_rule, rfd, LANDLOCK_RULE_PATH_BENEATH,
	    &pb, 0) < 0)
		die_errno(EXIT_TEMP, "%s", what);
}

/* Everything the running kernel's ABI can restrict: all of it is denied
 * except reading beneath the document root (and the -A directory). */
static uint64_t handled(int abi)
{
	uint64_t a = FS_V1;

	if (abi >= 2)
		a |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		a |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		a |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return a;
}

static void landlock(void)
{
	struct landlock_ruleset_attr attr;
	long abi;
	int rfd;

	abi = syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 0) {
		log_err(errno, "warning: Landlock unavailable, not confined");
		return;
	}
	memset(&attr, 0, sizeof attr);
	attr.handled_access_fs = handled((int)abi);
	/* Only the first field: older kernels refuse larger structures. */
	rfd = (int)syscall(SYS_landlock_create_ruleset, &attr,
	    sizeof attr.handled_access_fs, 0);
	if (rfd < 0)
		die_errno(EXIT_TEMP, "landlock_create_ruleset");
	allow_read(rfd, cfg.rootfd, "landlock_add_rule");
	if (cfg.acmefd >= 0)
		allow_read(rfd, cfg.acmefd, "landlock_add_rule -A");
#ifdef SANITIZER_BUILD
	{
		/* Sanitizer builds only: LeakSanitizer reads /proc at exit. */
		int proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (proc >= 0) {
			allow_read(rfd, proc, "landlock_add_rule /proc");
			close(proc);
		}
	}
#endif
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die_errno(EXIT_TEMP, "prctl(PR_SET_NO_NEW_PRIVS)");
	if (syscall(SYS_landlock_restrict_self, rfd, 0) < 0)
		die_errno(EXIT_TEMP, "landlock_restrict_self");
	close(rfd);
}

/* What serving needs once the document root is open: files, the
 * connection's fds, time, memory, exit.  No socket(), no execve(), no
 * writes to files (Landlock forbids those too). */
static const int serving_syscalls[] = {
	SYS_read, SYS_write, SYS_writev, SYS_pread64, SYS_sendfile,
	SYS_sendto, SYS_recvfrom, SYS_openat, SYS_openat2, SYS_close,
	SYS_fstat, SYS_newfstatat, SYS_statx, SYS_lseek, SYS_getdents64,
	SYS_fcntl, SYS_ppoll, SYS_setsockopt, SYS_getsockopt, SYS_shutdown,
	SYS_getpeername, SYS_getsockname, SYS_clock_gettime, SYS_gettimeofday,
	SYS_brk, SYS_mmap, SYS_munmap, SYS_mremap, SYS_madvise, SYS_futex,
	SYS_rt_sigreturn, SYS_restart_syscall, SYS_getpid, SYS_getrandom, SYS_exit,
	SYS_exit_group,
#ifdef SYS_poll
	SYS_poll,
#endif
#ifdef SYS_time
	SYS_time,
#endif
};

static void seccomp(void)
{
#ifdef SANITIZER_BUILD
	(void)serving_syscalls;	/* unused here: keeps make SANITIZE=1 WERROR=1 building */
	log_line("warning: seccomp off in a sanitizer build, not confined");
#else
	if (seccomp_allow_only(serving_syscalls, sizeof serving_syscalls /
	    sizeof serving_syscalls[0]) < 0)
		log_err(errno, "warning: seccomp unavailable, not confined");
#endif
}

void sandbox_enter(void)
{
	if (cfg.landlock)
		landlock();
	if (cfg.seccomp)
		seccomp();
}
