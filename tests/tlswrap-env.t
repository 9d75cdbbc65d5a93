#!/bin/bash
# What prog gets from tlswrap: the TLS facts and ucspi variables in its
# environment, no secrets, no descriptors beyond 0 1 2; and certificate files
# re-read on every connection (replacement takes effect at once).
. "$(dirname "$0")/lib.sh"
tw_init
C=$CERTS
DUMP=$TOP/tests/tools/envdump.sh
R=$T_TMP/recv

# var NAME: the value prog printed for NAME (empty when absent); has NAME.
var() { sed -n "/^END\$/q; s/^$1=//p" "$R"; }
has() { sed -n '/^END$/q; p' "$R" | grep -q "^$1="; }

# Everything set that must not reach prog; files still found through them.
tw_direct env CERTFILE="$C/ec-chain.pem" KEYFILE="$C/ec-key.pem" \
	"CERTFILE:localhost=$C/ec-chain.pem" "KEYFILE:localhost=$C/ec-key.pem" \
	TLS_UID=65534 TLS_GID=65534 LISTEN_FDS=1 LISTEN_PID=1 LISTEN_FDNAMES=https \
	SSL_TLS_SNI_SERVERNAME=stale.example SSL_ALPN=stale SSL_CIPHER=stale \
	KEEPME='a b=c' "$TLSWRAP" -a http/1.1 "$DUMP"
tw_client --recv "$R" --alpn http/1.1 "$PORT" 'str:ping\n' wait-str:END shut wait-eof
is "$(tw_get status)" 0 "env: connection served"
is "$(var SSL_PROTOCOL)" TLSv1.2 "env: SSL_PROTOCOL=TLSv1.2"
is "$(var SSL_CIPHER)" "$(tw_get cipher)" "env: SSL_CIPHER is the suite the client negotiated ($(tw_get cipher))"
is "$(var SSL_TLS_SNI_SERVERNAME)" localhost "env: SSL_TLS_SNI_SERVERNAME=localhost"
is "$(var SSL_ALPN)" http/1.1 "env: SSL_ALPN=http/1.1"
is "$(var PROTO)" TCP "env: PROTO=TCP"
is "$(var TCPREMOTEIP)" 127.0.0.1 "env: TCPREMOTEIP from the socket"
is "$(var TCPREMOTEPORT)" "$(tw_get local_port)" "env: TCPREMOTEPORT is the client's port"
is "$(var TCPLOCALIP)" 127.0.0.1 "env: TCPLOCALIP from the socket"
is "$(var TCPLOCALPORT)" "$PORT" "env: TCPLOCALPORT is the listening port"
is "$(var KEEPME)" 'a b=c' "env: unrelated variables pass through"
for v in CERTFILE KEYFILE 'CERTFILE:localhost' 'KEYFILE:localhost' TLS_UID TLS_GID \
	LISTEN_FDS LISTEN_PID LISTEN_FDNAMES; do
	! has "$v"
	ok $? "env: $v removed"
done
is "$(sed -n 's/^FDS //p' "$R")" "0 1 2 3 " "fds: prog has 0 1 2 only (3 is ls's own)"
like "$(sed -n 's/^FD0 //p' "$R")" '^pipe:' "fds: prog's stdin is a pipe"
like "$(sed -n 's/^FD1 //p' "$R")" '^pipe:' "fds: prog's stdout is a pipe"
is "$(sed -n 's/^FD2 //p' "$R")" "$TW_ERR" "fds: prog's stderr is tlswrap's"
# tlswrap ignores SIGPIPE for itself: prog must get it back at its default.
# Other dispositions are the launcher's to pass on (a background job of a
# non-interactive shell, say, starts with SIGINT and SIGQUIT ignored).
sigign=$(sed -n 's/^SIGIGN //p' "$R")
[ -n "$sigign" ] && [ $(( 0x$sigign & 0x1000 )) -eq 0 ]
ok $? "signals: prog starts with SIGPIPE not ignored (SigIgn $sigign)"
is "$(sed -n 's/^SIGBLK //p' "$R")" 0000000000000000 "signals: prog starts with no signal blocked"
is "$(sed -n '/^END$/,$p' "$R" | sed 1d)" ping "echo after the dump works"
is "$(tw_status)" "exit=0" "env: exit 0"

