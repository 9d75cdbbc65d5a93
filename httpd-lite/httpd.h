/*
 * httpd.h: every limit and default of httpd-lite in one place, and the
 * types its parts share.  Limits are sized so that one connection uses a
 * fixed amount of memory; the man page (LIMITS) repeats them.
 */
#ifndef HTTPD_H
#define HTTPD_H

#include <stddef.h>
#include <stdint.h>

#include "exitcode.h"	/* EXIT_USAGE, EXIT_TEMP (man page, EXIT STATUS) */

#define PROG                 "httpd-lite"
#define SERVER_NAME          "httpd-lite"

/* Request head (request line and header fields, CRLFs included). */
#define HEAD_MAX             8192
#define FIELDS_MAX           64     /* header field lines per request */
#define FIELD_REPEAT_MAX     4      /* lines of one list-valued field kept */
/* Input buffer: a whole head plus room to read body or pipelined bytes. */
#define INBUF_SIZE           (2 * HEAD_MAX)
#define BODY_DISCARD_MAX     (64 * 1024)   /* request body bytes thrown away */

#define PATH_BUF             4096   /* decoded canonical path plus suffixes */
#define HOST_MAX             253    /* RFC 1035 name length */
#define RESP_HEAD_MAX        (PATH_BUF + 1024) /* fits a Location */
#define INLINE_BODY_MAX      16384  /* smaller bodies go out with the header */
#define COPY_BUF_SIZE        65536  /* read/write fallback for sendfile */
#define SENDFILE_CHUNK       (1L << 21)
#define ETAG_MAX             64
#define DATE_MAX             32     /* "Sun, 06 Nov 1994 08:49:37 GMT" + NUL */

#define REQUESTS_DEFAULT     1000   /* requests per connection (-n) */
#define REQUESTS_LIMIT       1000000
#define IDLE_TIMEOUT_DEFAULT 15     /* s between requests (-t) */
#define HEAD_TIMEOUT_DEFAULT 10     /* s for one whole request head (-T) */
#define WRITE_TIMEOUT_DEFAULT 60    /* s without output progress (-w) */
#define TIMEOUT_LIMIT        86400
#define HSTS_LIMIT           (10UL * 366 * 86400)

/* -A: /.well-known/acme-challenge/TOKEN, TOKEN base64url (RFC 8555 8.3). */
#define ACME_PREFIX          ".well-known/acme-challenge"
#define ACME_TOKEN_MAX       128

/* File system uid and gid when serving as root (-R): "others". */
#define OTHERS_ID            4294967294U  /* (uid_t)-2: owns nothing */
#define OTHERS_ID_FALLBACK   65534U       /* the overflow ID */

#define LOG_LINE_MAX         2048   /* below PIPE_BUF: one atomic write */
#define LOG_FIELD_MAX        512    /* escaped target/method bytes logged */
#define CLIENT_MAX           64

#define MIME_ENTRIES_MAX     2048   /* extensions read from -m FILE */
#define MIME_FILE_MAX        (256 * 1024)
#define MIME_EXT_MAX         32
#define MIME_TYPE_MAX        128

#define LISTING_MAX          (512 * 1024)  /* -l HTML page */
#define LISTING_ENTRIES_MAX  4096
#define LISTING_NAMES_MAX    (256 * 1024)

/*
 * Statuses are their own numeric codes; 0 means "no error" and functions
 * that can fail return one of these.  ST_GONE means the connection ended
 * (EOF, timeout before a request began, or an I/O error) and nothing more
 * can be sent.
 */
enum status {
	ST_NONE = 0,
	ST_GONE = 1,
	ST_OK = 200,
	ST_PARTIAL = 206,
	ST_MOVED = 301,
	ST_NOT_MODIFIED = 304,
	ST_BAD_REQUEST = 400,
	ST_FORBIDDEN = 403,
	ST_NOT_FOUND = 404,
	ST_BAD_METHOD = 405,
	ST_TIMEOUT = 408,
	ST_PRECONDITION = 412,
	ST_TOO_LARGE = 413,
	ST_URI_TOO_LONG = 414,
	ST_RANGE = 416,
	ST_FIELDS_TOO_LARGE = 431,
	ST_INTERNAL = 500,
	ST_NOT_IMPLEMENTED = 501,
	ST_VERSION = 505,
	ST_LIMIT = 506
};

/* Process-wide settings, fixed before the first request is read. */
struct config {
	const char *docroot;
	const char *mimefile;   /* -m */
	const char *user;       /* -u */
	const char *acmedir;    /* -A */
	unsigned long hsts;     /* -H, 0: no header */
	unsigned long max_requests;
	unsigned long idle_timeout, head_timeout, write_timeout;
	int listing, vhosts, chroot, allow_root, landlock, seccomp;
	int tls;                /* SSL_PROTOCOL set */
	int rootfd;             /* docroot, O_PATH */
	int acmefd;             /* -A directory, O_PATH; -1 without -A */
};

extern struct config cfg;

#endif
