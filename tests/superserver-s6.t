#!/bin/bash
# examples/s6/https (run: tcpserver, log/run: s6-log) in a scan directory
# of its own under s6-svscan, on 127.0.0.1 and a free port.  The chain's
# log lines reach s6-log through the service's stdout/stderr pipe and land,
# time-stamped, in the log directory's "current".
. "$(dirname "$0")/lib.sh"
ss_init
need s6-svscan s6-supervise s6-log s6-svstat s6-svscanctl tcpserver

SV=$T_TMP/scan
PORT=$(free_port)
ss_render "$SS_EX/s6/https/run" "$SV/https/run" "$PORT" &&
	ss_render "$SS_EX/s6/https/log/run" "$SV/https/log/run" "$PORT"
ok $? "s6/https/run and log/run render for the test"

bg timeout -k 5 120 s6-svscan "$SV" </dev/null >/dev/null 2>>"$T_TMP/svscan.log"
SCAN_PID=$BG_PID
wait_port "$PORT"
ok $? "the https service (tcpserver) listens on 127.0.0.1:$PORT"

# s6-supervise makes each service a session leader, outside bg's process
# group: record both for the cleanup too.
svc=$(s6-svstat -p "$SV/https" 2>/dev/null)
logp=$(s6-svstat -p "$SV/https/log" 2>/dev/null)
for p in $svc $logp; do [ "$p" -gt 0 ] 2>/dev/null && T_PIDS+=("$p"); done
like "$(s6-svstat "$SV/https")" '^up ' "s6-svstat: the service is up"
like "$(s6-svstat "$SV/https/log")" '^up ' "s6-svstat: its logger is up"

ss_check "$PORT" "$T_TMP/s6log/current" "s6"
ss_check "$PORT" "$T_TMP/s6log/current" "s6 (second connection)"
like "$(grep -F 'httpd-lite: 127.0.0.1 GET' "$T_TMP/s6log/current" | head -1)" \
	'^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ +httpd-lite: ' "s6-log time-stamps the lines (T)"

# Bring it all down the s6 way, within 10 s; nothing may be left running.
timeout 10 s6-svscanctl -t "$SV"
tw_gone "$SCAN_PID" 10
ok $? "s6-svscanctl -t ends s6-svscan"
gone=0
for p in $svc $logp; do tw_gone "$p" 5 || gone=1; done
ok "$gone" "... and the service (tcpserver) and its logger"

ss_diag "$T_TMP/svscan.log" "$T_TMP/s6log/current"
done_testing