# A descriptor tlswrap inherited beyond 0 1 2 is not passed on either.
tw_direct --leak-fd 7 env CERTFILE="$C/ec-combined.pem" "$TLSWRAP" "$DUMP"
tw_client --recv "$R" "$PORT" wait-str:END shut wait-eof
is "$(sed -n 's/^FDS //p' "$R")" "0 1 2 3 " "fds: an fd 7 tlswrap inherited does not reach prog"
tw_status >/dev/null

# No SNI, no ALPN from the client: the variables are absent, even when stale.
tw_direct env SSL_TLS_SNI_SERVERNAME=stale.example SSL_ALPN=stale \
	"$TLSWRAP" -a http/1.1 -c "$C/ec-combined.pem" "$DUMP"
tw_client --recv "$R" --no-sni "$PORT" wait-str:END shut wait-eof
is "$(var SSL_PROTOCOL)" TLSv1.2 "no SNI: served"
! has SSL_TLS_SNI_SERVERNAME
ok $? "no SNI: SSL_TLS_SNI_SERVERNAME absent"
! has SSL_ALPN
ok $? "no ALPN offered: SSL_ALPN absent"
tw_status >/dev/null

tw_direct "$TLSWRAP" -c "$C/ec-combined.pem" "$DUMP"
tw_client --recv "$R" --sni www.localhost --ciphers ECDHE-ECDSA-CHACHA20-POLY1305 "$PORT" wait-str:END shut wait-eof
is "$(var SSL_TLS_SNI_SERVERNAME)" www.localhost "SNI www.localhost: exported as sent"
is "$(var SSL_CIPHER)" ECDHE-ECDSA-CHACHA20-POLY1305 "SSL_CIPHER=ECDHE-ECDSA-CHACHA20-POLY1305"
tw_status >/dev/null

# The launcher's ucspi variables are kept as they are.
tw_direct env PROTO=TCP TCPREMOTEIP=10.1.2.3 TCPREMOTEPORT=4444 TCPLOCALIP=10.9.9.9 \
	TCPLOCALPORT=443 TCPREMOTEHOST=client.example TCPLOCALHOST=server.example \
	"$TLSWRAP" -c "$C/ec-combined.pem" "$DUMP"
tw_client --recv "$R" "$PORT" wait-str:END shut wait-eof
is "$(var TCPREMOTEIP):$(var TCPREMOTEPORT)" 10.1.2.3:4444 "ucspi: TCPREMOTEIP/PORT from the launcher kept"
is "$(var TCPLOCALIP):$(var TCPLOCALPORT)" 10.9.9.9:443 "ucspi: TCPLOCALIP/PORT from the launcher kept"
is "$(var TCPREMOTEHOST) $(var TCPLOCALHOST)" "client.example server.example" "ucspi: other TCP* variables kept"
tw_status >/dev/null

# Socket activation (LISTEN_FDS=1, LISTEN_PID = tlswrap's pid, socket on fd 3).
tw_direct --fd3 env CERTFILE="$C/ec-combined.pem" LISTEN_FDNAMES=https "$TLSWRAP" "$DUMP"
tw_client --recv "$R" "$PORT" 'str:ping\n' wait-str:END shut wait-eof
is "$(tw_get status)" 0 "fd 3: served"
is "$(var TCPREMOTEPORT)" "$(tw_get local_port)" "fd 3: TCPREMOTEPORT filled in from the socket"
is "$(var TCPLOCALPORT)" "$PORT" "fd 3: TCPLOCALPORT filled in"
! sed -n '/^END$/q; p' "$R" | grep -q '^LISTEN_'
ok $? "fd 3: no LISTEN_* variable reaches prog"
is "$(sed -n 's/^FDS //p' "$R")" "0 1 2 3 " "fd 3: prog does not inherit the socket"
is "$(sed -n '/^END$/,$p' "$R" | sed 1d)" ping "fd 3: echo works"
is "$(tw_status)" "exit=0" "fd 3: exit 0"

