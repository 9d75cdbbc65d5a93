#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Variables meant for tlswrap only, or that prog must learn from us. */
static const char *const private_vars[] = {
	"CERTFILE", "KEYFILE", "TLS_UID", "TLS_GID", "CAFILE", "CADIR",
	"LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
	/* ours to set: never let the launcher's environment spoof them */
	"SSL_PROTOCOL", "SSL_CIPHER", "SSL_TLS_SNI_SERVERNAME", "SSL_ALPN",
};
static const char *const private_prefixes[] = {
	"CERTFILE:", "KEYFILE:", "SSL_PEER_",
};

#define COUNT(a) (sizeof a / sizeof a[0])

static int
is_private(const char *entry)
{
	size_t i, n = strcspn(entry, "=");

	for (i = 0; i < COUNT(private_vars); i++)
		if (strlen(private_vars[i]) == n &&
		    strncmp(entry, private_vars[i], n) == 0)
			return 1;
	for (i = 0; i < COUNT(private_prefixes); i++)
		if (strncmp(entry, private_prefixes[i],
		    strlen(private_prefixes[i])) == 0)
			return 1;
	return 0;
}

static const char *const fact_names[TLS_FACTS_COUNT] = {
	"SSL_CIPHER", "SSL_TLS_SNI_SERVERNAME", "SSL_ALPN",
	"SSL_PEER_CERT_HASH", "SSL_PEER_CERT_SUBJECT", "SSL_PEER_CERT_ISSUER",
	"SSL_PEER_CERT_NOTAFTER",
};

const char *
tls_fact(const struct tls_facts *f, int i)
{
	const char *const v[TLS_FACTS_COUNT] = { f->cipher, f->sni, f->alpn,
	    f->peer_hash, f->peer_subject, f->peer_issuer, f->peer_notafter };

	return v[i];
}

void
tls_fact_set(struct tls_facts *f, int i, const char *value)
{
	const char **v[TLS_FACTS_COUNT] = { &f->cipher, &f->sni, &f->alpn,
	    &f->peer_hash, &f->peer_subject, &f->peer_issuer, &f->peer_notafter };

	*v[i] = value;
}

void
env_for_prog(const struct tls_facts *f)
{
	size_t i, j;
	int k;

	/* Compact environ in place: no name length limit, no unsetenv()
	 * reshuffling under our feet. */
	for (i = j = 0; environ[i] != NULL; i++)
		if (!is_private(environ[i]))
			environ[j++] = environ[i];
	environ[j] = NULL;
	setenv("SSL_PROTOCOL", "TLSv1.2", 1);
	for (k = 0; k < TLS_FACTS_COUNT; k++)
		if (tls_fact(f, k) != NULL)
			setenv(fact_names[k], tls_fact(f, k), 1);
}

static int
our_end(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	/* Larger pipes mean fewer wake-ups; the size is a hint only. */
	(void)fcntl(fd, F_SETPIPE_SZ, PIPE_BUFFER_SIZE);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int
prog_pipes(int in[2], int out[2])
{
	int err;

	in[0] = in[1] = out[0] = out[1] = -1;
	if (pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0 &&
	    our_end(in[1]) == 0 && our_end(out[0]) == 0)
		return 0;
	err = errno;
	close_pipes(in, out);
	errno = err;
	return -1;
}

void
close_pipes(int in[2], int out[2])
{
	int i;

	for (i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
		in[i] = out[i] = -1;
	}
}

/* tlswrap ignores SIGPIPE; prog must start with it at its default. */
static int
spawn_with_sigpipe(pid_t *pid, char *const argv[],
    const posix_spawn_file_actions_t *fa)
{
	posix_spawnattr_t at;
	sigset_t def;
	int err;

	if ((err = posix_spawnattr_init(&at)) != 0)
		return err;
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	err = posix_spawnattr_setsigdefault(&at, &def);
	if (err == 0)
		err = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
	if (err == 0)
		err = posix_spawnp(pid, argv[0], fa, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	return err;
}

pid_t
spawn_prog(char *const argv[], int *to_prog, int *from_prog)
{
	posix_spawn_file_actions_t fa;
	int in[2], out[2];
	pid_t pid = -1;
	int err;

	if (prog_pipes(in, out) != 0)
		return -1;
	if ((err = posix_spawn_file_actions_init(&fa)) != 0) {
		errno = err;
		goto fail;
	}
	/* dup2 clears close-on-exec on fds 0 and 1 only; everything else we
	 * hold (the socket, the pipes' other ends) is close-on-exec. */
	err = posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	if (err == 0)
		err = posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	if (err == 0)
		err = spawn_with_sigpipe(&pid, argv, &fa);
	posix_spawn_file_actions_destroy(&fa);
	if (err != 0) {
		errno = err;
		pid = -1;
		goto fail;
	}
	close(in[0]);
	close(out[1]);
	*to_prog = in[1];
	*from_prog = out[0];
	return pid;
fail:
	err = errno;
	close_pipes(in, out);
	errno = err;
	return -1;
}

/* Wait at most seconds for pid to exit, with a pidfd when the kernel has
 * them (Linux 5.3); without, wait without a bound. */
static int
wait_bounded(pid_t pid, int seconds, int *status)
{
	struct pollfd p;
	pid_t r;
	int fd;

	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd >= 0) {
		p.fd = fd;
		p.events = POLLIN;
		while (poll(&p, 1, seconds * 1000) < 0 && errno == EINTR)
			;
		close(fd);
		r = waitpid(pid, status, WNOHANG);
		return r == pid ? 0 : -1;
	}
	while ((r = waitpid(pid, status, 0)) < 0 && errno == EINTR)
		;
	return r == pid ? 0 : -1;
}

int
wait_prog(pid_t pid)
{
	int status = 0;

	if (wait_bounded(pid, PROG_GRACE_S, &status) != 0) {
		kill(pid, SIGTERM);
		if (wait_bounded(pid, PROG_GRACE_S, &status) != 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
		}
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
