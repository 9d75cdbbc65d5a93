#!/bin/bash
# httpd-lite over pipes: byte ranges, conditional requests, precompressed
# variants.
. "$(dirname "$0")/lib.sh"
[ -x "$HTTPD" ] || skip_all "httpd-lite not built"

R=$T_TMP/root
mkdir -p "$R"
printf '0123456789' >"$R/ten.txt"
: >"$R/empty.bin"
printf 'plain text\n' >"$R/doc.txt"
printf 'GZIPDATA' >"$R/doc.txt.gz"
printf 'BRDATA' >"$R/doc.txt.br"
printf 'js\n' >"$R/app.js"
printf 'OLDGZ' >"$R/app.js.gz"
touch -d '2001-01-01' "$R/app.js.gz"
printf 'css\n' >"$R/only.css"
printf 'GZ' >"$R/only.css.gz"
chmod -R a+rX "$R"
H='Host: x\r\n'

rg() { hl "$R" "GET /$1 HTTP/1.1\r\n${H}Range: $2\r\n\r\n"; }
out=$(rg ten.txt bytes=0-0)
is "$(hl_status "$out") $(hl_body "$out")" "206 0" "first byte"
is "$(hl_header "$out" Content-Range)" "bytes 0-0/10" "...Content-Range"
is "$(hl_header "$out" Content-Length)" 1 "...Content-Length"
out=$(rg ten.txt bytes=9-9)
is "$(hl_body "$out") $(hl_header "$out" Content-Range)" "9 bytes 9-9/10" "last byte"
out=$(rg ten.txt bytes=-3)
is "$(hl_body "$out") $(hl_header "$out" Content-Range)" "789 bytes 7-9/10" "suffix range"
out=$(rg ten.txt bytes=7-)
is "$(hl_body "$out")" "789" "open-ended range"
out=$(rg ten.txt bytes=5-1000)
is "$(hl_body "$out") $(hl_header "$out" Content-Range)" "56789 bytes 5-9/10" "range past the end is clamped"
out=$(rg ten.txt bytes=10-)
is "$(hl_status "$out") $(hl_header "$out" Content-Range)" "416 bytes */10" "first byte past the end: 416"
out=$(rg empty.bin bytes=0-)
is "$(hl_status "$out") $(hl_header "$out" Content-Range)" "416 bytes */0" "any range of an empty file: 416"
out=$(rg ten.txt 'bytes=0-1,5-6')
is "$(hl_status "$out") $(hl_body "$out")" "200 0123456789" "several ranges: the whole file, 200"
out=$(rg ten.txt 'bytes=5-2')
is "$(hl_status "$out")" 200 "invalid range ignored: 200"
out=$(rg ten.txt 'lines=1-2')
is "$(hl_status "$out")" 200 "other unit ignored: 200"
out=$(hl "$R" "HEAD /ten.txt HTTP/1.1\r\n${H}Range: bytes=0-0\r\n\r\n")
is "$(hl_status "$out") $(hl_header "$out" Content-Length)" "200 10" "Range ignored for HEAD"

etag=$(hl_header "$(hl "$R" "GET /ten.txt HTTP/1.1\r\n$H\r\n")" ETag)
lm=$(hl_header "$(hl "$R" "GET /ten.txt HTTP/1.1\r\n$H\r\n")" Last-Modified)
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}If-None-Match: $etag\r\n\r\n")
is "$(hl_status "$out")" 304 "If-None-Match: 304"
is "$(hl_header "$out" ETag)" "$etag" "304 carries the ETag"
is "$(hl_body "$out")$(hl_header "$out" Content-Length)" "" "304 has no body"
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}If-None-Match: \"other\", $etag\r\n\r\n")
is "$(hl_status "$out")" 304 "If-None-Match list"
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}If-None-Match: \"other\"\r\nIf-Modified-Since: $lm\r\n\r\n")
is "$(hl_status "$out")" 200 "If-None-Match takes precedence over If-Modified-Since"
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}If-Modified-Since: $lm\r\n\r\n")
is "$(hl_status "$out")" 304 "If-Modified-Since = Last-Modified: 304"
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT\r\n\r\n")
is "$(hl_status "$out")" 200 "If-Modified-Since earlier: 200"
out=$(hl "$R" "HEAD /ten.txt HTTP/1.1\r\n${H}If-None-Match: $etag\r\n\r\n")
is "$(hl_status "$out")" 304 "conditional HEAD: 304"
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}If-Match: \"nope\"\r\n\r\n")
is "$(hl_status "$out")" 412 "If-Match mismatch: 412"
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}Range: bytes=0-1\r\nIf-Range: $etag\r\n\r\n")
is "$(hl_status "$out") $(hl_body "$out")" "206 01" "If-Range with the current ETag: 206"
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}Range: bytes=0-1\r\nIf-Range: \"old\"\r\n\r\n")
is "$(hl_status "$out") $(hl_body "$out")" "200 0123456789" "If-Range with an old ETag: 200 whole"
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}Range: bytes=0-1\r\nIf-Range: $lm\r\n\r\n")
is "$(hl_status "$out")" 206 "If-Range with the Last-Modified date: 206"
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n${H}Range: bytes=0-1\r\nIf-Range: Sat, 01 Jan 2000 00:00:00 GMT\r\n\r\n")
is "$(hl_status "$out")" 200 "If-Range with another date: 200"

