#!/bin/sh
# `make run`: serve www/ over HTTPS on 127.0.0.1:8443 (PORT to change it)
# through ucspi-tcp's tcpserver, tlswrap and httpd-lite, until interrupted.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-8443}
cert=$top/certs/out/ec-combined.pem
cat <<MSG
Serving $top/www/ on https://127.0.0.1:$port/ (Ctrl-C to stop).
The certificate is a throwaway one for localhost, from certs/mkcerts.sh. Try:
    curl --cacert certs/out/ca.pem https://localhost:$port/
    curl -k https://127.0.0.1:$port/
Each connection is one tlswrap + httpd-lite pair; their log lines follow.
MSG
# -R -H: no ident or DNS look-ups; -l0: no local name; -c 40: at most 40
# connections at once.  httpd-lite's -R: serve even though run as root
# (this is a demo; see httpd-lite(8) for -u and -r).
exec tcpserver -RHl0 -c 40 127.0.0.1 "$port" \
	"$top/tlswrap/tlswrap" -c "$cert" -a http/1.1 \
	"$top/httpd-lite/httpd-lite" -R "$top/www"
