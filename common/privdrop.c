#include "privdrop.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

int
privdrop(uid_t uid, gid_t gid, const char **why)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	*why = "setgroups";
	if (setgroups(1, &gid) != 0)
		return -1;
	*why = "setresgid";
	if (setresgid(gid, gid, gid) != 0)
		return -1;
	*why = "setresuid";
	if (setresuid(uid, uid, uid) != 0)
		return -1;
	/* Trust, but verify: a partial drop must not go unnoticed. */
	*why = "privileges not dropped as asked";
	if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0)
		return -1;
	errno = EPERM;
	if (ru != uid || eu != uid || su != uid || rg != gid || eg != gid ||
	    sg != gid)
		return -1;
	*why = "root could be regained after setresuid";
	if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0)) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

int
user_ids(const char *user, uid_t *uid, gid_t *gid)
{
	const struct passwd *pw;

	errno = 0;
	pw = getpwnam(user);
	if (pw == NULL) {
		if (errno == 0)
			errno = ENOENT;
		return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}
