#!/bin/bash
# man/tlswrap.8: clean under mandoc's linter, and documents every option
# tlswrap accepts (the letters are taken from the getopt string of
# tlswrap/options.c), every exit status, every variable read or exported,
# and its sections; the binary accepts every option of the SYNOPSIS.
. "$(dirname "$0")/lib.sh"
MAN=$TOP/man/tlswrap.8
[ -f "$MAN" ] || skip_all "man/tlswrap.8 missing"
need mandoc col

out=$(mandoc -Tlint -Wwarning "$MAN" 2>&1)
st=$?
is "$st:$out" "0:" "mandoc -Tlint -Wwarning man/tlswrap.8 is clean"

text=$(mandoc -Tascii "$MAN" 2>/dev/null | col -bx)
# The option letters of the code: getopt's string, without '+', ':'.
optstring=$(sed -n 's/.*getopt(argc, argv, "\([^"]*\)").*/\1/p' "$TOP/tlswrap/options.c")
letters=$(printf '%s' "$optstring" | tr -d '+:' | sed 's/./& /g')
[ -n "$letters" ]
ok $? "option letters found in tlswrap/options.c ($optstring)"
synopsis=$(printf '%s\n' "$text" | sed -n '/^SYNOPSIS$/,/^DESCRIPTION$/p')
for o in $letters; do
	printf '%s\n' "$text" | grep -Eq "^ {5}-$o( |\$)"
	ok $? "OPTIONS documents -$o"
	printf '%s\n' "$synopsis" | grep -Eq -- "-[A-Za-z]*$o"
	ok $? "SYNOPSIS shows -$o"
done
for s in 96 98 100 111; do
	printf '%s\n' "$text" | grep -Eq "^ {5}$s( |\$)"
	ok $? "EXIT STATUS documents $s"
done
like "$text" '128 \+ N' "EXIT STATUS documents 128 + signal"
for s in 0 1 96; do
	printf '%s\n' "$text" | sed -n '/^CHECK MODE$/,/^ENVIRONMENT$/p' | grep -Eq "^ {5}$s( |\$)"
	ok $? "CHECK MODE documents exit status $s"
done
for v in CERTFILE KEYFILE 'CERTFILE:name' 'KEYFILE:name' TLS_UID TLS_GID CAFILE CADIR \
	LISTEN_FDS LISTEN_PID LISTEN_FDNAMES PROTO TCPREMOTEIP TCPREMOTEPORT TCPLOCALIP TCPLOCALPORT \
	TCPREMOTEHOST TCPREMOTEINFO SSL_PROTOCOL SSL_CIPHER SSL_TLS_SNI_SERVERNAME SSL_ALPN \
	SSL_PEER_CERT_HASH SSL_PEER_CERT_SUBJECT SSL_PEER_CERT_ISSUER SSL_PEER_CERT_NOTAFTER; do
	like "$text" "$v" "the page mentions $v"
done
# Every name progenv.c removes from prog's environment is listed as removed.
removed=$(printf '%s\n' "$text" | sed -n '/^ *and without /,/^$/p')
for v in $(sed -n '/private_vars\[\] = {/,/};/p; /private_prefixes\[\] = {/,/};/p' "$TOP/tlswrap/progenv.c" |
	grep -o '"[A-Z_:]*"' | tr -d '"'); do
	printf '%s' "$removed" | tr -s ' \n' '  ' | grep -q -- "$v"
	ok $? "ENVIRONMENT lists $v as removed from prog's environment"
done
for sec in NAME SYNOPSIS DESCRIPTION OPTIONS CERTIFICATES PROCESS 'CHECK MODE' ENVIRONMENT FILES \
	'EXIT STATUS' EXAMPLES DIAGNOSTICS SECURITY 'SEE ALSO' STANDARDS CAVEATS; do
	printf '%s\n' "$text" | grep -qx "$sec"
	ok $? "section $sec present"
done
for rfc in 'RFC 5246' 'RFC 6066' 'RFC 7301' 'RFC 8737' 'RFC 5280' 'RFC 4514' 'PROXY protocol, versions 1 and 2'; do
	like "$text" "$rfc" "STANDARDS cites $rfc"
done
like "$text" 'tlswrap: IP:port: message' "DIAGNOSTICS gives the log line format"
like "$text" 'https stream tcp nowait root /usr/local/bin/stderr-to stderr-to /var/log/tlswrap.log /usr/local/bin/tlswrap -c /etc/ssl/private/https.pem -a http/1.1 /usr/local/bin/httpd-lite -u www-data /var/www' \
	"EXAMPLES has the inetd.conf line, through stderr-to"
for e in tcpserver systemd-socket-activate 'ListenStream=' 's6-log' 'tlswrap -p' 'tlswrap -t -w'; do
	like "$(printf '%s\n' "$text" | sed -n '/^EXAMPLES$/,/^DIAGNOSTICS$/p')" "$e" "EXAMPLES shows $e"
done
flat=$(printf '%s' "$text" | tr -s ' \n' '  ')
grace=$(sed -n 's/^#define PROG_GRACE_S \([0-9]*\).*/\1/p' "$TOP/tlswrap/prog.h")
like "$flat" "waits for prog: $grace seconds, then it sends SIGTERM, $grace seconds more" \
	"the grace before SIGTERM and SIGKILL matches PROG_GRACE_S ($grace s)"

# The synopsis's options are the ones tlswrap accepts: each is not "unknown".
if [ -x "${TLSWRAP_UNDER_TEST:-$TLSWRAP}" ]; then
	bin=${TLSWRAP_UNDER_TEST:-$TLSWRAP}
	for o in "-C" "-p" "-S" "-y" "-Y" "-Z" "-a x" "-c /dev/null" "-c /dev/null -k /dev/null" \
		"-d /nonexistent" "-A /nonexistent" "-T 5" "-i 5" "-u nobody" "-U nobody" "-r /" "-s /nonexistent" \
		"-s /nonexistent -e 5" "-W 5" "-t" "-t -w 5"; do
		# shellcheck disable=SC2086
		err=$(timeout 5 "$bin" $o 2>&1 </dev/null >/dev/null)
		! printf '%s' "$err" | grep -qi 'unknown option\|needs an argument'
		ok $? "tlswrap accepts $o ($(printf '%s' "$err" | head -1 | cut -c1-60))"
	done
	for o in "-k /dev/null" "-c a -c b -c c" "-T 0" "-i 86401" "-e 0" "-w 0" "-W 86401" "-s /x -y" "-x"; do
		# shellcheck disable=SC2086
		timeout 5 "$bin" $o true </dev/null >/dev/null 2>&1
		is "$?" 100 "tlswrap $o: usage error, exit 100 as documented"
	done
else
	skip "tlswrap not built: options not cross-checked against the binary"
fi

done_testing
