/*
 * tlswrap: TLS for one connection handed over by a superserver.
 *
 * The story of a connection: read the certificate and key (exit 96 if they
 * are bad), run the handshake on the socket within a deadline (exit 98 if
 * it fails), start prog on two pipes, pump bytes both ways until both
 * directions are done, then exit with prog's status.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <linux/close_range.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "anchors.h"
#include "certstore.h"
#include "clientauth.h"
#include "checkmode.h"
#include "clock.h"
#include "tlscontext.h"
#include "errnames.h"
#include "escape.h"
#include "handshake.h"
#include "log.h"
#include "clientsocket.h"
#include "options.h"
#include "certchoice.h"
#include "privs.h"
#include "prog.h"
#include "proxyproto.h"
#include "sandbox.h"
#include "sesscache.h"
#include "pump.h"
#include "suites.h"

#define PEER_MAX 80

static struct tls_server server;	/* static: large, and zero pages are free */
static struct certstore store;
static struct sni_policy policy;
static struct anchors anchors;
static struct client_auth client_auth;
static struct sesscache session_cache;
static struct client_hello hello;	/* static: 36 KiB, mostly untouched */
static struct acme acme;

/* fds 0-2 must be open, or a pipe could land on them and be clobbered;
 * any other inherited fd must not reach prog; and under inetd fd 2 is the
 * client socket itself, where a log line would corrupt the TLS stream. */
static void
sanitize_fds(void)
{
	struct stat s0, s2;
	int fd;

	while ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0 && fd <= 2)
		(void)fcntl(fd, F_SETFD, 0);
	if (fd > 2)
		close(fd);
	/* the system call: musl has no close_range() wrapper */
	(void)syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
	if (fstat(0, &s0) == 0 && fstat(2, &s2) == 0 && S_ISSOCK(s2.st_mode) &&
	    s0.st_dev == s2.st_dev && s0.st_ino == s2.st_ino) {
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			dup2(fd, 2);	/* dup2 leaves fd 2 inheritable */
			close(fd);
		}
	}
}

