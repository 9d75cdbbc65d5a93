/*
 * privs.h: open the document root, then chroot (-r) and drop to a user
 * (-u): setgroups, setgid, setuid, then check root cannot be regained.
 * Refuses to go on as root unless -R.  Exits on any failure.
 */
#ifndef PRIVS_H
#define PRIVS_H

void privs_setup(void);

#endif
