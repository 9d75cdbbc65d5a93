#!/bin/bash
# tlswrap -A DIR: ACME tls-alpn-01 (RFC 8737) answered from the files an ACME
# client writes (issue 12, item 2; tlswrap(8) "ACME validation").  Challenge
# certificates are made as dehydrated 0.7 makes them (openssl req -x509
# -nodes, subjectAltName and the critical acmeIdentifier extension
# 1.3.6.1.5.5.7.1.31 holding an OCTET STRING of a SHA-256), into DIR/NAME.crt.pem
# and DIR/NAME.key.pem.  A client that offers acme-tls/1 for NAME gets that
# certificate, the handshake, close_notify and nothing else: prog never runs.
# Every other client gets the site's certificate.  A validation for a name
# with no file, with no name or with a name that is not a DNS host name gets
# the unrecognized_name alert and exit 98.
. "$(dirname "$0")/lib.sh"
tw_init
tw_fpnames_load
C=$CERTS
cd "$T_TMP" || exit 1
A=$T_TMP/alpn-certs
mkdir -p "$A"
RAN=$T_TMP/prog.ran
PROG=(sh -c "echo ran >> '$RAN'; echo hello")

# challenge NAME KEYSPEC: DIR/NAME.crt.pem and .key.pem, as dehydrated does
# (KEYSPEC: rsa:2048 as dehydrated, or ec for a P-256 key).
challenge() {
	local name=$1 hash key=(-newkey rsa:2048)
	hash=$(printf '%s' "token-$name.thumbprint" | openssl dgst -sha256 -c -hex | awk '{print $2}')
	printf '[req]\ndistinguished_name = dn\n[dn]\n[SAN]\nsubjectAltName=DNS:%s\n1.3.6.1.5.5.7.1.31=critical,DER:04:20:%s\n' \
		"$name" "$hash" > "$T_TMP/challenge.cnf"
	if [ "$2" = ec ]; then
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$T_TMP/ec.p8" 2>/dev/null
		key=(-key "$T_TMP/ec.p8")
	fi
	openssl req -x509 -new -sha256 -nodes "${key[@]}" -keyout "$A/$name.key.pem" \
		-out "$A/$name.crt.pem" -subj "/CN=$name/" -extensions SAN \
		-config "$T_TMP/challenge.cnf" 2>/dev/null
	[ "$2" = ec ] && cp "$T_TMP/ec.p8" "$A/$name.key.pem"
	chmod g+r "$A/$name.key.pem" "$A/$name.crt.pem"
}
challenge acme.localhost rsa
challenge ec.localhost ec
FP_ACME=$(tw_certfp "$A/acme.localhost.crt.pem")
FP_EC=$(tw_certfp "$A/ec.localhost.crt.pem")
like "$(head -n 1 "$A/acme.localhost.key.pem")" 'BEGIN PRIVATE KEY' "challenge key is unencrypted PKCS#8, as dehydrated writes it"
like "$(openssl x509 -in "$A/acme.localhost.crt.pem" -noout -text)" '1\.3\.6\.1\.5\.5\.7\.1\.31: critical' \
	"challenge certificate carries the critical acmeIdentifier extension"

# served PORT S_CLIENT-ARGS...: the name of the leaf shown (acme, acmeec, ec...)
served() {
	local fp
	fp=$(tw_peerfp "$@")
	case $fp in
	"$FP_ACME") echo acme ;;
	"$FP_EC") echo acmeec ;;
	*) tw_fpname "$fp" ;;
	esac
}
# ran: how many times prog ran so far.
ran() { if [ -f "$RAN" ]; then wc -l < "$RAN" | tr -d ' '; else echo 0; fi; }

# --- 1. validations --------------------------------------------------------
tw_serve -A "$A" -c "$C/ec-combined.pem" "${PROG[@]}"
tw_client --sni acme.localhost --alpn acme-tls/1 "$PORT" wait-eof
is "$(tw_get cert_sha256)" "$FP_ACME" "acme-tls/1 for acme.localhost: the challenge certificate"
is "$(tw_get alpn)" "acme-tls/1" "acme-tls/1 negotiated"
is "$(tw_get eof_notify)/$(tw_get received)" "true/0" "then close_notify, and not a byte of application data"
tw_wait_lines "$TW_SSTATUS" 1 10
is "$(cat "$TW_SSTATUS")" "exit=0" "a validation ends with exit 0"
like "$(cat "$TW_SLOG")" "^tlswrap: 127\\.0\\.0\\.1:[0-9]+: acme-tls/1: challenge certificate for 'acme\\.localhost' served\$" \
	"one log line says which challenge was served"
