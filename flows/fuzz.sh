#!/bin/sh
# fuzz.sh runs every fuzz target of package flows for a given time each, one
# after another, and prints the corpus size per target (the seeds plus the
# inputs found interesting, kept by Go in $(go env GOCACHE)/fuzz and, for a
# crasher, in testdata/fuzz/<target>, which is a regression seed from then on).
#
# Usage: flows/fuzz.sh [DURATION] [WORKERS]   e.g. flows/fuzz.sh 10m 1
# DURATION defaults to 60s, WORKERS (go test -parallel) to 1.
set -eu
cd "$(dirname "$0")"
duration=${1:-60s}
workers=${2:-1}
cache=$(go env GOCACHE)/fuzz/github.com/oauthlens/oauthlens/flows
targets=$(grep -ho '^func Fuzz[A-Za-z0-9_]*' ./*_test.go | sed 's/^func //' | sort)
status=0
for t in $targets; do
	printf '%s: fuzzing for %s\n' "$t" "$duration"
	if ! go test -run '^$' -fuzz "^$t\$" -fuzztime "$duration" -parallel "$workers" . >"/tmp/fuzz-$t.log" 2>&1; then
		status=1
		printf '%s: FAILED, see /tmp/fuzz-%s.log\n' "$t" "$t"
		tail -n 20 "/tmp/fuzz-$t.log"
	fi
	found=$(find "$cache/$t" -type f 2>/dev/null | wc -l)
	seeds=$(find "testdata/fuzz/$t" -type f 2>/dev/null | wc -l)
	last=$(grep -o 'execs: [0-9]*' "/tmp/fuzz-$t.log" | tail -n 1 || true)
	printf '%s: corpus %d (cached %d + testdata %d), %s\n' "$t" $((found + seeds)) "$found" "$seeds" "$last"
done
exit $status
