#!/bin/bash
# Client certificates (issue #7): -y requires one, -Y asks and tolerates;
# trust anchors from CAFILE or CADIR.  A verified certificate reaches prog
# as SSL_PEER_CERT_HASH/SUBJECT/ISSUER/NOTAFTER; under -y anything else is
# refused (exit 98, one log line naming the BearSSL error); under -Y prog
# runs without SSL_PEER_* and an unverified certificate is logged.  Each
# case with both openssl s_client and curl.
. "$(dirname "$0")/lib.sh"
tw_init
need curl
C=$CERTS
PEER=$TOP/tests/tools/http-peerenv.sh
R=$T_TMP/recv

# The chain each client sends: our intermediate after the leaf for the
# certificates it issued; leaf alone for the others (a client of another
# CA does not know our intermediate).
declare -A CHAIN=([client]=1 [client-expired]=1 [client-usage]=1 [client-otherca]=0 [client-self]=0)
for n in "${!CHAIN[@]}"; do
	if [ "${CHAIN[$n]}" = 1 ]; then
		cat "$C/$n-cert.pem" "$C/inter.pem" > "$T_TMP/$n-chain.pem"
	else
		cp "$C/$n-cert.pem" "$T_TMP/$n-chain.pem"
	fi
done

# cc_connect TOOL NAME: one connection to $PORT with client certificate NAME
# ("none": no certificate) using TOOL (sclient or curl); the answer in $R.
# Then wait for the connection's exit status (10 s).
cc_connect() {
	local tool=$1 name=$2 args=()
	: > "$TW_SSTATUS"
	: > "$TW_SLOG"
	: > "$R"
	if [ "$tool" = sclient ]; then
		if [ "$name" != none ]; then
			args=(-cert "$C/$name-cert.pem" -key "$C/$name-key.pem")
			[ "${CHAIN[$name]}" = 1 ] && args+=(-cert_chain "$C/inter.pem")
		fi
		printf 'GET / HTTP/1.0\r\n\r\n' | timeout -k 2 15 openssl s_client \
			-connect "127.0.0.1:$PORT" -tls1_2 -quiet -ign_eof "${args[@]}" \
			> "$R" 2>>"$T_TMP/sclient.log"
	else
		[ "$name" != none ] &&
			args=(--cert "$T_TMP/$name-chain.pem" --key "$C/$name-key.pem")
		timeout -k 2 15 curl -sS --max-time 10 --cacert "$C/ca.pem" \
			--resolve "localhost:$PORT:127.0.0.1" "${args[@]}" \
			"https://localhost:$PORT/" > "$R" 2>>"$T_TMP/curl.log"
	fi
	tw_wait_lines "$TW_SSTATUS" 1 10
}
var() { sed -n "/^END\$/q; s/^$1=//p" "$R"; }
peer_vars() { sed -n '/^END$/q; /^SSL_PEER_/p' "$R" | tr '\n' ' '; }
served() { grep -qx END "$R"; }

# ---- -y, CAFILE -------------------------------------------------------
tw_serve_env CAFILE="$C/ca.pem" SSL_PEER_CERT_HASH=stale -- -y -c "$C/ec-combined.pem" "$PEER"
HASH=SHA256:$(tw_certfp "$C/client-cert.pem")
NOTAFTER=$(date -u -d "$(openssl x509 -in "$C/client-cert.pem" -noout -enddate | cut -d= -f2)" +%Y-%m-%dT%H:%M:%SZ)
for tool in sclient curl; do
	cc_connect "$tool" client
	is "$(var SSL_PEER_CERT_HASH)" "$HASH" "-y $tool valid: SSL_PEER_CERT_HASH is SHA256: + sha256 of the leaf's DER"
	is "$(var SSL_PEER_CERT_SUBJECT)" "CN=client,OU=clients,O=tlswrap test" "-y $tool valid: SSL_PEER_CERT_SUBJECT in RFC 4514"
	is "$(var SSL_PEER_CERT_ISSUER)" "CN=tlswrap test intermediate,O=tlswrap test" "-y $tool valid: SSL_PEER_CERT_ISSUER"
	is "$(var SSL_PEER_CERT_NOTAFTER)" "$NOTAFTER" "-y $tool valid: SSL_PEER_CERT_NOTAFTER ($NOTAFTER)"
	is "$(cat "$TW_SSTATUS")" exit=0 "-y $tool valid: exit 0, nothing refused"
done

