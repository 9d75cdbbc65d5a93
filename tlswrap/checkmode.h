/* tlswrap -t: load what a connection would load and report on it, for
 * cron and for a supervision run script to check before it listens. */
#ifndef TLSWRAP_CHECKMODE_H
#define TLSWRAP_CHECKMODE_H

#include "certstore.h"
#include "options.h"

#define CHECK_EXIT_EXPIRING 1	/* all usable, but one expires within -w */

/* Report every site on stdout; return 0 when all is well, 96 on any
 * problem (unreadable, malformed, mismatched, expired, not yet valid,
 * chain out of order), CHECK_EXIT_EXPIRING when a certificate expires
 * within o->warn_days days. */
int check_run(const struct options *o, struct certstore *cs);

#endif
