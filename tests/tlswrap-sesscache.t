#!/bin/bash
# tlswrap -s FILE [-e secs] (issue #7): a session cache file shared by the
# per-connection processes.  Resumption across two connections (two tlswrap
# processes), expiry, a corrupt or truncated file (no crash, rebuilt, works
# again), mode 0600 whatever the umask, and concurrent connections that
# lose no handshake.  Prints the server CPU per full and per resumed
# handshake (tcpserver's cutime+cstime) as diag lines.
. "$(dirname "$0")/lib.sh"
tw_init
C=$CERTS
PEER=$TOP/tests/tools/http-peerenv.sh
SIZE=524352	# 64-byte header + 4096 slots of 128 bytes
umask 022

# sc PORT ARGS...: one s_client connection with a request; prints "New" or
# "Reused" ("" when the handshake failed) and leaves the output in $R.
R=$T_TMP/recv
sc() {
	local port=$1
	shift
	printf 'GET / HTTP/1.0\r\n\r\n' | timeout -k 2 15 openssl s_client \
		-connect "127.0.0.1:$port" -tls1_2 -ign_eof "$@" > "$R" 2>&1
	sed -n 's/^\(New\|Reused\),.*/\1/p' "$R" | head -n 1
}
served() { grep -qx END "$R"; }
statuses() { sort "$TW_SSTATUS" | uniq -c | awk '{printf "%s%s*%s", sep, $2, $1; sep=" "}'; }

CACHE=$T_TMP/cache/sessions
mkdir -p "$T_TMP/cache"
tw_serve -s "$CACHE" -c "$C/ec-combined.pem" "$PEER"
is "$(sc "$PORT" -sess_out "$T_TMP/s1")" New "first connection: full handshake"
served
ok $? "first connection: served"
is "$(stat -c %a "$CACHE" 2>/dev/null)" 600 "cache file created mode 0600 (umask 022)"
is "$(stat -c %s "$CACHE" 2>/dev/null)" "$SIZE" "cache file is $SIZE bytes"
is "$(sc "$PORT" -sess_in "$T_TMP/s1")" Reused "second connection (another tlswrap process): Reused"
served
ok $? "resumed connection: served"
is "$(sc "$PORT" -sess_in "$T_TMP/s1")" Reused "third connection: Reused again"
is "$(sc "$PORT")" New "a client without a session: New"

# Corrupt: random bytes over the whole file, same size.
head -c "$SIZE" /dev/urandom > "$T_TMP/junk" && cat "$T_TMP/junk" > "$CACHE"
: > "$TW_SSTATUS"
is "$(sc "$PORT" -sess_in "$T_TMP/s1")" New "random bytes over the file: the old session is a miss (New)"
served
ok $? "random bytes over the file: full handshake served"
is "$(sc "$PORT" -sess_out "$T_TMP/s2")" New "random bytes: another full handshake"
is "$(sc "$PORT" -sess_in "$T_TMP/s2")" Reused "random bytes: resumption works again afterwards"
tw_wait_lines "$TW_SSTATUS" 3 5
is "$(statuses)" "exit=0*3" "random bytes: no crash (every connection exit 0)"
is "$(stat -c %s:%a "$CACHE")" "$SIZE:600" "random bytes: file rebuilt, same size and mode"

# Corrupt slots only: the header kept, random bytes over the slots.
dd if=/dev/urandom of="$CACHE" bs=64 seek=1 count=$(( (SIZE - 64) / 64 )) conv=notrunc status=none
: > "$TW_SSTATUS"
is "$(sc "$PORT" -sess_in "$T_TMP/s2")" New "random slots under a good header: a miss, not a crash (New)"
is "$(sc "$PORT" -sess_out "$T_TMP/s3")" New "random slots: full handshake"
is "$(sc "$PORT" -sess_in "$T_TMP/s3")" Reused "random slots: resumption works again"
tw_wait_lines "$TW_SSTATUS" 3 5
is "$(statuses)" "exit=0*3" "random slots: every connection exit 0"

# Truncated: rebuilt to full size.
truncate -s 1000 "$CACHE"
: > "$TW_SSTATUS"
is "$(sc "$PORT" -sess_out "$T_TMP/s4")" New "truncated to 1000 bytes: full handshake works"
is "$(stat -c %s "$CACHE")" "$SIZE" "truncated: rebuilt to $SIZE bytes"
is "$(sc "$PORT" -sess_in "$T_TMP/s4")" Reused "truncated: resumption works again"
: > "$CACHE"
is "$(sc "$PORT" -sess_out "$T_TMP/s5")" New "emptied: full handshake works"
is "$(sc "$PORT" -sess_in "$T_TMP/s5")" Reused "emptied: rebuilt, resumption works"
rm -f "$CACHE"
is "$(sc "$PORT" -sess_out "$T_TMP/s6")" New "removed: full handshake works"
is "$(stat -c %s:%a "$CACHE" 2>/dev/null)" "$SIZE:600" "removed: created again, mode 0600"
is "$(sc "$PORT" -sess_in "$T_TMP/s6")" Reused "removed: resumption works"
tw_wait_lines "$TW_SSTATUS" 6 5
is "$(statuses)" "exit=0*6" "truncated/emptied/removed: every connection exit 0"

