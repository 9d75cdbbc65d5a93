#!/bin/bash
# C unit tests of tlswrap parts (tests/unit/*-test.c print the TAP):
# read_fd()'s text buffer and the PEM arena are zero after every path.
. "$(dirname "$0")/lib.sh"
BIN=$TOP/tests/unit/readfile-test
if [ ! -x "$BIN" ]; then
	make -s -C "$TOP" tests/unit/readfile-test >&2 || { echo "Bail out! cannot build $BIN"; exit 1; }
fi
cd "$T_TMP" && "$BIN"
