#!/bin/sh
# tests/cli/uncertainty_test.sh - `compare --uncertainty N` end to end
# against closed forms: the distribution of a completion difference under
# uncertain inputs, the EVPPI of an irrelevant input (0) and of the only
# input that matters (the EVPI), fixed inputs (no input spread, a plain
# run's means), the same bytes for 1 and 2 threads, and bad input (exit 2
# for the flag, 3 for a distribution, nothing written).
# Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
D="$SRC/tests/data/uncertainty"

# field NAME of the row of FILE whose first two columns are V,M
col() { awk -F, -v v="$2" -v m="$3" -v f="$4" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
    $1 == v && $2 == m { print $c[f] }' "$1"; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }

# --- the closed form ----------------------------------------------------------
# completion_rate = 1 - f (abandon 1, no recovery, no trust buffer). Baseline
# f ~ U(0.1, 0.3), the fix's f ~ U(0.05, 0.15), independent: the difference
# f_b - f_v has the trapezoid density on [-0.05, 0.25] (flat at 5 on
# [0.05, 0.15]); F(x) = (x + 0.05)^2 / 0.04 below 0.05, so p05 = -0.05 +
# sqrt(0.002) = -0.005279, p50 = 0.1, p95 = 0.205279 by symmetry, P(> 0) =
# 1 - 0.0025 / 0.04 = 0.9375. Bands: the 256 draws of a shifted Sobol' net
# put the empirical quantiles within about 1/256 of their probabilities
# (0.004 / density 2.24 = 0.002 in x at p05), and the inner noise of a
# completion rate over 2 x 2 x 5000 journeys, sd about 0.003, blurs each
# draw (common random numbers make the difference's noise smaller still):
# 0.006 for quantiles, 0.02 for the probability (P(> 0) is a share of
# draws near a density of 1.1 per unit at x = 0).
expect_status "closed form" 0 "$CXSIM" compare "$D/closed.lua" --uncertainty 256 \
    --out "$TMP/c" --quiet
U="$TMP/c/uncertainty.csv"
check "files" "[ \"\$(ls -A '$TMP/c' | tr '\n' ' ')\" = 'decision.csv draws.csv run.json uncertainty.csv voi.csv ' ]"
check "uncertainty.csv header" "head -n 1 '$U' | grep -q '^variant,metric,mean,sd,p05,p50,p95,prob_positive,'"
check "difference p05" "near \$(col '$U' fixed-baseline completion_rate p05) -0.005279 0.006"
check "difference p50" "near \$(col '$U' fixed-baseline completion_rate p50) 0.1 0.006"
check "difference p95" "near \$(col '$U' fixed-baseline completion_rate p95) 0.205279 0.006"
check "difference P(> 0)" "near \$(col '$U' fixed-baseline completion_rate prob_positive) 0.9375 0.02"
# baseline 1 - f_b, uniform on [0.7, 0.9]: p05 0.71, p95 0.89
check "baseline p05" "near \$(col '$U' baseline completion_rate p05) 0.71 0.006"
check "baseline p95" "near \$(col '$U' baseline completion_rate p95) 0.89 0.006"
check "net_value and roi rows" "[ -n \"\$(col '$U' fixed-baseline net_value mean)\" ] && [ -n \"\$(col '$U' fixed-baseline roi mean)\" ]"
check "draws.csv: a row per draw and variant" "[ \$(tail -n +2 '$TMP/c/draws.csv' | wc -l) -eq 512 ]"
check "stdout says what the figures cover" "grep -q 'cover the uncertain inputs' '$TMP/out'"

# --- value of information -----------------------------------------------------
expect_status "voi" 0 "$CXSIM" compare "$D/voi.lua" --uncertainty 256 --out "$TMP/v" --quiet
V="$TMP/v/voi.csv"
check "voi.csv header" "[ \"\$(head -n 1 '$V')\" = 'parameter,evppi,evpi' ]"
evpi=$(awk -F, 'NR == 2 { print $3 }' "$V")
fx=$(awk -F, '$1 == "intervention.fix.journey.j.t.friction" { print $2 }' "$V")
irr=$(awk -F, '$1 == "segment.all.refuse_data" { print $2 }' "$V")
# the regression's error moves the mean of the maxima by well under 5 %
check "EVPI > 0" "awk -v e='$evpi' 'BEGIN { exit !(e > 0) }'"
check "EVPPI of the only input that matters = EVPI" "awk -v a='$fx' -v e='$evpi' 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(d <= 0.05 * e) }'"
check "EVPPI of an irrelevant input = 0" "awk -v a='$irr' -v e='$evpi' 'BEGIN { exit !(a <= 0.02 * e) }'"
check "decision.csv" "[ \"\$(head -n 1 '$TMP/v/decision.csv')\" = 'variant,expected_net_value,prob_best,prob_loss,prob_roi_negative,expected_loss' ]"

# --- same bytes whatever the threads --------------------------------------------
expect_status "1 thread" 0 "$CXSIM" compare "$D/closed.lua" --uncertainty 32 --threads 1 \
    --out "$TMP/t1" --quiet
expect_status "2 threads" 0 "$CXSIM" compare "$D/closed.lua" --uncertainty 32 --threads 2 \
    --out "$TMP/t2" --quiet
for f in uncertainty.csv decision.csv voi.csv draws.csv; do
    check "$f same bytes for 1 and 2 threads" "cmp -s '$TMP/t1/$f' '$TMP/t2/$f'"
done

expect_status "3 threads" 0 "$CXSIM" compare "$D/closed.lua" --uncertainty 32 --threads 3 \
    --out "$TMP/t3" --quiet
for f in uncertainty.csv decision.csv voi.csv draws.csv; do
    check "$f same bytes for 1 and 3 threads" "cmp -s '$TMP/t1/$f' '$TMP/t3/$f'"
done

# --- interrupted and resumed: the bytes of an uninterrupted run -----------------
# CXSIM_TEST_INTERRUPT_AFTER=N: SIGINT once N replications are done (32
# draws x 2 replications x 2 variants = 128); a draw in progress is
# dropped, those before are kept in draws.bin. Resumed with other thread
# counts and stopped again, then finished.
expect_status "interrupted" 1 env CXSIM_TEST_INTERRUPT_AFTER=30 "$CXSIM" compare "$D/closed.lua" \
    --uncertainty 32 --threads 2 --out "$TMP/i" --quiet
check "interrupted: says how to continue" "grep -q 'draws complete; ' '$TMP/err' && grep -q 'Continue with: .* --uncertainty 32 --resume' '$TMP/err'"
check "interrupted: run.json incomplete" "grep -q '\"complete\": false' '$TMP/i/run.json'"
check "interrupted: draws.bin kept" "[ -s '$TMP/i/draws.bin' ]"
kept=$(awk -F, 'NR > 1 { n = $1 } END { print n }' "$TMP/i/draws.csv")
check "interrupted: the draws kept are whole ($kept of 32)" "[ '$kept' -ge 1 ] && [ '$kept' -lt 32 ]"
check "interrupted: files of the draws kept" "[ \"\$(col '$TMP/i/uncertainty.csv' baseline nps n)\" = '$kept' ]"
expect_status "resumed, stopped again" 1 env CXSIM_TEST_INTERRUPT_AFTER=30 "$CXSIM" compare \
    "$D/closed.lua" --uncertainty 32 --threads 1 --resume "$TMP/i" --quiet
again=$(awk -F, 'NR > 1 { n = $1 } END { print n }' "$TMP/i/draws.csv")
check "resumed, stopped again: more draws ($again)" "[ '$again' -gt '$kept' ] && [ '$again' -lt 32 ]"
expect_status "resumed to the end" 0 "$CXSIM" compare "$D/closed.lua" --uncertainty 32 --threads 3 \
    --resume "$TMP/i" --quiet
for f in uncertainty.csv decision.csv voi.csv draws.csv; do
    check "resumed: $f as an uninterrupted run's" "cmp -s '$TMP/t1/$f' '$TMP/i/$f'"
done
check "resumed: run.json complete, draws.bin gone" "grep -q '\"complete\": true' '$TMP/i/run.json' && [ ! -e '$TMP/i/draws.bin' ]"
expect_status "resume of a finished run" 2 "$CXSIM" compare "$D/closed.lua" --uncertainty 32 \
    --resume "$TMP/i" --quiet
check "resume of a finished run: draws.bin missing" "grep -q 'draws.bin is missing' '$TMP/err'"
expect_status "stopped in the first draw" 1 env CXSIM_TEST_INTERRUPT_AFTER=1 "$CXSIM" compare \
    "$D/closed.lua" --uncertainty 32 --out "$TMP/i0" --quiet
check "stopped in the first draw: nothing written" "[ ! -e '$TMP/i0/run.json' ] && [ ! -e '$TMP/i0/draws.bin' ]"
expect_status "interrupted again" 1 env CXSIM_TEST_INTERRUPT_AFTER=30 "$CXSIM" compare "$D/closed.lua" \
    --uncertainty 32 --out "$TMP/j" --quiet
cp -r "$TMP/j" "$TMP/j2"
expect_status "resume with other draws" 2 "$CXSIM" compare "$D/closed.lua" --uncertainty 40 \
    --resume "$TMP/j" --quiet
check "resume with other draws: names the difference" "grep -q \"'uncertainty 32' there, 'uncertainty 40' here\" '$TMP/err'"
expect_status "resume with another seed" 2 "$CXSIM" compare "$D/closed.lua" --uncertainty 32 \
    --seed 2 --resume "$TMP/j" --quiet
expect_status "resume without --uncertainty" 2 "$CXSIM" compare "$D/closed.lua" --resume "$TMP/j" --quiet
size=$(wc -c <"$TMP/j2/draws.bin")
printf 'X' | dd of="$TMP/j2/draws.bin" bs=1 seek=$((size - 40)) conv=notrunc 2>/dev/null
expect_status "damaged draws.bin" 3 "$CXSIM" compare "$D/closed.lua" --uncertainty 32 \
    --resume "$TMP/j2" --quiet
check "damaged draws.bin: says so" "grep -q 'draws.bin: damaged' '$TMP/err'"
head -c 100 "$TMP/j/draws.bin" >"$TMP/j2/draws.bin"
expect_status "truncated draws.bin" 3 "$CXSIM" compare "$D/closed.lua" --uncertainty 32 \
    --resume "$TMP/j2" --quiet

# --- fixed inputs: no input spread, a plain run's means -------------------------
# 4 draws x 2 inner replications use the engine's replications 0..7: the
# mean over the draws is the mean of a plain run of 8 (up to rounding).
sed -e '/^parameter/d' -e 's/uniform(0.05, 0.15)/0.1/' "$D/closed.lua" >"$TMP/fixed.lua"
expect_status "fixed inputs" 0 "$CXSIM" compare "$TMP/fixed.lua" --uncertainty 4 --reps 2 \
    --out "$TMP/f" --quiet
expect_status "plain run of 8" 0 "$CXSIM" compare "$TMP/fixed.lua" --reps 8 --out "$TMP/p" --quiet
for m in nps completion_rate revenue; do
    a=$(col "$TMP/f/uncertainty.csv" baseline $m mean)
    b=$(awk -F, -v m=$m '$1 == "baseline" && $2 == m { print $3 }' "$TMP/p/summary.csv")
    check "fixed: $m mean = plain run's" "awk -v a='$a' -v b='$b' 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-9 * (b < 0 ? -b : b) + 1e-12) }'"
    check "fixed: $m no input spread" "[ \"\$(col '$TMP/f/uncertainty.csv' baseline $m var_input)\" = 0 ]"
done
# without --uncertainty, run's stdout says what its intervals cover
expect_status "plain run" 0 "$CXSIM" run "$TMP/fixed.lua" --reps 2 --quiet
check "plain run: its CIs cover simulation noise only" "grep -q 'CIs cover simulation noise only: every input is taken as known' '$TMP/out'"

# --- bad input --------------------------------------------------------------------
expect_status "--uncertainty 0" 2 "$CXSIM" compare "$D/closed.lua" --uncertainty 0 --out "$TMP/b0"
check "--uncertainty 0 writes nothing" "[ ! -e '$TMP/b0' ]"
expect_status "--uncertainty with --reps auto" 2 "$CXSIM" compare "$D/closed.lua" --uncertainty 4 \
    --reps auto --precision 1
expect_status "sweep --uncertainty" 2 "$CXSIM" sweep "$D/closed.lua" --uncertainty 4
sed 's/uniform(0.05, 0.15)/normal(0.1, 0)/' "$D/closed.lua" >"$TMP/bad.lua"
expect_status "sd 0" 3 "$CXSIM" compare "$TMP/bad.lua" --uncertainty 4 --out "$TMP/b1"
check "sd 0: file and line" "grep -q 'bad.lua:11: normal: sd must be above 0' '$TMP/err'"
check "sd 0 writes nothing" "[ ! -e '$TMP/b1' ]"
sed 's/uniform(0.05, 0.15)/uniform(0.5, 1.5)/' "$D/closed.lua" >"$TMP/bad2.lua"
expect_status "outside the range" 3 "$CXSIM" compare "$TMP/bad2.lua" --uncertainty 4 --out "$TMP/b2"
check "outside the range: file, line, range" "grep -q 'bad2.lua:11: .*friction must be in \\[0,1\\], got 1.5' '$TMP/err'"
sed 's/uniform(0.05, 0.15)/beta { mean = 0.5, sd = 0.6 }/' "$D/closed.lua" >"$TMP/bad3.lua"
expect_status "impossible beta" 3 "$CXSIM" compare "$TMP/bad3.lua" --uncertainty 4
check "impossible beta: message" "grep -q 'bad3.lua:11: beta: no beta has mean 0.5 and sd 0.6' '$TMP/err'"
sed 's/uniform(0.05, 0.15)/gamma(1, 2)/' "$D/closed.lua" >"$TMP/bad4.lua"
expect_status "unknown distribution" 3 "$CXSIM" compare "$TMP/bad4.lua" --uncertainty 4
check "unknown distribution: message" "grep -q \"bad4.lua:11: unknown global 'gamma'\" '$TMP/err'"

# --- quickwins --uncertainty ------------------------------------------------------
# closed.lua's only candidate is its declared variant "fixed": the same
# draws and inner random numbers as compare's, so the same bytes
expect_status "quickwins --uncertainty" 0 "$CXSIM" quickwins "$D/closed.lua" --uncertainty 16 \
    --out "$TMP/q" --quiet
expect_status "compare for quickwins" 0 "$CXSIM" compare "$D/closed.lua" --uncertainty 16 \
    --out "$TMP/qc" --quiet
for f in uncertainty.csv decision.csv voi.csv draws.csv; do
    check "quickwins: $f as compare's" "cmp -s '$TMP/q/$f' '$TMP/qc/$f'"
done
check "quickwins_uncertainty.csv: the candidate, its decision.csv figures" \
    "[ \"\$(cut -d, -f1-4,10- '$TMP/q/quickwins_uncertainty.csv' | tail -n +2)\" = \"1,fixed,fix,1,\$(grep '^fixed,' '$TMP/q/decision.csv' | cut -d, -f2-)\" ]"
# dominant.lua, no uncertain input: fix_checkout's gain is certain, new_logo
# changes nothing (its effect exactly 0 under common random numbers),
# survey_popup loses; 3 singles and the 4 combinations of them
expect_status "quickwins ranking" 0 "$CXSIM" quickwins "$SRC/tests/data/quickwins/dominant.lua" \
    --uncertainty 4 --reps 2 --set scenario.population=500 --out "$TMP/qd" --quiet
QU="$TMP/qd/quickwins_uncertainty.csv"
check "quickwins ranking: header" "head -n 1 '$QU' | grep -q '^rank,candidate,interventions,size,objective,effect_mean,effect_p05,effect_p95,prob_better,expected_net_value,prob_best,prob_loss,prob_roi_negative,expected_loss\$'"
check "quickwins ranking: 7 candidates" "[ \$(tail -n +2 '$QU' | wc -l) -eq 7 ]"
check "quickwins ranking: fix_checkout first, sure to pay" "grep -q '^1,fix_checkout,fix_checkout,1,value,[^,]*,[^,]*,[^,]*,1,' '$QU'"
check "quickwins ranking: new_logo's effect exactly 0" "grep -q '^[0-9]*,new_logo,new_logo,1,value,0,0,0,0,' '$QU'"
check "quickwins ranking: survey_popup a sure loss" "grep -q '^[0-9]*,survey_popup,survey_popup,1,value,-[^,]*,-[^,]*,-[^,]*,0,-[^,]*,0,1,' '$QU'"
check "quickwins ranking: the table printed" "grep -q 'quick wins under uncertainty' '$TMP/out'"
expect_status "quickwins --uncertainty with --reps auto" 2 "$CXSIM" quickwins "$D/closed.lua" \
    --uncertainty 4 --reps auto --precision 1 --out "$TMP/qa"
check "quickwins --uncertainty with --reps auto writes nothing" "[ ! -e '$TMP/qa' ]"

expect_status "quickwins --uncertainty interrupted" 1 env CXSIM_TEST_INTERRUPT_AFTER=30 "$CXSIM" \
    quickwins "$D/closed.lua" --uncertainty 16 --out "$TMP/qi" --quiet
expect_status "quickwins --uncertainty resumed" 0 "$CXSIM" quickwins "$D/closed.lua" \
    --uncertainty 16 --resume "$TMP/qi" --quiet
for f in uncertainty.csv decision.csv voi.csv draws.csv quickwins_uncertainty.csv; do
    check "quickwins resumed: $f as an uninterrupted run's" "cmp -s '$TMP/q/$f' '$TMP/qi/$f'"
done


# --- the acceptability curve (--price-range) ---------------------------------------
# Same draws as "$TMP/c": at price 0 each variant's P(best) is decision.csv's;
# at a price so high that the completion gained outweighs any net value,
# the fix is best exactly where it completes more (uncertainty.csv's
# prob_positive of fixed-baseline completion_rate); the shares sum to 1.
expect_status "--price-range" 0 "$CXSIM" compare "$D/closed.lua" --uncertainty 256 \
    --price-range completion_rate=0:1e9:3 --out "$TMP/pr" --quiet
A="$TMP/pr/acceptability.csv"
check "acceptability.csv header" "[ \"\$(head -n 1 '$A')\" = 'metric,price,variant,prob_best' ]"
check "acceptability.csv: 3 prices x 2 variants" "[ \$(tail -n +2 '$A' | wc -l) -eq 6 ]"
check "at price 0: decision.csv's P(best)" "[ \"\$(awk -F, '\$2 == 0 && \$3 == \"fixed\" { print \$4 }' '$A')\" = \"\$(awk -F, '\$1 == \"fixed\" { print \$3 }' '$TMP/c/decision.csv')\" ]"
check "at a huge price: P(completion gained > 0)" "[ \"\$(awk -F, '\$2 == 1000000000 && \$3 == \"fixed\" { print \$4 }' '$A')\" = \"\$(col '$U' fixed-baseline completion_rate prob_positive)\" ]"
check "P(best) sums to 1 at each price" "awk -F, 'NR > 1 { s[\$2] += \$4 } END { for (p in s) if (s[p] < 0.999999 || s[p] > 1.000001) exit 1 }' '$A'"
check "--price-range: printed plainly" "grep -q '^acceptability: P(best) when one unit of completion_rate' '$TMP/out' && grep -q '^fixed: best in most draws' '$TMP/out'"
expect_status "--price-range without --uncertainty" 2 "$CXSIM" compare "$D/closed.lua" \
    --price-range nps=0:10 --out "$TMP/pr1"
expect_status "--price-range of roi" 2 "$CXSIM" compare "$D/closed.lua" --uncertainty 4 \
    --price-range roi=0:10 --out "$TMP/pr2"
expect_status "--price-range with LO >= HI" 2 "$CXSIM" compare "$D/closed.lua" --uncertainty 4 \
    --price-range nps=10:0 --out "$TMP/pr3"
expect_status "--price-range of an unknown metric" 2 "$CXSIM" compare "$D/closed.lua" \
    --uncertainty 4 --price-range npz=0:10 --out "$TMP/pr4"
check "--price-range errors write nothing" "[ ! -e '$TMP/pr1' ] && [ ! -e '$TMP/pr2' ] && [ ! -e '$TMP/pr3' ] && [ ! -e '$TMP/pr4' ]"

# --- the worked example of docs/analysis.md, "Decisions under uncertainty" -----
expect_status "worked example" 0 "$CXSIM" compare "$SRC/scenarios/reference.lua" \
    --uncertainty 32 --reps 2 --set scenario.population=20000 --out "$TMP/w" --quiet
r6() { awk -v x="$1" 'BEGIN { printf "%.6g", x }'; }
check "worked: quick_wins expected net value 2876.30" \
    "[ \"\$(r6 \$(awk -F, '\$1 == \"quick_wins\" { print \$2 }' '$TMP/w/decision.csv'))\" = 2876.3 ]"
check "worked: P(best) 0.5625, P(loss) 0.4375, expected loss 10083.3" \
    "grep -q '^quick_wins,[^,]*,0.5625,0.4375,0.4375,10083.27' '$TMP/w/decision.csv'"
check "worked: EVPPI of the checkout friction 9605.92" \
    "grep -q '^journey.purchase.checkout.friction,9605.915' '$TMP/w/voi.csv'"
check "worked: net value p05 -37791, p95 47020" \
    "grep -q '^quick_wins-baseline,net_value,[^,]*,[^,]*,-37791.27[^,]*,[^,]*,47020.34' '$TMP/w/uncertainty.csv'"


# --- the design's name in run.json ---------------------------------------------
# 41 inputs with one tie are one dimension of the design: a Sobol' net, not
# the Latin hypercube that takes over past 40 dimensions (run.json used to
# count inputs).
{
    echo 'scenario { name = "tied", horizon = 1, population = 200, reps = 2 }'
    echo 'segment "all" { share = 1, margin = 10 }'
    printf 'journey "j" {'
    i=1; while [ $i -le 41 ]; do printf ' touchpoint "t%d" { friction = 0.1 },' $i; i=$((i + 1)); done
    echo ' }'
    i=1; while [ $i -le 41 ]; do
        echo "parameter \"j.t$i.friction\" { dist = uniform(0.05, 0.15), tie = \"f\" }"
        i=$((i + 1))
    done
} > "$TMP/tied.lua"
"$CXSIM" run "$TMP/tied.lua" --uncertainty 4 --out "$TMP/tied" --quiet > /dev/null 2>&1
check "41 tied inputs: a Sobol' design of one dimension" \
    "grep -q '\"design\": *\"sobol, digitally shifted\"' '$TMP/tied/run.json'"
check "41 tied inputs: one value per draw" \
    "[ \"\$(awk -F, 'NR > 1 { print \$3 == \$43 }' '$TMP/tied/draws.csv' | sort -u)\" = 1 ]"
testlib_finish
