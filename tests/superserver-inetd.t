#!/bin/bash
# examples/inetd.conf under Debian's openbsd-inetd, on 127.0.0.1 and a free
# port, with a configuration file of its own (never /etc/inetd.conf), in
# the foreground (-d).  inetd gives the service the socket on fd 0, 1 and
# 2: the line runs tlswrap through examples/stderr-to so that the log
# lines go to a file rather than into the TLS stream.
. "$(dirname "$0")/lib.sh"
ss_init
INETD=/usr/sbin/inetd
[ -x "$INETD" ] || need inetd

# The wrapper itself: stderr appended to FILE, stdout untouched; a FILE it
# cannot open is exit 111 with nothing on the old stderr (the socket, here).
SW=$SS_EX/stderr-to
echo old > "$T_TMP/sw.log"
out=$("$SW" "$T_TMP/sw.log" sh -c 'echo out; echo err >&2' 2>"$T_TMP/sw.err")
is "$out|$(cat "$T_TMP/sw.log")|$(cat "$T_TMP/sw.err")" "out|old
err|" "stderr-to appends stderr to the file and leaves stdout alone"
"$SW" "$T_TMP/no/such/dir/log" true 2>"$T_TMP/sw.err"
is "$?|$(cat "$T_TMP/sw.err")" "111|" "stderr-to: an unopenable file is exit 111, silently"

PORT=$(free_port)
ss_render "$SS_EX/inetd.conf" "$T_TMP/inetd.conf" "$PORT"
ok $? "inetd.conf renders for the test"
like "$(grep -v '^#' "$T_TMP/inetd.conf")" "^127\\.0\\.0\\.1:$PORT stream tcp nowait root " \
	"the line is a nowait stream service on 127.0.0.1:$PORT"

# -d: stay in the foreground and trace to stderr; -E is not given, so inetd
# launders the environment as it would in production.
bg timeout -k 5 120 "$INETD" -d "$T_TMP/inetd.conf" </dev/null >/dev/null 2>>"$T_TMP/inetd.log"
wait_port "$PORT"
ok $? "inetd listens on 127.0.0.1:$PORT"

ss_check "$PORT" "$SS_LOG" "inetd"
ss_check "$PORT" "$SS_LOG" "inetd (second connection)"
like "$(cat "$T_TMP/inetd.log")" "execv $SS_EX/stderr-to" "inetd started the chain through stderr-to"

ss_diag "$T_TMP/inetd.log" "$SS_LOG"
done_testing
