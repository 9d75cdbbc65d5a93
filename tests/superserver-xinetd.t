#!/bin/bash
# examples/xinetd.d/tlswrap-https under Debian's xinetd, on 127.0.0.1 and a
# free port, with a configuration of its own (never /etc/xinetd.conf or
# /etc/xinetd.d), in the foreground (-dontfork).  xinetd gives the server
# no usable stderr: the service runs tlswrap through examples/stderr-to,
# which appends the log lines to a file.
#
# Debian's xinetd and openbsd-inetd conflict (both provide
# inet-superserver), so tools/deps.sh installs openbsd-inetd and this test
# uses the xinetd binary unpacked from its .deb when xinetd is not
# installed (see ss_deb_bin in lib.sh).
. "$(dirname "$0")/lib.sh"
ss_init
XINETD=$(ss_deb_bin xinetd /usr/sbin/xinetd) ||
	{ echo "Bail out! xinetd is neither installed nor could its .deb be fetched and unpacked (apt-get download xinetd)"; exit 1; }
"$XINETD" -version >/dev/null 2>&1 ||
	{ echo "Bail out! $XINETD does not run here (missing libraries? netbase's /etc/protocols?)"; exit 1; }
diag "xinetd: $XINETD"

PORT=$(free_port)
ss_render "$SS_EX/xinetd.d/tlswrap-https" "$T_TMP/xinetd.d/tlswrap-https" "$PORT"
ok $? "xinetd.d/tlswrap-https renders for the test"
# The main file, as Debian's /etc/xinetd.conf: defaults and an includedir.
cat > "$T_TMP/xinetd.conf" <<CONF
defaults
{
	instances = 60
}
includedir $T_TMP/xinetd.d
CONF

bg timeout -k 5 120 "$XINETD" -dontfork -f "$T_TMP/xinetd.conf" \
	-filelog "$T_TMP/xinetd.log" -pidfile "$T_TMP/xinetd.pid" \
	</dev/null >/dev/null 2>>"$T_TMP/xinetd.err"
wait_port "$PORT"
ok $? "xinetd listens on 127.0.0.1:$PORT"

ss_check "$PORT" "$SS_LOG" "xinetd"
ss_check "$PORT" "$SS_LOG" "xinetd (second connection)"

ss_diag "$T_TMP/xinetd.log" "$T_TMP/xinetd.err" "$SS_LOG"
done_testing
