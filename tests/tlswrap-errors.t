#!/bin/bash
# tlswrap's refusals: bad certificate and key files (exit 96), TLS errors and
# handshake timeouts (exit 98), usage errors (exit 100); each with its one
# stderr line naming the peer, no prog, no bytes for bad files.
. "$(dirname "$0")/lib.sh"
tw_init
C=$CERTS
RAW=$TOP/tests/tools/rawclient.py
raw() { timeout -k 5 30 "$TW_PY" "$RAW" "$@" 2>&1; }

# bad_files DESC REGEX COMMAND...: exit 96, one line matching
# REGEX (case-insensitive) after the peer, no prog, no byte to the client.
bad_files() {
	local desc=$1 re=$2 mark=$T_TMP/spawned.$RANDOM$RANDOM out err rc
	shift 2
	tw_direct "$@" /usr/bin/touch "$mark"
	out=$(raw --clienthello "$PORT")
	is "$(tw_status)" "exit=96" "$desc: exit 96"
	err=$(cat "$TW_ERR")
	[ -n "${TW_VERBOSE:-}" ] && diag "$desc: $err"
	printf '%s' "$err" | grep -Eiq -- "^tlswrap: 127\\.0\\.0\\.1:[0-9]+: .*($re)"
	rc=$?
	ok $rc "$desc: stderr names the peer and says /$re/"
	[ $rc -eq 0 ] || diag "stderr: $err"
	is "$(printf '%s\n' "$err" | grep -c .)" 1 "$desc: exactly one stderr line"
	like "$out" '^received=0 end=(eof|reset) ' "$desc: client gets no byte, only a close"
	[ ! -e "$mark" ]
	ok $? "$desc: prog not run"
}

printf '' > "$T_TMP/empty.pem"
head -c 3000 /dev/urandom > "$T_TMP/random.pem"
printf 'this is not a certificate\nnor a key\n' > "$T_TMP/text.pem"
head -n 5 "$C/ec-cert.pem" > "$T_TMP/trunc-cert.pem"
head -n 2 "$C/ec-key.pem" > "$T_TMP/trunc-key.pem"
cat "$C/ec-chain.pem" "$T_TMP/trunc-key.pem" > "$T_TMP/trunc-combined.pem"
cat "$C/ec-chain.pem" "$C/ec-key-enc.pem" > "$T_TMP/enc-combined.pem"
# A PEM block whose base64 is fine but whose DER is not a certificate.
{ echo '-----BEGIN CERTIFICATE-----'; head -c 300 /dev/urandom | base64; echo '-----END CERTIFICATE-----'; } > "$T_TMP/bad-der.pem"

bad_files "missing certificate file" "$T_TMP/nope\\.pem.*no such file or directory" \
	"$TLSWRAP" -c "$T_TMP/nope.pem" -k "$C/ec-key.pem"
bad_files "missing key file" "$T_TMP/nokey\\.pem.*no such file or directory" \
	"$TLSWRAP" -c "$C/ec-chain.pem" -k "$T_TMP/nokey.pem"
bad_files "missing CERTFILE (environment)" "$T_TMP/nope\\.pem.*no such file or directory" \
	env CERTFILE="$T_TMP/nope.pem" "$TLSWRAP"
