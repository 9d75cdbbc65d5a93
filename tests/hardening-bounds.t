#!/bin/bash
# Every phase has a timeout, and no input makes tlswrap or httpd-lite grow
# or spin.  Timeouts: tlswrap -T (silent and trickling clients), -i (idle
# after the handshake); behind tlswrap, httpd-lite -t (no request), -T (a
# head that never ends, or trickles), -w (a client that never reads the
# response).  Bounds, through tlswrap + httpd-lite: an oversized request
# line and 10,000 header lines, 20,000 one-byte TLS records, 16 KiB
# records, a request every millisecond; peak and resident memory from
# /proc/PID/status while the connection is held, CPU time while it stalls.
# HD_RATE_SECS (default 20) sets the length of the steady-rate run.
. "$(dirname "$0")/lib.sh"
tw_init
[ -x "$HTTPD" ] || skip_all "httpd-lite not built"
need tcpserver ps
C=$CERTS
RAW=$TOP/tests/tools/rawclient.py
RATE_SECS=${HD_RATE_SECS:-20}
W=$T_TMP/www
mkdir -p "$W"
printf 'ok\n' >"$W/s"
truncate -s 256M "$W/big"	# sparse: costs no disk
chmod -R a+rX "$W"
GET='GET /s HTTP/1.1\r\nHost: x\r\n\r\n'
HEAD='HEAD /s HTTP/1.1\r\nHost: x\r\n\r\n'

