#!/bin/bash
# httpd-lite's confinement proved from inside the process: an LD_PRELOAD
# probe (tests/tools/llprobe.c) tries to open a file each time httpd-lite
# reads its input, i.e. after Landlock is on.  Outside the docroot: denied
# (EACCES); inside: allowed; with -L: allowed (the control).  Then, behind
# tlswrap on a held connection: NoNewPrivs, seccomp once httpd-lite has it,
# and -R's identity (IDs 0, file system IDs nobody's, no groups).
. "$(dirname "$0")/lib.sh"
[ -x "$HTTPD" ] || skip_all "httpd-lite not built"
CC=${CC:-cc}
need "$CC" tcpserver ps
PROBE_SO=$T_TMP/llprobe.so
"$CC" -shared -fPIC -o "$PROBE_SO" "$TOP/tests/tools/llprobe.c" -ldl 2>"$T_TMP/cc.log" ||
	skip_all "cannot build tests/tools/llprobe.c: $(head -n 1 "$T_TMP/cc.log")"
SAN=
nm "$HTTPD" 2>/dev/null | grep -q __asan_init && SAN="sanitizer build"

R=$T_TMP/root
# As root (-R) httpd-lite opens files with the rights of others, the
# probe's absolute paths included: the way to them must be searchable.
chmod 711 "$T_TMP"
mkdir -p "$R/pub"
printf 'public\n' >"$R/pub/index.txt"
printf 'SECRET\n' >"$R/secret.txt"
chmod -R a+rX "$R"
REQ='GET /index.txt HTTP/1.1\r\nHost: x\r\n\r\n'

# probe_open PATH [OPTION...]: serve one request with the probe opening PATH;
# prints the response status and the probe's verdicts (unique).
probe_open() {
	local path=$1 out
	shift
	out=$(printf '%b' "$REQ" | env LD_PRELOAD="$PROBE_SO" LLPROBE_PATH="$path" \
		ASAN_OPTIONS=verify_asan_link_order=0 "$HTTPD" -R "$@" "$R/pub" 2>"$T_TMP/probe.err")
	printf '%s %s' "$(hl_status "$out")" \
		"$(sed -n 's/^llprobe: open [^:]*: //p' "$T_TMP/probe.err" | sort -u | tr '\n' ' ')"
}

: >"$T_TMP/probe.err"
res=$(probe_open "$R/pub/index.txt" -L)
if ! grep -q '^llprobe:' "$T_TMP/probe.err"; then
	skip "the LD_PRELOAD probe did not run (static build?)"
elif printf '%b' "$REQ" | "$HTTPD" -R "$R/pub" 2>&1 >/dev/null | grep -q 'Landlock unavailable'; then
	skip "Landlock unavailable in this kernel"
else
	is "$res" "200 ok " "control, -L: the probe opens a file in the docroot"
	is "$(probe_open "$R/secret.txt" -L)" "200 ok " "control, -L: the probe opens a file outside the docroot"
	is "$(probe_open "$R/pub/index.txt")" "200 ok " "Landlock: opening a file in the docroot is allowed"
	is "$(probe_open "$R/secret.txt")" "200 errno 13 EACCES " "Landlock: opening a file next to the docroot is denied"
	is "$(probe_open /etc/passwd)" "200 errno 13 EACCES " "Landlock: opening /etc/passwd is denied"
	if [ -n "$SAN" ]; then
		skip "$SAN: Landlock lets LeakSanitizer read /proc (httpd-lite/sandbox.c)"
	else
		is "$(probe_open /proc/self/status)" "200 errno 13 EACCES " "Landlock: opening /proc/self/status is denied"
	fi
	res=$(printf '%b' "$REQ" | env LD_PRELOAD="$PROBE_SO" LLPROBE_PATH="$R/secret.txt" \
		ASAN_OPTIONS=verify_asan_link_order=0 "$HTTPD" -u nobody "$R/pub" 2>"$T_TMP/probe.err" | head -n 1)
	is "$(sed -n 's/^llprobe: open [^:]*: //p' "$T_TMP/probe.err" | sort -u | tr '\n' ' ')" "errno 13 EACCES " \
		"Landlock with -u nobody: a world-readable file outside is denied"
fi

# Behind tlswrap, one connection held open after a response.
TLSWRAP=${TLSWRAP_UNDER_TEST:-$TLSWRAP}
if [ ! -x "$TLSWRAP" ] || ! command -v tcpserver >/dev/null; then
	skip "tlswrap or tcpserver missing: no held connection"
	skip "tlswrap or tcpserver missing: no held connection"
else
	"$TOP/certs/mkcerts.sh" >/dev/null
	tw_serve -c "$CERTS/ec-combined.pem" "$HTTPD" -R "$R/pub"
	hd_probe held "$PORT" send --send "$REQ" --count 1 --hold 30
	tw_wait_file "$T_TMP/held.ready" 10
	HP=$(hd_desc "$SERVER_PID" httpd-lite | head -n 1)
	is "$(hd_field "$HP" NoNewPrivs)" 1 "httpd-lite behind tlswrap: NoNewPrivs: 1"
	if [ -n "$SAN" ]; then
		skip "httpd-lite seccomp: $SAN: seccomp is deliberately off"
	elif ! grep -q seccomp "$TOP/httpd-lite/sandbox.c"; then
		skip "httpd-lite has no seccomp filter yet (httpd-lite/sandbox.c)"
	else
		is "$(hd_field "$HP" Seccomp)" 2 "httpd-lite behind tlswrap: Seccomp: 2 while serving"
	fi
	# -R as root (httpd-lite.8): real, effective, saved IDs 0; file system
	# IDs 4294967294 (65534 where a user namespace does not map it)
	if [ "$(id -u)" != 0 ]; then
		skip "-R as root: the tests do not run as root"
		skip "-R as root: the tests do not run as root"
		skip "-R as root: the tests do not run as root"
	else
		like "$(hd_field "$HP" Uid)" '^0 0 0 (4294967294|65534)$' "httpd-lite -R as root: real and effective UIDs 0, fsuid the unmapped ID"
		like "$(hd_field "$HP" Gid)" '^0 0 0 (4294967294|65534)$' "httpd-lite -R as root: real and effective GIDs 0, fsgid the unmapped ID"
		is "$(hd_field "$HP" Groups)" "" "httpd-lite -R as root: no supplementary groups"
	fi
	hd_release held
	like "$(hd_get held first_line)" '^HTTP/1\.1 200 ' "httpd-lite behind tlswrap: the request was served"
	stop "$SERVER_PID"
fi

done_testing
