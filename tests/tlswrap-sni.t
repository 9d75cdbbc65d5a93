#!/bin/bash
# tlswrap sites by server name (issue #4): CERTFILE:name variables (exact and
# *.wildcard), -d DIR sites (exact, wildcard directory, combined cert.pem,
# missing site), the lookup order, the default site, strict -S (alert
# unrecognized_name, exit 98), bad -d sites (exit 96), and dual ECDSA + RSA
# certificates given as -c -c and as cert.pem + cert2.pem.  Each case is
# checked by the fingerprint of the leaf the client was shown.
. "$(dirname "$0")/lib.sh"
tw_init
tw_fpnames_load
C=$CERTS
HELLO=$TOP/tests/tools/http-hello.sh
REQ='GET / HTTP/1.0\r\n\r\n'

# name PORT S_CLIENT-ARGS...: which test leaf (ec, ec2, rsa, ...) was presented.
name() { tw_fpname "$(tw_peerfp "$@")"; }
# sget PORT S_CLIENT-ARGS...: one HTTP request through s_client, all output.
sget() {
	local port=$1; shift
	printf "$REQ" | timeout -k 5 20 openssl s_client -connect "127.0.0.1:$port" -ign_eof "$@" 2>&1
}
# no_tls_failure N LABEL: the N connections of tw_serve ended without 96 or 98
# (s_client closing at once may make prog fail writing: exit 1 is fine).
no_tls_failure() {
	tw_wait_lines "$TW_SSTATUS" "$1" 10
	is "$(grep -c 'exit=9[68]' "$TW_SSTATUS")/$(tw_lines "$TW_SSTATUS")" "0/$1" \
		"$2: no connection ended with 96 or 98"
}
cat "$C/p384-chain.pem" "$C/p384-key.pem" > "$T_TMP/p384-combined.pem"
cat "$C/p521-chain.pem" "$C/p521-key.pem" > "$T_TMP/p521-combined.pem"
P384=$T_TMP/p384-combined.pem P521=$T_TMP/p521-combined.pem

# --- CERTFILE:name / KEYFILE:name ------------------------------------------
tw_serve_env "CERTFILE:x.localhost=$C/rsa-chain.pem" "KEYFILE:x.localhost=$C/rsa-key.pem" \
	"CERTFILE:*.localhost=$C/ec2-combined.pem" \
	"CERTFILE:only.test=$P384" \
	-- -c "$C/ec-combined.pem" "$HELLO"
is "$(name "$PORT" -servername x.localhost)" rsa "env: exact CERTFILE:x.localhost (+ KEYFILE:x.localhost)"
is "$(name "$PORT" -servername a.localhost)" ec2 "env: CERTFILE:*.localhost matches a.localhost"
is "$(name "$PORT" -servername zz-9.localhost)" ec2 "env: CERTFILE:*.localhost matches zz-9.localhost"
is "$(name "$PORT" -servername a.b.localhost)" ec "env: *.localhost does not match a.b.localhost (default site)"
is "$(name "$PORT" -servername localhost)" ec "env: *.localhost does not match localhost itself (default site)"
is "$(name "$PORT" -servername only.test)" p384 "env: CERTFILE:only.test, key in the same file"
is "$(name "$PORT" -servername other.test)" ec "env: unknown name gets the default site"
is "$(name "$PORT" -noservername)" ec "env: no SNI gets the default site"
out=$(sget "$PORT" -servername a.localhost)
like "$out" 'sni=a\.localhost ' "prog sees SSL_TLS_SNI_SERVERNAME=a.localhost"
out=$(sget "$PORT" -servername a.b.localhost)
like "$out" 'sni=a\.b\.localhost ' "prog sees SSL_TLS_SNI_SERVERNAME=a.b.localhost (default site)"
out=$(sget "$PORT" -noservername)
like "$out" 'sni=none ' "no SNI: prog has no SSL_TLS_SNI_SERVERNAME"
out=$(sget "$PORT" -servername x.localhost -CAfile "$C/ca.pem" -verify_return_error)
like "$out" 'Verify return code: 0 \(ok\)' "env site: its chain is sent and verifies"
# Names are case-insensitive (RFC 6066 section 3, RFC 4343).
is "$(name "$PORT" -servername X.LOCALHOST)" rsa "env: SNI X.LOCALHOST finds CERTFILE:x.localhost"
no_tls_failure 13 "env sites"
stop "$SERVER_PID"

