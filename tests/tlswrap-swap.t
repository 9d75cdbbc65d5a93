#!/bin/bash
# Replacing certificates with no reload (issues #4 and #12; README "Replacing
# certificates with no reload").  One combined PEM replaced by rename(); a
# directory of cert.pem + key.pem flipped by an atomic symlink swap (ln -s new
# tmp && mv -T tmp current), used through -d DIR (DIR/NAME or DIR itself the
# symlink) or -c current/cert.pem -k current/key.pem (one directory handle for
# both); per-file links switched one after the other (certbot, dehydrated).
# A cert and key replaced one after the other never give a handshake with a
# mismatched pair: tlswrap reads the pair again for up to a second (tlswrap(8):
# 50 times, 20 ms apart) and serves the new pair once both are in place, or
# exits 96 saying "does not match".  Swaps in the middle of a connection's
# loading are forced with strace delaying one open.  Last, 4 layouts under
# load (TW_SWAP_CONNECTIONS, default 1000; 2000 in the issue), 8 at a time,
# 100 swaps each: none refused, none shown a stale pair.
. "$(dirname "$0")/lib.sh"
tw_init
tw_fpnames_load
C=$CERTS
cd "$T_TMP" || exit 1

name() { tw_fpname "$(tw_peerfp "$@")"; }
# no_tls_failure N LABEL: tw_serve's N connections ended without 96 or 98.
no_tls_failure() {
	tw_wait_lines "$TW_SSTATUS" "$1" 10
	is "$(grep -c 'exit=9[68]' "$TW_SSTATUS")/$(tw_lines "$TW_SSTATUS")" "0/$1" \
		"$2: no connection ended with 96 or 98"
}
# flip LINK TARGET: point symlink LINK at TARGET atomically.
flip() { ln -s "$2" "$1.tmp" && mv -T "$1.tmp" "$1"; }
# replace FILE SOURCE: replace FILE with a copy of SOURCE by one rename().
replace() { cp "$2" "$1.tmp" && mv "$1.tmp" "$1"; }
PROG=(/bin/echo ok)

# --- 1. one combined PEM replaced by rename() ---------------------------------
W=$T_TMP/combined
mkdir -p "$W"
cp "$C/ec-combined.pem" "$W/current.pem"
tw_serve -c "$W/current.pem" "${PROG[@]}"
is "$(name "$PORT" -servername localhost)" ec "combined PEM: ec served"
replace "$W/current.pem" "$C/ec2-combined.pem"
is "$(name "$PORT" -servername localhost)" ec2 "combined PEM renamed over: the next connection gets ec2"
replace "$W/current.pem" "$C/rsa-combined.pem"
is "$(name "$PORT" -servername localhost)" rsa "combined PEM renamed over again: rsa (key type may change)"
no_tls_failure 3 "combined PEM"
stop "$SERVER_PID"
# Same through CERTFILE:name.
cp "$C/ec-combined.pem" "$W/site.pem"
tw_serve_env "CERTFILE:s.test=$W/site.pem" -- -c "$C/p384-chain.pem" -k "$C/p384-key.pem" "${PROG[@]}"
is "$(name "$PORT" -servername s.test)" ec "CERTFILE:s.test combined PEM: ec"
replace "$W/site.pem" "$C/ec2-combined.pem"
is "$(name "$PORT" -servername s.test)" ec2 "CERTFILE:s.test renamed over: ec2"
stop "$SERVER_PID"

