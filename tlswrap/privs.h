/* Who runs what: tlswrap's TLS engine may drop to an unprivileged user
 * (-u, or TLS_UID/TLS_GID) and chroot (-r) once the key is read, before any
 * network byte is parsed; prog runs as the superserver's identity, or as -U
 * user. */
#ifndef TLSWRAP_PRIVS_H
#define TLSWRAP_PRIVS_H

#include <sys/types.h>

struct identity {
	int set;
	uid_t uid;
	gid_t gid;
};

/* Resolve -u/-U names (or TLS_UID/TLS_GID) while /etc/passwd is reachable;
 * exit 100 on an unknown user or malformed number. */
void identity_resolve(struct identity *id, const char *user, int from_env);

/* Exit 100 when switching to id would need root that we lack. */
void identity_check(const struct identity *id);

/* chroot to dir (when not NULL), then drop to id (when set); exit 111 on
 * failure, 100 when not root but asked to change identity. */
void privs_drop(const char *chroot_dir, const struct identity *id);

#endif
