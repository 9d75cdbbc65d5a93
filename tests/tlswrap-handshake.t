#!/bin/bash
# tlswrap handshakes: openssl s_client, curl and gnutls-cli against every
# supported key type and PEM format, SNI, chain verification, TLS 1.2 only,
# the default suites and -C, server preference, ALPN, renegotiation refused.
. "$(dirname "$0")/lib.sh"
tw_init
C=$CERTS
HELLO=$TOP/tests/tools/http-hello.sh
REQ='GET / HTTP/1.0\r\n\r\n'

# s_client sending one HTTP request and reading until the server closes.
sget() {
	local port=$1; shift
	printf "$REQ" | timeout -k 5 20 openssl s_client -connect "127.0.0.1:$port" -ign_eof "$@" 2>&1
}
# SHA-256 of the first certificate in the text on stdin.
pemfp() { openssl x509 -outform der 2>/dev/null | sha256sum | cut -d' ' -f1; }

# check_config LABEL LEAF-CERT TLSWRAP-ARGS...: four clients, one server.
check_config() {
	local label=$1 leaf=$2 fp out
	shift 2
	tw_serve "$@" "$HELLO"
	fp=$(tw_certfp "$leaf")

	out=$(sget "$PORT" -servername localhost -CAfile "$C/ca.pem" -verify_return_error)
	like "$out" 'Protocol *: TLSv1\.2' "$label: s_client with SNI: TLSv1.2"
	like "$out" 'Verify return code: 0 \(ok\)' "$label: s_client: chain verifies against ca.pem"
	like "$out" 'hello proto=TLSv1\.2 cipher=ECDHE-[A-Z0-9-]+ sni=localhost alpn=none' \
		"$label: s_client: prog ran after the handshake and saw SNI localhost"
	is "$(printf '%s\n' "$out" | pemfp)" "$fp" "$label: the leaf presented is $(basename "$leaf")"

	out=$(sget "$PORT" -noservername -CAfile "$C/ca.pem")
	like "$out" 'Protocol *: TLSv1\.2' "$label: s_client without SNI: TLSv1.2"
	like "$out" 'hello proto=TLSv1\.2 cipher=ECDHE-[A-Z0-9-]+ sni=none' \
		"$label: s_client without SNI: prog has no SSL_TLS_SNI_SERVERNAME"

	out=$(timeout -k 5 20 curl -sS --cacert "$C/ca.pem" --resolve "localhost:$PORT:127.0.0.1" \
		-w '\nstatus=%{http_code} verify=%{ssl_verify_result}\n' "https://localhost:$PORT/" 2>&1)
	like "$out" 'hello proto=TLSv1\.2 cipher=ECDHE-[A-Z0-9-]+ sni=localhost' "$label: curl: got prog's answer"
	like "$out" 'status=200 verify=0' "$label: curl: HTTP 200, certificate verified"

	out=$(printf "$REQ" | timeout -k 5 20 gnutls-cli --x509cafile "$C/ca.pem" \
		--sni-hostname localhost --verify-hostname localhost -p "$PORT" 127.0.0.1 2>&1)
	like "$out" 'Handshake was completed' "$label: gnutls-cli: handshake completed"
	like "$out" 'Description: \(TLS1\.2' "$label: gnutls-cli: TLS1.2"
	like "$out" 'The certificate is trusted' "$label: gnutls-cli: chain trusted"
	like "$out" 'hello proto=TLSv1\.2' "$label: gnutls-cli: got prog's answer"

	tw_wait_lines "$TW_SSTATUS" 4 10
	is "$(sort -u "$TW_SSTATUS" | tr '\n' ' ')" "exit=0 " "$label: tlswrap exited 0 for the four connections"
	stop "$SERVER_PID"
}

