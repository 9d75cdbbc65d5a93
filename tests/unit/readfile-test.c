/* readfile-test: read_fd() wipes every byte it read on every failure path
 * (issue #10).  read(2), malloc(3) and free(3) are wrapped at link time
 * (-Wl,--wrap): read fails or returns one byte too many after the file's
 * real bytes, and free checks that the buffer it is given is all zero.
 * Prints TAP. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readfile.h"

ssize_t __real_read(int fd, void *buf, size_t len);
void *__real_malloc(size_t n);
void __real_free(void *p);
ssize_t __wrap_read(int fd, void *buf, size_t len);
void *__wrap_malloc(size_t n);
void __wrap_free(void *p);

enum fault { NONE, FAIL_AFTER, GROW_AFTER };
static enum fault fault;
static int calls;
static void *watched;
static size_t watched_len;
static int freed_dirty = -1;	/* -1: the watched buffer was not freed */

ssize_t
__wrap_read(int fd, void *buf, size_t len)
{
	if (fault == NONE || calls++ == 0)
		return __real_read(fd, buf, len);
	if (fault == FAIL_AFTER) {
		errno = EIO;
		return -1;
	}
	memset(buf, 'X', 1);	/* the file grew by one byte */
	return 1;
}

/* Only read_fd's own buffer is watched (static libc allocates through
 * the wrapper too); it starts zero, so any byte left non-zero at free was
 * written by read_fd and not wiped. */
static int watching;

void *
__wrap_malloc(size_t n)
{
	void *p = __real_malloc(n);

	if (watching && p != NULL) {
		memset(p, 0, n);
		watched = p;
		watched_len = n;
	}
	return p;
}

void
__wrap_free(void *p)
{
	size_t i;

	if (p != NULL && p == watched) {
		freed_dirty = 0;
		for (i = 0; i < watched_len; i++)
			if (((unsigned char *)p)[i] != 0)
				freed_dirty = 1;
		watched = NULL;
	}
	__real_free(p);
}

static int n_test, n_failed;

static void
ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		n_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static int
key_file(void)
{
	static const char key[] = "-----BEGIN EC PRIVATE KEY-----\n"
	    "c2VjcmV0IGtleSBieXRlcyB0aGF0IG11c3QgYmUgd2lwZWQ=\n"
	    "-----END EC PRIVATE KEY-----\n";
	char path[] = "/tmp/readfile-test.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, key, sizeof key - 1) != (ssize_t)sizeof key - 1)
		exit(1);
	unlink(path);
	return fd;
}

static void
run(enum fault f, int want_errno, const char *what)
{
	char name[160];
	struct blob b;
	int fd = key_file(), r;

	fault = f;
	calls = 0;
	freed_dirty = -1;
	watching = 1;
	r = read_fd(fd, &b);
	watching = 0;
	fault = NONE;
	close(fd);
	snprintf(name, sizeof name, "%s: read_fd fails with %s", what,
	    strerror(want_errno));
	ok(r == -1 && errno == want_errno, name);
	snprintf(name, sizeof name, "%s: the buffer is freed, and wiped first",
	    what);
	ok(freed_dirty == 0 && b.data == NULL && b.len == 0, name);
}

int
main(void)
{
	struct blob b;
	int fd = key_file(), r;

	watching = 1;
	r = read_fd(fd, &b);
	watching = 0;
	ok(r == 0 && b.len > 0 && memcmp(b.data, "-----BEGIN", 10) == 0,
	    "a key file is read whole");
	freed_dirty = -1;
	blob_wipe(&b);
	ok(freed_dirty == 0, "blob_wipe: wiped before it is freed");
	close(fd);
	run(FAIL_AFTER, EIO, "read error after the key bytes");
	run(GROW_AFTER, EAGAIN, "file grew while read");
	printf("1..%d\n", n_test);
	return n_failed != 0;
}
