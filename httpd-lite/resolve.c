/* resolve.c: openat2(RESOLVE_BENEATH), or a symlink-refusing walk. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "httpd.h"
#include "resolve.h"

#define EAGAIN_RETRIES 4

static int no_openat2;

static int walk(int dirfd, const char *path, int flags)
{
	char buf[PATH_BUF];
	char *seg = buf, *slash;
	int fd = dirfd, next, e;

	if (strlen(path) >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(buf, path);
	while ((slash = strchr(seg, '/')) != NULL) {
		*slash = '\0';
		next = openat(fd, seg, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = errno;
		if (fd != dirfd)
			close(fd);
		if (next < 0) {
			errno = e;
			return -1;
		}
		fd = next;
		seg = slash + 1;
	}
	next = openat(fd, *seg ? seg : ".", flags | O_NOFOLLOW | O_CLOEXEC |
	    ((flags & O_PATH) ? 0 : O_NOCTTY));
	e = errno;
	if (fd != dirfd)
		close(fd);
	errno = e;
	return next;
}

int open_beneath(int dirfd, const char *path, int flags)
{
	struct open_how how;
	int fd = -1, i;

	if (no_openat2)
		return walk(dirfd, path, flags);
	memset(&how, 0, sizeof how);
	/* openat2 refuses O_PATH combined with flags it ignores. */
	how.flags = (uint64_t)(flags | O_CLOEXEC |
	    ((flags & O_PATH) ? 0 : O_NOCTTY));
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	/* EAGAIN: a concurrent rename raced the lookup; it is safe to retry. */
	for (i = 0; i < EAGAIN_RETRIES; i++) {
		fd = (int)syscall(SYS_openat2, dirfd, *path ? path : ".", &how,
		    sizeof how);
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd < 0 && errno == ENOSYS) {
		no_openat2 = 1;
		return walk(dirfd, path, flags);
	}
	return fd;
}