# No default site at all: named sites only; no SNI or unknown name is refused.
tw_serve_env "CERTFILE:a.localhost=$C/ec2-combined.pem" -- "$HELLO"
is "$(name "$PORT" -servername a.localhost)" ec2 "env only, no default: a.localhost served"
is "$(name "$PORT" -servername b.localhost)" none "env only, no default: unknown name gets no certificate"
is "$(name "$PORT" -noservername)" none "env only, no default: no SNI gets no certificate"
tw_wait_lines "$TW_SSTATUS" 3 10
is "$(grep -c 'exit=98' "$TW_SSTATUS")" 2 "env only, no default: two connections refused with exit 98"
like "$(cat "$TW_SLOG")" "no certificate for server name 'b\.localhost'" "env only, no default: unknown name logged"
stop "$SERVER_PID"

# --- -d DIR ------------------------------------------------------------------
S=$T_TMP/sites
tw_site "$S" a.localhost "$C/ec2-chain.pem" "$C/ec2-key.pem"	# separate key
tw_site "$S" c.localhost "$C/rsa-combined.pem"			# combined cert.pem
tw_site "$S" '*.localhost' "$P384"				# wildcard directory
tw_site "$S" site.test "$P521"
echo "not a site" > "$S/README"
tw_serve -d "$S" -c "$C/ec-combined.pem" "$HELLO"
is "$(name "$PORT" -servername a.localhost)" ec2 "-d: exact site a.localhost (cert.pem + key.pem)"
is "$(name "$PORT" -servername c.localhost)" rsa "-d: c.localhost, key inside cert.pem"
is "$(name "$PORT" -servername site.test)" p521 "-d: site.test"
is "$(name "$PORT" -servername q.localhost)" p384 "-d: directory *.localhost matches q.localhost"
is "$(name "$PORT" -servername q.a.localhost)" ec "-d: *.localhost does not match q.a.localhost (default)"
is "$(name "$PORT" -servername missing.test)" ec "-d: missing site gets the default site"
is "$(name "$PORT" -servername readme)" ec "-d: a name with no directory gets the default site"
is "$(name "$PORT" -noservername)" ec "-d: no SNI gets the default site"
out=$(sget "$PORT" -servername q.localhost)
like "$out" 'sni=q\.localhost ' "-d wildcard: prog sees SSL_TLS_SNI_SERVERNAME=q.localhost"
no_tls_failure 9 "-d"
# A site added while serving is found by the next connection (no reload).
tw_site "$S" new.test "$C/rsa-combined.pem"
is "$(name "$PORT" -servername new.test)" rsa "-d: a site added while serving is used at once"
stop "$SERVER_PID"

# Lookup order: env exact, env wildcard, -d exact, -d wildcard, default.
tw_serve_env "CERTFILE:a.localhost=$C/rsa-combined.pem" "CERTFILE:*.localhost=$C/ec-combined.pem" \
	-- -d "$S" -c "$P521" "$HELLO"
is "$(name "$PORT" -servername a.localhost)" rsa "order: env exact wins over -d exact a.localhost"
is "$(name "$PORT" -servername c.localhost)" ec "order: env wildcard wins over -d exact c.localhost"
is "$(name "$PORT" -servername q.localhost)" ec "order: env wildcard wins over -d wildcard"
is "$(name "$PORT" -servername site.test)" p521 "order: -d exact site.test"
stop "$SERVER_PID"
tw_serve -d "$S" -c "$C/ec-combined.pem" "$HELLO"
is "$(name "$PORT" -servername a.localhost)" ec2 "order: -d exact a.localhost wins over -d *.localhost"
stop "$SERVER_PID"
tw_serve_env "CERTFILE:*.localhost=$C/rsa-combined.pem" -- -d "$S" -c "$C/ec-combined.pem" "$HELLO"
is "$(name "$PORT" -servername z.localhost)" rsa "order: env wildcard wins over -d wildcard"
is "$(name "$PORT" -servername site.test)" p521 "order: -d site.test with an env wildcard present"
stop "$SERVER_PID"
# -d only, no default site.
tw_serve -d "$S" "$HELLO"
is "$(name "$PORT" -servername site.test)" p521 "-d only: site.test served"
is "$(name "$PORT" -servername missing.test)" none "-d only: unknown name gets no certificate"
stop "$SERVER_PID"

# --- strict -S ---------------------------------------------------------------
tw_serve -S -d "$S" -c "$C/ec-combined.pem" "$HELLO"
is "$(name "$PORT" -servername a.localhost)" ec2 "-S: known -d site served"
is "$(name "$PORT" -servername q.localhost)" p384 "-S: -d wildcard site served"
stop "$SERVER_PID"
tw_serve_env "CERTFILE:e.test=$C/rsa-combined.pem" -- -S "$HELLO"
is "$(name "$PORT" -servername e.test)" rsa "-S: known env site served"
stop "$SERVER_PID"

