#!/bin/sh
# `make bench`: tlswrap+httpd-lite against stunnel4 (inetd mode), nginx,
# plain httpd-lite, and the floor: BearSSL in-process (bench/floor.c).
# Installs what it needs (root, Debian), builds private copies of the
# programs with release flags under bench/work/ (the work tree's own objects
# are left alone), then runs bench/bench.py, which writes bench/results.md.
# See bench/README.md.
#
#   BENCH_CFLAGS   CFLAGS for the builds (default: -O2 -g, the Makefile's)
#   BENCH_TREE     HEAD (default): build the committed sources (git archive),
#                  so results.md names exactly what was measured; worktree:
#                  build the work tree as it is, uncommitted edits included
#   BENCH_DYNAMIC  0 to skip the STATIC=0 (dynamic) build and its row (default 1)
#   BENCH_ROUNDS, BENCH_N, BENCH_BULK_MIB, BENCH_PORT, BENCH_BUDGET,
#   BENCH_OUT      see bench/bench.py
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/bench/work
cd "$top"

tools/deps.sh bench
certs/mkcerts.sh >/dev/null

BENCH_CFLAGS=${BENCH_CFLAGS:--O2 -g}
BENCH_TREE=${BENCH_TREE:-HEAD}
case $BENCH_TREE in HEAD|worktree) ;; *) echo "bench: BENCH_TREE: HEAD or worktree" >&2; exit 100 ;; esac
# The commit is resolved once: main may move while the bench runs, and
# every build and the report must name the same sources.
BENCH_REV=$(git -C "$top" rev-parse HEAD)
export BENCH_CFLAGS BENCH_TREE BENCH_REV BENCH_WORK="$work"
mkdir -p "$work"

# A clean copy of the source tree per build, so that neither the work
# tree's objects (perhaps SANITIZE=1 or half-edited) nor ours mix.
build() { # build NAME [make args...]
	name=$1
	shift
	dst=$work/build-$name
	rm -rf "$dst"
	mkdir -p "$dst"
	if [ "$BENCH_TREE" = worktree ]; then
		tar -C "$top" --exclude=./.git --exclude=./bench \
			--exclude=./certs/out --exclude='*.o' --exclude='*.d' \
			--exclude=./tlswrap/tlswrap --exclude=./httpd-lite/httpd-lite \
			-cf - . | tar -C "$dst" -xf -
	else
		git -C "$top" archive "$BENCH_REV" | tar -C "$dst" -xf -
	fi
	echo "bench: building $name: make CFLAGS='$BENCH_CFLAGS' $*" >&2
	make -s -C "$dst" -j2 CFLAGS="$BENCH_CFLAGS" "$@" all >"$dst.log" 2>&1 || {
		cat "$dst.log" >&2
		echo "bench: build $name failed" >&2
		exit 1
	}
}

build main		# the default build: static binaries, musl
builds="main=$work/build-main"
if [ "${BENCH_DYNAMIC:-1}" != 0 ]; then
	build glibc LIBC=glibc	# static, glibc: the default before musl
	build dynamic STATIC=0
	builds="$builds glibc=$work/build-glibc dynamic=$work/build-dynamic"
fi
export BENCH_BUILDS="$builds"
# Binaries just written are dirty in the page cache, and a process mapping
# them counts those pages as its own Private_Dirty until they are written
# back: write them back before memory is measured.
sync
cc -O2 -Wall -Wextra -o "$work/reaper" bench/reaper.c

# The floor (bench/floor.c) and the trivial child of "floor + child", built
# as the main build's programs are (bench/floor.mk), so that only the relay
# differs; and the same trivial child against static glibc.
m=$work/build-main
src=$m/bench/floor.c
[ -f "$src" ] || src=$top/bench/floor.c	# BENCH_TREE=worktree copies no bench/
rm -f "$work/floor" "$work/nullprog"
make -s -C "$m" -f Makefile -f "$top/bench/floor.mk" CFLAGS="$BENCH_CFLAGS" \
	FLOOR_SRC="$src" FLOOR_OUT="$work" floor
printf 'int main(void) { return 0; }\n' |
	cc -O2 -static -x c -o "$work/nullprog-glibc" -
# The same with no C library at all (x86-64 only: its exit system call),
# and the price of one CPUID instruction: the C library's start-up runs
# dozens of them (bench/cpuid.c).
rm -f "$work/rawprog" "$work/cpuid"
if [ "$(uname -m)" = x86_64 ]; then
	printf 'void _start(void) { __asm__ volatile("mov $60, %%eax; xor %%edi, %%edi; syscall"); }\n' |
		cc -O2 -static -nostdlib -x c -o "$work/rawprog" -
	cc -O2 -Wall -Wextra -o "$work/cpuid" bench/cpuid.c
fi

exec python3 bench/bench.py