ae() { hl "$R" "GET /$1 HTTP/1.1\r\n${H}Accept-Encoding: $2\r\n\r\n"; }
out=$(ae doc.txt 'gzip, br')
is "$(hl_body "$out") $(hl_header "$out" Content-Encoding)" "BRDATA br" "br preferred when accepted"
is "$(hl_header "$out" Content-Type)" "text/plain; charset=utf-8" "Content-Type of the original"
is "$(hl_header "$out" Vary)" "Accept-Encoding" "Vary: Accept-Encoding"
is "$(hl_header "$out" Content-Length)" 6 "Content-Length of the variant"
out=$(ae doc.txt 'gzip')
is "$(hl_body "$out") $(hl_header "$out" Content-Encoding)" "GZIPDATA gzip" "gzip when br is not accepted"
out=$(ae doc.txt 'gzip, br;q=0')
is "$(hl_header "$out" Content-Encoding)" "gzip" "br;q=0 refuses br"
out=$(ae doc.txt 'gzip;q=0, br;q=0')
is "$(hl_body "$out")|$(hl_header "$out" Content-Encoding)|$(hl_header "$out" Vary)" "plain text||Accept-Encoding" "all refused: identity, still Vary"
out=$(hl "$R" "GET /doc.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_body "$out")|$(hl_header "$out" Vary)" "plain text|Accept-Encoding" "no Accept-Encoding: identity, with Vary"
out=$(ae app.js 'gzip')
is "$(hl_body "$out")|$(hl_header "$out" Content-Encoding)|$(hl_header "$out" Vary)" "js||" "older .gz ignored (no Vary either)"
# Accepting neither br nor gzip: no variant is looked for, and Vary says
# that the answer depends on Accept-Encoding (man page, Precompressed files).
out=$(hl "$R" "GET /ten.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_body "$out")|$(hl_header "$out" Vary)" "0123456789|Accept-Encoding" "no Accept-Encoding and no variant: Vary all the same"
printf 'GET /ten.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /ten.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity, br;q=0\r\n\r\nGET /ten.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n' |
	strace -f -qq -e trace=openat,openat2 -o "$T_TMP/variants.trace" \
	"$HTTPD" -R "$R" >/dev/null 2>&1  # LeakSanitizer refuses to run under ptrace
is "$(grep -c '"ten\.txt\.\(br\|gz\)"' "$T_TMP/variants.trace")" 2 "variants looked for only when a coding is accepted (2 opens for 3 requests)"
out=$(ae only.css '*')
is "$(hl_body "$out") $(hl_header "$out" Content-Encoding)" "GZ gzip" "* accepts gzip"
out=$(hl "$R" "GET /doc.txt HTTP/1.1\r\n${H}Accept-Encoding: gzip\r\nRange: bytes=0-3\r\n\r\n")
is "$(hl_status "$out") $(hl_body "$out")" "206 GZIP" "ranges apply to the encoded variant"
gz_etag=$(hl_header "$(ae doc.txt gzip)" ETag)
ok "$([ "$gz_etag" != "$(hl_header "$(ae doc.txt identity)" ETag)" ]; echo $?)" "each variant has its own ETag"

done_testing
