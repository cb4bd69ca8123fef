#!/bin/sh
# SPDX-License-Identifier: ISC — Rostra
# The test suite: C unit tests (cmocka), then end-to-end API tests and the
# browser test against a real stack (PostgreSQL, the daemon, nginx) started
# in a temporary directory on a free loopback port and stopped afterwards.
#   tests/run.sh [unit|e2e|all]     (default all)
# ROSTRA_BUILD picks the build directory (build/asan for sanitizer builds).
# Ends with one line "N passed, M failed"; exits non-zero on any failure.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${ROSTRA_BUILD:-build}
what=${1:-all}
passed=0
failed=0
log=$(mktemp -t rostra-tests.XXXXXX)

# Adds the pass/fail counts a runner printed to the totals.
count() {
	p=$(sed -n -e 's/^\[  PASSED  \] \([0-9]*\) test(s)\..*/\1/p' \
		-e 's/^\(# \|ℹ \)pass \([0-9]*\)$/\2/p' "$log" | awk '{s += $1} END {print s + 0}')
	f=$(sed -n -e 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:.*/\1/p' \
		-e 's/^\(# \|ℹ \)fail \([0-9]*\)$/\2/p' "$log" | awk '{s += $1} END {print s + 0}')
	passed=$((passed + p))
	failed=$((failed + f))
}

# Runs a command, shows its output, counts its tests; a crash with no
# failure counted still counts as one failure.
run() {
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	before=$failed
	count
	if [ $rc -ne 0 ] && [ $failed -eq "$before" ]; then
		echo "FAILED: $* exited with status $rc"
		failed=$((failed + 1))
	fi
}

if [ "$what" = unit ] || [ "$what" = all ]; then
	echo "== unit tests ($build)"
	for t in "$build"/tests/unit/test_*; do
		case $t in *.o | *.d) continue ;; esac
		[ -x "$t" ] && run "$t"
	done
fi

if [ "$what" = e2e ] || [ "$what" = all ]; then
	dir=$(mktemp -d /tmp/rostra-test.XXXXXX)
	chmod 755 "$dir"
	port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
	stop_stack() {
		sh scripts/stack.sh stop "$dir" >/dev/null 2>&1
		if [ "${ROSTRA_KEEP:-}" = "" ]; then rm -rf "$dir"; fi
	}
	trap stop_stack EXIT
	trap 'exit 130' INT TERM
	echo "== stack in $dir on port $port"
	# Tests trade durability for speed; the bench keeps PostgreSQL's defaults.
	if ! ROSTRA_BUILD=$build PG_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		sh scripts/stack.sh start "$dir" "$port"; then
		echo "FAILED: the stack did not start"
		failed=$((failed + 1))
	else
		export ROSTRA_URL="http://127.0.0.1:$port" ROSTRA_STACK="$dir" ROSTRA_BUILD="$build"
		echo "== end-to-end API tests"
		run node --test --test-reporter=tap tests/e2e/
		echo "== browser test (Chromium)"
		if [ ! -d tests/browser/node_modules/playwright-core ]; then
			(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1 ||
				{ cat "$log"; echo "FAILED: npm ci"; failed=$((failed + 1)); }
		fi
		ROSTRA_ARTIFACTS="$root/$build/artifacts" run node --test --test-reporter=tap tests/browser/
		# A daemon that crashed or leaked under a sanitizer says so in its log.
		if grep -E "ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|killed by signal" \
			"$dir/rostra.log" >/dev/null 2>&1; then
			echo "FAILED: the daemon's log reports a crash or sanitizer error:"
			grep -E -A 20 "Sanitizer|runtime error:|killed by signal" "$dir/rostra.log" | head -n 60
			failed=$((failed + 1))
		fi
	fi
fi

rm -f "$log"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