check_config "EC P-256, SEC1 key" "$C/ec-cert.pem" -c "$C/ec-chain.pem" -k "$C/ec-key.pem"
check_config "EC P-256, PKCS#8 key" "$C/ec-cert.pem" -c "$C/ec-chain.pem" -k "$C/ec-key-pkcs8.pem"
check_config "EC P-256, combined PEM" "$C/ec-cert.pem" -c "$C/ec-combined.pem"
check_config "EC P-384" "$C/p384-cert.pem" -c "$C/p384-chain.pem" -k "$C/p384-key.pem"
check_config "EC P-521" "$C/p521-cert.pem" -c "$C/p521-chain.pem" -k "$C/p521-key.pem"
check_config "RSA-2048, PKCS#1 key" "$C/rsa-cert.pem" -c "$C/rsa-chain.pem" -k "$C/rsa-key.pem"
check_config "RSA-2048, PKCS#8 key" "$C/rsa-cert.pem" -c "$C/rsa-chain.pem" -k "$C/rsa-key-pkcs8.pem"
check_config "RSA-2048, combined PEM" "$C/rsa-cert.pem" -c "$C/rsa-combined.pem"
check_config "RSA-4096" "$C/rsa4096-cert.pem" -c "$C/rsa4096-chain.pem" -k "$C/rsa4096-key.pem"

# Files from the environment, and -c/-k winning over it.
CERTFILE=$C/ec-chain.pem KEYFILE=$C/ec-key.pem tw_serve "$HELLO"
out=$(sget "$PORT" -servername localhost -CAfile "$C/ca.pem")
like "$out" 'hello proto=TLSv1\.2' "CERTFILE and KEYFILE from the environment: served"
is "$(printf '%s\n' "$out" | pemfp)" "$(tw_certfp "$C/ec-cert.pem")" "CERTFILE/KEYFILE: ec leaf presented"
stop "$SERVER_PID"
CERTFILE=$C/ec2-combined.pem tw_serve "$HELLO"
out=$(sget "$PORT" -servername localhost)
is "$(printf '%s\n' "$out" | pemfp)" "$(tw_certfp "$C/ec2-cert.pem")" "CERTFILE alone (combined PEM): ec2 leaf presented"
stop "$SERVER_PID"
CERTFILE=$C/ec2-combined.pem KEYFILE=$C/ec2-key.pem tw_serve -c "$C/ec-chain.pem" -k "$C/ec-key.pem" "$HELLO"
out=$(sget "$PORT" -servername localhost)
is "$(printf '%s\n' "$out" | pemfp)" "$(tw_certfp "$C/ec-cert.pem")" "-c/-k win over CERTFILE/KEYFILE"
stop "$SERVER_PID"

# The chain is sent as given: leaf + intermediate; a leaf alone does not verify.
tw_serve -c "$C/ec-chain.pem" -k "$C/ec-key.pem" "$HELLO"
out=$(sget "$PORT" -servername localhost -showcerts)
is "$(printf '%s\n' "$out" | grep -c -- '-----BEGIN CERTIFICATE-----')" 2 "ec-chain.pem: two certificates sent"
stop "$SERVER_PID"
tw_serve -c "$C/ec-cert.pem" -k "$C/ec-key.pem" "$HELLO"
out=$(sget "$PORT" -servername localhost -CAfile "$C/ca.pem")
like "$out" 'Verify return code: (20|21) ' "leaf without intermediate: verification fails (control)"
stop "$SERVER_PID"

