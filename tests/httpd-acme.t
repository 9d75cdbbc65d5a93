#!/bin/bash
# httpd-lite -A DIR: ACME http-01 challenges (RFC 8555 8.3) answered from
# the renewer's own directory, never from the document root; under
# tcpserver with curl as the validator would ask, and over pipes for the
# refusals.
. "$(dirname "$0")/lib.sh"
[ -x "$HTTPD" ] || skip_all "httpd-lite not built"

R=$T_TMP/root
A=$T_TMP/acme
TOK=LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0
KEYAUTH=$TOK.9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI
mkdir -p "$R/.well-known/acme-challenge" "$A"
printf 'site\n' >"$R/index.html"
printf 'from-docroot' >"$R/.well-known/acme-challenge/$TOK"
printf 'docroot-only' >"$R/.well-known/acme-challenge/onlyhere"
chmod -R a+rX "$R"
# As dehydrated leaves them: the renewer's directory and 0644 files it owns.
printf '%s' "$KEYAUTH" >"$A/$TOK"
printf 'x' >"$A/a-b_C9"
printf 'private' >"$A/private"
printf 'dotted' >"$A/a.b"
ln -s "$TOK" "$A/link"
mkdir "$A/subdir"
long=$(head -c 129 /dev/zero | tr '\0' a)
printf 'long' >"$A/$long"
max=$(head -c 128 /dev/zero | tr '\0' b)
printf 'max' >"$A/$max"
chown -R nobody "$A"
chmod 755 "$A"
chmod 644 "$A"/*
chmod 600 "$A/private"
H='Host: example.org\r\n'
C=/.well-known/acme-challenge

get() { hl "$R" "GET $1 HTTP/1.1\r\n$H\r\n" "${@:2}"; }

out=$(get "$C/$TOK")
is "$(hl_body "$out")" "from-docroot" "without -A the docroot answers, as before"

out=$(get "$C/$TOK" -A "$A")
is "$(hl_status "$out") $(hl_body "$out")" "200 $KEYAUTH" "-A: the token's file from DIR"
is "$(hl_header "$out" Content-Type)" "application/octet-stream" "...as application/octet-stream"
is "$(hl_header "$out" Content-Length)" "${#KEYAUTH}" "...with its length"
out=$(get "$C/a-b_C9" -A "$A")
is "$(hl_status "$out") $(hl_body "$out")" "200 x" "every base64url character is allowed"
out=$(get "$C/$max" -A "$A")
is "$(hl_status "$out") $(hl_body "$out")" "200 max" "a 128-character token"
out=$(hl "$R" "HEAD $C/$TOK HTTP/1.1\r\n$H\r\n" -A "$A")
is "$(hl_status "$out") $(hl_body "$out")" "200 " "HEAD: status, no body"
out=$(hl "$R" "GET http://other.example$C/$TOK HTTP/1.1\r\n$H\r\n" -A "$A")
is "$(hl_body "$out")" "$KEYAUTH" "absolute-form target"
out=$(hl "$R" "GET $C/$TOK HTTP/1.1\r\n$H\r\nGET / HTTP/1.1\r\n$H\r\n" -A "$A")
is "$(hl_statuses "$out")" "200 200" "the connection goes on to the site"
is "$(hl_body "$(get / -A "$A")")" "site" "the rest of the site is unchanged"

# Precedence: with -A, nothing under the prefix comes from the docroot.
is "$(hl_status "$(get "$C/onlyhere" -A "$A")")" 404 "a token only in the docroot: 404"
for t in "$C/" "$C" "$C/a.b" "$C/$long" "$C/$TOK/" "$C/subdir" "$C/subdir/x" \
	"$C/link" "$C/nosuch" "$C/a%2eb" "$C/a+b" "$C/a%20b"; do
	is "$(hl_status "$(get "$t" -A "$A")")" 404 "404: ${t:0:60}"
done
out=$(get "$C/%4coqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0" -A "$A")
is "$(hl_body "$out")" "$KEYAUTH" "the path is decoded before matching (%4c is L)"
out=$(get "/.well-known/%61cme-challenge/onlyhere" -A "$A")
is "$(hl_status "$out")" 404 "an encoded prefix does not reach the docroot"
is "$(hl_status "$(get "$C/private" -A "$A")")" 403 "a file others may not read: 403"
is "$(hl_status "$(get "$C/../$TOK" -A "$A")")" 400 "dot segments are refused before matching"
is "$(hl_status "$(hl "$R" "POST $C/$TOK HTTP/1.1\r\n$H\r\n" -A "$A")")" 405 "POST: 405"

# -v: the challenge comes before the choice of a host directory, so a name
# that has no site yet can still be validated.
out=$(hl "$R" "GET $C/$TOK HTTP/1.1\r\nHost: new.example\r\n\r\n" -A "$A" -v)
is "$(hl_status "$out") $(hl_body "$out")" "200 $KEYAUTH" "-v: served for a host without a directory"

# DIR is opened before chroot and the privilege drop, and Landlock lets
# the process read it; it lies outside the chrooted docroot here.
out=$(printf 'GET %s/%s HTTP/1.1\r\nHost: x\r\n\r\n' "$C" "$TOK" | "$HTTPD" -r -u nobody -A "$A" "$R" 2>/dev/null)
is "$(hl_status "$out") $(hl_body "$out")" "200 $KEYAUTH" "-r -u nobody: served from outside the chroot"
: >"$T_TMP/hl.log"
out=$(get "$C/$TOK" -A "$A")
if grep -q 'Landlock unavailable' "$T_TMP/hl.log"; then
	skip "Landlock unavailable on this kernel"
else
	is "$(hl_body "$out")" "$KEYAUTH" "under Landlock and seccomp"
	is "$(grep -v 'seccomp off in a sanitizer build' "$T_TMP/hl.log" | grep -c 'warning')" 0 \
		"... no warning logged (but a sanitizer build's expected one)"
fi
chmod 700 "$A"
is "$(hl_status "$(get "$C/$TOK" -A "$A")")" 403 "-R: a DIR others may not search: 403 (files are read as others)"
chmod 755 "$A"

# Usage.
printf '' | "$HTTPD" -R -A "$T_TMP/nosuch" "$R" >/dev/null 2>"$T_TMP/err"
is "$?" 111 "-A with a missing directory: exit 111"
like "$(cat "$T_TMP/err")" '^httpd-lite: cannot open -A directory: ' "...saying why"
printf '' | "$HTTPD" -R -A "" "$R" >/dev/null 2>&1
is "$?" 100 "-A '': usage error, exit 100"

# Plain HTTP under tcpserver, as the http-01 validator connects (curl and
# tcpserver are in tools/deps.sh check: missing, this fails).
serve "$HTTPD" -R -A "$A" "$R"
U=http://127.0.0.1:$PORT
is "$(curl -s "$U$C/$TOK")" "$KEYAUTH" "curl through tcpserver: the key authorization"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U$C/onlyhere")" 404 "curl: a docroot file under the prefix: 404"
printf 'renewed' >"$A/$TOK"
is "$(curl -s "$U$C/$TOK")" "renewed" "a file rewritten by the renewer is read at the next request"
stop "$SERVER_PID"

done_testing
