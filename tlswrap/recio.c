#include "recio.h"

#include <errno.h>
#include <unistd.h>

static enum io_result
classify(ssize_t r)
{
	if (r > 0)
		return IO_DONE;
	if (r == 0)
		return IO_EOF;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return IO_AGAIN;
	return IO_ERROR;
}

/* One read or write between fd and the engine's record buffers. */
static enum io_result
transfer(br_ssl_engine_context *eng, int fd, int out)
{
	unsigned char *buf;
	size_t len;
	ssize_t r;

	buf = out ? br_ssl_engine_sendrec_buf(eng, &len)
	    : br_ssl_engine_recvrec_buf(eng, &len);
	if (buf == NULL)
		return IO_AGAIN;	/* the engine wants nothing now */
	r = out ? write(fd, buf, len) : read(fd, buf, len);
	if (r > 0) {
		if (out)
			br_ssl_engine_sendrec_ack(eng, (size_t)r);
		else
			br_ssl_engine_recvrec_ack(eng, (size_t)r);
	}
	if (r == 0 && out)
		return IO_AGAIN;
	return classify(r);
}

enum io_result
recio_send(br_ssl_engine_context *eng, int fd)
{
	return transfer(eng, fd, 1);
}

enum io_result
recio_recv(br_ssl_engine_context *eng, int fd)
{
	return transfer(eng, fd, 0);
}
