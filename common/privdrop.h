/* Giving up root for good: shared by tlswrap and httpd-lite. */
#ifndef COMMON_PRIVDROP_H
#define COMMON_PRIVDROP_H

#include <sys/types.h>

/* setgroups (to gid alone), setgid, setuid, in that order, then verify
 * that real, effective and saved ids are uid/gid and that root cannot be
 * regained.  Returns 0, or -1 with errno set (EPERM when the check fails)
 * and *why naming the step that failed. */
int privdrop(uid_t uid, gid_t gid, const char **why);

/* Look a user up by name in /etc/passwd (not NSS); 0, or -1 with errno
 * set (ENOENT when there is no such user). */
int user_ids(const char *user, uid_t *uid, gid_t *gid);

/* The primary group of a uid in /etc/passwd; 0, or -1 with errno set. */
int uid_gid(uid_t uid, gid_t *gid);

#endif
