#!/bin/bash
# The client's server name is attacker bytes (issue #10): a name that is not
# a DNS host name (RFC 6066 section 3) is refused with a fatal
# illegal_parameter alert and exit 98, is logged escaped on one line, and
# never reaches prog (SSL_TLS_SNI_SERVERNAME) nor a -d file name.  A
# malformed ClientHello is logged as one.  Every log line is one line,
# whatever a client put in a server name, an ALPN name, a PROXY header or a
# request line.
. "$(dirname "$0")/lib.sh"
tw_init
C=$CERTS
# hello ARGS...: the hand-made ClientHello client (paths may hold spaces)
hello() { "$TW_PY" "$TOP/tests/tools/hello.py" --timeout 10 "$@"; }
ENVF=$T_TMP/progenv
# prog: record the name it was given (od -c shows every byte), then answer.
PROG=$T_TMP/prog.sh
cat > "$PROG" <<EOS
#!/bin/sh
printf '%s' "\${SSL_TLS_SNI_SERVERNAME-unset}" | od -An -v -c | tr -d ' \\n' >> '$ENVF'
echo >> '$ENVF'
echo END
EOS
chmod +x "$PROG"
hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }
many() { head -c "$1" /dev/zero | tr '\0' a; }
sc() { # sc NAME: s_client with -servername NAME; prints its output
	timeout -k 5 20 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 \
		-servername "$1" </dev/null 2>&1
}
ESC=$(printf '\033')
NL='
'

# --- hostile names through a real client (openssl s_client) -----------------
tw_serve -c "$C/ec-combined.pem" "$PROG"
: > "$ENVF"
FORGED="x${NL}tlswrap: 10.0.0.1:443: forged line"
n=0
for name in "$FORGED" "a${ESC}[31mred.example" "a/b.example" "../../etc" \
	".." "café.example" "localhost." "-x.example..com" "under_score.example" \
	"$(printf 'a%.0s' $(seq 1 64)).example"; do
	out=$(sc "$name")
	n=$((n + 1))
	like "$out" 'alert illegal parameter' "s_client -servername $(printf %q "$name"): fatal alert illegal_parameter"
	case $out in *END*) ok 1 "prog did not run for $(printf %q "$name")" ;; esac
done
tw_wait_lines "$TW_SSTATUS" "$n" 10
is "$(grep -c 'exit=98' "$TW_SSTATUS")" "$n" "$n hostile names: every connection exit 98"
is "$(tw_lines "$ENVF")" 0 "no hostile name reached prog (prog never ran)"
is "$(tw_lines "$TW_SLOG")" "$n" "$n hostile names: exactly $n log lines"
is "$(grep -vc '^tlswrap: 127\.0\.0\.1:[0-9]*: handshake refused: server name ' "$TW_SLOG")" 0 \
	"every log line is a refusal naming the peer (no forged line)"
like "$(cat "$TW_SLOG")" "server name 'x\\\\x0atlswrap: 10\\.0\\.0\\.1:443: forged line': not a DNS host name" \
	"newline logged as \\x0a, on the refusal's own line"
like "$(cat "$TW_SLOG")" "'a\\\\x1b\\[31mred\\.example'" "ESC logged as \\x1b"
like "$(cat "$TW_SLOG")" "'caf\\\\xc3\\\\xa9\\.example'" "UTF-8 logged as \\xHH"
is "$(tr -d '\n' < "$TW_SLOG" | tr -d '[:print:]' | wc -c)" 0 "no control or non-ASCII byte in the log"

# --- what real clients cannot send: NUL, 255+ bytes, two names ----------------
: > "$TW_SSTATUS"; : > "$TW_SLOG"
is "$(hello --sni-hex "$(hex localhost)00657669" "$PORT")" alert=47 "NUL inside the name: alert illegal_parameter"
is "$(hello --sni-hex "$(hex "$(many 300)")" "$PORT")" alert=47 \
	"300-byte name: alert illegal_parameter"
