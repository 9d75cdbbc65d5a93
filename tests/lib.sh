# Shared helpers for the integration tests (sourced by tests/*.t, run by prove -e bash).
# TAP output; every process a test starts is recorded and ended on exit.
set -u
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TLSWRAP=$TOP/tlswrap/tlswrap
HTTPD=$TOP/httpd-lite/httpd-lite
CERTS=$TOP/certs/out
T_NUM=0
T_FAILED=0
T_PIDS=()
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tlswrap-test.XXXXXX")

t_cleanup() {
	local p
	for p in "${T_PIDS[@]}"; do
		kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null
	done
	for p in "${T_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	# Sanitizer builds (make SANITIZE=1): a report that reached a log file
	# under $T_TMP fails the test file, whatever the assertions saw.
	if p=$(grep -rIlE 'ERROR: (Address|Leak)Sanitizer|runtime error: |Sanitizer has encountered a fatal error' "$T_TMP" 2>/dev/null) &&
		[ -n "$p" ]; then
		for p in $p; do
			echo "# sanitizer report in ${p#"$T_TMP"/}:"
			grep -E -A40 'ERROR: (Address|Leak)Sanitizer|runtime error: |Sanitizer has encountered a fatal error' "$p" | head -n 60 | sed 's/^/#   /'
		done >&2
		rm -rf "$T_TMP"
		exit 1
	fi
	rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 1' INT TERM HUP

# Start a command in the background, in its own process group; its PID is
# recorded for cleanup and left in $BG_PID.
bg() {
	setsid "$@" &
	BG_PID=$!
	T_PIDS+=("$BG_PID")
}

# Stop a process started with bg (its whole group).
stop() {
	kill -TERM -- "-$1" 2>/dev/null || kill -TERM "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

ok() { # ok CONDITION-STATUS DESCRIPTION
	T_NUM=$((T_NUM + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_NUM - $2"
	else
		echo "not ok $T_NUM - $2"
		T_FAILED=$((T_FAILED + 1))
	fi
}

is() { # is GOT EXPECTED DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2" | head -c 2000
	fi
}

like() { # like GOT EXTENDED-REGEX DESCRIPTION
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:   %s\n#   match: %s\n' "$1" "$2" | head -c 2000
	fi
}

skip() { T_NUM=$((T_NUM + 1)); echo "ok $T_NUM # skip $1"; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
# need CMD...: a command a test uses is installed by tools/deps.sh; when it
# is missing the file fails loudly (never a silent pass or a skip).
need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 && continue
		echo "Bail out! $c missing: run tools/deps.sh check as root (or install its package)"
		exit 1
	done
}
diag() { echo "# $*"; }
done_testing() { echo "1..$T_NUM"; [ "$T_FAILED" -eq 0 ]; }

# A free TCP port on 127.0.0.1 (bind to port 0, read what the kernel gave).
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Wait (at most 5 s) until something accepts on 127.0.0.1:$1.
wait_port() {
	local i
	for i in $(seq 1 100); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.05
	done
	echo "# port $1 never opened" >&2
	return 1
}

# Serve "$@" under tcpserver on 127.0.0.1:$PORT; sets PORT and SERVER_PID.
# Superserver's stderr (and the children's) goes to $T_TMP/server.log.
serve() {
	PORT=$(free_port)
	bg tcpserver -RHl0 -c 16 127.0.0.1 "$PORT" "$@" 2>>"$T_TMP/server.log"
	SERVER_PID=$BG_PID
	wait_port "$PORT"
}

# ---- tlswrap integration helpers (tw_*), used by tests/tlswrap-*.t ----
# TLSWRAP_UNDER_TEST=/path runs the tlswrap tests against another build.
TW_CLIENT=$TOP/tests/tools/tlsclient.py
TW_ACCEPT=$TOP/tests/tools/accept1.py
TW_N=0
# The interpreter itself, not a version manager's shim (each shim call costs
# ~0.4 s here, and the tests start a few hundred python processes).
TW_PY=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || TW_PY=python3
# "$TW_PY" -c "$TW_CLOSEFDS" CMD...: run CMD with no descriptor open beyond 0 1 2
# and every signal at its default, as a clean superserver would (the test
# runner may leak descriptors; bash ignores SIGINT and SIGQUIT in background
# jobs, python3 ignores SIGPIPE and SIGXFSZ).
TW_CLOSEFDS='import os, signal, sys
os.closerange(3, os.sysconf("SC_OPEN_MAX"))
for s in signal.valid_signals():
    if s not in (signal.SIGKILL, signal.SIGSTOP):
        try:
            signal.signal(s, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
signal.pthread_sigmask(signal.SIG_SETMASK, [])
os.execvp(sys.argv[1], sys.argv[1:])'

# Common start of a tlswrap test file: pick the binary, make the certificates.
tw_init() {
	TLSWRAP=${TLSWRAP_UNDER_TEST:-$TLSWRAP}
	[ -x "$TLSWRAP" ] || skip_all "$TLSWRAP is not built (run make)"
	"$TOP/certs/mkcerts.sh" >/dev/null || skip_all "certs/mkcerts.sh failed"
}

# Wait (at most $2 seconds, default 20) until file $1 exists and is non-empty.
tw_wait_file() {
	local i n=$(( ${2:-20} * 20 ))
	for i in $(seq 1 "$n"); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# tw_direct [--fd3] [--listen-pid N] [--deadline S] [--leak-fd N] [--] COMMAND...
# Run COMMAND (usually "$TLSWRAP" ...) on the one connection accepted on a
# fresh port.  Sets PORT, TW_STATUS (file: exit=N, signal=N or timeout) and
# TW_ERR (the command's stderr).  Read the status with tw_status.
tw_direct() {
	local opts=()
	while [ $# -gt 0 ]; do
		case $1 in
		--fd3) opts+=(--fd3); shift ;;
		--listen-pid|--deadline|--leak-fd) opts+=("$1" "$2"); shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	TW_N=$((TW_N + 1))
	TW_STATUS=$T_TMP/direct$TW_N.status
	TW_ERR=$T_TMP/direct$TW_N.err
	: > "$TW_ERR"
	bg "$TW_PY" "$TW_ACCEPT" --port-file "$T_TMP/direct$TW_N.port" \
		--status "$TW_STATUS" --stderr "$TW_ERR" "${opts[@]}" -- "$@" \
		</dev/null >/dev/null 2>>"$T_TMP/accept.log"
	tw_wait_file "$T_TMP/direct$TW_N.port" 10 || { PORT=0; return 1; }
	PORT=$(cat "$T_TMP/direct$TW_N.port")
}

# Print the status of the last tw_direct command once it ended (at most $1
# seconds, default 20): exit=N, signal=N, timeout, or "running".
tw_status() {
	if tw_wait_file "$TW_STATUS" "${1:-20}"; then cat "$TW_STATUS"; else echo running; fi
}

# tw_client ARGS...: run tests/tools/tlsclient.py (bounded by its --timeout
# and by timeout(1)); the report lands in $TW_INFO, read it with tw_get.
tw_client() {
	TW_N=$((TW_N + 1))
	TW_INFO=$T_TMP/client$TW_N.info
	timeout -k 5 120 "$TW_PY" "$TW_CLIENT" --info "$TW_INFO" "$@" 2>>"$T_TMP/client.log"
}

# tw_get KEY [INFO-FILE]: one value from a tlsclient report.
tw_get() { sed -n "s/^$1=//p" "${2:-$TW_INFO}" 2>/dev/null; }

# tw_sclient PORT ARGS...: openssl s_client against 127.0.0.1:PORT with stdin
# at EOF; prints its combined output.
tw_sclient() {
	local port=$1; shift
	timeout -k 5 20 openssl s_client -connect "127.0.0.1:$port" "$@" </dev/null 2>&1
}

# tw_serve TLSWRAP-ARGS...: serve "$TLSWRAP" TLSWRAP-ARGS under tcpserver on a
# fresh port.  Sets PORT, SERVER_PID, TW_SLOG (stderr of everything) and
# TW_SSTATUS (one exit=N line per finished connection).
tw_serve() {
	TW_N=$((TW_N + 1))
	TW_SLOG=$T_TMP/serve$TW_N.log
	TW_SSTATUS=$T_TMP/serve$TW_N.status
	: > "$TW_SLOG"
	PORT=$(free_port)
	bg "$TW_PY" -c "$TW_CLOSEFDS" tcpserver -RHl0 -c 16 127.0.0.1 "$PORT" \
		sh -c "\"\$@\"; echo exit=\$? >> '$TW_SSTATUS'" sh "$TLSWRAP" "$@" \
		</dev/null >/dev/null 2>>"$TW_SLOG"
	SERVER_PID=$BG_PID
	wait_port "$PORT" || return 1
	# wait_port's probe was a connection too: let it end, then forget it.
	tw_wait_lines "$TW_SSTATUS" 1 10
	: > "$TW_SSTATUS"
	: > "$TW_SLOG"
}

# Number of lines in file $1 (0 when absent).
tw_lines() { if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi; }

# Wait (at most $3 seconds) until file $1 has at least $2 lines.
tw_wait_lines() {
	local i
	for i in $(seq 1 $(( $3 * 20 ))); do
		[ "$(tw_lines "$1")" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

# True when process $1 is gone or a zombie, waiting at most $2 seconds.
tw_gone() {
	local i st
	for i in $(seq 1 $(( $2 * 20 ))); do
		st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 0
		case $st in ''|Z|X) return 0 ;; esac
		sleep 0.05
	done
	return 1
}

# tw_data BYTES: path of a file of BYTES random bytes (made once per test file).
tw_data() {
	local f=$T_TMP/data.$1
	[ -f "$f" ] || head -c "$1" /dev/urandom > "$f"
	echo "$f"
}

# SHA-256 of a file, hex only.
tw_sha() { sha256sum < "$1" | cut -d' ' -f1; }

# SHA-256 of the DER of the first certificate in PEM file $1.
tw_certfp() { openssl x509 -in "$1" -outform der | sha256sum | cut -d' ' -f1; }

# --- httpd-lite helpers ---------------------------------------------------
# hl ROOT 'REQUEST' [OPTION...]: send REQUEST (backslash escapes such as \r\n
# expanded) to httpd-lite ROOT over pipes; prints the response, appends the
# log to $T_TMP/hl.log.  -R is always passed: the tests run as root.
hl() {
	local root=$1 req=$2
	shift 2
	printf '%b' "$req" | "$HTTPD" -R "$@" "$root" 2>>"$T_TMP/hl.log"
}
# hl_status RESPONSE: the status code of the first response.
hl_status() { printf '%s\n' "$1" | head -n 1 | cut -d' ' -f2; }
# hl_header RESPONSE NAME: the value of the first NAME field (any case).
hl_header() {
	printf '%s\n' "$1" | tr -d '\r' | sed -n '/^$/q;p' |
		grep -i "^$2:" | head -n 1 | sed 's/^[^:]*: *//'
}
# hl_body RESPONSE: everything after the first empty line.
hl_body() { printf '%s' "$1" | sed '1,/^\r\{0,1\}$/d'; }
# hl_statuses RESPONSES: the status codes of all responses, space-separated.
hl_statuses() {
	printf '%s\n' "$1" | grep -aoE 'HTTP/1\.1 [0-9]{3} ' | cut -d' ' -f2 |
		tr '\n' ' ' | sed 's/ $//'
}

# ---- superserver example helpers (ss_*), used by tests/superserver-*.t ----
# The files in examples/ are written for production (port 443, /usr/local/bin,
# /etc/ssl/private/https.pem, /var/www, /var/log); ss_render turns one into a
# test copy on 127.0.0.1, a free port and this tree.

# Common start: skip unless both programs are built; make the certificates,
# the docroot $SS_WWW and the (empty) chain log $SS_LOG.
ss_init() {
	TLSWRAP=${TLSWRAP_UNDER_TEST:-$TLSWRAP}
	[ -x "$TLSWRAP" ] || skip_all "$TLSWRAP is not built (run make)"
	[ -x "$HTTPD" ] || skip_all "$HTTPD is not built (run make)"
	"$TOP/certs/mkcerts.sh" >/dev/null || skip_all "certs/mkcerts.sh failed"
	need curl
	SS_EX=$TOP/examples
	SS_WWW=$T_TMP/www
	SS_LOG=$T_TMP/chain.log
	SS_N=0
	mkdir -p "$SS_WWW" && chmod 755 "$SS_WWW"
	: > "$SS_LOG"
}

# ss_render SRC DST PORT [SED-ARGS...]: copy example SRC to DST with the test
# paths, 127.0.0.1 for 0.0.0.0 and PORT for 443 (then SED-ARGS, if any).
# Fails when a production path is left in DST.
ss_render() {
	local src=$1 dst=$2 port=$3 user=()
	shift 3
	# httpd-lite -u www-data as in the examples; -R where there is no such user.
	id www-data >/dev/null 2>&1 || user=(-e 's/-u www-data/-R/g')
	mkdir -p "$(dirname "$dst")"
	sed -e "s|/usr/local/bin/tlswrap|$TLSWRAP|g" \
	    -e "s|/usr/local/bin/httpd-lite|$HTTPD|g" \
	    -e "s|/usr/local/bin/stderr-to|$SS_EX/stderr-to|g" \
	    -e "s|/etc/ssl/private/https.pem|$CERTS/ec-combined.pem|g" \
	    -e "s|/var/log/tlswrap-https|$T_TMP/s6log|g" \
	    -e "s|/var/log/tlswrap.log|$SS_LOG|g" \
	    -e "s|/var/www|$SS_WWW|g" \
	    -e "s|0\.0\.0\.0|127.0.0.1|g" \
	    -e "s|\\b443\\b|$port|g" "${user[@]}" "$@" "$src" > "$dst" || return 1
	[ -x "$src" ] && chmod 755 "$dst"
	if grep -nE '/usr/local/bin/|/etc/ssl/|/var/www|/var/log/|0\.0\.0\.0' "$dst" | grep -v '^[0-9]*:[[:space:]]*#'; then
		echo "# ss_render: production path left in $dst" >&2
		return 1
	fi
}

# ss_get PORT NAME: GET https://localhost:PORT/NAME on 127.0.0.1, the name
# checked against the test CA; prints the body (curl errors in curl.log).
ss_get() {
	timeout -k 2 15 curl -sS --max-time 10 --cacert "$CERTS/ca.pem" \
		--resolve "localhost:$1:127.0.0.1" "https://localhost:$1/$2" \
		2>>"$T_TMP/curl.log"
}

# ss_wait_grep FILE ERE SECS: wait until FILE has a line matching ERE.
ss_wait_grep() {
	local i
	for i in $(seq 1 $(( $3 * 20 ))); do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# ss_check PORT LOGFILE WHAT: two tests.  A GET through the chain on PORT of a
# fresh file returns its body; httpd-lite's log line for that request, with
# the client address 127.0.0.1 and the TLS cipher, reaches LOGFILE (10 s).
ss_check() {
	local port=$1 log=$2 what=$3 name body re got
	SS_N=$((SS_N + 1))
	name=ss$SS_N-$port.txt
	body="hello from $what, request $SS_N, $RANDOM"
	printf '%s\n' "$body" > "$SS_WWW/$name" && chmod 644 "$SS_WWW/$name"
	got=$(ss_get "$port" "$name")
	is "$got" "$body" "$what: HTTPS GET through the chain returns the file"
	re="httpd-lite: 127\\.0\\.0\\.1 GET \"/$name\" 200 [0-9]+ ECDHE-"
	# Wait for the line only when the request got through.
	[ "$got" = "$body" ] && ss_wait_grep "$log" "$re" 10
	like "$(grep -F "/$name" "$log" 2>/dev/null)" "$re" \
		"$what: the log line names client 127.0.0.1 and the cipher"
}

# ss_deb_bin PKG FILE: print the path of FILE (e.g. /usr/sbin/xinetd) of
# Debian package PKG: the installed one, else FILE unpacked from PKG's .deb
# (apt-get download, kept in ~/.cache/tlswrap-tests/PKG).  For packages that
# cannot be installed beside the others: xinetd conflicts with openbsd-inetd
# (both provide inet-superserver).  Fails when neither works.
ss_deb_bin() {
	local pkg=$1 file=$2 dir
	if dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q 'install ok installed' &&
		[ -x "$file" ]; then
		echo "$file"
		return 0
	fi
	dir=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/tlswrap-tests/$pkg
	if [ ! -x "$dir/root$file" ]; then
		command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || return 1
		rm -rf "$dir" && mkdir -p "$dir" || return 1
		if ! (cd "$dir" && timeout 120 apt-get download -q "$pkg") >/dev/null 2>&1; then
			# A stale package list names a version the mirror no longer has.
			[ "$(id -u)" = 0 ] || return 1
			timeout 300 apt-get update -qq >/dev/null 2>&1 || return 1
			(cd "$dir" && timeout 120 apt-get download -q "$pkg") >/dev/null 2>&1 || return 1
		fi
		dpkg-deb -x "$dir"/*.deb "$dir/root" || return 1
	fi
	[ -x "$dir/root$file" ] && echo "$dir/root$file"
}

# tw_todo CONDITION-STATUS DESCRIPTION REASON: a TAP TODO test, for a known
# limitation documented in the man page; prove reports it when it passes.
tw_todo() {
	T_NUM=$((T_NUM + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_NUM - $2 # TODO $3"
	else
		echo "not ok $T_NUM - $2 # TODO $3"
	fi
}

# ---- SNI sites, check mode, certificate swaps (tests/tlswrap-sni.t, -check.t,
# -swap.t, -stress.t) ----

# tw_peerfp PORT S_CLIENT-ARGS...: SHA-256 (hex, as tw_certfp prints it) of the
# leaf certificate the server on 127.0.0.1:PORT presents; "none" when the
# handshake gave no certificate.
tw_peerfp() {
	local port=$1 pem
	shift
	pem=$(timeout -k 5 20 openssl s_client -connect "127.0.0.1:$port" "$@" </dev/null 2>/dev/null |
		sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p')
	if [ -z "$pem" ]; then echo none; return 0; fi
	printf '%s\n' "$pem" | openssl x509 -outform der 2>/dev/null | sha256sum | cut -d' ' -f1
}

# tw_fpname FP: the name of the leaf in certs/out with that SHA-256 ("ec",
# "ec2", "rsa", "p384", ... for ec-cert.pem, ec2-cert.pem, ...), else FP as is.
# Call tw_fpnames_load once at the top level (after tw_init): tw_fpname is
# mostly called in $(...), where a table it filled itself would be lost.
declare -A TW_FPNAMES=()
tw_fpnames_load() {
	local f
	for f in "$CERTS"/*-cert.pem; do
		TW_FPNAMES[$(tw_certfp "$f")]=$(basename "$f" -cert.pem)
	done
}
tw_fpname() {
	[ "${#TW_FPNAMES[@]}" -gt 0 ] || tw_fpnames_load
	echo "${TW_FPNAMES[$1]:-$1}"
}

# tw_site DIR NAME CERT [KEY [CERT2 [KEY2]]]: make the -d site DIR/NAME with
# copies of CERT as cert.pem, KEY as key.pem, CERT2 as cert2.pem and KEY2 as
# key2.pem; a KEY or KEY2 of "-" (or none) leaves that key file out.
tw_site() {
	local d=$1/$2
	mkdir -p "$d" || return 1
	cp "$3" "$d/cert.pem" || return 1
	[ "${4:--}" = - ] || cp "$4" "$d/key.pem" || return 1
	[ -z "${5:-}" ] || cp "$5" "$d/cert2.pem" || return 1
	[ "${6:--}" = - ] || cp "$6" "$d/key2.pem" || return 1
}

# tw_serve_env NAME=VALUE... -- TLSWRAP-ARGS...: tw_serve with variables in
# tlswrap's environment, such as CERTFILE:name (bash cannot export a name
# with ':'; env(1) can).
tw_serve_env() {
	local vars=() real=$TLSWRAP rc
	while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	TLSWRAP=env
	tw_serve "${vars[@]}" "$real" "$@"
	rc=$?
	TLSWRAP=$real
	return $rc
}

# ss_diag FILE...: on failure, the last lines of each FILE (and of curl's
# errors) as TAP comments.
ss_diag() {
	local f
	[ "$T_FAILED" -eq 0 ] && return 0
	for f in "$@" "$T_TMP/curl.log"; do
		[ -s "$f" ] || continue
		diag "${f#"$T_TMP"/}:"
		tail -n 20 "$f" | sed 's/^/#   /'
	done
}

# ---- hardening helpers (hd_*), used by tests/*-hardening.t and
# tests/hardening-bounds.t: process trees, /proc facts, held connections ----
HD_PROBE=$TOP/tests/tools/tlsprobe.py

# hd_desc ROOT [COMM]: PIDs of the descendants of process ROOT, nearest
# first, only those whose command name is COMM when given.  Only the tree
# of a process the test started is looked at: never other tests' processes.
hd_desc() {
	local table
	# ps missing or failing must not read as "no process left": stop the
	# test file (this runs in a command substitution, so signal the test).
	table=$(ps -e -o pid=,ppid=,comm=) || {
		echo "Bail out! ps failed: run tools/deps.sh check (procps)" >&2
		kill -TERM $$
		exit 1
	}
	printf '%s\n' "$table" | awk -v root="$1" -v want="${2:-}" '
		{ pid[NR] = $1; ppid[NR] = $2; comm[NR] = $3 }
		END {
			in_tree[root] = 1
			do {
				grew = 0
				for (i = 1; i <= NR; i++)
					if (!(pid[i] in in_tree) && (ppid[i] in in_tree)) {
						in_tree[pid[i]] = 1; grew = 1; order[++n] = i
					}
			} while (grew)
			for (k = 1; k <= n; k++)
				if (want == "" || comm[order[k]] == want)
					print pid[order[k]]
		}'
}

# hd_wait_desc ROOT COMM SECS: wait until ROOT has a descendant named COMM;
# print the nearest one's PID.
hd_wait_desc() {
	local i p
	for i in $(seq 1 $(( $3 * 20 ))); do
		p=$(hd_desc "$1" "$2" | head -n 1)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.05
	done
	return 1
}

# hd_wait_nodesc ROOT SECS [COMM]: wait until ROOT has no descendant (named
# COMM), zombies aside; true when that happened within SECS seconds.
hd_wait_nodesc() {
	local i p st alive
	for i in $(seq 1 $(( $2 * 20 ))); do
		alive=
		for p in $(hd_desc "$1" "${3:-}"); do
			st=$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$p/stat" 2>/dev/null)
			case $st in ''|Z|X) ;; *) alive=1 ;; esac
		done
		[ -z "$alive" ] && return 0
		sleep 0.05
	done
	return 1
}

# hd_field PID NAME: the value of field NAME in /proc/PID/status, its
# whitespace squeezed to single spaces ("" when there is no such process).
hd_field() {
	awk -v f="$2:" '$1 == f { $1 = ""; sub(/^ +/, ""); print; exit }' \
		"/proc/$1/status" 2>/dev/null
}

# hd_kb PID NAME: a /proc/PID/status size field (VmRSS, VmHWM...) in kB.
hd_kb() { hd_field "$1" "$2" | awk '{print $1 + 0}'; }

# hd_cpu PID: user + system CPU time of PID so far, in clock ticks.
hd_cpu() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null; }

# hd_probe NAME PORT MODE ARGS...: run tests/tools/tlsprobe.py in the background;
# its report goes to $T_TMP/NAME.out, its --ready file is $T_TMP/NAME.ready
# and creating $T_TMP/NAME.release ends its hold.  Sets HD_PROBE_PID.
hd_probe() {
	local name=$1 port=$2 mode=$3
	shift 3
	rm -f "$T_TMP/$name.ready" "$T_TMP/$name.release" "$T_TMP/$name.out"
	bg timeout -k 5 120 python3 "$HD_PROBE" --ready "$T_TMP/$name.ready" \
		--release "$T_TMP/$name.release" "$@" "$port" "$mode" \
		>"$T_TMP/$name.out" 2>>"$T_TMP/probe.log"
	HD_PROBE_PID=$BG_PID
}

# hd_release NAME: end the hold of probe NAME and wait for its report.
hd_release() {
	: > "$T_TMP/$1.release"
	wait "$HD_PROBE_PID" 2>/dev/null
	return 0
}

# hd_get NAME KEY: one value from probe NAME's report.
hd_get() { sed -n "s/^$2=//p" "$T_TMP/$1.out" 2>/dev/null; }

# ---- HAProxy and PROXY protocol helpers (hp_*), used by tests/tlswrap-proxy.t
# and tests/haproxy-*.t ----
HP_CLIENT=$TOP/tests/tools/proxyclient.py

# hp_init: tw_init; haproxy and curl must be there, httpd-lite built.
hp_init() {
	tw_init
	[ -x "$HTTPD" ] || skip_all "$HTTPD is not built (run make)"
	need curl haproxy
}

# hp_wait_port IP PORT [SECS]: wait (default 5 s) until something accepts on IP:PORT.
hp_wait_port() {
	local i
	for i in $(seq 1 $(( ${3:-5} * 20 ))); do
		(exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
		sleep 0.05
	done
	echo "# $1:$2 never opened" >&2
	return 1
}

# hp_backend NAME IP PORT TLSWRAP-ARGS...: tcpserver -v on IP:PORT running
# "$TLSWRAP" TLSWRAP-ARGS; its stderr and the chain's in $T_TMP/NAME.log.
# Sets HP_BPID (tcpserver's PID).  tcpserver's "ok" lines name the address
# it saw; tlswrap's and httpd-lite's lines the one the PROXY header gave.
hp_backend() {
	local name=$1 ip=$2 port=$3
	shift 3
	: > "$T_TMP/$name.log"
	bg python3 -c "$TW_CLOSEFDS" tcpserver -vRHl0 -c 40 "$ip" "$port" "$TLSWRAP" "$@" \
		</dev/null >/dev/null 2>>"$T_TMP/$name.log"
	HP_BPID=$BG_PID
	hp_wait_port "$ip" "$port"
}

# hp_start CONFIG IP PORT: run haproxy -f CONFIG in the foreground (-db) and
# wait until it accepts on IP:PORT; sets HP_PID, log in $T_TMP/haproxy.log.
hp_start() {
	haproxy -c -q -f "$1" >>"$T_TMP/haproxy.log" 2>&1 || return 1
	bg haproxy -f "$1" -db </dev/null >>"$T_TMP/haproxy.log" 2>&1
	HP_PID=$BG_PID
	hp_wait_port "$2" "$3"
}

# hp_curl IP PORT PATH [CURL-ARGS...]: HTTPS GET of https://localhost:PORT/PATH
# through IP, from source address 127.0.0.2; prints the body.
hp_curl() {
	local ip=$1 port=$2 path=$3
	shift 3
	timeout -k 2 15 curl -sS --max-time 10 --interface 127.0.0.2 --cacert "$CERTS/ca.pem" \
		--resolve "localhost:$port:$ip" "$@" "https://localhost:$port/$path" \
		2>>"$T_TMP/curl.log"
}

# ---- certificate swaps under load (tests/tlswrap-stress.t, -swap.t) ----
# Callers set N (connections), SWAPS (swaps in all, even: the pair served
# at the end is the first one again), FA and FB (tw_certfp of the leaf
# served after an even and an odd number of swaps).
TW_STRESS=$TOP/tests/tools/tlsstress.py

# tw_swap_judge LABEL ROWS-FILE SUMMARY: the checks on tlsstress.py's rows;
# the certificate after k swaps is FA for even k, FB for odd k.
tw_swap_judge() {
	local label=$1 rows=$2 summary=$3 failed a b other wrong last
	failed=$(grep -c ' FAIL:' "$rows")
	a=$(awk -v f="$FA" '$6 == f' "$rows" | wc -l)
	b=$(awk -v f="$FB" '$6 == f' "$rows" | wc -l)
	other=$(awk -v a="$FA" -v b="$FB" '$6 != a && $6 != b && $6 !~ /^FAIL:/' "$rows" | wc -l)
	wrong=$(awk -v a="$FA" -v b="$FB" '$4 == $5 && $6 != ($4 % 2 ? b : a)' "$rows" | wc -l)
	last=$(awk -v s="$SWAPS" -v a="$FA" -v b="$FB" '$4 == s { n++; if ($6 != (s % 2 ? b : a)) bad++ }
		END { printf "%d/%d", bad + 0, n + 0 }' "$rows")
	diag "$label: connections=$(wc -l < "$rows") failed=$failed A=$a B=$b other=$other" \
		"stale=$wrong started after the last swap=${last#*/} ($summary)"
	is "$(wc -l < "$rows" | tr -d ' ')" "$N" "$label: $N connections made"
	is "$failed" 0 "$label: no connection failed"
	grep -m 3 ' FAIL:' "$rows" | sed 's/^/#   /'
	is "$other" 0 "$label: every connection was shown one of the two leaves (chain verified)"
	like "$summary" "swaps=$SWAPS( |\$)" "$label: $SWAPS swaps made during the run"
	[ "$a" -gt 0 ] && [ "$b" -gt 0 ]
	ok $? "$label: both certificates were served"
	is "$wrong" 0 "$label: no swap overlapped => the certificate current at its start"
	like "$last" '^0/[1-9]' "$label: every connection started after the last swap got the new one"
}

# tw_swap_load LABEL PORT SNI SWAP-CMD-1 SWAP-CMD-2: N connections, 8 at a
# time, to 127.0.0.1:PORT while SWAPS swaps run (sh -c, the two commands in
# turn, spread over the run); judged as above; then 20 more connections,
# which must all be shown FA.
tw_swap_load() {
	local label=$1 port=$2 sni=$3 tag sum out
	tag=$(printf '%s' "$label" | tr -c 'A-Za-z0-9' _)
	sum=$(timeout -k 5 300 "$TW_PY" "$TW_STRESS" --count "$N" --parallel 8 \
		--cafile "$CERTS/ca.pem" --sni "$sni" --out "$T_TMP/$tag.rows" \
		--swaps "$SWAPS" --swap "$4" --swap "$5" "$port" 2>&1)
	tw_swap_judge "$label" "$T_TMP/$tag.rows" "$sum"
	out=$(timeout -k 5 120 "$TW_PY" "$TW_STRESS" --count 20 --parallel 4 \
		--cafile "$CERTS/ca.pem" --sni "$sni" --out "$T_TMP/after.rows" "$port")
	is "$(awk '{print $6}' "$T_TMP/after.rows" | sort -u | tr '\n' ' ')" "$FA " \
		"$label: 20 connections after the run all get the first leaf again ($out)"
}

# tw_swap_statuses LABEL COUNT: tlswrap's exit statuses under tw_serve.
tw_swap_statuses() {
	tw_wait_lines "$TW_SSTATUS" "$2" 20
	is "$(sort "$TW_SSTATUS" | uniq -c | sed 's/^ *//' | tr '\n' ' ')" "$2 exit=0 " \
		"$1: tlswrap exited 0 for all $2 connections"
}
