#!/bin/sh
# tlswrap's prog in the environment tests: print the environment, the open
# descriptors (of ls, which adds its own directory fd) and what fds 0-2 are,
# then "END", then echo stdin back.
env
echo "FDS $(ls /proc/self/fd | sort -n | tr '\n' ' ')"
for f in 0 1 2; do printf 'FD%s ' "$f"; readlink "/proc/self/fd/$f"; done
echo "UID $(id -u) GID $(id -g)"
echo END
exec cat
