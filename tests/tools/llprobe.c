/*
 * llprobe.so: LD_PRELOAD probe for the sandbox tests.  Every read() from
 * fd 0 first tries to open the file named by $LLPROBE_PATH for reading
 * (openat2 without RESOLVE flags, openat where openat2 is missing) and
 * writes one line to stderr:
 *     llprobe: open PATH: ok            (the open succeeded)
 *     llprobe: open PATH: errno N NAME  (it failed)
 * A program that reads its input only after confining itself thus reports
 * what its confinement allows.
 * Build: cc -shared -fPIC -o llprobe.so llprobe.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static ssize_t (*real_read)(int, void *, size_t);

static void
probe(void)
{
	const char *path = getenv("LLPROBE_PATH");
	struct open_how how;
	char line[512];
	long fd;
	int e, n;

	if (path == NULL)
		return;
	memset(&how, 0, sizeof how);
	how.flags = O_RDONLY | O_CLOEXEC;
	fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
	if (fd < 0 && errno == ENOSYS)
		fd = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	e = errno;
	if (fd >= 0) {
		close((int)fd);
		n = snprintf(line, sizeof line, "llprobe: open %s: ok\n", path);
	} else {
		n = snprintf(line, sizeof line, "llprobe: open %s: errno %d %s\n",
		    path, e, strerrorname_np(e) ? strerrorname_np(e) : "?");
	}
	if (n > 0)
		(void)!write(2, line, (size_t)n);
	errno = e;
}

ssize_t
read(int fd, void *buf, size_t len)
{
	int e;

	if (real_read == NULL)
		real_read = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	if (fd == 0) {
		e = errno;
		probe();
		errno = e;
	}
	return real_read(fd, buf, len);
}
