#!/bin/sh
# Run libFuzzer harnesses: tests/fuzz/run.sh SECONDS NAME...
# Each runs on a temporary copy of tests/fuzz/corpus/NAME (the committed
# seeds are never rewritten), with NAME.dict when there is one.  Prints one
# line per harness; exits 1 if any harness crashed, keeping its work
# directory (crash inputs under NAME/crashes/) and naming it.
# FUZZ_BINDIR: where the NAME-fuzz binaries are (default: tests/fuzz; a
# copy elsewhere survives a `make clean` during a long run).
set -u
secs=$1
shift
cd "$(dirname "$0")" || exit 111
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX") || exit 111
status=0
printf '%-12s %7s %12s %8s %7s  %s\n' harness seconds executions coverage crashes result
for t in "$@"; do
	d=$work/$t
	mkdir -p "$d/corpus" "$d/crashes"
	cp corpus/"$t"/* "$d/corpus/" 2>/dev/null
	set -- -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
	    -artifact_prefix="$d/crashes/"
	[ -f "$t.dict" ] && set -- "$@" -dict="$t.dict"
	"${FUZZ_BINDIR:-.}/$t-fuzz" "$@" "$d/corpus" >"$d/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$d/log" | tail -n 1 | cut -d' ' -f2)
	crashes=$(find "$d/crashes" -type f | wc -l)
	result=ok
	if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
		result="FAILED (exit $rc): see $d/log"
		status=1
	fi
	printf '%-12s %7s %12s %8s %7s  %s\n' "$t" "$secs" "${execs:-?}" \
	    "${cov:-?}" "$crashes" "$result"
done
[ "$status" -eq 0 ] && rm -rf "$work"
exit "$status"
