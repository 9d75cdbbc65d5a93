#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "privdrop.h"
#include "readfile.h"

/* The facts travel as TLS_FACTS_COUNT NUL-terminated strings, in
 * tls_fact() order; an empty string stands for "none". */
static const char *
next_field(const char **p, const char *end)
{
	const char *s = *p;
	size_t n = strnlen(s, (size_t)(end - s));

	if (s + n >= end)
		return NULL;
	*p = s + n + 1;
	return s;
}

static _Noreturn void
child(int go, int in[2], int out[2], char *const argv[],
    const struct identity *id)
{
	char buf[LAUNCHER_FACTS_MAX];
	struct tls_facts f;
	const char *p = buf, *end, *why, *v;
	size_t n;
	int i;

	if (read_full(go, (unsigned char *)buf, sizeof buf, &n) != 0 || n == 0)
		_exit(0);	/* no handshake, no prog */
	end = buf + n;
	for (i = 0; i < TLS_FACTS_COUNT; i++) {
		v = next_field(&p, end);
		if (v == NULL)
			_exit(EXIT_TEMP);
		tls_fact_set(&f, i, v[0] != '\0' ? v : NULL);
	}
	env_for_prog(&f);
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

void
launcher_start(struct launcher *l, char *const argv[],
    const struct identity *prog_id)
{
	int in[2], out[2], go[2];

	if (prog_pipes(in, out) != 0)
		die_errno(EXIT_TEMP, "pipe");
	if (pipe2(go, O_CLOEXEC) != 0)
		die_errno(EXIT_TEMP, "pipe");
	l->pid = fork();
	if (l->pid < 0)
		die_errno(EXIT_TEMP, "fork");
	if (l->pid == 0) {
		close(go[1]);
		child(go[0], in, out, argv, prog_id);
	}
	close(go[0]);
	close(in[0]);
	close(out[1]);
	l->go = go[1];
	l->to_prog = in[1];
	l->from_prog = out[0];
}

void
launcher_go(struct launcher *l, const struct tls_facts *f)
{
	char buf[LAUNCHER_FACTS_MAX];
	const char *v;
	size_t n = 0, len;
	int i;

	for (i = 0; i < TLS_FACTS_COUNT; i++) {
		v = tls_fact(f, i) != NULL ? tls_fact(f, i) : "";
		len = strlen(v) + 1;
		if (len > sizeof buf - n)
			die(EXIT_TEMP, "handshake facts too long");
		memcpy(buf + n, v, len);
		n += len;
	}
	/* At most PIPE_BUF (4096) bytes: one atomic write. */
	if (write(l->go, buf, n) != (ssize_t)n)
		die_errno(EXIT_TEMP, "starting prog");
	close(l->go);
	l->go = -1;
}
