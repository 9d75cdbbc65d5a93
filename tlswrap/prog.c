#include "prog.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "privdrop.h"
#include "progenv.h"
#include "readfile.h"

extern char **environ;

static int
our_end(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	/* Larger pipes mean fewer wake-ups; the size is a hint only. */
	(void)fcntl(fd, F_SETPIPE_SZ, PIPE_BUFFER_SIZE);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void
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

/* in[0] and out[1] are prog's stdin and stdout; in[1] and out[0], ours,
 * are non-blocking.  All four close-on-exec.  Returns 0, or -1 with errno
 * set and nothing left open. */
static int
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

/* Keep prog's ends in the child, ours in the parent. */
static void
keep_ours(struct prog *p, int in[2], int out[2])
{
	close(in[0]);
	close(out[1]);
	p->to_prog = in[1];
	p->from_prog = out[0];
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

/* Start prog now; returns 0, or -1 with errno set and nothing left open. */
static int
spawn_now(struct prog *p)
{
	posix_spawn_file_actions_t fa;
	int in[2], out[2];
	int err;

	if (prog_pipes(in, out) != 0)
		return -1;
	if ((err = posix_spawn_file_actions_init(&fa)) == 0) {
		/* dup2 clears close-on-exec on fds 0 and 1 only; everything
		 * else we hold (the socket, the pipes' other ends) is
		 * close-on-exec. */
		err = posix_spawn_file_actions_adddup2(&fa, in[0], 0);
		if (err == 0)
			err = posix_spawn_file_actions_adddup2(&fa, out[1], 1);
		if (err == 0)
			err = spawn_with_sigpipe(&p->pid, p->argv, &fa);
		posix_spawn_file_actions_destroy(&fa);
	}
	if (err != 0) {
		close_pipes(in, out);
		errno = err;
		return -1;
	}
	keep_ours(p, in, out);
	return 0;
}

/* The launcher: wait for the facts, then become prog. */
static _Noreturn void
launcher(int go, int in[2], int out[2], char *const argv[],
    const struct identity *id)
{
	char buf[FACTS_MAX];
	struct tls_facts f;
	const char *why;
	size_t n;

	if (read_full(go, (unsigned char *)buf, sizeof buf, &n) != 0 || n == 0)
		_exit(0);	/* no handshake, no prog */
	if (facts_unpack(&f, buf, n) != 0)
		_exit(EXIT_TEMP);
	progenv_set(&f);
	if (id->set && privdrop(id->uid, id->gid, &why) != 0) {
		log_line("prog: dropping privileges: %s: %s", why, strerror(errno));
		_exit(EXIT_TEMP);
	}
	if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
		_exit(EXIT_TEMP);
	signal(SIGPIPE, SIG_DFL);	/* tlswrap ignores it; prog must not */
	execvp(argv[0], argv);
	log_line("cannot run %s: %s", argv[0], strerror(errno));
	_exit(EXIT_TEMP);
}

static void
fork_launcher(struct prog *p)
{
	int in[2], out[2], go[2];

	if (prog_pipes(in, out) != 0)
		die_errno(EXIT_TEMP, "pipe");
	if (pipe2(go, O_CLOEXEC) != 0)
		die_errno(EXIT_TEMP, "pipe");
	p->pid = fork();
	if (p->pid < 0)
		die_errno(EXIT_TEMP, "fork");
	if (p->pid == 0) {
		close(go[1]);
		launcher(go[0], in, out, p->argv, p->id);
	}
	close(go[0]);
	keep_ours(p, in, out);
	p->go = go[1];
}

void
prog_prepare(struct prog *p, char *const argv[], const struct identity *id,
    int early)
{
	p->argv = argv;
	p->id = id;
	p->early = early;
	p->pid = -1;
	p->go = p->to_prog = p->from_prog = -1;
	if (early)
		fork_launcher(p);
}

void
prog_start(struct prog *p, const struct tls_facts *f)
{
	char buf[FACTS_MAX];
	size_t n;

	if (!p->early) {
		progenv_set(f);
		if (spawn_now(p) != 0)
			die_errno(EXIT_TEMP, "cannot run %s", p->argv[0]);
		return;
	}
	n = facts_pack(f, buf, sizeof buf);
	if (n == 0)
		die(EXIT_TEMP, "handshake facts too long");
	/* At most PIPE_BUF (4096) bytes: one atomic write. */
	if (write(p->go, buf, n) != (ssize_t)n)
		die_errno(EXIT_TEMP, "starting prog");
	close(p->go);
	p->go = -1;
}

/* Wait at most seconds for pid to exit, with a pidfd when the kernel has
 * them (Linux 5.3); without, wait without a bound. */
static int
wait_bounded(pid_t pid, int seconds, int *status)
{
	struct pollfd pfd;
	pid_t r;
	int fd;

	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd >= 0) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		while (poll(&pfd, 1, seconds * 1000) < 0 && errno == EINTR)
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
prog_wait(const struct prog *p)
{
	int status = 0;

	if (wait_bounded(p->pid, PROG_GRACE_S, &status) != 0) {
		kill(p->pid, SIGTERM);
		if (wait_bounded(p->pid, PROG_GRACE_S, &status) != 0) {
			kill(p->pid, SIGKILL);
			while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
				;
		}
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
