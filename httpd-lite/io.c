/* io.c: deadline-bounded reads and writes on fds 0 and 1. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "io.h"

static int saved_flags[2] = { -1, -1 };
static char copybuf[COPY_BUF_SIZE];

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -1;
	saved_flags[fd] = fl;
	return fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int io_init(struct conn *c)
{
	struct stat st;
	int one = 1;

	memset(c, 0, sizeof *c);
	c->in = 0;
	c->out = 1;
	if (set_nonblock(0) < 0 || set_nonblock(1) < 0)
		return -1;
	if (fstat(1, &st) == 0 && S_ISSOCK(st.st_mode)) {
		c->out_sock = 1;
		/*
		 * Without Nagle every response leaves at once; headers of big
		 * bodies are corked with MSG_MORE so no small packet goes out.
		 * Failure only means fd 1 is not TCP (a UNIX socket).
		 */
		(void)setsockopt(1, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}
	return 0;
}

void io_restore(void)
{
	int fd;

	for (fd = 0; fd < 2; fd++)
		if (saved_flags[fd] >= 0)
			(void)fcntl(fd, F_SETFL, saved_flags[fd]);
}

/* Wait until fd is ready for ev or deadline passes: 0, or -1 with errno. */
static int wait_fd(int fd, short ev, int64_t deadline)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = ev };
		int left = ms_until(deadline);
		int r;

		if (left == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		r = poll(&p, 1, left);
		if (r > 0)
			return 0;  /* errors and hangups show in the next call */
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static int fail(struct conn *c, int e)
{
	if (c->err == 0)
		c->err = e;
	return -1;
}

ssize_t io_more(struct conn *c)
{
	ssize_t r;

	if (c->pos == c->len) {
		c->pos = c->len = c->base;
	} else if (c->len == sizeof c->buf && c->pos > c->base) {
		memmove(c->buf + c->base, c->buf + c->pos, c->len - c->pos);
		c->len -= c->pos - c->base;
		c->pos = c->base;
	}
	if (c->len == sizeof c->buf)
		return fail(c, ENOBUFS);
	for (;;) {
		r = read(c->in, c->buf + c->len, sizeof c->buf - c->len);
		if (r >= 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || wait_fd(c->in, POLLIN, c->deadline) < 0)
			return fail(c, errno);
	}
	c->len += (size_t)r;
	return r;
}

void io_next(struct conn *c)
{
	memmove(c->buf, c->buf + c->pos, c->len - c->pos);
	c->len -= c->pos;
	c->pos = c->base = 0;
}

/* After EAGAIN: wait for room, giving the client write_ms. */
static int wait_out(struct conn *c)
{
	if (wait_fd(c->out, POLLOUT, now_ms() + c->write_ms) < 0)
		return fail(c, errno);
	return 0;
}

/* After a failed write: 1 to try again (EINTR, or room came), 0 if failed. */
static int again(struct conn *c)
{
	if (errno == EINTR)
		return 1;
	if (errno == EAGAIN)
		return wait_out(c) == 0;
	fail(c, errno);
	return 0;
}

int io_write2(struct conn *c, const void *a, size_t an, const void *b, size_t bn)
{
	struct iovec iov[2] = {
		{ .iov_base = (void *)a, .iov_len = an },
		{ .iov_base = (void *)b, .iov_len = bn },
	};
	struct iovec *v = iov;
	int cnt = 2;

	while (cnt > 0) {
		ssize_t r = writev(c->out, v, cnt);

		if (r < 0) {
			if (!again(c))
				return -1;
			continue;
		}
		/* Short write: skip what went out, keep the rest. */
		while (cnt > 0 && (size_t)r >= v->iov_len) {
			r -= (ssize_t)v->iov_len;
			v++;
			cnt--;
		}
		if (cnt > 0) {
			v->iov_base = (char *)v->iov_base + r;
			v->iov_len -= (size_t)r;
		}
	}
	return 0;
}

int io_write(struct conn *c, const void *p, size_t n, int more)
{
	const char *s = p;

	if (!more || !c->out_sock)
		return io_write2(c, p, n, NULL, 0);
	while (n > 0) {
		ssize_t r = send(c->out, s, n, MSG_MORE | MSG_NOSIGNAL);

		if (r < 0) {
			if (!again(c))
				return -1;
			continue;
		}
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

static int copy_file(struct conn *c, int fd, off_t off, off_t n, off_t *sent)
{
	while (n > 0) {
		size_t want = n < (off_t)sizeof copybuf ? (size_t)n : sizeof copybuf;
		ssize_t r = pread(fd, copybuf, want, off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return fail(c, errno);
		if (r == 0)
			return fail(c, EIO);
		if (io_write2(c, copybuf, (size_t)r, NULL, 0) < 0)
			return -1;
		off += r;
		n -= r;
		*sent += r;
	}
	return 0;
}

int io_sendfile(struct conn *c, int fd, off_t off, off_t n, off_t *sent)
{
	while (n > 0) {
		size_t want = n < SENDFILE_CHUNK ? (size_t)n : SENDFILE_CHUNK;
		ssize_t r = sendfile(c->out, fd, &off, want);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				if (wait_out(c) < 0)
					return -1;
				continue;
			}
			/* Kernel or descriptor without sendfile support. */
			if (errno == EINVAL || errno == ENOSYS)
				return copy_file(c, fd, off, n, sent);
			return fail(c, errno);
		}
		if (r == 0)
			return fail(c, EIO);  /* file shrank: promised length unmet */
		n -= r;
		*sent += r;
	}
	return 0;
}
