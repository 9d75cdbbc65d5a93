/* A seccomp allow-list without a library: a short classic-BPF program that
 * checks the architecture, then lets through only the listed system calls
 * and kills the process on any other.  Built once per process in a few
 * microseconds, where libseccomp would compile its filter at run time. */
#ifndef COMMON_SECCOMP_H
#define COMMON_SECCOMP_H

#include <stddef.h>

#define SECCOMP_ALLOW_MAX 64

/* Install the filter for syscall numbers allow[0..n); also sets
 * no_new_privs.  Returns 0, or -1 with errno set (ENOSYS or EINVAL when the
 * kernel has no seccomp filters; EOPNOTSUPP on an architecture this file
 * does not know). */
int seccomp_allow_only(const int *allow, size_t n);

#endif
