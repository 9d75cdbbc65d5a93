/* Session resumption across per-connection processes (-s FILE): a
 * fixed-size file of slots mapped shared, keyed by session ID, with
 * expiry, under flock(2).  A slot that fails its checksum is a miss; a file
 * of the wrong size or magic is rebuilt.  Opt-in: a cached master secret
 * lets whoever reads the file decrypt the sessions it covers until they
 * expire (forward secrecy is weakened for that long). */
#ifndef TLSWRAP_SESSCACHE_H
#define TLSWRAP_SESSCACHE_H

#include <bearssl.h>
#include <stdint.h>
#include <sys/types.h>

#include "hello.h"

#define SESSCACHE_SLOTS 4096		/* 512 KiB of 128-byte slots */

struct sesscache {
	const br_ssl_session_cache_class *vtable;	/* first: BearSSL's handle */
	int fd;
	unsigned char *map;
	size_t size;
	int lifetime;
	const struct client_hello *hello;	/* the name offered */
};

/* Open (creating it mode 0600, owned by uid/gid when they are not -1)
 * and map the cache file; exit 111 when that fails. */
void sesscache_open(struct sesscache *c, const char *path, int lifetime,
    uid_t uid, gid_t gid);

/* Use it for sc's sessions.  A session is stored with the server name of
 * the ClientHello in hello and found again only under that same name (no
 * name matching only no name), whichever site the name chose. */
void sesscache_install(struct sesscache *c, br_ssl_server_context *sc,
    const struct client_hello *hello);

#endif
