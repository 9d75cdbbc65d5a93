/* file.c: from a request path to a file, and the file to the client. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cond.h"
#include "dirlist.h"
#include "encoding.h"
#include "file.h"
#include "httpdate.h"
#include "mime.h"
#include "path.h"
#include "range.h"
#include "resolve.h"
#include "response.h"

#define SUFFIX_ROOM 16  /* "/index.html" and ".br" fit after the path */
#define HOST_LABEL_MAX 63

/* Precompressed variants, in order of preference. */
static const struct {
	const char *suffix, *coding, *alias;
} variants[] = {
	{ ".br", "br", NULL },
	{ ".gz", "gzip", "x-gzip" },
};

static char rel[PATH_BUF];
static char inline_body[INLINE_BODY_MAX];

/* A failed open, as a status: escapes and loops look like absent files. */
static int errno_status(int e)
{
	switch (e) {
	case ENOENT: case ENOTDIR: case ELOOP: case EXDEV: case ENAMETOOLONG:
		return ST_NOT_FOUND;
	case EACCES: case EPERM:
		return ST_FORBIDDEN;
	default:
		return ST_INTERNAL;
	}
}

static int answer(struct conn *c, const struct request *r, int keep,
    int status, const char *extra, struct outcome *o)
{
	o->status = status;
	return resp_error(c, r, status, keep, extra, &o->sent);
}

void file_etag(const struct stat *st, char *out)
{
	int n = snprintf(out, ETAG_MAX, "\"%llx-%llx-%llx.%lx\"",
	    (unsigned long long)st->st_ino, (unsigned long long)st->st_size,
	    (unsigned long long)st->st_mtim.tv_sec,
	    (unsigned long)st->st_mtim.tv_nsec);

	if (n < 0 || n >= ETAG_MAX)
		strcpy(out, "\"0\"");  /* cannot happen: 61 bytes at most */
}

/* docroot/HOST for -v: lowercased, port cut, a valid DNS name only. */
static int vhost_dir(const struct request *r, int *fd)
{
	char host[HOST_MAX + 1];
	const char *colon;
	size_t len, i, label = 0;

	if (r->host == NULL)
		return ST_BAD_REQUEST;
	colon = memchr(r->host, ':', r->host_len);
	len = colon ? (size_t)(colon - r->host) : r->host_len;
	if (len == 0 || len > HOST_MAX)
		return ST_BAD_REQUEST;
	for (i = 0; i < len; i++) {
		int ch = tolower((unsigned char)r->host[i]);

		if (ch == '.') {
			if (label == 0 || host[i - 1] == '-')
				return ST_BAD_REQUEST;
			label = 0;
		} else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    (ch == '-' && label > 0)) {
			if (++label > HOST_LABEL_MAX)
				return ST_BAD_REQUEST;
		} else {
			return ST_BAD_REQUEST;
		}
		host[i] = (char)ch;
	}
	if (label == 0 || host[len - 1] == '-')
		return ST_BAD_REQUEST;
	host[len] = '\0';
	*fd = open_beneath(cfg.rootfd, host, O_PATH | O_DIRECTORY);
	return *fd < 0 ? errno_status(errno) : 0;
}

static int redirect(struct conn *c, const struct request *r, int keep,
    struct outcome *o)
{
	char loc[PATH_BUF + 32];
	int n = snprintf(loc, sizeof loc, "Location: %.*s/",
	    (int)r->path_len, r->path);

	if (n < 0 || (size_t)n >= sizeof loc)
		return answer(c, r, keep, ST_URI_TOO_LONG, NULL, o);
	return answer(c, r, keep, ST_MOVED, loc, o);
}

static int newer_or_same(const struct stat *a, const struct stat *b)
{
	return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
	    (a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec >= b->st_mtim.tv_nsec);
}

static int servable(const struct stat *sb)
{
	return S_ISREG(sb->st_mode) && (sb->st_mode & S_IROTH);
}

/*
 * Look for rel.br and rel.gz: regular, world-readable, not older than the
 * original.  *vary when any exists; *vfd, *sb, *coding for the first one
 * the client accepts.
 */
