/* accesslog.c: the request log, one write() per line.  Error lines are
 * common/log.c's. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "escape.h"
#include "httpd.h"
#include "accesslog.h"

static char client[CLIENT_MAX] = "-";
static char cipher[CLIENT_MAX] = "-";

/* Quoted, space-separated fields: '"', '\\' and space are escaped too. */
void log_escape(char *out, size_t n, const char *s)
{
	if (n > LOG_FIELD_MAX + 1)
		n = LOG_FIELD_MAX + 1;
	escape_str(out, n, s, "\"\\ ");
}

static void peer_address(void)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	const void *a = NULL;

	if (getpeername(0, (struct sockaddr *)&ss, &len) < 0)
		return;
	if (ss.ss_family == AF_INET)
		a = &((struct sockaddr_in *)&ss)->sin_addr;
	else if (ss.ss_family == AF_INET6)
		a = &((struct sockaddr_in6 *)&ss)->sin6_addr;
	if (a == NULL || inet_ntop(ss.ss_family, a, client, sizeof client) == NULL)
		strcpy(client, "-");
}

void log_init(void)
{
	const char *ip = getenv("TCPREMOTEIP");
	const char *c = getenv("SSL_CIPHER");

	if (ip == NULL || *ip == '\0')
		ip = getenv("REMOTE_ADDR");
	/* The environment is not trusted to be clean: escape it as well. */
	if (ip != NULL && *ip != '\0')
		log_escape(client, sizeof client, ip);
	else
		peer_address();
	if (c != NULL && *c != '\0')
		log_escape(cipher, sizeof cipher, c);
}

static void put_line(const char *line, int n)
{
	ssize_t r;

	if (n < 0)
		return;
	do
		r = write(2, line, (size_t)n);
	while (r < 0 && errno == EINTR);
}

void log_request(const char *method, const char *target, int status,
    off_t bytes)
{
	char m[LOG_FIELD_MAX + 1], t[LOG_FIELD_MAX + 1], line[LOG_LINE_MAX];
	int n;

	log_escape(m, sizeof m, method ? method : "-");
	log_escape(t, sizeof t, target ? target : "-");
	n = snprintf(line, sizeof line, "%s: %s %s \"%s\" %d %lld %s\n", PROG,
	    client, m, t, status, (long long)bytes, cipher);
	/* The fields are bounded so this fits; never log a cut line. */
	if (n >= (int)sizeof line)
		n = -1;
	put_line(line, n);
}
