#!/bin/bash
# httpd-lite under tcpserver, driven by curl and a raw-socket client:
# keep-alive across many requests, pipelining, 64 MiB byte-exact over TCP
# and over a pipe (sendfile into a pipe, as behind tlswrap), the log.
. "$(dirname "$0")/lib.sh"
[ -x "$HTTPD" ] || skip_all "httpd-lite not built"
need tcpserver curl strace

R=$T_TMP/root
mkdir -p "$R/dir"
printf 'hello\n' >"$R/index.html"
printf 'abc' >"$R/small.txt"
head -c 67108864 /dev/urandom >"$R/big.bin"
printf 'in dir\n' >"$R/dir/index.html"
chmod -R a+rX "$R"

serve "$HTTPD" -R "$R"
U=http://127.0.0.1:$PORT

is "$(curl -s "$U/")" "hello" "curl GET /"
is "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$U/dir")" "301 $U/dir/" "curl sees the redirect"
is "$(curl -sL "$U/dir")" "in dir" "curl follows it"
is "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$U/../etc/passwd")" 400 "curl --path-as-is /../etc/passwd: 400"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U/%2e%2e/%2e%2e/etc/passwd")" 400 "curl /%2e%2e/: 400"
is "$(curl -s -r 1-1 "$U/small.txt")" "b" "curl range"
is "$(curl -sI "$U/small.txt" | tr -d '\r' | grep -i '^content-length')" "Content-Length: 3" "curl HEAD"

urls=()
for i in $(seq 1 50); do urls+=("$U/small.txt"); done
conns=$(curl -s -o /dev/null -w '%{num_connects}\n' "${urls[@]}" | awk '{ s += $1 } END { print s }')
is "$conns" 1 "curl: 50 requests over one kept-alive connection"

start=$(date +%s%N)
curl -s -o "$T_TMP/big.out" "$U/big.bin"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
ok "$(cmp -s "$R/big.bin" "$T_TMP/big.out"; echo $?)" "64 MiB over TCP byte-exact"
diag "64 MiB over TCP in $ms ms"
is "$(curl -s -r 67108863- "$U/big.bin" | od -An -tx1 | tr -d ' ')" "$(tail -c 1 "$R/big.bin" | od -An -tx1 | tr -d ' ')" "last byte of 64 MiB"

python3 - "$PORT" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
req = b"GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n"
s.sendall(req * 20 + b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
ok = data.count(b"HTTP/1.1 200 OK") == 21 and data.endswith(b"hello\n")
sys.exit(0 if ok else 1)
PY
ok $? "21 pipelined requests in one write over TCP, answered in order, closed"

python3 - "$PORT" <<'PY'
import socket, sys
# A request with a body, then close without reading: the response must
# still arrive (no reset from unread input).
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n" + b"x" * 30000)
data = b""
while True:
    try:
        b = s.recv(65536)
    except ConnectionResetError:
        break
    if not b:
        break
    data += b
sys.exit(0 if data.startswith(b"HTTP/1.1 413") else 1)
PY
ok $? "413 reaches the client although its body was not read"

sleep 0.2
like "$(cat "$T_TMP/server.log")" 'httpd-lite: 127\.0\.0\.1 GET "/small\.txt" 200 3 -' "log names the client IP from tcpserver"
like "$(cat "$T_TMP/server.log")" 'httpd-lite: 127\.0\.0\.1 GET "/big\.bin" 200 67108864 -' "log counts body bytes"

# Over a pipe: sendfile() into a pipe, as behind tlswrap.
start=$(date +%s%N)
printf 'GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
	"$HTTPD" -R "$R" 2>/dev/null | python3 -c '
import sys
d = sys.stdin.buffer.read()
sys.stdout.buffer.write(d[d.index(b"\r\n\r\n") + 4:])' >"$T_TMP/pipe.out"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
ok "$(cmp -s "$R/big.bin" "$T_TMP/pipe.out"; echo $?)" "64 MiB over a pipe byte-exact"
diag "64 MiB over a pipe in $ms ms"
strace_out=$T_TMP/strace
printf 'GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' |
	strace -f -e trace=sendfile,write,writev,sendto -o "$strace_out" "$HTTPD" -R "$R" 2>/dev/null >/dev/null
ok "$(grep -q '^[0-9]* *sendfile(1' "$strace_out"; echo $?)" "the body goes out with sendfile()"

done_testing
