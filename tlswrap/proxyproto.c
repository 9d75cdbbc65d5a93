#include "proxyproto.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

static const unsigned char v2_sig[12] = {
	0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a
};

#define V1_MIN 15	/* "PROXY UNKNOWN\r\n" */

/* A port: 1 to 5 digits, no leading zero, at most 65535. */
static int
v1_port(const char *s, size_t n, unsigned *port)
{
	unsigned v = 0;
	size_t i;

	if (n == 0 || n > 5 || (s[0] == '0' && n > 1))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > 65535)
		return -1;
	*port = v;
	return 0;
}

static int
v1_addr(const char *s, size_t n, int af, char *out)
{
	unsigned char bin[16];
	char tmp[INET6_ADDRSTRLEN];

	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (inet_pton(af, tmp, bin) != 1)
		return -1;
	/* Normalised, as getpeername would give it. */
	return inet_ntop(af, bin, out, INET6_ADDRSTRLEN) ? 0 : -1;
}

/* "PROXY TCP4 1.2.3.4 5.6.7.8 1234 443\r\n", single spaces. */
static int
parse_v1(const char *line, size_t len, struct proxy_info *pi, const char **why)
{
	const char *f[6], *p = line, *end = line + len - 2;	/* before CRLF */
	size_t flen[6];
	int n = 0, af;

	*why = "malformed PROXY v1 header";
	if (len < V1_MIN || len > PROXY_V1_MAX || line[len - 2] != '\r' ||
	    line[len - 1] != '\n' || memchr(line, '\n', len - 1) != NULL ||
	    memchr(line, '\r', len - 2) != NULL || memchr(line, '\0', len) != NULL)
		return -1;
	while (p <= end && n < 6) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		f[n] = p;
		flen[n] = (size_t)((sp != NULL ? sp : end) - p);
		n++;
		if (sp == NULL)
			break;
		p = sp + 1;
	}
	if (n < 2 || flen[0] != 5 || memcmp(f[0], "PROXY", 5) != 0)
		return -1;
	if (flen[1] == 7 && memcmp(f[1], "UNKNOWN", 7) == 0) {
		pi->local = 1;	/* the rest of the line is to be ignored */
		return 0;
	}
	if (n != 6 || p + flen[5] != end || flen[1] != 4 ||
	    (memcmp(f[1], "TCP4", 4) != 0 && memcmp(f[1], "TCP6", 4) != 0))
		return -1;
	af = f[1][3] == '4' ? AF_INET : AF_INET6;
	if (v1_addr(f[2], flen[2], af, pi->src_ip) != 0 ||
	    v1_addr(f[3], flen[3], af, pi->dst_ip) != 0 ||
	    v1_port(f[4], flen[4], &pi->src_port) != 0 ||
	    v1_port(f[5], flen[5], &pi->dst_port) != 0)
		return -1;
	pi->local = 0;
	return 0;
}

static int
parse_v2(const unsigned char *b, size_t len, struct proxy_info *pi,
    const char **why)
{
	size_t body;
	int af;

	*why = "malformed PROXY v2 header";
	if (len < 16 || memcmp(b, v2_sig, sizeof v2_sig) != 0 ||
	    (b[12] >> 4) != 2 || (b[12] & 0x0f) > 1)
		return -1;
	body = (size_t)b[14] << 8 | b[15];
	if (len != 16 + body)
		return -1;
	pi->local = 1;
	if ((b[12] & 0x0f) == 0)
		return 0;	/* LOCAL: the balancer's own health check */
	if (b[13] == 0x11 && body >= 12)
		af = AF_INET;
	else if (b[13] == 0x21 && body >= 36)
		af = AF_INET6;
	else if ((b[13] & 0xf0) == 0x10 || (b[13] & 0xf0) == 0x20)
		return -1;	/* an IP family, too short */
	else
		return 0;	/* UNSPEC, UNIX, ...: ignore the addresses */
	{
		size_t a = af == AF_INET ? 4 : 16;
		const unsigned char *p = b + 16;
		inet_ntop(af, p, pi->src_ip, sizeof pi->src_ip);
		inet_ntop(af, p + a, pi->dst_ip, sizeof pi->dst_ip);
		pi->src_port = (unsigned)p[2 * a] << 8 | p[2 * a + 1];
		pi->dst_port = (unsigned)p[2 * a + 2] << 8 | p[2 * a + 3];
	}
	pi->local = 0;
	return 0;
}

int
proxy_parse(const unsigned char *buf, size_t len, struct proxy_info *pi,
    const char **why)
{
	memset(pi, 0, sizeof *pi);
	if (len >= sizeof v2_sig && memcmp(buf, v2_sig, sizeof v2_sig) == 0)
		return parse_v2(buf, len, pi, why);
	return parse_v1((const char *)buf, len, pi, why);
}

/* Read until have == want; 0, or -1 with *why. */
static int
fill(int fd, unsigned char *buf, size_t *have, size_t want, long long deadline,
    const char **why)
{
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t r;

	while (*have < want) {
		r = read(fd, buf + *have, want - *have);
		if (r > 0) {
			*have += (size_t)r;
			continue;
		}
		if (r == 0) {
			*why = "client closed during the PROXY header";
			return -1;
		}
		if (errno != EAGAIN && errno != EINTR) {
			*why = strerror(errno);
			return -1;
		}
		if (poll(&p, 1, ms_until(deadline)) == 0) {
			*why = "PROXY header timed out";
			return -1;
		}
	}
	return 0;
}

int
proxy_read(int fd, long long deadline, struct proxy_info *pi, const char **why)
{
	unsigned char buf[PROXY_V2_MAX];
	size_t have = 0, total;

	/* The shortest header of either version is V1_MIN bytes long. */
	if (fill(fd, buf, &have, V1_MIN, deadline, why) != 0)
		return -1;
	if (memcmp(buf, v2_sig, sizeof v2_sig) == 0) {
		if (fill(fd, buf, &have, 16, deadline, why) != 0)
			return -1;
		total = 16 + ((size_t)buf[14] << 8 | buf[15]);
		if (total > sizeof buf) {
			*why = "oversized PROXY v2 header";
			return -1;
		}
		if (fill(fd, buf, &have, total, deadline, why) != 0)
			return -1;
	} else if (memcmp(buf, "PROXY ", 6) == 0) {
		/* Byte by byte: nothing after the header may be consumed. */
		while (!(buf[have - 2] == '\r' && buf[have - 1] == '\n')) {
			if (have == PROXY_V1_MAX) {
				*why = "oversized PROXY v1 header";
				return -1;
			}
			if (fill(fd, buf, &have, have + 1, deadline, why) != 0)
				return -1;
		}
	} else {
		*why = "no PROXY header";
		return -1;
	}
	return proxy_parse(buf, have, pi, why);
}
