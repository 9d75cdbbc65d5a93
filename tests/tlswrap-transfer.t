#!/bin/bash
# tlswrap's pump: byte-exact transfers in each direction and both at once,
# half-close both ways, close_notify, prog's exit status, prog ending early,
# client vanishing, idle timeout.
. "$(dirname "$0")/lib.sh"
tw_init
EC=(-c "$CERTS/ec-combined.pem")

# One connection: prog PROG-ARGS..., client STEPS...; leaves TW_INFO, TW_STATUS.
conn() { # conn TLSWRAP-AND-PROG-ARGS... -- CLIENT-ARGS...
	local a=()
	while [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	tw_direct "$TLSWRAP" "${a[@]}"
	tw_client "$PORT" "$@"
}

for size in 0 1 16383 16384 16385 1048576 67108864; do
	f=$(tw_data "$size")
	sum=$(tw_sha "$f")
	g=$T_TMP/other.$size
	head -c "$size" /dev/urandom > "$g"
	gsum=$(tw_sha "$g")

	# client -> prog: prog hashes what it read; the answer comes after the
	# client's half-close.
	conn "${EC[@]}" sha256sum -- --recv "$T_TMP/ans" "send:$f" shut wait-eof
	is "$(tw_get status) $(tw_get sent)" "0 $size" "upload $size B: client sent everything"
	is "$(cut -d' ' -f1 "$T_TMP/ans")" "$sum" "upload $size B: prog read it byte-exact, its answer came back"
	is "$(tw_status)" "exit=0" "upload $size B: tlswrap exit 0"

	out=$T_TMP/up.$size
	conn "${EC[@]}" sh -c 'cat > "$1"' sh "$out" -- "send:$f" shut wait-eof
	st=$(tw_status)
	is "$(tw_sha "$out")" "$sum" "upload $size B: prog's stdin is byte-exact"
	is "$st" "exit=0" "upload $size B (to file): tlswrap exit 0"

	# prog -> client.
	conn "${EC[@]}" cat "$f" -- wait-eof
	is "$(tw_get recv_sha256) $(tw_get received)" "$sum $size" "download $size B: byte-exact"
	is "$(tw_get eof_notify)" true "download $size B: ended by close_notify"
	is "$(tw_status)" "exit=0" "download $size B: tlswrap exit 0"

	# Echo through cat: both directions flow at the same time.
	conn "${EC[@]}" cat -- "send:$f" shut wait-eof
	is "$(tw_get recv_sha256) $(tw_get received)" "$sum $size" "echo $size B through cat: byte-exact"
	is "$(tw_status)" "exit=0" "echo $size B: tlswrap exit 0"

	# Two independent streams at once.
	out=$T_TMP/both.$size
	conn "${EC[@]}" sh -c 'cat "$1" & cat > "$2"; wait' sh "$g" "$out" -- "send:$f" shut wait-eof
	st=$(tw_status)
	is "$(tw_get recv_sha256) $(tw_get received)" "$gsum $size" "both ways $size B: prog->client byte-exact"
	is "$(tw_sha "$out")" "$sum" "both ways $size B: client->prog byte-exact"
	is "$st" "exit=0" "both ways $size B: tlswrap exit 0"
	rm -f "$g" "$T_TMP/up.$size" "$out"
done
rm -f "$T_TMP"/data.67108864

# Half-close, server side first: prog closes its stdout, still reads stdin.
f=$(tw_data 1048576)
out=$T_TMP/late
conn "${EC[@]}" sh -c 'echo early; exec >&-; cat > "$1"; echo done > "$1.done"' sh "$out" -- \
	'wait-str:early\n' wait-eof sleep:0.3 "send:$f" shut sleep:0.5
is "$(tw_get eof_notify)" true "prog closed stdout: client got close_notify"
is "$(tw_get eof_tcp)" true "prog closed stdout: client got TCP EOF"
is "$(tw_get received)" 6 "prog closed stdout: exactly its output arrived first"
tw_wait_file "$out.done" 10
ok $? "prog closed stdout: prog still got EOF on stdin after the client's half-close"
[ "$(tw_sha "$out" 2>/dev/null)" = "$(tw_sha "$f")" ]
tw_todo $? "prog closed stdout: client's later 1 MiB still reached prog" \
	"BearSSL discards application data after its close_notify (man page CAVEATS)"
is "$(tw_status)" "exit=0" "prog closed stdout: tlswrap exit 0"

# Half-close, client side first (TCP SHUT_WR, no close_notify): prog sees EOF,
# then its output keeps flowing.
big=$(tw_data 1048576)
conn "${EC[@]}" sh -c 'n=$(wc -c); echo "got $n"; cat "$1"' sh "$big" -- "send:$f" shut wait-eof
{ echo "got 1048576"; cat "$big"; } > "$T_TMP/expect"
is "$(tw_get recv_sha256)" "$(tw_sha "$T_TMP/expect")" "client half-close: prog saw EOF, then 1 MiB came back intact"
is "$(tw_get eof_notify)" true "client half-close: tlswrap ended with close_notify"
is "$(tw_status)" "exit=0" "client half-close: tlswrap exit 0"

# Client sends close_notify: prog sees EOF, tlswrap ends cleanly.
out=$T_TMP/cn
conn "${EC[@]}" sh -c 'cat > "$1"; echo eof > "$1.eof"' sh "$out" -- "send:$f" notify wait-eof
is "$(tw_get status)" 0 "client close_notify: connection ended (no client timeout)"
tw_wait_file "$out.eof" 10
ok $? "client close_notify: prog saw EOF on stdin"
is "$(tw_sha "$out")" "$(tw_sha "$f")" "client close_notify: data before it arrived intact"
is "$(tw_status 10)" "exit=0" "client close_notify: tlswrap exit 0"

# prog's exit status is tlswrap's.
for c in 'exit 0:exit=0' 'exit 7:exit=7' 'exit 255:exit=255' 'kill -TERM $$:exit=143' \
	'kill -KILL $$:exit=137' 'kill -SEGV $$:exit=139'; do
	conn "${EC[@]}" sh -c "echo hi; ${c%%:*}" -- wait-eof
	is "$(tw_get received)" 3 "prog '${c%%:*}': its output arrived"
	is "$(tw_status)" "${c#*:}" "prog '${c%%:*}': tlswrap ${c#*:}"
done

# prog exits early while the client is still sending 64 MiB.
big=$T_TMP/big
head -c 67108864 /dev/zero > "$big"
conn "${EC[@]}" sh -c 'head -c 1000 >/dev/null; echo bye; exit 3' -- --timeout 30 "send:$big" wait-eof
is "$(tw_status 15)" "exit=3" "prog exits early: tlswrap exits with its status 3"
like "$(tw_get status)" '^[012]$' "prog exits early: client is not left hanging (status $(tw_get status): $(tw_get error))"

# Client vanishes (RST) while prog writes without end.
conn "${EC[@]}" sh -c 'echo $$ > "$1"; exec cat /dev/zero' sh "$T_TMP/pid1" -- wait-bytes:1048576 abort
st=$(tw_status 10)
is "$st" exit=141 "client vanishes, prog writing (killed by SIGPIPE): tlswrap gone within 10 s ($st)"
tw_gone "$(cat "$T_TMP/pid1")" 10
ok $? "client vanishes, prog writing: prog gone within 10 s"

# Client vanishes (RST) while prog reads.
conn "${EC[@]}" sh -c 'echo $$ > "$1"; exec cat > /dev/null' sh "$T_TMP/pid2" -- "send:$f" abort
st=$(tw_status 10)
is "$st" exit=0 "client vanishes, prog reading (EOF, exits 0): tlswrap gone within 10 s ($st)"
tw_gone "$(cat "$T_TMP/pid2")" 10
ok $? "client vanishes, prog reading: prog gone within 10 s"

# Client closes (FIN, no close_notify, nothing more to read) mid-download.
conn "${EC[@]}" sh -c 'echo $$ > "$1"; exec cat /dev/zero' sh "$T_TMP/pid3" -- wait-bytes:65536 close
st=$(tw_status 10)
is "$st" exit=141 "client closes mid-download (prog killed by SIGPIPE): tlswrap gone within 10 s ($st)"
tw_gone "$(cat "$T_TMP/pid3")" 10
ok $? "client closes mid-download: prog gone within 10 s"

# No unbounded buffering: while one side stalls, tlswrap stops reading the other.
hwm() { sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status" 2>/dev/null; }
big=$(tw_data 67108864)
tw_direct "$TLSWRAP" "${EC[@]}" sh -c 'echo $PPID > "$1"; sleep 3; exec sha256sum' sh "$T_TMP/twpid1"
timeout 60 "$TW_PY" "$TW_CLIENT" --info "$T_TMP/stall1.info" --recv "$T_TMP/stall1.ans" "$PORT" \
	"send:$big" shut wait-eof 2>>"$T_TMP/client.log" &
cl=$!
sleep 2
m=$(hwm "$(cat "$T_TMP/twpid1")")
wait "$cl"
like "${m:-none}" '^[0-9]+$' "prog stalls for 3 s: tlswrap's memory measured (${m:-none} kB)"
[ "${m:-999999}" -lt 16384 ]
ok $? "prog stalls while the client pushes 64 MiB: tlswrap stays under 16 MiB (${m:-none} kB)"
is "$(cut -d' ' -f1 "$T_TMP/stall1.ans")" "$(tw_sha "$big")" "prog stalls: all 64 MiB arrive once it reads"
is "$(tw_status)" "exit=0" "prog stalls: exit 0"

tw_direct "$TLSWRAP" "${EC[@]}" sh -c 'echo $PPID > "$1"; exec head -c 67108864 "$2"' sh "$T_TMP/twpid2" "$big"
timeout 60 "$TW_PY" "$TW_CLIENT" --info "$T_TMP/stall2.info" "$PORT" pause:3 wait-eof 2>>"$T_TMP/client.log" &
cl=$!
sleep 2
m=$(hwm "$(cat "$T_TMP/twpid2")")
wait "$cl"
[ "${m:-999999}" -lt 16384 ]
ok $? "client stalls while prog writes 64 MiB: tlswrap stays under 16 MiB (${m:-none} kB)"
is "$(tw_get recv_sha256 "$T_TMP/stall2.info") $(tw_get received "$T_TMP/stall2.info")" "$(tw_sha "$big") 67108864" \
	"client stalls: all 64 MiB arrive once it reads"
is "$(tw_status)" "exit=0" "client stalls: exit 0"
rm -f "$big"

# 16 connections at once under tcpserver, each its own 1 MiB both ways.
tw_serve "${EC[@]}" cat
pids=()
for i in $(seq 1 16); do
	head -c 1048576 /dev/urandom > "$T_TMP/par.$i"
	timeout 60 "$TW_PY" "$TW_CLIENT" --info "$T_TMP/par.$i.info" "$PORT" "send:$T_TMP/par.$i" shut wait-eof \
		2>>"$T_TMP/client.log" &
	pids+=($!)
done
wait "${pids[@]}"
good=0
for i in $(seq 1 16); do
	[ "$(tw_get recv_sha256 "$T_TMP/par.$i.info")" = "$(tw_sha "$T_TMP/par.$i")" ] && good=$((good + 1))
done
is "$good" 16 "16 parallel echo connections: all byte-exact"
tw_wait_lines "$TW_SSTATUS" 16 10
is "$(sort -u "$TW_SSTATUS" | tr '\n' ' ')" "exit=0 " "16 parallel connections: all exit 0"
stop "$SERVER_PID"

# Idle timeout.
conn -i 1 "${EC[@]}" cat -- 'str:x' wait-bytes:1 wait-eof
el=$(tw_get elapsed)
is "$(tw_get received)" 1 "-i 1: echo works before the timeout"
like "$el" '^(0\.[89][0-9]*|[123](\.[0-9]+)?)$' "-i 1: silent connection closed after about 1 s (${el}s)"
st=$(tw_status 10)
is "$st" exit=0 "-i 1: tlswrap ended with cat's status ($st)"
printf 'abcdefgh' > "$T_TMP/eight"
conn -i 1 "${EC[@]}" cat -- "trickle:$T_TMP/eight:0.4" shut wait-eof
is "$(tw_get received)" 8 "-i 1: a byte every 0.4 s for 3.2 s keeps the connection"
is "$(tw_status 10)" "exit=0" "-i 1, busy client: exit 0"
conn -i 1 "${EC[@]}" sh -c 'for i in 1 2 3 4 5 6 7; do echo $i; sleep 0.4; done' -- wait-eof
is "$(tw_get received)" 14 "-i 1: output every 0.4 s from prog keeps the connection"
is "$(tw_status 10)" "exit=0" "-i 1, busy prog: exit 0"
conn "${EC[@]}" sh -c 'sleep 2.5; echo late' -- wait-eof
is "$(tw_get received)" 5 "no -i: 2.5 s of silence is fine"

done_testing
