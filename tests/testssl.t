#!/bin/bash
# testssl.sh (Debian 12: 3.0.8) against tlswrap + httpd-lite under tcpserver
# on 127.0.0.1, dual ECDSA + RSA certificates from certs/mkcerts.sh.
#
# The CI subset (a minute or two): protocols (-p), cipher categories (-s),
# forward secrecy (-f), server preference (-P), server defaults and
# certificates (-S), and the checks of -U listed one by one without ROBOT
# (-BB, slow): -H -I -T -R -C -B -O -Z -W -A -L -F -J -D -4.
# TESTSSL_FULL=1 (make scan) runs testssl's whole default scan instead (~15 min).
#
# Fails on a finding rated HIGH or CRITICAL, one reported VULNERABLE, a scan
# problem, or a check of the subset that did not come back OK; every
# connection must end with tlswrap's exit 0 (served) or 98 (TLS error), and
# the server's stderr must hold no sanitizer report.  The counts by severity
# are printed as TAP diagnostics.  testssl never leaves 127.0.0.1: --ip, no
# DNS look-ups (--nodns none), no CRL or OCSP fetches (--phone-out is off).
. "$(dirname "$0")/lib.sh"
tw_init
[ -x "$HTTPD" ] || skip_all "$HTTPD is not built (run make)"
if ! command -v testssl >/dev/null; then
	# CI installs it (tools/deps.sh ci): there, its absence is a failure.
	[ "${CI:-}" = true ] || skip_all "testssl missing (apt-get install testssl.sh)"
	ok 1 "testssl is installed (tools/deps.sh ci)"
	done_testing
	exit
fi
need tcpserver

# Ignored by id (a finding whose id starts with one of these, e.g.
# "cert_chain_of_trust <cert#1>"), with the reason.  The certificates are
# throwaway test material: the CA is private (passed with --add-ca, so these
# come out OK anyway, but the trust verdict is about certs/mkcerts.sh, not
# tlswrap), and the CRL/OCSP URLs point at .invalid.
IGNORE='
cert_chain_of_trust	test CA is private (certs/mkcerts.sh); --add-ca trusts it
cert_trust	the test leaf names localhost only; trust is about the test material
cert_crlDistributionPoints	the test CRL URL is in .invalid and never fetched
cert_ocspURL	the test OCSP URL is in .invalid and never fetched
'

WWW=$T_TMP/www
mkdir -p "$WWW" && printf 'testssl page\n' > "$WWW/index.html" && chmod -R a+rX "$WWW"
tw_serve -c "$CERTS/ec-combined.pem" -c "$CERTS/rsa-combined.pem" -a http/1.1 \
	"$HTTPD" -R -H 31536000 "$WWW"
ok $? "tlswrap + httpd-lite served on 127.0.0.1:$PORT"

if [ "${TESTSSL_FULL:-}" = 1 ]; then
	WHAT="full scan"
	CHECKS=()
	LIMIT=3600
else
	WHAT="subset"
	CHECKS=(-p -s -f -P -S -H -I -T -R -C -B -O -Z -W -A -L -F -J -D -4)
	LIMIT=900
fi
JSON=$T_TMP/testssl.json
start=$SECONDS
(cd "$T_TMP" && timeout -k 10 "$LIMIT" testssl --quiet --color 0 --warnings off \
	--ip 127.0.0.1 --nodns none --add-ca "$CERTS/ca.pem" \
	--connect-timeout 10 --openssl-timeout 10 --jsonfile "$JSON" \
	"${CHECKS[@]}" "localhost:$PORT") > "$T_TMP/testssl.out" 2>&1
rc=$?
diag "testssl $WHAT: exit $rc after $((SECONDS - start)) s"
[ "${TESTSSL_FULL:-}" = 1 ] && sed 's/^/# /' "$T_TMP/testssl.out"
ok $((rc == 124 || rc == 137)) "testssl $WHAT finished within $LIMIT s"
[ -s "$JSON" ]
ok $? "testssl wrote its JSON findings"

