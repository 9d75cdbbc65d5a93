#!/bin/bash
# examples/socat-https: socat TCP-LISTEN:...,fork with EXEC:...,nofork on
# 127.0.0.1 and a free port.  nofork puts the connection itself on
# tlswrap's fd 0 and 1, so tlswrap learns the client address from it.
. "$(dirname "$0")/lib.sh"
ss_init
need socat

PORT=$(free_port)
ss_render "$SS_EX/socat-https" "$T_TMP/socat-https" "$PORT"
ok $? "socat-https renders for the test"
bg "$T_TMP/socat-https" </dev/null >/dev/null 2>>"$SS_LOG"
wait_port "$PORT"
ok $? "socat listens on 127.0.0.1:$PORT"
ss_check "$PORT" "$SS_LOG" "socat"
ss_check "$PORT" "$SS_LOG" "socat (second connection)"

ss_diag "$SS_LOG"
done_testing
