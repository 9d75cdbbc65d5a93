#!/bin/bash
# C unit test of tlswrap's key loading (tests/unit/credentials-wipe-test.c
# prints the TAP): after credentials_load() on every path, and after
# credentials_wipe(), no byte of a key file is left in the text buffer,
# the PEM arenas or the key decoder.
. "$(dirname "$0")/lib.sh"
BIN=$TOP/tests/unit/credentials-wipe-test
if [ ! -x "$BIN" ]; then
	make -s -C "$TOP" tests/unit/credentials-wipe-test >&2 || { echo "Bail out! cannot build $BIN"; exit 1; }
fi
"$TOP/certs/mkcerts.sh" >/dev/null || skip_all "certs/mkcerts.sh failed"
cd "$T_TMP" && "$BIN" "$CERTS"
