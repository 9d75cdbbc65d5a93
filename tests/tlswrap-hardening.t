#!/bin/bash
# tlswrap hardening, seen from outside through /proc while a connection is
# held open under tcpserver: -u/-U/TLS_UID/TLS_GID identities, -r chroot,
# seccomp on the pump (-Z off), the private key gone from memory and from
# the descriptor table after the handshake, prog's descriptors and
# environment; non-root refusals; no prog after a failed handshake.
. "$(dirname "$0")/lib.sh"
tw_init
[ "$(id -u)" = 0 ] || skip_all "needs root (identities, /proc/PID/mem)"
need tcpserver
need setpriv ps
id nobody >/dev/null 2>&1 || skip_all "no user nobody"
C=$CERTS
NB=$(id -u nobody)
NG=$(id -g nobody)
MEMSCAN=$TOP/tests/tools/memscan.py
RAW=$TOP/tests/tools/rawclient.py
SAN=
nm "$TLSWRAP" 2>/dev/null | grep -q __asan_init &&
	SAN="sanitizer build: seccomp is deliberately off"

# held LABEL TLSWRAP-ARGS...: serve "$TLSWRAP" TLSWRAP-ARGS cat under
# tcpserver and hold one connection open after an echo went through (so the
# pump runs).  Sets TP (tlswrap's PID), PP (prog's PID) and HELD (probe
# name); end it with unhold.
held() {
	local label=$1
	shift
	TP= PP=
	tw_serve "$@" cat || return 1
	HELD=h$TW_N
	hd_probe "$HELD" "$PORT" send --send 'ping\n' --expect ping --count 1 --hold 30
	if ! tw_wait_file "$T_TMP/$HELD.ready" 10; then
		diag "$label: no echo through tlswrap: $(cat "$T_TMP/$HELD.out" "$TW_SLOG" 2>/dev/null)"
		return 1
	fi
	TP=$(hd_desc "$SERVER_PID" tlswrap | head -n 1)
	PP=$(hd_desc "$SERVER_PID" cat | head -n 1)
	[ -n "$TP" ] && [ -n "$PP" ]
}
unhold() { hd_release "$HELD"; stop "$SERVER_PID"; }

ids() { echo "$(hd_field "$1" Uid) / $(hd_field "$1" Gid) / $(hd_field "$1" Groups)"; }
fds() { ls "/proc/$1/fd" 2>/dev/null | sort -n | tr '\n' ' ' | sed 's/ $//'; }
# Descriptors of PID that lead to a file of $C (certificates and keys).
certfds() {
	local f
	for f in /proc/"$1"/fd/*; do
		case $(readlink "$f") in "$C"/*|"$T_TMP"/*.pem) echo "${f##*/}->$(readlink "$f")" ;; esac
	done | tr '\n' ' '
}
# tlswrap-only variables in PID's environment ("unreadable" unless it shows
# the SSL_PROTOCOL that tlswrap sets: an empty read must not pass).
secret_env() {
	local e
	e=$(tr '\0' '\n' < "/proc/$1/environ" 2>/dev/null)
	printf '%s\n' "$e" | grep -q '^SSL_PROTOCOL=TLSv1\.2$' || { echo unreadable; return; }
	printf '%s\n' "$e" | grep -E '^(CERTFILE|KEYFILE|TLS_UID|TLS_GID)' | tr '\n' ' '
}

# seccomp_is PID WANT LABEL: Seccomp and NoNewPrivs of PID.
seccomp_is() {
	if [ -n "$SAN" ] && [ "$2" = 2 ]; then
		skip "$3: $SAN"
	else
		is "$(hd_field "$1" Seccomp)" "$2" "$3: Seccomp: $2 in /proc/PID/status"
	fi
}

