# dehydrated settings for tlswrap and httpd-lite.  Install as
# /etc/dehydrated/conf.d/tlswrap.sh (root:root 0644): Debian's
# /etc/dehydrated/config reads conf.d/*.sh last, so these win.  The list
# of names stays in /etc/dehydrated/domains.txt, one certificate a line.
#
# Everything dehydrated writes is under its own directory, owned by the
# user acme that runs it: the account key, certs/NAME/ (privkey.pem,
# fullchain.pem... symlinks that it switches at each renewal) and the
# challenge files.  Never the document root, never tlswrap's command line.
BASEDIR=/var/lib/acme
# tls-alpn-01 (RFC 8737): the CA connects to port 443 offering ALPN
# acme-tls/1 and tlswrap -A answers from this directory; no port 80.
CHALLENGETYPE=tls-alpn-01
ALPNCERTDIR=/var/lib/acme/alpn-certs
# http-01 instead (CHALLENGETYPE=http-01): httpd-lite -A on port 80 serves
# /.well-known/acme-challenge/TOKEN from here (see http-run).
WELLKNOWN=/var/lib/acme/acme-challenge
# P-256 keys: tlswrap serves EC P-256/384/521 and RSA up to 4096 bits.
KEY_ALGO=prime256v1
# Renew 30 days before expiry; with 47-day certificates that is every 17
# days, and the daily timer has 30 chances before the old one expires.
RENEW_DAYS=30
# The hook refuses to deploy a pair that tlswrap could not serve.
HOOK=/etc/dehydrated/hook.sh
#CONTACT_EMAIL=hostmaster@example.org
