/* A seccomp allow-list without a library: a short classic-BPF program that
 * checks the architecture, then lets through only the listed system calls
 * (a balanced tree of jumps over their sorted numbers) and kills the
 * process on any other. */
#ifndef COMMON_SECCOMP_H
#define COMMON_SECCOMP_H

#include <linux/filter.h>
#include <stddef.h>

#define SECCOMP_ALLOW_MAX 64
/* arch check (3), load nr (1), the tree (< 2n), kill, allow: every jump
 * offset fits classic BPF's 8 bits */
#define SECCOMP_FILTER_MAX (4 + 2 * SECCOMP_ALLOW_MAX + 2)

/* Write the filter for syscall numbers allow[0..n) (in any order, repeats
 * allowed) to f[0..SECCOMP_FILTER_MAX); returns its length, or 0 when n is
 * 0 or over SECCOMP_ALLOW_MAX, or the architecture is not known here. */
size_t seccomp_build(struct sock_filter *f, const int *allow, size_t n);

/* Install that filter; also sets no_new_privs.  Returns 0, or -1 with errno
 * set (ENOSYS or EINVAL when the kernel has no seccomp filters; EOPNOTSUPP
 * on an architecture this file does not know). */
int seccomp_allow_only(const int *allow, size_t n);

#endif
