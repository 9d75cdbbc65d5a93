#!/bin/bash
# Certificates that renew themselves (issue #12), end to end on loopback
# with a real ACME server: Debian's pebble (pebble-challtestsrv as its DNS,
# every name 127.0.0.1) and dehydrated, run as an unprivileged user that
# writes only its own directories, with the settings, hook, run scripts
# and units of examples/acme/ (paths rewritten to the test's).
#  a. tls-alpn-01: tlswrap -A answers pebble's validator from dehydrated's
#     ALPNCERTDIR on pebble's tlsPort, before the site has any pair of its
#     own (ordinary clients: exit 96); prog never runs for a validation.
#  b. http-01: httpd-lite -A (examples/acme/http-run) serves the token from
#     dehydrated's WELLKNOWN on pebble's httpPort; the site is not touched.
#  c. examples/acme/https-run: tlswrap -A DIR -c certs/NAME/fullchain.pem
#     -k certs/NAME/privkey.pem (dehydrated's own symlinks) is served the
#     new certificate on the next connection: serial as issued, chain
#     verified against pebble's root (from its management API; pebble makes
#     a new one at each start).
#  d. The same renewal (tls-alpn-01, through that same tlswrap), three
#     times, while HTTPS clients keep connecting: 0 refused, old then new.
#  e. A renewal that fails switches nothing: the last certificate serves.
# Then the alarm (tls-expiry.service, cron.d-acme) and the units.
# Pebble validates for real (never PEBBLE_VA_ALWAYS_VALID).
. "$(dirname "$0")/lib.sh"
ss_init
# A missing tool fails where tools/deps.sh check could have installed it
# (Debian), and skips the file only where no package provides it.
missing=
for c in pebble pebble-challtestsrv dehydrated tcpserver openssl setpriv; do
	command -v "$c" >/dev/null || missing="$missing $c"
done
if [ -n "$missing" ]; then
	command -v apt-get >/dev/null ||
		skip_all "missing:$missing (Debian packages pebble, dehydrated, ucspi-tcp; not Debian)"
	ok 1 "missing:$missing: run tools/deps.sh check (pebble, dehydrated, ucspi-tcp)"
	done_testing
	exit 1
fi
[ "$(id -u)" = 0 ] || skip_all "needs root: the renewer runs as nobody, the servers drop to www-data"
id www-data >/dev/null 2>&1 || skip_all "needs the user www-data"
T0=$(date +%s%N)
NAME=site.acme.test
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# --- ports, pebble's API certificate and configuration --------------------------
PEBBLE_PORT=$(free_port); PEBBLE_MGMT=$(free_port); DNS_PORT=$(free_port)
CTS_MGMT=$(free_port); HTTP_PORT=$(free_port); TLS_PORT=$(free_port)
P=$T_TMP/pebble
mkdir -p "$P"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-subj /CN=pebble-api -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
	-keyout "$P/api-key.pem" -out "$P/api.pem" 2>/dev/null
ok $? "pebble's API certificate made with openssl"
cat > "$P/pebble.json" <<EOF
{ "pebble": {
  "listenAddress": "127.0.0.1:$PEBBLE_PORT",
  "managementListenAddress": "127.0.0.1:$PEBBLE_MGMT",
  "certificate": "$P/api.pem", "privateKey": "$P/api-key.pem",
  "httpPort": $HTTP_PORT, "tlsPort": $TLS_PORT,
  "ocspResponderURL": "", "externalAccountBindingRequired": false } }
EOF

# The DNS: challtestsrv with only its DNS and management listeners, on
# loopback; its default answer set to 127.0.0.1 and no IPv6 address (the
# validator dials only the first address a name resolves to).
bg pebble-challtestsrv -management "127.0.0.1:$CTS_MGMT" -dns01 "127.0.0.1:$DNS_PORT" \
	-http01 "" -https01 "" -tlsalpn01 "" </dev/null >"$T_TMP/challtestsrv.log" 2>&1
