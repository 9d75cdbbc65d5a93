/* privs.c: document root, chroot, privilege drop, in that order. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "httpd.h"
#include "options.h"
#include "privdrop.h"
#include "privs.h"

void privs_setup(void)
{
	const char *why;
	uid_t uid = 0;
	gid_t gid = 0;

	/* Resolve the user while /etc/passwd is still reachable. */
	if (cfg.user != NULL && user_ids(cfg.user, &uid, &gid) != 0)
		die(EXIT_USAGE, errno == ENOENT ? "no such user" : "/etc/passwd",
		    errno == ENOENT ? 0 : errno);
	cfg.rootfd = open(cfg.docroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cfg.rootfd < 0)
		die(EXIT_TEMP, "cannot open document root", errno);
	if (cfg.chroot) {
		if (chroot(cfg.docroot) < 0)
			die(EXIT_TEMP, "chroot", errno);
		if (chdir("/") < 0)
			die(EXIT_TEMP, "chdir", errno);
	}
	/* setgroups, setresgid, setresuid, then verified (common/). */
	if (cfg.user != NULL && privdrop(uid, gid, &why) != 0)
		die(EXIT_TEMP, why, errno);
	if ((geteuid() == 0 || getuid() == 0) && !cfg.allow_root)
		die(EXIT_USAGE, "refusing to serve as root: use -u user or -R", 0);
}
