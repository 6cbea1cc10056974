#!/bin/sh
# tests/cli/sensitivity_test.sh - `cxsim sensitivity` end to end: the
# tornado and the Sobol' indices of tests/data/analysis/small.lua, whose
# checkout friction moves NPS strongly while two parameters cannot move it;
# --param replacing the scenario's ranges; the same bytes for 1, 2 and 3
# threads; usage errors (exit 2). Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
SMALL="$SRC/tests/data/analysis/small.lua"
REF="$SRC/scenarios/reference.lua"
F=journey.buy.checkout.friction
G=journey.never.ghost.friction
M=segment.all.margin

expect_status "help sensitivity" 0 "$CXSIM" help sensitivity
check "help has an example" "grep -q 'cxsim sensitivity scenarios/' '$TMP/out'"

# --- the scenario's three parameters, N = 32 ---------------------------------
expect_status "sensitivity of nps and revenue" 0 "$CXSIM" sensitivity "$SMALL" --samples 32 \
    --bootstrap 200 --reps 2 --metric nps --metric revenue --out "$TMP/s" --quiet
check "tornado.csv, sobol.csv, run.json" \
    "[ \"\$(ls -A '$TMP/s' | tr '\n' ' ')\" = 'run.json sobol.csv tornado.csv ' ]"
check "tornado.csv header" "[ \"\$(head -n 1 '$TMP/s/tornado.csv')\" = 'metric,rank,parameter,low,high,baseline,metric_at_low,metric_at_high,swing,swing_ci_low,swing_ci_high,n' ]"
check "sobol.csv header" "[ \"\$(head -n 1 '$TMP/s/sobol.csv')\" = 'metric,parameter,first_order,first_ci_low,first_ci_high,total,total_ci_low,total_ci_high,n' ]"
check "3 parameters x 2 metrics in each" \
    "[ \$(tail -n +2 '$TMP/s/tornado.csv' | wc -l) -eq 6 ] && [ \$(tail -n +2 '$TMP/s/sobol.csv' | wc -l) -eq 6 ]"
field() {  # field FILE METRIC PARAMETER COLUMN
    awk -F, -v m="$2" -v p="$3" -v c="$4" '$1 == m && ($2 == p || $3 == p) { print $c }' "$1"
}
# The friction ranks first for NPS, with a swing whose CI excludes 0.
check "tornado: friction first for nps" "[ \"\$(field '$TMP/s/tornado.csv' nps 1 3)\" = '$F' ]"
check "tornado: friction lowers nps" \
    "awk -v s=\"\$(field '$TMP/s/tornado.csv' nps $F 9)\" -v h=\"\$(field '$TMP/s/tornado.csv' nps $F 11)\" 'BEGIN { exit !(s < -20 && h < 0) }'"
# Parameters that do not enter NPS. With common random numbers every
# evaluation where only such a parameter changes is the same simulation bit
# for bit, so the swing, both indices and their intervals are exactly 0
# (both estimators multiply differences f(A_B) - f(A), which are exact
# zeros): the band is no band at all.
for p in $G $M; do
    check "tornado: $p leaves nps exactly" \
        "[ \"\$(field '$TMP/s/tornado.csv' nps $p 9),\$(field '$TMP/s/tornado.csv' nps $p 10),\$(field '$TMP/s/tornado.csv' nps $p 11)\" = '0,0,0' ]"
    check "sobol: $p has first-order and total 0 for nps" \
        "[ \"\$(awk -F, -v p=$p '\$1 == \"nps\" && \$2 == p { print \$3 \$4 \$5 \$6 \$7 \$8 }' '$TMP/s/sobol.csv')\" = '000000' ]"
done
# The strong one: its total index is large and its interval well above 0
# (it is, up to noise, the only source of variance: 0.8 leaves room for
# the replications' noise at 800 customers and N = 32).
check "sobol: friction explains most of nps" \
    "awk -F, -v p=$F '\$1 == \"nps\" && \$2 == p { exit !(\$6 > 0.8 && \$7 > 0.5 && \$3 > 0.5) }' '$TMP/s/sobol.csv'"