is "$(hello --sni-hex "$(hex "$(many 254)")" "$PORT")" alert=47 \
	"254-byte name (over 253): alert illegal_parameter"
is "$(hello --sni-hex "$(hex a.localhost)" --sni-hex "$(hex b.localhost)" "$PORT")" alert=47 \
	"two host names in one extension: alert illegal_parameter"
is "$(hello --sni-hex "$(hex localhost)" "$PORT")" server-hello "the same hand-made hello with a good name: ServerHello"
is "$(hello --split 9 --sni-hex "$(hex localhost)" "$PORT")" server-hello "a good hello split over records of 9 bytes: ServerHello"
tw_wait_lines "$TW_SLOG" 4 10
like "$(cat "$TW_SLOG")" "server name 'localhost\\\\x00evi': not a DNS host name" "NUL logged as \\x00 with what follows"
like "$(cat "$TW_SLOG")" "server name 'a{100,}\\.\\.\\.': not a DNS host name" "300-byte name logged cut, with ..."
like "$(cat "$TW_SLOG")" "server name 'b\\.localhost': more than one host name" "two names: refused, said so"
is "$(tw_lines "$ENVF")" 0 "prog still never ran"

# --- malformed ClientHello ------------------------------------------------------
: > "$TW_SLOG"
is "$(hello --bad-ext-len "$PORT")" alert=50 "extensions longer than the message: alert decode_error"
is "$(hello --raw-ext 0005000003616263 "$PORT")" alert=50 "server_name list longer than the extension: alert decode_error"
hello --bad-groups --sni-hex "$(hex localhost)" "$PORT" >/dev/null
tw_wait_lines "$TW_SLOG" 3 10
like "$(sed -n 1p "$TW_SLOG")" 'handshake failed: malformed ClientHello: extensions do not fill the message$' \
	"bad extensions length: logged as a malformed ClientHello"
like "$(sed -n 2p "$TW_SLOG")" 'handshake failed: malformed ClientHello: bad server_name extension$' \
	"bad server_name list: logged as a malformed ClientHello"
like "$(sed -n 3p "$TW_SLOG")" 'handshake failed: malformed ClientHello$' \
	"bad supported_groups length (BearSSL's 'bad parameter'): logged as a malformed ClientHello"
is "$(grep -c 'bad parameter' "$TW_SLOG")" 0 "no bare 'bad parameter' in the log"

# The ClientHello is read whole, up to 16384 bytes with its 4-byte header
# (tlswrap.8): at the bound it is served, one byte over it is refused.
: > "$TW_SLOG"
is "$(hello --total 16384 --split 4000 --sni-hex "$(hex localhost)" "$PORT")" server-hello \
	"a ClientHello of exactly 16384 bytes, over 5 records: ServerHello"
is "$(hello --total 16385 --split 4000 --sni-hex "$(hex localhost)" "$PORT")" alert=50 \
	"a ClientHello of 16385 bytes: alert decode_error"
tw_wait_lines "$TW_SLOG" 2 10
like "$(cat "$TW_SLOG")" 'handshake failed: malformed ClientHello: longer than 16384 bytes' \
	"16385 bytes: logged as longer than 16384 bytes"

# --- good names still work, and reach prog as sent ------------------------------
: > "$ENVF"
out=$(sc Example-1.LOCALHOST)
like "$out" END "a valid mixed-case name: served"
out=$(timeout -k 5 20 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 -noservername </dev/null 2>&1)
like "$out" END "no name: served"
tw_wait_lines "$ENVF" 2 10
is "$(sed -n 1p "$ENVF")" Example-1.LOCALHOST "prog got SSL_TLS_SNI_SERVERNAME=Example-1.LOCALHOST"
is "$(sed -n 2p "$ENVF")" unset "no name: prog has no SSL_TLS_SNI_SERVERNAME"
stop "$SERVER_PID"

