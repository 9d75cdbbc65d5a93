/*
 * sandbox.h: kernel-enforced confinement applied after privs_setup() and
 * before the first byte from the client is read.  Landlock (unless -L)
 * leaves the process read-only access beneath the document root and no
 * other file system access; where the kernel lacks Landlock a one-line
 * warning is logged and serving goes on.  Later filters (seccomp) belong
 * here too.  Exits on failure.
 */
#ifndef SANDBOX_H
#define SANDBOX_H

void sandbox_enter(void);

#endif