# revenue: the margin dominates; the ghost touchpoint still exactly 0
check "tornado: margin first for revenue" "[ \"\$(field '$TMP/s/tornado.csv' revenue 1 3)\" = '$M' ]"
check "sobol: margin explains most of revenue" \
    "awk -F, -v p=$M '\$1 == \"revenue\" && \$2 == p { exit !(\$6 > 0.8) }' '$TMP/s/sobol.csv'"
check "sobol: ghost 0 for revenue" \
    "[ \"\$(awk -F, -v p=$G '\$1 == \"revenue\" && \$2 == p { print \$3 \$6 }' '$TMP/s/sobol.csv')\" = '00' ]"
check "sobol: n = 32 rows" "[ \$(tail -n +2 '$TMP/s/sobol.csv' | cut -d, -f9 | sort -u) = 32 ]"
check "tornado: n = 2 replications" "[ \$(tail -n +2 '$TMP/s/tornado.csv' | cut -d, -f12 | sort -u) = 2 ]"
check "stdout: both tables" "grep -q '^tornado: nps' '$TMP/out' && grep -q \"^Sobol' indices: revenue\" '$TMP/out'"
check "run.json: evaluations 7 + 32 x 5" \
    "grep -q '\"evaluations\": 167' '$TMP/s/run.json' && grep -q '\"samples\": 32' '$TMP/s/run.json' && grep -q '\"design\": \"sobol\"' '$TMP/s/run.json'"

# --- --param replaces the scenario's ranges; nps by default -------------------
expect_status "--param" 0 "$CXSIM" sensitivity "$SMALL" --param $F=0.1:0.3 --param $M=5:10 \
    --samples 8 --bootstrap 50 --reps 1 --out "$TMP/p" --quiet
check "two parameters, nps alone" \
    "[ \"\$(tail -n +2 '$TMP/p/sobol.csv' | cut -d, -f1,2 | tr '\n' ' ')\" = 'nps,$F nps,$M ' ]"
check "run.json: ranges from the command line" "grep -q '\"ranges_from\": \"command line\"' '$TMP/p/run.json'"

# --- the same bytes for 1, 2 and 3 threads (bootstrap seeded by --seed) ------
for t in 1 2 3; do
    expect_status "threads $t" 0 "$CXSIM" sensitivity "$SMALL" --samples 8 --bootstrap 100 \
        --reps 2 --seed 3 --threads $t --out "$TMP/t$t" --quiet
done
for f in tornado.csv sobol.csv; do
    check "$f: 1 thread = 2 threads" "cmp -s '$TMP/t1/$f' '$TMP/t2/$f'"
    check "$f: 1 thread = 3 threads" "cmp -s '$TMP/t1/$f' '$TMP/t3/$f'"
done

# --- many parameters: halton beyond 20 ----------------------------------------
many=""
for k in base friction severity delight delight_gain weight abandon recovery.attempt \
    recovery.success recovery.gain recovery.fail_loss; do
    many="$many --param journey.buy.browse.$k=0.1:0.2 --param journey.buy.checkout.$k=0.1:0.2"
done
expect_status "22 parameters, --design sobol" 2 "$CXSIM" sensitivity "$SMALL" $many --design sobol
check "  says to use halton" "grep -q 'at most 20 parameters.*use --design halton' '$TMP/err'"
expect_status "22 parameters, halton by default" 0 "$CXSIM" sensitivity "$SMALL" $many \
    --samples 2 --bootstrap 10 --reps 1 --set scenario.population=100 --out "$TMP/h" --quiet
check "  run.json says halton" "grep -q '\"design\": \"halton\"' '$TMP/h/run.json'"

# --- the reference scenario, small -------------------------------------------
expect_status "reference: its five declared parameters" 0 "$CXSIM" sensitivity "$REF" \
    --samples 4 --bootstrap 50 --reps 1 --set scenario.population=500 --set scenario.horizon=3 --quiet
check "reference: five tornado bars" "[ \$(grep -cE '^(journey|segment|scenario)\\.' '$TMP/out') -eq 10 ]"

