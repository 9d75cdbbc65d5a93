#include "acme.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "handshake.h"
#include "hello.h"
#include "log.h"
#include "readfile.h"

#define WHY(...) (void)snprintf(a->why, sizeof a->why, __VA_ARGS__)

void
acme_open(struct acme *a, const char *dir)
{
	a->dir = dir;
	a->state = ACME_IDLE;
	a->pair.cert.fd = a->pair.key.fd = -1;
	a->pair.dirfd[0] = a->pair.dirfd[1] = -1;
	a->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (a->dirfd < 0)
		die_errno(EXIT_BADCERT, "-A %s", dir);
}

int
acme_requested(br_ssl_engine_context *eng)
{
	const char *p = br_ssl_engine_get_selected_protocol(eng);

	return p != NULL && strcmp(p, ACME_ALPN) == 0;
}

int
acme_host_name(const char *sni, char out[ACME_NAME_MAX + 1])
{
	size_t i, n = strlen(sni);

	if (n > ACME_NAME_MAX || !hello_valid_name((const unsigned char *)sni, n))
		return -1;
	for (i = 0; i <= n; i++) {
		/* A file name too: no label may start or end with a hyphen
		 * (RFC 1123), which the ClientHello check lets pass. */
		if (sni[i] == '-' && (i == 0 || sni[i - 1] == '.' ||
		    sni[i + 1] == '.' || sni[i + 1] == '\0'))
			return -1;
		out[i] = sni[i] >= 'A' && sni[i] <= 'Z' ?
		    (char)(sni[i] - 'A' + 'a') : sni[i];
	}
	return 0;
}

/* src: DIR/NAME.SUFFIX through the -A handle, slot k of the names. */
static int
open_one(struct acme *a, struct pem_source *src, int k, const char *suffix)
{
	const char *dir = a->dir;	/* argv: never inside *a */

	(void)snprintf(a->base[k], sizeof a->base[k], "%s.%s", a->name, suffix);
	(void)snprintf(a->path[k], sizeof a->path[k], "%s/%s.%s", dir, a->name,
	    suffix);
	src->path = a->path[k];
	src->base = a->base[k];
	src->dirfd = a->dirfd;
	src->fd = open_file(a->dirfd, a->base[k]);
	if (src->fd >= 0)
		return 0;
	if (errno == ENOENT) {
		a->state = ACME_REFUSED;
		WHY("acme-tls/1: no challenge certificate for '%s' (%s: %s)",
		    a->name, a->path[k], strerror(errno));
	} else {
		a->state = ACME_BAD;
		WHY("acme-tls/1: %s: %s", a->path[k], strerror(errno));
	}
	return -1;
}

int
acme_load(struct acme *a, const char *sni)
{
	char err[CRED_ERR_MAX];

	a->state = ACME_REFUSED;
	if (sni[0] == '\0') {
		WHY("acme-tls/1: refused: the client sent no server name");
		return -1;
	}
	if (acme_host_name(sni, a->name) != 0) {
		/* Not echoed: it is not a name, and it came from the network. */
		WHY("acme-tls/1: refused: the server name is not a DNS host name");
		return -1;
	}
	if (open_one(a, &a->pair.cert, 0, "crt.pem") != 0 ||
	    open_one(a, &a->pair.key, 1, "key.pem") != 0)
		return -1;
	if (pair_load(&a->pair, &a->cr, err, sizeof err) != 0) {
		a->state = ACME_BAD;
		WHY("acme-tls/1: %s", err);
		return -1;
	}
	a->state = ACME_CHOSEN;
	return 0;
}

int
acme_finish(struct acme *a, br_ssl_engine_context *eng, int rfd, int wfd,
    int timeout_s, struct client_hello *h)
{
	struct handshake hs = { eng, rfd, wfd, timeout_s, 0, NULL, h, 0 };
	enum hs_result r;

	br_ssl_engine_close(eng);
	r = handshake_run(&hs);	/* h: already read */
	if (a->state != ACME_CHOSEN) {
		/* A resumed session: no certificate was sent, nothing shown. */
		log_line("acme-tls/1: resumed session closed, no challenge certificate sent");
		return 0;
	}
	log_line("acme-tls/1: challenge certificate for '%s' served%s", a->name,
	    r == HS_TLS || r == HS_EOF ? "" : ", the client did not close");
	return 0;
}

void
acme_wipe(struct acme *a)
{
	credentials_wipe(&a->cr);
	pair_close(&a->pair);
	if (a->dirfd >= 0)
		close(a->dirfd);
	a->dirfd = -1;
}
