/* options.c: command line and environment into cfg. */
#include <stdlib.h>
#include <unistd.h>

#include "httpd.h"
#include "log.h"
#include "num.h"
#include "options.h"

struct config cfg;

static const char usage[] =
    "usage: httpd-lite [-lLrRvZ] [-A acme-dir] [-H max-age] [-m mime.types] [-n requests]"
    " [-t idle] [-T head] [-u user] [-w write] docroot";

/* A bounded number option: 1..max (0 allowed where zero is meaningful). */
static unsigned long number(const char *arg, unsigned long min,
    unsigned long max)
{
	uint64_t v;

	if (num_parse(arg, max, &v) < 0 || v < min)
		die(EXIT_USAGE, "%s", usage);
	return (unsigned long)v;
}

void options(int argc, char **argv)
{
	const char *tls = getenv("SSL_PROTOCOL");
	int ch;

	cfg.max_requests = REQUESTS_DEFAULT;
	cfg.idle_timeout = IDLE_TIMEOUT_DEFAULT;
	cfg.head_timeout = HEAD_TIMEOUT_DEFAULT;
	cfg.write_timeout = WRITE_TIMEOUT_DEFAULT;
	cfg.landlock = 1;
	cfg.seccomp = 1;
	cfg.rootfd = -1;
	cfg.acmefd = -1;
	while ((ch = getopt(argc, argv, "+A:H:lLm:n:rRt:T:u:vw:Z")) != -1) {
		switch (ch) {
		case 'A': cfg.acmedir = optarg; break;
		case 'H': cfg.hsts = number(optarg, 0, HSTS_LIMIT); break;
		case 'l': cfg.listing = 1; break;
		case 'L': cfg.landlock = 0; break;
		case 'm': cfg.mimefile = optarg; break;
		case 'n': cfg.max_requests = number(optarg, 1, REQUESTS_LIMIT); break;
		case 'r': cfg.chroot = 1; break;
		case 'R': cfg.allow_root = 1; break;
		case 't': cfg.idle_timeout = number(optarg, 1, TIMEOUT_LIMIT); break;
		case 'T': cfg.head_timeout = number(optarg, 1, TIMEOUT_LIMIT); break;
		case 'u': cfg.user = optarg; break;
		case 'v': cfg.vhosts = 1; break;
		case 'w': cfg.write_timeout = number(optarg, 1, TIMEOUT_LIMIT); break;
		case 'Z': cfg.seccomp = 0; break;
		default: die(EXIT_USAGE, "%s", usage);
		}
	}
	if (argc - optind != 1 || argv[optind][0] == '\0')
		die(EXIT_USAGE, "%s", usage);
	cfg.docroot = argv[optind];
	if (cfg.acmedir != NULL && cfg.acmedir[0] == '\0')
		die(EXIT_USAGE, "%s", usage);
	cfg.tls = tls != NULL && *tls != '\0';
}
