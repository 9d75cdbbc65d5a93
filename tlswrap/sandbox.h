/* The pump's confinement: once prog runs and the key is gone, tlswrap
 * needs only to move bytes, wait for prog and exit.  A seccomp filter
 * makes every other system call kill the process. */
#ifndef TLSWRAP_SANDBOX_H
#define TLSWRAP_SANDBOX_H

/* Confine the process; when the kernel cannot, or when enabled is 0 (-Z),
 * say so in one log line and go on unconfined. */
void sandbox_enter(int enabled);

#endif
