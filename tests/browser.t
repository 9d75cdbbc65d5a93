#!/bin/bash
# A real browser on the make run chain: headless Chromium loads the demo
# site (www/) over HTTPS through tcpserver, tlswrap and httpd-lite, trusting
# the test CA's certificate by its SPKI hash, follows the page's style
# sheet, and prints the rendered DOM.  Skipped where Chromium is not
# installed (apt-get install chromium; CI installs it, tools/deps.sh ci).
. "$(dirname "$0")/lib.sh"
# CI installs chromium (tools/deps.sh ci): there, its absence is a failure.
[ "${CI:-}" = true ] && need chromium
B=$(command -v chromium || command -v chromium-browser) || skip_all "chromium not installed (tools/deps.sh ci)"
[ -x "$TLSWRAP" ] && [ -x "$HTTPD" ] || skip_all "not built"
need tcpserver openssl
"$TOP/certs/mkcerts.sh" >/dev/null

serve "$TLSWRAP" -a http/1.1 -c "$CERTS/ec-combined.pem" "$HTTPD" -R "$TOP/www"
# The leaf's SPKI hash, so that Chromium trusts exactly this certificate.
spki=$(openssl x509 -in "$CERTS/ec-cert.pem" -pubkey -noout |
	openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
profile=$T_TMP/chromium
dom=$(timeout -k 5 60 "$B" --headless --no-sandbox --disable-gpu \
	--disable-background-networking --disable-component-update \
	--disable-sync --no-first-run --disable-quic --user-data-dir="$profile" \
	--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1' \
	--ignore-certificate-errors-spki-list="$spki" \
	--dump-dom "https://127.0.0.1:$PORT/" 2>"$T_TMP/chromium.err")
ok $? "chromium loaded https://127.0.0.1:$PORT/"
title() { sed -n 's:.*<title>\([^<]*\)</title>.*:\1:p' | head -n 1; }
got=$(printf '%s\n' "$dom" | title)
[ -n "$got" ]
ok $? "the page's title is rendered ($got)"
is "$got" "$(title < "$TOP/www/index.html")" "the title is www/index.html's"
grep -q 'GET "/" 200 ' "$T_TMP/server.log"
ok $? "httpd-lite logged the page, 200"
grep -q 'GET "/style.css" 200 ' "$T_TMP/server.log"
ok $? "the browser fetched the style sheet, 200"
grep -Eq 'ECDHE-(ECDSA|RSA)-(AES128-GCM-SHA256|AES256-GCM-SHA384|CHACHA20-POLY1305)' "$T_TMP/server.log"
ok $? "over TLS 1.2 with an AEAD suite (the log names it)"
stop "$SERVER_PID"
done_testing
