#!/bin/bash
# Valgrind memcheck over a representative integration run: tlswrap (-Z) under
# tcpserver with httpd-lite (-Z) as its prog, both under valgrind, for a few
# connections (curl with two requests on one connection, a 1 MiB transfer,
# handshake failures, a certificate that does not match its key, an ACME
# tls-alpn-01 validation with -A, also before the site's first certificate),
# and
# httpd-lite alone over pipes for a few requests.  Every valgrind process
# must report "ERROR SUMMARY: 0 errors": no invalid access, no use of
# uninitialised memory, no definite or indirect leak.
#
# -Z: valgrind's own system calls are not on the seccomp allow-lists.
# Valgrind 3.19 does not know landlock_*, openat2 or pidfd_open and answers
# ENOSYS (with a warning in its log), so httpd-lite runs its "Landlock
# unavailable" path and tlswrap waits for prog without a pidfd here.
#
# Runs when VALGRIND=1 or CI=true (about half a minute); skipped for a
# sanitizer build (valgrind cannot run ASan binaries).
. "$(dirname "$0")/lib.sh"
tw_init
[ -x "$HTTPD" ] || skip_all "$HTTPD is not built (run make)"
[ "${VALGRIND:-}" = 1 ] || [ "${CI:-}" = true ] || skip_all "set VALGRIND=1 to run (CI does)"
if ! command -v valgrind >/dev/null; then
	[ "${CI:-}" = true ] || skip_all "valgrind missing (apt-get install valgrind)"
	ok 1 "valgrind is installed (tools/deps.sh ci)"
	done_testing
	exit
fi
for b in "$TLSWRAP" "$HTTPD"; do
	grep -aq __asan_init "$b" && skip_all "$b is a sanitizer build"
done
need curl

# Memcheck replaces malloc through the dynamic loader: in a static binary
# (the default build) it would see no heap and no leak.  Build dynamic
# copies of the same sources for it.
if ! ldd "$TLSWRAP" >/dev/null 2>&1; then
	src=$T_TMP/src
	mkdir -p "$src/tests"
	cp -r "$TOP/Makefile" "$TOP/tlswrap" "$TOP/httpd-lite" "$TOP/common" "$src/"
	cp -r "$TOP/tests/unit" "$src/tests/"
	(cd "$src" && rm -f ./*/*.o ./*/*.d && make -s STATIC=0 tlswrap/tlswrap httpd-lite/httpd-lite) >"$T_TMP/build.log" 2>&1
	ok $? "a dynamic build for memcheck" || { sed 's/^/# /' "$T_TMP/build.log"; done_testing; exit; }
	TLSWRAP=$src/tlswrap/tlswrap HTTPD=$src/httpd-lite/httpd-lite
fi

VGLOG=$T_TMP/vg
mkdir -p "$VGLOG"
# One wrapper per program; each valgrind process writes $VGLOG/<name>.<pid>.log.
for name in tlswrap httpd-lite; do
	case $name in tlswrap) real=$TLSWRAP ;; *) real=$HTTPD ;; esac
	cat > "$T_TMP/vg-$name" <<EOF
#!/bin/sh
exec valgrind --error-exitcode=86 --leak-check=full \\
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \\
	--child-silent-after-fork=yes --track-fds=no \\
	--log-file='$VGLOG/$name.%p.log' '$real' -Z "\$@"
EOF
	chmod 755 "$T_TMP/vg-$name"
done
VG_TLSWRAP=$T_TMP/vg-tlswrap
VG_HTTPD=$T_TMP/vg-httpd-lite

WWW=$T_TMP/www
mkdir -p "$WWW/dir"
printf 'hello valgrind\n' > "$WWW/small.txt"
BIG=$(tw_data 1048576)
cp "$BIG" "$WWW/big.bin"
chmod -R a+rX "$WWW"

get() { # get PORT PATH...: curl the paths on one connection, bodies to stdout
	local port=$1 p urls=()
	shift
	for p in "$@"; do urls+=("https://localhost:$port/$p"); done
	timeout -k 5 120 curl -sS --max-time 100 --cacert "$CERTS/ca.pem" \
		--resolve "localhost:$port:127.0.0.1" "${urls[@]}" 2>>"$T_TMP/curl.log"
}

# --- tlswrap + httpd-lite, both under valgrind -----------------------------
REAL_TLSWRAP=$TLSWRAP
TLSWRAP=$VG_TLSWRAP
tw_serve -T 60 -c "$CERTS/ec-combined.pem" -a http/1.1 "$VG_HTTPD" -R -l "$WWW"
ok $? "tlswrap under valgrind serves on 127.0.0.1:$PORT"
GOOD_PORT=$PORT GOOD_STATUS=$TW_SSTATUS GOOD_PID=$SERVER_PID

is "$(get "$GOOD_PORT" small.txt nope dir/ | head -n 1)" "hello valgrind" \
	"curl: small file, then 404 and a listing on the same connection"
get "$GOOD_PORT" big.bin > "$T_TMP/big.out"
is "$(tw_sha "$T_TMP/big.out")" "$(tw_sha "$BIG")" "curl: 1 MiB transfer intact"
like "$(tw_sclient "$GOOD_PORT" -tls1_2 -cipher AES128-SHA)" "alert|error|errno" \
	"handshake failure: no cipher suite in common"
like "$(timeout 20 "$TW_PY" "$TOP/tests/tools/rawclient.py" --send-str 'GET / HTTP/1.0\r\n\r\n' --shut --timeout 15 "$GOOD_PORT")" \
	"end=(eof|reset)" "handshake failure: plain HTTP to the TLS port"