is "$(ran)" 0 "prog did not run for the validation"
is "$(served "$PORT" -alpn acme-tls/1 -servername ec.localhost)" acmeec "an EC (P-256, PKCS#8) challenge key works too"
is "$(served "$PORT" -alpn acme-tls/1 -servername ACME.LocalHost)" acme "the server name is compared in lower case"
is "$(ran)" 0 "prog still never ran"

# --- 2. no one else gets a challenge certificate ------------------------------
tw_client --sni acme.localhost --recv "$T_TMP/recv" "$PORT" wait-eof
is "$(tw_fpname "$(tw_get cert_sha256)")" ec "no ALPN, same name: the site's certificate"
is "$(cat "$T_TMP/recv")" hello "no ALPN: prog ran and answered"
is "$(served "$PORT" -servername acme.localhost -alpn h2,http/1.1)" ec "h2,http/1.1 for the same name: the site's certificate"
like "$(tw_sclient "$PORT" -servername acme.localhost -alpn h2,http/1.1)" 'No ALPN negotiated' \
	"-A alone: a browser's h2,http/1.1 is served with no ALPN, not refused"
is "$(ran)" 3 "prog ran for each of those three ordinary connections"
tw_wait_lines "$TW_SSTATUS" 6 10
# (not all 0: prog's echo may meet a client already gone, SIGPIPE)
is "$(grep -c 'exit=9[68]' "$TW_SSTATUS")" 0 "no connection so far ended with 96 or 98"
stop "$SERVER_PID"

# -a too: acme-tls/1 comes after -a's protocols.
tw_serve -A "$A" -a h2,http/1.1 -c "$C/ec-combined.pem" "${PROG[@]}"
tw_client --sni acme.localhost --alpn h2,acme-tls/1 "$PORT" wait-eof
is "$(tw_get alpn):$(tw_fpname "$(tw_get cert_sha256)")" "h2:ec" \
	"-a h2,http/1.1: a client offering h2 and acme-tls/1 gets h2 and the site's certificate"
tw_client --sni acme.localhost --alpn acme-tls/1 "$PORT" wait-eof
is "$(tw_get alpn):$(tw_get cert_sha256)" "acme-tls/1:$FP_ACME" "-a h2,http/1.1: acme-tls/1 alone is still a validation"
like "$(tw_sclient "$PORT" -servername acme.localhost -alpn spdy/1)" 'no application protocol|alert number 120' \
	"-a: a client with no protocol in common is still refused"
stop "$SERVER_PID"
NORMAL=$(ran)

# --- 3. refusals ---------------------------------------------------------------
# refused LABEL LOG-ERE S_CLIENT-ARGS...: a validation refused with the
# unrecognized_name alert, exit 98, one log line matching LOG-ERE, no prog.
refused() {
	local label=$1 re=$2 out before
	shift 2
	before=$(ran)
	tw_direct "$TLSWRAP" -A "$A" -c "$C/ec-combined.pem" "${PROG[@]}"
	out=$(tw_sclient "$PORT" -alpn acme-tls/1 "$@")
	like "$out" "${ALERT_RE:-unrecognized name|alert number 112}" "$label: ${ALERT_NAME:-unrecognized_name} alert"
	like "$out" 'no peer certificate available' "$label: no certificate shown"
	is "$(tw_status)" "exit=98" "$label: exit 98"
	like "$(cat "$TW_ERR")" "^tlswrap: 127\\.0\\.0\\.1:[0-9]+: $re\$" "$label: one log line"
	is "$(grep -c . "$TW_ERR")" 1 "$label: only that line"
	is "$(ran)" "$before" "$label: prog did not run"
}
refused "no challenge file" \
	"acme-tls/1: no challenge certificate for 'nope\\.localhost' \\($A/nope\\.localhost\\.crt\\.pem: No such file or directory\\)" \
	-servername nope.localhost
