#!/bin/sh
# tests/cli/sweep_test.sh - `cxsim sweep` end to end: grid sizes and order,
# Sobol' and Halton points inside their ranges, the tidy sweep.csv and
# run.json, the same bytes for 1, 2 and 3 threads, ranges from the
# scenario, usage errors (exit 2) and bad parameter declarations (exit 3).
# Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
SMALL="$SRC/tests/data/analysis/small.lua"
REF="$SRC/scenarios/reference.lua"
F=journey.buy.checkout.friction
M=segment.all.margin

expect_status "help sweep" 0 "$CXSIM" help sweep
check "help sweep has an example" "grep -q 'cxsim sweep scenarios/' '$TMP/out'"

# --- a grid: 3 x 2 points, first parameter slowest ---------------------------
expect_status "grid 3 x 2" 0 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:3 --param $M=10:30:2 \
    --metric nps --metric revenue --reps 2 --out "$TMP/g" --quiet
check "sweep.csv and run.json only" "[ \"\$(ls -A '$TMP/g' | tr '\n' ' ')\" = 'run.json sweep.csv ' ]"
check "sweep.csv header" "[ \"\$(head -n 1 '$TMP/g/sweep.csv')\" = 'point,$F,$M,metric,mean,sd,ci_low,ci_high,n' ]"
check "6 points x 2 metrics" "[ \$(tail -n +2 '$TMP/g/sweep.csv' | wc -l) -eq 12 ]"
check "points 1..6" "[ \"\$(tail -n +2 '$TMP/g/sweep.csv' | cut -d, -f1 | uniq | tr '\n' ' ')\" = '1 2 3 4 5 6 ' ]"
check "grid order (first parameter slowest), ends exact" \
    "[ \"\$(awk -F, '\$4 == \"nps\" { printf \"%s/%s \", \$2, \$3 }' '$TMP/g/sweep.csv')\" = '0.1/10 0.1/30 0.2/10 0.2/30 0.3/10 0.3/30 ' ]"
check "n = reps" "[ \$(tail -n +2 '$TMP/g/sweep.csv' | cut -d, -f9 | sort -u) = 2 ]"
# common random numbers: the margin moves revenue (exactly in proportion)
# and leaves NPS bit for bit; more friction, lower NPS
check "margin leaves nps unchanged" \
    "[ \$(awk -F, '\$4 == \"nps\" { print \$2, \$5 }' '$TMP/g/sweep.csv' | sort -u | wc -l) -eq 3 ]"
check "friction lowers nps" \
    "awk -F, '\$4 == \"nps\" && \$3 == 10 { v[++n] = \$5 } END { exit !(v[1] > v[2] && v[2] > v[3]) }' '$TMP/g/sweep.csv'"
check "stdout: one row per point" "[ \$(grep -cE '^ +[0-9]+ +0\\.[123] ' '$TMP/out') -eq 6 ]"
check "run.json: design, points, steps" \
    "grep -q '\"design\": \"grid\"' '$TMP/g/run.json' && grep -q '\"points\": 6' '$TMP/g/run.json' && grep -q '\"steps\": 3' '$TMP/g/run.json'"
check "run.json: command and ranges" \
    "grep -q '\"command\": \"sweep\"' '$TMP/g/run.json' && grep -q '\"ranges_from\": \"command line\"' '$TMP/g/run.json'"

# every metric by default: one row per point and metric
expect_status "grid, every metric" 0 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:2 --reps 2 --out "$TMP/all" --quiet
nm=$(tail -n +2 "$TMP/all/sweep.csv" | cut -d, -f3 | sort -u | wc -l)
check "every metric ($nm)" "[ $nm -ge 23 ] && [ \$(tail -n +2 '$TMP/all/sweep.csv' | wc -l) -eq \$((2 * $nm)) ]"
check "roi is NA (no baseline)" "grep -q ',roi,NA,NA,NA,NA,0\$' '$TMP/all/sweep.csv'"

