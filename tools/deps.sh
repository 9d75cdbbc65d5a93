#!/bin/sh
# Install what the build, `make run`, `make check`, CI or `make bench` need:
#   tools/deps.sh build|run|check|ci|fuzz|bench|list SET
# As root on Debian: apt-get install -y the missing packages, with apt's own
# progress lines.  Elsewhere: name them and stop (exit 1).  `list SET` only
# prints a set's packages (the README's list is checked against it).
set -eu

# Every external command a test or a script runs comes from one of these
# (a test that finds its tool missing fails; it does not skip).
build="make gcc libc6-dev musl-tools libbearssl-dev"
run="$build ucspi-tcp openssl curl"
# procps: ps (hardening tests' process trees); bsdextrautils: col (man
# page test); netbase: /etc/protocols (xinetd); strace: syscall checks;
# iproute2: ss; util-linux: setpriv.
check="$run gnutls-bin mandoc python3 systemd openbsd-inetd s6 socat haproxy pebble dehydrated
	procps bsdextrautils netbase strace iproute2 util-linux"
ci="$check valgrind cppcheck testssl.sh chromium debootstrap"
fuzz="$build clang libclang-rt-14-dev libfuzzer-14-dev"
bench="$run stunnel4 nginx apache2-utils python3 procps lighttpd strace"

set_name=${1:-check}
case $set_name in
list) set_name=${2:-check}; listing=1 ;;
*) listing= ;;
esac
case $set_name in
build) pkgs=$build ;; run) pkgs=$run ;; check) pkgs=$check ;;
ci) pkgs=$ci ;; fuzz) pkgs=$fuzz ;; bench) pkgs=$bench ;;
*) echo "deps.sh: unknown set: $set_name" >&2; exit 100 ;;
esac
# shellcheck disable=SC2086
pkgs=$(printf '%s\n' $pkgs | sort -u | tr '\n' ' ')
if [ -n "$listing" ]; then
	echo "$pkgs"
	exit 0
fi

missing=
if command -v dpkg-query >/dev/null; then
	for p in $pkgs; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $p"
	done
else
	missing=" $pkgs"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "deps.sh: installing for '$set_name':$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	# shellcheck disable=SC2086
	apt-get install -y --no-install-recommends $missing
	exit 0
fi
echo "deps.sh: missing for '$set_name' (Debian package names):$missing" >&2
if command -v apt-get >/dev/null; then
	echo "deps.sh: as root: apt-get install$missing; then retry" >&2
else
	echo "deps.sh: not Debian: install the equivalents with your package manager, then retry" >&2
fi
exit 1