# Durations are measured by the clients (from the connection, or from the
# end of the handshake, to the server's close), not by this shell: on a
# loaded machine starting a process can take longer than the timeouts.
# ms SECONDS: seconds with a fraction as whole milliseconds.
ms() { awk -v s="${1:-0}" 'BEGIN { printf "%d", s * 1000 }'; }
# raw_elapsed RAWCLIENT-OUTPUT: its elapsed= value, in milliseconds.
raw_elapsed() { ms "$(printf '%s' "$1" | sed -n 's/.*elapsed=\([0-9.]*\).*/\1/p')"; }
# within MS LO HI DESC: LO <= MS <= HI.
within() {
	[ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
	ok $? "$4 (${1} ms, expected ${2}-${3})"
}
# ticks PID...: CPU ticks of all the PIDs.
ticks() { local p s=0; for p in "$@"; do s=$(( s + $(hd_cpu "$p" || echo 0) )); done; echo $s; }

# ---------------------------------------------------------------- timeouts
# tlswrap -T 1, a client that connects and says nothing.
tw_serve -u nobody -T 1 -c "$C/ec-combined.pem" cat
out=$(timeout -k 5 20 python3 "$RAW" --timeout 10 "$PORT" 2>&1)
tw_wait_lines "$TW_SSTATUS" 1 10
within "$(raw_elapsed "$out")" 900 2500 "tlswrap -T 1, silent client: dropped after about 1 s"
is "$(cat "$TW_SSTATUS")" "exit=98" "tlswrap -T 1, silent client: exit 98"
like "$(cat "$TW_SLOG")" 'handshake timed out after 1 s' "tlswrap -T 1, silent client: 'handshake timed out' logged"

# tlswrap -T 1, a ClientHello trickled one byte every 0.3 s.
: >"$TW_SSTATUS"; : >"$TW_SLOG"
out=$(timeout -k 5 30 python3 "$RAW" --clienthello --trickle 0.3 --timeout 20 "$PORT" 2>&1)
tw_wait_lines "$TW_SSTATUS" 1 10
# The client notices on its next byte or the one after: up to 0.6 s late.
within "$(raw_elapsed "$out")" 900 2500 "tlswrap -T 1, ClientHello trickled at 0.3 s a byte: dropped after about 1 s"
is "$(cat "$TW_SSTATUS")" "exit=98" "tlswrap -T 1, trickled ClientHello: exit 98"
like "$(cat "$TW_SLOG")" 'handshake timed out after 1 s' "tlswrap -T 1, trickled ClientHello: 'handshake timed out' logged"
stop "$SERVER_PID"

# tlswrap -i 1: handshake, then silence.
tw_serve -i 1 -c "$C/ec-combined.pem" cat
hd_probe idle "$PORT" send --hold 10
wait "$HD_PROBE_PID"
within "$(ms "$(hd_get idle elapsed)")" 900 2500 "tlswrap -i 1: an idle connection ends after about 1 s"
tw_wait_lines "$TW_SSTATUS" 1 10
like "$(cat "$TW_SLOG")" 'idle timeout after 1 s' "tlswrap -i 1: 'idle timeout' logged"
hd_wait_nodesc "$SERVER_PID" 3
ok $? "tlswrap -i 1: tlswrap and prog are gone"
like "$(hd_get idle end)" '^eof' "tlswrap -i 1: the client sees the connection end"
stop "$SERVER_PID"

# chain CHAIN-LABEL TLSWRAP-ARGS -- HTTPD-ARGS: tlswrap + httpd-lite $W.
chain() {
	local t=()
	while [ "$1" != -- ]; do t+=("$1"); shift; done
	shift
	tw_serve "${t[@]}" -c "$C/ec-combined.pem" "$HTTPD" -R "$@" "$W"
}
# gone_within SECS DESC: tlswrap and httpd-lite under $SERVER_PID end.
gone_within() {
	hd_wait_nodesc "$SERVER_PID" "$1" httpd-lite
	ok $? "$2: httpd-lite ends within $1 s"
	hd_wait_nodesc "$SERVER_PID" "$1" tlswrap
	ok $? "$2: tlswrap ends within $1 s"
}

# httpd-lite -t 1: no request at all.
chain -- -t 1
hd_probe noreq "$PORT" send --hold 10
wait "$HD_PROBE_PID"
within "$(ms "$(hd_get noreq elapsed)")" 900 2500 "httpd-lite -t 1, no request: the connection ends after about 1 s"
like "$(hd_get noreq end) $(hd_get noreq received)" '^eof-notify 0$' "httpd-lite -t 1: closed with close_notify, nothing sent"
gone_within 2 "httpd-lite -t 1"
stop "$SERVER_PID"

# httpd-lite -T 1: a head that stops half-way, and one that trickles.
chain -- -T 1
hd_probe half "$PORT" send --send 'GET /s HTTP/1.1\r\nHost: x\r\n' --hold 10
wait "$HD_PROBE_PID"
within "$(ms "$(hd_get half elapsed)")" 900 2500 "httpd-lite -T 1, head stops half-way: answered and closed after about 1 s"
like "$(hd_get half first_line)" '^HTTP/1\.1 408 ' "httpd-lite -T 1, head stops half-way: 408"
gone_within 2 "httpd-lite -T 1, half a head"
hd_probe trickle "$PORT" send --send "GET /s HTTP/1.1\\r\\nHost: x\\r\\nX-Slow: $(printf 'y%.0s' {1..40})\\r\\n\\r\\n" \
	--record 1 --gap 0.3 --hold 10
wait "$HD_PROBE_PID"
within "$(ms "$(hd_get trickle elapsed)")" 900 2500 "httpd-lite -T 1, head trickled at 0.3 s a byte: answered and closed after about 1 s"
like "$(hd_get trickle first_line)" '^HTTP/1\.1 408 ' "httpd-lite -T 1, trickled head: 408"
gone_within 2 "httpd-lite -T 1, trickled head"
stop "$SERVER_PID"

# httpd-lite -w 1, a client that asks for 256 MiB and never reads (small
# receive buffer).  httpd-lite gives up after 1 s of no progress; tlswrap
# has records it cannot send, and gives up after its stall time (-W 2; the
# default is 60 s).  The client keeps the connection open meanwhile.
chain -T 2 -W 2 -- -w 1
hd_probe noread "$PORT" send --send 'GET /big HTTP/1.1\r\nHost: x\r\n\r\n' --no-read --rcvbuf 4096 --hold 30
tw_wait_file "$T_TMP/noread.ready" 10
gone_within 5 "httpd-lite -w 1, tlswrap -W 2, client never reads"
like "$(cat "$TW_SLOG")" 'httpd-lite: connection lost: (Connection|Operation) timed out' "httpd-lite -w 1: logs the write timeout"
like "$(cat "$TW_SLOG")" 'tlswrap: 127\.0\.0\.1:[0-9]+: client read nothing for 2 s' "tlswrap -W 2: logs the stall"
hd_release noread
stop "$SERVER_PID"
# The same with tlswrap -i 2: its idle timeout does end a stalled writer.
chain -T 2 -i 2 -- -w 1
hd_probe noread2 "$PORT" send --send 'GET /big HTTP/1.1\r\nHost: x\r\n\r\n' --no-read --rcvbuf 4096 --hold 30
tw_wait_file "$T_TMP/noread2.ready" 10
gone_within 5 "httpd-lite -w 1, tlswrap -i 2, client never reads"
hd_release noread2
stop "$SERVER_PID"

# ------------------------------------------------------------------ bounds
chain -- -n 1000000 -T 5

# baseline: peak memory of a held connection after one request.
hd_probe base "$PORT" send --send "$GET" --count 1 --hold 30
tw_wait_file "$T_TMP/base.ready" 10
TP=$(hd_desc "$SERVER_PID" tlswrap | head -n 1)
HP=$(hd_desc "$SERVER_PID" httpd-lite | head -n 1)
T_BASE=$(hd_kb "$TP" VmHWM)
H_BASE=$(hd_kb "$HP" VmHWM)
diag "baseline VmHWM: tlswrap ${T_BASE} kB, httpd-lite ${H_BASE} kB"
# spin: a stalled head, held 1 s: neither process uses CPU meanwhile.
hd_release base
hd_probe stall "$PORT" send --send 'GET /s HTTP/1.1\r\nHost:' --hold 30
tw_wait_file "$T_TMP/stall.ready" 10
sleep 0.2
TP=$(hd_desc "$SERVER_PID" tlswrap | head -n 1)
HP=$(hd_desc "$SERVER_PID" httpd-lite | head -n 1)
c0=$(ticks "$TP" "$HP")
sleep 1
c1=$(ticks "$TP" "$HP")
[ -n "$TP" ] && [ -n "$HP" ] && [ $(( c1 - c0 )) -le 5 ]
ok $? "a stalled request head held 1 s: tlswrap + httpd-lite use at most 5 CPU ticks ($(( c1 - c0 )))"
hd_release stall

# peak PROBE-NAME DESC: while probe NAME holds its connection, tlswrap's and
# httpd-lite's peak memory grew at most 1 MiB over the baseline.
peak() {
	local tp hp t h
	tp=$(hd_desc "$SERVER_PID" tlswrap | head -n 1)
	hp=$(hd_desc "$SERVER_PID" httpd-lite | head -n 1)
	t=$(hd_kb "$tp" VmHWM)
	h=$(hd_kb "$hp" VmHWM)
	diag "$2: VmHWM tlswrap ${t:-?} kB, httpd-lite ${h:-?} kB"
	[ -n "$t" ] && [ "$t" -le $(( T_BASE + 1024 )) ]
	ok $? "$2: tlswrap's VmHWM ${t:-?} kB <= baseline ${T_BASE} + 1024 kB"
	[ -n "$h" ] && [ "$h" -le $(( H_BASE + 1024 )) ]
	ok $? "$2: httpd-lite's VmHWM ${h:-?} kB <= baseline ${H_BASE} + 1024 kB"
}

# 20,000 one-byte TLS records: 715 pipelined GETs, one byte per record.
N=$(( (20000 + 27) / 28 ))
hd_probe tiny "$PORT" send --send "$GET" --total $(( N * 28 )) --record 1 --count "$N" --timeout 60 --hold 30
tw_wait_file "$T_TMP/tiny.ready" 40
is "$(sed -n 's/^matches=//p' "$T_TMP/tiny.ready" | cut -d' ' -f1)" "$N" \
	"$(( N * 28 )) one-byte records: all $N pipelined requests answered"
peak tiny "$(( N * 28 )) one-byte records"
hd_release tiny
is "$(hd_get tiny records)" "$(( N * 28 ))" "...sent as $(( N * 28 )) records"

# 16 KiB records: 1 MiB of pipelined HEADs (36,157 requests).
N=$(( 1048576 / 29 ))
hd_probe big "$PORT" send --send "$HEAD" --total $(( N * 29 )) --record 16384 --count "$N" --timeout 60 --hold 30
tw_wait_file "$T_TMP/big.ready" 40
is "$(sed -n 's/^matches=//p' "$T_TMP/big.ready" | cut -d' ' -f1)" "$N" \
	"16 KiB records: all $N pipelined requests answered"
peak big "1 MiB in 16 KiB records"
hd_release big

# An oversized request line and 10,000 header lines: refused at once, the
# connection closed, nothing left running.
{ printf 'GET /'; head -c 16384 /dev/zero | tr '\0' a; printf ' HTTP/1.1\r\nHost: x\r\n\r\n'; } >"$T_TMP/line"
{ printf 'GET /s HTTP/1.1\r\nHost: x\r\n'; for i in $(seq 1 10000); do printf 'X-A: b\r\n'; done; printf '\r\n'; } >"$T_TMP/hdrs"
for f in line hdrs; do
	case $f in line) d="16 KiB request line"; re='^HTTP/1\.1 (414|431) ' ;;
		   hdrs) d="10,000 header lines"; re='^HTTP/1\.1 431 ' ;; esac
	hd_probe "$f" "$PORT" send --send "@$T_TMP/$f" --expect 'HTTP/1.1 4' --count 1 --hold 10
	wait "$HD_PROBE_PID"
	like "$(hd_get "$f" first_line)" "$re" "$d: $(hd_get "$f" first_line)"
	like "$(hd_get "$f" end) $(hd_get "$f" elapsed)" '^eof-notify (0|1)\.' "$d: connection closed within 2 s"
