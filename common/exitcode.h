/* exitcode.h: the exit codes of both programs (DESIGN.md; listed in
 * tlswrap(8) and httpd-lite(8)).  A program that ran prog exits with
 * prog's status instead. */
#ifndef COMMON_EXITCODE_H
#define COMMON_EXITCODE_H

enum {
	EXIT_BADCERT = 96,	/* tlswrap: certificate or key missing, bad,
				 * mismatched */
	EXIT_TLS = 98,		/* tlswrap: handshake failure, TLS error,
				 * timeout */
	EXIT_USAGE = 100,	/* bad command line or environment */
	EXIT_TEMP = 111		/* temporary system error: fork, pipe, memory */
};

#endif
