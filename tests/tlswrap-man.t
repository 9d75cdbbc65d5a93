#!/bin/bash
# man/tlswrap.8: clean under mandoc's linter, and documents every option,
# exit status and exported variable the tests rely on.
. "$(dirname "$0")/lib.sh"
MAN=$TOP/man/tlswrap.8
[ -f "$MAN" ] || skip_all "man/tlswrap.8 missing"
command -v mandoc >/dev/null || skip_all "mandoc not installed (apt-get install mandoc)"

out=$(mandoc -Tlint -Wwarning "$MAN" 2>&1)
st=$?
is "$st:$out" "0:" "mandoc -Tlint -Wwarning man/tlswrap.8 is clean"

text=$(mandoc -Tascii "$MAN" 2>/dev/null | col -bx)
for o in C a c i k T; do
	printf '%s\n' "$text" | grep -Eq "^ {5}-$o( |\$)"
	ok $? "OPTIONS documents -$o"
done
for s in 96 98 100 111; do
	printf '%s\n' "$text" | grep -Eq "^ {5}$s( |\$)"
	ok $? "EXIT STATUS documents $s"
done
like "$text" '128 \+ N' "EXIT STATUS documents 128 + signal"
for v in CERTFILE KEYFILE LISTEN_FDS LISTEN_PID SSL_PROTOCOL SSL_CIPHER SSL_TLS_SNI_SERVERNAME \
	SSL_ALPN PROTO TCPREMOTEIP TCPREMOTEPORT TCPLOCALIP TCPLOCALPORT LISTEN_FDNAMES TLS_UID; do
	like "$text" "$v" "ENVIRONMENT mentions $v"
done
for sec in NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT FILES 'EXIT STATUS' EXAMPLES \
	SECURITY 'SEE ALSO' STANDARDS; do
	printf '%s\n' "$text" | grep -qx "$sec"
	ok $? "section $sec present"
done
for rfc in 'RFC 5246' 'RFC 7301' 'RFC 6066'; do
	like "$text" "$rfc" "STANDARDS cites $rfc"
done
like "$text" 'https stream tcp nowait root /usr/local/bin/tlswrap tlswrap -c /etc/ssl/site.pem -a http/1.1 /usr/local/bin/httpd-lite /var/www' \
	"EXAMPLES has the inetd.conf line"

# The synopsis's options are the ones tlswrap accepts: each is not "unknown".
if [ -x "${TLSWRAP_UNDER_TEST:-$TLSWRAP}" ]; then
	bin=${TLSWRAP_UNDER_TEST:-$TLSWRAP}
	for o in "-C" "-a x" "-c /dev/null" "-k /dev/null" "-T 5" "-i 5"; do
		# shellcheck disable=SC2086
		err=$(timeout 5 "$bin" $o 2>&1 </dev/null >/dev/null)
		! printf '%s' "$err" | grep -qi 'unknown option'
		ok $? "tlswrap accepts $o ($(printf '%s' "$err" | head -1 | cut -c1-60))"
	done
else
	skip "tlswrap not built: options not cross-checked against the binary"
fi

done_testing
