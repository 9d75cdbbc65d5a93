/* options.h: the command line (man page, OPTIONS). */
#ifndef OPTIONS_H
#define OPTIONS_H

/* Fill cfg from argv and the environment; exits 100 on a usage error. */
void options(int argc, char **argv);

#endif
