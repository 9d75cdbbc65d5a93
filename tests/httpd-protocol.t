#!/bin/bash
# httpd-lite over pipes: methods, versions, persistence, pipelining, request
# bodies, limits on the head.
. "$(dirname "$0")/lib.sh"
[ -x "$HTTPD" ] || skip_all "httpd-lite not built"

R=$T_TMP/root
mkdir -p "$R"
printf 'A' >"$R/a.txt"
printf 'BB' >"$R/b.txt"
chmod -R a+rX "$R"
H='Host: x\r\n'

out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n$H\r\nGET /b.txt HTTP/1.1\r\n$H\r\nGET /a.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" "200 200 200" "three pipelined requests, three responses"
is "$(printf '%s' "$out" | grep -a -v '^[A-Z][A-Za-z-]*: ' | tr -d '\r\n' | sed 's/HTTP\/1.1 200 OK//g')" "ABBA" "pipelined bodies in order"

out=$(hl "$R" "\r\n\r\nGET /a.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_status "$out")" 200 "empty lines before a request are ignored"

req=''
for i in $(seq 1 1050); do req="${req}GET /a.txt HTTP/1.1\r\n$H\r\n"; done
out=$(hl "$R" "$req")
is "$(hl_statuses "$out" | wc -w)" 1000 "at most 1000 requests per connection by default"
is "$(printf '%s' "$out" | tr -d '\r' | grep -ac '^Connection: close')" 1 "the 1000th response says Connection: close"
out=$(hl "$R" "$req" -n 7)
is "$(hl_statuses "$out" | wc -w)" 7 "-n 7: seven requests"

out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}Connection: close\r\n\r\nGET /b.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" 200 "Connection: close ends the connection"
is "$(hl_header "$out" Connection)" close "...and is answered with Connection: close"
out=$(hl "$R" "GET /a.txt HTTP/1.0\r\n\r\nGET /b.txt HTTP/1.0\r\n\r\n")
is "$(hl_statuses "$out")" 200 "HTTP/1.0 closes by default"
out=$(hl "$R" "GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b.txt HTTP/1.0\r\n\r\n")
is "$(hl_statuses "$out")" "200 200" "HTTP/1.0 Keep-Alive honoured"
is "$(hl_header "$out" Connection)" keep-alive "...and confirmed"
like "$(printf '%s' "$out" | head -n 1)" '^HTTP/1\.1 200 OK' "responses are HTTP/1.1"

out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n$H\r\nGET /a.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" "405 200" "POST: 405, connection goes on"
is "$(hl_header "$out" Allow)" "GET, HEAD" "405 has Allow: GET, HEAD"
for m in PUT DELETE OPTIONS TRACE PATCH; do
	out=$(hl "$R" "$m /a.txt HTTP/1.1\r\n$H\r\n")
	is "$(hl_status "$out")" 405 "$m: 405"
done
out=$(hl "$R" "BREW /a.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_status "$out")" 501 "unknown method: 501"
out=$(hl "$R" "GET /a.txt HTTP/2.0\r\n$H\r\n")
is "$(hl_status "$out")" 505 "HTTP/2.0: 505"
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n\r\nGET /a.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" 400 "HTTP/1.1 without Host: 400 and close"
is "$(hl_header "$out" Connection)" close "400 says Connection: close"
out=$(hl "$R" "GET /a.txt\r\n\r\n")
is "$(hl_status "$out")" 400 "HTTP/0.9 request: 400"
out=$(hl "$R" "garbage\r\n\r\n")
is "$(hl_status "$out")" 400 "garbage: 400"
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}Bad Name: x\r\n\r\n")
is "$(hl_status "$out")" 400 "space in field name: 400"
out=$(hl "$R" "GET http://example.org/a.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_status "$out") $(hl_body "$out")" "200 A" "absolute-form target"

# Request bodies are consumed, never taken for the next request.
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}Content-Length: 32\r\n\r\nGET /b.txt HTTP/1.1\r\n$H\r\nGET /b.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" "200 200" "Content-Length body discarded (it looked like a request)"
is "$(printf '%s' "$out" | grep -ac '^Content-Length: 2')" 1 "...and the real next request answered"
out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nGET /\r\n1b\r\nb.txt HTTP/1.1\r\nHost: x\r\n\r\n\r\n0\r\nTrailer: x\r\n\r\nGET /b.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" "405 200" "chunked body with extension and trailer discarded"
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\n")
is "$(hl_statuses "$out")" 400 "bad chunk size: 400"
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /b.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" 400 "Content-Length with Transfer-Encoding: 400, close"
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
is "$(hl_statuses "$out")" 400 "conflicting Content-Length: 400"
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}Content-Length: 99999999\r\n\r\nxx")
is "$(hl_status "$out") $(hl_header "$out" Connection)" "413 close" "huge body refused: 413, close"
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
is "$(hl_status "$out")" 501 "unknown transfer coding: 501"

