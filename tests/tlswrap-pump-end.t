#!/bin/bash
# How the pump ends (issue #10): a poll() error other than EINTR ends it
# (it looped forever); prog closing its stdout while decrypted client bytes
# wait for it gets them before close_notify (BearSSL drops them after); a
# client that resets the connection after a complete exchange (browsers,
# ab) is a normal end, not "connection lost", while a reset in the middle of
# a download still is one.
. "$(dirname "$0")/lib.sh"
tw_init
EC=(-c "$CERTS/ec-combined.pem")
# The log of the last connection, without a sanitizer build's seccomp warning.
logged() { grep -v 'warning: seccomp off in a sanitizer build' "$TW_ERR"; }
conn() { # conn [--deadline S] TLSWRAP-AND-PROG-ARGS... -- CLIENT-ARGS...
	local a=()
	while [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	tw_direct --deadline 20 "$TLSWRAP" "${a[@]}"
	tw_client "$PORT" "$@"
}

# --- poll() failing: RLIMIT_NOFILE lowered under the running pump makes
# every poll() of 2 or more descriptors fail with EINVAL. ------------------
need prlimit
PPIDF=$T_TMP/ppid
tw_direct --deadline 20 "$TLSWRAP" "${EC[@]}" sh -c \
	'echo $PPID > "$1"; sleep 1; echo late; sleep 1; echo later' sh "$PPIDF"
bg timeout -k 2 20 "$TW_PY" "$TW_CLIENT" --timeout 15 --info "$T_TMP/poll.info" "$PORT" wait-eof
tw_wait_file "$PPIDF" 10
prlimit --pid "$(cat "$PPIDF")" --nofile=1:1
ok $? "prlimit lowered tlswrap's descriptor limit under the pump"
t0=$(date +%s)
st=$(tw_status 15)
like "$st" "^exit=[0-9]+$" "poll() fails with EINVAL: tlswrap ends (exit status prog's: $st), does not loop"
ok $(( $(date +%s) - t0 <= 8 ? 0 : 1 )) "poll() failure: ended within 8 s"
like "$(cat "$TW_ERR")" 'poll: Invalid argument' "poll() failure logged with its errno: 'poll: Invalid argument'"

# --- prog closes its stdout first, keeps reading stdin ----------------------
# The client sends 2 MiB at once; prog reads nothing for a second (the
# 256 KiB pipe fills, one decrypted record waits in the engine), closes its stdout,
# then reads.  What was decrypted before close_notify reaches prog, in
# order; the rest the client sent is dropped by BearSSL, as TLS 1.2 allows
# once close_notify is sent (RFC 5246 7.2.1), and the connection ends at
# once rather than after -T.
f=$(tw_data 2097152)
PIPE=262144	# PIPE_BUFFER_SIZE, tlswrap/prog.h
out=$T_TMP/half.out
t0=$(date +%s)
conn -T 8 "${EC[@]}" sh -c 'sleep 1; exec 1>&-; sleep 1; exec cat > "$1"' sh "$out" \
	-- --timeout 15 "send:$f" wait-eof
st=$(tw_status 15)
el=$(( $(date +%s) - t0 ))
is "$st" "exit=0" "prog closed stdout first: tlswrap exit 0"
n=$(stat -c %s "$out" 2>/dev/null || echo 0)
ok $(( n > PIPE ? 0 : 1 )) "prog got more than the pipe held: the decrypted record waiting in the engine too ($n bytes)"
is "$(head -c "$n" "$f" | tw_sha /dev/stdin)" "$(tw_sha "$out")" "what prog got is the client's bytes, in order, nothing skipped"
ok $(( el < 7 ? 0 : 1 )) "the connection ended without waiting for the -T 8 linger (${el} s)"
is "$(grep -c 'did not close' "$TW_ERR")" 0 "no 'client did not close after close_notify'"

# --- the client resets after a complete exchange ----------------------------
# Answer and exit: our close_notify meets the client's RST.
conn "${EC[@]}" sh -c 'head -c 4 >/dev/null; echo answer' -- "str:ping" wait-str:answer abort
is "$(tw_status 10)" "exit=0" "RST after the answer (prog exited): exit status prog's (0)"
is "$(logged)" "" "RST after the answer (prog exited): nothing logged"
# Keep-alive: prog waits for more, the client resets instead.
conn "${EC[@]}" sh -c 'head -c 4 >/dev/null; echo answer; exec cat' -- "str:ping" wait-str:answer abort
is "$(tw_status 10)" "exit=0" "RST on an idle keep-alive connection: exit status prog's (0)"
is "$(logged)" "" "RST on an idle keep-alive connection: nothing logged"
# Mid-download: a real loss, logged.  The client stops reading first, so
# that records are surely waiting for it when it resets.
conn "${EC[@]}" sh -c 'exec cat /dev/zero' -- wait-bytes:1048576 pause:1 abort
st=$(tw_status 10)
like "$st" '^(exit=[0-9]+|signal=13)$' "RST mid-download: tlswrap ends ($st)"
like "$(cat "$TW_ERR")" 'connection lost: (Connection reset by peer|Broken pipe)' \
	"RST mid-download: still logged as connection lost ($(cat "$TW_ERR"))"
done_testing