refused "no server name" "acme-tls/1: refused: the client sent no server name" -noservername
# Hostile names never reach a file name.  What is not a DNS host name is
# refused with the ClientHello, before any certificate is chosen
# (illegal_parameter, the name escaped in the log: tlswrap-sni-names.t).
ln -s "$C/ec-cert.pem" "$T_TMP/outside.crt.pem"
ln -s "$C/ec-key.pem" "$T_TMP/outside.key.pem"
for n in ../outside acme.localhost/../../outside ..acme.localhost .acme.localhost acme.localhost. \
	'acme_x.localhost' '*.localhost' 'acme localhost' \
	"$(printf 'a%.0s' $(seq 1 64)).localhost"; do
	ALERT_RE='illegal parameter|alert number 47' ALERT_NAME=illegal_parameter \
		refused "hostile name '${n:0:30}'" \
		"handshake refused: server name '[^']*': not a DNS host name" -servername "$n"
done
# Host names whose labels start or end with a hyphen pass that check; the
# challenge directory refuses them itself, without naming them.
for n in -acme.localhost acme-.localhost; do
	refused "hostile name '${n:0:30}'" "acme-tls/1: refused: the server name is not a DNS host name" \
		-servername "$n"
done
tw_direct "$TLSWRAP" -A "$A" -c "$C/ec-combined.pem" "${PROG[@]}"
is "$(served "$PORT" -alpn acme-tls/1 -servername "$(printf 'a%.0s' $(seq 1 63)).localhost")" none \
	"a 63-byte label is a host name (no file for it: refused later)"
like "$(cat "$TW_ERR")" 'no challenge certificate for' "63-byte label: looked up, not refused as hostile"

# Files that exist but cannot be used: exit 96.
cp "$A/acme.localhost.crt.pem" "$A/broken.localhost.crt.pem"
cp "$A/ec.localhost.key.pem" "$A/broken.localhost.key.pem"
tw_direct "$TLSWRAP" -A "$A" -c "$C/ec-combined.pem" "${PROG[@]}"
is "$(served "$PORT" -alpn acme-tls/1 -servername broken.localhost)" none "challenge key of another certificate: nothing served"
is "$(tw_status)" "exit=96" "challenge key of another certificate: exit 96"
like "$(cat "$TW_ERR")" "acme-tls/1: $A/broken\\.localhost\\.crt\\.pem: private key does not match the certificate" \
	"challenge key of another certificate: logged"
# A missing -A directory is found at start.
tw_direct "$TLSWRAP" -A "$T_TMP/none" -c "$C/ec-combined.pem" "${PROG[@]}"
tw_sclient "$PORT" -alpn acme-tls/1 -servername acme.localhost >/dev/null
is "$(tw_status)" "exit=96" "-A with no such directory: exit 96"
like "$(cat "$TW_ERR")" "-A $T_TMP/none: No such file or directory" "-A with no such directory: says so"

# --- 4. with -y (client certificates required) and -u ---------------------------
tw_direct env CAFILE="$C/ca.pem" "$TLSWRAP" -y -A "$A" -c "$C/ec-combined.pem" "${PROG[@]}"
is "$(served "$PORT" -alpn acme-tls/1 -servername acme.localhost)" acme \
	"-y: the ACME server, which has no client certificate, is not asked for one"
