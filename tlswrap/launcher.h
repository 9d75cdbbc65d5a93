/* Starting prog when tlswrap gives up its identity before the handshake
 * (-u, -U, -r, TLS_UID): a child is forked first, before any key is read,
 * keeping the superserver's identity (or taking -U's); it waits for the
 * handshake's facts on a pipe and only then execs prog.  When the
 * handshake fails it gets EOF instead and exits quietly: prog never runs. */
#ifndef TLSWRAP_LAUNCHER_H
#define TLSWRAP_LAUNCHER_H

#include <sys/types.h>

#include "privs.h"
#include "spawn.h"

#define LAUNCHER_FACTS_MAX 4096	/* names, SNI, ALPN, peer subject, issuer */

struct launcher {
	pid_t pid;
	int go;			/* write end: the facts, then EOF */
	int to_prog, from_prog;	/* our ends of prog's pipes */
};

/* Fork the launcher for argv, to run as prog_id when set.  Exit 111 on
 * failure. */
void launcher_start(struct launcher *l, char *const argv[],
    const struct identity *prog_id);

/* Hand the facts over: prog starts now. */
void launcher_go(struct launcher *l, const struct tls_facts *f);

#endif
