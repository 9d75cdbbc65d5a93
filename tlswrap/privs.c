#include "privs.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "num.h"
#include "privdrop.h"

static unsigned
env_id(const char *var)
{
	const char *v = getenv(var);
	int n;

	if (v == NULL || parse_uint(v, 0, 0x7fffffff, &n) != 0)
		die(EXIT_USAGE, "%s=%s: expected a number", var, v != NULL ? v : "");
	return (unsigned)n;
}

void
identity_resolve(struct identity *id, const char *user, int from_env)
{

	id->set = 0;
	if (user != NULL) {
		if (user_ids(user, &id->uid, &id->gid) != 0)
			die_errno(EXIT_USAGE, "user %s", user);
		id->set = 1;
	} else if (from_env && getenv("TLS_UID") != NULL) {
		id->uid = (uid_t)env_id("TLS_UID");
		if (getenv("TLS_GID") != NULL)
			id->gid = (gid_t)env_id("TLS_GID");
		else if (uid_gid(id->uid, &id->gid) == 0)
			;	/* its own group, never the launcher's gid 0 */
		else
			die(EXIT_USAGE, "TLS_UID=%u has no passwd entry: set TLS_GID",
			    (unsigned)id->uid);
		id->set = 1;
	}
}

void
identity_check(const struct identity *id)
{
	if (id->set && geteuid() != 0 &&
	    (id->uid != geteuid() || id->gid != getegid()))
		die(EXIT_USAGE, "-u, -U, -r and TLS_UID need root");
}

void
privs_drop(const char *chroot_dir, const struct identity *id)
{
	const char *why;

	if (geteuid() != 0) {
		if (chroot_dir != NULL || (id->set && (id->uid != geteuid() ||
		    id->gid != getegid())))
			die(EXIT_USAGE, "-u, -U, -r and TLS_UID need root");
		return;		/* already who we are asked to be */
	}
	if (chroot_dir != NULL && (chroot(chroot_dir) != 0 || chdir("/") != 0))
		die_errno(EXIT_TEMP, "chroot %s", chroot_dir);
	if (id->set && privdrop(id->uid, id->gid, &why) != 0)
		die_errno(EXIT_TEMP, "dropping privileges: %s", why);
}