# scan_key LABEL KEY CERT: the key's secret numbers and PEM text are not in
# tlswrap's memory ($TP); the certificate is (the control).
scan_key() {
	local out
	out=$(python3 "$MEMSCAN" "$TP" --key "$2" --der "$3" 2>&1)
	[ -n "${TW_VERBOSE:-}" ] && diag "$1: $(echo $out)"
	like "$out" 'scanned=[0-9]{6,}' "$1: memscan read tlswrap's memory"
	like "$out" 'cert:der found' "$1: control: the certificate's DER is found in memory"
	is "$(printf '%s\n' "$out" | grep '^key:' | grep -v absent | tr '\n' ' ')" "" \
		"$1: no secret number of the key, nor its PEM text, in memory after the handshake"
}

# ---- -u nobody, key and certificate from the environment: launcher path.
if CERTFILE=$C/ec-chain.pem KEYFILE=$C/ec-key.pem held "-u nobody" -u nobody; then
	is "$(ids "$TP")" "$NB $NB $NB $NB / $NG $NG $NG $NG / $NG" \
		"-u nobody: tlswrap's real, effective, saved, fs uids and gids, and groups"
	is "$(hd_field "$PP" Uid)" "0 0 0 0" "-u nobody: prog runs as the superserver's user (root)"
	seccomp_is "$TP" 2 "-u nobody: the pump"
	if [ -n "$SAN" ]; then skip "-u nobody: NoNewPrivs: $SAN"
	else is "$(hd_field "$TP" NoNewPrivs)" 1 "-u nobody: the pump has NoNewPrivs: 1"; fi
	is "$(hd_field "$PP" Seccomp)" 0 "-u nobody: prog is not under tlswrap's filter"
	is "$(fds "$PP")" "0 1 2" "-u nobody (launcher): prog has fds 0 1 2 only"
	is "$(secret_env "$PP")" "" "-u nobody (launcher): no CERTFILE, KEYFILE, TLS_* in prog's environment"
	is "$(certfds "$TP")" "" "-u nobody: tlswrap holds no descriptor of the certificate or key file"
	scan_key "-u nobody, EC key" "$C/ec-key.pem" "$C/ec-cert.pem"
else
	ok 1 "-u nobody: held connection"
fi
unhold

# ---- -u nobody -U nobody: prog drops too.
if held "-U nobody" -u nobody -U nobody -c "$C/ec-combined.pem"; then
	is "$(ids "$PP")" "$NB $NB $NB $NB / $NG $NG $NG $NG / $NG" "-U nobody: prog's uids, gids and groups"
	is "$(hd_field "$TP" Uid)" "$NB $NB $NB $NB" "-U nobody: tlswrap is nobody too (-u)"
else
	ok 1 "-U nobody: held connection"
fi
unhold

# ---- TLS_UID / TLS_GID numbers instead of -u.
if TLS_UID=$NB TLS_GID=$NG held "TLS_UID" -c "$C/ec-combined.pem"; then
	is "$(ids "$TP")" "$NB $NB $NB $NB / $NG $NG $NG $NG / $NG" "TLS_UID/TLS_GID: tlswrap's ids and groups"
	is "$(hd_field "$PP" Uid)" "0 0 0 0" "TLS_UID/TLS_GID: prog stays root"
	is "$(secret_env "$PP")" "" "TLS_UID/TLS_GID: not passed on to prog"
else
	ok 1 "TLS_UID/TLS_GID: held connection"
fi
unhold

# ---- -r DIR: tlswrap chrooted, prog not.
J=$T_TMP/jail
mkdir -p "$J"
if held "-r" -r "$J" -u nobody -c "$C/ec-combined.pem"; then
	is "$(readlink "/proc/$TP/root")" "$J" "-r DIR: tlswrap's root is DIR"
	is "$(readlink "/proc/$PP/root")" "/" "-r DIR: prog is not chrooted"
	is "$(hd_field "$TP" Uid)" "$NB $NB $NB $NB" "-r DIR -u nobody: and dropped"
else
	ok 1 "-r: held connection"
fi
unhold

# ---- No identity change: prog spawned after the handshake; seccomp, -Z.
if held "spawn" -c "$C/rsa-chain.pem" -k "$C/rsa-key.pem"; then
	seccomp_is "$TP" 2 "spawn path: the pump"
	is "$(hd_field "$PP" Seccomp)" 0 "spawn path: prog is not under tlswrap's filter"
	is "$(fds "$PP")" "0 1 2" "spawn path: prog has fds 0 1 2 only"
	is "$(certfds "$TP")" "" "spawn path: tlswrap holds no descriptor of the certificate or key file"
	scan_key "RSA key" "$C/rsa-key.pem" "$C/rsa-cert.pem"
