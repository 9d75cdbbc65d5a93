#!/bin/bash
# tlswrap -p (issue #7): a PROXY protocol header (v1 or v2) is read before
# the handshake; its addresses become TCPREMOTEIP/PORT and TCPLOCALIP/PORT
# for prog and the prefix of tlswrap's log lines; LOCAL (v2) and UNKNOWN
# (v1) keep the socket's.  A malformed, oversized or missing header, or one
# that does not arrive within -T, is exit 98 "PROXY protocol: ...".  First
# hand-crafted headers (tests/tools/proxyclient.py: split over several
# writes, or in one packet with the ClientHello), then real HAProxy with
# send-proxy and send-proxy-v2.
. "$(dirname "$0")/lib.sh"
tw_init
C=$CERTS
PEER=$TOP/tests/tools/http-peerenv.sh
R=$T_TMP/recv

var() { sed -n "/^END\$/q; s/^$1=//p" "$R"; }
addrs() { echo "$(var TCPREMOTEIP):$(var TCPREMOTEPORT) $(var TCPLOCALIP):$(var TCPLOCALPORT)"; }

# pc DESCRIPTION-PREFIX PROXYCLIENT-ARGS...: one connection to $PORT; the
# answer in $R, the status line in $ST, the log (without status lines) in $LG.
pc() {
	: > "$TW_SSTATUS"
	: > "$TW_SLOG"
	timeout -k 2 30 python3 "$HP_CLIENT" "$@" "$PORT" > "$R" 2>>"$T_TMP/proxyclient.log"
	PC_RC=$?
	tw_wait_lines "$TW_SSTATUS" 1 10
	ST=$(cat "$TW_SSTATUS")
	LG=$(grep -v '^exit=' "$TW_SLOG")
}

tw_serve -p -T 3 -c "$C/ec-combined.pem" "$PEER"
SOCK_RE="127\\.0\\.0\\.1:[0-9]+ 127\\.0\\.0\\.1:$PORT"

V1_4='PROXY TCP4 192.0.2.1 198.51.100.2 5555 443'
pc --v1 "$V1_4"
is "$PC_RC/$ST" 0/exit=0 "v1 TCP4: served"
is "$(addrs)" "192.0.2.1:5555 198.51.100.2:443" "v1 TCP4: TCPREMOTE*/TCPLOCAL* from the header"
pc --v1 'PROXY TCP6 2001:db8::1 2001:db8::2 5555 443'
is "$(addrs)" "2001:db8::1:5555 2001:db8::2:443" "v1 TCP6: addresses from the header"
pc --v1 'PROXY UNKNOWN'
is "$PC_RC/$ST" 0/exit=0 "v1 UNKNOWN: served"
like "$(addrs)" "^$SOCK_RE\$" "v1 UNKNOWN: the socket's own addresses"
pc --v1 'PROXY UNKNOWN 192.0.2.1 198.51.100.2 5555 443'
like "$(addrs)" "^$SOCK_RE\$" "v1 UNKNOWN with addresses: they are ignored, the socket's kept"

pc --v2 proxy --src 192.0.2.9 --dst 198.51.100.9 --sport 1234 --dport 8443
is "$PC_RC/$ST" 0/exit=0 "v2 PROXY TCP4: served"
is "$(addrs)" "192.0.2.9:1234 198.51.100.9:8443" "v2 PROXY TCP4: addresses from the header"
pc --v2 proxy --src 2001:db8::9 --dst 2001:db8::a --sport 1234 --dport 8443
is "$(addrs)" "2001:db8::9:1234 2001:db8::a:8443" "v2 PROXY TCP6: addresses from the header"
pc --v2 proxy --src 192.0.2.9 --dst 198.51.100.9 --sport 1 --dport 2 --tlv-bytes 300
is "$(addrs)" "192.0.2.9:1 198.51.100.9:2" "v2 PROXY with 300 bytes of TLVs: accepted, TLVs skipped"
pc --v2 local
is "$PC_RC/$ST" 0/exit=0 "v2 LOCAL: served"
like "$(addrs)" "^$SOCK_RE\$" "v2 LOCAL: the socket's own addresses"

