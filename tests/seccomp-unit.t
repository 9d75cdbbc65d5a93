#!/bin/bash
# C unit test of common/seccomp.c: the filter allows exactly the listed
# system calls, for every list size (tests/unit/seccomp-test.c prints TAP).
. "$(dirname "$0")/lib.sh"
BIN=$TOP/tests/unit/seccomp-test
if [ ! -x "$BIN" ]; then
	make -s -C "$TOP" tests/unit/seccomp-test >&2 || { echo "Bail out! cannot build $BIN"; exit 1; }
fi
cd "$T_TMP" && "$BIN"