# --- 2. a directory flipped by a symlink swap, -d DIR/NAME the symlink ----------
D=$T_TMP/dirs
mkdir -p "$D/store/A" "$D/store/B" "$D/store/R" "$D/sites"
cp "$C/ec-chain.pem" "$D/store/A/cert.pem"; cp "$C/ec-key.pem" "$D/store/A/key.pem"
cp "$C/ec2-chain.pem" "$D/store/B/cert.pem"; cp "$C/ec2-key.pem" "$D/store/B/key.pem"
cp "$C/ec-combined.pem" "$D/store/R/cert.pem"
cp "$C/rsa-chain.pem" "$D/store/R/cert2.pem"; cp "$C/rsa-key.pem" "$D/store/R/key2.pem"
ln -s ../store/A "$D/sites/live.test"
tw_serve -d "$D/sites" "${PROG[@]}"
is "$(name "$PORT" -servername live.test)" ec "-d DIR/NAME -> store/A: ec"
flip "$D/sites/live.test" ../store/B
is "$(name "$PORT" -servername live.test)" ec2 "DIR/NAME flipped to store/B: ec2"
flip "$D/sites/live.test" ../store/R
is "$(name "$PORT" -servername live.test)" ec "flipped to a dual directory: ec for ECDSA clients"
is "$(name "$PORT" -servername live.test -cipher ECDHE-RSA-AES128-GCM-SHA256)" rsa \
	"flipped to a dual directory: rsa for RSA-only clients"
flip "$D/sites/live.test" ../store/A
is "$(name "$PORT" -servername live.test)" ec "flipped back to store/A: ec"
no_tls_failure 5 "-d DIR/NAME symlink"
stop "$SERVER_PID"

# -d DIR where DIR itself is the symlink (a whole set of sites at once).
mkdir -p "$D/set1/live.test" "$D/set2/live.test"
cp "$C/ec-combined.pem" "$D/set1/live.test/cert.pem"
cp "$C/ec2-combined.pem" "$D/set2/live.test/cert.pem"
ln -s set1 "$D/current-set"
tw_serve -d "$D/current-set" "${PROG[@]}"
is "$(name "$PORT" -servername live.test)" ec "-d DIR, DIR a symlink to set1: ec"
flip "$D/current-set" set2
is "$(name "$PORT" -servername live.test)" ec2 "DIR flipped to set2: ec2"
stop "$SERVER_PID"

# -c current/cert.pem -k current/key.pem through a directory symlink: works
# when nothing races (see 4 for what happens when a swap falls between the opens).
ln -s store/A "$D/current"
tw_serve -c "$D/current/cert.pem" -k "$D/current/key.pem" "${PROG[@]}"
is "$(name "$PORT" -servername localhost)" ec "-c current/cert.pem -k current/key.pem: ec"
flip "$D/current" store/B
is "$(name "$PORT" -servername localhost)" ec2 "current flipped (quiet moment): ec2"
stop "$SERVER_PID"

# --- 3. separate cert and key files replaced one after the other --------------
S=$T_TMP/separate
mkdir -p "$S"
cp "$C/ec-chain.pem" "$S/cert.pem"; cp "$C/ec-key.pem" "$S/key.pem"
tw_serve -c "$S/cert.pem" -k "$S/key.pem" "${PROG[@]}"
is "$(name "$PORT" -servername localhost)" ec "separate files: ec"
replace "$S/cert.pem" "$C/ec2-chain.pem"	# the key is still the old one
t0=$(date +%s%N)
out=$(tw_sclient "$PORT" -servername localhost)
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
like "$out" 'Cipher is \(NONE\)' "new cert, old key: no session"
like "$out" 'no peer certificate available' "new cert, old key: no certificate shown"
tw_wait_lines "$TW_SSTATUS" 2 10
is "$(tail -n 1 "$TW_SSTATUS")" "exit=96" "new cert, old key: tlswrap exits 96"
like "$(cat "$TW_SLOG")" "^tlswrap: 127\\.0\\.0\\.1:[0-9]+: $S/cert\\.pem: private key does not match the certificate \\(read ([2-9]|[1-4][0-9]|5[01]) times in (9[0-9][0-9]|10[0-9][0-9]) ms\\)\$" \
	"new cert, old key: one clear log line, after reading the pair again for about a second"
