#!/bin/sh
# tests/cli/segments_test.sh - results by segment (docs/results.md,
# "segments.csv"; docs/cli.md): the file of run and compare (its rows, the
# paired rows of compare, the same bytes whatever --threads, money adding
# up over segments, a run in stages), the tables on stdout when there are
# several segments and the sentence on a trade-off between them, and the
# report's section. Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
SEG="$SRC/scenarios/segment_tradeoff.lua"
MIN="$SRC/tests/data/scenarios/minimal.lua"
SMALL="--reps 4 --seed 3 --quiet --set scenario.population=3000"
HEAD='variant,segment,metric,mean,sd,ci_low,ci_high,n'
# metrics defined per segment (docs/results.md)
NM=19

expect_status "run, 3 segments" 0 "$CXSIM" run "$SEG" $SMALL --threads 1 --out "$TMP/r1"
check "segments.csv: its header" "[ \"\$(head -n 1 '$TMP/r1/segments.csv')\" = '$HEAD' ]"
nv=$(sed -n 's/^\([^,]*\),nps,.*/\1/p' "$TMP/r1/summary.csv" | wc -l)
check "segments.csv: $nv variants x 3 segments x $NM metrics" \
    "[ \$((\$(wc -l <'$TMP/r1/segments.csv') - 1)) -eq \$(($nv * 3 * $NM)) ]"
check "segments.csv: no row of a portfolio-wide metric (cost)" "! grep -q ',cost,' '$TMP/r1/segments.csv'"
check "segments.csv: n = 4 replications" "grep -q '^baseline,premium,nps,.*,4\$' '$TMP/r1/segments.csv'"
# revenue of the segments adds up to the portfolio's, replication by
# replication, so their means do too (to rounding)
check "revenue over segments = summary.csv's revenue" \
    "awk -F, 'NR == FNR { if (\$1 == \"baseline\" && \$2 == \"revenue\") t = \$3; next }
              \$1 == \"baseline\" && \$3 == \"revenue\" { s += \$4 }
              END { exit !(t > 0 && (s - t) * (s - t) < 1e-12 * t * t) }' '$TMP/r1/summary.csv' '$TMP/r1/segments.csv'"
check "stdout: the headline metrics by segment" "grep -q '^by segment: mean over replications' '$TMP/out' && grep -q '^premium ' '$TMP/out'"
expect_status "run, 3 threads" 0 "$CXSIM" run "$SEG" $SMALL --threads 3 --out "$TMP/r3"
check "segments.csv: the same bytes for 1 and 3 threads" "cmp -s '$TMP/r1/segments.csv' '$TMP/r3/segments.csv'"

expect_status "compare, 3 segments" 0 "$CXSIM" compare "$SEG" $SMALL --out "$TMP/c" --report "$TMP/c.html"
check "segments.csv: the variants' rows as run's" \
    "grep -v -- '-baseline,' '$TMP/c/segments.csv' | cmp -s - '$TMP/r1/segments.csv'"
check "segments.csv: paired rows by segment" \
    "[ \$(grep -c '^chatbot_everyone-baseline,' '$TMP/c/segments.csv') -eq \$((3 * $NM)) ]"
# the chatbot serves value seekers and regulars better, and premium
# customers (who want a person) worse: NPS differences of opposite signs
check "segments.csv: chatbot_everyone lowers premium's NPS (CI below 0)" \
    "grep '^chatbot_everyone-baseline,premium,nps,' '$TMP/c/segments.csv' | awk -F, '{ exit !(\$7 < 0) }'"
check "segments.csv: ... and raises value_seeker's (CI above 0)" \
    "grep '^chatbot_everyone-baseline,value_seeker,nps,' '$TMP/c/segments.csv' | awk -F, '{ exit !(\$6 > 0) }'"
check "stdout: the differences by segment" "grep -q '^by segment: variant - baseline, paired' '$TMP/out'"
check "stdout: the trade-off in words" \
    "grep -q '^  chatbot_everyone: nps up for value_seeker, loyal_regular, down for premium\$' '$TMP/out'"
check "report: a section By segment" "grep -q '>By segment</h2>' '$TMP/c.html'"
check "report: the difference table of chatbot_everyone" "grep -q 'Difference: chatbot_everyone - baseline' '$TMP/c.html'"

# a run in stages: the estimates from running statistics
expect_status "compare --antithetic" 0 "$CXSIM" compare "$SEG" $SMALL --antithetic --out "$TMP/a"
check "segments.csv of antithetic pairs: n = 2 pairs" "grep -q '^baseline,premium,nps,.*,2\$' '$TMP/a/segments.csv'"
check "... with its paired rows" "grep -q '^chatbot_everyone-baseline,premium,nps,' '$TMP/a/segments.csv'"

# one segment: the file, not the tables
expect_status "run, 1 segment" 0 "$CXSIM" run "$MIN" --reps 2 --quiet --out "$TMP/m"
check "segments.csv has its rows" "[ \$(grep -c '^baseline,everyone,' '$TMP/m/segments.csv') -eq $NM ]"
check "stdout: no table by segment" "! grep -q '^by segment' '$TMP/out'"
expect_status "report of one segment" 0 "$CXSIM" report "$TMP/m" -o "$TMP/m.html"
check "report: no section By segment" "! grep -q '>By segment<' '$TMP/m.html'"

# a damaged segments.csv: the page still comes, with a warning
sed -i '3s/,4$/,x/' "$TMP/c/segments.csv"
sed -i '3s/^\([^,]*,[^,]*,[^,]*\),[^,]*,/\1,zz,/' "$TMP/c/segments.csv"
expect_status "report of a damaged segments.csv" 0 "$CXSIM" report "$TMP/c" -o "$TMP/d.html"
check "report: says segments.csv could not be read" "grep -q 'segments.csv could not be read' '$TMP/d.html'"

testlib_finish