wait_port "$CTS_MGMT"
cts() { curl -sS --max-time 10 -d "$2" "http://127.0.0.1:$CTS_MGMT/$1" 2>>"$T_TMP/curl.log"; }
cts set-default-ipv4 '{"ip":"127.0.0.1"}' && cts set-default-ipv6 '{"ip":""}'
ok $? "challtestsrv: every name resolves to 127.0.0.1 only"

PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
	bg pebble -config "$P/pebble.json" -dnsserver "127.0.0.1:$DNS_PORT" \
	</dev/null >"$T_TMP/pebble.log" 2>&1
wait_port "$PEBBLE_PORT" && wait_port "$PEBBLE_MGMT"
ok $? "pebble listens on 127.0.0.1:$PEBBLE_PORT (validator: http $HTTP_PORT, tls $TLS_PORT)"
curl -sS --max-time 10 --cacert "$P/api.pem" -o "$P/root.pem" \
	"https://127.0.0.1:$PEBBLE_MGMT/roots/0" 2>>"$T_TMP/curl.log"
like "$(openssl x509 -in "$P/root.pem" -noout -subject 2>&1)" '^subject=' \
	"pebble's root fetched from its management API (/roots/0)"

# --- the renewer: an unprivileged user with its own directories ------------------
# nobody stands for the example's acme, www-data for its tlswrap (-u: the
# group that may read the challenge keys) and for httpd-lite's www-data.
RUSER=nobody
RGROUP=$(id -gn nobody)
as_renewer() {
	setpriv --reuid="$RUSER" --regid="$RGROUP" --clear-groups \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$ACME" "$@"
}
chmod 711 "$T_TMP"	# the renewer and the servers may pass through, not list
# The renewer runs tlswrap -t (the hook, the alarm): a copy it can reach
# wherever the tree is (a fresh root's tree is under /root, mode 0700).
install -d -m 755 "$T_TMP/bin"
install -m 755 "$TLSWRAP" "$T_TMP/bin/tlswrap"
TLSWRAP=$T_TMP/bin/tlswrap
ACME=$T_TMP/acme
CONF=$T_TMP/etc-acme
WWW=$SS_WWW
# As examples/acme/README.md lays it out.
install -d -o "$RUSER" -g "$RGROUP" -m 0755 "$ACME" "$ACME/acme-challenge"
install -d -o "$RUSER" -g www-data -m 2750 "$ACME/alpn-certs"
mkdir -p "$CONF"
echo "the site, $RANDOM" > "$WWW/index.html"
chmod 644 "$WWW/index.html"
echo "$NAME" > "$CONF/domains.txt"
# render SRC DST PORT [SED-ARGS...]: an examples/acme file with the test's
# paths, PORT for 443 (ss_render) and the renewer's user for acme.
render() {
	local src=$1 dst=$2 port=$3
	shift 3
	ss_render "$SS_EX/acme/$src" "$dst" "$port" -e "s|/var/lib/acme|$ACME|g" \
		-e "s|/etc/dehydrated/hook\.sh|$CONF/hook.sh|g" \
		-e "s|www\.example\.org|$NAME|g" -e "s|-u tlswrap|-u www-data|g" "$@"
}
render dehydrated.sh "$CONF/config" 0 && render hook.sh "$CONF/hook.sh" 0
ok $? "examples/acme: dehydrated.sh and hook.sh render for the test"
cat >> "$CONF/config" <<EOF
# The test's CA, and where the test keeps the list of names.
CA="https://127.0.0.1:$PEBBLE_PORT/dir"
CURL_OPTS="--cacert $P/api.pem"
DOMAINS_TXT="$CONF/domains.txt"
EOF
chmod 644 "$CONF/config" "$CONF/domains.txt"
# The hook lets through a pair that tlswrap can serve, and nothing else.
"$CONF/hook.sh" sync_cert "$CERTS/ec-key.pem" - "$CERTS/ec-chain.pem" 2>>"$T_TMP/hook.log"
ok $? "hook.sh sync_cert: a pair that tlswrap can load passes"
"$CONF/hook.sh" sync_cert "$CERTS/ec2-key.pem" - "$CERTS/ec-chain.pem" 2>>"$T_TMP/hook.log"
is "$?" 1 "hook.sh sync_cert: a key that does not match stops dehydrated (exit 1)"
before_www=$(cd "$WWW" && ls -ln --time-style=+%s.%N . && sha256sum ./*)

# renew LABEL CHALLENGE: dehydrated --cron --force as the renewer; its
# output in $T_TMP/dehydrated.log, status in $RENEW_RC, time in $RENEW_MS.
renew() {
	local t
	t=$(date +%s%N)
	echo "=== $1" >> "$T_TMP/dehydrated.log"
	as_renewer timeout -k 5 60 dehydrated --config "$CONF/config" --cron --force \
		--challenge "$2" >>"$T_TMP/dehydrated.log" 2>&1
	RENEW_RC=$?
	RENEW_MS=$(ms_since "$t")
}
LIVE=$ACME/certs/$NAME
# issued: the serial of dehydrated's current certificate (cert.pem link).
issued() { openssl x509 -in "$LIVE/cert.pem" -noout -serial 2>/dev/null | sed 's/^serial=//'; }

as_renewer timeout -k 5 60 dehydrated --config "$CONF/config" --register --accept-terms \
	>>"$T_TMP/dehydrated.log" 2>&1
ok $? "dehydrated registers an account with pebble, as $RUSER"

# --- servers on pebble's validation ports ---------------------------------------
# serve NAME PORT CMD...: tcpserver on 127.0.0.1:PORT; one exit=N line per
# connection in $T_TMP/NAME.status, stderr in $T_TMP/NAME.log.
serve_on() {
	local name=$1 port=$2
	shift 2
	: > "$T_TMP/$name.status"
	: > "$T_TMP/$name.log"
	bg "$TW_PY" -c "$TW_CLOSEFDS" tcpserver -RHl0 -c 16 127.0.0.1 "$port" \
		sh -c '"$@"; echo exit=$? >> "$0"' "$T_TMP/$name.status" "$@" \
		</dev/null >/dev/null 2>>"$T_TMP/$name.log"
	SERVE_PID=$BG_PID
	wait_port "$port" || return 1
	tw_wait_lines "$T_TMP/$name.status" 1 10	# wait_port's probe
	: > "$T_TMP/$name.status"
}
# serve_script NAME SCRIPT PORT: run an examples/acme run script (rendered);
# stderr of all it runs in $T_TMP/NAME.log.
serve_script() {
	: > "$T_TMP/$1.log"
	bg "$TW_PY" -c "$TW_CLOSEFDS" "$2" </dev/null >/dev/null 2>>"$T_TMP/$1.log"
	SERVE_PID=$BG_PID
	wait_port "$3" || return 1
	# wait_port's probe: tlswrap logs its end of handshake, then forget it.
	case $1 in site) ss_wait_grep "$T_TMP/$1.log" 'tlswrap: ' 5 ;; esac
	: > "$T_TMP/$1.log"
}
# The site's prog: httpd-lite, counting its starts.
cat > "$T_TMP/site-prog" <<EOF
#!/bin/sh
echo started >> "$T_TMP/prog.starts"
exec "$HTTPD" -u www-data "$WWW"
EOF
chmod 755 "$T_TMP/site-prog"
progs() { tw_lines "$T_TMP/prog.starts"; }

# served PORT: the serial of the leaf served for $NAME, and whether the
# chain verifies against pebble's root ("serial verify-code").
served() {
	local out ser
	out=$(timeout -k 5 20 openssl s_client -connect "127.0.0.1:$1" -servername "$NAME" \
		-verify_hostname "$NAME" -CAfile "$P/root.pem" -showcerts </dev/null 2>&1)
	ser=$(printf '%s\n' "$out" | sed -n '/BEGIN CERT/,/END CERT/{p;/END CERT/q}' |
		openssl x509 -noout -serial 2>/dev/null | sed 's/^serial=//')
	echo "${ser:-none} $(printf '%s\n' "$out" | sed -n 's/^ *Verify return code: \([0-9]*\).*/\1/p' | tail -n 1)"
}

