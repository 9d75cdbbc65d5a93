/* The PROXY protocol header (HAProxy's, versions 1 and 2) that a load
 * balancer sends before the TLS bytes, carrying the real client's address. */
#ifndef TLSWRAP_PROXYPROTO_H
#define TLSWRAP_PROXYPROTO_H

#include <netinet/in.h>
#include <stddef.h>

#define PROXY_V1_MAX 107		/* the specification's bound */
#define PROXY_V2_MAX (16 + 1024)	/* addresses and a few TLVs */

struct proxy_info {
	int local;		/* LOCAL or UNKNOWN: keep the socket's own */
	char src_ip[INET6_ADDRSTRLEN], dst_ip[INET6_ADDRSTRLEN];
	unsigned src_port, dst_port;
};

/* Parse the complete header buf[0..len) (exactly one header, nothing
 * after it).  Returns 0, or -1 with *why set. */
int proxy_parse(const unsigned char *buf, size_t len, struct proxy_info *pi,
    const char **why);

/* Read exactly one header from the non-blocking fd, never a byte of what
 * follows, before deadline (now_ms() scale).  Returns 0, or -1 with *why
 * set (malformed, oversized, missing, timeout, EOF, I/O error). */
int proxy_read(int fd, long long deadline, struct proxy_info *pi,
    const char **why);

#endif
