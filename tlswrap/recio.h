/* Moving TLS records between a BearSSL engine and a non-blocking socket. */
#ifndef TLSWRAP_RECIO_H
#define TLSWRAP_RECIO_H

#include <bearssl.h>

/* Outcome of one transfer attempt. */
enum io_result {
	IO_DONE,	/* some bytes moved */
	IO_AGAIN,	/* would block */
	IO_EOF,		/* peer closed (read side) */
	IO_ERROR	/* errno says why */
};

/* Write pending records to fd; ack what was written. */
enum io_result recio_send(br_ssl_engine_context *eng, int fd);

/* Read record bytes from fd into the engine; ack what was read. */
enum io_result recio_recv(br_ssl_engine_context *eng, int fd);

#endif
