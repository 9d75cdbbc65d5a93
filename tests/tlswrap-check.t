#!/bin/bash
# tlswrap -t (check mode, issue #4): the report per site, and the exit status:
# 0 all well, 1 expiring within -w DAYS, 96 on any problem (missing file,
# key mismatch, expired, chain out of order, malformed, encrypted key); -d
# directories with several sites, CERTFILE:name sites, many sites.
. "$(dirname "$0")/lib.sh"
tw_init
C=$CERTS

# check ARGS...: run tlswrap -t; sets OUT (stdout), ERR (stderr), RC.
check() {
	OUT=$(timeout -k 5 30 "$TLSWRAP" -t "$@" 2>"$T_TMP/check.err")
	RC=$?
	ERR=$(cat "$T_TMP/check.err")
}
# checkenv NAME=VALUE... -- ARGS...: the same with variables set by env(1).
checkenv() {
	local vars=()
	while [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	OUT=$(timeout -k 5 30 env "${vars[@]}" "$TLSWRAP" -t "$@" 2>"$T_TMP/check.err")
	RC=$?
	ERR=$(cat "$T_TMP/check.err")
}
last() { printf '%s\n' "$OUT" | tail -n 1; }
# block SITE: the report lines of one site (up to the next "site" line).
block() { printf '%s\n' "$OUT" | awk -v s="site $1" '$0 == s {on=1; print; next} /^site /{on=0} on'; }

# --- one good certificate ------------------------------------------------------
check -c "$C/ec-combined.pem"
is "$RC" 0 "good EC combined PEM: exit 0"
is "$(printf '%s\n' "$OUT" | head -n 1)" "site (default)" "report starts with 'site (default)'"
like "$OUT" "file: $C/ec-combined\\.pem" "names the file"
like "$OUT" 'private key: matches the certificate' "key matches"
like "$OUT" 'certificate 1 \(leaf\)' "leaf listed"
like "$OUT" 'subject: CN=localhost,O=tlswrap test' "leaf subject"
like "$OUT" 'names: localhost, \*\.localhost, 127\.0\.0\.1, ::1' "leaf names (subjectAltName)"
like "$OUT" 'issuer: CN=tlswrap test intermediate,O=tlswrap test' "leaf issuer"
like "$OUT" 'key: EC P-256' "leaf key type EC P-256"
like "$OUT" 'not before: 20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC' "not before"
na=$(openssl x509 -in "$C/ec-cert.pem" -noout -enddate | cut -d= -f2)
like "$OUT" "not after: $(date -u -d "$na" '+%Y-%m-%d %H:%M:%S') UTC" "not after matches openssl's"
like "$OUT" 'days left: (89|90)$|days left: (89|90)[^0-9]' "days left: 89 or 90"
like "$OUT" 'certificate 2' "intermediate listed"
like "$OUT" 'subject: CN=tlswrap test intermediate' "intermediate subject"
like "$OUT" 'chain: in order, 2 certificates' "chain in order, 2 certificates"
is "$(last)" ok "last line: ok"
is "$ERR" "" "nothing on stderr"

check -c "$C/rsa-chain.pem" -k "$C/rsa-key.pem"
is "$RC" 0 "RSA chain + key: exit 0"
like "$OUT" 'key: RSA 2048 bits' "RSA 2048 bits"
like "$OUT" "file: $C/rsa-chain\\.pem, key: $C/rsa-key\\.pem" "names both files"
check -c "$C/p384-chain.pem" -k "$C/p384-key.pem"
like "$OUT" 'key: EC P-384' "EC P-384"
check -c "$C/rsa4096-chain.pem" -k "$C/rsa4096-key.pem"
like "$OUT" 'key: RSA 4096 bits' "RSA 4096 bits"
check -c "$C/ec-cert.pem" -k "$C/ec-key.pem"
like "$OUT" 'chain: in order, 1 certificate$' "leaf alone: chain of 1 certificate"
is "$RC" 0 "leaf alone: exit 0"

check -c "$C/ec-combined.pem" -c "$C/rsa-combined.pem"
is "$RC" 0 "dual -c ec -c rsa: exit 0"
is "$(printf '%s\n' "$OUT" | grep -c '^  file: ')" 2 "dual: two files in the default site"
like "$OUT" 'key: EC P-256' "dual: EC leaf"
like "$OUT" 'key: RSA 2048 bits' "dual: RSA leaf"
is "$(printf '%s\n' "$OUT" | grep -c 'private key: matches')" 2 "dual: both keys match"

# --- -w DAYS (the test certificates expire in 90 days) ---------------------------
check -w 100 -c "$C/ec-combined.pem"
is "$RC" 1 "-w 100: exit 1"
like "$OUT" 'WARNING: expires within 100 days' "-w 100: WARNING line"
is "$(last)" "usable, but expiring soon" "-w 100: last line"
check -w 30 -c "$C/ec-combined.pem"
is "$RC" 0 "-w 30: exit 0"
is "$(last)" ok "-w 30: last line ok"
check -w 100 -c "$C/ec-combined.pem" -c "$C/expired-cert.pem" -k "$C/expired-key.pem"
is "$RC" 96 "-w 100 with an expired certificate too: 96 wins over 1"

# --- problems --------------------------------------------------------------------
check -c "$T_TMP/absent.pem"
is "$RC" 96 "missing file: exit 96"
like "$ERR" "^tlswrap: .*absent\\.pem: No such file" "missing file: one stderr line naming it"
is "$OUT" "" "missing file: no report"
check -c "$C/ec-chain.pem" -k "$T_TMP/absent-key.pem"
is "$RC" 96 "missing key file: exit 96"
like "$ERR" "absent-key\\.pem" "missing key file: named on stderr"

check -c "$C/ec-chain.pem" -k "$C/mismatch-key.pem"
is "$RC" 96 "mismatched key: exit 96"
like "$OUT" 'PROBLEM: .*ec-chain\.pem: private key does not match the certificate' "mismatched key: PROBLEM line"
is "$(last)" "1 problem" "mismatched key: last line '1 problem'"
check -c "$C/rsa-chain.pem" -k "$C/ec-key.pem"
is "$RC" 96 "RSA certificate with an EC key: exit 96"
like "$OUT" 'PROBLEM: .*does not match' "RSA certificate with an EC key: PROBLEM"

check -c "$C/expired-cert.pem" -k "$C/expired-key.pem"
is "$RC" 96 "expired: exit 96"
like "$OUT" 'not after: 2021-01-01 00:00:00 UTC' "expired: not after 2021-01-01"
like "$OUT" 'PROBLEM: expired' "expired: PROBLEM line"
is "$(last)" "1 problem" "expired: '1 problem'"

check -c "$C/ec-wrongchain.pem" -k "$C/ec-key.pem"
is "$RC" 96 "chain out of order: exit 96"
like "$OUT" 'PROBLEM: chain out of order' "chain out of order: PROBLEM line"

printf 'hello\n' > "$T_TMP/junk.pem"
check -c "$T_TMP/junk.pem"
is "$RC" 96 "not PEM at all: exit 96"
like "$OUT" 'PROBLEM: .*junk\.pem: no certificate found' "not PEM: PROBLEM line"
{ printf -- '-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n'; cat "$C/ec-key.pem"; } > "$T_TMP/badleaf.pem"
check -c "$T_TMP/badleaf.pem"
is "$RC" 96 "malformed leaf: exit 96"
like "$OUT" 'PROBLEM: .*badleaf\.pem: cannot decode the first certificate' "malformed leaf: PROBLEM line"
{ cat "$C/ec-cert.pem"; printf -- '-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n'; cat "$C/ec-key.pem"; } > "$T_TMP/badinter.pem"
check -c "$T_TMP/badinter.pem"
is "$RC" 96 "malformed intermediate: exit 96"
like "$OUT" 'PROBLEM: malformed certificate' "malformed intermediate: PROBLEM line"
check -c "$C/ec-chain.pem" -k "$C/ec-key-enc.pem"
is "$RC" 96 "encrypted key: exit 96"
like "$OUT" 'PROBLEM: .*encrypted' "encrypted key: PROBLEM line"
check -c "$C/ec-chain.pem"
is "$RC" 96 "no key anywhere: exit 96"
like "$OUT" 'PROBLEM: .*no private key found' "no key: PROBLEM line"
check -c "$C/ec-combined.pem" -c "$C/expired-cert.pem" -k "$C/expired-key.pem" -c "$C/ec-wrongchain.pem" -k "$C/ec-key.pem" 2>/dev/null
is "$RC" 100 "three -c: usage error (at most two pairs)"

check -c "$C/ec-chain.pem" -k "$C/mismatch-key.pem" -c "$C/expired-cert.pem" -k "$C/expired-key.pem"
is "$RC" 96 "two problems: exit 96"
is "$(last)" "2 problems" "two problems: '2 problems'"

# --- CERTFILE:name sites -----------------------------------------------------------
checkenv "CERTFILE:e.localhost=$C/rsa-combined.pem" "CERTFILE:*.w.localhost=$C/ec2-chain.pem" \
	"KEYFILE:*.w.localhost=$C/ec2-key.pem" -- -c "$C/ec-combined.pem"
is "$RC" 0 "env sites: exit 0"
like "$OUT" '^site \(default\)' "env sites: default site listed"
like "$(block e.localhost)" "file: $C/rsa-combined\\.pem" "env sites: site e.localhost with its file"
like "$(block '*.w.localhost')" "file: $C/ec2-chain\\.pem, key: $C/ec2-key\\.pem" \
	"env sites: site *.w.localhost with its cert and key"
is "$(last)" ok "env sites: ok"
checkenv "CERTFILE:e.localhost=$C/ec-chain.pem" "KEYFILE:e.localhost=$C/mismatch-key.pem" -- -c "$C/ec-combined.pem"
is "$RC" 96 "env site with a mismatched key: exit 96"
like "$(block e.localhost)" 'PROBLEM: .*does not match' "env site with a mismatched key: PROBLEM in its block"
checkenv "CERTFILE:e.localhost=$T_TMP/absent.pem" -- -c "$C/ec-combined.pem"
is "$RC" 96 "env site with a missing file: exit 96"
like "$ERR" 'absent\.pem' "env site with a missing file: named on stderr"
checkenv "CERTFILE:e.localhost=$C/ec-combined.pem" --
is "$RC" 0 "env site only, no default: exit 0"
like "$OUT" '^site e\.localhost' "env site only: listed first"

# --- -d DIR with several sites ----------------------------------------------------
D=$T_TMP/sites
tw_site "$D" a.localhost "$C/ec-chain.pem" "$C/ec-key.pem"
tw_site "$D" dual.test "$C/ec-combined.pem" - "$C/rsa-chain.pem" "$C/rsa-key.pem"
tw_site "$D" '*.localhost' "$C/ec2-combined.pem"
tw_site "$D" z.test "$C/rsa-combined.pem"
echo "not a site" > "$D/README"
check -d "$D"
is "$RC" 0 "-d, four good sites: exit 0"
for s in a.localhost dual.test z.test; do
	like "$(block "$s")" 'private key: matches' "-d: site $s checked"
done
is "$(block dual.test | grep -c 'private key: matches')" 2 "-d: dual.test: both pairs checked"
like "$(block dual.test)" "file: $D/dual\\.test/cert2\\.pem, key: $D/dual\\.test/key2\\.pem" "-d: dual.test: cert2.pem + key2.pem named"
like "$OUT" 'site README: ignored' "-d: a plain file is ignored"
like "$(block '*.localhost')" 'private key: matches' "-d: wildcard site *.localhost checked"
is "$(last)" ok "-d, four good sites: ok"

tw_site "$D" b.localhost "$C/ec-chain.pem" "$C/mismatch-key.pem"
tw_site "$D" old.test "$C/expired-cert.pem" "$C/expired-key.pem"
check -d "$D" -c "$C/ec-combined.pem"
is "$RC" 96 "-d with a broken and an expired site: exit 96"
like "$(block b.localhost)" 'PROBLEM: .*b\.localhost/cert\.pem: private key does not match' \
	"-d: PROBLEM line in site b.localhost's block"
like "$(block old.test)" 'PROBLEM: expired' "-d: PROBLEM expired in old.test's block"
like "$(block a.localhost)" 'chain: in order, 2 certificates' "-d: good sites are still reported"
is "$(last)" "2 problems" "-d: '2 problems'"
like "$OUT" '^site \(default\)' "-d with -c: the default site comes first"

W=$T_TMP/wild
tw_site "$W" '*.localhost' "$C/ec-chain.pem" "$C/mismatch-key.pem"
tw_site "$W" good.test "$C/ec-combined.pem"
check -d "$W"
is "$RC" 96 "-d with a broken wildcard site: exit 96"
like "$(block '*.localhost')" 'PROBLEM: .*does not match' "-d: broken wildcard site reported"

E=$T_TMP/emptysite
tw_site "$E" good.test "$C/ec-combined.pem"
mkdir -p "$E/nocert.test"
check -d "$E"
is "$RC" 96 "-d with a site directory missing cert.pem: exit 96"
like "$ERR$OUT" 'nocert\.test.*no cert\.pem' "-d: the site without cert.pem is named"
like "$(last)" 'problem' "-d: a site without cert.pem is a PROBLEM; the report goes on to its verdict"

check -d "$T_TMP/no-such-dir"
is "$RC" 96 "-d missing directory: exit 96"
like "$ERR" 'no-such-dir' "-d missing directory: named on stderr"

# Many sites: each site's files must be closed after its check (RLIMIT_NOFILE
# is often 1024; 1100 sites with cert.pem + key.pem open 2200 files).
M=$T_TMP/many
for i in $(seq 1 1100); do
	mkdir -p "$M/s$i.test"
	ln -s "$C/ec-chain.pem" "$M/s$i.test/cert.pem"
	ln -s "$C/ec-key.pem" "$M/s$i.test/key.pem"
done
OUT=$(ulimit -n 1024; timeout -k 5 60 "$TLSWRAP" -t -d "$M" 2>"$T_TMP/check.err")
RC=$?
ERR=$(cat "$T_TMP/check.err")
is "$RC/$(printf '%s\n' "$OUT" | grep -c '^site ')/$(last)" "0/1100/ok" \
	"-d with 1100 sites under ulimit -n 1024: all checked, exit 0 ($(printf '%s' "$ERR" | head -n 1))"

done_testing