# LISTEN_PID naming another process: fd 3 is not ours, fd 0/1 are used.
tw_direct --fd3 --listen-pid 1 env CERTFILE="$C/ec-combined.pem" "$TLSWRAP" "$DUMP"
tw_client --timeout 10 "$PORT" wait-eof
is "$(tw_get status)" 1 "LISTEN_PID=1: the socket on fd 3 is not used (no handshake)"
like "$(tw_status)" '^exit=(98|111)$' "LISTEN_PID=1: tlswrap failed on fd 0 (/dev/null)"

# Certificate replacement between connections.
fp_ec=$(tw_certfp "$C/ec-cert.pem")
fp_ec2=$(tw_certfp "$C/ec2-cert.pem")
cp "$C/ec-combined.pem" "$T_TMP/site.pem"
tw_serve -c "$T_TMP/site.pem" /bin/true
tw_client "$PORT" wait-eof
is "$(tw_get cert_sha256)" "$fp_ec" "replace: first connection presents ec"
cp "$C/ec2-combined.pem" "$T_TMP/new.pem" && mv "$T_TMP/new.pem" "$T_TMP/site.pem"
tw_client "$PORT" wait-eof
is "$(tw_get cert_sha256)" "$fp_ec2" "replace: after mv, the next connection presents ec2"
stop "$SERVER_PID"

cp "$C/ec-chain.pem" "$T_TMP/chain.pem"
cp "$C/ec-key.pem" "$T_TMP/key.pem"
tw_serve -c "$T_TMP/chain.pem" -k "$T_TMP/key.pem" /bin/true
tw_client "$PORT" wait-eof
is "$(tw_get cert_sha256)" "$fp_ec" "separate files: first connection presents ec"
cp "$C/ec2-chain.pem" "$T_TMP/new.pem" && mv "$T_TMP/new.pem" "$T_TMP/chain.pem"
tw_client "$PORT" wait-eof
is "$(tw_get status)" 1 "separate files mid-swap (new chain, old key): handshake refused"
tw_wait_lines "$TW_SSTATUS" 2 10
is "$(sed -n 2p "$TW_SSTATUS")" "exit=96" "separate files mid-swap: exit 96"
like "$(cat "$TW_SLOG")" 'does not match' "separate files mid-swap: says the key does not match"
cp "$C/ec2-key.pem" "$T_TMP/new.pem" && mv "$T_TMP/new.pem" "$T_TMP/key.pem"
tw_client "$PORT" wait-eof
is "$(tw_get cert_sha256)" "$fp_ec2" "separate files: after both are swapped, ec2 is presented"
stop "$SERVER_PID"

# Combined file swapped by rename() while connections keep coming: no failure.
cp "$C/ec-combined.pem" "$T_TMP/site.pem"
cp "$C/ec-combined.pem" "$T_TMP/a.pem"
cp "$C/ec2-combined.pem" "$T_TMP/b.pem"
tw_serve -c "$T_TMP/site.pem" /bin/true
(
	end=$((SECONDS + 30))
	while [ ! -e "$T_TMP/stop-swap" ] && [ $SECONDS -lt $end ]; do
		cp "$T_TMP/a.pem" "$T_TMP/x.pem"; mv "$T_TMP/x.pem" "$T_TMP/site.pem"
		cp "$T_TMP/b.pem" "$T_TMP/y.pem"; mv "$T_TMP/y.pem" "$T_TMP/site.pem"
	done
) &
swapper=$!
res=$(timeout 60 "$TW_PY" - "$PORT" <<'EOF'
import hashlib, socket, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
fails, fps = 0, {}
for i in range(300):
    try:
        with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10) as s:
            with ctx.wrap_socket(s, server_hostname="localhost") as t:
                fp = hashlib.sha256(t.getpeercert(binary_form=True)).hexdigest()
                fps[fp] = fps.get(fp, 0) + 1
    except (OSError, ssl.SSLError):
        fails += 1
print("fails=%d distinct=%d" % (fails, len(fps)))
EOF
)
touch "$T_TMP/stop-swap"
wait "$swapper"
is "$res" "fails=0 distinct=2" "300 connections during rename() swaps: none failed, both certificates seen"
tw_wait_lines "$TW_SSTATUS" 300 20
is "$(grep -vc '^exit=0$' "$TW_SSTATUS")" 0 "300 connections during swaps: every tlswrap exited 0"
stop "$SERVER_PID"

done_testing