# --- usage errors: exit 2 -------------------------------------------------------
expect_status "STEPS" 2 "$CXSIM" sensitivity "$SMALL" --param $F=0.1:0.3:3
check "  says STEPS is for sweep" "grep -q 'STEPS is for sweep' '$TMP/err'"
expect_status "--points" 2 "$CXSIM" sensitivity "$SMALL" --points 10
expect_status "--design grid" 2 "$CXSIM" sensitivity "$SMALL" --design grid
check "  says sobol or halton" "grep -q 'must be sobol or halton' '$TMP/err'"
expect_status "--targets is calibrate's" 2 "$CXSIM" sensitivity "$SMALL" --targets t.csv
expect_status "--antithetic" 2 "$CXSIM" sensitivity "$SMALL" --antithetic
expect_status "unknown metric" 2 "$CXSIM" sensitivity "$SMALL" --metric promoters
expect_status "metric twice" 2 "$CXSIM" sensitivity "$SMALL" --metric nps --metric nps
expect_status "bad range" 2 "$CXSIM" sensitivity "$SMALL" --param $F=0.5:0.1
expect_status "segment share" 2 "$CXSIM" sensitivity "$SMALL" --param segment.all.share=0.5:1
expect_status "--samples 1" 2 "$CXSIM" sensitivity "$SMALL" --samples 1
printf 'scenario { horizon = 2, population = 100 }\nsegment "a" { share = 1 }\njourney "j" { touchpoint "t" {} }\n' >"$TMP/none.lua"
expect_status "no parameters" 2 "$CXSIM" sensitivity "$TMP/none.lua"
check "  says how to declare them" "grep -q 'parameter \"PATH\" { low = ..., high = ... }' '$TMP/err'"
printf 'scenario { horizon = 2, population = 100 }\nsegment "a" { share = 1 }\njourney "j" { touchpoint "t" {} }\nparameter "j.t.friction" { low = 0.1, high = 2 }\n' >"$TMP/bad.lua"
expect_status "bad declaration" 3 "$CXSIM" sensitivity "$TMP/bad.lua"
check "  names file and line" "grep -qF '$TMP/bad.lua:4: parameter \"journey.j.t.friction\"' '$TMP/err'"

# --- --variant: the tornado of the decision --------------------------------------
# The build cost changes what quick_wins pays and nothing a customer meets,
# so its swing of the net value has no noise (a zero-width interval), it is
# negative, and at low the net value is compare's at that cost.
VAR="--reps 2 --set scenario.population=1000 --set scenario.horizon=4 --quiet"
CC=intervention.one_click_checkout.cost.fixed
expect_status "--variant tornado" 0 "$CXSIM" sensitivity "$REF" --variant quick_wins \
    --metric net_value --param $CC=30000:50000 \
    --param journey.purchase.checkout.friction=0.04:0.15 --samples 4 $VAR --out "$TMP/dt"
row=$(grep "^net_value,[12],$CC," "$TMP/dt/tornado.csv")
sw=$(echo "$row" | cut -d, -f9); lo=$(echo "$row" | cut -d, -f10); hi=$(echo "$row" | cut -d, -f11)
check "decision tornado: the cost's swing is negative" "awk -v s='$sw' 'BEGIN { exit !(s < 0) }'"
check "decision tornado: the cost's swing has no noise" "[ '$sw' = '$lo' ] && [ '$sw' = '$hi' ]"
expect_status "compare at the low cost" 0 "$CXSIM" compare "$REF" --set $CC=30000 $VAR --out "$TMP/dtc"
check "decision tornado: at low = compare's net value difference" \
    "[ \"\$(echo '$row' | cut -d, -f7)\" = \"\$(awk -F, '\$1 == \"quick_wins-baseline\" && \$2 == \"net_value\" { print \$3 }' '$TMP/dtc/summary.csv')\" ]"
check "decision tornado: run.json names the difference" "grep -q '\"difference\"' '$TMP/dt/run.json'"

testlib_finish
