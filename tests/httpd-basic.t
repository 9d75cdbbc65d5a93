#!/bin/bash
# httpd-lite over pipes: files, HEAD, headers, directories, listings, MIME.
. "$(dirname "$0")/lib.sh"
[ -x "$HTTPD" ] || skip_all "httpd-lite not built"

R=$T_TMP/root
mkdir -p "$R/sub" "$R/empty" "$R/list/d" "$R/.git"
printf '<h1>home</h1>\n' >"$R/index.html"
printf 'hello world\n' >"$R/hello.txt"
printf 'sub index\n' >"$R/sub/index.html"
printf 'x' >"$R/list/a&b<c>.txt"
printf 'yy' >"$R/list/sp ace.bin"
printf 'z' >"$R/list/.hidden"
: >"$R/zero.txt"
printf 'PNG' >"$R/pic.PNG"
printf 'data' >"$R/blob.xyz"
printf 'c' >"$R/style.css"
chmod -R a+rX "$R"

out=$(hl "$R" 'GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_status "$out")" 200 "GET file: 200"
is "$(hl_body "$out")" "hello world" "GET file: body"
is "$(hl_header "$out" Content-Length)" 12 "Content-Length"
is "$(hl_header "$out" Content-Type)" "text/plain; charset=utf-8" "text/* has charset=utf-8"
like "$(hl_header "$out" Date)" '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$' "Date is an IMF-fixdate"
is "$(hl_header "$out" Server)" httpd-lite "Server"
is "$(hl_header "$out" X-Content-Type-Options)" nosniff "nosniff"
is "$(hl_header "$out" Accept-Ranges)" bytes "Accept-Ranges: bytes"
like "$(hl_header "$out" ETag)" '^"[0-9a-f]+-c-[0-9a-f]+\.[0-9a-f]+"$' "strong ETag from inode, size, mtime"
is "$(hl_header "$out" Last-Modified)" "$(TZ=GMT date -r "$R/hello.txt" '+%a, %d %b %Y %H:%M:%S GMT')" "Last-Modified is the mtime"
is "$(hl_header "$out" Connection)" "" "HTTP/1.1 keep-alive: no Connection field"
is "$(hl_header "$out" Strict-Transport-Security)" "" "no HSTS without TLS"

out=$(hl "$R" 'HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_status "$out")" 200 "HEAD: 200"
is "$(hl_header "$out" Content-Length)" 12 "HEAD: Content-Length of the GET body"
is "$(hl_body "$out")" "" "HEAD: no body"
out=$(hl "$R" 'HEAD /nope HTTP/1.1\r\nHost: x\r\n\r\nHEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_statuses "$out")" "404 200" "HEAD 404 has no body either (next response follows at once)"

out=$(hl "$R" 'GET /zero.txt HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_status "$out") $(hl_header "$out" Content-Length)" "200 0" "empty file: 200, length 0"

out=$(hl "$R" 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_body "$out")" "<h1>home</h1>" "/ serves index.html"
is "$(hl_header "$out" Content-Type)" "text/html; charset=utf-8" "index.html is text/html"
out=$(hl "$R" 'GET /sub HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_status "$out") $(hl_header "$out" Location)" "301 /sub/" "/sub redirects to /sub/"
out=$(hl "$R" 'GET /sub?a=b HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_header "$out" Location)" "/sub/" "redirect drops the query"
out=$(hl "$R" 'GET /sub/ HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_body "$out")" "sub index" "/sub/ serves its index.html"
out=$(hl "$R" 'GET /sub/index.html?x=1 HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_status "$out")" 200 "query string ignored for lookup"
out=$(hl "$R" 'GET /empty/ HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_status "$out")" 404 "directory without index, no -l: 404"
like "$(hl_body "$out")" '<h1>404 Not Found</h1>' "error has a small HTML body"
is "$(hl_header "$out" Content-Type)" "text/html; charset=utf-8" "error body is HTML"
out=$(hl "$R" 'GET /hello.txt/ HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_status "$out")" 404 "file with trailing slash: 404"
out=$(hl "$R" 'GET /missing HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_status "$out")" 404 "missing file: 404"

out=$(hl "$R" 'GET /list/ HTTP/1.1\r\nHost: x\r\n\r\n' -l)
body=$(hl_body "$out")
is "$(hl_status "$out")" 200 "-l: listing"
like "$body" 'href="a%26b%3Cc%3E.txt">a&amp;b&lt;c&gt;.txt</a>' "listing: names URL-encoded and HTML-escaped"
like "$body" 'href="sp%20ace.bin">sp ace.bin</a></td><td>2</td>' "listing: size shown"
like "$body" 'href="d/">d/</a></td><td>-</td><td>[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' "listing: directories and dates"
ok "$(printf '%s' "$body" | grep -c hidden)" "listing leaves dotfiles out"
order=$(printf '%s\n' "$body" | sed -n 's/.*href="\([^"]*\)".*/\1/p' | tr '\n' ' ')
is "$order" "a%26b%3Cc%3E.txt d/ sp%20ace.bin " "listing sorted by name"
is "$(hl_header "$out" Content-Length)" "$(printf '%s\n' "$body" | wc -c)" "listing has a Content-Length"
out=$(hl "$R" 'GET /list HTTP/1.1\r\nHost: x\r\n\r\n' -l)
is "$(hl_status "$out")" 301 "-l: /list still redirects to /list/"
out=$(hl "$R" 'GET /sub/ HTTP/1.1\r\nHost: x\r\n\r\n' -l)
is "$(hl_body "$out")" "sub index" "-l: index.html wins over the listing"

out=$(hl "$R" 'GET /pic.PNG HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_header "$out" Content-Type)" image/png "MIME: extension case ignored"
out=$(hl "$R" 'GET /blob.xyz HTTP/1.1\r\nHost: x\r\n\r\n')
is "$(hl_header "$out" Content-Type)" application/octet-stream "MIME: unknown is octet-stream"
printf 'application/x-test xyz\ntext/x-mycss css\n' >"$T_TMP/mime.types"
out=$(hl "$R" 'GET /blob.xyz HTTP/1.1\r\nHost: x\r\n\r\n' -m "$T_TMP/mime.types")
is "$(hl_header "$out" Content-Type)" application/x-test "-m FILE adds types"
out=$(hl "$R" 'GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n' -m "$T_TMP/mime.types")
is "$(hl_header "$out" Content-Type)" "text/x-mycss; charset=utf-8" "-m FILE overrides built-ins; text/* gets charset"
hl "$R" '' -m "$T_TMP/nonexistent" >/dev/null
is "$?" 100 "-m with a missing file: exit 100"

out=$(SSL_PROTOCOL=TLSv1.2 hl "$R" 'GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n' -H 31536000)
is "$(hl_header "$out" Strict-Transport-Security)" "max-age=31536000" "-H behind TLS: HSTS"
out=$(hl "$R" 'GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n' -H 31536000)
is "$(hl_header "$out" Strict-Transport-Security)" "" "-H without TLS: no HSTS"

# A sanitizer build (make SANITIZE=1) logs a seccomp warning first: not counted.
hl_log() { grep -v '^httpd-lite: warning: seccomp off in a sanitizer build' "$T_TMP/hl.log"; }
: >"$T_TMP/hl.log"
SSL_CIPHER=ECDHE-ECDSA-AES128-GCM-SHA256 TCPREMOTEIP=192.0.2.7 hl "$R" 'GET /hello.txt?q="x" HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n' >/dev/null
is "$(hl_log | sed -n 1p)" 'httpd-lite: 192.0.2.7 GET "/hello.txt?q=\x22x\x22" 200 12 ECDHE-ECDSA-AES128-GCM-SHA256' "log line: client, method, escaped target, status, bytes, cipher"
is "$(hl_log | sed -n 2p)" 'httpd-lite: 192.0.2.7 GET "/nope" 404 107 ECDHE-ECDSA-AES128-GCM-SHA256' "log line for an error"
: >"$T_TMP/hl.log"
REMOTE_ADDR=198.51.100.1 hl "$R" 'GET / HTTP/1.0\r\n\r\n' >/dev/null
is "$(hl_log)" 'httpd-lite: 198.51.100.1 GET "/" 200 14 -' "REMOTE_ADDR when no TCPREMOTEIP; - without cipher"
: >"$T_TMP/hl.log"
hl "$R" 'GE\001T / HTTP/1.0\r\n\r\n' >/dev/null
is "$(hl_log)" 'httpd-lite: - GE\x01T "/" 400 111 -' "control characters escaped in the log; - for unknown client"

"$HTTPD" -R </dev/null >/dev/null 2>"$T_TMP/err"
is "$?" 100 "no docroot: exit 100"
like "$(cat "$T_TMP/err")" '^httpd-lite: usage:' "usage on stderr"
"$HTTPD" -R -n 0 "$R" </dev/null >/dev/null 2>&1
is "$?" 100 "-n 0: exit 100"
"$HTTPD" -R -t 1x "$R" </dev/null >/dev/null 2>&1
is "$?" 100 "-t 1x: exit 100"
"$HTTPD" -R "$T_TMP/nonexistent" </dev/null >/dev/null 2>"$T_TMP/err"
is "$?" 111 "missing docroot: exit 111"
is "$(wc -l <"$T_TMP/err")" 1 "one line on stderr for a fatal error"

done_testing
