#include "seccomp.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>

#if defined(__x86_64__)
#define SECCOMP_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define SECCOMP_ARCH AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define SECCOMP_ARCH AUDIT_ARCH_I386
#endif

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, \
	offsetof(struct seccomp_data, field))
#define RET(action) BPF_STMT(BPF_RET | BPF_K, (action))

int
seccomp_allow_only(const int *allow, size_t n)
{
#ifdef SECCOMP_ARCH
	/* arch check (3), load nr (1), one jump per call, kill, allow */
	struct sock_filter f[4 + SECCOMP_ALLOW_MAX + 2];
	struct sock_fprog prog;
	size_t i, k = 0;

	if (n > SECCOMP_ALLOW_MAX) {
		errno = E2BIG;
		return -1;
	}
	f[k++] = (struct sock_filter)LOAD(arch);
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    SECCOMP_ARCH, 1, 0);
	f[k++] = (struct sock_filter)RET(SECCOMP_RET_KILL_PROCESS);
	f[k++] = (struct sock_filter)LOAD(nr);
	/* x32 system calls share x86_64's arch value: the kill rule below
	 * catches them, as their numbers carry bit 30. */
	for (i = 0; i < n; i++)
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    (unsigned)allow[i], (unsigned char)(n - i), 0);
	f[k++] = (struct sock_filter)RET(SECCOMP_RET_KILL_PROCESS);
	f[k++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)k;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
#else
	(void)allow;
	(void)n;
	errno = EOPNOTSUPP;
	return -1;
#endif
}