tw_wait_lines "$GOOD_STATUS" 4 60
# (Under load, tw_serve's own probe connection may end late: one more 98.)
is "$(grep -c '^exit=0$' "$GOOD_STATUS") $(grep -v -E '^exit=(0|98)$' "$GOOD_STATUS")" "2 " \
	"exit statuses: 0 for both curl connections, 98 for the handshake failures"

# A certificate with a key that is not its own: exit 96 before any handshake.
tw_serve -c "$CERTS/ec-cert.pem" -k "$CERTS/mismatch-key.pem" "$VG_HTTPD" -R "$WWW"
BAD_STATUS=$TW_SSTATUS
tw_sclient "$PORT" >/dev/null
tw_wait_lines "$BAD_STATUS" 1 60
is "$(sort -u "$BAD_STATUS")" "exit=96" "bad key: exit 96"
like "$(cat "$TW_SLOG")" "tlswrap: .*(match|key)" "bad key: the log says why"
stop "$SERVER_PID"
# An ACME tls-alpn-01 validation (-A): the challenge pair, close_notify, no
# prog; then one for a name with no challenge file (refused, exit 98).
A=$T_TMP/alpn-certs
mkdir -p "$A"
openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	-keyout "$A/v.localhost.key.pem" -out "$A/v.localhost.crt.pem" -subj /CN=v.localhost \
	-addext "1.3.6.1.5.5.7.1.31=critical,DER:04:20$(printf ':%02x' $(seq 1 32))" 2>/dev/null
tw_serve -A "$A" -c "$CERTS/ec-combined.pem" "$VG_HTTPD" -R "$WWW"
ACME_STATUS=$TW_SSTATUS
tw_client --sni v.localhost --alpn acme-tls/1 "$PORT" wait-eof
is "$(tw_get cert_sha256):$(tw_get eof_notify)" "$(tw_certfp "$A/v.localhost.crt.pem"):true" \
	"-A: the challenge certificate, then close_notify"
tw_sclient "$PORT" -alpn acme-tls/1 -servername none.localhost >/dev/null
tw_wait_lines "$ACME_STATUS" 2 60
is "$(tr '\n' ' ' < "$ACME_STATUS")" "exit=0 exit=98 " "-A: exit 0 for the validation, 98 for a name with no file"
stop "$SERVER_PID"
# Before the site's first certificate (no -c file): the failure is put off,
# the validation served, an ordinary client ends with exit 96.
tw_serve -A "$A" -c "$T_TMP/none/fullchain.pem" "$VG_HTTPD" -R "$WWW"
FIRST_STATUS=$TW_SSTATUS
tw_client --sni v.localhost --alpn acme-tls/1 "$PORT" wait-eof
is "$(tw_get cert_sha256)" "$(tw_certfp "$A/v.localhost.crt.pem")" \
	"-A, no -c file yet: the challenge certificate"
tw_sclient "$PORT" -servername v.localhost >/dev/null
tw_wait_lines "$FIRST_STATUS" 2 60
is "$(tr '\n' ' ' < "$FIRST_STATUS")" "exit=0 exit=96 " "-A, no -c file yet: exit 0 for the validation, 96 for a visitor"
stop "$SERVER_PID"
stop "$GOOD_PID"
TLSWRAP=$REAL_TLSWRAP

# --- httpd-lite alone, under valgrind, over pipes ---------------------------
hlv() { # hlv 'REQUESTS' [OPTION...]: like hl, with httpd-lite under valgrind
	local req=$1
	shift
	printf '%b' "$req" | "$VG_HTTPD" -R "$@" "$WWW" 2>>"$T_TMP/hl.log" | tr -d '\000'
}
out=$(hlv 'GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\nHEAD /big.bin HTTP/1.1\r\nHost: x\r\n\r\nGET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=10-19\r\n\r\nGET /small.txt HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\nGET /dir/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' -l)
is "$(hl_statuses "$out")" "200 200 206 304 200" "httpd-lite: GET, HEAD, ranges, conditional, listing"
out=$(hlv 'GET /../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_statuses "$out")" "400" "httpd-lite: a path outside the root is refused"
out=$(hlv 'BREW / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello')
like "$(hl_statuses "$out")" "^(400|405|501)" "httpd-lite: an unknown method is refused"
out=$(hlv 'GET / HTTP/1.1\r\nHost: x\r\nX: '"$(head -c 20000 /dev/zero | tr '\0' a)"'\r\n\r\n')
like "$(hl_statuses "$out")" "^4[0-9][0-9]" "httpd-lite: an oversized header is refused"

# --- the verdict: every valgrind process ended clean -------------------------
logs=$(find "$VGLOG" -name '*.log' -size +0 | sort)
n=$(printf '%s\n' "$logs" | grep -c .)
n_tls=$(printf '%s\n' "$logs" | grep -c '/tlswrap\.')
n_hl=$(printf '%s\n' "$logs" | grep -c '/httpd-lite\.')
diag "valgrind processes: $n ($n_tls tlswrap, $n_hl httpd-lite)"
[ "$n_tls" -ge 6 ] && [ "$n_hl" -ge 6 ]
ok $? "valgrind ran at least 6 tlswrap and 6 httpd-lite processes"
bad=
for f in $logs; do
	grep -q 'ERROR SUMMARY: 0 errors' "$f" || bad="$bad $f"
done
is "$bad" "" "every valgrind process: ERROR SUMMARY: 0 errors (no leak, no invalid access)"
for f in $bad; do
	sed -n '/^==[0-9]*== Command:/p;/Invalid\|uninitialised\|definitely lost\|indirectly lost\|ERROR SUMMARY/,+12p' "$f" |
		head -n 60 | sed 's/^/# /'
done
done_testing
