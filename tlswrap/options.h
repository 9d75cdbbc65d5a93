/* Command line and environment: everything tlswrap is told, validated
 * before any file or network byte is read. */
#ifndef TLSWRAP_OPTIONS_H
#define TLSWRAP_OPTIONS_H

#define OPT_ALPN_MAX 8			/* protocols announced with -a */
#define OPT_TIMEOUT_MAX 86400		/* seconds, for -T and -i */
#define OPT_HANDSHAKE_DEFAULT 10	/* seconds */
#define SESSION_LIFETIME_DEFAULT 300	/* seconds, for -e */
#define STALL_DEFAULT 60		/* seconds, for -W */

#define OPT_CERTS_MAX 2			/* -c given twice: ECDSA and RSA */

struct options {
	const char *certfile[OPT_CERTS_MAX];	/* -c, or CERTFILE */
	const char *keyfile[OPT_CERTS_MAX];	/* -k, or KEYFILE; NULL: in certfile */
	int ncerts;
	const char *certdir;		/* -d */
	const char *acme_dir;		/* -A: tls-alpn-01 challenge files */
	int strict_sni;			/* -S */
	int check;			/* -t: check mode, no prog */
	const char *tls_user;		/* -u */
	const char *prog_user;		/* -U */
	const char *chroot_dir;		/* -r */
	int no_seccomp;			/* -Z */
	int proxy;			/* -p: PROXY header first */
	int client_cert;		/* 0, 'Y' (ask) or 'y' (require) */
	const char *session_cache;	/* -s */
	int session_lifetime;		/* -e, seconds */
	int warn_days;			/* -w */
	const char *alpn[OPT_ALPN_MAX];	/* -a, in preference order */
	int alpn_count;
	int handshake_timeout;		/* -T, seconds */
	int idle_timeout;		/* -i, seconds; 0: none */
	int stall_timeout;		/* -W, seconds; 0: none */
	int allow_cbc;			/* -C */
	char *const *prog;		/* prog and its arguments */
};

/* Parse argv and the environment into *o; on a usage error, print one line
 * and exit 100.  Keeps pointers into argv and the environment. */
void options_parse(struct options *o, int argc, char **argv);

#endif
