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