# Concurrency: 200 resumptions 8 at a time, then 100 mixed (every other
# one a full handshake that writes a new slot while others read).
export -f sc served
export PORT R_DIR=$T_TMP/conc
mkdir -p "$R_DIR"
: > "$TW_SSTATUS"
seq 1 200 | timeout -k 5 120 xargs -P 8 -I{} bash -c \
	'R=$R_DIR/{}; printf "%s %s\n" {} "$(sc "$PORT" -sess_in "'"$T_TMP/s6"'")$(served && echo +)"' \
	> "$T_TMP/conc.out"
tw_wait_lines "$TW_SSTATUS" 200 20
is "$(grep -c ' Reused+$' "$T_TMP/conc.out")" 200 "200 resumptions 8 at a time: all Reused and served"
is "$(statuses)" "exit=0*200" "200 resumptions: every tlswrap exit 0"
: > "$TW_SSTATUS"
seq 1 100 | timeout -k 5 120 xargs -P 8 -I{} bash -c \
	'R=$R_DIR/m{}; if [ $(({} % 2)) = 0 ]; then s=$(sc "$PORT" -sess_in "'"$T_TMP/s6"'"); else s=$(sc "$PORT"); fi; printf "%s %s\n" {} "$s$(served && echo +)"' \
	> "$T_TMP/mix.out"
tw_wait_lines "$TW_SSTATUS" 100 20
is "$(grep -c '+$' "$T_TMP/mix.out")" 100 "100 mixed full/resumed, 8 at a time: no handshake lost"
is "$(statuses)" "exit=0*100" "100 mixed: every tlswrap exit 0"
diag "mixed run: $(grep -c ' Reused+$' "$T_TMP/mix.out") Reused, $(grep -c ' New+$' "$T_TMP/mix.out") New"
is "$(stat -c %s:%a "$CACHE")" "$SIZE:600" "after 300 concurrent connections: size and mode unchanged"

# Server CPU per handshake: tcpserver's cutime+cstime (its children, each
# tlswrap with its prog, are waited for) over CPU_N connections each.
CPU_N=${SC_CPU_N:-50}
ticks() { awk '{ sub(/^.*\) /, ""); print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
cpu_run() { # cpu_run ARGS...: CPU_N sequential connections; prints ticks used
	local a b i
	: > "$TW_SSTATUS"
	a=$(ticks)
	for i in $(seq 1 "$CPU_N"); do
		timeout -k 2 15 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 "$@" \
			</dev/null >/dev/null 2>&1
	done
	tw_wait_lines "$TW_SSTATUS" "$CPU_N" 20
	b=$(ticks)
	echo $((b - a))
}
stop "$SERVER_PID"
tw_serve -s "$CACHE" -c "$C/ec-combined.pem" true
sc "$PORT" -sess_out "$T_TMP/s7" >/dev/null
HZ=$(getconf CLK_TCK)
full=$(cpu_run)
res=$(cpu_run -sess_in "$T_TMP/s7")
diag "server CPU, $CPU_N ECDSA P-256 handshakes each: full $((full * 1000 / HZ)) ms ($((full * 1000000 / HZ / CPU_N)) us each), resumed $((res * 1000 / HZ)) ms ($((res * 1000000 / HZ / CPU_N)) us each)"
ok $(( res <= full ? 0 : 1 )) "a resumed handshake costs the server no more CPU than a full one"

# Expiry: -e 3, four seconds later the session is gone.  (Expiry counts
# whole seconds of time(): with -e 1 a session may live only 0.01 s, too
# short for a resumption right after it on a loaded or ASan build.)
stop "$SERVER_PID"
tw_serve -s "$T_TMP/cache/short" -e 3 -c "$C/ec-combined.pem" "$PEER"
is "$(sc "$PORT" -sess_out "$T_TMP/e1")" New "-e 3: full handshake"
is "$(sc "$PORT" -sess_in "$T_TMP/e1")" Reused "-e 3: resumed at once"
sleep 4.2
is "$(sc "$PORT" -sess_in "$T_TMP/e1")" New "-e 3: four seconds later the session expired (New)"
served
ok $? "-e 3: the expired client is served with a full handshake"
stop "$SERVER_PID"
ss_diag "$TW_SLOG"
done_testing
