/* The client socket: where it is (fd 0/1, or fd 3 under systemd's
 * LISTEN_FDS), and the ucspi TCP* variables describing it. */
#ifndef TLSWRAP_CLIENTSOCKET_H
#define TLSWRAP_CLIENTSOCKET_H

#include <stddef.h>

struct client_socket {
	int rd, wr;		/* fds to read from and write to */
};

/* Find the socket: LISTEN_FDS=1 with LISTEN_PID equal to our pid means
 * fd 3; otherwise fd 0 and fd 1.  Exits 100 on a LISTEN_FDS other than 1. */
void socket_find(struct client_socket *cs);

/* Set PROTO, TCPREMOTEIP, TCPREMOTEPORT, TCPLOCALIP and TCPLOCALPORT from
 * the socket where the launcher did not, and write "IP:port" of the peer
 * (or "" when unknown) to peer. */
void netenv_fill(int fd, char *peer, size_t peerlen);

/* Replace the TCP* variables with a PROXY header's addresses and rewrite
 * peer accordingly. */
void netenv_proxied(const char *src_ip, unsigned src_port, const char *dst_ip,
    unsigned dst_port, char *peer, size_t peerlen);

#endif