# name:expected-error pairs for -y refusals.
REFUSALS="client-expired:BR_ERR_X509_EXPIRED client-otherca:BR_ERR_X509_NOT_TRUSTED
client-usage:BR_ERR_WRONG_KEY_USAGE client-self:BR_ERR_X509_NOT_TRUSTED none:BR_ERR_NO_CLIENT_AUTH"
for tool in sclient curl; do
	for pair in $REFUSALS; do
		name=${pair%%:*} err=${pair#*:}
		cc_connect "$tool" "$name"
		! served
		ok $? "-y $tool $name: not served"
		is "$(cat "$TW_SSTATUS")" exit=98 "-y $tool $name: exit 98"
		like "$(grep -v '^exit=' "$TW_SLOG")" "^tlswrap: 127\\.0\\.0\\.1:[0-9]+: client certificate refused: $err \\(" \
			"-y $tool $name: log names $err"
	done
done
stop "$SERVER_PID"

# ---- -Y, CAFILE -------------------------------------------------------
tw_serve_env CAFILE="$C/ca.pem" SSL_PEER_CERT_HASH=stale SSL_PEER_CERT_SUBJECT=stale -- \
	-Y -c "$C/ec-combined.pem" "$PEER"
for tool in sclient curl; do
	cc_connect "$tool" none
	served
	ok $? "-Y $tool none: served"
	is "$(peer_vars)" "" "-Y $tool none: no SSL_PEER_* (stale ones removed)"
	is "$(grep -c 'client certificate' "$TW_SLOG")" 0 "-Y $tool none: nothing logged about a certificate"

	for pair in client-expired:BR_ERR_X509_EXPIRED client-otherca:BR_ERR_X509_NOT_TRUSTED \
		client-self:BR_ERR_X509_NOT_TRUSTED; do
		name=${pair%%:*} err=${pair#*:}
		cc_connect "$tool" "$name"
		served
		ok $? "-Y $tool $name: served"
		is "$(peer_vars)" "" "-Y $tool $name: no SSL_PEER_*"
		like "$(grep -v '^exit=' "$TW_SLOG")" "^tlswrap: 127\\.0\\.0\\.1:[0-9]+: client certificate not verified, not exported: $err \\(" \
			"-Y $tool $name: logged as not verified ($err)"
	done

	# A certificate of our CA whose key usage forbids signing is
	# tolerated under -Y like any unverified one, and exports nothing.
	cc_connect "$tool" client-usage
	served
	ok $? "-Y $tool client-usage: served without SSL_PEER_* (tolerated like any unverified certificate)"
	like "$(grep -v '^exit=' "$TW_SLOG")" "not verified, not exported: BR_ERR_WRONG_KEY_USAGE" \
		"-Y $tool client-usage: logged as not verified (BR_ERR_WRONG_KEY_USAGE)"

	cc_connect "$tool" client
	is "$(var SSL_PEER_CERT_HASH)" "$HASH" "-Y $tool valid: SSL_PEER_CERT_HASH exported"
	is "$(var SSL_PEER_CERT_SUBJECT)" "CN=client,OU=clients,O=tlswrap test" "-Y $tool valid: SSL_PEER_CERT_SUBJECT exported"
	is "$(grep -c 'client certificate' "$TW_SLOG")" 0 "-Y $tool valid: nothing logged about the certificate"
done
stop "$SERVER_PID"

# ---- CADIR, and a bundle of several anchors ------------------------------
mkdir -p "$T_TMP/cadir" && cp "$C/ca.pem" "$T_TMP/cadir/test-ca.pem"
tw_serve_env CADIR="$T_TMP/cadir" -- -y -c "$C/ec-combined.pem" "$PEER"
for tool in sclient curl; do
	cc_connect "$tool" client
	is "$(var SSL_PEER_CERT_HASH)" "$HASH" "CADIR -y $tool valid: exported"
	cc_connect "$tool" client-otherca
	is "$(cat "$TW_SSTATUS")" exit=98 "CADIR -y $tool other CA (not in the directory): refused"
done
stop "$SERVER_PID"
cp "$C/other-ca.pem" "$T_TMP/cadir/other-ca.pem"
tw_serve_env CADIR="$T_TMP/cadir" -- -y -c "$C/ec-combined.pem" "$PEER"
cc_connect curl client-otherca
is "$(var SSL_PEER_CERT_ISSUER)" "CN=other CA,O=elsewhere" "CADIR with two files: the other CA's client is verified too"
cc_connect curl client
is "$(var SSL_PEER_CERT_HASH)" "$HASH" "CADIR with two files: our client still verified"
stop "$SERVER_PID"
cat "$C/ca.pem" "$C/other-ca.pem" > "$T_TMP/bundle.pem"
tw_serve_env CAFILE="$T_TMP/bundle.pem" -- -y -c "$C/ec-combined.pem" "$PEER"
cc_connect sclient client-otherca
is "$(var SSL_PEER_CERT_SUBJECT)" "CN=client-otherca,OU=clients,O=tlswrap test" "CAFILE bundle of two CAs: the second one's client verified"
stop "$SERVER_PID"

# ---- client certificates and session resumption (-s) ---------------------
# A resumed session carries no certificate: resuming would skip the check
# (and a session made on a -Y service sharing the file would pass a -y
# one).  So -s with -y or -Y is a usage error, said before any byte.
for flag in -y -Y; do
	out=$(CAFILE="$C/ca.pem" "$TLSWRAP" $flag -s "$T_TMP/cache" -c "$C/ec-combined.pem" cat </dev/null 2>&1)
	is "$?" 100 "$flag -s: usage error (exit 100)"
	like "$out" "^tlswrap: -s with -y or -Y: a resumed session would skip the client certificate check$" \
		"$flag -s: says why"
done
[ ! -e "$T_TMP/cache" ]
ok $? "-y -s: no cache file created"

done_testing