# --- quasi-random designs ------------------------------------------------------
inside() {  # inside FILE: every parameter value within its range
    awk -F, 'NR > 1 { if (!($2 > 0.05 && $2 < 0.5 && $3 > 5 && $3 < 50)) bad = 1 } END { exit bad }' "$1"
}
for d in sobol halton; do
    expect_status "$d, 20 points" 0 "$CXSIM" sweep "$SMALL" --design $d --points 20 \
        --param $F=0.05:0.5 --param $M=5:50 --metric nps --reps 1 --out "$TMP/$d" --quiet
    check "$d: 20 points" "[ \$(tail -n +2 '$TMP/$d/sweep.csv' | wc -l) -eq 20 ]"
    check "$d: inside the ranges" "inside '$TMP/$d/sweep.csv'"
    check "$d: 20 distinct points" "[ \$(tail -n +2 '$TMP/$d/sweep.csv' | cut -d, -f2,3 | sort -u | wc -l) -eq 20 ]"
done
check "sobol: the first point is the centre" "grep -q '^1,0.275,27.5,nps,' '$TMP/sobol/sweep.csv'"
check "halton: the first point is (1/2, 1/3)" "grep -q '^1,0.275,20,nps,' '$TMP/halton/sweep.csv'"

# --- the scenario's ranges: sobol, 64 points by default ----------------------
expect_status "scenario's ranges" 0 "$CXSIM" sweep "$SMALL" --metric nps --reps 1 --out "$TMP/sc" --quiet
check "3 declared parameters, 64 points" \
    "[ \"\$(head -n 1 '$TMP/sc/sweep.csv')\" = 'point,$F,journey.never.ghost.friction,$M,metric,mean,sd,ci_low,ci_high,n' ] && [ \$(tail -n +2 '$TMP/sc/sweep.csv' | wc -l) -eq 64 ]"
check "run.json: ranges from the scenario" "grep -q '\"ranges_from\": \"scenario\"' '$TMP/sc/run.json'"

# --- same bytes for 1, 2 and 3 threads ---------------------------------------
for t in 1 2 3; do
    expect_status "threads $t" 0 "$CXSIM" sweep "$SMALL" --design sobol --points 9 \
        --param $F=0.05:0.5 --param $M=5:50 --reps 3 --seed 5 --threads $t --out "$TMP/t$t" --quiet
done
check "sweep.csv: 1 thread = 2 threads" "cmp -s '$TMP/t1/sweep.csv' '$TMP/t2/sweep.csv'"
check "sweep.csv: 1 thread = 3 threads" "cmp -s '$TMP/t1/sweep.csv' '$TMP/t3/sweep.csv'"

# --- the reference scenario, small -------------------------------------------
expect_status "reference: checkout friction, 3 steps" 0 "$CXSIM" sweep "$REF" \
    --param journey.purchase.checkout.friction=0.04:0.15:3 --metric nps --reps 2 \
    --set scenario.population=1000 --set scenario.horizon=4 --quiet
check "reference: 3 rows" "[ \$(grep -cE '^ +[123] ' '$TMP/out') -eq 3 ]"