bad_files "empty certificate file" "no certificate" "$TLSWRAP" -c "$T_TMP/empty.pem" -k "$C/ec-key.pem"
bad_files "random bytes as certificate" "no certificate" "$TLSWRAP" -c "$T_TMP/random.pem" -k "$C/ec-key.pem"
bad_files "text as certificate" "no certificate" "$TLSWRAP" -c "$T_TMP/text.pem" -k "$C/ec-key.pem"
bad_files "key file given as certificate" "no certificate" "$TLSWRAP" -c "$C/ec-key.pem" -k "$C/ec-key.pem"
bad_files "empty key file" "no private key" "$TLSWRAP" -c "$C/ec-chain.pem" -k "$T_TMP/empty.pem"
bad_files "random bytes as key" "no private key" "$TLSWRAP" -c "$C/ec-chain.pem" -k "$T_TMP/random.pem"
bad_files "certificate given as key" "no private key" "$TLSWRAP" -c "$C/ec-chain.pem" -k "$C/ec-cert.pem"
bad_files "chain without key and no -k" "no private key" "$TLSWRAP" -c "$C/ec-chain.pem"
bad_files "truncated certificate PEM" "malformed pem|truncated" "$TLSWRAP" -c "$T_TMP/trunc-cert.pem" -k "$C/ec-key.pem"
bad_files "truncated key PEM" "malformed pem|truncated" "$TLSWRAP" -c "$C/ec-chain.pem" -k "$T_TMP/trunc-key.pem"
bad_files "truncated key in combined PEM" "malformed pem|truncated" "$TLSWRAP" -c "$T_TMP/trunc-combined.pem"
bad_files "encrypted key" "encrypted" "$TLSWRAP" -c "$C/ec-chain.pem" -k "$C/ec-key-enc.pem"
bad_files "encrypted key in combined PEM" "encrypted" "$TLSWRAP" -c "$T_TMP/enc-combined.pem"
bad_files "key of another certificate" "does not match" "$TLSWRAP" -c "$C/ec-chain.pem" -k "$C/mismatch-key.pem"
bad_files "ec2 chain with ec key (mid-swap pair)" "does not match" "$TLSWRAP" -c "$C/ec2-chain.pem" -k "$C/ec-key.pem"
bad_files "EC certificate with RSA key" "does not match" "$TLSWRAP" -c "$C/ec-chain.pem" -k "$C/rsa-key.pem"
bad_files "RSA certificate with EC key" "does not match" "$TLSWRAP" -c "$C/rsa-chain.pem" -k "$C/ec-key.pem"
bad_files "DSA certificate and key" "unsupported" "$TLSWRAP" -c "$C/dsa-cert.pem" -k "$C/dsa-key.pem"
bad_files "certificate PEM with garbage DER" "bad-der.pem: cannot decode the first certificate \\(BR_ERR_X509_" "$TLSWRAP" -c "$T_TMP/bad-der.pem" -k "$C/ec-key.pem"
bad_files "key path is a directory" "is a directory" "$TLSWRAP" -c "$C/ec-chain.pem" -k "$T_TMP"

# bad_peer DESC REGEX TLSWRAP-OPTIONS -- RAWCLIENT-OPTIONS: exit 98, logged.
bad_peer() {
	local desc=$1 re=$2 opts=() mark=$T_TMP/spawned.$RANDOM$RANDOM
	shift 2
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	tw_direct "$TLSWRAP" "${opts[@]}" /usr/bin/touch "$mark"
	RAWOUT=$(raw "$@" "$PORT")
	is "$(tw_status)" "exit=98" "$desc: exit 98"
	[ -n "${TW_VERBOSE:-}" ] && diag "$desc: $RAWOUT: $(cat "$TW_ERR")"
	like "$(cat "$TW_ERR")" "^tlswrap: 127\\.0\\.0\\.1:$(printf '%s' "$RAWOUT" | sed -n 's/.*local_port=//p'): .*($re)" \
		"$desc: stderr names the peer (its port) and says /$re/"
	[ ! -e "$mark" ]
	ok $? "$desc: prog not run"
}
EC=(-c "$C/ec-combined.pem")
bad_peer "plain HTTP" "handshake failed.*BR_ERR_[A-Z_]+" "${EC[@]}" -- --send-str 'GET / HTTP/1.0\r\nHost: x\r\n\r\n'
bad_peer "random bytes" "handshake failed.*BR_ERR_[A-Z_]+" "${EC[@]}" -- --send-file "$T_TMP/random.pem"
bad_peer "SSLv2-style hello bytes" "handshake failed.*BR_ERR_[A-Z_]+" "${EC[@]}" -- \
	--send-str '\x80\x2e\x01\x00\x02\x00\x15\x00\x00\x00\x10\x07\x00\xc0\x05\x00\x80\x03\x00\x80\x01\x00\x80\x06\x00\x40\x04\x00\x80\x02\x00\x80\xe5\x8b\x09\x4d\x07\x27\xa4\x01\x8b\x06\x8e\x7c\x1b\x2d\xc2\x39'
