/* readfile-test: the buffers that hold key bytes are zero after every
 * path: read_fd()'s text buffer after a read, a failed read (issue #10)
 * and text_wipe(), and a pem_list's arena after pem_wipe() and a failed
 * decode.  read(2) is wrapped at link time (-Wl,--wrap=read): it fails,
 * or returns one byte too many, after the file's real bytes.  Every byte
 * of each fixed buffer is checked, so a path that forgets to wipe, or
 * wipes too few bytes, fails here.  Prints TAP. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "pem.h"
#include "readfile.h"

ssize_t __real_read(int fd, void *buf, size_t len);
ssize_t __wrap_read(int fd, void *buf, size_t len);

enum fault { NONE, FAIL_AFTER, GROW_AFTER };
static enum fault fault;
static int calls;

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



static const char key[] = "-----BEGIN EC PRIVATE KEY-----\n"
    "c2VjcmV0IGtleSBieXRlcyB0aGF0IG11c3QgYmUgd2lwZWQ=\n"
    "-----END EC PRIVATE KEY-----\n";

static int
file_with(const char *text, size_t len)
{
	char path[] = "/tmp/readfile-test.XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		exit(1);
	unlink(path);
	return fd;
}

static int
all_zero(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* Where read_fd() puts the text: learnt from a read that succeeds. */
static const unsigned char *buffer;
#define BUFFER_LEN (READFILE_MAX + 1)	/* the most a file plus NUL fill */

static void
run(enum fault f, int want_errno, const char *what)
{
	char name[160];
	const unsigned char *t;
	size_t len;
	int fd = file_with(key, sizeof key - 1);

	fault = f;
	calls = 0;
	t = read_fd(fd, &len);
	fault = NONE;
	close(fd);
	snprintf(name, sizeof name, "%s: read_fd fails with %s", what,
	    strerror(want_errno));
	ok(t == NULL && errno == want_errno, name);
	snprintf(name, sizeof name, "%s: every byte of the buffer is zero", what);
	ok(all_zero(buffer, BUFFER_LEN), name);
}

static void
text_tests(void)
{
	size_t len;
	int fd = file_with(key, sizeof key - 1);

	buffer = read_fd(fd, &len);
	close(fd);
	ok(buffer != NULL && len == sizeof key - 1 &&
	    memcmp(buffer, key, len) == 0, "a key file is read whole");
	text_wipe();
	ok(buffer != NULL && all_zero(buffer, BUFFER_LEN),
	    "text_wipe: every byte of the buffer is zero");
	if (buffer == NULL)
		exit(1);
	run(FAIL_AFTER, EIO, "read error after the key bytes");
	run(GROW_AFTER, EAGAIN, "file grew while read");
	fd = file_with(key, sizeof key - 1);
	(void)read_fd(fd, &len);
	close(fd);
	fd = file_with("x", 1);
	(void)read_fd(fd, &len);	/* no text_wipe() in between */
	close(fd);
	ok(buffer[0] == 'x' && all_zero(buffer + 1, BUFFER_LEN - 1),
	    "a shorter file read next leaves no byte of the one before");
	text_wipe();
}

static void
arena_tests(void)
{
	static struct pem_list pl;	/* large: see pem.h */
	static const char cut[] = "-----BEGIN EC PRIVATE KEY-----\n"
	    "c2VjcmV0IGtleSBieXRlcyB0aGF0IG11c3QgYmUgd2lwZWQ=\n";
	static const char small[] = "-----BEGIN CERTIFICATE-----\nAA==\n"
	    "-----END CERTIFICATE-----\n";

	ok(pem_decode((const unsigned char *)key, sizeof key - 1, &pl) == PEM_OK &&
	    pl.count == 1 && pl.arena_used > 0, "a key is decoded into the arena");
	pem_wipe(&pl);
	ok(all_zero(pl.arena, sizeof pl.arena), "pem_wipe: every byte of the arena is zero");
	(void)pem_decode((const unsigned char *)key, sizeof key - 1, &pl);
	ok(pem_decode((const unsigned char *)cut, sizeof cut - 1, &pl) ==
	    PEM_TRUNCATED && all_zero(pl.arena, sizeof pl.arena),
	    "a truncated key decoded over a key: every byte of the arena is zero");
	(void)pem_decode((const unsigned char *)key, sizeof key - 1, &pl);
	ok(pem_decode((const unsigned char *)small, sizeof small - 1, &pl) ==
	    PEM_OK && pl.arena_used == 1 &&
	    all_zero(pl.arena + 1, sizeof pl.arena - 1),
	    "a shorter object decoded over a key leaves no byte of the key");
	pem_wipe(&pl);
}

int
main(void)
{
	text_tests();
	arena_tests();
	printf("1..%d\n", n_test);
	return n_failed != 0;
}
