#include "progenv.h"

#include <stdlib.h>
#include <string.h>

extern char **environ;

/* Variables meant for tlswrap only, or that prog must learn from us. */
static const char *const private_vars[] = {
	"CERTFILE", "KEYFILE", "TLS_UID", "TLS_GID", "CAFILE", "CADIR",
	"LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES",
	/* ours to set: never let the launcher's environment spoof them */
	"SSL_PROTOCOL", "SSL_CIPHER", "SSL_TLS_SNI_SERVERNAME", "SSL_ALPN",
};
static const char *const private_prefixes[] = {
	"CERTFILE:", "KEYFILE:", "SSL_PEER_",
};

/* The variable of each fact, exported when the fact is present. */
static const char *const fact_names[FACT_COUNT] = {
	[FACT_CIPHER] = "SSL_CIPHER", [FACT_SNI] = "SSL_TLS_SNI_SERVERNAME",
	[FACT_ALPN] = "SSL_ALPN", [FACT_PEER_HASH] = "SSL_PEER_CERT_HASH",
	[FACT_PEER_SUBJECT] = "SSL_PEER_CERT_SUBJECT",
	[FACT_PEER_ISSUER] = "SSL_PEER_CERT_ISSUER",
	[FACT_PEER_NOTAFTER] = "SSL_PEER_CERT_NOTAFTER",
};

#define COUNT(a) (sizeof a / sizeof a[0])

static int
is_private(const char *entry)
{
	size_t i, n = strcspn(entry, "=");

	for (i = 0; i < COUNT(private_vars); i++)
		if (strlen(private_vars[i]) == n &&
		    strncmp(entry, private_vars[i], n) == 0)
			return 1;
	for (i = 0; i < COUNT(private_prefixes); i++)
		if (strncmp(entry, private_prefixes[i],
		    strlen(private_prefixes[i])) == 0)
			return 1;
	return 0;
}

void
progenv_set(const struct tls_facts *f)
{
	size_t i, j;
	int k;

	/* Compact environ in place: no name length limit, no unsetenv()
	 * reshuffling under our feet. */
	for (i = j = 0; environ[i] != NULL; i++)
		if (!is_private(environ[i]))
			environ[j++] = environ[i];
	environ[j] = NULL;
	setenv("SSL_PROTOCOL", "TLSv1.2", 1);
	for (k = 0; k < FACT_COUNT; k++)
		if (f->v[k] != NULL)
			setenv(fact_names[k], f->v[k], 1);
}
