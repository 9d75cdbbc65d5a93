#!/bin/bash
# The set-up a newcomer meets: the README's package list is the one
# tools/deps.sh installs; deps.sh names what is missing when it cannot
# install (not root, not Debian); changing build flags rebuilds.
. "$(dirname "$0")/lib.sh"
need setpriv make
DEPS=$TOP/tools/deps.sh

# --- the README's list, set by set, against deps.sh ---------------------
words() { tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' '; }
readme_line() { sed -n "s/^- \`$1\`[^:]*: //p" "$TOP/README.md"; }
acc=
for set in make:build "make run":run "make check":check; do
	acc="$acc $(readme_line "${set%%:*}")"
	is "$(echo "$acc" | words)" "$("$DEPS" list "${set#*:}" | words)" \
		"README's packages for '${set%%:*}' are deps.sh's '${set#*:}' set"
done

# --- no install possible: the packages are named, exit 1 ------------------
# A dpkg-query that finds nothing installed stands in for a bare machine.
FAKE=$T_TMP/fakebin
mkdir -p "$FAKE"
printf '#!/bin/sh\nexit 1\n' > "$FAKE/dpkg-query"
# A copy the unprivileged user can read wherever the tree is (/root is 0700).
cp "$DEPS" "$T_TMP/deps.sh"
chmod 755 "$FAKE/dpkg-query" "$T_TMP" "$FAKE"
chmod 644 "$T_TMP/deps.sh"
out=$(cd / && setpriv --reuid=65534 --regid=65534 --clear-groups \
	env PATH="$FAKE:$PATH" sh "$T_TMP/deps.sh" run 2>&1)
rc=$?
is "$rc" 1 "not root: deps.sh run exits 1"
like "$out" "missing for 'run' \(Debian package names\): .*gcc.*libbearssl-dev" \
	"not root: deps.sh names the compiler and BearSSL"
like "$out" 'apt-get install .*ucspi-tcp' "not root: deps.sh says how to install them"

# Not Debian: no apt-get and no dpkg-query on PATH.
NODEB=$T_TMP/nodeb
mkdir -p "$NODEB"
for t in sh grep sort tr id printf sed; do ln -s "$(command -v "$t")" "$NODEB/$t"; done
out=$(env PATH="$NODEB" sh "$DEPS" build 2>&1)
rc=$?
is "$rc" 1 "not Debian: deps.sh build exits 1"
like "$out" 'not Debian: install the equivalents' "not Debian: deps.sh says so"
like "$out" 'gcc libbearssl-dev libc6-dev make' "not Debian: deps.sh names the packages"

# --- build flags are part of what an object depends on ----------------------
# A copy of the sources, built once at -O0 (quick); then make -n shows
# what a flag change would rebuild.
SRC=$T_TMP/src
mkdir -p "$SRC"
(cd "$TOP" && tar -cf - --exclude=./.git --exclude='*.o' --exclude='*.d' \
	--exclude=./.build-flags --exclude=./certs/out --exclude=./bench/work \
	--exclude='./tests/fuzz/*-fuzz' --exclude=./tests/fuzz/obj \
	--exclude=./tlswrap/tlswrap --exclude=./httpd-lite/httpd-lite .) |
	tar -xf - -C "$SRC"
mk() { make -C "$SRC" --no-print-directory CFLAGS=-O0 STATIC=0 "$@" 2>&1; }
mk -s all >"$T_TMP/build.log"
ok $? "a copy of the tree builds (CFLAGS=-O0 STATIC=0)"
like "$(mk all)" "Nothing to be done" "the same flags again: nothing to rebuild"
out=$(mk -n SANITIZE=1 all)
like "$out" '-fsanitize=address' "SANITIZE=1 after a plain build would recompile with ASan"
mk -q all
ok $? "... and that dry run changed nothing: the plain build is still up to date"
out=$(mk -n WERROR=1 all)
like "$out" '-Werror' "WERROR=1 would recompile with -Werror"
mk -s SANITIZE=1 all >"$T_TMP/build-asan.log"
ok $? "a real SANITIZE=1 build"
out=$(mk -n all)
like "$out" 'cc .*-c -o tlswrap/main\.o' "a plain make after SANITIZE=1 recompiles"
like "$out" '-o tlswrap/tlswrap' "... and relinks"
mk -s clean all >"$T_TMP/build-clean.log"
ok $? "make clean all builds (clean removes the flags file in the same run)"
# The copy holds lib.sh's sanitizer patterns: gone before the exit scan.
rm -rf "$SRC"

done_testing