# --- a. tls-alpn-01: tlswrap -A answers the validator --------------------------
# Before the first certificate there is no pair where tlswrap reads the
# site's: with -A it puts that failure off until a ClientHello shows that
# the connection is not a validation.
[ ! -e "$LIVE/fullchain.pem" ] && [ ! -e "$LIVE/privkey.pem" ]
ok $? "no pair in certs/$NAME/ before the first certificate"
serve_on alpn "$TLS_PORT" "$TLSWRAP" -A "$ACME/alpn-certs" -u www-data \
	-c "$LIVE/fullchain.pem" -k "$LIVE/privkey.pem" "$T_TMP/site-prog"
ok $? "tlswrap -A on pebble's tlsPort $TLS_PORT"
like "$(served "$TLS_PORT")" '^none ' "before the first certificate, an ordinary client is served nothing"
tw_wait_lines "$T_TMP/alpn.status" 1 10
is "$(cat "$T_TMP/alpn.status")" "exit=96" "before the first certificate, an ordinary client: exit 96"
like "$(cat "$T_TMP/alpn.log")" "$LIVE/fullchain\\.pem: No such file or directory" \
	"before the first certificate: the log names the missing file"
: > "$T_TMP/prog.starts"
: > "$T_TMP/alpn.status"
renew "tls-alpn-01" tls-alpn-01
is "$RENEW_RC" 0 "tls-alpn-01: dehydrated gets a certificate through tlswrap -A (${RENEW_MS} ms)"
SERIAL_A=$(issued)
like "$SERIAL_A" '^[0-9A-F]+$' "tls-alpn-01: certs/$NAME/cert.pem issued"
v=$(tw_lines "$T_TMP/alpn.status")
[ "$v" -ge 1 ]; ok $? "tls-alpn-01: the validator connected ($v connections)"
is "$(grep -vc '^exit=0$' "$T_TMP/alpn.status")" 0 "tls-alpn-01: every validation connection ended with status 0"
is "$(progs)" 0 "tls-alpn-01: prog never started for a validation connection"
is "$(ls -A "$ACME/alpn-certs")" "" "tls-alpn-01: dehydrated removed its challenge files"
[ -L "$LIVE/fullchain.pem" ] && [ -L "$LIVE/privkey.pem" ]
ok $? "tls-alpn-01: dehydrated put its links in certs/$NAME/"
is "$(served "$TLS_PORT")" "$SERIAL_A 0" "tls-alpn-01: the next connection is served it, chain verified"
stop "$SERVE_PID"

