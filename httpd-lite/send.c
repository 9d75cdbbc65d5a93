/* send.c: one regular file to the client, whole or a range. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cond.h"
#include "httpdate.h"
#include "mime.h"
#include "range.h"
#include "send.h"
#include "strbuf.h"
#include "variant.h"

static char inline_body[INLINE_BODY_MAX];

void file_etag(const struct stat *st, char *out)
{
	struct strbuf b;

	sb_init(&b, out, ETAG_MAX - 1);
	sb_str(&b, "\"");
	sb_hex(&b, (uint64_t)st->st_ino);
	sb_str(&b, "-");
	sb_hex(&b, (uint64_t)st->st_size);
	sb_str(&b, "-");
	sb_hex(&b, (uint64_t)st->st_mtim.tv_sec);
	sb_str(&b, ".");
	sb_hex(&b, (uint64_t)st->st_mtim.tv_nsec);
	sb_str(&b, "\"");
	if (b.over)
		strcpy(out, "\"0\"");  /* cannot happen: 61 bytes at most */
	else
		out[b.len] = '\0';
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
		resp_text(c, "Content-Type: ", type, "; charset=utf-8");
	else
		resp_text(c, "Content-Type: ", type, "");
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
	/* A connection often asks for the same files again. */
	static struct date_memo lm;

	resp_text(c, "ETag: ", etag, "");
	resp_text(c, "Last-Modified: ", http_date_memo(&lm, lmt), "");
	if (vary)
		resp_line(c, "Vary: Accept-Encoding");
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
		if (io_write2(c, c->resp.buf, c->resp.sb.len, inline_body,
		    (size_t)len) < 0)
			return -1;
		o->sent = len;
		return 0;
	}
	if (io_write(c, c->resp.buf, c->resp.sb.len, 1) < 0)
		return -1;
	return io_sendfile(c, fd, first, len, &o->sent);
}

int send_file(struct conn *c, const struct request *r, int keep,
    const struct file *f, struct outcome *o)
{
	char etag[ETAG_MAX], extra[128];
	struct variant v = { .fd = -1 };
	const struct stat *sb = &f->sb;
	int fd = f->fd, st, ret;
	off_t first, len;
	time_t now = time(NULL);  /* one clock for Date and Last-Modified */

	if (f->dirfd >= 0)
		variant_pick(&r->f[F_ACCEPT_ENCODING], f->dirfd, f->name, &f->sb,
		    &v);
	if (v.fd >= 0) {
		fd = v.fd;
		sb = &v.sb;
	}
	file_etag(sb, etag);
	st = choose(r, etag, sb, now, &first, &len, extra, sizeof extra);
	if (st != ST_OK && st != ST_PARTIAL && st != ST_NOT_MODIFIED) {
		ret = resp_answer(c, r, keep, st, st == ST_RANGE ? extra : NULL,
		    o);
		goto done;
	}
	o->status = st;
	resp_start_at(c, st, r, keep, now);
	if (st != ST_NOT_MODIFIED) {
		/* A challenge response is the key authorization's bytes. */
		content_type(c, f->dirfd >= 0 ? mime_type(f->name) :
		    "application/octet-stream");
		resp_num(c, "Content-Length: ", (uint64_t)len);
		if (v.coding != NULL)
			resp_text(c, "Content-Encoding: ", v.coding, "");
		resp_line(c, "Accept-Ranges: bytes");
		if (st == ST_PARTIAL)
			resp_line(c, extra);
	}
	validators(c, etag, last_modified(sb, now), v.vary);
	if (resp_end(c) != 0) {
		ret = resp_answer(c, r, keep, ST_INTERNAL, NULL, o);
		goto done;
	}
	if (r->method == M_HEAD || st == ST_NOT_MODIFIED)
		ret = io_write2(c, c->resp.buf, c->resp.sb.len, NULL, 0);
	else
		ret = send_body(c, fd, first, len, o);
done:
	if (v.fd >= 0)
		close(v.fd);
	return ret;
}
