/* lookup.c: from a request path to a file beneath the document root. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirlist.h"
#include "lookup.h"
#include "path.h"
#include "resolve.h"
#include "send.h"
#include "vhost.h"

#define SUFFIX_ROOM 16  /* "/index.html" and ".br" fit after the path */

static char rel[PATH_BUF];

static int redirect(struct conn *c, const struct request *r, int keep,
    struct outcome *o)
{
	char loc[PATH_BUF + 32];
	int n = snprintf(loc, sizeof loc, "Location: %.*s/",
	    (int)r->path_len, r->path);

	if (n < 0 || (size_t)n >= sizeof loc)
		return resp_answer(c, r, keep, ST_URI_TOO_LONG, NULL, o);
	return resp_answer(c, r, keep, ST_MOVED, loc, o);
}

static int servable(const struct stat *sb)
{
	return S_ISREG(sb->st_mode) && (sb->st_mode & S_IROTH);
}

/* Send open file fd (stat sb), named rel beneath dirfd (-1: -A). */
static int found(struct conn *c, const struct request *r, int keep,
    int dirfd, int fd, const struct stat *sb, struct outcome *o)
{
	struct file f = { .fd = fd, .sb = *sb, .dirfd = dirfd, .name = rel };

	return send_file(c, r, keep, &f, o);
}

/*
 * A listing of directory fd: only when others may read it (the rule for
 * files), through a descriptor opened for reading (fd may be O_PATH).
 */
static int listing(struct conn *c, const struct request *r, int keep,
    int fd, const struct stat *sb, struct outcome *o)
{
	int lfd, ret;

	if (!(sb->st_mode & S_IROTH))
		return resp_answer(c, r, keep, ST_FORBIDDEN, NULL, o);
	lfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
	if (lfd < 0)
		return resp_answer(c, r, keep, errno_status(errno), NULL, o);
	ret = dirlist(c, r, keep, lfd, o);
	close(lfd);
	return ret;
}

/* rel names a directory (fd): its index.html, a listing, or a redirect. */
static int directory(struct conn *c, const struct request *r, int keep,
    int rootfd, int *fd, int dir, struct outcome *o, struct stat *sb)
{
	size_t n = strlen(rel);
	int ifd, e;

	if (!dir)
		return redirect(c, r, keep, o);
	if (n + sizeof "/index.html" > sizeof rel)
		return resp_answer(c, r, keep, ST_URI_TOO_LONG, NULL, o);
	strcpy(rel + n, n ? "/index.html" : "index.html");
	ifd = open_beneath(rootfd, rel, O_RDONLY | O_NONBLOCK);
	e = errno;
	if (ifd < 0 && e == ENOENT && cfg.listing)
		return listing(c, r, keep, *fd, sb, o);
	close(*fd);
	*fd = ifd;
	if (ifd >= 0 && fstat(ifd, sb) < 0)
		e = errno;
	else if (ifd >= 0)
		e = 0;
	if (e != 0)
		return resp_answer(c, r, keep, errno_status(e), NULL, o);
	if (!S_ISREG(sb->st_mode))
		return resp_answer(c, r, keep, ST_NOT_FOUND, NULL, o);
	if (!servable(sb))
		return resp_answer(c, r, keep, ST_FORBIDDEN, NULL, o);
	return found(c, r, keep, rootfd, ifd, sb, o);
}

/* A base64url token of 1 to ACME_TOKEN_MAX characters. */
static int acme_token(const char *t)
{
	size_t n;

	for (n = 0; t[n] != '\0'; n++)
		if (!isalnum((unsigned char)t[n]) && t[n] != '-' && t[n] != '_')
			return 0;
	return n > 0 && n <= ACME_TOKEN_MAX;
}

/*
 * -A: rel is under ACME_PREFIX, so it is answered from the challenge
 * directory alone, never from the document root, whatever the host.  One
 * path component, opened without following a symbolic link.
 */
static int acme(struct conn *c, const struct request *r, int keep, int dir,
    struct outcome *o)
{
	const char *token = rel + sizeof ACME_PREFIX;
	struct stat sb;
	int fd, ret;

	if (rel[sizeof ACME_PREFIX - 1] != '/' || dir || !acme_token(token))
		return resp_answer(c, r, keep, ST_NOT_FOUND, NULL, o);
	fd = openat(cfg.acmefd, token, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
	    O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0)
		ret = resp_answer(c, r, keep, errno_status(errno), NULL, o);
	else if (!S_ISREG(sb.st_mode))
		ret = resp_answer(c, r, keep, ST_NOT_FOUND, NULL, o);
	else if (!servable(&sb))
		ret = resp_answer(c, r, keep, ST_FORBIDDEN, NULL, o);
	else
		ret = found(c, r, keep, -1, fd, &sb, o);
	if (fd >= 0)
		close(fd);
	return ret;
}

static int is_acme(void)
{
	size_t n = sizeof ACME_PREFIX - 1;

	return cfg.acmefd >= 0 && strncmp(rel, ACME_PREFIX, n) == 0 &&
	    (rel[n] == '\0' || rel[n] == '/');
}

int lookup_serve(struct conn *c, const struct request *r, int keep,
    struct outcome *o)
{
	int rootfd = cfg.rootfd, hostfd = -1, fd = -1, dir = 0, st, ret;
	struct stat sb;

	o->sent = 0;
	st = path_canon(r->path, r->path_len, rel, sizeof rel - SUFFIX_ROOM, &dir);
	if (st == 0 && is_acme())
		return acme(c, r, keep, dir, o);
	if (st == 0 && cfg.vhosts) {
		st = vhost_dir(r, cfg.rootfd, &hostfd);
		rootfd = hostfd;
	}
	if (st == 0) {
		fd = open_beneath(rootfd, rel, O_RDONLY | O_NONBLOCK);
		/* A directory others may search but not read: its index. */
		if (fd < 0 && errno == EACCES) {
			fd = open_beneath(rootfd, rel, O_PATH | O_DIRECTORY);
			errno = EACCES;
		}
		if (fd < 0 || fstat(fd, &sb) < 0)
			st = errno_status(errno);
	}
	if (st != 0)
		ret = resp_answer(c, r, keep, st, NULL, o);
	else if (S_ISDIR(sb.st_mode))
		ret = directory(c, r, keep, rootfd, &fd, dir, o, &sb);
	else if (dir || !S_ISREG(sb.st_mode))
		ret = resp_answer(c, r, keep, ST_NOT_FOUND, NULL, o);
	else if (!servable(&sb))
		ret = resp_answer(c, r, keep, ST_FORBIDDEN, NULL, o);
	else
		ret = found(c, r, keep, rootfd, fd, &sb, o);
	if (fd >= 0)
		close(fd);
	if (hostfd >= 0)
		close(hostfd);
	return ret;
}