# strict_refused DESC S_CLIENT-ARGS...: one connection under -S, refused.
strict_refused() {
	local desc=$1 out mark=$T_TMP/spawned.$RANDOM$RANDOM
	shift
	tw_direct "$TLSWRAP" -S -d "$S" -c "$C/ec-combined.pem" /usr/bin/touch "$mark"
	out=$(tw_sclient "$PORT" "$@")
	like "$out" 'Cipher is \(NONE\)' "$desc: client gets no session"
	like "$out" 'unrecognized name|alert number 112' "$desc: client sees the alert unrecognized_name (112)"
	is "$(tw_status)" "exit=98" "$desc: tlswrap exits 98"
	[ ! -e "$mark" ]
	ok $? "$desc: prog not run"
	TW_LASTERR=$(cat "$TW_ERR")
}
strict_refused "-S, unknown name" -servername unknown.test
like "$TW_LASTERR" "^tlswrap: 127\\.0\\.0\\.1:[0-9]+: .*no certificate for server name 'unknown\\.test'" \
	"-S, unknown name: logged with the name"
strict_refused "-S, name outside the wildcard" -servername q.a.localhost
like "$TW_LASTERR" "no certificate for server name 'q\\.a\\.localhost'" "-S, q.a.localhost: logged"
strict_refused "-S, no SNI" -noservername
like "$TW_LASTERR" '^tlswrap: 127\.0\.0\.1:[0-9]+: .*no server name' "-S, no SNI: logged as no server name"

# --- bad -d sites: exit 96 before anything is sent ---------------------------
B=$T_TMP/bad
tw_site "$B" mismatch.test "$C/ec-chain.pem" "$C/mismatch-key.pem"
mkdir -p "$B/empty.test"
tw_direct "$TLSWRAP" -d "$B" -c "$C/ec-combined.pem" "$HELLO"
out=$(tw_sclient "$PORT" -servername mismatch.test)
like "$out" 'Cipher is \(NONE\)' "-d site with a mismatched key: no session"
is "$(tw_status)" "exit=96" "-d site with a mismatched key: exit 96"
like "$(cat "$TW_ERR")" 'mismatch\.test/cert\.pem: private key does not match' "-d mismatched key: logged"
tw_direct "$TLSWRAP" -d "$B" -c "$C/ec-combined.pem" "$HELLO"
out=$(tw_sclient "$PORT" -servername empty.test)
is "$(tw_status)" "exit=96" "-d site directory without cert.pem: exit 96"
like "$(cat "$TW_ERR")" 'empty\.test: no cert\.pem' "-d site without cert.pem: logged"
# A site that is there but cannot be opened never falls back to the default.
ln -s loop.test "$B/loop.test"
: > "$B/file.test"
# (glibc's text for ELOOP, then musl's)
for site in loop.test:'(Too many levels of symbolic links|Symbolic link loop)' file.test:'Not a directory'; do
	tw_direct "$TLSWRAP" -d "$B" -c "$C/ec-combined.pem" "$HELLO"
	out=$(tw_sclient "$PORT" -servername "${site%%:*}")
	like "$out" 'Cipher is \(NONE\)' "-d ${site%%:*}: no session, not the default site"
	is "$(tw_status)" "exit=96" "-d ${site%%:*}: exit 96"
	like "$(cat "$TW_ERR")" "bad/${site%%:*}: ${site#*:}" "-d ${site%%:*}: logged with the reason"
done
# Under -u the site is opened as that user: a directory it cannot search.
mkdir -p "$B/private.test"
cp "$C/ec-combined.pem" "$B/private.test/cert.pem"
chmod 755 "$T_TMP" "$B"
chmod 700 "$B/private.test"
tw_direct "$TLSWRAP" -u nobody -d "$B" -c "$C/ec-combined.pem" "$HELLO"
out=$(tw_sclient "$PORT" -servername private.test)
like "$out" 'Cipher is \(NONE\)' "-u nobody, -d site it cannot search: no session"
is "$(tw_status)" "exit=96" "-u nobody, -d site it cannot search: exit 96"
like "$(cat "$TW_ERR")" 'bad/private\.test: Permission denied' "-u nobody, -d site it cannot search: logged"
tw_direct "$TLSWRAP" -d "$T_TMP/no-such-dir" -c "$C/ec-combined.pem" "$HELLO"
out=$(tw_sclient "$PORT" -servername a.test)
is "$(tw_status)" "exit=96" "-d missing directory: exit 96"
like "$(cat "$TW_ERR")" 'no-such-dir' "-d missing directory: logged"

