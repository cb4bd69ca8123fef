#!/bin/sh
# SPDX-License-Identifier: ISC — Rostra
# The test suite: C unit tests (cmocka), then end-to-end API tests and the
# browser test against a real stack (PostgreSQL, the daemon, nginx) started
# in a temporary directory on a free loopback port and stopped afterwards.
#   tests/run.sh [unit|e2e|all]     (default all)
# all = unit tests, unit tests under valgrind, the stack tests, then unit
# and stack tests again with the ASan+UBSan build in build/asan, then the
# fault-injection loop on build/faults (make faults), then a short run of
# each fuzz target in build/fuzz; after the normal build's stack tests, a
# 30-second soak on its own stack. A build or test binary that is missing
# is a failure, not a phase left out.
# ROSTRA_BUILD picks the build directory for unit and e2e.
# Each phase ends with its own "-- phase: N passed, M failed, K skipped"
# (a phase that ran nothing fails); the run ends with all of them again
# and the total, and exits non-zero on any failure.
set -u

# As root the suite runs in a PID namespace of its own: ps then shows only
# what the suite started, so the last check below sees exactly what a test
# left running, and the kernel ends anything left when the suite exits.
# The namespace's first process is a shell that reaps what daemons leave
# to it (this script is its child, so orphans are told from its own).
# Where no namespace can be made (in a chroot, / is no mount point), the
# check looks at the kinds of process the suite starts instead.
if [ "$(id -u)" -eq 0 ] && [ -z "${ROSTRA_PIDNS:-}" ] &&
	unshare --pid --fork --mount-proc true 2>/dev/null; then
	exec unshare --pid --fork --mount-proc env ROSTRA_PIDNS=1 sh -c 'sh "$0" "$@"; exit $?' "$0" "$@"
fi

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${ROSTRA_BUILD:-build}
what=${1:-all}
passed=0
failed=0
skipped=0
log=$(mktemp -t rostra-tests.XXXXXX)
phases=$(mktemp -t rostra-phases.XXXXXX)

# Adds the pass/fail/skip counts a runner printed to the totals. A
# cancelled test (a hook or file that failed around it) is a failure.
count() {
	sum() { sed -n "$@" "$log" | awk '{s += $1} END {print s + 0}'; }
	p=$(sum -e 's/^\[  PASSED  \] \([0-9]*\) test(s)\..*/\1/p' -e 's/^\(# \|ℹ \)pass \([0-9]*\)$/\2/p')
	f=$(sum -e 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:.*/\1/p' \
		-e 's/^\(# \|ℹ \)\(fail\|cancelled\) \([0-9]*\)$/\3/p')
	k=$(sum -e 's/^\[  SKIPPED \] \([0-9]*\) test(s)\..*/\1/p' -e 's/^\(# \|ℹ \)\(skipped\|todo\) \([0-9]*\)$/\3/p')
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + k))
}