# refused DESC TLSWRAP-OPTIONS -- S_CLIENT-OPTIONS: one connection, must fail.
refused() {
	local desc=$1 opts=() out mark=$T_TMP/spawned.$RANDOM$RANDOM
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	tw_direct "$TLSWRAP" "${opts[@]}" /usr/bin/touch "$mark"
	out=$(tw_sclient "$PORT" -servername localhost "$@")
	like "$out" 'Cipher is \(NONE\)' "$desc: client gets no session"
	is "$(tw_status)" "exit=98" "$desc: tlswrap exits 98"
	like "$(cat "$TW_ERR")" '^tlswrap: 127\.0\.0\.1:[0-9]+: .*handshake failed.*BR_ERR_[A-Z_]+' \
		"$desc: log names the peer and the BearSSL error"
	[ ! -e "$mark" ]
	ok $? "$desc: prog not run"
}
# accepted DESC EXPECTED-CIPHER TLSWRAP-OPTIONS -- S_CLIENT-OPTIONS
accepted() {
	local desc=$1 cipher=$2 opts=() out
	shift 2
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	tw_direct "$TLSWRAP" "${opts[@]}" "$HELLO"
	out=$(sget "$PORT" -servername localhost "$@")
	like "$out" 'Protocol *: TLSv1\.2' "$desc: TLSv1.2"
	like "$out" "Cipher is $cipher\$" "$desc: suite $cipher"
	like "$out" "hello proto=TLSv1\\.2 cipher=$cipher " "$desc: prog sees SSL_CIPHER=$cipher"
	is "$(tw_status)" "exit=0" "$desc: tlswrap exits 0"
}
EC=(-c "$C/ec-combined.pem")
RSA=(-c "$C/rsa-combined.pem")
OLD=(-cipher 'DEFAULT@SECLEVEL=0')
refused "TLS 1.0 client" "${EC[@]}" -- -tls1 "${OLD[@]}"
refused "TLS 1.1 client" "${EC[@]}" -- -tls1_1 "${OLD[@]}"
refused "TLS 1.0 client, RSA" "${RSA[@]}" -- -tls1 "${OLD[@]}"
refused "TLS 1.0 client with -C" -C "${EC[@]}" -- -tls1 "${OLD[@]}"
refused "TLS 1.1 client with -C" -C "${EC[@]}" -- -tls1_1 "${OLD[@]}"
refused "CBC-only client (ECDHE-ECDSA-AES128-SHA)" "${EC[@]}" -- -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA
refused "CBC-only client (ECDHE-ECDSA-AES256-SHA384)" "${EC[@]}" -- -tls1_2 -cipher ECDHE-ECDSA-AES256-SHA384
refused "CBC-only client (ECDHE-RSA-AES128-SHA256)" "${RSA[@]}" -- -tls1_2 -cipher ECDHE-RSA-AES128-SHA256
refused "static RSA key exchange (AES128-GCM-SHA256)" "${RSA[@]}" -- -tls1_2 -cipher AES128-GCM-SHA256
refused "static RSA key exchange with -C (AES128-SHA)" -C "${RSA[@]}" -- -tls1_2 -cipher 'AES128-SHA@SECLEVEL=0'
accepted "CBC client with -C" ECDHE-ECDSA-AES128-SHA -C "${EC[@]}" -- -tls1_2 -cipher ECDHE-ECDSA-AES128-SHA
accepted "CBC-SHA384 client with -C" ECDHE-ECDSA-AES256-SHA384 -C "${EC[@]}" -- -tls1_2 -cipher ECDHE-ECDSA-AES256-SHA384
accepted "RSA CBC client with -C" ECDHE-RSA-AES128-SHA256 -C "${RSA[@]}" -- -tls1_2 -cipher ECDHE-RSA-AES128-SHA256
accepted "EC AES-128-GCM" ECDHE-ECDSA-AES128-GCM-SHA256 "${EC[@]}" -- -cipher ECDHE-ECDSA-AES128-GCM-SHA256
accepted "EC AES-256-GCM" ECDHE-ECDSA-AES256-GCM-SHA384 "${EC[@]}" -- -cipher ECDHE-ECDSA-AES256-GCM-SHA384
accepted "EC ChaCha20" ECDHE-ECDSA-CHACHA20-POLY1305 "${EC[@]}" -- -cipher ECDHE-ECDSA-CHACHA20-POLY1305
accepted "RSA AES-128-GCM" ECDHE-RSA-AES128-GCM-SHA256 "${RSA[@]}" -- -cipher ECDHE-RSA-AES128-GCM-SHA256
accepted "RSA AES-256-GCM" ECDHE-RSA-AES256-GCM-SHA384 "${RSA[@]}" -- -cipher ECDHE-RSA-AES256-GCM-SHA384
accepted "RSA ChaCha20" ECDHE-RSA-CHACHA20-POLY1305 "${RSA[@]}" -- -cipher ECDHE-RSA-CHACHA20-POLY1305
accepted "GCM still first with -C" ECDHE-ECDSA-AES128-GCM-SHA256 -C "${EC[@]}" -- \
	-cipher ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES128-GCM-SHA256

# Server preference: the client's order does not change the suite chosen.
A=ECDHE-ECDSA-CHACHA20-POLY1305 B=ECDHE-ECDSA-AES128-GCM-SHA256 D=ECDHE-ECDSA-AES256-GCM-SHA384
tw_serve "${EC[@]}" "$HELLO"
c1=$(sget "$PORT" -cipher "$A:$B:$D" | sed -n 's/.*Cipher is //p')
c2=$(sget "$PORT" -cipher "$D:$B:$A" | sed -n 's/.*Cipher is //p')
c3=$(sget "$PORT" -cipher "$B:$A:$D" | sed -n 's/.*Cipher is //p')
like "$c1" '^ECDHE-ECDSA-' "server preference: a suite was chosen ($c1)"
is "$c2" "$c1" "server preference: reversed client order, same suite"
is "$c3" "$c1" "server preference: third client order, same suite"
stop "$SERVER_PID"

