#!/bin/bash
# examples/tcpserver-https (ucspi-tcp's tcpserver -c 100 -HRl0) on
# 127.0.0.1 and a free port.  Also: tcpserver's -c counts tlswrap for the
# connection's whole life, so with -c 1 an open TLS connection holds back
# the next client until it closes.
. "$(dirname "$0")/lib.sh"
ss_init
need tcpserver

PORT=$(free_port)
ss_render "$SS_EX/tcpserver-https" "$T_TMP/tcpserver-https" "$PORT"
ok $? "tcpserver-https renders for the test"
like "$(cat "$T_TMP/tcpserver-https")" "tcpserver -c 100 -HRl0 127\\.0\\.0\\.1 $PORT " \
	"it runs tcpserver -c 100 -HRl0 on 127.0.0.1:$PORT"
bg "$T_TMP/tcpserver-https" </dev/null >/dev/null 2>>"$SS_LOG"
wait_port "$PORT"
ok $? "tcpserver listens"
ss_check "$PORT" "$SS_LOG" "tcpserver"

# hold PORT SECS READY: a TLS client that completes the handshake on PORT,
# creates file READY, keeps the connection open SECS seconds, then closes.
hold() {
	timeout -k 2 20 python3 - "$@" "$CERTS/ca.pem" 2>>"$T_TMP/hold.log" <<'PY'
import socket, ssl, sys, time
port, secs, ready, ca = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
ctx = ssl.create_default_context(cafile=ca)
with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
    with ctx.wrap_socket(s, server_hostname="localhost") as t:
        open(ready, "w").write("ready\n")
        time.sleep(secs)
PY
}

# timed_get PORT NAME: GET NAME; the body in $BODY, milliseconds taken in $MS.
timed_get() {
	local t0 t1
	t0=$(date +%s%N)
	BODY=$(ss_get "$1" "$2")
	t1=$(date +%s%N)
	MS=$(( (t1 - t0) / 1000000 ))
}
# wait_ready FILE PID: until FILE exists or PID has ended (10 s at most).
wait_ready() {
	local i
	for i in $(seq 1 200); do
		[ -e "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}
echo concurrent > "$SS_WWW/c.txt"; chmod 644 "$SS_WWW/c.txt"

# With -c 100, a GET beside an open connection is served at once.
hold "$PORT" 2 "$T_TMP/ready1" &
HOLD1=$!
wait_ready "$T_TMP/ready1" "$HOLD1"
timed_get "$PORT" c.txt
is "$BODY" concurrent "-c 100: a GET beside an open TLS connection is served"
[ "$MS" -lt 1500 ]; ok $? "-c 100: ... without waiting for it (${MS} ms)"
wait "$HOLD1"

# With -c 1, the same GET waits until the open connection ends (2 s).
stop "$BG_PID"
PORT1=$(free_port)
ss_render "$SS_EX/tcpserver-https" "$T_TMP/tcpserver-c1" "$PORT1" -e 's/-c 100/-c 1/'
bg "$T_TMP/tcpserver-c1" </dev/null >/dev/null 2>>"$SS_LOG"
wait_port "$PORT1"
ok $? "tcpserver -c 1 listens"
sleep 0.3   # let wait_port's probe connection end
hold "$PORT1" 2 "$T_TMP/ready2" &
HOLD2=$!
wait_ready "$T_TMP/ready2" "$HOLD2"
timed_get "$PORT1" c.txt
is "$BODY" concurrent "-c 1: the GET is served once the open connection ends"
[ "$MS" -ge 1500 ]; ok $? "-c 1: ... and not before: tlswrap counts for the whole connection (${MS} ms)"
wait "$HOLD2"

ss_diag "$SS_LOG" "$T_TMP/hold.log"
done_testing
