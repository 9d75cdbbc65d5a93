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
#include "strbuf.h"

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
	struct strbuf b;

	log_escape(m, sizeof m, method ? method : "-");
	log_escape(t, sizeof t, target ? target : "-");
	sb_init(&b, line, sizeof line);
	sb_str(&b, PROG ": ");
	sb_str(&b, client);
	sb_str(&b, " ");
	sb_str(&b, m);
	sb_str(&b, " \"");
	sb_str(&b, t);
	sb_str(&b, "\" ");
	sb_dec(&b, (uint64_t)status);
	sb_str(&b, " ");
	sb_dec(&b, (uint64_t)(bytes > 0 ? bytes : 0));
	sb_str(&b, " ");
	sb_str(&b, cipher);
	sb_str(&b, "\n");
	/* The fields are bounded so this fits; never log a cut line. */
	put_line(line, b.over ? -1 : (int)b.len);
}