# Header split over several writes, and header + ClientHello in one packet.
pc --v1 "$V1_4" --split 5 --gap 0.05
is "$(addrs)" "192.0.2.1:5555 198.51.100.2:443" "v1 in 5-byte writes 50 ms apart: read whole"
pc --v2 proxy --src 192.0.2.9 --dst 198.51.100.9 --sport 1234 --dport 8443 --split 3 --gap 0.03
is "$(addrs)" "192.0.2.9:1234 198.51.100.9:8443" "v2 in 3-byte writes: read whole"
pc --v2 proxy --src 192.0.2.9 --dst 198.51.100.9 --sport 1234 --dport 8443 --split 13 --gap 0.1
is "$(addrs)" "192.0.2.9:1234 198.51.100.9:8443" "v2 split inside the signature and the length: read whole"
pc --v1 "$V1_4" --same-packet
is "$PC_RC/$ST" 0/exit=0 "v1 + ClientHello in one send(): the TLS bytes after the header are not lost"
is "$(addrs)" "192.0.2.1:5555 198.51.100.2:443" "v1 + ClientHello in one send(): addresses from the header"
pc --v2 proxy --src 192.0.2.9 --dst 198.51.100.9 --sport 1234 --dport 8443 --same-packet
is "$PC_RC/$ST" 0/exit=0 "v2 + ClientHello in one send(): the TLS bytes after the header are not lost"
pc --v2 local --same-packet
is "$PC_RC/$ST" 0/exit=0 "v2 LOCAL + ClientHello in one send(): served"

# The header's address is the log prefix: a handshake failure after it.
pc --hex "$(printf '%s\r\nnot a TLS record\r\n' "$V1_4" | od -An -v -tx1 | tr -d ' \n')" --no-tls
is "$ST" exit=98 "v1 header then garbage: exit 98"
like "$LG" '^tlswrap: 192\.0\.2\.1:5555: ' "v1 header then garbage: the log line is prefixed with the header's client"

# Refusals: exit 98 and one "PROXY protocol:" line, before any TLS byte.
refused() { # refused DESCRIPTION PROXYCLIENT-ARGS...
	local what=$1
	shift
	pc "$@"
	is "$ST" exit=98 "$what: exit 98"
	like "$LG" '^tlswrap: 127\.0\.0\.1:[0-9]+: PROXY protocol: ' "$what: logged as 'PROXY protocol: ...' with the socket's address"
	is "$(echo "$LG" | grep -c .)" 1 "$what: one log line"
}
refused "v1 without the ports" --v1 'PROXY TCP4 192.0.2.1 198.51.100.2'
refused "v1 with a bad address" --v1 'PROXY TCP4 999.0.2.1 198.51.100.2 5555 443'
refused "v1 with protocol TCP6X" --v1 'PROXY TCP6X 2001:db8::1 2001:db8::2 1 2'
refused "v1 TCP4 with IPv6 addresses" --v1 'PROXY TCP4 2001:db8::1 2001:db8::2 1 2'
refused "v1 with a port over 65535" --v1 'PROXY TCP4 192.0.2.1 198.51.100.2 70000 443'
refused "v1 over 107 bytes without CRLF" --hex "$(printf 'PROXY TCP4 %0120d' 1 | od -An -v -tx1 | tr -d ' \n')" --no-tls
like "$LG" 'oversized|malformed' "v1 over 107 bytes: named oversized or malformed"
refused "v2 with version 3" --hex "0d0a0d0a000d0a515549540a3111000c$(printf '%024d' 0)" --no-tls
refused "v2 with 2000 bytes of TLVs (oversized)" --v2 proxy --src 192.0.2.9 --dst 198.51.100.9 --sport 1 --dport 2 --tlv-bytes 2000
like "$LG" 'oversized' "v2 oversized: named oversized"
refused "v2 TCP4 with a 4-byte address block" --hex "0d0a0d0a000d0a515549540a211100040a000001" --no-tls
refused "200 bytes of garbage" --raw-len 200 --no-tls
refused "missing: a plain ClientHello" --hex ""
like "$LG" 'no PROXY header|missing' "missing header: named"
: > "$TW_SSTATUS"
tw_sclient "$PORT" -tls1_2 >/dev/null
tw_wait_lines "$TW_SSTATUS" 1 10
is "$(cat "$TW_SSTATUS")" exit=98 "missing: openssl s_client without a header is refused (exit 98)"

# Deadline: a header that stops half-way ends after -T (3 s), not later.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(now_ms)
: > "$TW_SSTATUS"
: > "$TW_SLOG"
bg timeout -k 2 20 python3 "$HP_CLIENT" --v1 "$V1_4" --split 20 --gap 10 --no-tls --timeout 15 "$PORT" \
	>/dev/null 2>>"$T_TMP/proxyclient.log"
