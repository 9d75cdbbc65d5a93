#!/bin/sh
# Where does a tlswrap connection's CPU go?  Not part of `make bench`.
#
#   bench/profile.sh [connections] [ec|rsa]      (default 300 ec)
#
# Builds HEAD (static binaries, the default, so that perf can name
# BearSSL's static functions: Debian's .so has no symbols for them) under
# bench/work/build-profile, serves a 1 KiB file through tcpserver + tlswrap + httpd-lite
# on 127.0.0.1, records `perf record -g` over N full-handshake connections
# from ab, and prints tlswrap's self time grouped by what it is for, then
# the syscalls of one connection (strace -f -c).  Needs perf (Debian:
# linux-perf) and strace; as root on Debian they are installed if missing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/bench/work
n=${1:-300}
key=${2:-ec}
port=${BENCH_PORT:-18460}
case $key in
ec) cipher=ECDHE-ECDSA-AES128-GCM-SHA256 ;;
rsa) cipher=ECDHE-RSA-AES128-GCM-SHA256 ;;
*) echo "usage: bench/profile.sh [connections] [ec|rsa]" >&2; exit 100 ;;
esac
cd "$top"
tools/deps.sh bench
for t in perf strace; do
	command -v $t >/dev/null && continue
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		pkg=$t; [ $t = perf ] && pkg=linux-perf
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkg >/dev/null
	else
		echo "profile: $t is needed" >&2; exit 1
	fi
done
certs/mkcerts.sh >/dev/null

dst=$work/build-profile
rm -rf "$dst"
mkdir -p "$dst"
git archive HEAD | tar -C "$dst" -xf -
make -s -C "$dst" -j2 CFLAGS="${BENCH_CFLAGS:--O2 -g}" all >"$dst.log" 2>&1 ||
	{ cat "$dst.log" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlswrap-profile.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill -INT "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
mkdir "$tmp/www"
head -c 1024 /dev/zero | tr '\0' x >"$tmp/www/1k"
serve() { # serve WRAPPER...: tcpserver + tlswrap + httpd-lite under WRAPPER
	"$@" tcpserver -RHD -l0 127.0.0.1 "$port" \
		"$dst/tlswrap/tlswrap" -a http/1.1 -c "certs/out/$key-combined.pem" \
		"$dst/httpd-lite/httpd-lite" -R "$tmp/www" 2>"$tmp/log" &
	pid=$!
	i=0
	until curl -skf --tls-max 1.2 -o /dev/null "https://127.0.0.1:$port/1k"; do
		i=$((i + 1)); [ $i -lt 100 ] || { echo "profile: server did not start" >&2; exit 1; }
		sleep 0.05
	done
}
stop() { # perf writes its data on SIGINT; failing that, end tcpserver
	kill -INT "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -0 "$pid" 2>/dev/null && kill -TERM "$(cat /proc/$pid/task/*/children)" 2>/dev/null
	wait "$pid" 2>/dev/null || :
	pid=
}

serve perf record -q -o "$tmp/perf.data" -F 4999 -g --
ab -q -n "$n" -c 1 -f TLS1.2 -Z "$cipher" "https://127.0.0.1:$port/1k" |
	grep -E '^(Failed requests|Requests per second)'
sleep 0.5
stop
echo
echo "Self time by process (all samples):"
perf report -i "$tmp/perf.data" --no-children --sort comm --stdio -g none 2>/dev/null |
	grep '%' | head -5
echo
echo "tlswrap's self time, grouped (percent of tlswrap's samples):"
perf report -i "$tmp/perf.data" --no-children --comm tlswrap --percentage relative \
	--sort dso,sym --stdio -g none 2>/dev/null | grep '%' | python3 -c '
import re, sys, collections
groups = [
    ("P-256 field/point math (ec_p256_m31: ECDSA sign, key check)", r"f256|p256|br_ccopy"),
    ("X25519 (ec_c25519_m31: ECDHE)", r"f255|cswap|c25519"),
    ("big integers (RSA private key op; ECDSA mod n)", r"rsa|i62|i31|i15|montymul|modpow|divrem"),
    ("hashes (SHA-2, SHA-1, PRF, HMAC)", r"sha|hmac|prf|multihash|md5"),
    ("TLS handshake engine (T0 code)", r"br_ssl_hs_server_run"),
    ("PEM decoding (T0 code)", r"pem_decoder"),
    ("X.509 and key decoding (T0 code)", r"x509|skey"),
    ("T0 interpreter helpers", r"t0_"),
    ("records: AES-GCM, ChaCha20, GHASH", r"aes|gcm|ghash|chacha|poly"),
]
where = collections.Counter()
for line in sys.stdin:
    m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[(.)\]\s+(.*)", line)
    if not m:
        continue
    pct, dso, sym = float(m.group(1)), m.group(2), m.group(4).strip()
    if "ld-linux" in dso:
        where["dynamic loader and libc start-up (ld.so)"] += pct
    elif "kernel" in dso:
        where["kernel (exec, page faults, fork, syscalls, TCP)"] += pct
    elif "libc" in dso:
        where["libc"] += pct
    else:
        for name, rx in groups:
            if re.search(rx, sym):
                where[name] += pct
                break
        else:
            where["other"] += pct
for name, pct in where.most_common():
    print("%6.1f%%  %s" % (pct, name))
'
echo
echo "Syscalls of two connections (a probe, then one request; tcpserver, tlswrap, httpd-lite; strace -f -c):"
serve strace -f -c -o "$tmp/strace.txt"
curl -sk --tls-max 1.2 -o /dev/null "https://127.0.0.1:$port/1k"
sleep 0.5
# strace stays until tcpserver exits: end tcpserver, strace's child.
kill -TERM "$(cat /proc/$pid/task/*/children)" 2>/dev/null || :
wait "$pid" 2>/dev/null || :
pid=
head -25 "$tmp/strace.txt"