# --- b. http-01: httpd-lite -A answers from the renewer's directory --------------
render http-run "$T_TMP/http-run" 0 -e "s| 80 | $HTTP_PORT |"
ok $? "examples/acme/http-run renders for the test"
serve_script http "$T_TMP/http-run" "$HTTP_PORT"
ok $? "http-run: httpd-lite -A on pebble's httpPort $HTTP_PORT"
renew "http-01" http-01
is "$RENEW_RC" 0 "http-01: dehydrated gets a certificate through httpd-lite -A (${RENEW_MS} ms)"
SERIAL_B=$(issued)
like "$SERIAL_B" '^[0-9A-F]+$' "http-01: certs/$NAME/cert.pem issued"
[ "$SERIAL_B" != "$SERIAL_A" ]; ok $? "http-01: a new certificate (serial $SERIAL_B)"
# The line follows the response; on a loaded machine allow it 5 s, and say
# on stderr what was logged if it never comes.
TOKEN_LINE='GET "/\.well-known/acme-challenge/[A-Za-z0-9_-]+" 200'
ss_wait_grep "$T_TMP/http.log" "$TOKEN_LINE" 5 ||
	{ echo "# http.log:"; sed 's/^/#   /' "$T_TMP/http.log"; } >&2
like "$(cat "$T_TMP/http.log")" "$TOKEN_LINE" "http-01: httpd-lite served the token (200)"
is "$(ls -A "$ACME/acme-challenge")" "" "http-01: dehydrated removed its token"
stop "$SERVE_PID"