# RFC 9112 6.3: a Content-Length that is not digits (or a list of equal
# numbers) is unrecoverable framing, never "no body": 400 and close.
for v in '' ',' ' , 5' '5,' '1,2' '5, ,5' '+5'; do
	out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n${H}Content-Length: $v\r\n\r\nGET /b.txt HTTP/1.1\r\n$H\r\n")
	is "$(hl_statuses "$out") $(hl_header "$out" Connection)" "400 close" "Content-Length '$v': 400 and close"
done
out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n${H}Content-Length: 5, 5\r\n\r\nhelloGET /b.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" "405 200" "Content-Length '5, 5': a body of 5, then the next request"

# Chunked framing lines end in CRLF: a bare LF anywhere in them is 400.
for body in '5\nhello\r\n0\r\n\r\n' '5\r\nhello\n0\r\n\r\n' '5\r\nhello\r\n0\n\r\n' \
	'5\r\nhello\r\n0\r\nX: y\n\r\n' '5\r\nhello\r\n0\r\n\n'; do
	out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n${body}GET /b.txt HTTP/1.1\r\n$H\r\n")
	is "$(hl_statuses "$out") $(hl_header "$out" Connection)" "400 close" "chunked with a bare LF ($body): 400 and close"
done
# ... and a CR anywhere else in a framing line is 400 too.
for body in '5;a
b
hello
0

' '5
hello
0
X: a
b

