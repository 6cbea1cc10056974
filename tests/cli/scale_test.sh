#!/bin/sh
# tests/cli/scale_test.sh - large populations: one replication split into
# customer blocks across threads gives the same bytes for any thread count,
# and a population that cannot fit in memory is refused before anything is
# allocated (docs/performance.md, docs/cli.md "Memory").
# Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
REF="$SRC/scenarios/reference.lua"
# three customer blocks (32768 each) and a short horizon keep it quick
BIG="--reps 1 --seed 3 --quiet --set scenario.population=70000 --set scenario.horizon=3"

for t in 1 2 3; do
    expect_status "one replication, $t thread(s)" 0 "$CXSIM" run "$REF" $BIG --threads "$t" --out "$TMP/t$t"
done
for f in summary.csv replications.csv periods.csv touchpoints.csv; do
    check "$f: same bytes for 1 and 2 threads" "cmp -s '$TMP/t1/$f' '$TMP/t2/$f'"
    check "$f: same bytes for 1 and 3 threads" "cmp -s '$TMP/t1/$f' '$TMP/t3/$f'"
done

# --- memory: refused up front, with the estimate ------------------------------
expect_status "2 M customers in 20 MiB" 1 \
    env CXSIM_MEMORY_LIMIT=20M "$CXSIM" run "$REF" --reps 1 --quiet --set scenario.population=2000000 --out "$TMP/m"
check "the message says why and gives the figures" \
    "grep -q 'not enough memory: a replication of 2000000 customers needs about [0-9.]* MB' '$TMP/err'"
check "the message gives what is available" "grep -q 'and 21.0 MB is available' '$TMP/err'"
check "nothing written" "[ ! -e '$TMP/m' ]"
expect_status "a malformed CXSIM_MEMORY_LIMIT is a usage error" 2 \
    env CXSIM_MEMORY_LIMIT=lots "$CXSIM" run "$REF" --reps 1 --quiet --set scenario.population=1000
check "the message names the variable" "grep -q 'CXSIM_MEMORY_LIMIT' '$TMP/err'"
expect_status "within the limit it runs" 0 \
    env CXSIM_MEMORY_LIMIT=1G "$CXSIM" run "$REF" --reps 1 --quiet --set scenario.population=1000

testlib_finish
