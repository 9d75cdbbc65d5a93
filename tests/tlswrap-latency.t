#!/bin/bash
# tlswrap's pump reads prog's output ahead in pieces larger than a record
# (bulk speed); what prog wrote must still leave at once, not when more
# output fills a record or prog exits.  Each prog sleeps 6 s after writing;
# the client gives up after 3 s.
. "$(dirname "$0")/lib.sh"
tw_init
EC=(-c "$CERTS/ec-combined.pem")

# latency BYTES-BEFORE DESCRIPTION: prog writes BYTES-BEFORE bytes, pauses
# 0.3 s, writes one more byte, then sleeps; the client must get them all
# within 3 s.
latency() {
	local n=$1 want=$(($1 + 1))
	tw_direct "$TLSWRAP" "${EC[@]}" sh -c 'head -c "$1" /dev/zero; sleep 0.3; printf x; exec sleep 6' sh "$n"
	tw_client --timeout 3 "$PORT" "wait-bytes:$want" abort
	is "$(tw_get status) $(tw_get received)" "0 $want" "$2"
}

latency 0 "one byte from prog reaches the client at once"
latency 16383 "16383 bytes, then one byte: both reach the client at once"
latency 140000 "140000 bytes (more than the 128 KiB read-ahead), then one byte: all reach the client at once"
latency 300000 "300000 bytes (more than the pipe), then one byte: all reach the client at once"

done_testing
