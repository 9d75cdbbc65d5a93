/*
 * privs.h: open the document root and the -A directory, then chroot (-r)
 * and drop to a user (-u): setgroups, setgid, setuid, then check root
 * cannot be regained.  Refuses to go on as root unless -R; as root, files
 * are then opened with the file system IDs of others (no groups).  Exits
 * on any failure.
 */
#ifndef PRIVS_H
#define PRIVS_H

void privs_setup(void);

#endif
