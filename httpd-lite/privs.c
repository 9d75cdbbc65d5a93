/* privs.c: document root, chroot, privilege drop, in that order. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/fsuid.h>
#include <unistd.h>

#include "httpd.h"
#include "log.h"
#include "privdrop.h"
#include "privs.h"

/* Make id the file system uid and gid; 0, or -1 if it did not stick. */
static int fs_ids(unsigned id)
{
	(void)setfsgid((gid_t)id);
	(void)setfsuid((uid_t)id);
	/* Both return the previous value; -1 changes nothing and reads it. */
	return setfsuid((uid_t)-1) == (int)id && setfsgid((gid_t)-1) == (int)id ?
	    0 : -1;
}

/*
 * Serving as root (-R): root may read anything, but only what the world
 * may read is served.  Files and directories are opened with file system
 * IDs that own nothing and no supplementary groups (the kernel then also
 * drops the capabilities that bypass modes), so every directory on the
 * way must be searchable by others and a listed directory readable by
 * others.  The real and effective IDs stay root.  OTHERS_ID owns no file
 * on a normal system; a user namespace may not map it, hence the fallback
 * to the overflow ID.
 */
static void as_others(void)
{
	if (setgroups(0, NULL) < 0)
		die_errno(EXIT_TEMP, "setgroups");
	if (fs_ids(OTHERS_ID) < 0 && fs_ids(OTHERS_ID_FALLBACK) < 0) {
		errno = EPERM;
		die_errno(EXIT_TEMP, "setfsuid/setfsgid");
	}
}

void privs_setup(void)
{
	const char *why;
	uid_t uid = 0;
	gid_t gid = 0;

	/* Resolve the user while /etc/passwd is still reachable. */
	if (cfg.user != NULL && user_ids(cfg.user, &uid, &gid) != 0) {
		if (errno == ENOENT)
			die(EXIT_USAGE, "no such user");
		die_errno(EXIT_USAGE, "/etc/passwd");
	}
	cfg.rootfd = open(cfg.docroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cfg.rootfd < 0)
		die_errno(EXIT_TEMP, "cannot open document root");
	/* Before the chroot: the challenge directory may lie outside it. */
	if (cfg.acmedir != NULL) {
		cfg.acmefd = open(cfg.acmedir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (cfg.acmefd < 0)
			die_errno(EXIT_TEMP, "cannot open -A directory");
	}
	if (cfg.chroot) {
		if (chroot(cfg.docroot) < 0)
			die_errno(EXIT_TEMP, "chroot");
		if (chdir("/") < 0)
			die_errno(EXIT_TEMP, "chdir");
	}
	/* setgroups, setresgid, setresuid, then verified (common/). */
	if (cfg.user != NULL && privdrop(uid, gid, &why) != 0)
		die_errno(EXIT_TEMP, "%s", why);
	if ((geteuid() == 0 || getuid() == 0) && !cfg.allow_root)
		die(EXIT_USAGE, "refusing to serve as root: use -u user or -R");
	if (geteuid() == 0)
		as_others();
}
