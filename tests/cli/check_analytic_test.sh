#!/bin/sh
# tests/cli/check_analytic_test.sh - `cxsim check --analytic`: the chain's
# figures for a journey worked out by hand (tests/data/analytic/exact.lua),
# the simulated figures beside them, what the output says when the chain is
# approximate or has no answer, and the same output whatever --threads.
# Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
EXACT="$SRC/tests/data/analytic/exact.lua"

expect_status "help check" 0 "$CXSIM" help check
check "help check documents --analytic" "grep -q -- '--analytic' '$TMP/out'"
expect_status "check without --analytic" 0 "$CXSIM" check "$EXACT"
check "... solves and simulates nothing" "! grep -q 'Markov chain' '$TMP/out'"

expect_status "check --analytic, 1 thread" 0 "$CXSIM" check "$EXACT" --analytic --threads 1
cp "$TMP/out" "$TMP/a1"
row() { grep "^  $1 " "$TMP/a1"; }
# the hand-computed values of exact.lua's comment: reach, visits, abandon
check "completion 0.864" "grep -q '^journey buy: completion 0.8640, simulated ' '$TMP/a1'"
check "browse: reached by all, abandons 0.1" "row browse | awk '{ exit !(\$2 == \"1.0000\" && \$3 == \"1.0000\" && \$7 == \"0.10000\") }'"
check "pay: reached by 0.9, abandons 0.036" "row pay | awk '{ exit !(\$2 == \"0.9000\" && \$3 == \"0.9000\" && \$7 == \"0.03600\") }'"
check "help: visited by 0.3456" "row help | awk '{ exit !(\$2 == \"0.3456\" && \$3 == \"0.3456\" && \$7 == \"0.00000\") }'"
# the simulated figures (period 1 of 20,000 customers, 10 replications) lie
# within 0.01 of the exact ones: their standard errors are below 0.001
close() {  # close ROW: the simulated visits and abandonment near the analytic
    row "$1" | tr -d '[],' | awk '{ d1 = $3 - $4; d2 = $7 - $8
        exit !(d1 < 0.01 && d1 > -0.01 && d2 < 0.01 && d2 > -0.01) }'
}
for t in browse pay help; do check "$t: simulated close to analytic" "close $t"; done
check "the chain is declared exact" "grep -q '^  exact: ' '$TMP/a1'"
check "the setting of the simulation is stated" "grep -q 'period 1 only, 10 replications x 20000 customers' '$TMP/a1'"
expect_status "check --analytic, 2 threads" 0 "$CXSIM" check "$EXACT" --analytic --threads 2
check "same output for 1 and 2 threads" "cmp -s '$TMP/a1' '$TMP/out'"

# --- approximations ---------------------------------------------------------------
REF="$SRC/scenarios/reference.lua"
expect_status "reference --analytic" 0 "$CXSIM" check "$REF" --analytic --reps 2 --set scenario.population=2000
check "reference: trust makes the chain approximate" "grep -q '^  approximate: kappa > 0' '$TMP/out'"
check "reference: loops are flagged" "grep -q '^  approximate: the journey can loop' '$TMP/out'"
check "reference: both journeys" "[ \$(grep -c '^journey ' '$TMP/out') -eq 2 ]"
expect_status "reference with kappa 0" 0 "$CXSIM" check "$REF" --analytic --reps 2 \
    --set scenario.population=2000 --set 'segment.*.kappa=0'
check "kappa 0: no trust approximation" "! grep -q 'approximate: kappa' '$TMP/out'"
expect_status "a loop with no way out" 0 "$CXSIM" check "$SRC/tests/data/analytic/stuck.lua" --analytic
check "... has no analytic solution, and says why" "grep -q '^journey \"buy\": the walk can enter a loop it never leaves .*; no analytic solution' '$TMP/out'"
check "... the other journey is solved" "grep -q '^journey fine: completion 1.0000' '$TMP/out'"
expect_status "bad scenario" 3 "$CXSIM" check "$SRC/tests/data/cli/out_of_range.lua" --analytic

testlib_finish