# --- usage errors: exit 2, naming what is wrong --------------------------------
expect_status "grid without STEPS" 2 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3
check "  says STEPS" "grep -q 'grid needs STEPS' '$TMP/err'"
expect_status "the scenario's ranges on a grid" 2 "$CXSIM" sweep "$SMALL" --design grid
check "  says so" "grep -q \"the scenario's parameters have no STEPS\" '$TMP/err'"
expect_status "STEPS with sobol" 2 "$CXSIM" sweep "$SMALL" --design sobol --param $F=0.1:0.3:3
check "  says STEPS is for grid" "grep -q 'STEPS is for --design grid' '$TMP/err'"
expect_status "--points with a grid" 2 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:3 --points 5
check "  says --points" "grep -q -- '--points goes with' '$TMP/err'"
expect_status "unknown design" 2 "$CXSIM" sweep "$SMALL" --design latin --param $F=0.1:0.3
check "  lists the designs" "grep -q 'grid, sobol or halton' '$TMP/err'"
expect_status "LO above HI" 2 "$CXSIM" sweep "$SMALL" --param $F=0.3:0.1:3
expect_status "not LO:HI" 2 "$CXSIM" sweep "$SMALL" --param $F=0.3
expect_status "unknown parameter" 2 "$CXSIM" sweep "$SMALL" --param journey.buy.chekout.friction=0.1:0.3:3
check "  names it" "grep -q 'no touchpoint \"chekout\"' '$TMP/err'"
expect_status "out of range" 2 "$CXSIM" sweep "$SMALL" --param $F=0.1:1.3:3
expect_status "the horizon" 2 "$CXSIM" sweep "$SMALL" --param scenario.horizon=2:6:3
check "  says why" "grep -q 'scenario.horizon: cannot vary' '$TMP/err'"
expect_status "same parameter twice" 2 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:3 --param $F=0.1:0.2:2
expect_status "unknown metric" 2 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:3 --metric npss
expect_status "--objective is quickwins'" 2 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:3 --objective nps
check "  says so" "grep -q -- '--objective is not a sweep option' '$TMP/err'"
expect_status "--samples is sensitivity's" 2 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:3 --samples 8
expect_status "a grid too large" 2 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:1000 --param $M=1:2:1001
expect_status "an integer parameter off the integers" 2 "$CXSIM" sweep "$SMALL" --param scenario.max_visits=10:11:3
check "  names the point" "grep -q 'design point 2 (scenario.max_visits=10.5): .*must be an integer' '$TMP/err'"
printf 'scenario { horizon = 2, population = 100 }\nsegment "a" { share = 1 }\njourney "j" { touchpoint "t" {} }\n' >"$TMP/none.lua"
expect_status "no parameters anywhere" 2 "$CXSIM" sweep "$TMP/none.lua" --out "$TMP/nodir"
check "  says how to give them" "grep -q 'needs parameters to vary' '$TMP/err'"
check "  no directory made" "[ ! -e '$TMP/nodir' ]"

# --- bad declarations in the scenario: exit 3, file and line -----------------
bad() {  # bad NAME LINE-OF-CODE EXPECTED-MESSAGE-PART
    printf 'scenario { horizon = 2, population = 100 }\nsegment "a" { share = 1 }\njourney "j" { touchpoint "t" {} }\n%s\n' "$2" >"$TMP/bad.lua"
    printf '%s\n' "$3" >"$TMP/want"
    expect_status "declaration: $1" 3 "$CXSIM" sweep "$TMP/bad.lua"
    check "  names file and line 4" "grep -qF '$TMP/bad.lua:4: parameter' '$TMP/err' && grep -qF -f '$TMP/want' '$TMP/err'"
}
bad "bound out of range" 'parameter "j.t.friction" { low = 0.1, high = 1.4 }' 'friction must be in [0,1], got 1.4'
bad "unknown path" 'parameter "j.x.friction" { low = 0.1, high = 0.4 }' 'has no touchpoint "x"'
bad "low above high" 'parameter "j.t.friction" { low = 0.4, high = 0.1 }' 'low (0.4) must be below high (0.1)'
bad "missing high" 'parameter "j.t.friction" { low = 0.4 }' 'high is missing'
bad "unknown key" 'parameter "j.t.friction" { low = 0.1, hi = 0.4 }' "unknown key 'hi'"

# --- --variant: the paired difference at every point ------------------------------
# A point of sweep --variant is compare --set at the point's value: the same
# seed and replications give the same bytes for quick_wins-baseline.
VAR="--reps 3 --set scenario.population=1500 --set scenario.horizon=4 --quiet"
CF=journey.purchase.checkout.friction
expect_status "--variant" 0 "$CXSIM" sweep "$REF" --variant quick_wins --param $CF=0.04:0.15:2 \
    --metric net_value --metric roi --metric nps $VAR --out "$TMP/var"
