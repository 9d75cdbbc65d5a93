#!/bin/bash
# Scale-out behind HAProxy (issue #7): examples/haproxy/haproxy.cfg, with
# the addresses replaced, balances round-robin over three "machines", each
# tlswrap -p + httpd-lite under its own tcpserver on 127.0.0.11, .12, .13.
# 300 HTTPS requests from 127.0.0.2; after the 100th, one machine's
# tcpserver is killed.  No request may fail once the health check (200 ms)
# had a second to notice, every machine's httpd-lite logs 127.0.0.2 (the
# PROXY v2 header's client), and tcpserver sees HAProxy's 127.0.0.3.
. "$(dirname "$0")/lib.sh"
hp_init
C=$CERTS
N=${HP_REQUESTS:-300}
KILL_AT=$((N / 3))
mkdir -p "$T_TMP/www" && echo "scale-out" > "$T_TMP/www/index.html"

BP=$(free_port)
declare -A BPID
for i in 1 2 3; do
	hp_backend "web$i" "127.0.0.1$i" "$BP" -p -c "$C/ec-combined.pem" "$HTTPD" -R "$T_TMP/www" ||
		{ echo "Bail out! backend web$i did not start"; exit 1; }
	BPID[$i]=$HP_BPID
done
FP=$(free_port)
sed -e "s/0\\.0\\.0\\.0:443/127.0.0.1:$FP/" \
    -e "s/192\\.0\\.2\\.\\(1[123]\\):443/127.0.0.\\1:$BP source 127.0.0.3/" \
    "$TOP/examples/haproxy/haproxy.cfg" > "$T_TMP/haproxy.cfg"
is "$(grep -c "^[[:space:]]*server web[123] 127\\.0\\.0\\.1[123]:$BP source 127\\.0\\.0\\.3\$" "$T_TMP/haproxy.cfg")" 3 \
	"example rendered: three servers on 127.0.0.11-13"
hp_start "$T_TMP/haproxy.cfg" 127.0.0.1 "$FP" || { echo "Bail out! haproxy did not start"; exit 1; }
ok 0 "haproxy -f examples/haproxy/haproxy.cfg (rendered) runs"
sleep 0.5

# The requests, one connection each; codes[i] is curl's status for /?n=i.
codes=()
t_kill=0
fail_before=0 fail_window=0 fail_after=0
for i in $(seq 1 "$N"); do
	if [ "$i" -eq $((KILL_AT + 1)) ]; then
		kill -TERM "${BPID[2]}"
		t_kill=$(date +%s%N)
	fi
	code=$(hp_curl 127.0.0.1 "$FP" "index.html?n=$i" -o /dev/null -w '%{http_code}')
	codes[i]=$code
	[ "$code" = 200 ] && continue
	if [ "$t_kill" -eq 0 ]; then
		fail_before=$((fail_before + 1))
	elif [ $(( ($(date +%s%N) - t_kill) / 1000000 )) -lt 1000 ]; then
		fail_window=$((fail_window + 1))
	else
		fail_after=$((fail_after + 1))
	fi
done
sleep 0.5 # the last log lines

count() { grep -c "^httpd-lite: .* GET \"/index\\.html?n=" "$T_TMP/web$1.log"; }
diag "requests: $N, web2's tcpserver killed before request $((KILL_AT + 1))"
diag "per backend: web1=$(count 1) web2=$(count 2) web3=$(count 3)"
diag "failures: before kill=$fail_before, first second after=$fail_window, later=$fail_after"
is "$fail_before" 0 "no request failed before the kill"
is "$fail_after" 0 "no request failed after failover (1 s after the kill)"
is "$fail_window" 0 "no request failed during failover either (retries + redispatch)"
is "$(( $(count 1) + $(count 2) + $(count 3) ))" "$N" "every request was served by exactly one backend"
for i in 1 2 3; do
	n=$(count "$i")
	ok $(( n > 0 ? 0 : 1 )) "web$i served requests ($n)"
	# (a sanitizer build's seccomp warning line is not a request line)
	bad=$(grep '^httpd-lite: ' "$T_TMP/web$i.log" |
		grep -v '^httpd-lite: warning: seccomp off in a sanitizer build' |
		grep -vc '^httpd-lite: 127\.0\.0\.2 GET ')
	is "$bad" 0 "web$i: every httpd-lite line names the client 127.0.0.2"
	grep -q "^tcpserver: ok [0-9]* 0:127\\.0\\.0\\.1$i:$BP :127\\.0\\.0\\.3::" "$T_TMP/web$i.log"
	ok $? "web$i: tcpserver sees HAProxy's source address 127.0.0.3"
done
# Before the kill: round-robin, each backend a third of the requests.
for i in 1 3; do
	n=$(grep -oE "GET \"/index\\.html\\?n=[0-9]+\"" "$T_TMP/web$i.log" | tr -dc '0-9\n' |
		awk -v k="$KILL_AT" '$1 <= k' | wc -l)
	ok $(( n >= KILL_AT / 3 - 2 && n <= KILL_AT / 3 + 2 ? 0 : 1 )) \
		"web$i: about a third of the first $KILL_AT requests ($n), round-robin"
done
late=$(grep -oE "GET \"/index\\.html\\?n=[0-9]+\"" "$T_TMP/web2.log" | tr -dc '0-9\n' |
	awk -v k="$((KILL_AT + 20))" '$1 > k' | wc -l)
is "$late" 0 "web2: no request after the kill reached it"
ss_wait_grep "$T_TMP/haproxy.log" 'web2 is DOWN' 2
ok $? "haproxy logged web2 DOWN"
stop "$HP_PID"
ss_diag "$T_TMP/haproxy.log" "$T_TMP/web2.log"
done_testing
