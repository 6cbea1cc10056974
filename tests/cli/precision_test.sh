#!/bin/sh
# tests/cli/precision_test.sh - end-to-end tests of --reps auto --precision,
# --max-reps, --antithetic and --metric on the built binary: the adaptive
# mode stops at the requested precision, the cap holds and is reported, the
# files are those of a fixed run of as many replications, and nothing
# depends on the thread count. Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
Q="$SRC/tests/data/compare/quick.lua"
# 1000 customers, 6 periods, three variants: each run takes a fraction of a
# second. With seed 1 the largest nps half-width of the variants' means is
# 0.51 after 20 replications and 0.47 after 30.
SMALL="--set scenario.population=1000 --quiet"

# largest "ci_high - mean" of metric $2 among the rows of summary.csv $1
# whose variant matches $3 (an awk regular expression)
worst() {
    awk -F, -v m="$2" -v re="$3" '$2 == m && $1 ~ re { h = $6 - $3; if (h > w) w = h } END { printf "%.12g\n", w }' "$1"
}
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# --- usage errors ----------------------------------------------------------------
expect_status "--reps auto needs --precision" 2 "$CXSIM" run "$Q" --reps auto $SMALL
expect_status "--precision needs --reps auto" 2 "$CXSIM" run "$Q" --precision 0.5 $SMALL
expect_status "--max-reps needs --reps auto" 2 "$CXSIM" run "$Q" --reps 4 --max-reps 10 $SMALL
check "--max-reps message" "grep -q -- '--max-reps goes with --reps auto' '$TMP/err'"
expect_status "--reps auto and --reps N" 2 "$CXSIM" run "$Q" --reps auto --precision 1 --reps 5 $SMALL
expect_status "unknown --metric" 2 "$CXSIM" run "$Q" --reps auto --precision 1 --metric frobs $SMALL
check "--metric message names it" "grep -q \"no metric named 'frobs'\" '$TMP/err'"
expect_status "compare --reps auto --metric roi: nothing to watch" 2 "$CXSIM" compare "$Q" --reps auto \
    --precision 1 --metric roi $SMALL
check "roi message says why" "grep -q 'roi is NA in every replication' '$TMP/err'"
expect_status "--precision must be positive" 2 "$CXSIM" run "$Q" --reps auto --precision 0 $SMALL

# --- it stops at the requested precision --------------------------------------------
expect_status "run --reps auto --precision 0.5" 0 "$CXSIM" run "$Q" --reps auto --precision 0.5 \
    --threads 1 --out "$TMP/a1" $SMALL
reps=$(sed -n 's/^  "reps": \([0-9]*\),$/\1/p' "$TMP/a1/run.json")
check "stdout reports the precision reached" "grep -q '^precision: 95 % CI half-width of nps .* < 0.5 after $reps replications' '$TMP/out'"
check "replications in stages of 10 ($reps)" "[ $((reps % 10)) -eq 0 ] && [ $reps -gt 10 ]"
w=$(worst "$TMP/a1/summary.csv" nps '^[a-z]+$')
check "every variant's nps half-width ($w) is below 0.5" "lt $w 0.5"
check "run.json records reps_auto" "grep -q '\"reps_auto\": {' '$TMP/a1/run.json' && grep -q '\"reached\": true' '$TMP/a1/run.json' && grep -q '\"of\": \"mean\"' '$TMP/a1/run.json'"
check "summary n is the replications used" "grep -q '^baseline,nps,.*,$reps\$' '$TMP/a1/summary.csv'"
check "eight files, no temporary file" "[ \$(ls -A '$TMP/a1' | wc -l) -eq 8 ]"
# the stage before did not reach it: a fixed run of 10 fewer replications
expect_status "fixed run of $((reps - 10))" 0 "$CXSIM" run "$Q" --reps $((reps - 10)) --out "$TMP/f0" $SMALL
w0=$(worst "$TMP/f0/summary.csv" nps '^[a-z]+$')
check "10 fewer replications were not enough ($w0)" "! lt $w0 0.5"
# the same replications as a fixed run of as many
expect_status "fixed run of $reps" 0 "$CXSIM" run "$Q" --reps $reps --out "$TMP/f1" $SMALL
check "replications.csv as a fixed run's" "cmp -s '$TMP/a1/replications.csv' '$TMP/f1/replications.csv'"
check "nps.csv as a fixed run's" "cmp -s '$TMP/a1/nps.csv' '$TMP/f1/nps.csv'"

# --- the same bytes for 1, 2 and 3 threads --------------------------------------------
for t in 2 3; do
    expect_status "--reps auto, $t threads" 0 "$CXSIM" run "$Q" --reps auto --precision 0.5 \
        --threads $t --out "$TMP/a$t" $SMALL
    for f in summary.csv replications.csv periods.csv touchpoints.csv nps.csv variance.csv; do
        check "--reps auto: $f identical for 1 and $t threads" "cmp -s '$TMP/a1/$f' '$TMP/a$t/$f'"
    done
done

# --- the cap -------------------------------------------------------------------------------
expect_status "a precision out of reach" 0 "$CXSIM" run "$Q" --reps auto --precision 0.0001 \
    --max-reps 12 --out "$TMP/cap" $SMALL
check "the cap is warned about on stderr" "grep -q 'stopped at the cap of 12 replications' '$TMP/err'"
check "stdout says it was not reached" "grep -q 'NOT below 0.0001 after 12 replications in 2 stages' '$TMP/out'"
check "run.json: reached false, 12 replications" "grep -q '\"reached\": false' '$TMP/cap/run.json' && grep -q '\"reps\": 12,' '$TMP/cap/run.json' && grep -q '\"max_reps\": 12,' '$TMP/cap/run.json'"
check "results written at the cap" "grep -q '^baseline,nps,.*,12\$' '$TMP/cap/summary.csv'"

