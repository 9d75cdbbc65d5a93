/* Starting prog and waiting for it: one interface, two ways.
 *
 * prog_prepare() runs before any key is read, prog_start() after the
 * handshake with its facts, prog_wait() at the end.  When tlswrap gives up
 * its identity before the handshake (-u, -U, -r, TLS_UID), prog's identity
 * must be kept for it: prepare then forks a launcher, which waits for the
 * facts on a pipe and only then execs prog (with EOF instead, when the
 * handshake fails, it exits quietly: prog never runs).  Otherwise prepare
 * does nothing and start spawns prog with posix_spawnp, which is cheaper
 * than a fork of tlswrap.  Either way prog gets a pipe on its stdin and one
 * on its stdout, inherits stderr, starts with SIGPIPE at its default and
 * sees the environment of progenv.h. */
#ifndef TLSWRAP_PROG_H
#define TLSWRAP_PROG_H

#include <sys/types.h>

#include "facts.h"
#include "privs.h"

#define PIPE_BUFFER_SIZE (256 * 1024)	/* fewer wake-ups on bulk data */
#define PROG_GRACE_S 5			/* after the connection ends */

struct prog {
	char *const *argv;	/* argv[0] is searched in PATH */
	const struct identity *id;	/* prog's identity, when set */
	int early;		/* fork the launcher in prog_prepare() */
	pid_t pid;
	int go;			/* to the launcher: the facts, then EOF */
	int to_prog, from_prog;	/* our ends, non-blocking, close-on-exec */
};

/* Before the keys are read.  early: fork the launcher now, which drops to
 * id (when set) before it execs prog.  Exit 111 on failure. */
void prog_prepare(struct prog *p, char *const argv[],
    const struct identity *id, int early);

/* After the handshake: prog starts now, with the facts in its environment.
 * Exit 111 on failure. */
void prog_start(struct prog *p, const struct tls_facts *f);

/* Wait for prog; when it has not exited PROG_GRACE_S seconds after the
 * connection ended, SIGTERM it, then SIGKILL it as long again later.
 * Returns its exit status, or 128 + signal number. */
int prog_wait(const struct prog *p);

#endif
