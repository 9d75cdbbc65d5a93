#!/bin/sh
# A tiny HTTP/1.0 responder used as tlswrap's prog in the tests: reads the
# request header, answers 200 with the TLS facts tlswrap exported.
cr=$(printf '\r')
while IFS= read -r line; do
	line=${line%"$cr"}
	[ -z "$line" ] && break
done
body="hello proto=${SSL_PROTOCOL-none} cipher=${SSL_CIPHER-none} sni=${SSL_TLS_SNI_SERVERNAME-none} alpn=${SSL_ALPN-none}
"
printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
	"${#body}" "$body"