'; do
	out=$(hl "$R" "POST /a.txt HTTP/1.1
${H}Transfer-Encoding: chunked

${body}GET /b.txt HTTP/1.1
$H
")
	is "$(hl_statuses "$out") $(hl_header "$out" Connection)" "400 close" "chunked with a bare CR ($body): 400 and close"
done
out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX: y\r\n\r\nGET /b.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" "405 200" "the same body with CRLFs is discarded"
# Framing bytes count toward the 64 KiB body limit: trailer fields and
# chunk extensions are not a way around it.
pad=$(printf '%01000d' 0)
trailers=''; exts=''
for i in $(seq 70); do trailers+="X-$i: $pad\r\n"; exts+="1;e=$pad\r\nx\r\n"; done
out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n${trailers}\r\nGET /b.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out") $(hl_header "$out" Connection)" "413 close" "chunked: 70 KiB of trailer fields: 413 and close"
out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n${exts}0\r\n\r\nGET /b.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out") $(hl_header "$out" Connection)" "413 close" "chunked: 70 one-byte chunks with 1 KiB extensions: 413 and close"
# A NUL in a framing line is 400: it must not end the line early.
for body in '5\0zz\r\nhello\r\n0\r\n\r\n' '5\r\nhello\0\r\n0\r\n\r\n' '5\r\nhello\r\n0\r\n\0X: y\r\n\r\n'; do
	out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n${body}GET /b.txt HTTP/1.1\r\n$H\r\n")
	is "$(hl_statuses "$out") $(hl_header "$out" Connection)" "400 close" "chunked with a NUL in a framing line ($body): 400 and close"
done

# RFC 9110 2.5: a later HTTP/1.x minor version is answered as HTTP/1.1.
for v in 1.2 1.9; do
	out=$(hl "$R" "GET /a.txt HTTP/$v\r\n$H\r\nGET /b.txt HTTP/$v\r\n$H\r\n")
	is "$(hl_statuses "$out")" "200 200" "HTTP/$v: served as HTTP/1.1, connection kept"
done
out=$(hl "$R" "GET /a.txt HTTP/1.2\r\n\r\n")
is "$(hl_status "$out")" 400 "HTTP/1.2 without Host: 400, as HTTP/1.1"
out=$(hl "$R" "GET /a.txt HTTP/3.0\r\n$H\r\n")
is "$(hl_status "$out")" 505 "HTTP/3.0: 505"

# Host is a reg-name of RFC 3986: sub-delims and pct-encoding are valid.
for h in 'a!b' "a\$b&c'd(e)f*g+h,i;j=k" 'a%41b' 'a!b:8080' 'a_b~c'; do
	out=$(hl "$R" "GET /a.txt HTTP/1.1\r\nHost: $h\r\n\r\n")
	is "$(hl_status "$out")" 200 "Host: $h is valid"
done
for h in 'a b' 'a:8x' 'a:1:2' 'a/b' 'a@b' 'a"b' 'a%4' 'a{b}' '[::1' 'a\\b'; do
	out=$(hl "$R" "GET /a.txt HTTP/1.1\r\nHost: $h\r\n\r\n")
	is "$(hl_status "$out")" 400 "Host: $h is refused"
done
out=$(hl "$R" "GET http://a!b/a.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_status "$out")" 200 "absolute-form authority with a sub-delim"

# An empty segment names no file: 404, the connection goes on.
out=$(hl "$R" "GET //a.txt HTTP/1.1\r\n$H\r\nGET /a.txt// HTTP/1.1\r\n$H\r\nGET /a.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" "404 404 200" "//a.txt and /a.txt//: 404, the connection is kept"

# Expect: 100-continue with a final status known at once (405, or a GET
# that needs no body): answered at once, without waiting for the body the
# client holds back, and the connection is closed (RFC 9110 10.1.1).
expect() {
	python3 - "$HTTPD" "$R" "$1" <<'PY'
import subprocess, sys, time, select
p = subprocess.Popen([sys.argv[1], "-R", sys.argv[2]], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
p.stdin.write(sys.argv[3].encode().replace(b"\\r\\n", b"\r\n")); p.stdin.flush()
t = time.time()
r, _, _ = select.select([p.stdout], [], [], 3)
head = p.stdout.read1(4096) if r else b""
took = time.time() - t
p.stdin.close(); p.stdout.close(); p.wait()
print(head.split(b"\r\n")[0].decode(), "close" if b"\r\nConnection: close\r\n" in head else "keep",
      "fast" if took < 2 else "slow %.1f s" % took)
PY
}
is "$(expect 'POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n')" \
	"HTTP/1.1 405 Method Not Allowed close fast" "POST with Expect: 100-continue: 405 at once, close"
is "$(expect 'PUT /a.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-Continue\r\n\r\n')" \
	"HTTP/1.1 405 Method Not Allowed close fast" "chunked PUT with Expect: 405 at once, close"
is "$(expect 'GET /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n')" \
	"HTTP/1.1 200 OK close fast" "GET with a body and Expect: the file at once, close"
out=$(hl "$R" "POST /a.txt HTTP/1.1\r\n${H}Expect: 100-continue\r\n\r\nGET /b.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_statuses "$out")" "405 200" "Expect without a body: the connection goes on"
# HTTP/1.0 has no 100 (Continue): the expectation is ignored (httpd-lite.8),
# so the body is read and the kept-alive connection goes on.
out=$(hl "$R" "POST /a.txt HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhelloGET /b.txt HTTP/1.0\r\n\r\n")
is "$(hl_statuses "$out")" "405 200" "HTTP/1.0 with Expect and a body: the body is read, the next request answered"
# A real client: curl sends no body before 100 (Continue) or its timeout.
serve "$HTTPD" -R "$R"
head -c 5000 /dev/zero >"$T_TMP/post.bin"
start=$(date +%s%N)
code=$(curl -s -o /dev/null -w '%{http_code}' --expect100-timeout 5 -H 'Expect: 100-continue' \
	--data-binary @"$T_TMP/post.bin" "http://127.0.0.1:$PORT/a.txt")
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$code" 405 "curl POST with Expect: 100-continue: 405"
ok "$([ "$ms" -lt 2500 ] && echo 0 || echo 1)" "...without waiting for its 5 s expect timeout ($ms ms)"
stop "$SERVER_PID"

# RFC 9110 8.8.2.1: Last-Modified is never later than Date; a file dated in
# the future is sent as modified now, and compared as such.
printf 'F' >"$R/future.txt"
printf 'P' >"$R/past.txt"
chmod a+r "$R/future.txt" "$R/past.txt"
touch -d '+2 days' "$R/future.txt"
touch -d '2020-01-02 03:04:05 UTC' "$R/past.txt"
out=$(hl "$R" "GET /future.txt HTTP/1.1\r\n$H\r\n")
lm=$(hl_header "$out" Last-Modified)
is "$lm" "$(hl_header "$out" Date)" "a file dated in the future: Last-Modified is the Date"
out=$(hl "$R" "GET /past.txt HTTP/1.1\r\n$H\r\n")
is "$(hl_header "$out" Last-Modified)" "Thu, 02 Jan 2020 03:04:05 GMT" "a past file: its own modification time"
sleep 1.1
out=$(hl "$R" "GET /future.txt HTTP/1.1\r\n${H}If-Modified-Since: $lm\r\n\r\n")
is "$(hl_status "$out")" 200 "If-Modified-Since the Last-Modified sent a second ago: 200 (it moves with Date)"
out=$(hl "$R" "GET /future.txt HTTP/1.1\r\n${H}Range: bytes=0-0\r\nIf-Range: $lm\r\n\r\n")
is "$(hl_status "$out")" 200 "If-Range with that older date: the whole file"

# Limits on the head.
long=$(head -c 9000 /dev/zero | tr '\0' a)
out=$(hl "$R" "GET /$long HTTP/1.1\r\n$H\r\n")
is "$(hl_status "$out") $(hl_header "$out" Connection)" "414 close" "request line over 8 KiB: 414"
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}X-Big: $long\r\n\r\n")
is "$(hl_status "$out")" 431 "head over 8 KiB: 431"
fields=''
for i in $(seq 1 70); do fields="${fields}X-$i: y\r\n"; done
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n$H$fields\r\n")
is "$(hl_status "$out")" 431 "more than 64 fields: 431"
fit=$(head -c 8000 /dev/zero | tr '\0' a)
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\n${H}X-Fit: $fit\r\n\r\n")
is "$(hl_status "$out")" 200 "a head just under 8 KiB is fine"
out=$(hl "$R" "GET /a.txt HTTP/1.1\r\nHost: x")
is "$(hl_status "$out")" 400 "EOF in the middle of a head: 400"
out=$(hl "$R" "")
is "$out" "" "EOF before any request: no response"

# Deadlines: the whole head, not each read.
start=$(date +%s%N)
out=$( (printf 'GET /a.txt HTTP/1.1\r\n'; for i in $(seq 1 10); do sleep 0.3; printf 'X: y\r\n'; done) |
	"$HTTPD" -R -T 1 "$R" 2>/dev/null)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$(hl_status "$out")" 408 "slow head (a line every 0.3 s, -T 1): 408"
start=$(date +%s%N)
python3 - "$HTTPD" "$R" <<'PY'
import subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "-R", "-t", "1", sys.argv[2]], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
t = time.time()
out = p.stdout.read()          # EOF when httpd-lite gives up on the idle client
sys.exit(0 if out == b"" and 0.8 < time.time() - t < 3 else 1)
PY
ok $? "idle client (-t 1): connection closed after about 1 s, nothing sent"
python3 - "$HTTPD" "$R" <<'PY'
import subprocess, sys, time
p = subprocess.Popen([sys.argv[1], "-R", "-T", "1", sys.argv[2]], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
t = time.time()
p.stdin.write(b"GET /a.txt HTTP/1.1\r\n"); p.stdin.flush()
for i in range(8):             # one byte every 0.25 s: each read succeeds
    time.sleep(0.25)
    try:
        p.stdin.write(b"X"); p.stdin.flush()
    except BrokenPipeError:
        break
out = p.stdout.read(12)
sys.exit(0 if out == b"HTTP/1.1 408" and time.time() - t < 2.5 else 1)
PY
ok $? "byte-by-byte head is cut off by the whole-head deadline"

done_testing
