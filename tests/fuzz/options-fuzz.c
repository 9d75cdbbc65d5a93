/*
 * options-fuzz: tlswrap's command line and environment (options.c), then
 * the CERTFILE:name / KEYFILE:name variables and server-name lookup of
 * certstore.c.  The input is NUL-separated strings: leading "NAME=value"
 * strings whose NAME starts with CERTFILE or KEYFILE go to the environment,
 * the rest are argv[1..].  die() jumps back here (log-stub.c); getopt is
 * reset with optind = 0 before each run.  Certificate paths are opened
 * (read-only, relative to the working directory) only when none contains a
 * '/', so a run never reaches outside the directory it was started in.
 */
#include <assert.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tlswrap/certstore.h"
#include "log.h"
#include "log-stub.h"
#include "../../tlswrap/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ARGS_MAX 64
#define ENVS_MAX 80
#define FDS_SCAN 512

extern char **environ;

static char *args[ARGS_MAX + 2];
static char *envs[ENVS_MAX];
static int nargs, nenvs;
static struct options o;
static struct certstore cs;
static unsigned char fd_was_open[FDS_SCAN];

static int is_env(const char *s)
{
	const char *eq = strchr(s, '=');

	return eq != NULL && eq != s &&
	    (strncmp(s, "CERTFILE", 8) == 0 || strncmp(s, "KEYFILE", 7) == 0);
}

/* Split the input; env strings are setenv()'d, names kept in envs. */
static void split(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *z;
	int in_env = 1;

	args[nargs++] = strdup("tlswrap");
	while (p < end && nargs <= ARGS_MAX) {
		char *s;

		z = memchr(p, '\0', (size_t)(end - p));
		if (z == NULL)
			z = end;
		s = strndup((const char *)p, (size_t)(z - p));
		p = z + 1;
		if (s == NULL)
			break;
		if (in_env && is_env(s) && nenvs < ENVS_MAX) {
			/* putenv(), not setenv(): glibc keeps every value
			 * setenv() ever copied, and memory would grow. */
			if (putenv(s) == 0)
				envs[nenvs++] = s;
			else
				free(s);
			continue;
		}
		in_env = 0;
		args[nargs++] = s;
	}
	args[nargs] = NULL;
}

static void cleanup(void)
{
	int i;

	for (i = 0; i < nargs; i++)
		free(args[i]);
	for (i = 0; i < nenvs; i++) {
		/* The name alone; the string stays in environ until then. */
		char *eq = strchr(envs[i], '=');
		char *name = strndup(envs[i], (size_t)(eq - envs[i]));

		if (name != NULL)
			unsetenv(name);
		free(name);
		free(envs[i]);
	}
	nargs = nenvs = 0;
}

static void check_options(void)
{
	int i;

	assert(o.ncerts >= 0 && o.ncerts <= OPT_CERTS_MAX);
	assert(o.alpn_count >= 0 && o.alpn_count <= OPT_ALPN_MAX);
	for (i = 0; i < o.alpn_count; i++)
		assert(o.alpn[i][0] != '\0' && strlen(o.alpn[i]) <= 255);
	assert(o.handshake_timeout >= 1 && o.handshake_timeout <= OPT_TIMEOUT_MAX);
	assert(o.idle_timeout >= 0 && o.idle_timeout <= OPT_TIMEOUT_MAX);
	assert(o.warn_days >= 0 && o.warn_days <= 36500);
	assert(o.prog != NULL && (o.check ? o.prog[0] == NULL : o.prog[0] != NULL));
}

static int local_path(const char *p)
{
	return p == NULL || strchr(p, '/') == NULL;
}

/* Every file certstore_open() would open is in the working directory. */
static int paths_local(void)
{
	int i;

	for (i = 0; i < o.ncerts; i++)
		if (!local_path(o.certfile[i]) || !local_path(o.keyfile[i]))
			return 0;
	if (!local_path(o.certdir))
		return 0;
	for (i = 0; environ[i] != NULL; i++)
		if ((strncmp(environ[i], "CERTFILE:", 9) == 0 ||
		    strncmp(environ[i], "KEYFILE:", 8) == 0) &&
		    !local_path(strchr(environ[i], '=')))
			return 0;
	return 1;
}

static void close_site(const struct site *s)
{
	int i;

	for (i = 0; i < s->npairs && i < SITE_PAIRS_MAX; i++) {
		if (s->pair[i].cert.fd > 2)
			close(s->pair[i].cert.fd);
		if (s->pair[i].key.fd > 2)
			close(s->pair[i].key.fd);
	}
}

/* certstore keeps the fds of complete pairs; a die() in the middle of a
 * -d site can leave one more, and the site's directory: close whatever
 * was not open before the first run. */
static void close_store(void)
{
	int i;

	close_site(&cs.def);
	for (i = 0; i < cs.nnamed && i < STORE_SITES_MAX; i++)
		close_site(&cs.named[i]);
	close_site(&cs.dirsite);
	if (cs.dirfd > 2)
		close(cs.dirfd);
	memset(&cs, 0, sizeof cs);
	for (i = 3; i < FDS_SCAN; i++)
		if (!fd_was_open[i] && fcntl(i, F_GETFD) != -1)
			close(i);
}

static void store(void)
{
	const char *name = nargs > 1 ? args[nargs - 1] : "localhost";
	struct site *found;
	char err[CRED_ERR_MAX];

	if (!paths_local())
		return;
	fuzz_die_armed = 1;
	if (setjmp(fuzz_die_jmp) == 0) {
		certstore_open(&cs, &o);
		(void)certstore_find(&cs, name, &found, err, sizeof err);
		(void)certstore_find(&cs, "www.example.com", &found, err,
		    sizeof err);
	}
	fuzz_die_armed = 0;
	close_store();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int i;

	(void)argc;
	(void)argv;
	for (i = 0; i < FDS_SCAN; i++)
		fd_was_open[i] = fcntl(i, F_GETFD) != -1;
	/* Only the input sets these. */
	for (i = 0; environ[i] != NULL;) {
		if (strncmp(environ[i], "CERTFILE", 8) == 0 ||
		    strncmp(environ[i], "KEYFILE", 7) == 0) {
			char name[256];
			size_t n = strcspn(environ[i], "=");

			if (n >= sizeof name)
				n = sizeof name - 1;
			memcpy(name, environ[i], n);
			name[n] = '\0';
			unsetenv(name);
			i = 0;
			continue;
		}
		i++;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	volatile int ok = 0;

	split(data, size);
	optind = 0;  /* glibc: start afresh, forgetting any half-read argv */
	fuzz_die_armed = 1;
	if (setjmp(fuzz_die_jmp) == 0) {
		options_parse(&o, nargs, args);
		ok = 1;
	} else {
		assert(fuzz_die_code == EXIT_USAGE);
	}
	fuzz_die_armed = 0;
	if (ok) {
		check_options();
		store();
	}
	cleanup();
	return 0;
}
