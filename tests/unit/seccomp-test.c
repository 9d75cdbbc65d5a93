/* seccomp-test: the filter that common/seccomp.c builds, run by a small
 * classic-BPF interpreter for every system call number 0..1099, for
 * allow-lists of every size 1..64 (random numbers, random order, with
 * repeats): exactly the listed numbers are allowed, and nothing else;
 * x32 numbers and a foreign architecture are killed.  Then the real thing:
 * a child with the filter installed may call what is listed and is killed
 * by SIGSYS on the first call that is not.  Prints TAP. */
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "seccomp.h"

/* Run f[0..len) on one struct seccomp_data; -1 for a malformed program
 * (a jump past the end, an instruction the builder must not use). */
static long
run(const struct sock_filter *f, size_t len, unsigned nr, unsigned arch)
{
	size_t pc = 0;
	unsigned a = 0;

	while (pc < len) {
		const struct sock_filter *i = &f[pc++];

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k == offsetof(struct seccomp_data, nr))
				a = nr;
			else if (i->k == offsetof(struct seccomp_data, arch))
				a = arch;
			else
				return -1;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= i->k ? i->jt : i->jf;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			return -1;
		}
	}
	return -1;
}

static int
listed(const int *allow, size_t n, unsigned nr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned)allow[i] == nr)
			return 1;
	return 0;
}

static void
check_sizes(void)
{
	struct sock_filter f[SECCOMP_FILTER_MAX];
	int allow[SECCOMP_ALLOW_MAX];
	size_t n, i, len;
	unsigned nr, arch = 0;
	int wrong_allowed, wrong_killed, bad, round;
	char what[160];

#if defined(__x86_64__)
	arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
	arch = AUDIT_ARCH_AARCH64;
#elif defined(__i386__)
	arch = AUDIT_ARCH_I386;
#endif
	srand(1);
	for (n = 1; n <= SECCOMP_ALLOW_MAX; n++) {
		wrong_allowed = wrong_killed = bad = 0;
		for (round = 0; round < 20; round++) {
			for (i = 0; i < n; i++)	/* clustered, as real lists are, with repeats */
				allow[i] = rand() % (round % 2 ? 80 : 460);
			len = seccomp_build(f, allow, n);
			if (len == 0 || len > SECCOMP_FILTER_MAX) {
				bad++;
				continue;
			}
			for (nr = 0; nr < 1100; nr++) {
				long r = run(f, len, nr, arch);

				if (r < 0)
					bad++;
				else if (listed(allow, n, nr))
					wrong_killed += r != SECCOMP_RET_ALLOW;
				else
					wrong_allowed += r != SECCOMP_RET_KILL_PROCESS;
			}
			/* x32 (bit 30) and another architecture */
			for (i = 0; i < n; i++) {
				wrong_allowed += run(f, len, (unsigned)allow[i] | 0x40000000u, arch) != SECCOMP_RET_KILL_PROCESS;
				wrong_allowed += run(f, len, (unsigned)allow[i], arch ^ 1) != SECCOMP_RET_KILL_PROCESS;
			}
		}
		snprintf(what, sizeof what, "%zu numbers: %d allowed that were not listed, "
		    "%d listed but killed, %d malformed", n, wrong_allowed, wrong_killed, bad);
		ok(wrong_allowed == 0 && wrong_killed == 0 && bad == 0, what);
	}
	ok(seccomp_build(f, allow, 0) == 0, "an empty list: no filter");
	ok(seccomp_build(f, allow, SECCOMP_ALLOW_MAX + 1) == 0, "65 numbers: no filter");
}

/* In a child: install the filter, then call getpid (listed) and getppid
 * (not listed); the child must die of SIGSYS after the first. */
static void
check_installed(void)
{
	static const int allow[] = { SYS_exit_group, SYS_getpid, SYS_write, SYS_exit };
	int st, fd[2];
	char got = 0;
	pid_t pid;

	if (pipe(fd) != 0) {
		ok(0, "pipe");
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(fd[0]);
		if (seccomp_allow_only(allow, sizeof allow / sizeof allow[0]) != 0)
			_exit(2);
		syscall(SYS_getpid);
		if (write(fd[1], "p", 1) != 1)
			_exit(3);
		syscall(SYS_getppid);
		_exit(4);
	}
	close(fd[1]);
	if (read(fd[0], &got, 1) != 1)
		got = 0;
	close(fd[0]);
	waitpid(pid, &st, 0);
	ok(got == 'p', "installed: a listed call (getpid) returns");
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS,
	    "installed: the first call not listed (getppid) kills with SIGSYS");
}

int
main(void)
{
	check_sizes();
	check_installed();
	printf("1..%d\n", n_test);
	return n_failed != 0;
}
