/* privs.c: document root, chroot, privilege drop, in that order. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "httpd.h"
#include "options.h"
#include "privs.h"

static void drop(uid_t uid, gid_t gid)
{
	if (setgroups(1, &gid) < 0)
		die(EXIT_TEMP, "setgroups", errno);
	if (setgid(gid) < 0)
		die(EXIT_TEMP, "setgid", errno);
	if (setuid(uid) < 0)
		die(EXIT_TEMP, "setuid", errno);
	/* Trust, but verify: a partial drop must not go unnoticed. */
	if (uid != 0 && (setuid(0) == 0 || seteuid(0) == 0))
		die(EXIT_TEMP, "privileges could be regained after setuid", 0);
	if (getuid() != uid || geteuid() != uid || getgid() != gid ||
	    getegid() != gid)
		die(EXIT_TEMP, "privileges not dropped as asked", 0);
}

void privs_setup(void)
{
	const struct passwd *pw = NULL;

	/* Resolve the user while /etc/passwd is still reachable. */
	if (cfg.user != NULL) {
		errno = 0;
		pw = getpwnam(cfg.user);
		if (pw == NULL)
			die(EXIT_USAGE, errno ? "getpwnam" : "no such user", errno);
	}
	cfg.rootfd = open(cfg.docroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cfg.rootfd < 0)
		die(EXIT_TEMP, "cannot open document root", errno);
	if (cfg.chroot) {
		if (chroot(cfg.docroot) < 0)
			die(EXIT_TEMP, "chroot", errno);
		if (chdir("/") < 0)
			die(EXIT_TEMP, "chdir", errno);
	}
	if (pw != NULL)
		drop(pw->pw_uid, pw->pw_gid);
	if ((geteuid() == 0 || getuid() == 0) && !cfg.allow_root)
		die(EXIT_USAGE, "refusing to serve as root: use -u user or -R", 0);
}
