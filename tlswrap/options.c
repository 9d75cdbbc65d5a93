#include "options.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "num.h"

/* One line, as every message: the options are in tlswrap(8). */
#define USAGE "usage: tlswrap [-CpSyYZ] [-A dir] [-a protos] [-c cert [-k key]]... [-d dir]" \
	" [-e s] [-i s] [-r dir] [-s cache] [-T s] [-u user] [-U user] [-W s]" \
	" prog [arg...] | tlswrap -t [-w days] [-c cert [-k key]]... [-d dir]"

/* Split -a's comma list in place; each name 1..255 bytes (RFC 7301). */
static void
parse_alpn(struct options *o, char *list)
{
	char *p, *next;

	for (p = list; p != NULL; p = next) {
		next = strchr(p, ',');
		if (next != NULL)
			*next++ = '\0';
		if (*p == '\0' || strlen(p) > 255)
			die(EXIT_USAGE, "-a: protocol names must be 1 to 255 bytes");
		if (o->alpn_count == OPT_ALPN_MAX)
			die(EXIT_USAGE, "-a: at most %d protocols", OPT_ALPN_MAX);
		o->alpn[o->alpn_count++] = p;
	}
}

static int
timeout_arg(char opt, const char *arg, int min)
{
	int v;

	if (parse_uint(arg, min, OPT_TIMEOUT_MAX, &v) != 0)
		die(EXIT_USAGE, "-%c: expected seconds from %d to %d, got '%s'",
		    opt, min, OPT_TIMEOUT_MAX, arg);
	return v;
}

/* -c starts a pair; -k completes the latest one. */
static void
cert_arg(struct options *o, int opt, const char *arg)
{
	if (*arg == '\0')
		die(EXIT_USAGE, "-%c: empty file name", opt);
	if (opt == 'c') {
		if (o->ncerts == OPT_CERTS_MAX)
			die(EXIT_USAGE, "-c: at most %d certificates", OPT_CERTS_MAX);
		o->certfile[o->ncerts++] = arg;
		return;
	}
	if (o->ncerts == 0 || o->keyfile[o->ncerts - 1] != NULL)
		die(EXIT_USAGE, "-k must follow its -c");
	o->keyfile[o->ncerts - 1] = arg;
}

static void
env_certs(struct options *o)
{
	const char *c = getenv("CERTFILE"), *k = getenv("KEYFILE");

	if (o->ncerts > 0 || c == NULL || *c == '\0')
		return;
	o->certfile[0] = c;
	o->keyfile[0] = k != NULL && *k != '\0' ? k : NULL;
	o->ncerts = 1;
}

void
options_parse(struct options *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof *o);
	o->handshake_timeout = OPT_HANDSHAKE_DEFAULT;
	o->session_lifetime = SESSION_LIFETIME_DEFAULT;
	o->stall_timeout = STALL_DEFAULT;

	/* "+": stop at prog, whose own options are not ours. */
	opterr = 0;
	while ((c = getopt(argc, argv, "+:CpSyYZA:a:c:d:e:k:T:i:tw:u:U:r:s:W:")) != -1) {
		switch (c) {
		case 'A': o->acme_dir = optarg; break;
		case 'C': o->allow_cbc = 1; break;
		case 'a': parse_alpn(o, optarg); break;
		case 'S': o->strict_sni = 1; break;
		case 'c': case 'k': cert_arg(o, c, optarg); break;
		case 'd': o->certdir = optarg; break;
		case 't': o->check = 1; break;
		case 'u': o->tls_user = optarg; break;
		case 'U': o->prog_user = optarg; break;
		case 'r': o->chroot_dir = optarg; break;
		case 'Z': o->no_seccomp = 1; break;
		case 'p': o->proxy = 1; break;
		case 'y': case 'Y': o->client_cert = c; break;
		case 's': o->session_cache = optarg; break;
		case 'e': o->session_lifetime = timeout_arg('e', optarg, 1); break;
		case 'w':
			if (parse_uint(optarg, 1, 36500, &o->warn_days) != 0)
				die(EXIT_USAGE, "-w: expected days from 1 to 36500, got '%s'", optarg);
			break;
		case 'T': o->handshake_timeout = timeout_arg('T', optarg, 1); break;
		case 'i': o->idle_timeout = timeout_arg('i', optarg, 0); break;
		case 'W': o->stall_timeout = timeout_arg('W', optarg, 0); break;
		case ':': die(EXIT_USAGE, "-%c needs an argument; " USAGE, optopt);
		default: die(EXIT_USAGE, "unknown option -%c; " USAGE, optopt);
		}
	}
	if (o->session_cache != NULL && o->client_cert)
		die(EXIT_USAGE, "-s with -y or -Y: a resumed session would skip "
		    "the client certificate check");
	if (o->check && optind < argc)
		die(EXIT_USAGE, "-t takes no program; " USAGE);
	if (!o->check && optind >= argc)
		die(EXIT_USAGE, "no program to run; " USAGE);
	env_certs(o);
	o->prog = argv + optind;
}