# --- dual certificates: ECDSA to who takes it, RSA to the rest ---------------
RSAONLY_SIGALGS=(-sigalgs RSA-PSS+SHA256:RSA+SHA256)
RSA_SUITE=(-cipher ECDHE-RSA-AES128-GCM-SHA256)
EC_SUITE=(-cipher ECDHE-ECDSA-AES128-GCM-SHA256)
dual() { # dual LABEL EC-NAME RSA-NAME S_CLIENT-ARGS...
	local label=$1 ecn=$2 rsan=$3 out
	shift 3
	is "$(name "$PORT" "$@")" "$ecn" "$label: default client gets the ECDSA certificate"
	is "$(name "$PORT" "$@" "${EC_SUITE[@]}")" "$ecn" "$label: ECDHE-ECDSA suite only: ECDSA certificate"
	is "$(name "$PORT" "$@" "${RSAONLY_SIGALGS[@]}")" "$rsan" "$label: RSA-only signature algorithms: RSA certificate"
	is "$(name "$PORT" "$@" "${RSA_SUITE[@]}")" "$rsan" "$label: ECDHE-RSA suite only: RSA certificate"
	out=$(sget "$PORT" "$@" "${RSA_SUITE[@]}" -CAfile "$C/ca.pem" -verify_return_error)
	like "$out" 'Verify return code: 0 \(ok\)' "$label: RSA client: chain verifies"
	like "$out" 'cipher=ECDHE-RSA-AES128-GCM-SHA256 ' "$label: RSA client: prog ran, sees the RSA suite"
	out=$(sget "$PORT" "$@" -CAfile "$C/ca.pem" -verify_return_error)
	like "$out" 'cipher=ECDHE-ECDSA-[A-Z0-9-]+ ' "$label: default client: prog sees an ECDHE-ECDSA suite"
}
tw_serve -c "$C/ec-combined.pem" -c "$C/rsa-combined.pem" "$HELLO"
dual "-c ec -c rsa" ec rsa -servername localhost
dual "-c ec -c rsa, no SNI" ec rsa -noservername
no_tls_failure 12 "-c ec -c rsa"
stop "$SERVER_PID"
tw_serve -c "$C/rsa-chain.pem" -k "$C/rsa-key.pem" -c "$C/ec2-chain.pem" -k "$C/ec2-key.pem" "$HELLO"
dual "-c rsa -k -c ec2 -k (RSA first)" ec2 rsa -servername localhost
stop "$SERVER_PID"

tw_site "$S" dual.test "$C/ec-combined.pem" - "$C/rsa-chain.pem" "$C/rsa-key.pem"
tw_site "$S" dual2.test "$C/rsa-chain.pem" "$C/rsa-key.pem" "$C/ec2-combined.pem"
tw_site "$S" '*.dual.test' "$C/rsa-combined.pem" - "$C/ec-chain.pem" "$C/ec-key.pem"
tw_serve_env "CERTFILE:x.localhost=$C/ec-combined.pem" -- -d "$S" -c "$P521" "$HELLO"
dual "-d cert.pem (EC) + cert2.pem/key2.pem (RSA)" ec rsa -servername dual.test
dual "-d cert.pem/key.pem (RSA) + cert2.pem (EC)" ec2 rsa -servername dual2.test
dual "-d wildcard *.dual.test, RSA + EC" ec rsa -servername w.dual.test
stop "$SERVER_PID"

# Controls: one certificate only, and the client cannot take it.
tw_direct "$TLSWRAP" -c "$C/ec-combined.pem" "$HELLO"
out=$(tw_sclient "$PORT" -servername localhost "${RSA_SUITE[@]}")
like "$out" 'Cipher is \(NONE\)' "EC certificate only, RSA-only client: refused (control)"
is "$(tw_status)" "exit=98" "EC certificate only, RSA-only client: exit 98"
tw_direct "$TLSWRAP" -c "$C/rsa-combined.pem" "$HELLO"
out=$(tw_sclient "$PORT" -servername localhost "${EC_SUITE[@]}")
like "$out" 'Cipher is \(NONE\)' "RSA certificate only, ECDSA-only client: refused (control)"
is "$(tw_status)" "exit=98" "RSA certificate only, ECDSA-only client: exit 98"

done_testing