tw_wait_lines "$TW_SSTATUS" 1 10
t1=$(now_ms)
stop "$BG_PID"
ST=$(cat "$TW_SSTATUS")
LG=$(grep -v '^exit=' "$TW_SLOG")
is "$ST" exit=98 "half a header, then silence: exit 98"
like "$LG" 'PROXY protocol: ' "half a header: logged as PROXY protocol"
ok $(( (t1 - t0) >= 2500 && (t1 - t0) < 7000 ? 0 : 1 )) "half a header: refused after ~3 s (-T), took $((t1 - t0)) ms"
stop "$SERVER_PID"

# ---- real HAProxy: send-proxy (v1) and send-proxy-v2 --------------------
if ! command -v haproxy >/dev/null || [ ! -x "$HTTPD" ] || ! command -v curl >/dev/null; then
	skip "haproxy, curl or httpd-lite missing"
	done_testing
	exit
fi
mkdir -p "$T_TMP/www" && echo "through haproxy" > "$T_TMP/www/index.html"
BP1=$(free_port) BP2=$(free_port)
hp_backend httpd 127.0.0.1 "$BP1" -p -c "$C/ec-combined.pem" "$HTTPD" -R "$T_TMP/www"
hp_backend peer 127.0.0.1 "$BP2" -p -c "$C/ec-combined.pem" "$PEER"
F1=$(free_port) F2=$(free_port) F3=$(free_port) F4=$(free_port)
cat > "$T_TMP/haproxy.cfg" <<CFG
defaults
	mode tcp
	timeout connect 2s
	timeout client 20s
	timeout server 20s
frontend v1_httpd
	bind 127.0.0.1:$F1
	default_backend v1_httpd
frontend v2_httpd
	bind 127.0.0.1:$F2
	default_backend v2_httpd
frontend v1_peer
	bind 127.0.0.1:$F3
	default_backend v1_peer
frontend v2_peer
	bind 127.0.0.1:$F4
	default_backend v2_peer
backend v1_httpd
	server s 127.0.0.1:$BP1 send-proxy source 127.0.0.3
backend v2_httpd
	server s 127.0.0.1:$BP1 send-proxy-v2 source 127.0.0.3
backend v1_peer
	server s 127.0.0.1:$BP2 send-proxy source 127.0.0.3
backend v2_peer
	server s 127.0.0.1:$BP2 send-proxy-v2 source 127.0.0.3
CFG
if hp_start "$T_TMP/haproxy.cfg" 127.0.0.1 "$F4"; then
	for v in 1 2; do
		f=F$v
		got=$(hp_curl 127.0.0.1 "${!f}" "index.html?v$v")
		is "$got" "through haproxy" "HAProxy send-proxy$([ $v = 2 ] && echo -v2): curl from 127.0.0.2 gets the file"
		ss_wait_grep "$T_TMP/httpd.log" "GET \"/index.html\\?v$v\"" 5
		like "$(grep -F "/index.html?v$v" "$T_TMP/httpd.log")" \
			"^httpd-lite: 127\\.0\\.0\\.2 GET \"/index\\.html\\?v$v\" 200 [0-9]+ ECDHE-" \
			"HAProxy v$v: httpd-lite logs the client 127.0.0.2, not HAProxy's 127.0.0.3"
		f=F$((v + 2))
		hp_curl 127.0.0.1 "${!f}" "" -w '%{local_port}\n' > "$R"
		lport=$(tail -n 1 "$R")
		is "$(addrs)" "127.0.0.2:$lport 127.0.0.1:${!f}" \
			"HAProxy v$v: prog sees the client 127.0.0.2:its port and HAProxy's frontend as local"
	done
	grep -q "^tcpserver: ok [0-9]* 0:127\\.0\\.0\\.1:$BP1 :127\\.0\\.0\\.3::" "$T_TMP/httpd.log"
	ok $? "HAProxy: tcpserver itself sees HAProxy's address 127.0.0.3"
	! grep -q '^tcpserver: ok .*127\.0\.0\.2' "$T_TMP/httpd.log" "$T_TMP/peer.log"
	ok $? "HAProxy: tcpserver never sees 127.0.0.2"
	stop "$HP_PID"
else
	skip "haproxy did not start (see haproxy.log)"
fi
ss_diag "$T_TMP/haproxy.log" "$T_TMP/httpd.log" "$T_TMP/proxyclient.log"
done_testing
