#!/bin/bash
# examples/socket-activate-inetd and examples/socket-activate-fd3:
# systemd-socket-activate --accept on 127.0.0.1 and a free port, in both of
# its modes: --inetd (the connection on fd 0 and 1) and the new-style
# protocol (the connection on fd 3, LISTEN_FDS=1, LISTEN_PID; certificate
# from CERTFILE).  The chain's log lines go to the script's stderr.
. "$(dirname "$0")/lib.sh"
ss_init
command -v systemd-socket-activate >/dev/null ||
	need systemd-socket-activate

for mode in inetd fd3; do
	PORT=$(free_port)
	ss_render "$SS_EX/socket-activate-$mode" "$T_TMP/socket-activate-$mode" "$PORT"
	ok $? "socket-activate-$mode renders for the test"
	bg "$T_TMP/socket-activate-$mode" </dev/null >/dev/null 2>>"$SS_LOG"
	wait_port "$PORT"
	ok $? "socket-activate-$mode listens on 127.0.0.1:$PORT"
	ss_check "$PORT" "$SS_LOG" "systemd-socket-activate ($mode)"
	ss_check "$PORT" "$SS_LOG" "systemd-socket-activate ($mode, second connection)"
	stop "$BG_PID"
done
like "$(cat "$T_TMP/socket-activate-inetd")" "--accept --inetd" "the inetd mode is --accept --inetd"
like "$(cat "$T_TMP/socket-activate-fd3")" "--accept -l " "the fd 3 mode is --accept without --inetd"

ss_diag "$SS_LOG"
done_testing
