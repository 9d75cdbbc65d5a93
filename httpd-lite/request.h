/*
 * request.h: reading and parsing one request head (RFC 9112).
 *
 * The parsed request points into conn.buf; it stays valid until io_next().
 */
#ifndef REQUEST_H
#define REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "httpd.h"
#include "io.h"

enum method {
	M_NONE, M_GET, M_HEAD, M_POST, M_PUT, M_DELETE, M_CONNECT, M_OPTIONS,
	M_TRACE, M_PATCH, M_COUNT
};

/* Header fields the server acts on; the others are skipped. */
enum field {
	F_HOST, F_CONNECTION, F_CONTENT_LENGTH, F_TRANSFER_ENCODING,
	F_IF_MATCH, F_IF_NONE_MATCH, F_IF_MODIFIED_SINCE,
	F_IF_UNMODIFIED_SINCE, F_IF_RANGE, F_RANGE, F_ACCEPT_ENCODING, F_EXPECT,
	F_COUNT
};

enum body { BODY_NONE, BODY_LENGTH, BODY_CHUNKED };

struct field_lines {
	const char *v[FIELD_REPEAT_MAX];
	unsigned n;
};

struct request {
	enum method method;
	const char *method_str;  /* as sent, for the log; NULL if unparsed */
	const char *target;      /* as sent, for the log */
	const char *path;        /* origin-form path, not decoded */
	size_t path_len;         /* up to '?' */
	const char *host;        /* absolute-form authority or Host; may be NULL */
	size_t host_len;
	int version;             /* 10 or 11 (a later 1.x is 11) */
	int keep;                /* connection may persist after this response */
	int expect_continue;     /* HTTP/1.1 "Expect: 100-continue" */
	enum body body;
	uint64_t body_len;
	struct field_lines f[F_COUNT];
};

/* First value of a field, NULL when absent. */
const char *req_field(const struct request *r, enum field f);

/*
 * Wait for and parse the next request head.  Returns 0 with *r filled,
 * ST_GONE when the connection ended between requests (EOF, idle timeout,
 * I/O error), or the status to answer with (r->keep then says whether the
 * stream is still usable: after a 400 it is not).
 */
int request_read(struct conn *c, struct request *r);

/* Parse head[0, len) in place (len includes the empty line).  Same results. */
int request_parse(struct request *r, char *head, size_t len);

/* Names as sent on the wire, indexed by enum method. */
extern const char *const method_names[M_COUNT];

/* Length of the head at b (through its empty line), or 0 if incomplete. */
size_t head_end(const char *b, size_t n);

#endif