[ "$ms" -ge 950 ] && [ "$ms" -lt 5000 ]
ok $? "new cert, old key: refused after the re-read window, not at once and not much later ($ms ms)"
# (a sanitizer build's seccomp warning line, from the connection before, aside)
is "$(grep -v 'warning: seccomp off in a sanitizer build' "$TW_SLOG" | grep -c .)" 1 "new cert, old key: only that line"
replace "$S/key.pem" "$C/ec2-key.pem"
is "$(name "$PORT" -servername localhost)" ec2 "key replaced too: a retrying client gets ec2"
# The other order: the key first.
replace "$S/key.pem" "$C/ec-key.pem"
is "$(name "$PORT" -servername localhost)" none "new key, old cert: no certificate shown"
tw_wait_lines "$TW_SSTATUS" 4 10
is "$(tail -n 1 "$TW_SSTATUS")" "exit=96" "new key, old cert: exit 96"
replace "$S/cert.pem" "$C/ec-chain.pem"
is "$(name "$PORT" -servername localhost)" ec "cert replaced too: ec again"
tw_wait_lines "$TW_SSTATUS" 5 10
is "$(grep -c 'exit=98' "$TW_SSTATUS")" 0 "separate files: never a failed handshake (98), only 96 before it"
stop "$SERVER_PID"
# Same for a -d site whose cert.pem and key.pem are replaced in place.
mkdir -p "$S/sites"
tw_site "$S/sites" x.test "$C/ec-chain.pem" "$C/ec-key.pem"
tw_serve -d "$S/sites" "${PROG[@]}"
replace "$S/sites/x.test/cert.pem" "$C/ec2-chain.pem"
is "$(name "$PORT" -servername x.test)" none "-d site, new cert.pem, old key.pem: no certificate"
tw_wait_lines "$TW_SSTATUS" 1 10
is "$(cat "$TW_SSTATUS")" "exit=96" "-d site, new cert.pem, old key.pem: exit 96"
like "$(cat "$TW_SLOG")" 'x\.test/cert\.pem: private key does not match' "-d site mismatch: logged"
replace "$S/sites/x.test/key.pem" "$C/ec2-key.pem"
is "$(name "$PORT" -servername x.test)" ec2 "-d site, key.pem replaced too: ec2"
stop "$SERVER_PID"

# --- 4. a swap between the opens (strace delays one open) -----------------------
# wait_open FILE SECS: until some process has FILE open.
wait_open() {
	local i
	for i in $(seq 1 $(( $2 * 10 ))); do
		[ -n "$(find /proc/[0-9]*/fd -lname "$1" -print -quit 2>/dev/null)" ] && return 0
		sleep 0.1
	done
	return 1
}
# race LABEL SNI DELAY-PATH HELD-FILE LINK TARGET TLSWRAP-ARGS...: one
# connection under strace, which holds the open of DELAY-PATH for 2 s; once
# tlswrap has HELD-FILE open, LINK is flipped to TARGET.  Sets RACE_FP (the
# leaf shown, or none), RACE_ST (tlswrap's status) and RACE_ERR (its stderr).
race() {
	local label=$1 sni=$2 path=$3 held=$4 link=$5 target=$6 cpid pem
	shift 6
	tw_direct strace -f -qq -o "$T_TMP/strace.log" -P "$path" -P "$link/$path" \
		-e trace=openat -e inject=openat:delay_exit=2000000 "$TLSWRAP" "$@" "${PROG[@]}"
	tw_sclient "$PORT" -ign_eof -servername "$sni" > "$T_TMP/race.out" &
	cpid=$!
	wait_open "$held" 10
	ok $? "$label: tlswrap holds the old cert.pem open (open delayed)"
	flip "$link" "$target"
	wait "$cpid"
	pem=$(sed -n '/BEGIN CERT/,/END CERT/p' "$T_TMP/race.out")
	if [ -n "$pem" ]; then
		RACE_FP=$(tw_fpname "$(printf '%s\n' "$pem" | openssl x509 -outform der | sha256sum | cut -d' ' -f1)")
	else
		RACE_FP=none
	fi
	RACE_ST=$(tw_status)
	RACE_ERR=$(cat "$TW_ERR")
}
if ! strace -qq -o /dev/null true 2>/dev/null; then
	skip "strace missing or ptrace not allowed: no forced races"
