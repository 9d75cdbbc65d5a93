#!/bin/sh
# dehydrated hook, run as acme.  Install as /etc/dehydrated/hook.sh
# (root:root 0755).  There is nothing to reload or restart: tlswrap reads
# certs/NAME/fullchain.pem and privkey.pem on every connection.
#
# sync_cert comes after the new files are written and before dehydrated
# switches the fullchain.pem and privkey.pem links to them: a pair that
# tlswrap cannot load (tlswrap -t, exit 96) stops dehydrated there, and the
# old certificate keeps being served.  Every other event needs nothing.
case $1 in
sync_cert)
	# $2 key, $3 cert, $4 fullchain (the new, timestamped files)
	if ! out=$(/usr/local/bin/tlswrap -t -c "$4" -k "$2" 2>&1); then
		printf 'hook: tlswrap -t refuses %s:\n%s\n' "$4" "$out" >&2
		exit 1
	fi
	;;
esac
exit 0
