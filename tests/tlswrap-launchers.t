#!/bin/bash
# tlswrap under real superservers: tcpserver, systemd-socket-activate --inetd
# (socket on fd 0/1) and systemd-socket-activate --accept (LISTEN_FDS, fd 3).
. "$(dirname "$0")/lib.sh"
tw_init
C=$CERTS
DUMP=$TOP/tests/tools/envdump.sh
R=$T_TMP/recv
var() { sed -n "/^END\$/q; s/^$1=//p" "$R"; }

# check LABEL: two connections to $PORT, one with SNI and data, one without.
check() {
	local label=$1 out
	tw_client --recv "$R" --alpn http/1.1 "$PORT" 'str:ping\n' wait-str:END shut wait-eof
	is "$(tw_get status) $(tw_get version)" "0 TLSv1.2" "$label: TLS 1.2 handshake"
	is "$(sed -n '/^END$/,$p' "$R" | sed 1d)" ping "$label: echo through prog"
	is "$(tw_get eof_notify)" true "$label: closed with close_notify"
	is "$(var SSL_PROTOCOL) $(var SSL_CIPHER)" "TLSv1.2 $(tw_get cipher)" "$label: SSL_PROTOCOL, SSL_CIPHER"
	is "$(var SSL_TLS_SNI_SERVERNAME) $(var SSL_ALPN)" "localhost http/1.1" "$label: SNI and ALPN exported"
	is "$(var PROTO)" TCP "$label: PROTO=TCP"
	is "$(var TCPREMOTEIP):$(var TCPREMOTEPORT)" "127.0.0.1:$(tw_get local_port)" "$label: TCPREMOTEIP/PORT"
	is "$(var TCPLOCALIP):$(var TCPLOCALPORT)" "127.0.0.1:$PORT" "$label: TCPLOCALIP/PORT"
	out=$(sed -n '/^END$/q; p' "$R" | grep -E '^(CERTFILE|KEYFILE|LISTEN_)')
	is "$out" "" "$label: no CERTFILE, KEYFILE or LISTEN_* in prog's environment"
	is "$(sed -n 's/^FDS //p' "$R")" "0 1 2 3 " "$label: prog has fds 0 1 2 only"
	out=$(tw_sclient "$PORT" -noservername -CAfile "$C/ca.pem")
	like "$out" 'Verify return code: 0 \(ok\)' "$label: s_client without SNI: verified TLSv1.2 session"
}

# tcpserver (ucspi variables set by the launcher).
CERTFILE=$C/ec-combined.pem tw_serve -a http/1.1 "$DUMP"
check "tcpserver"
tw_wait_lines "$TW_SSTATUS" 2 10
# 141: prog wrote after a client (s_client) had sent close_notify and gone,
# and died of SIGPIPE as any writer to a closed pipe does (tlswrap(8)).
like "$(sort -u "$TW_SSTATUS" | tr '\n' ' ')" "^exit=0 (exit=141 )?$" "tcpserver: tlswrap exited 0 (or 141: prog wrote after the client left)"
stop "$SERVER_PID"

# ssa_start MODE-ARGS...: systemd-socket-activate on a fresh port.
ssa_start() {
	PORT=$(free_port)
	SSA_LOG=$T_TMP/ssa.$PORT.log
	bg "$TW_PY" -c "$TW_CLOSEFDS" systemd-socket-activate -l "127.0.0.1:$PORT" "$@" \
		</dev/null >"$T_TMP/ssa.$PORT.out" 2>"$SSA_LOG"
	SSA_PID=$BG_PID
	wait_port "$PORT"
}

if ! command -v systemd-socket-activate >/dev/null; then
	skip "systemd-socket-activate not installed (apt-get install systemd)"
else
	# --inetd: the connection on fd 0 and 1, no ucspi variables.
	ssa_start --inetd -a -E CERTFILE="$C/ec-combined.pem" "$TLSWRAP" -a http/1.1 "$DUMP"
	check "systemd-socket-activate --inetd"
	stop "$SSA_PID"

	# --accept: LISTEN_FDS=1, LISTEN_PID, LISTEN_FDNAMES, the connection on fd 3;
	# fd 0 is /dev/null and fd 1 a file here, so using them cannot succeed.
	ssa_start -a --fdname=https -E CERTFILE="$C/ec-combined.pem" "$TLSWRAP" -a http/1.1 "$DUMP"
	check "systemd-socket-activate --accept (LISTEN_FDS)"
	is "$(cat "$T_TMP/ssa.$PORT.out")" "" "systemd-socket-activate --accept: nothing written to fd 1"
	stop "$SSA_PID"
	like "$(grep -c 'died with code 0' "$SSA_LOG")" '^[1-9]' "systemd-socket-activate --accept: children exited 0"
fi

done_testing
