#!/bin/sh
# Install what the build, `make run`, `make check` or `make bench` need.
# As root on Debian: apt-get install -y the missing packages.  Elsewhere:
# name them and stop.
set -eu
case ${1:-check} in
build) pkgs="libc6-dev libbearssl-dev" ;;
run)   pkgs="libc6-dev libbearssl-dev ucspi-tcp openssl curl" ;;
check) pkgs="libc6-dev libbearssl-dev ucspi-tcp openssl curl gnutls-bin mandoc python3 systemd openbsd-inetd s6 socat haproxy" ;;
fuzz)  pkgs="clang libclang-rt-14-dev libfuzzer-14-dev libbearssl-dev" ;;
ci)    pkgs="valgrind cppcheck testssl.sh chromium" ;;
bench) pkgs="libc6-dev libbearssl-dev ucspi-tcp openssl curl stunnel4 nginx apache2-utils python3 lighttpd strace" ;;
*) echo "deps.sh: unknown set: $1" >&2; exit 100 ;;
esac
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "deps.sh: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	exit 0
fi
echo "deps.sh: missing packages:$missing" >&2
echo "deps.sh: install them (Debian: sudo apt-get install$missing), then retry" >&2
exit 1
