/*
 * floor: the least a per-connection TLS server can do, for `make bench`.
 *
 *   floor PEMFILE DOCROOT [CHILD [ARG...]]
 *   floor -n PEMFILE          load the key and exit (start-up cost only)
 *
 * Run by tcpserver like tlswrap (the connection on fds 0 and 1), it loads
 * the certificate and key with tlswrap's own loader (credentials.c), offers
 * tlswrap's suites (suites.c) with the same algorithms and ALPN, runs the
 * handshake, reads one request and answers it in-process: the file's bytes
 * are read straight into BearSSL's record buffer, so there is no pipe, no
 * second process and no copy the TLS layer does not need.  The difference
 * between tlswrap+httpd-lite and this is what the design costs.
 *
 * With CHILD, after the handshake it also spawns CHILD (stdin and stdout on
 * /dev/null) and waits for it before exiting: the "floor + child" shape, one
 * process per connection plus one per program, with no relay.
 *
 * Bench code, not a server: GET only, no keep-alive, no ranges, no checks
 * beyond refusing "..".
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bearssl.h>

#include "credentials.h"
#include "suites.h"

extern char **environ;

static struct credentials cred;
static br_ssl_server_context sc;
static unsigned char iobuf[BR_SSL_BUFSIZE_BIDI];

static void
fail(const char *what)
{
	fprintf(stderr, "floor: %s\n", what);
	exit(1);
}

static void
load(const char *pem)
{
	struct pem_source src;
	char err[CRED_ERR_MAX];

	src.path = pem;
	src.fd = open(pem, O_RDONLY | O_CLOEXEC);
	if (src.fd < 0 || credentials_load(&cred, &src, NULL, err, sizeof err) != 0)
		fail(src.fd < 0 ? strerror(errno) : err);
	close(src.fd);
}

/* What tlswrap's tlscontext.c sets for `tlswrap -a http/1.1` (suites.c's
 * suites and algorithms), with BearSSL's single-certificate policy instead
 * of tlswrap's SNI policy. */
static void
setup(void)
{
	static const char *alpn[] = { "http/1.1" };
	br_ssl_engine_context *eng = &sc.eng;
	uint16_t suites[SUITES_MAX];
	unsigned usage = BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN;

	br_ssl_server_zero(&sc);
	br_ssl_engine_set_versions(eng, BR_TLS12, BR_TLS12);
	br_ssl_engine_set_suites(eng, suites, suites_select(suites, 0));
	suites_algorithms(eng, 0);
	if (cred.key_type == BR_KEYTYPE_EC)
		br_ssl_server_set_single_ec(&sc, cred.chain, cred.chain_len,
		    br_skey_decoder_get_ec(&cred.skey), usage, BR_KEYTYPE_EC,
		    br_ec_get_default(), br_ecdsa_sign_asn1_get_default());
	else
		br_ssl_server_set_single_rsa(&sc, cred.chain, cred.chain_len,
		    br_skey_decoder_get_rsa(&cred.skey), usage,
		    br_rsa_private_get_default(), br_rsa_pkcs1_sign_get_default());
	br_ssl_engine_add_flags(eng, BR_OPT_ENFORCE_SERVER_PREFERENCES |
	    BR_OPT_NO_RENEGOTIATION | BR_OPT_FAIL_ON_ALPN_MISMATCH);
	br_ssl_engine_set_protocol_names(eng, alpn, 1);
	br_ssl_engine_set_buffer(eng, iobuf, sizeof iobuf, 1);
	if (!br_ssl_server_reset(&sc))
		fail("br_ssl_server_reset");
}

static int
sock_read(void *ctx, unsigned char *buf, size_t len)
{
	ssize_t r;

	(void)ctx;
	while ((r = read(0, buf, len)) < 0 && errno == EINTR)
		;
	return r > 0 ? (int)r : -1;
}

static int
sock_write(void *ctx, const unsigned char *buf, size_t len)
{
	ssize_t r;

	(void)ctx;
	while ((r = write(1, buf, len)) < 0 && errno == EINTR)
		;
	return r > 0 ? (int)r : -1;
}

/* The request head, NUL-terminated; the path of "GET /path " in *path. */
static void
read_request(br_sslio_context *io, char *head, size_t max, char **path)
{
	size_t n = 0;
	int r;
	char *sp;

	while (n + 1 < max) {
		r = br_sslio_read(io, head + n, max - 1 - n);
		if (r <= 0)
			exit(br_ssl_engine_last_error(&sc.eng) == 0 ? 0 : 2);
		n += (size_t)r;
		head[n] = '\0';
		if (strstr(head, "\r\n\r\n") != NULL)
			break;
	}
	if (strncmp(head, "GET /", 5) != 0 || (sp = strchr(head + 4, ' ')) == NULL)
		fail("not a GET request");
	*sp = '\0';
	*path = head + 4;
}

static pid_t
spawn_child(char **argv)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;

	if (posix_spawn_file_actions_init(&fa) != 0 ||
	    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) != 0 ||
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0) != 0 ||
	    posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0)
		fail("cannot spawn the child");
	posix_spawn_file_actions_destroy(&fa);
	return pid;
}

/* The file's bytes go from the page cache straight into the record
 * buffer: one read() and one write() per record. */
static void
send_file(br_sslio_context *io, int fd, off_t size)
{
	br_ssl_engine_context *eng = &sc.eng;
	unsigned char *buf;
	size_t len;
	ssize_t r;

	while (size > 0) {
		buf = br_ssl_engine_sendapp_buf(eng, &len);
		if (buf == NULL) {	/* full record waiting: write it */
			if (br_sslio_flush(io) != 0)
				exit(2);
			continue;
		}
		if ((off_t)len > size)
			len = (size_t)size;
		r = read(fd, buf, len);
		if (r <= 0)
			fail("short read");
		br_ssl_engine_sendapp_ack(eng, (size_t)r);
		size -= r;
	}
}

static void
serve(const char *docroot, char **child)
{
	br_sslio_context io;
	char head[4096], file[4096], hdr[256];
	char *path;
	struct stat st;
	pid_t pid = -1;
	int fd, n, one = 1;

	(void)setsockopt(1, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	br_sslio_init(&io, &sc.eng, sock_read, NULL, sock_write, NULL);
	read_request(&io, head, sizeof head, &path);	/* runs the handshake */
	if (child[0] != NULL)
		pid = spawn_child(child);
	if (strstr(path, "..") != NULL ||
	    snprintf(file, sizeof file, "%s%s", docroot, path) >= (int)sizeof file ||
	    (fd = open(file, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
		n = snprintf(hdr, sizeof hdr, "HTTP/1.1 404 Not Found\r\n"
		    "Content-Length: 0\r\nConnection: close\r\n\r\n");
		fd = -1;
		st.st_size = 0;
	} else {
		n = snprintf(hdr, sizeof hdr, "HTTP/1.1 200 OK\r\nContent-Type: "
		    "application/octet-stream\r\nContent-Length: %lld\r\n"
		    "Connection: close\r\n\r\n", (long long)st.st_size);
	}
	if (br_sslio_write_all(&io, hdr, (size_t)n) != 0)
		exit(2);
	if (fd >= 0)
		send_file(&io, fd, st.st_size);
	(void)br_sslio_close(&io);	/* close_notify; the client may just hang up */
	if (pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		load(argv[2]);
		setup();
		return 0;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: floor PEMFILE DOCROOT [CHILD [ARG...]]\n"
		    "       floor -n PEMFILE\n");
		return 100;
	}
	load(argv[1]);
	setup();
	serve(argv[2], argv + 3);
	return 0;
}