# --- -d DIR: a hostile name never opens a file ------------------------------------
S=$T_TMP/sites
tw_site "$S" a.localhost "$C/ec2-combined.pem"
tw_site "$T_TMP" outside "$C/rsa-combined.pem"	# $S/../outside/cert.pem
tw_serve -S -d "$S" "$PROG"
: > "$ENVF"
for name in ../outside "a.localhost/../../outside" "a.localhost${NL}"; do
	out=$(sc "$name")
	like "$out" 'alert illegal parameter' "-d: $(printf %q "$name") refused with illegal_parameter"
done
like "$(sc a.localhost)" END "-d: a.localhost served"
tw_wait_lines "$TW_SSTATUS" 4 10
is "$(grep -c 'exit=98' "$TW_SSTATUS")" 3 "-d: the three hostile names exit 98"
is "$(grep -c 'outside' "$ENVF")" 0 "-d: no hostile name reached prog"
stop "$SERVER_PID"

# --- ALPN and PROXY header bytes cannot forge a line either ---------------------
tw_serve -a http/1.1 -c "$C/ec-combined.pem" "$PROG"
timeout -k 5 20 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 -noservername \
	-alpn "x${NL}tlswrap: forged" </dev/null >/dev/null 2>&1
tw_wait_lines "$TW_SSTATUS" 1 10
is "$(grep -c forged "$TW_SLOG")" 0 "ALPN name with a newline: nothing of it in the log"
is "$(tw_lines "$TW_SLOG")" 1 "ALPN mismatch: one log line"
stop "$SERVER_PID"
tw_serve -p -c "$C/ec-combined.pem" "$PROG"
printf 'PROXY TCP4 1.2.3.4\033[31m\ntlswrap: forged 5.6.7.8 1 2\r\n' |
	timeout -k 5 10 "$TW_PY" -c 'import socket,sys; s=socket.create_connection(("127.0.0.1",int(sys.argv[1]))); s.sendall(sys.stdin.buffer.read()); s.recv(100)' "$PORT" 2>/dev/null
tw_wait_lines "$TW_SSTATUS" 1 10
is "$(tw_lines "$TW_SLOG")" 1 "PROXY header with ESC and a newline: one log line"
is "$(grep -c "forged\|$ESC" "$TW_SLOG")" 0 "PROXY header: none of its bytes in the log"
stop "$SERVER_PID"

# --- any other line: tlswrap escapes every line it writes ---------------------
# A program name with a newline and an ESC (not from the network, but the
# same routine keeps it one line).
tw_direct "$TLSWRAP" -c "$C/ec-combined.pem" "$T_TMP/no${NL}such${ESC}prog"
timeout -k 5 20 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 </dev/null >/dev/null 2>&1
tw_status >/dev/null
is "$(grep -v 'warning: seccomp' "$TW_ERR" | wc -l | tr -d ' ')" 1 "a prog name with a newline: one log line"
like "$(cat "$TW_ERR")" 'no\\x0asuch\\x1bprog' "a prog name with a newline and ESC: logged as \\x0a and \\x1b"

# --- httpd-lite's request line, through the shared escaping routine -------------
ROOT=$T_TMP/www; mkdir -p "$ROOT"; echo hi > "$ROOT/index.html"
printf 'GET /a\033[31m"b\\c HTTP/1.0\r\n\r\n' | "$HTTPD" -R "$ROOT" >/dev/null 2>"$T_TMP/hl.err"
is "$(grep -v "warning: seccomp off in a sanitizer build" "$T_TMP/hl.err" | grep -c .)" 1 "httpd-lite: a request line with ESC, quote, backslash: one log line"
like "$(cat "$T_TMP/hl.err")" '"/a\\x1b\[31m\\x22b\\x5cc"' "httpd-lite: ESC, quote and backslash logged as \\xHH"
done_testing
