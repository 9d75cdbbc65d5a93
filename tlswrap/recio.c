#include "recio.h"

#include <errno.h>
#include <time.h>
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

enum io_result
recio_send(br_ssl_engine_context *eng, int fd)
{
	unsigned char *buf;
	size_t len;
	ssize_t r;

	buf = br_ssl_engine_sendrec_buf(eng, &len);
	r = write(fd, buf, len);
	if (r > 0)
		br_ssl_engine_sendrec_ack(eng, (size_t)r);
	return r == 0 ? IO_AGAIN : classify(r);
}

enum io_result
recio_recv(br_ssl_engine_context *eng, int fd)
{
	unsigned char *buf;
	size_t len;
	ssize_t r;

	buf = br_ssl_engine_recvrec_buf(eng, &len);
	r = read(fd, buf, len);
	if (r > 0)
		br_ssl_engine_recvrec_ack(eng, (size_t)r);
	return classify(r);
}

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
ms_until(long long deadline)
{
	long long left;

	if (deadline < 0)
		return -1;
	left = deadline - now_ms();
	if (left < 0)
		return 0;
	return left > 0x7fffffff ? 0x7fffffff : (int)left;
}
