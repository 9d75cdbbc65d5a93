/* Starting prog after the handshake, and waiting for it at the end. */
#ifndef TLSWRAP_SPAWN_H
#define TLSWRAP_SPAWN_H

#include <sys/types.h>

#define PIPE_BUFFER_SIZE (256 * 1024)	/* fewer wake-ups on bulk data */
#define PROG_GRACE_S 5			/* after the connection ends */

/* The TLS facts for prog's environment; NULL: absent. */
struct tls_facts {
	const char *cipher;	/* SSL_CIPHER, OpenSSL-style suite name */
	const char *sni;	/* SSL_TLS_SNI_SERVERNAME */
	const char *alpn;	/* SSL_ALPN */
	const char *peer_hash;	/* SSL_PEER_CERT_HASH (verified only) */
	const char *peer_subject;	/* SSL_PEER_CERT_SUBJECT */
	const char *peer_issuer;	/* SSL_PEER_CERT_ISSUER */
	const char *peer_notafter;	/* SSL_PEER_CERT_NOTAFTER */
};

/* The facts by index 0..TLS_FACTS_COUNT-1, in the order above, so that
 * they can travel to the launcher. */
#define TLS_FACTS_COUNT 7
const char *tls_fact(const struct tls_facts *f, int i);
void tls_fact_set(struct tls_facts *f, int i, const char *value);

/* Remove tlswrap's own variables (CERTFILE, KEYFILE, LISTEN_*, ...) and any
 * inherited SSL_* from the environment, then export the facts. */
void env_for_prog(const struct tls_facts *f);

/* Make prog's two pipes: in[0] and out[1] are prog's stdin and stdout;
 * in[1] and out[0], ours, are non-blocking.  All four close-on-exec.
 * Returns 0, or -1 with errno set and nothing left open. */
int prog_pipes(int in[2], int out[2]);

/* Close whichever of the four are open and mark them -1. */
void close_pipes(int in[2], int out[2]);

/* Start argv[0] (searched in PATH) with a pipe on its stdin and one on its
 * stdout; our ends, non-blocking and close-on-exec, go to *to_prog and
 * *from_prog.  stderr is inherited.  Returns the pid, or -1 with errno. */
pid_t spawn_prog(char *const argv[], int *to_prog, int *from_prog);

/* Wait for prog; when it has not exited PROG_GRACE_S seconds after the
 * connection ended, SIGTERM it, then SIGKILL it as long again later.
 * Returns its exit status, or 128 + signal number. */
int wait_prog(pid_t pid);

#endif