done
gone_within 2 "after the oversized heads"

# A request every millisecond for $RATE_SECS s on one connection: resident
# memory at the end is within 256 kB of what it was after the first second.
hd_probe rate "$PORT" rate --send "$HEAD" --seconds "$RATE_SECS" --interval-ms 1 --warm "$T_TMP/rate.warm" \
	--timeout $(( RATE_SECS + 30 )) --hold 30
tw_wait_file "$T_TMP/rate.warm" 10
TP=$(hd_desc "$SERVER_PID" tlswrap | head -n 1)
HP=$(hd_desc "$SERVER_PID" httpd-lite | head -n 1)
t0=$(hd_kb "$TP" VmRSS)
h0=$(hd_kb "$HP" VmRSS)
tw_wait_file "$T_TMP/rate.ready" $(( RATE_SECS + 20 ))
t1=$(hd_kb "$TP" VmRSS)
h1=$(hd_kb "$HP" VmRSS)
n=$(sed -n 's/.*requests=//p' "$T_TMP/rate.ready")
diag "steady rate: ${n:-?} requests in $RATE_SECS s; VmRSS tlswrap $t0 -> $t1 kB, httpd-lite $h0 -> $h1 kB"
[ -n "$n" ] && [ "$n" -ge $(( RATE_SECS * 200 )) ]
ok $? "steady rate: at least 200 requests a second answered (${n:-?} in $RATE_SECS s)"
[ -n "$t1" ] && [ $(( t1 - t0 )) -le 256 ]
ok $? "steady rate: tlswrap's VmRSS flat ($t0 -> ${t1:-?} kB)"
[ -n "$h1" ] && [ $(( h1 - h0 )) -le 256 ]
ok $? "steady rate: httpd-lite's VmRSS flat ($h0 -> ${h1:-?} kB)"
hd_release rate
is "$(hd_get rate matches)" "$(hd_get rate requests)" "steady rate: every request answered"
stop "$SERVER_PID"

done_testing