static void pick_variant(const struct request *r, int rootfd,
    const struct stat *orig, int *vfd, struct stat *sb, const char **coding,
    int *vary)
{
	char name[PATH_BUF];
	struct stat vs;
	size_t i;
	int fd;

	for (i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		int n = snprintf(name, sizeof name, "%s%s", rel, variants[i].suffix);
		if (n < 0 || (size_t)n >= sizeof name)
			continue;
		fd = open_beneath(rootfd, name, O_RDONLY | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (fstat(fd, &vs) == 0 && servable(&vs) &&
		    newer_or_same(&vs, orig)) {
			*vary = 1;
			if (*coding == NULL && accepts_coding(
			    &r->f[F_ACCEPT_ENCODING], variants[i].coding,
			    variants[i].alias)) {
				*vfd = fd;
				*sb = vs;
				*coding = variants[i].coding;
				continue;
			}
		}
		close(fd);
	}
}

static int read_full(int fd, char *buf, size_t n, off_t off)
{
	while (n > 0) {
		ssize_t r = pread(fd, buf, n, off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		buf += r;
		n -= (size_t)r;
		off += r;
	}
	return 0;
}

static void content_type(struct conn *c, const char *type)
{
	if (strncmp(type, "text/", 5) == 0 && strchr(type, ';') == NULL)
		resp_add(c, "Content-Type: %s; charset=utf-8", type);
	else
		resp_add(c, "Content-Type: %s", type);
}

/*
 * The modification time as announced: never later than Date (RFC 9110
 * 8.8.2.1), so a file dated in the future is sent as modified now.  Every
 * comparison with a client's date uses this value too.
 */
static time_t last_modified(const struct stat *sb, time_t now)
{
	return sb->st_mtim.tv_sec > now ? now : sb->st_mtim.tv_sec;
}

static void validators(struct conn *c, const char *etag, time_t lmt,
    int vary)
{
	char lm[DATE_MAX];

	http_date(lmt, lm);
	resp_add(c, "ETag: %s", etag);
	resp_add(c, "Last-Modified: %s", lm);
	if (vary)
		resp_add(c, "Vary: Accept-Encoding");
}

/* Conditionals, then Range: status and [*first, *first + *len). */
static int choose(const struct request *r, const char *etag,
    const struct stat *sb, time_t now, off_t *first, off_t *len, char *extra,
    size_t xn)
{
	uint64_t f, l;
	int st = cond_check(r, etag, last_modified(sb, now), now), n;

	*first = 0;
	*len = sb->st_size;
	if (st != 0)
		return st;
	/* RFC 9110 14.2: Range is for GET only; If-Range may void it. */
	if (r->method != M_GET || r->f[F_RANGE].n == 0 ||
	    !cond_if_range(req_field(r, F_IF_RANGE), etag,
	    last_modified(sb, now)))
		return ST_OK;
	switch (range_parse(req_field(r, F_RANGE), (uint64_t)sb->st_size, &f, &l)) {
	case RANGE_ONE:
		*first = (off_t)f;
		*len = (off_t)(l - f + 1);
		n = snprintf(extra, xn, "Content-Range: bytes %llu-%llu/%lld",
		    (unsigned long long)f, (unsigned long long)l,
		    (long long)sb->st_size);
		return n < 0 || (size_t)n >= xn ? ST_INTERNAL : ST_PARTIAL;
	case RANGE_UNSATISFIABLE:
		n = snprintf(extra, xn, "Content-Range: bytes */%lld",
		    (long long)sb->st_size);
		return n < 0 || (size_t)n >= xn ? ST_INTERNAL : ST_RANGE;
	case RANGE_NONE:
	case RANGE_MANY:
		break;
	}
	return ST_OK;
}

static int send_body(struct conn *c, int fd, off_t first, off_t len,
    struct outcome *o)
{
	if (len <= INLINE_BODY_MAX) {
		/* Small: header and body in one write, one packet. */
		if (read_full(fd, inline_body, (size_t)len, first) < 0) {
			c->err = EIO;
			return -1;
		}
		if (io_write2(c, c->resp.buf, c->resp.len, inline_body,
		    (size_t)len) < 0)
			return -1;
		o->sent = len;
		return 0;
	}
	if (io_write(c, c->resp.buf, c->resp.len, 1) < 0)
		return -1;
	return io_sendfile(c, fd, first, len, &o->sent);
}

static int send_file(struct conn *c, const struct request *r, int keep,
    int rootfd, int fd, const struct stat *orig, struct outcome *o)
{
	char etag[ETAG_MAX], extra[128];
	const char *coding = NULL;
	struct stat sb = *orig;
	int vfd = -1, vary = 0, st, ret;
	off_t first, len;
	time_t now = time(NULL);  /* one clock for Date and Last-Modified */

	if (rootfd >= 0)  /* -1: a challenge file, never a variant */
		pick_variant(r, rootfd, orig, &vfd, &sb, &coding, &vary);
	if (vfd >= 0)
		fd = vfd;
	file_etag(&sb, etag);
	st = choose(r, etag, &sb, now, &first, &len, extra, sizeof extra);
	if (st != ST_OK && st != ST_PARTIAL && st != ST_NOT_MODIFIED) {
		ret = answer(c, r, keep, st, st == ST_RANGE ? extra : NULL, o);
		goto done;
	}
	o->status = st;
	resp_start_at(c, st, r, keep, now);
	if (st != ST_NOT_MODIFIED) {
		/* A challenge response is the key authorization's bytes. */
		content_type(c, rootfd >= 0 ? mime_type(rel) :
		    "application/octet-stream");
		resp_add(c, "Content-Length: %lld", (long long)len);
		if (coding != NULL)
			resp_add(c, "Content-Encoding: %s", coding);
		resp_add(c, "Accept-Ranges: bytes");
		if (st == ST_PARTIAL)
			resp_add(c, "%s", extra);
	}
	validators(c, etag, last_modified(&sb, now), vary);
	if (resp_end(c) != 0) {
		ret = answer(c, r, keep, ST_INTERNAL, NULL, o);
		goto done;
	}
	if (r->method == M_HEAD || st == ST_NOT_MODIFIED)
		ret = io_write2(c, c->resp.buf, c->resp.len, NULL, 0);
	else
		ret = send_body(c, fd, first, len, o);
done:
	if (vfd >= 0)
		close(vfd);
	return ret;
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
		return answer(c, r, keep, ST_FORBIDDEN, NULL, o);
	lfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
	if (lfd < 0)
		return answer(c, r, keep, errno_status(errno), NULL, o);
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
		return answer(c, r, keep, ST_URI_TOO_LONG, NULL, o);
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
		return answer(c, r, keep, errno_status(e), NULL, o);
	if (!S_ISREG(sb->st_mode))
		return answer(c, r, keep, ST_NOT_FOUND, NULL, o);
	if (!servable(sb))
		return answer(c, r, keep, ST_FORBIDDEN, NULL, o);
	return send_file(c, r, keep, rootfd, ifd, sb, o);
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
		return answer(c, r, keep, ST_NOT_FOUND, NULL, o);
	fd = openat(cfg.acmefd, token, O_RDONLY | O_NONBLOCK | O_NOFOLLOW |
	    O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) < 0)
		ret = answer(c, r, keep, errno_status(errno), NULL, o);
	else if (!S_ISREG(sb.st_mode))
		ret = answer(c, r, keep, ST_NOT_FOUND, NULL, o);
	else if (!servable(&sb))
		ret = answer(c, r, keep, ST_FORBIDDEN, NULL, o);
	else
		ret = send_file(c, r, keep, -1, fd, &sb, o);
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

int file_serve(struct conn *c, const struct request *r, int keep,
    struct outcome *o)
{
	int rootfd = cfg.rootfd, hostfd = -1, fd = -1, dir = 0, st, ret;
	struct stat sb;

	o->sent = 0;
	st = path_canon(r->path, r->path_len, rel, sizeof rel - SUFFIX_ROOM, &dir);
	if (st == 0 && is_acme())
		return acme(c, r, keep, dir, o);
	if (st == 0 && cfg.vhosts) {
		st = vhost_dir(r, &hostfd);
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
		ret = answer(c, r, keep, st, NULL, o);
	else if (S_ISDIR(sb.st_mode))
		ret = directory(c, r, keep, rootfd, &fd, dir, o, &sb);
	else if (dir || !S_ISREG(sb.st_mode))
		ret = answer(c, r, keep, ST_NOT_FOUND, NULL, o);
	else if (!servable(&sb))
		ret = answer(c, r, keep, ST_FORBIDDEN, NULL, o);
	else
		ret = send_file(c, r, keep, rootfd, fd, &sb, o);
	if (fd >= 0)
		close(fd);
	if (hostfd >= 0)
		close(hostfd);
	return ret;
}