else
	# Both files through one handle on current/: both from store/A.  (-P
	# names the file as the old code opened it, and as openat sees it.)
	rm -f "$D/current"; ln -s store/A "$D/current"
	race "-c current/cert.pem -k current/key.pem" localhost cert.pem \
		"$D/store/A/cert.pem" "$D/current" store/B \
		-c "$D/current/cert.pem" -k "$D/current/key.pem"
	is "$RACE_ST" "exit=0" "-c through a symlink, swap between the opens: the connection succeeds"
	is "$RACE_FP" ec "-c through a symlink, swap between the opens: the old pair (ec), whole"
	tw_direct "$TLSWRAP" -c "$D/current/cert.pem" -k "$D/current/key.pem" "${PROG[@]}"
	is "$(name "$PORT" -servername localhost)" ec2 "-c through a symlink, the next connection after that swap: ec2"

	rm -f "$D/sites/live.test"; ln -s ../store/A "$D/sites/live.test"
	race "-d DIR/NAME symlink" live.test cert.pem "$D/store/A/cert.pem" \
		"$D/sites/live.test" ../store/B -d "$D/sites"
	is "$RACE_ST" "exit=0" "-d, swap between the opens: the connection succeeds"
	is "$RACE_FP" ec "-d, swap between the opens: the old pair (ec), whole"
	tw_direct "$TLSWRAP" -d "$D/sites" "${PROG[@]}"
	is "$(name "$PORT" -servername live.test)" ec2 "-d, the next connection after that swap: ec2"

	rm -f "$D/current-set"; ln -s set1 "$D/current-set"
	race "-d DIR symlink" live.test cert.pem "$D/set1/live.test/cert.pem" \
		"$D/current-set" set2 -d "$D/current-set"
	is "$RACE_ST" "exit=0" "-d DIR a symlink, swapped during the opens: succeeds"
	is "$RACE_FP" ec "-d DIR a symlink, swapped during the opens: the old pair (ec)"
fi

# --- 5. per-file links switched one after the other (certbot, dehydrated) ------
# live/cert.pem and live/key.pem are links into archive/; a renewer switches
# one, then the other.  A connection that reads the pair in between is not
# refused: it reads again until both links point at the new pair.
F=$T_TMP/perfile
mkdir -p "$F/archive" "$F/live"
cp "$C/ec-chain.pem" "$F/archive/cert1.pem"; cp "$C/ec-key.pem" "$F/archive/key1.pem"
cp "$C/ec2-chain.pem" "$F/archive/cert2.pem"; cp "$C/ec2-key.pem" "$F/archive/key2.pem"
# halfway FIRST-LINK FIRST-TARGET SECOND-LINK SECOND-TARGET LABEL: switch the
# first link, connect, and once tlswrap holds the first link's new target
# open (it is reading the mixed pair again), switch the second link.
halfway() {
	local cpid
	ln -sf ../archive/cert1.pem "$F/live/cert.pem"
	ln -sf ../archive/key1.pem "$F/live/key.pem"
	ln -sf "$2" "$F/live/$1"
	tw_direct "$TLSWRAP" -c "$F/live/cert.pem" -k "$F/live/key.pem" /bin/true
	tw_peerfp "$PORT" -servername localhost > "$T_TMP/halfway.fp" &
	cpid=$!
	wait_open "$F/archive/${2##*/}" 10
	ok $? "$5: tlswrap holds the mixed pair open"
	sleep 0.1
	ln -sf "$4" "$F/live/$3"
	wait "$cpid"
	is "$(tw_fpname "$(cat "$T_TMP/halfway.fp")")" ec2 "$5: served the new pair once the second link switched"
	is "$(tw_status)" "exit=0" "$5: tlswrap exits 0"
	# (a sanitizer build's seccomp warning line aside)
	is "$(grep -v 'warning: seccomp off in a sanitizer build' "$TW_ERR")" "" "$5: nothing logged"
}
halfway key.pem ../archive/key2.pem cert.pem ../archive/cert2.pem "per-file links, key switched first"
halfway cert.pem ../archive/cert2.pem key.pem ../archive/key2.pem "per-file links, certificate switched first"

