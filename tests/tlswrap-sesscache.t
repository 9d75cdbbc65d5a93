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

# --- Sessions and server names (issue #14) ----------------------------------
# BearSSL asks the cache before it has read the name: a session resumes only
# under the name it was made with (no name only with no name), for every way
# a site is chosen.
stop "$SERVER_PID"
tw_serve -s "$T_TMP/cache/names" -c "$C/ec-combined.pem" "$PEER"
is "$(sc "$PORT" -servername localhost -sess_out "$T_TMP/n1")" New "SNI localhost: full handshake"
is "$(sc "$PORT" -servername localhost -sess_in "$T_TMP/n1")" Reused "SNI localhost again (another process): Reused"
served
ok $? "resumed with SNI: served"
is "$(sc "$PORT" -servername LocalHost -sess_in "$T_TMP/n1")" Reused "SNI LocalHost (names are case-insensitive): Reused"
is "$(sc "$PORT" -servername other.example -sess_in "$T_TMP/n1")" New "made for localhost, offered for other.example: New"
served
ok $? "offered under another name: served by a full handshake"
is "$(sc "$PORT" -noservername -sess_in "$T_TMP/n1")" New "made for localhost, offered without a name: New"
is "$(sc "$PORT" -noservername -sess_out "$T_TMP/n2")" New "no SNI: full handshake"
is "$(sc "$PORT" -noservername -sess_in "$T_TMP/n2")" Reused "no SNI again: Reused"
is "$(sc "$PORT" -servername other.example -sess_in "$T_TMP/n2")" New "made without a name, offered for other.example: New"
is "$(sc "$PORT" -servername localhost -sess_in "$T_TMP/n1")" Reused "the localhost session still resumes under its name"
# Python's ssl module with server_hostname, as most clients send it.
pyres() { # pyres PORT NAME1 NAME2: "session_reused" of a second connection
	"$TW_PY" - "$@" <<'EOPY'
import socket, ssl, sys
port, n1, n2 = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
ctx.maximum_version = ssl.TLSVersion.TLSv1_2
def conn(name, session=None):
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10),
                        server_hostname=name, session=session)
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    body = b""
    while True:
        b = s.recv(4096)
        if not b:
            break
        body += b
    sess, reused = s.session, s.session_reused
    s.close()
    return sess, reused, b"END" in body
sess, _, ok1 = conn(n1)
_, reused, ok2 = conn(n2, sess)
print("%s%s" % ("Reused" if reused else "New", "" if ok1 and ok2 else " (not served)"))
EOPY
}
is "$(pyres "$PORT" localhost localhost)" Reused "python ssl, server_hostname=localhost twice: Reused"
is "$(pyres "$PORT" a.example b.example)" New "python ssl, a.example then b.example: New"
# curl: two URLs in one run, the second connection offers the first
# session; a resumed TLS 1.2 handshake has no Certificate message, so one
# "(IN) ... Certificate" line in all means the second one resumed.
curl_res() { # curl_res NAME: "Reused" when curl's second connection resumed
	local n
	n=$(timeout -k 2 30 curl -skv --resolve "$1:$PORT:127.0.0.1" \
		"https://$1:$PORT/" "https://$1:$PORT/" -o /dev/null -o /dev/null 2>&1 |
		grep -c 'TLSv1.2 (IN), TLS handshake, Certificate (11)')
	case $n in 1) echo Reused ;; 2) echo New ;; *) echo "certificates=$n" ;; esac
}
is "$(curl_res localhost)" Reused "curl, SNI localhost, second connection: Reused"
stop "$SERVER_PID"

# Sites: -d with two sites and a wildcard, CERTFILE:name.  A session made
# for one site never resumes for another, nor one made under a wildcard for
# another name the wildcard covers.
S=$T_TMP/sites
tw_site "$S" a.localhost "$C/ec-combined.pem"
tw_site "$S" b.localhost "$C/ec2-combined.pem"
tw_site "$S" '*.wild.localhost' "$C/rsa-combined.pem"
tw_serve_env "CERTFILE:env.localhost=$C/ec2-combined.pem" -- \
	-s "$T_TMP/cache/sites" -d "$S" -c "$C/ec-combined.pem" "$PEER"
is "$(sc "$PORT" -servername a.localhost -sess_out "$T_TMP/d1")" New "-d a.localhost: full handshake"
is "$(sc "$PORT" -servername a.localhost -sess_in "$T_TMP/d1")" Reused "-d a.localhost: Reused"
is "$(sc "$PORT" -servername b.localhost -sess_in "$T_TMP/d1")" New "-d: made for a.localhost, offered for b.localhost: New"
is "$(sc "$PORT" -servername b.localhost -sess_out "$T_TMP/d2")" New "-d b.localhost: full handshake"
is "$(sc "$PORT" -servername b.localhost -sess_in "$T_TMP/d2")" Reused "-d b.localhost: Reused"
is "$(sc "$PORT" -servername a.localhost -sess_in "$T_TMP/d2")" New "-d: made for b.localhost, offered for a.localhost: New"
is "$(sc "$PORT" -servername x.wild.localhost -sess_out "$T_TMP/w1")" New "wildcard *.wild.localhost, x.wild.localhost: full"
is "$(sc "$PORT" -servername x.wild.localhost -sess_in "$T_TMP/w1")" Reused "x.wild.localhost again: Reused"
is "$(sc "$PORT" -servername y.wild.localhost -sess_in "$T_TMP/w1")" New "made for x.wild.localhost, offered for y.wild.localhost (same wildcard site): New"
is "$(sc "$PORT" -servername env.localhost -sess_out "$T_TMP/v1")" New "CERTFILE:env.localhost: full"
is "$(sc "$PORT" -servername env.localhost -sess_in "$T_TMP/v1")" Reused "CERTFILE:env.localhost again: Reused"
is "$(sc "$PORT" -noservername -sess_in "$T_TMP/v1")" New "made for env.localhost, offered without a name (default site): New"
is "$(sc "$PORT" -servername a.localhost -sess_in "$T_TMP/v1")" New "made for env.localhost, offered for a.localhost: New"
served
ok $? "refused resumption across sites: the client is served by a full handshake"

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