is "$(tw_status)" "exit=0" "-y: the validation ends with exit 0"
if id nobody >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	# The files are opened after the privilege drop: readable by -u's user.
	chmod 711 "$T_TMP"
	chmod 755 "$A"
	chmod 600 "$A"/*.pem
	tw_direct "$TLSWRAP" -u nobody -A "$A" -c "$C/ec-combined.pem" "${PROG[@]}"
	is "$(served "$PORT" -alpn acme-tls/1 -servername acme.localhost)" none "-u nobody, files readable by root only: refused"
	is "$(tw_status)" "exit=96" "-u nobody, files readable by root only: exit 96"
	like "$(cat "$TW_ERR")" 'acme\.localhost\.crt\.pem: Permission denied' "-u nobody: says why"
	chmod 644 "$A"/*.pem
	tw_direct "$TLSWRAP" -u nobody -A "$A" -c "$C/ec-combined.pem" "${PROG[@]}"
	is "$(served "$PORT" -alpn acme-tls/1 -servername acme.localhost)" acme "-u nobody, files readable: served"
	is "$(tw_status)" "exit=0" "-u nobody: exit 0, and no prog (early launcher ended quietly)"
	is "$(ran)" "$NORMAL" "prog never ran for any validation"
else
	skip "not root or no user nobody: -u not tried"
fi

# --- 5. before the first certificate --------------------------------------------
# The site's own pair does not exist yet: with -A, only a validation may go on;
# every other client ends as it would without -A (exit 96, the same line),
# once its ClientHello is read, and is sent nothing.
NOPE=$T_TMP/none/fullchain.pem
# firstcert acme|plain ARGS...: tlswrap with -c NOPE, and -A for acme; then
# s_client ARGS, its output in $T_TMP/first.out (not in $(): tw_direct's
# variables must reach this shell).
firstcert() {
	local acme=$1; shift
	if [ "$acme" = acme ]; then
		tw_direct "$TLSWRAP" -A "$A" -c "$NOPE" "${PROG[@]}"
	else
		tw_direct "$TLSWRAP" -c "$NOPE" "${PROG[@]}"
	fi
	tw_sclient "$PORT" "$@" > "$T_TMP/first.out"
}
before=$(ran)
tw_direct "$TLSWRAP" -A "$A" -c "$NOPE" "${PROG[@]}"
is "$(served "$PORT" -alpn acme-tls/1 -servername acme.localhost)" acme \
	"no site certificate yet: a validation gets the challenge certificate"
is "$(tw_status)" "exit=0" "no site certificate yet: exit 0"
like "$(cat "$TW_ERR")" "acme-tls/1: challenge certificate for 'acme\\.localhost' served\$" \
	"no site certificate yet: the validation is logged as served"
is "$(ran)" "$before" "no site certificate yet: prog did not run for the validation"
firstcert plain -servername acme.localhost
is "$(tw_status)" "exit=96" "no site certificate, no -A: exit 96 (as before)"
sed 's/^tlswrap: [^ ]* //' "$TW_ERR" > "$T_TMP/plain.err"
like "$(cat "$T_TMP/plain.err")" "^$NOPE: No such file or directory\$" "no -A: the missing file is named"
for c in "-servername acme.localhost" "-servername acme.localhost -alpn h2,http/1.1" "-noservername"; do
	# shellcheck disable=SC2086
	firstcert acme $c
	is "$(tw_status)" "exit=96" "-A, no site certificate, client '$c': exit 96"
	is "$(sed 's/^tlswrap: [^ ]* //' "$TW_ERR")" "$(cat "$T_TMP/plain.err")" \
		"-A, no site certificate, client '$c': the same log line as without -A"
	like "$(cat "$T_TMP/first.out")" 'SSL handshake has read 0 bytes' "-A, no site certificate, client '$c': sent nothing"
done
# A ClientHello that cannot be read gets nothing either (not decode_error).
tw_direct "$TLSWRAP" -A "$A" -c "$NOPE" "${PROG[@]}"
got=$("$TW_PY" -c 'import socket,sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00")
s.shutdown(socket.SHUT_WR)
n = 0
while True:
    b = s.recv(4096)
    if not b:
        break
    n += len(b)
print(n)' "$PORT")
is "$got/$(tw_status)" "0/exit=96" "-A, no site certificate, a malformed ClientHello: no byte, exit 96"
is "$(sed 's/^tlswrap: [^ ]* //' "$TW_ERR")" "$(cat "$T_TMP/plain.err")" \
	"-A, no site certificate, a malformed ClientHello: the same log line as without -A"
is "$(ran)" "$before" "no site certificate: prog never ran"
firstcert acme -alpn acme-tls/1 -servername nope.localhost
is "$(tw_status)" "exit=98" "-A, no site certificate, validation for a name with no challenge file: exit 98"
like "$(cat "$TW_ERR")" "acme-tls/1: no challenge certificate for 'nope\\.localhost'" \
	"-A, no site certificate, no challenge file: says so"
like "$(cat "$T_TMP/first.out")" 'unrecognized name|alert number 112' "-A, no site certificate, no challenge file: unrecognized_name alert"

done_testing
