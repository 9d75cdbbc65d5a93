#include "sesscache.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define MAGIC "tlswrap session cache 3"	/* 3: SHA-256 of the name */
#define HEADER_SIZE 64
#define SLOT_SIZE 128

struct slot {
	uint64_t expires;	/* Unix time; 0: empty */
	uint16_t version, suite;
	uint8_t id_len;
	uint8_t id[32];
	uint8_t master[48];
	uint8_t name[16];	/* SHA-256 of the server name, cut */
	uint64_t check;		/* FNV-1a of everything before it */
};

_Static_assert(sizeof(struct slot) <= SLOT_SIZE, "slot too large");

static uint64_t
fnv1a(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n-- > 0)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

static struct slot *
slot_for(const struct sesscache *c, const unsigned char *id, size_t len)
{
	uint64_t h = fnv1a(id, len);

	return (struct slot *)(void *)(c->map + HEADER_SIZE +
	    (size_t)(h % SESSCACHE_SLOTS) * SLOT_SIZE);
}

static uint64_t
slot_check(const struct slot *s)
{
	return fnv1a(s, offsetof(struct slot, check));
}

/* A session resumes only under the server name it was made for: another
 * site may have another certificate, or other clients.  BearSSL asks for
 * the session before it has read the name, so the name comes from the
 * ClientHello tlswrap read first (hello.h); NULL when it is not known.
 * Stored as a hash that no one can match with another name (FNV could be);
 * DNS names are case-insensitive (RFC 4343). */
static int
name_hash(const struct sesscache *c, uint8_t out[16])
{
	const char *n = hello_name(c->hello);
	unsigned char h[32], ch;
	br_sha256_context sha;

	if (n == NULL)
		return -1;
	br_sha256_init(&sha);
	for (; *n != '\0'; n++) {
		ch = (unsigned char)(*n >= 'A' && *n <= 'Z' ? *n + 32 : *n);
		br_sha256_update(&sha, &ch, 1);
	}
	br_sha256_out(&sha, h);
	memcpy(out, h, 16);
	return 0;
}

static void
save(const br_ssl_session_cache_class **ctx, br_ssl_server_context *sc,
    const br_ssl_session_parameters *p)
{
	struct sesscache *c = (struct sesscache *)(void *)ctx;
	struct slot s;

	memset(&s, 0, sizeof s);
	/* The name the certificate was chosen by is BearSSL's copy: store
	 * nothing if the two ever disagree. */
	if (name_hash(c, s.name) != 0 || strcmp(hello_name(c->hello),
	    br_ssl_engine_get_server_name(&sc->eng)) != 0)
		return;
	s.expires = (uint64_t)time(NULL) + (uint64_t)c->lifetime;
	s.version = p->version;
	s.suite = p->cipher_suite;
	s.id_len = p->session_id_len;
	memcpy(s.id, p->session_id, sizeof s.id);
	memcpy(s.master, p->master_secret, sizeof s.master);
	s.check = slot_check(&s);
	if (flock(c->fd, LOCK_EX) != 0)
		return;		/* not cached: the next one pays a full handshake */
	memcpy(slot_for(c, p->session_id, p->session_id_len), &s, sizeof s);
	flock(c->fd, LOCK_UN);
	explicit_bzero(&s, sizeof s);
}

static int
load(const br_ssl_session_cache_class **ctx, br_ssl_server_context *sc,
    br_ssl_session_parameters *p)
{
	struct sesscache *c = (struct sesscache *)(void *)ctx;
	struct slot s;
	uint8_t name[16];
	int hit;

	(void)sc;
	if (name_hash(c, name) != 0 || p->session_id_len == 0 ||
	    p->session_id_len > sizeof s.id || flock(c->fd, LOCK_SH) != 0)
		return 0;
	memcpy(&s, slot_for(c, p->session_id, p->session_id_len), sizeof s);
	flock(c->fd, LOCK_UN);
	hit = s.check == slot_check(&s) && s.id_len == p->session_id_len &&
	    memcmp(s.id, p->session_id, s.id_len) == 0 &&
	    s.expires > (uint64_t)time(NULL) && s.version == BR_TLS12 &&
	    memcmp(s.name, name, sizeof name) == 0;
	if (hit) {
		p->version = s.version;
		p->cipher_suite = s.suite;
		memcpy(p->master_secret, s.master, sizeof s.master);
	}
	explicit_bzero(&s, sizeof s);
	return hit;
}

static const br_ssl_session_cache_class sesscache_class = {
	sizeof(struct sesscache), save, load,
};

/* Under the lock: a file of the wrong size or magic is rebuilt empty. */
static void
check_or_rebuild(struct sesscache *c, const char *path)
{
	char head[HEADER_SIZE];
	struct stat st;

	if (fstat(c->fd, &st) != 0)
		die_errno(EXIT_TEMP, "%s", path);
	if ((size_t)st.st_size == c->size &&
	    pread(c->fd, head, sizeof head, 0) == (ssize_t)sizeof head &&
	    memcmp(head, MAGIC, sizeof MAGIC) == 0)
		return;
	if (st.st_size != 0)
		log_line("%s: not a session cache of this version; rebuilt", path);
	memset(head, 0, sizeof head);
	memcpy(head, MAGIC, sizeof MAGIC);
	if (ftruncate(c->fd, 0) != 0 || ftruncate(c->fd, (off_t)c->size) != 0 ||
	    pwrite(c->fd, head, sizeof head, 0) != (ssize_t)sizeof head)
		die_errno(EXIT_TEMP, "%s: cannot rebuild", path);
}

void
sesscache_open(struct sesscache *c, const char *path, int lifetime,
    uid_t uid, gid_t gid)
{
	c->vtable = &sesscache_class;
	c->lifetime = lifetime;
	c->size = HEADER_SIZE + (size_t)SESSCACHE_SLOTS * SLOT_SIZE;
	c->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
	    0600);
	if (c->fd < 0)
		die_errno(EXIT_TEMP, "session cache %s", path);
	if (uid != (uid_t)-1 && fchown(c->fd, uid, gid) != 0)
		die_errno(EXIT_TEMP, "session cache %s: chown", path);
	if (flock(c->fd, LOCK_EX) != 0)
		die_errno(EXIT_TEMP, "session cache %s: lock", path);
	check_or_rebuild(c, path);
	flock(c->fd, LOCK_UN);
	c->map = mmap(NULL, c->size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
	if (c->map == MAP_FAILED)
		die_errno(EXIT_TEMP, "session cache %s: mmap", path);
}

void
sesscache_install(struct sesscache *c, br_ssl_server_context *sc,
    const struct client_hello *hello)
{
	c->hello = hello;
	br_ssl_server_set_cache(sc, &c->vtable);
}
