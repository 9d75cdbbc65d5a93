#!/bin/sh
# tlswrap's prog in tests/tlswrap-clientcert.t and -proxy.t: reads an HTTP
# request header (or nothing, at EOF), answers 200 with the SSL_PEER_* and
# TCP* variables it was given, one NAME=VALUE a line, then "END".
cr=$(printf '\r')
while IFS= read -r line; do
	line=${line%"$cr"}
	[ -z "$line" ] && break
done
body=$(env | grep -E '^(SSL_PEER_|TCPREMOTE|TCPLOCAL)' | sort; echo END)
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s\n' \
	"$(( ${#body} + 1 ))" "$body"
