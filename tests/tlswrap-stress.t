#!/bin/bash
# Certificates swapped under load (issue #4): 2000 connections, 8 at a time,
# while the certificate is swapped 50 times between two P-256 leaves (ec and
# ec2), first as one combined PEM replaced by rename(), then as a -d site
# directory flipped by a symlink swap.  No connection may fail, each must be
# shown one of the two whole chains (verified against ca.pem), a connection
# that no swap overlapped must be shown the certificate current when it began,
# and after the last swap every new connection gets the new one.  Last, what
# a -d directory of 1,000 sites costs per connection (reported, not judged).
. "$(dirname "$0")/lib.sh"
tw_init
tw_fpnames_load
C=$CERTS
STRESS=$TW_STRESS
N=${TW_STRESS_CONNECTIONS:-2000}
SWAPS=50
FA=$(tw_certfp "$C/ec-cert.pem")
FB=$(tw_certfp "$C/ec2-cert.pem")

# --- combined PEM, rename() ----------------------------------------------------
W=$T_TMP/rename
mkdir -p "$W"
cp "$C/ec-combined.pem" "$W/current.pem"
tw_serve -c "$W/current.pem" /bin/echo ok
tw_swap_load "rename" "$PORT" localhost \
	"cp '$C/ec2-combined.pem' '$W/tmp.pem' && mv '$W/tmp.pem' '$W/current.pem'" \
	"cp '$C/ec-combined.pem' '$W/tmp.pem' && mv '$W/tmp.pem' '$W/current.pem'"
tw_swap_statuses "rename" $((N + 20))
stop "$SERVER_PID"

# --- -d DIR, DIR/NAME a symlink flipped with ln -s + mv -T ----------------------
D=$T_TMP/symlink
mkdir -p "$D/A" "$D/B" "$D/sites"
cp "$C/ec-chain.pem" "$D/A/cert.pem"; cp "$C/ec-key.pem" "$D/A/key.pem"
cp "$C/ec2-chain.pem" "$D/B/cert.pem"; cp "$C/ec2-key.pem" "$D/B/key.pem"
ln -s ../A "$D/sites/localhost"
tw_serve -S -d "$D/sites" /bin/echo ok
tw_swap_load "symlink -d" "$PORT" localhost \
	"ln -s ../B '$D/sites/tmp' && mv -T '$D/sites/tmp' '$D/sites/localhost'" \
	"ln -s ../A '$D/sites/tmp' && mv -T '$D/sites/tmp' '$D/sites/localhost'"
tw_swap_statuses "symlink -d" $((N + 20))
stop "$SERVER_PID"

# --- what 1,000 sites in -d cost per connection ------------------------------------
# 200 sequential connections to one site of a 1,000-site directory, to a name
# found in no directory (the default site, after two failed lookups), and to
# the only site of a 1-site directory.  Reported only: the machine is noisy.
K=$T_TMP/k1000 ONE=$T_TMP/k1
mkdir -p "$K" "$ONE/s500.localhost"
for i in $(seq 1 1000); do
	mkdir "$K/s$i.localhost"
	ln -s "$C/ec-chain.pem" "$K/s$i.localhost/cert.pem"
	ln -s "$C/ec-key.pem" "$K/s$i.localhost/key.pem"
done
ln -s "$C/ec-chain.pem" "$ONE/s500.localhost/cert.pem"
ln -s "$C/ec-key.pem" "$ONE/s500.localhost/key.pem"
# per_conn DIR SNI: milliseconds per connection over 200 sequential ones.
per_conn() {
	local out e
	out=$(timeout -k 5 120 "$TW_PY" "$STRESS" --count 200 --parallel 1 --sni "$2" "$PORT")
	e=$(printf '%s\n' "$out" | sed -n 's/.*elapsed=\([0-9.]*\).*/\1/p')
	printf '%s\n' "$out" | grep -q 'failed=0' || { echo "failed: $out"; return; }
	awk -v e="$e" 'BEGIN { printf "%.2f", e * 1000 / 200 }'
}
declare -A MS=()
for round in 1; do
	tw_serve -d "$ONE" -c "$C/ec-combined.pem" /bin/true
	MS[one$round]=$(per_conn "$ONE" s500.localhost)
	stop "$SERVER_PID"
	tw_serve -d "$K" -c "$C/ec-combined.pem" /bin/true
	MS[k$round]=$(per_conn "$K" s500.localhost)
	MS[miss$round]=$(per_conn "$K" nosuch.example)
	stop "$SERVER_PID"
done
diag "per connection (ms, 200 sequential): 1-site dir ${MS[one1]};" \
	"1000-site dir, site s500 ${MS[k1]}; 1000-site dir, unknown name (default) ${MS[miss1]}"
like "${MS[one1]} ${MS[k1]} ${MS[miss1]}" '^[0-9. ]+$' \
	"1000-site measurement: every connection succeeded"

done_testing
