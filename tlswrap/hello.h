/* The client's first handshake message, read by tlswrap before BearSSL
 * sees a byte of it.
 *
 * Two reasons.  BearSSL copies the server name (SNI) unchecked, so a name
 * holding a newline, ESC, NUL, '/' or ".." would reach the log, prog's
 * environment and -d's file names; here it is checked first and refused
 * unless it is a DNS host name.  And BearSSL looks a cached session up as
 * soon as it has read the session ID, before the extensions: the session
 * cache needs the name the client offers before BearSSL asks for the
 * session, and takes it from here.
 *
 * The records are kept as read and handed to the engine unchanged
 * (hello_feed), so BearSSL's own parsing is not altered. */
#ifndef TLSWRAP_HELLO_H
#define TLSWRAP_HELLO_H

#include <bearssl.h>
#include <stddef.h>

#define HELLO_MSG_MAX 16384	/* the ClientHello, handshake header included */
#define HELLO_RAW_MAX (HELLO_MSG_MAX + 4096)	/* and its record headers */
#define HELLO_NAME_MAX 253	/* RFC 1035 */
#define HELLO_LABEL_MAX 63

enum hello_state {
	HELLO_MORE,		/* not complete yet */
	HELLO_OTHER,		/* not TLS handshake records: left to BearSSL */
	HELLO_NO_NAME,		/* complete, no server name */
	HELLO_NAME,		/* complete, name holds a valid host name */
	HELLO_BAD_NAME,		/* a server name that is not a host name */
	HELLO_MALFORMED		/* why says what is wrong */
};

struct client_hello {
	enum hello_state state;
	const char *why;		/* HELLO_MALFORMED, HELLO_BAD_NAME */
	char name[HELLO_NAME_MAX + 1];	/* HELLO_NAME: as sent */
	const unsigned char *bad;	/* HELLO_BAD_NAME: the raw bytes, */
	size_t bad_len;			/* in msg[], for an escaped log line */
	size_t len, fed;		/* raw bytes read, and given to BearSSL */
	size_t rec_off;			/* next record header in raw[] */
	size_t msg_len;
	unsigned char raw[HELLO_RAW_MAX];
	unsigned char msg[HELLO_MSG_MAX];
};

/* Look at raw[0..len) again after more bytes arrived: sets state (and
 * name, why) and returns it.  h must be zero before the first byte. */
enum hello_state hello_parse(struct client_hello *h);

/* Room for the next read: where, and how many bytes (0 when full). */
unsigned char *hello_room(struct client_hello *h, size_t *len);

/* Give the engine what it can take of the bytes not fed yet; 1 when some
 * moved, 0 when none could. */
int hello_feed(struct client_hello *h, br_ssl_engine_context *eng);

/* 1 when s is a DNS host name as RFC 6066 section 3 wants it: 1 to 253
 * bytes of ASCII letters, digits, hyphens and dots, labels of 1 to 63
 * bytes, no trailing dot. */
int hello_valid_name(const unsigned char *s, size_t len);

/* The name for the session cache: "" for none, NULL when it is not known
 * (the hello was not parsed; resuming would be a guess). */
const char *hello_name(const struct client_hello *h);

#endif