# --- c. the site: tlswrap reads dehydrated's files on every connection ----------
render https-run "$T_TMP/https-run" "$TLS_PORT"
ok $? "examples/acme/https-run renders for the test"
serve_script site "$T_TMP/https-run" "$TLS_PORT"
ok $? "https-run: tlswrap -A DIR -c certs/$NAME/fullchain.pem -k certs/$NAME/privkey.pem on $TLS_PORT"
is "$(served "$TLS_PORT")" "$SERIAL_B 0" \
	"the site serves the certificate issued last (serial $SERIAL_B), chain verified to pebble's root"
got=$(timeout -k 2 15 curl -sS --max-time 10 --cacert "$P/root.pem" \
	--resolve "$NAME:$TLS_PORT:127.0.0.1" "https://$NAME:$TLS_PORT/" 2>>"$T_TMP/curl.log")
is "$got" "$(cat "$WWW/index.html")" "curl through tlswrap and httpd-lite gets the page"
renew "renewal, quiet" tls-alpn-01
is "$RENEW_RC" 0 "renewal through the site's own tlswrap -A (${RENEW_MS} ms)"
SERIAL_C=$(issued)
[ -n "$SERIAL_C" ] && [ "$SERIAL_C" != "$SERIAL_B" ]; ok $? "renewal: a new certificate (serial $SERIAL_C)"
is "$(served "$TLS_PORT")" "$SERIAL_C 0" "renewal: the next connection is served it, nothing restarted"

# A new pair that tlswrap cannot load (README, "Restarting the server"):
# the real hook, shown a key that does not match the new certificate,
# refuses it; dehydrated stops before switching its links, and the site
# goes on serving the certificate it had.
install -m 644 "$CERTS/ec2-key.pem" "$T_TMP/bin/other-key.pem"
cat > "$CONF/hook-refuses.sh" <<EOF
#!/bin/sh
[ "\$1" = sync_cert ] && exec "$CONF/hook.sh" sync_cert "$T_TMP/bin/other-key.pem" "\$3" "\$4" "\$5"
exec "$CONF/hook.sh" "\$@"
EOF
sed "s|^HOOK=.*|HOOK=$CONF/hook-refuses.sh|" "$CONF/config" > "$CONF/config-refuses"
chmod 755 "$CONF/hook-refuses.sh"
chmod 644 "$CONF/config-refuses"
echo "=== refused by the hook" >> "$T_TMP/dehydrated.log"
as_renewer timeout -k 5 60 dehydrated --config "$CONF/config-refuses" --cron --force \
	--challenge tls-alpn-01 >>"$T_TMP/dehydrated.log" 2>&1
[ $? -ne 0 ]; ok $? "a renewal whose new pair the hook refuses: dehydrated fails"
like "$(cat "$T_TMP/dehydrated.log")" 'hook: tlswrap -t refuses' "the hook says why"
is "$(issued)" "$SERIAL_C" "refused: dehydrated's links still name the last good certificate"
is "$(served "$TLS_PORT")" "$SERIAL_C 0" "refused: the site still serves it (serial $SERIAL_C)"