else
	ok 1 "spawn path: held connection"
fi
unhold
if CERTFILE=$C/ec-combined.pem held "-Z" -Z; then
	is "$(hd_field "$TP" Seccomp) $(hd_field "$TP" NoNewPrivs)" "0 0" "-Z: no seccomp, no NoNewPrivs"
	is "$(secret_env "$PP")" "" "spawn path: no CERTFILE or KEYFILE in prog's environment"
else
	ok 1 "-Z: held connection"
fi
unhold

# ---- Control for the memory scan: during the handshake the key is needed,
# and memscan must find it then (else "absent" above would prove nothing).
for k in ec rsa; do
	tw_serve -u nobody -T 10 -c "$C/$k-chain.pem" -k "$C/$k-key.pem" cat
	bg python3 -c 'import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(5)' "$PORT"
	cpid=$BG_PID
	TP=$(hd_wait_desc "$SERVER_PID" tlswrap 5)
	sleep 0.3	# let it read the key and reach the handshake
	out=$(python3 "$MEMSCAN" "$TP" --key "$C/$k-key.pem" 2>&1)
	if [ $k = ec ]; then
		like "$out" 'key:priv found' "control: the EC private scalar is found while the handshake waits"
	else
		like "$out" 'key:p found' "control: the RSA prime p is found while the handshake waits"
	fi
	stop "$cpid"
	stop "$SERVER_PID"
done

# ---- A failed handshake under -u: prog never runs, nothing is left behind.
MARK=$T_TMP/prog-ran
tw_serve -u nobody -c "$C/ec-combined.pem" /usr/bin/touch "$MARK"
out=$(timeout -k 5 20 python3 "$RAW" --send-str 'GET / HTTP/1.0\r\n\r\n' "$PORT" 2>&1)
tw_wait_lines "$TW_SSTATUS" 1 10
is "$(cat "$TW_SSTATUS")" "exit=98" "-u nobody, plain HTTP instead of TLS: exit 98"
like "$(cat "$TW_SLOG")" 'handshake failed' "...logged as a failed handshake"
sleep 0.2
[ ! -e "$MARK" ]
ok $? "...and prog never ran (no marker file)"
hd_wait_nodesc "$SERVER_PID" 3
ok $? "...and no launcher or prog is left (nothing under tcpserver)"
stop "$SERVER_PID"

# ---- Not root: identity changes are refused with exit 100.  The files must
# be readable by nobody, so that the refusal is not a file error.
P=$T_TMP/pub
mkdir -p "$P" && cp "$C/ec-combined.pem" "$P/" && chmod 755 "$P" && chmod 644 "$P/ec-combined.pem"
chmod 711 "$T_TMP"
AS_NOBODY=(setpriv "--reuid=$NB" "--regid=$NG" --clear-groups)
nonroot() { # nonroot DESC EXPECTED-STATUS [ENV...] -- TLSWRAP-ARGS...
	local desc=$1 want=$2 envs=()
	shift 2
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	tw_direct env "${envs[@]}" "${AS_NOBODY[@]}" "$TLSWRAP" -c "$P/ec-combined.pem" "$@" cat
	timeout -k 5 20 python3 "$TW_CLIENT" "$PORT" 'str:x\n' wait-str:x >/dev/null 2>&1
	is "$(tw_status)" "exit=$want" "non-root, $desc: exit $want"
	if [ "$want" = 100 ]; then
		like "$(cat "$TW_ERR")" 'need root' "non-root, $desc: says root is needed"
	fi
}
nonroot "-u nobody (already nobody): served" 0 -- -u nobody
nonroot "-u root" 100 -- -u root
nonroot "-U root" 100 -- -U root
nonroot "-r DIR" 100 -- -r "$P"
nonroot "TLS_UID=0" 100 TLS_UID=0 TLS_GID=0 --

done_testing
