#include "clientsocket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "num.h"

void
socket_find(struct client_socket *cs)
{
	const char *fds = getenv("LISTEN_FDS");
	const char *pid = getenv("LISTEN_PID");
	int n, p;

	cs->rd = 0;
	cs->wr = 1;
	if (fds == NULL || pid == NULL || parse_uint(pid, 1, 0x7fffffff, &p) != 0
	    || p != (int)getpid())
		return;		/* meant for another process, or absent */
	if (parse_uint(fds, 0, 0x7fffffff, &n) != 0 || n != 1)
		die(EXIT_USAGE, "LISTEN_FDS=%s: expected exactly one socket "
		    "(use Accept=yes)", fds);
	cs->rd = cs->wr = 3;
}

/* Address and port as text; IPv4-mapped IPv6 addresses as plain IPv4. */
static int
addr_text(const struct sockaddr_storage *ss, char *ip, size_t iplen,
    unsigned *port)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
	const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;

	if (ss->ss_family == AF_INET) {
		*port = ntohs(s4->sin_port);
		return inet_ntop(AF_INET, &s4->sin_addr, ip, (socklen_t)iplen) ? 0 : -1;
	}
	if (ss->ss_family != AF_INET6)
		return -1;
	*port = ntohs(s6->sin6_port);
	if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
		return inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], ip,
		    (socklen_t)iplen) ? 0 : -1;
	return inet_ntop(AF_INET6, &s6->sin6_addr, ip, (socklen_t)iplen) ? 0 : -1;
}

static void set_pair(const char *ipvar, const char *ip, const char *portvar,
    unsigned port);

/* Fill one IP/PORT variable pair unless the launcher already did. */
static void
fill_pair(int fd, int remote, const char *ipvar, const char *portvar)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char ip[INET6_ADDRSTRLEN];
	unsigned p;
	int r;

	if (getenv(ipvar) != NULL)
		return;
	r = remote ? getpeername(fd, (struct sockaddr *)&ss, &len)
	    : getsockname(fd, (struct sockaddr *)&ss, &len);
	if (r != 0 || addr_text(&ss, ip, sizeof ip, &p) != 0)
		return;		/* not a TCP socket: nothing to say */
	set_pair(ipvar, ip, portvar, p);
	if (getenv("PROTO") == NULL)
		setenv("PROTO", "TCP", 1);
}

static void
peer_text(char *peer, size_t peerlen)
{
	const char *ip, *port;
	int r;

	ip = getenv("TCPREMOTEIP");
	port = getenv("TCPREMOTEPORT");
	peer[0] = '\0';
	if (ip == NULL)
		return;
	r = snprintf(peer, peerlen, strchr(ip, ':') ? "[%s]:%s" : "%s:%s",
	    ip, port != NULL ? port : "?");
	if (r < 0 || (size_t)r >= peerlen)
		peer[0] = '\0';
}

void
netenv_fill(int fd, char *peer, size_t peerlen)
{
	fill_pair(fd, 1, "TCPREMOTEIP", "TCPREMOTEPORT");
	fill_pair(fd, 0, "TCPLOCALIP", "TCPLOCALPORT");
	peer_text(peer, peerlen);
}

static void
set_pair(const char *ipvar, const char *ip, const char *portvar, unsigned port)
{
	char num[8];

	(void)snprintf(num, sizeof num, "%u", port);
	setenv(ipvar, ip, 1);
	setenv(portvar, num, 1);
}

void
netenv_proxied(const char *src_ip, unsigned src_port, const char *dst_ip,
    unsigned dst_port, char *peer, size_t peerlen)
{
	set_pair("TCPREMOTEIP", src_ip, "TCPREMOTEPORT", src_port);
	set_pair("TCPLOCALIP", dst_ip, "TCPLOCALPORT", dst_port);
	unsetenv("TCPREMOTEHOST");	/* they described the balancer */
	unsetenv("TCPREMOTEINFO");
	peer_text(peer, peerlen);
}