# The verdict, from the JSON.  Prints "# ..." lines and, last, the problems.
"$TW_PY" - "$JSON" "$IGNORE" "${TESTSSL_FULL:-0}" > "$T_TMP/verdict" <<'PY'
import collections, json, sys
path, ignore_text, full = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
ignore = dict(l.split("\t", 1) for l in ignore_text.strip().splitlines())
try:
    findings = json.load(open(path))
except Exception as e:
    print("PROBLEM cannot read %s: %s" % (path, e))
    sys.exit(0)

def ignored(fid):
    return next((k for k in ignore if fid == k or fid.startswith(k + " ")), None)

counts = collections.Counter(f["severity"] for f in findings)
order = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "WARN", "FATAL", "INFO", "OK"]
print("# findings by severity: " + ", ".join(
    "%s %d" % (s, counts[s]) for s in order + sorted(set(counts) - set(order))))
problems, used = [], set()
for f in findings:
    fid, sev, text = f["id"], f["severity"], f["finding"]
    if sev not in ("OK", "INFO"):
        print("# %-8s %s: %s" % (sev, fid, text[:160]))
    bad = sev in ("HIGH", "CRITICAL", "FATAL") or "VULNERABLE" in text \
        or fid == "scanProblem"
    if bad:
        k = ignored(fid)
        if k:
            used.add(k)
            print("# ignored %s (%s): %s" % (fid, ignore[k], text[:120]))
        else:
            problems.append("%s %s: %s" % (sev, fid, text[:200]))
# What the subset must have checked and found in order; a scan that could
# not connect has no such findings and must not pass.
seen = {}
for f in findings:
    seen.setdefault(f["id"], f)
want_ok = ["SSLv2", "SSLv3", "TLS1_2", "cipherlist_NULL", "cipherlist_aNULL",
           "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_STRONG", "PFS",
           "cipher_order", "heartbleed", "CCS", "secure_renego",
           "secure_client_renego", "CRIME_TLS", "BREACH", "POODLE_SSL",
           "fallback_SCSV", "SWEET32", "FREAK", "DROWN", "LOGJAM", "BEAST",
           "LUCKY13", "RC4"]
for fid in want_ok:
    f = seen.get(fid)
    if f is None:
        problems.append("missing finding %s" % fid)
    elif f["severity"] != "OK":
        problems.append("%s is %s: %s" % (fid, f["severity"], f["finding"][:200]))
for fid in ("TLS1", "TLS1_1", "TLS1_3"):
    f = seen.get(fid)
    if f is None or not f["finding"].startswith("not offered"):
        problems.append("%s: %s" % (fid, f["finding"] if f else "missing"))
print("# ignore list used: %s" % (", ".join(sorted(used)) or "none"))
for p in problems:
    print("PROBLEM " + p)
PY
grep '^#' "$T_TMP/verdict"
problems=$(sed -n 's/^PROBLEM //p' "$T_TMP/verdict")
is "$problems" "" "testssl $WHAT: nothing HIGH, CRITICAL or VULNERABLE; every check of the subset OK"

# The server side of all those connections.
stop "$SERVER_PID"
diag "connections: $(tw_lines "$TW_SSTATUS"); exit statuses: $(sort "$TW_SSTATUS" | uniq -c | awk '{printf "%s%s x%s", s, $2, $1; s=", "}')"
[ "$(tw_lines "$TW_SSTATUS")" -gt 50 ]
ok $? "testssl made its connections (more than 50)"
is "$(grep -v -E '^exit=(0|98)$' "$TW_SSTATUS" | sort | uniq -c | tr -s ' ')" "" \
	"every connection ended with exit 0 (served) or 98 (TLS error)"
is "$(grep -E -m 5 'Sanitizer|runtime error:|SUMMARY:' "$TW_SLOG")" "" \
	"no sanitizer report in the server's stderr"
done_testing