# Each phase prints its own counts when it ends; the summary repeats them
# above the total, so a phase that ran nothing is seen, not hidden in a sum.
phase_begin() {
	phase=$1
	phase_passed=$passed phase_failed=$failed phase_skipped=$skipped
	echo "== $phase"
}
phase_end() {
	line="$phase: $((passed - phase_passed)) passed, $((failed - phase_failed)) failed, $((skipped - phase_skipped)) skipped"
	if [ $((passed - phase_passed + failed - phase_failed)) -eq 0 ]; then
		echo "FAILED: $phase ran no test"
		failed=$((failed + 1))
		line="$line (ran nothing: a failure)"
	fi
	echo "-- $line"
	echo "$line" >>"$phases"
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

# Node's test files, one process after another: they stop PostgreSQL,
# signal daemons and change site settings, so two must never overlap, and
# Debian 12's Node 18 cannot be told to run them one at a time
# (--test-concurrency is 20.10+).
# A file that leaves the shared stack without a healthy daemon is one
# failure, named; the daemon is restarted so the files after it test
# their own code rather than fail for it (as 29 once did).
node_tests() {
	for file in "$@"; do
		run node --test --test-reporter=tap "$file"
		[ -n "${ROSTRA_STACK:-}" ] || continue
		stack_healthy && continue
		echo "FAILED: $file left the stack without a healthy daemon; restarting it"
		failed=$((failed + 1))
		sh scripts/stack.sh restart-daemon "$ROSTRA_STACK" >/dev/null 2>&1 || true
		stack_healthy || echo "the daemon did not come back: see $ROSTRA_STACK/rostra.log"
	done
}

# Health answers 200 within two seconds (a worker may be restarting).
stack_healthy() {
	i=0
	until curl -fsS -o /dev/null "$ROSTRA_URL/comments/api/v1/health" 2>/dev/null; do
		i=$((i + 1))
		[ $i -ge 20 ] && return 1
		sleep 0.1
	done
}

unit_phase() {
	phase_begin "unit tests ($1)"
	unit_missing "$1"
	for t in $(unit_binaries "$1"); do
		run "$t"
	done
	# The layers: no include points up, none goes round (docs/ARCHITECTURE.md).
	if sh tests/layers.sh; then
		echo "ok - tests/layers.sh: every include points down"
		passed=$((passed + 1))
	else
		echo "FAILED: tests/layers.sh"
		failed=$((failed + 1))
	fi
	phase_end
}

# The unit test binaries of build $1 that exist, one per tests/unit/test_*.c.
unit_binaries() {
	for c in tests/unit/test_*.c; do
		[ -x "$1/${c%.c}" ] && echo "$1/${c%.c}"
	done
}

# A missing one (a build that skipped it) is a failure, not a smaller sum.
unit_missing() {
	for c in tests/unit/test_*.c; do
		[ -x "$1/${c%.c}" ] && continue
		echo "FAILED: $1/${c%.c} is missing (built from $c)"
		failed=$((failed + 1))
	done
}

# The unit tests again under valgrind: a leak or a bad read fails the test.
valgrind_phase() {
	phase_begin "unit tests under valgrind ($1)"
	unit_missing "$1"
	for t in $(unit_binaries "$1"); do
		run valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect "$t"
	done
	phase_end
}

stack_phase() {
	build=$1
	dir=$(mktemp -d /tmp/rostra-test.XXXXXX)
	chmod 755 "$dir"
	port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
	phase_begin "end-to-end API tests ($build)"
	echo "stack in $dir on port $port"
	# Tests trade durability for speed; the bench keeps PostgreSQL's defaults.
	if ! ROSTRA_BUILD=$build ROSTRA_NGINX_LIMITS=off \
		PG_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		sh scripts/stack.sh start "$dir" "$port"; then
		echo "FAILED: the stack did not start"
		failed=$((failed + 1))
		stack_cleanup "$dir"
		phase_end
		return
	fi
	# Every test posts from 127.0.0.1, many as one reader or as new guests:
	# the rate limits and guest_address_max would stop the suite, so they
	# are off here and tests/e2e/moderation and abuse_reports turn them on
	# where they test them.
	for s in rate_address_max rate_author_max guest_address_max; do
		ROSTRA_BUILD=$build sh scripts/stack.sh rostra "$dir" settings set $s 0 >/dev/null
	done
	export ROSTRA_URL="http://127.0.0.1:$port" ROSTRA_STACK="$dir" ROSTRA_BUILD="$build"
	node_tests tests/e2e/*.test.mjs
	phase_end
	phase_begin "browser tests in Chromium ($build)"
	if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then
		(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1 ||
			{ cat "$log"; echo "FAILED: npm ci"; failed=$((failed + 1)); }
	fi
	ROSTRA_ARTIFACTS="$root/$build/artifacts" node_tests tests/browser/*.test.mjs
	# While the database still answers: what the suites stored and used is
	# in no log line.
	run node --test --test-reporter=tap tests/logscan.test.mjs
	sh scripts/stack.sh stop "$dir" >/dev/null 2>&1
	# A worker that crashed, or a sanitizer report (leaks show at exit), is in the log.
	if grep -E "ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|killed by signal" \
		"$dir/rostra.log" >/dev/null 2>&1; then
		echo "FAILED: the daemon's log reports a crash or sanitizer error:"
		grep -E -A 30 "Sanitizer|runtime error:|killed by signal" "$dir/rostra.log" | head -n 80
		failed=$((failed + 1))
	fi
	stack_cleanup "$dir"
	phase_end
}

# A 30-second soak (bench/soak.mjs, make soak) on a stack of its own: no
# acknowledged comment lost across PostgreSQL restarts and a killed worker. One test.
soak_phase() {
	phase_begin "soak, 30 s ($1)"
	if ROSTRA_BUILD=$1 SOAK_SECONDS=30 node bench/soak.mjs >"$log" 2>&1; then
		passed=$((passed + 1))
	else
		echo "FAILED: the soak"
		failed=$((failed + 1))
	fi
	cat "$log"
	phase_end
}

# The fault-injection loop (tests/e2e/faults.test.mjs) on a stack of its
# own with the faults build (make faults), which no other phase runs: every
# write path with its Nth allocation, statement or crypto call failing.
faults_phase() {
	phase_begin "fault injection (build/faults)"
	if [ ! -x build/faults/rostra ]; then
		echo "FAILED: build/faults/rostra is missing (make faults)"
		failed=$((failed + 1))
		phase_end
		return
	fi
	dir=$(mktemp -d /tmp/rostra-faults.XXXXXX)
	chmod 755 "$dir"
	port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
	echo "stack in $dir on port $port"
	if ! ROSTRA_BUILD=build/faults ROSTRA_NGINX_LIMITS=off \
		PG_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		sh scripts/stack.sh start "$dir" "$port" >"$log" 2>&1; then
		cat "$log"
		echo "FAILED: the faults stack did not start"
		failed=$((failed + 1))
		stack_cleanup "$dir"
		phase_end
		return
	fi
	for s in rate_address_max rate_author_max guest_address_max; do
		ROSTRA_BUILD=build/faults sh scripts/stack.sh rostra "$dir" settings set $s 0 >/dev/null
	done
	ROSTRA_URL="http://127.0.0.1:$port" ROSTRA_STACK="$dir" ROSTRA_BUILD=build/faults \
		run node --test --test-reporter=tap tests/e2e/faults.test.mjs
	stack_cleanup "$dir"
	phase_end
}

stack_cleanup() {
	sh scripts/stack.sh stop "$1" >/dev/null 2>&1
	[ -n "${ROSTRA_KEEP:-}" ] || rm -rf "$1"
}

# Each fuzz target for FUZZ_SECONDS (default 15) from the committed seeds;
# a crash, leak or sanitizer report fails it, and the input is kept.
fuzz_phase() {
	phase_begin "fuzzing, ${FUZZ_SECONDS:-15} s a target (build/fuzz)"
	for name in $(sed -n 's/^FUZZ_TARGETS := //p' Makefile); do
		t=build/fuzz/tests/fuzz/fuzz_$name
		if [ ! -x "$t" ]; then
			echo "FAILED: $t is missing (make fuzz)"
			failed=$((failed + 1))
			continue
		fi
		work=$(mktemp -d /tmp/rostra-fuzz.XXXXXX)
		cp tests/fuzz/corpus/"$name"/* "$work/" 2>/dev/null
		echo "fuzzing $name"
		# Passes only having run: libFuzzer's last line says how many inputs.
		if "$t" -max_total_time="${FUZZ_SECONDS:-15}" -max_len=4096 -timeout=10 \
			-artifact_prefix="$root/build/fuzz/" "$work" >"$log" 2>&1 &&
			grep -q '^Done [1-9][0-9]* runs' "$log"; then
			tail -n 1 "$log"
			passed=$((passed + 1))
		else
			tail -n 40 "$log"
			echo "FAILED: fuzz_$name (a crashing input is saved under build/fuzz/)"
			failed=$((failed + 1))
		fi
		rm -rf "$work"
	done
	phase_end
}

# The pids of the processes that may be the suite's, one per line: in its
# own PID namespace every one; else the kinds it starts, under this root
# (a suite run in a chroot must not take the host's for its own). This
# shell and what it runs at the moment (this very pipeline) are left out.
suite_processes() {
	ps -eo pid=,ppid=,stat=,comm= | awk -v self=$$ -v ns="${ROSTRA_PIDNS:-}" '
		$1 > 1 && $3 !~ /^Z/ && (ns != "" || $4 ~ /^(rostra|nginx|postgres|chrom|psql|node|perl|wrk|pg_ctl)/) { want[$1] = 1 }
		{ parent[$1] = $2 }
		END {
			for (p in want) {
				for (q = p; q != "" && q > 1 && q != self; q = parent[q]) ;
				if (q != self) print p
			}
		}' | while read -r p; do
		[ -n "${ROSTRA_PIDNS:-}" ] ||
			[ "$(stat -Lc %d:%i "/proc/$p/root" 2>/dev/null)" = "$(stat -c %d:%i /)" ] && echo "$p"
	done | sort
}

# A run leaves nothing running: any such process that was not there before
# the suite started is listed and counted as a failure. (In the namespace
# the kernel ends them with the suite; outside it they are left alone, as
# they might be another suite's on a shared machine.)
leftover_check() {
	left=$(suite_processes | comm -13 "$pids_at_start" -)
	[ -n "$left" ] || return 0
	sleep 3	# a stack that is still stopping
	left=$(suite_processes | comm -13 "$pids_at_start" -)
	[ -n "$left" ] || return 0
	echo "FAILED: the suite left these processes running:"
	# shellcheck disable=SC2086
	ps -o pid=,args= -p "$(echo $left | tr ' ' ,)"
	failed=$((failed + 1))
}

pids_at_start=$(mktemp -t rostra-pids.XXXXXX)
suite_processes >"$pids_at_start"

asan=${ROSTRA_ASAN_BUILD:-build/asan}
case $what in
unit) unit_phase "$build" ;;
e2e) stack_phase "$build" ;;
all)
	unit_phase "$build"
	valgrind_phase "$build"
	stack_phase "$build"
	soak_phase "$build"
	# make test builds it; a run without it has not tested it.
	if [ -x "$asan/rostra" ]; then
		unit_phase "$asan"
		stack_phase "$asan"
	else
		echo "FAILED: $asan/rostra is missing (make asan)"
		failed=$((failed + 1))
	fi
	faults_phase
	fuzz_phase
	;;
fuzz) fuzz_phase ;;
faults) faults_phase ;;
soak) soak_phase "$build" ;;
*) echo "usage: tests/run.sh [unit|e2e|fuzz|faults|soak|all]" >&2; exit 2 ;;
esac

phase_begin "nothing left running"
leftover_check
[ $failed -eq "$phase_failed" ] && passed=$((passed + 1))
phase_end
echo "== summary"
cat "$phases"
rm -f "$log" "$pids_at_start" "$phases"
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