bad_peer "silent client, -T 1" "handshake timed out" -T 1 "${EC[@]}" --
el=$(printf '%s' "$RAWOUT" | sed -n 's/.*elapsed=\([0-9.]*\).*/\1/p')
like "$el" '^(0\.9|1\.|2\.|3\.)' "silent client, -T 1: closed after about 1 s (${el}s)"
bad_peer "ClientHello trickled over 3 s, -T 1" "handshake timed out" -T 1 "${EC[@]}" -- --clienthello --trickle 0.02
el=$(printf '%s' "$RAWOUT" | sed -n 's/.*elapsed=\([0-9.]*\).*/\1/p')
like "$el" '^(0\.9|1\.|2\.|3\.)' "trickled ClientHello, -T 1: the deadline covers the whole handshake (${el}s)"
bad_peer "half a ClientHello then silence, -T 2" "handshake timed out" -T 2 "${EC[@]}" -- --send-str '\x16\x03\x01\x00\xc8\x01\x00\x00\xc4\x03\x03'
el=$(printf '%s' "$RAWOUT" | sed -n 's/.*elapsed=\([0-9.]*\).*/\1/p')
like "$el" '^(1\.9|2\.|3\.|4\.)' "half a ClientHello, -T 2: closed after about 2 s (${el}s)"

# A client that connects and leaves at once: a TLS failure, no prog.
tw_direct "$TLSWRAP" "${EC[@]}" /usr/bin/touch "$T_TMP/spawned.quit"
timeout 5 "$TW_PY" -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1]))).close()' "$PORT"
is "$(tw_status)" "exit=98" "client leaves before the handshake: exit 98"
like "$(cat "$TW_ERR")" '^tlswrap: 127\.0\.0\.1:[0-9]+: ' "client leaves before the handshake: logged with the peer"

# prog that cannot be run: the connection ends, tlswrap says why, not 0.
tw_direct "$TLSWRAP" "${EC[@]}" "$T_TMP/no-such-prog"
tw_client "$PORT" wait-eof
st=$(tw_status)
is "$st" exit=111 "prog not found: tlswrap exits 111, as the man page says"
like "$(cat "$TW_ERR")" "no-such-prog" "prog not found: stderr names it"
is "$(tw_get status)" 0 "prog not found: the client sees the connection end"

# No descriptor left for the pipes to prog (fds 0-2 and one spare): a
# temporary system error after the handshake, exit 111, the client sees an end.
tw_direct sh -c 'ulimit -n 4 && exec "$@"' sh "$TLSWRAP" "${EC[@]}" /bin/echo hi
tw_client --timeout 10 "$PORT" wait-eof
is "$(tw_status)" "exit=111" "ulimit -n 4: exit 111"
like "$(cat "$TW_ERR")" '^tlswrap: 127\.0\.0\.1:[0-9]+: .*(Too many open files|No file descriptors available)' "ulimit -n 4: the log says why"
is "$(tw_get status) $(tw_get received)" "0 0" "ulimit -n 4: the client sees the connection end, no data"

# Usage errors: exit 100, one line, before touching the network.
usage() { # usage DESC ENV-AND-ARGS...
	local desc=$1 st err
	shift
	err=$(timeout 5 env -u CERTFILE -u KEYFILE "$@" </dev/null 2>&1 >/dev/null)
	st=$?
	is "$st" 100 "usage: $desc: exit 100"
	like "$err" '^tlswrap: ' "usage: $desc: says why"
}
usage "no certificate configured" "$TLSWRAP" cat
usage "no prog" "$TLSWRAP" -c "$C/ec-combined.pem"
usage "unknown option" "$TLSWRAP" -@ -c "$C/ec-combined.pem" cat
usage "-c without argument" "$TLSWRAP" -c
usage "-T not a number" "$TLSWRAP" -T abc -c "$C/ec-combined.pem" cat
usage "-T negative" "$TLSWRAP" -T -1 -c "$C/ec-combined.pem" cat
usage "-T too large" "$TLSWRAP" -T 99999999999999999999 -c "$C/ec-combined.pem" cat
usage "-i not a number" "$TLSWRAP" -i 1x -c "$C/ec-combined.pem" cat
usage "KEYFILE without a certificate" KEYFILE="$C/ec-key.pem" "$TLSWRAP" cat

done_testing