# --- d. the same renewal under load ---------------------------------------------
# load: curl GETs of the page, 6 at a time, one "HTTP-CODE SERIAL" row each
# in $ROWS, until $STOP exists (at most 3000 connections, 90 s).  As many
# as the machine allows: the window between dehydrated's two links is a few
# milliseconds.  Three
# renewals one after the other: dehydrated switches privkey.pem, then
# fullchain.pem, and a connection loading between the two must not fail.
ROWS=$T_TMP/load.rows
STOP=$T_TMP/load.stop
RENEWALS=3
: > "$ROWS"
cat > "$T_TMP/get1" <<EOF
#!/bin/sh
[ -e "$STOP" ] && exit 0
curl -s -o /dev/null --max-time 15 --cacert "$P/root.pem" \\
	--resolve "$NAME:$TLS_PORT:127.0.0.1" -w '%{http_code} %{certs}' \\
	"https://$NAME:$TLS_PORT/" 2>/dev/null |
	awk 'NR == 1 { c = \$1 } /^Serial Number:/ && !s { s = toupper(substr(\$0, 15)) }
		END { print c, (s == "" ? "none" : s) }' >> "$ROWS"
EOF
chmod 755 "$T_TMP/get1"
bg timeout -k 5 90 sh -c 'seq 3000 | xargs -P 6 -n 1 "$0"' "$T_TMP/get1"
LOAD_PID=$BG_PID
tw_wait_lines "$ROWS" 20 30
serials=$SERIAL_C rcs= times=
for r in $(seq "$RENEWALS"); do
	renew "renewal under load $r" tls-alpn-01
	rcs="$rcs $RENEW_RC" times="$times ${RENEW_MS}"
	serials="$serials $(issued)"
done
SERIAL_D=$(issued)
n_at_end=$(tw_lines "$ROWS")
tw_wait_lines "$ROWS" $((n_at_end + 30)) 30
: > "$STOP"
wait "$LOAD_PID"
is "$rcs" "$(printf ' 0%.0s' $(seq "$RENEWALS"))" \
	"under load: $RENEWALS renewals succeed (ms:$times)"
n=$(tw_lines "$ROWS")
bad=$(awk '$1 != 200' "$ROWS" | wc -l)
old=$(awk -v s="$SERIAL_C" '$1 == 200 && $2 == s' "$ROWS" | wc -l)
new=$(awk -v s="$SERIAL_D" '$1 == 200 && $2 == s' "$ROWS" | wc -l)
known=$(awk -v l="$serials" 'BEGIN { split(l, a, " "); for (i in a) k[a[i]] = 1 }
	$1 == 200 && ($2 in k)' "$ROWS" | wc -l)
diag "under load: $n connections, $bad refused or failed, $old before the first swap," \
	"$new after the last (serials:$serials)"
[ "$n" -ge 100 ]; ok $? "under load: connections ran throughout the renewals ($n)"
is "$bad" 0 "under load: 0 refused (every GET 200, chain verified to pebble's root)"
awk '$1 != 200' "$ROWS" | head -n 3 | sed 's/^/#   /'
is "$known" "$n" "under load: every connection was served one of the issued certificates"
[ "$old" -gt 0 ] && [ "$new" -gt 0 ]; ok $? "under load: the old one before, the newest one after"
is "$(tail -n 20 "$ROWS" | awk '{print $2}' | sort -u)" "$SERIAL_D" "under load: the last 20 connections got the newest"
is "$(served "$TLS_PORT")" "$SERIAL_D 0" "after the load: served the newest certificate, chain verified"
# (a line about an acme-tls/1 validation aside)
is "$(grep 'tlswrap: ' "$T_TMP/site.log" | grep -vi 'acme' |
	grep -v 'warning: seccomp off in a sanitizer build' | head -n 3)" "" \
	"the site: tlswrap logged no failed connection"

