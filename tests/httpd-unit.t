#!/bin/bash
# C unit tests of httpd-lite: request parser, paths, ranges, conditionals,
# dates, MIME table (tests/unit/httpd-test.c prints the TAP itself).
. "$(dirname "$0")/lib.sh"
BIN=$TOP/tests/unit/httpd-test
if [ ! -x "$BIN" ]; then
	make -s -C "$TOP" tests/unit/httpd-test >&2 || { echo "Bail out! cannot build $BIN"; exit 1; }
fi
cd "$T_TMP" && "$BIN"
