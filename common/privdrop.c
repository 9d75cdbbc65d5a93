#include "privdrop.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* /etc/passwd read directly (fgetpwent), not through NSS: the binaries
 * are static, and a service user is a local user. */
static int
passwd_find(const char *name, uid_t uid, uid_t *uid_out, gid_t *gid_out)
{
	const struct passwd *pw;
	FILE *f;
	int found = 0;

	f = fopen("/etc/passwd", "re");
	if (f == NULL)
		return -1;
	while (!found && (pw = fgetpwent(f)) != NULL) {
		if (name != NULL ? strcmp(pw->pw_name, name) == 0 : pw->pw_uid == uid) {
			*uid_out = pw->pw_uid;
			*gid_out = pw->pw_gid;
			found = 1;
		}
	}
	fclose(f);
	if (!found)
		errno = ENOENT;
	return found ? 0 : -1;
}

int
user_ids(const char *user, uid_t *uid, gid_t *gid)
{
	return passwd_find(user, 0, uid, gid);
}

int
uid_gid(uid_t uid, gid_t *gid)
{
	uid_t u;

	return passwd_find(NULL, uid, &u, gid);
}