# ALPN.
tw_serve -a http/1.1,foo "${EC[@]}" "$HELLO"
out=$(sget "$PORT" -servername localhost -alpn http/1.1)
like "$out" 'ALPN protocol: http/1\.1' "ALPN http/1.1: negotiated"
like "$out" 'alpn=http/1\.1' "ALPN http/1.1: prog sees SSL_ALPN=http/1.1"
out=$(sget "$PORT" -servername localhost -alpn foo)
like "$out" 'ALPN protocol: foo' "ALPN foo: negotiated"
like "$out" 'alpn=foo$' "ALPN foo: prog sees SSL_ALPN=foo"
out=$(sget "$PORT" -servername localhost -alpn h2,foo)
like "$out" 'ALPN protocol: foo' "ALPN h2,foo: the common protocol is chosen"
out=$(sget "$PORT" -servername localhost)
like "$out" 'No ALPN negotiated' "client without ALPN: served without ALPN"
like "$out" 'alpn=none' "client without ALPN: prog has no SSL_ALPN"
out=$(timeout -k 5 20 curl -sS --cacert "$C/ca.pem" --resolve "localhost:$PORT:127.0.0.1" \
	-w '\nstatus=%{http_code}\n' "https://localhost:$PORT/" 2>&1)
like "$out" 'alpn=http/1\.1' "curl (offers h2, http/1.1): http/1.1 selected"
tw_wait_lines "$TW_SSTATUS" 5 10
is "$(sort -u "$TW_SSTATUS" | tr '\n' ' ')" "exit=0 " "ALPN: tlswrap exited 0 for the five connections"
stop "$SERVER_PID"

tw_direct "$TLSWRAP" -a http/1.1,foo "${EC[@]}" /bin/echo spawned
out=$(tw_sclient "$PORT" -servername localhost -alpn bar,h2)
like "$out" 'no application protocol' "ALPN nothing in common: no_application_protocol alert"
like "$out" 'Cipher is \(NONE\)' "ALPN nothing in common: no session"
is "$(tw_status)" "exit=98" "ALPN nothing in common: tlswrap exits 98"
like "$(cat "$TW_ERR")" '^tlswrap: 127\.0\.0\.1:[0-9]+: .*handshake failed' "ALPN nothing in common: logged"

tw_direct "$TLSWRAP" "${EC[@]}" "$HELLO"
out=$(sget "$PORT" -servername localhost -alpn h2)
like "$out" 'No ALPN negotiated' "no -a, client offers h2: served without ALPN"
like "$out" 'alpn=none' "no -a: prog has no SSL_ALPN"
is "$(tw_status)" "exit=0" "no -a, client offers ALPN: exit 0"

# Renegotiation refused (gnutls-cli --rehandshake, then s_client's R command).
tw_direct "$TLSWRAP" "${EC[@]}" /bin/sh -c 'sleep 2; echo still-there'
out=$(timeout -k 5 20 gnutls-cli --insecure --rehandshake -p "$PORT" 127.0.0.1 </dev/null 2>&1)
like "$out" 'Handshake was completed' "rehandshake: first handshake completed"
like "$out" 'ReHandshake has failed' "rehandshake: refused by tlswrap (gnutls-cli)"
like "$out" 'Received alert \[100\]' "rehandshake: answered with the no_renegotiation alert"
tw_status >/dev/null
tw_direct "$TLSWRAP" "${EC[@]}" /bin/cat
out=$( (printf 'before\n'; sleep 0.5; printf 'R\n'; sleep 1; printf 'after\n'; sleep 0.5) |
	timeout -k 5 20 openssl s_client -connect "127.0.0.1:$PORT" -msg 2>&1)
like "$out" 'RENEGOTIATING' "s_client R: renegotiation attempted"
is "$(printf '%s\n' "$out" | grep -c '<<< .*ServerHello$')" 1 "s_client R: only one ServerHello ever received"
st=$(tw_status)
like "$st" '^exit=' "s_client R: tlswrap ended ($st)"

done_testing
