/* options.h: the command line (man page, OPTIONS). */
#ifndef OPTIONS_H
#define OPTIONS_H

/* Fill cfg from argv and the environment; exits 100 on a usage error. */
void options(int argc, char **argv);

/* Print "httpd-lite: msg" (+ strerror(err)) and exit with code. */
void die(int code, const char *msg, int err) __attribute__((noreturn));

#endif
