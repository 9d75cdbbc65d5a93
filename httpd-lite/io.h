/*
 * io.h: the connection's two descriptors, with deadlines.
 *
 * Both descriptors are switched to non-blocking mode so that every wait is a
 * poll() with a deadline: a client that stops reading or sends its head a
 * byte at a time cannot hold the process forever.
 */
#ifndef IO_H
#define IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conn.h"

#include "clock.h"	/* now_ms(): the deadlines' clock */

/*
 * Set up fds 0 and 1; returns -1 with errno set on failure.  Clears *c:
 * the caller sets the timeouts afterwards.
 */
int io_init(struct conn *c);
/* Put back the descriptors' original flags (they may be shared). */
void io_restore(void);

/*
 * Read more input before c->deadline.  Returns the number of bytes added,
 * 0 at EOF, -1 on error or timeout (c->err says which).  May move [pos, len)
 * down to base to make room.
 */
ssize_t io_more(struct conn *c);

/* Forget the served request: unread bytes move to the front. */
void io_next(struct conn *c);

/* Write everything; more=1 hints that a body follows.  0, or -1 (c->err). */
int io_write(struct conn *c, const void *p, size_t n, int more);
/* Write two buffers in one system call where possible. */
int io_write2(struct conn *c, const void *a, size_t an, const void *b, size_t bn);
/*
 * Send n bytes of file fd from off; *sent counts bytes written.  sendfile()
 * first, read/write when the kernel refuses it.  0, or -1 (c->err; EIO when
 * the file shrank under us).
 */
int io_sendfile(struct conn *c, int fd, off_t off, off_t n, off_t *sent);

#endif