# --- e. a renewal that fails leaves the old certificate serving ------------------
# http-01 with nothing on pebble's httpPort any more (http-run was stopped
# after b): the validation fails, dehydrated exits non-zero, switches nothing.
renew "failing renewal" http-01
[ "$RENEW_RC" -ne 0 ]; ok $? "a failing renewal (nothing on port $HTTP_PORT): dehydrated fails ($RENEW_RC)"
is "$(issued)" "$SERIAL_D" "a failing renewal: dehydrated's links still name the last certificate"
is "$(served "$TLS_PORT")" "$SERIAL_D 0" "a failing renewal: the site still serves it"

# --- the alarm and the units ----------------------------------------------------
# tls-expiry.service's command, as the renewer: quiet while the certificate
# has more than 14 days (pebble's live for years), exit 1 when told the
# threshold is 100 years, 96 when the key does not match.
U=$T_TMP/units
for f in acme-renew.service acme-renew.timer tls-expiry.service tls-expiry.timer; do
	render "$f" "$U/$f" 0 || break
done
ok $? "examples/acme: the four units render for the test"
alarm=$(sed -n 's/^ExecStart=//p' "$U/tls-expiry.service")
as_renewer sh -c "$alarm" >"$T_TMP/alarm.out" 2>&1
is "$?" 0 "tls-expiry: tlswrap -t -w 14 on the live pair, as the renewer: exit 0"
as_renewer sh -c "${alarm/-w 14/-w 36500}" >"$T_TMP/alarm.out" 2>&1
is "$?" 1 "tls-expiry: within -w days: exit 1 (the unit fails)"
like "$(cat "$T_TMP/alarm.out")" 'WARNING: expires within' "tls-expiry: ... saying so"
oldkey=$(ls "$LIVE"/privkey-*.pem | head -n 1)	# an earlier renewal's key
as_renewer sh -c "${alarm/$LIVE\/privkey.pem/$oldkey}" >/dev/null 2>&1
is "$?" 96 "tls-expiry: the certificate with another key: exit 96"
# cron.d-acme's alarm line (cron turns \% into %): prints only on failure.
render cron.d-acme "$T_TMP/cron.d-acme" 0
cron=$(awk '!/^#/ && / -t -w / { for (i = 1; i <= 6; i++) $i = ""; print }' "$T_TMP/cron.d-acme" |
	sed 's/\\%/%/g')
like "$cron" "^ *out=.* -t -w 14 " "cron.d-acme: the alarm line found"
is "$(as_renewer sh -c "$cron" 2>&1)" "" "cron.d-acme: the alarm line is quiet while renewal works"
like "$(as_renewer sh -c "${cron/-w 14/-w 36500}" 2>&1)" 'WARNING: expires within' \
	"cron.d-acme: the alarm line prints the report when the certificate is expiring"
if command -v systemd-analyze >/dev/null; then
	out=$(timeout -k 5 60 systemd-analyze verify --man=no "$U"/* 2>&1)
	ok $? "systemd-analyze verify accepts the units"
	is "$out" "" "... without a warning"
else
	skip "systemd-analyze missing (package systemd)"
	skip "systemd-analyze missing (package systemd)"
fi

# --- the renewer wrote only its own directories ----------------------------------
is "$(find "$T_TMP" -user "$RUSER" ! -path "$ACME" ! -path "$ACME/*" 2>/dev/null)" "" \
	"the renewer ($RUSER) owns nothing outside its directory"
is "$(cd "$WWW" && ls -ln --time-style=+%s.%N . && sha256sum ./*)" "$before_www" \
	"the document root is untouched"
is "$(stat -c %U "$LIVE/privkey-"*.pem | sort -u)" "$RUSER" "the keys are the renewer's"

if [ "$T_FAILED" -gt 0 ]; then
	for f in dehydrated.log pebble.log alpn.log http.log site.log; do
		[ -s "$T_TMP/$f" ] || continue
		diag "$f:"
		tail -n 25 "$T_TMP/$f" | sed 's/^/#   /'
	done
fi
diag "acme-e2e: $(ms_since "$T0") ms in all"
done_testing