# --- compare watches the paired differences; --metric chooses the metric ---------------------
expect_status "compare --reps auto --metric completion_rate" 0 "$CXSIM" compare "$Q" --reps auto \
    --precision 0.002 --metric completion_rate --details --out "$TMP/cmp" $SMALL
check "compare: paired differences watched" "grep -q '\"of\": \"paired_difference\"' '$TMP/cmp/run.json' && grep -q '\"metric\": \"completion_rate\"' '$TMP/cmp/run.json'"
w=$(worst "$TMP/cmp/summary.csv" completion_rate '-baseline$')
check "every difference's half-width ($w) is below 0.002" "lt $w 0.002"
check "compare --details prints the variance block of the metric" "grep -q '^variance reduction of completion_rate' '$TMP/out' && grep -q '^quick-baseline ' '$TMP/out'"
check "  with cv.gain and what it means" "grep -q 'cv.factor  *cv.gain\$' '$TMP/out' && grep -q '^cv.gain: (half-width / cv.half-w.)^2, what they bought here' '$TMP/out'"
check "compare writes compare.csv, nps.csv with differences" "[ -s '$TMP/cmp/compare.csv' ] && grep -q '^both-baseline,NA,' '$TMP/cmp/nps.csv'"

# --- antithetic pairs ------------------------------------------------------------------------
expect_status "--antithetic, odd --reps 5" 0 "$CXSIM" run "$Q" --reps 5 --antithetic --threads 1 \
    --out "$TMP/n1" $SMALL
check "rounded up to 6 replications, 3 pairs" "grep -q 'x 6 replications (3 antithetic pairs)' '$TMP/out'"
check "summary n counts pairs" "grep -q '^baseline,nps,.*,3\$' '$TMP/n1/summary.csv'"
check "replications.csv holds the 6" "[ \$(grep -c '^baseline,[0-9]*,nps,' '$TMP/n1/replications.csv') -eq 6 ]"
check "run.json: antithetic" "grep -q '\"antithetic\": true' '$TMP/n1/run.json' && ! grep -q reps_auto '$TMP/n1/run.json'"
check "variance.csv: an antithetic factor" "grep '^baseline,ltr_mean,3,' '$TMP/n1/variance.csv' | cut -d, -f7 | grep -qv NA"
for t in 2 3; do
    expect_status "--antithetic, $t threads" 0 "$CXSIM" run "$Q" --reps 5 --antithetic --threads $t \
        --out "$TMP/n$t" $SMALL
    for f in summary.csv replications.csv periods.csv touchpoints.csv nps.csv variance.csv; do
        check "--antithetic: $f identical for 1 and $t threads" "cmp -s '$TMP/n1/$f' '$TMP/n$t/$f'"
    done
done
# even replications are the plain ones: replication 1 (and 3, 5) the same
expect_status "plain --reps 6" 0 "$CXSIM" run "$Q" --reps 6 --out "$TMP/plain6" $SMALL
check "replication 1 of a pair is the plain replication 1" "[ \"\$(grep '^baseline,1,' '$TMP/n1/replications.csv')\" = \"\$(grep '^baseline,1,' '$TMP/plain6/replications.csv')\" ]"
check "replication 2 is its mirror, not plain replication 2" "[ \"\$(grep '^baseline,2,nps,' '$TMP/n1/replications.csv')\" != \"\$(grep '^baseline,2,nps,' '$TMP/plain6/replications.csv')\" ]"
expect_status "--reps auto --antithetic" 0 "$CXSIM" run "$Q" --reps auto --precision 0.5 --antithetic \
    --out "$TMP/aa" $SMALL
check "--reps auto --antithetic: at least 10 pairs" "[ \$(sed -n 's/^  \"reps\": \\([0-9]*\\),\$/\\1/p' '$TMP/aa/run.json') -ge 20 ]"

# --- interruption: a run in stages keeps nothing -----------------------------------------------
expect_status "--reps auto stopped by SIGINT" 1 env CXSIM_TEST_INTERRUPT_AFTER=45 "$CXSIM" run "$Q" \
    --reps auto --precision 0.0001 --out "$TMP/intr" $SMALL
check "stopped: it says nothing was written" "grep -q 'keeps nothing when stopped; nothing written' '$TMP/err'"
check "stopped: no file, no temporary file" "[ ! -e '$TMP/intr' ] || [ -z \"\$(ls -A '$TMP/intr')\" ]"
expect_status "--antithetic does not --resume" 2 "$CXSIM" run "$Q" --reps 4 --antithetic \
    --resume "$TMP/intr" $SMALL

# --- stdout blocks and help -------------------------------------------------------------------
expect_status "plain run" 0 "$CXSIM" run "$Q" --reps 4 $SMALL
check "plain run: no precision line" "! grep -q '^precision:' '$TMP/out'"
check "plain run: no expert tables, a line saying where they are" "! grep -q '^NPS inference\\|^variance reduction' '$TMP/out' && grep -q '^(--details adds the variance-reduction and NPS-inference tables)' '$TMP/out'"
expect_status "run --details" 0 "$CXSIM" run "$Q" --reps 4 --details $SMALL
check "NPS inference block with --details" "grep -q '^NPS inference (95 %)' '$TMP/out' && grep -q '^baseline .* ' '$TMP/out'"
expect_status "help run" 0 "$CXSIM" help run
check "help run shows --reps auto" "grep -q -- '--reps auto --precision' '$TMP/out' && grep -q -- '--antithetic' '$TMP/out'"
expect_status "help compare" 0 "$CXSIM" help compare
check "help compare shows --reps auto" "grep -q -- '--reps auto' '$TMP/out'"

testlib_finish