# --- 6. under load: every layout, 100 swaps, none refused, none stale --------
# N connections (8 at a time) while the pair is swapped 100 times (50 each
# way; fewer when N < 1000), spread over the run; tw_swap_load judges.  Per-file links switch
# with a pause of 20 ms one way and 50 ms the other, within the re-read window.
N=${TW_SWAP_CONNECTIONS:-1000}
# At least 10 connections between two swaps: back to back, per-file swaps
# would leave the pair mismatched nearly all the time, not what a renewer does.
SWAPS=$(( N >= 1000 ? 100 : N / 20 * 2 ))
FA=$(tw_certfp "$C/ec-cert.pem")
FB=$(tw_certfp "$C/ec2-cert.pem")
TOTAL=0
load() {
	local label=$1
	shift
	local t0=$SECONDS
	tw_swap_load "$label" "$PORT" localhost "$@"
	tw_swap_statuses "$label" $((N + 20))
	stop "$SERVER_PID"
	TOTAL=$((TOTAL + N))
	diag "$label: $((SECONDS - t0)) s"
}
cp "$C/ec-combined.pem" "$W/current.pem"
tw_serve -c "$W/current.pem" "${PROG[@]}"
load "load: combined PEM renamed" \
	"cp '$C/ec2-combined.pem' '$W/tmp.pem' && mv '$W/tmp.pem' '$W/current.pem'" \
	"cp '$C/ec-combined.pem' '$W/tmp.pem' && mv '$W/tmp.pem' '$W/current.pem'"
rm -f "$D/current"; ln -s store/A "$D/current"
tw_serve -c "$D/current/cert.pem" -k "$D/current/key.pem" "${PROG[@]}"
load "load: directory link flipped, -c current/cert.pem -k current/key.pem" \
	"ln -sfn store/B '$D/current.tmp' && mv -T '$D/current.tmp' '$D/current'" \
	"ln -sfn store/A '$D/current.tmp' && mv -T '$D/current.tmp' '$D/current'"
# switch LINK-FIRST TARGET-FIRST PAUSE LINK-SECOND TARGET-SECOND: a command.
switch() { echo "ln -sf '$2' '$F/live/$1' && sleep $3 && ln -sf '$5' '$F/live/$4'"; }
ln -sf ../archive/cert1.pem "$F/live/cert.pem"; ln -sf ../archive/key1.pem "$F/live/key.pem"
tw_serve -c "$F/live/cert.pem" -k "$F/live/key.pem" "${PROG[@]}"
load "load: per-file links, key first" \
	"$(switch key.pem ../archive/key2.pem 0.02 cert.pem ../archive/cert2.pem)" \
	"$(switch key.pem ../archive/key1.pem 0.05 cert.pem ../archive/cert1.pem)"
tw_serve -c "$F/live/cert.pem" -k "$F/live/key.pem" "${PROG[@]}"
load "load: per-file links, certificate first" \
	"$(switch cert.pem ../archive/cert2.pem 0.05 key.pem ../archive/key2.pem)" \
	"$(switch cert.pem ../archive/cert1.pem 0.02 key.pem ../archive/key1.pem)"
diag "under load: $TOTAL connections in 4 layouts, $((4 * SWAPS)) swaps"

done_testing