check "--variant: stdout says differences" "grep -q 'every value: quick_wins - baseline' '$TMP/out'"
check "--variant: run.json names the difference" "grep -q '\"difference\"' '$TMP/var/run.json'"
for x in 0.04 0.15; do
    expect_status "compare at $x" 0 "$CXSIM" compare "$REF" --set $CF=$x $VAR --out "$TMP/cmp$x"
    for m in net_value nps; do
        a=$(awk -F, -v x=$x -v m=$m '$2 == x && $3 == m { print $4 "," $5 "," $6 "," $7 "," $8 }' "$TMP/var/sweep.csv")
        b=$(awk -F, -v m=$m '$1 == "quick_wins-baseline" && $2 == m { print $3 "," $4 "," $5 "," $6 "," $7 }' "$TMP/cmp$x/summary.csv")
        check "--variant at $x: $m as compare's quick_wins-baseline" "[ -n '$a' ] && [ '$a' = '$b' ]"
    done
    a=$(awk -F, -v x=$x '$2 == x && $3 == "roi" { print $4 "," $5 "," $6 "," $7 "," $8 }' "$TMP/var/sweep.csv")
    b=$(awk -F, '$1 == "quick_wins" && $2 == "roi" { print $3 "," $4 "," $5 "," $6 "," $7 }' "$TMP/cmp$x/summary.csv")
    check "--variant at $x: roi as compare's quick_wins roi (not NA)" "[ '$a' = '$b' ] && [ \"\${a%%,*}\" != NA ]"
done
expect_status "--metric roi without --variant" 2 "$CXSIM" sweep "$REF" --param $CF=0.04:0.15:2 \
    --metric roi $VAR --out "$TMP/roi"
check "--metric roi without --variant: says to name one" "grep -q 'give --variant NAME' '$TMP/err'"
check "--metric roi without --variant: nothing written" "[ ! -e '$TMP/roi' ]"
expect_status "--variant unknown" 2 "$CXSIM" sweep "$REF" --variant quick_win --param $CF=0.04:0.15:2 $VAR
check "--variant unknown: lists the variants" "grep -q \"no variant 'quick_win'.*quick_wins\" '$TMP/err'"
expect_status "--variant the baseline" 2 "$CXSIM" sweep "$REF" --variant baseline --param $CF=0.04:0.15:2 $VAR
expect_status "quickwins --variant" 2 "$CXSIM" quickwins "$REF" --variant quick_wins $VAR
expect_status "two --variant" 2 "$CXSIM" sweep "$REF" --variant quick_wins --variant x:scenario.continuity=0.7 \
    --param $CF=0.04:0.15:2 $VAR
# a variant made on the command line: the fix alone, at a cost
expect_status "--variant NAME:PATH=VALUE@COST" 0 "$CXSIM" sweep "$REF" --param scenario.continuity=0.5:0.9:2 \
    --variant "fix:purchase.checkout.friction=0.03@1000" --metric net_value $VAR --out "$TMP/adhoc"
expect_status "compare of it" 0 "$CXSIM" compare "$REF" --set scenario.continuity=0.5 \
    --variant "fix:purchase.checkout.friction=0.03@1000" $VAR --out "$TMP/adhocc"
a=$(awk -F, '$1 == 1 && $3 == "net_value" { print $4 }' "$TMP/adhoc/sweep.csv")
b=$(awk -F, '$1 == "fix-baseline" && $2 == "net_value" { print $3 }' "$TMP/adhocc/summary.csv")
check "--variant NAME:PATH=VALUE: the point as compare's" "[ -n '$a' ] && [ '$a' = '$b' ]"

testlib_finish
