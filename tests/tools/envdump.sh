#!/bin/sh
# tlswrap's prog in the environment tests: print the environment, the open
# descriptors (of ls, which adds its own directory fd), what fds 0-2 are,
# the ignored and blocked signals,
# then "END", then echo stdin back.
env
echo "FDS $(ls /proc/self/fd | sort -n | tr '\n' ' ')"
for f in 0 1 2; do printf 'FD%s ' "$f"; readlink "/proc/self/fd/$f"; done
echo "UID $(id -u) GID $(id -g)"
sed -n 's/^SigIgn:[[:space:]]*/SIGIGN /p; s/^SigBlk:[[:space:]]*/SIGBLK /p' /proc/self/status
echo END
exec cat