static void
prepare_socket(const struct client_socket *cs)
{
	int one = 1;

	/* The last flight leaves BearSSL in two records: with Nagle and a
	 * delayed ACK, each connection would wait ~40 ms. */
	(void)setsockopt(cs->wr, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (fcntl(cs->rd, F_SETFL, fcntl(cs->rd, F_GETFL) | O_NONBLOCK) != 0 ||
	    fcntl(cs->wr, F_SETFL, fcntl(cs->wr, F_GETFL) | O_NONBLOCK) != 0)
		die_errno(EXIT_TEMP, "cannot make the socket non-blocking");
	if (cs->rd > 2)		/* systemd's fd 3 must not reach prog */
		(void)fcntl(cs->rd, F_SETFD, FD_CLOEXEC);
}

#define NAME_LOG_MAX 128		/* an escaped hostile name, cut */

/* The policy refused the certificate (certchoice.h): the line it recorded. */
static _Noreturn void
refused(void)
{
	switch (policy.refused) {
	case REFUSED_FILES:
		die(EXIT_BADCERT, "%s", policy.why);
	case REFUSED_ACME:
		die(EXIT_TLS, "%s", policy.why);
	case REFUSED_NAME:
	case REFUSED_NOT:
		break;
	}
	die(EXIT_TLS, "handshake refused: %s", policy.why);
}

/* -A and a default site that failed to load (certchoice.h): unless the
 * policy saw a validation, exit as tlswrap would have at start. */
static void
deferred_check(void)
{
	if (policy.deferred[0] != '\0' && acme.state == ACME_IDLE)
		die(EXIT_BADCERT, "%s", policy.deferred);
}

/* The handshake, and the one line and exit status for each way it can
 * fail (handshake.h: the alert, if any, is already sent). */
static void
handshake(const struct client_socket *cs, const struct options *o)
{
	struct handshake hs = { &server.sc.eng, cs->rd, cs->wr,
	    o->handshake_timeout, o->client_cert != 0, &policy, &hello, 0 };
	char why[160], name[NAME_LOG_MAX];

	enum hs_result r = handshake_run(&hs);

	deferred_check();
	switch (r) {
	case HS_OK:
		return;
	case HS_TIMEOUT:
		die(EXIT_TLS, "handshake timed out after %d s", o->handshake_timeout);
	case HS_EOF:
		die(EXIT_TLS, "handshake failed: client closed the connection");
	case HS_IO:
		die_errno(EXIT_TLS, "handshake failed");
	case HS_HELLO:
		die(EXIT_TLS, "handshake failed: malformed ClientHello: %s",
		    hello.why);
	case HS_BAD_NAME:
		escape_bytes(name, sizeof name, hello.bad, hello.bad_len, "'\\");
		die(EXIT_TLS, "handshake refused: server name '%s': %s", name,
		    hello.why);
	case HS_REFUSED:
		refused();
	case HS_NAME_CHANGED:
		die(EXIT_TLS, "handshake failed: server name not understood");
	case HS_HELLO_LENGTH:
		die(EXIT_TLS, "handshake failed: malformed ClientHello");
	case HS_CLIENT_CERT:
		tls_error_describe(hs.err, why, sizeof why);
		die(EXIT_TLS, "client certificate refused: %s", why);
	case HS_TLS:
		break;
	}
	tls_error_describe(hs.err, why, sizeof why);
	die(EXIT_TLS, "handshake failed: %s", why);
}

static void
log_pump_end(enum pump_end end, br_ssl_engine_context *eng, int err,
    int idle_s, int stall_s)
{
	char why[160];

	switch (end) {
	case PUMP_DONE:
		break;
	case PUMP_TLS_ERROR:
		tls_error_describe(br_ssl_engine_last_error(eng), why, sizeof why);
		log_line("connection failed: %s", why);
		break;
	case PUMP_SOCKET_ERROR:
		log_line("connection lost: %s", strerror(err));
		break;
	case PUMP_PIPE_ERROR:
		log_line("reading from prog: %s", strerror(err));
		break;
	case PUMP_POLL_ERROR:
		log_line("poll: %s", strerror(err));
		break;
	case PUMP_IDLE:
		log_line("idle timeout after %d s", idle_s);
		break;
	case PUMP_LINGER:
		log_line("client did not close after close_notify");
		break;
	case PUMP_STALL:
		log_line("client read nothing for %d s", stall_s);
		break;
	}
}

/* -p: the real client's address comes first, from the load balancer. */
static void
read_proxy_header(const struct client_socket *cs, const struct options *o,
    char *peer, size_t peerlen)
{
	struct proxy_info pi;
	const char *why;

	if (proxy_read(cs->rd, now_ms() + (long long)o->handshake_timeout * 1000,
	    &pi, &why) != 0)
		die(EXIT_TLS, "PROXY protocol: %s", why);
	if (pi.local)
		return;
	netenv_proxied(pi.src_ip, pi.src_port, pi.dst_ip, pi.dst_port, peer,
	    peerlen);
	log_set_peer(peer);
}

/* What the handshake leaves behind that no one needs any more: the keys,
 * the ephemeral ECDHE secret, and stack where signing worked. */
static void
forget_secrets(void)
{
	volatile unsigned char stack[32 * 1024];

	policy_wipe(&policy);
	certstore_close(&store);	/* a resumed session chose nothing */
	explicit_bzero(server.sc.ecdhe_key, sizeof server.sc.ecdhe_key);
	explicit_bzero((void *)stack, sizeof stack);
}

static void
tls_facts_get(br_ssl_engine_context *eng, const struct options *o,
    struct tls_facts *f)
{
	static struct peer_cert pc;
	br_ssl_session_parameters sp;
	const char *sni = br_ssl_engine_get_server_name(eng);

	memset(f, 0, sizeof *f);
	br_ssl_engine_get_session_parameters(eng, &sp);
	f->v[FACT_CIPHER] = suite_name(sp.cipher_suite);
	if (f->v[FACT_CIPHER] == NULL)
		f->v[FACT_CIPHER] = "UNKNOWN";
	f->v[FACT_SNI] = sni[0] != '\0' ? sni : NULL;
	f->v[FACT_ALPN] = br_ssl_engine_get_selected_protocol(eng);
	if (o->client_cert && clientauth_result(&client_auth, &pc)) {
		f->v[FACT_PEER_HASH] = pc.hash;
		f->v[FACT_PEER_SUBJECT] = pc.subject;
		f->v[FACT_PEER_ISSUER] = pc.issuer;
		f->v[FACT_PEER_NOTAFTER] =
		    pc.notafter[0] != '\0' ? pc.notafter : NULL;
	}
}

/* Everything read before the first network byte: certificates and keys,
 * trust anchors, the session cache, and BearSSL's context.  When tlswrap
 * is to change identity, prog's launcher is forked first, before any key
 * is in memory, keeping the identity prog should have (prog.h). */
static void
load(const struct options *o, const struct identity *tls_id,
    const struct identity *prog_id, struct prog *pr, int early)
{
	prog_prepare(pr, o->prog, prog_id, early);	/* before any key fd */
	certstore_open(&store, o);
	if (o->client_cert)
		anchors_load(&anchors, getenv("CAFILE"), getenv("CADIR"));
	if (o->acme_dir != NULL) {
		acme_open(&acme, o->acme_dir);
		policy.acme = &acme;	/* before policy_init: it defers */
	}
	if (policy_init(&policy, &store, o->strict_sni) != 0)
		die(EXIT_BADCERT, "%s", policy.why);
	policy.hello = &hello;
	if (engine_setup(&server, &policy, o) != 0)
		die(EXIT_TEMP, "cannot initialise TLS: no entropy source");
	if (o->client_cert)
		clientauth_setup(&client_auth, &anchors, &server.sc,
		    o->client_cert == 'Y');
	/* A resumed session skips the policy, which must see every visitor
	 * while the default site is broken (deferred_check). */
	if (o->session_cache != NULL && policy.deferred[0] == '\0') {
		sesscache_open(&session_cache, o->session_cache,
		    o->session_lifetime, tls_id->set ? tls_id->uid : (uid_t)-1,
		    tls_id->gid);
		sesscache_install(&session_cache, &server.sc, &hello);
	}
}

/* prog starts once the handshake is done, with its facts. */
static void
start_prog(const struct options *o, struct prog *pr)
{
	struct tls_facts f;

	tls_facts_get(&server.sc.eng, o, &f);
	prog_start(pr, &f);
}

static void
pump(const struct options *o, const struct client_socket *cs,
    const struct prog *pr)
{
	struct pump p;
	enum pump_end end;

	p.eng = &server.sc.eng;
	p.sock_rd = cs->rd;
	p.sock_wr = cs->wr;
	p.to_prog = pr->to_prog;
	p.from_prog = pr->from_prog;
	p.idle_s = o->idle_timeout;
	p.linger_s = o->handshake_timeout;
	p.stall_s = o->stall_timeout;
	p.err = 0;
	end = pump_run(&p);
	log_pump_end(end, p.eng, p.err, o->idle_timeout, o->stall_timeout);
	close(cs->rd);
	close(cs->wr);
}

int
main(int argc, char **argv)
{
	struct options o;
	struct client_socket cs;
	struct identity tls_id, prog_id;
	struct prog pr;
	char peer[PEER_MAX];
	int early;

	log_set_name("tlswrap");
	signal(SIGPIPE, SIG_IGN);	/* EPIPE is handled where it occurs */
	sanitize_fds();
	options_parse(&o, argc, argv);
	if (o.check) {
		certstore_open(&store, &o);
		return check_run(&o, &store);
	}
	socket_find(&cs);
	netenv_fill(cs.rd, peer, sizeof peer);
	log_set_peer(peer);
	identity_resolve(&tls_id, o.tls_user, 1);
	identity_resolve(&prog_id, o.prog_user, 0);
	identity_check(&prog_id);
	early = tls_id.set || prog_id.set || o.chroot_dir != NULL;

	load(&o, &tls_id, &prog_id, &pr, early);
	privs_drop(o.chroot_dir, &tls_id);	/* before any network byte */
	prepare_socket(&cs);
	if (o.proxy)
		read_proxy_header(&cs, &o, peer, sizeof peer);
	handshake(&cs, &o);
	forget_secrets();
	if (policy.acme != NULL && acme_requested(&server.sc.eng))
		return acme_finish(&acme, &server.sc.eng, cs.rd, cs.wr,
		    o.handshake_timeout, &hello);	/* a validation: no prog */
	start_prog(&o, &pr);
	sandbox_enter(!o.no_seccomp);
	pump(&o, &cs, &pr);
	return prog_wait(&pr);
}
