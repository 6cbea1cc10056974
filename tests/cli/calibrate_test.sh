#!/bin/sh
# tests/cli/calibrate_test.sh - `cxsim calibrate` end to end: calibration
# recovers the parameters a run was generated with; the output files;
# the same bytes whatever --threads; the fitted scenario reproduces the
# fit, also for a shipped scenario that requires a library module; bad
# targets and flags fail with the right status and place.
# Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
REC="$SRC/tests/data/calibrate/recover.lua"
P1="--param segment.all.churn=0.005:0.15"
P2="--param journey.buy.checkout.friction=0.01:0.8"

expect_status "help calibrate" 0 "$CXSIM" help calibrate
check "help calibrate shows an example" "grep -q 'cxsim calibrate ' '$TMP/out'"

# --- recovery ------------------------------------------------------------------
# Targets: churn_rate and completion_rate of a run at churn 0.04, friction
# 0.3 (seed 101), each with its standard error sd / sqrt(n) as the target's
# sd. The calibration starts at the scenario's 0.015 and 0.1 and simulates
# with seed 1: its metrics and the targets each carry Monte Carlo error of
# the same size, SE, so a fit is off by about sqrt(2) SE in the metric,
# which is sqrt(2) SE / slope in the parameter. The closed forms give the
# slopes (recover.lua): d churn_rate / d churn = exp(-churn) and
# d completion_rate / d friction = -0.5. The band is 4 such standard
# errors: a correct fit leaves it with probability below 1e-4.
expect_status "generate the targets" 0 "$CXSIM" run "$REC" --seed 101 --quiet --out "$TMP/gen" \
    --set segment.all.churn=0.04 --set journey.buy.checkout.friction=0.3
awk -F, 'BEGIN { print "metric,value,sd" }
    $1 == "baseline" && ($2 == "churn_rate" || $2 == "completion_rate") {
        printf "%s,%s,%.6g\n", $2, $3, $4 / sqrt($7) }' "$TMP/gen/summary.csv" >"$TMP/targets.csv"
check "targets written" "[ \$(wc -l <'$TMP/targets.csv') -eq 3 ]"
expect_status "calibrate, 1 thread" 0 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" \
    $P1 $P2 --threads 1 --quiet --out "$TMP/c1"
cp "$TMP/out" "$TMP/c1.out"
se() { awk -F, -v m="$1" '$1 == m { print $3 }' "$TMP/targets.csv"; }
fitted() { awk -F, -v p="$1" '$1 == p { print $5 }' "$TMP/c1/calibration.csv"; }
within() {  # within VALUE TRUTH BAND
    awk -v v="$1" -v t="$2" -v b="$3" 'BEGIN { d = v - t; if (d < 0) d = -d; exit !(d <= b) }'
}
band_churn=$(awk -v s="$(se churn_rate)" 'BEGIN { print 4 * sqrt(2) * s / exp(-0.04) }')
band_friction=$(awk -v s="$(se completion_rate)" 'BEGIN { print 4 * sqrt(2) * s / 0.5 }')
check "calibration recovers churn 0.04: $(fitted segment.all.churn) within $band_churn" \
    "within '$(fitted segment.all.churn)' 0.04 '$band_churn'"
check "calibration recovers friction 0.3: $(fitted journey.buy.checkout.friction) within $band_friction" \
    "within '$(fitted journey.buy.checkout.friction)' 0.3 '$band_friction'"
# The churn band's expected width is 4 sqrt(2) SE / exp(-0.04) = 0.0053
# (13 % of the truth): per period churned / active is binomial, sd
# sqrt(0.039 x 0.961 / 1900) = 0.0044, over 6 periods 0.0018 a replication,
# SE 0.0009 over 4. Estimated from 4 replications (3 degrees of freedom)
# the SE varies by about 40 %, so the check allows 20 % of the truth; the
# friction band is expected near 0.02 (7 %).
check "the bands are narrow enough to matter (< 20 % and < 15 % of the truth)" \
    "awk -v a='$band_churn' -v b='$band_friction' 'BEGIN { exit !(a < 0.008 && b < 0.045) }'"
check "it moved from the start" "! within '$(fitted segment.all.churn)' 0.015 0.01"
check "the report says it converged" "grep -q '^converged: simplex size' '$TMP/c1.out'"

# --- files -----------------------------------------------------------------------
for f in calibration.csv fit.csv calibration_trace.csv fitted.lua summary.csv replications.csv \
         periods.csv touchpoints.csv run.json; do
    check "$f written" "[ -s '$TMP/c1/$f' ]"
done
check "no temporary file left" "! ls '$TMP/c1' | grep -q '\\.tmp\\.'"
check "calibration.csv header" "[ \"\$(head -n 1 '$TMP/c1/calibration.csv')\" = 'parameter,lo,hi,start,value,position' ]"
check "fit.csv header" "[ \"\$(head -n 1 '$TMP/c1/fit.csv')\" = 'metric,period,target,sd,weight,scale,mean,ci_low,ci_high,difference,z' ]"
check "calibration_trace.csv header" "[ \"\$(head -n 1 '$TMP/c1/calibration_trace.csv')\" = 'evaluation,segment.all.churn,journey.buy.checkout.friction,loss' ]"
check "the trace starts at the scenario's values" "sed -n 2p '$TMP/c1/calibration_trace.csv' | grep -q '^1,0.015,0.1,'"
evals=$(grep -o '"evaluations": [0-9]*' "$TMP/c1/run.json" | grep -o '[0-9]*$')
check "the trace has one row per evaluation ($evals)" "[ \$(wc -l <'$TMP/c1/calibration_trace.csv') -eq \$(($evals + 1)) ]"
check "run.json: command calibrate, the targets' hash" "grep -q '\"command\": \"calibrate\"' '$TMP/c1/run.json' && grep -q '\"sha256\": \"[0-9a-f]\\{64\\}\"' '$TMP/c1/run.json'"
check "run.json: the fitted value among the parameters" "grep -q \"\\\"segment.all.churn\\\": $(fitted segment.all.churn | cut -c1-6)\" '$TMP/c1/run.json'"

# --- same bytes whatever --threads -------------------------------------------------------
for t in 2 3; do
    expect_status "calibrate, $t threads" 0 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" \
        $P1 $P2 --threads $t --quiet --out "$TMP/c$t"
    for f in calibration.csv fit.csv calibration_trace.csv fitted.lua summary.csv replications.csv; do
        check "$f identical for 1 and $t threads" "cmp -s '$TMP/c1/$f' '$TMP/c$t/$f'"
    done
done
sed 's/[0-9.]* s$//' "$TMP/c1.out" >"$TMP/c1.txt"
sed 's/[0-9.]* s$//' "$TMP/out" | sed "s/3 threads/1 threads/; s|$TMP/c3|$TMP/c1|g" >"$TMP/c3.txt"
check "the printed report is the same too (but for time and threads)" "cmp -s '$TMP/c1.txt' '$TMP/c3.txt'"

# --- the fitted scenario reproduces the fit --------------------------------------------------
expect_status "run the fitted scenario" 0 "$CXSIM" run "$TMP/c1/fitted.lua" --seed 1 --reps 4 \
    --quiet --out "$TMP/refit"
for f in summary.csv replications.csv periods.csv touchpoints.csv; do
    check "fitted.lua reproduces $f" "cmp -s '$TMP/c1/$f' '$TMP/refit/$f'"
done
check "fitted.lua is the scenario followed by set blocks" \
    "head -n \$(wc -l <'$REC') '$TMP/c1/fitted.lua' | cmp -s - '$REC' && grep -q '^set {' '$TMP/c1/fitted.lua'"
# calibrating the fit again starts where it ended
expect_status "calibrate fitted.lua again" 0 "$CXSIM" calibrate "$TMP/c1/fitted.lua" \
    --targets "$TMP/targets.csv" $P1 $P2 --max-evals 5 --quiet --out "$TMP/again"
check "... from the fitted values" "[ \"\$(sed -n 2p '$TMP/again/calibration_trace.csv' | cut -d, -f2,3)\" = \"\$(awk -F, 'NR > 1 { print \$5 }' '$TMP/c1/calibration.csv' | paste -sd, -)\" ]"

# --- --set is kept, and a shipped scenario that requires a library module --------------------
QW="$SRC/scenarios/checkout_quick_wins.lua"
printf 'metric,value,sd\nnps,35,2\nchurn_rate,0.03,0.003\n' >"$TMP/qw.csv"
expect_status "calibrate a scenario that requires retail" 0 "$CXSIM" calibrate "$QW" \
    --targets "$TMP/qw.csv" --param segment.value_seeker.churn=0.01:0.08 \
    --set scenario.population=1500 --set scenario.horizon=6 --reps 2 --max-evals 6 --quiet --out "$TMP/qw"
check "the required module is copied under lib/" "cmp -s '$SRC/scenarios/lib/retail.lua' '$TMP/qw/lib/retail.lua'"
check "fitted.lua holds the --set overrides" "grep -q '\"scenario.population\"\\] = 1500' '$TMP/qw/fitted.lua'"
mkdir -p "$TMP/elsewhere"
( cd "$TMP/elsewhere" && "$CXSIM" run "$TMP/qw/fitted.lua" --seed 1 --reps 2 --quiet --out "$TMP/qwrun" ) \
    >"$TMP/out" 2>"$TMP/err"
check "its fitted.lua runs from another directory" "[ -s '$TMP/qwrun/summary.csv' ]"
check "and reproduces the fit's baseline" "[ \"\$(grep '^baseline,' '$TMP/qw/summary.csv')\" = \"\$(grep '^baseline,' '$TMP/qwrun/summary.csv')\" ]"
check "the search stopped at the cap, and says so" "grep -q 'evaluation cap' '$TMP/qw/run.json'"

# --- the wide layout: one row per period, one column per metric -----------------------------------
# The same targets in both layouts give the same fit, byte for byte: per
# period (2 and 5) and over the horizon (the blank period), with sds given
# or following from a sample size n (completion_rate: sqrt(p (1 - p) / n),
# which the long file spells out with awk's sqrt of the same doubles).
mkdir -p "$TMP/wide" "$TMP/long"
printf 'period,churn_rate,churn_rate_sd,completion_rate,completion_rate_n,completion_rate_weight\n2,0.04,0.005,0.85,4000,2\n5,0.038,0.005,0.86,4000,\n,0.039,0.003,,,\n' \
    >"$TMP/wide/kpis.csv"
awk 'BEGIN {
    print "metric,value,sd,weight,period"
    printf "churn_rate,0.04,0.005,,2\ncompletion_rate,0.85,%.17g,2,2\n", sqrt(0.85 * 0.15 / 4000)
    printf "churn_rate,0.038,0.005,,5\ncompletion_rate,0.86,%.17g,,5\n", sqrt(0.86 * 0.14 / 4000)
    print "churn_rate,0.039,0.003,," }' >"$TMP/long/kpis.csv"
for l in wide long; do
    expect_status "calibrate to $l targets" 0 "$CXSIM" calibrate "$REC" --targets "$TMP/$l/kpis.csv" \
        $P1 $P2 --max-evals 12 --quiet --out "$TMP/$l/out"
done
for f in calibration.csv fit.csv calibration_trace.csv summary.csv replications.csv periods.csv; do
    check "wide and long targets: $f identical" "cmp -s '$TMP/wide/out/$f' '$TMP/long/out/$f'"
done
check "wide and long targets: fitted.lua identical but for the targets' name" \
    "[ \"\$(grep -v 'fitted to' '$TMP/wide/out/fitted.lua')\" = \"\$(grep -v 'fitted to' '$TMP/long/out/fitted.lua')\" ]"
check "fit.csv: the per-period targets, in the file's order" \
    "[ \"\$(cut -d, -f1,2 '$TMP/wide/out/fit.csv' | paste -sd' ' -)\" = 'metric,period churn_rate,2 completion_rate,2 churn_rate,5 completion_rate,5 churn_rate,' ]"
check "fit.csv: the sd that n gives, sqrt(0.85 x 0.15 / 4000) = 0.005646" \
    "awk -F, '\$1 == \"completion_rate\" && \$2 == 2 { ok = \$4 > 0.0056457 && \$4 < 0.0056458 } END { exit !ok }' '$TMP/wide/out/fit.csv'"
check "fit.csv: the period's simulated value comes from periods.csv" \
    "[ \"\$(awk -F, '\$1 == \"churn_rate\" && \$2 == 5 { print \$7 }' '$TMP/wide/out/fit.csv')\" = \"\$(awk -F, '\$1 == \"baseline\" && \$2 == 5 && \$3 == \"churn_rate\" { print \$4 }' '$TMP/wide/out/periods.csv')\" ]"

# the example files of docs/analysis.md, one of each layout, fit the reference scenario
for l in long wide; do
    expect_status "the example targets, $l layout" 0 "$CXSIM" calibrate "$SRC/scenarios/reference.lua" \
        --targets "$SRC/tests/data/calibrate/kpis_$l.csv" --param segment.value_seeker.churn=0.005:0.08 \
        --set scenario.population=1000 --set scenario.horizon=12 --reps 2 --max-evals 3 --quiet
done
check "the wide example: 15 targets, in 3 periods and over the horizon" \
    "[ \$(grep -c '^[a-z_]* *\\(3\\|6\\|12\\|all\\) ' '$TMP/out') -eq 15 ]"

# --- a scenario whose segments come from a CSV file --------------------------------------------------
# fitted.lua reads the file beside it: calibrate copies it there.
mkdir -p "$TMP/segs/data"
sed 's/^segment "all" .*$/segments_from_csv "data\/all.csv"/' "$REC" >"$TMP/segs/rec.lua"
printf 'name,share,churn,g_t,g_r,m_ab,kappa\nall,1,0.02,0,0,1,0\n' >"$TMP/segs/data/all.csv"
expect_status "calibrate a scenario with segments_from_csv" 0 "$CXSIM" calibrate "$TMP/segs/rec.lua" \
    --targets "$TMP/wide/kpis.csv" $P1 $P2 --max-evals 6 --quiet --out "$TMP/segs/out"
check "the segments file is copied beside fitted.lua" "cmp -s '$TMP/segs/data/all.csv' '$TMP/segs/out/data/all.csv'"
( cd "$TMP/elsewhere" && "$CXSIM" run "$TMP/segs/out/fitted.lua" --seed 1 --quiet --out "$TMP/segs/refit" ) \
    >"$TMP/out" 2>"$TMP/err"
check "the scenario reads its segments from the file" "grep -q '^segments_from_csv' '$TMP/segs/rec.lua'"
check "its fitted.lua runs from another directory and reproduces the fit" \
    "cmp -s '$TMP/segs/out/summary.csv' '$TMP/segs/refit/summary.csv'"
printf 'name,share,churn,g_t,g_r,m_ab,kappa\nall,1,0.02,0,0,1,0\n' >"$TMP/segs/fit.csv"
sed 's/data\/all.csv/fit.csv/' "$TMP/segs/rec.lua" >"$TMP/segs/clash.lua"
expect_status "a segments file named as a file calibrate writes" 2 "$CXSIM" calibrate \
    "$TMP/segs/clash.lua" --targets "$TMP/wide/kpis.csv" $P1 --quiet --out "$TMP/segs/clash"
check "... says so" "grep -q 'reads fit.csv, a file calibrate writes in --out beside fitted.lua' '$TMP/err'"

# --- usage errors: exit 2 ----------------------------------------------------------------------
expect_status "no --targets" 2 "$CXSIM" calibrate "$REC" $P1
check "no --targets: says so" "grep -q 'needs --targets' '$TMP/err'"
expect_status "no --param" 2 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv"
check "no --param: says so" "grep -q 'at least one --param' '$TMP/err'"
expect_status "start outside the bounds" 2 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" \
    --param segment.all.churn=0.02:0.1 --out "$TMP/u1"
check "start outside: names the value" "grep -q \"segment.all.churn: the search starts at the scenario's value, 0.015\" '$TMP/err'"
check "start outside: nothing written" "[ ! -e '$TMP/u1' ]"
expect_status "--param with STEPS" 2 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" \
    --param segment.all.churn=0.005:0.1:5
expect_status "an integer parameter" 2 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" \
    --param scenario.max_visits=2:200
expect_status "an unknown parameter" 2 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" \
    --param segment.nobody.churn=0.005:0.1
expect_status "bad --tol" 2 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" $P1 --tol -1
expect_status "--max-evals below the first simplex" 2 "$CXSIM" calibrate "$REC" \
    --targets "$TMP/targets.csv" $P1 $P2 --max-evals 2
expect_status "--reps auto" 2 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" $P1 \
    --reps auto --precision 0.1
expect_status "--resume" 2 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" $P1 \
    --resume "$TMP/c1"
expect_status "--out holding results, without --force" 2 "$CXSIM" calibrate "$REC" \
    --targets "$TMP/targets.csv" $P1 --max-evals 3 --out "$TMP/c1"
check "... left them alone" "cmp -s '$TMP/c1/fitted.lua' '$TMP/c2/fitted.lua'"
# --force over earlier results, failing part way (fit.csv cannot be
# renamed over a directory): every file was staged, so the moves done
# before fit.csv are undone and DIR is the earlier results, whole
cp -R "$TMP/c1" "$TMP/partial"
rm "$TMP/partial/fit.csv" && mkdir "$TMP/partial/fit.csv"
expect_status "--force, failing part way" 1 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" \
    $P1 --max-evals 3 --quiet --force --out "$TMP/partial"
check "... names the file" "grep -q 'fit.csv' '$TMP/err'"
same_as_c1() {
    for f in run.json calibration.csv calibration_trace.csv fitted.lua summary.csv; do
        cmp -s "$TMP/c1/$f" "$TMP/partial/$f" || return 1
    done
}
check "... leaves the earlier files as they were" same_as_c1
check "... and no temporary file" "! ls '$TMP/partial' | grep -q '\\.tmp\\.'"

# --- bad targets: exit 3, file, line and column ---------------------------------------------------
bad_targets() {  # bad_targets NAME CONTENT MESSAGE
    printf "$2" >"$TMP/t.csv"
    expect_status "targets: $1" 3 "$CXSIM" calibrate "$REC" --targets "$TMP/t.csv" $P1 --quiet \
        --out "$TMP/bad"
    printf '%s\n' "$TMP/t.csv:$3" >"$TMP/want"
    check "targets: $1: the message names the place" "grep -qF -f '$TMP/want' '$TMP/err'"
    check "targets: $1: nothing written" "[ ! -e '$TMP/bad' ]"
}
bad_targets "empty file" "" "1: empty"
bad_targets "unknown metric" "metric,value\\nchurn_rate,0.02\\nnsp,30\\n" "3: column 1 (metric): unknown metric 'nsp'"
bad_targets "not a number" "metric,value\\nnps,thirty\\n" "2: column 2 (value): 'thirty' is not a finite number"
bad_targets "duplicate" "metric,value\\nnps,30\\nnps,31\\n" "3: column 1 (metric): 'nps' (horizon) is already a target at line 2"
bad_targets "unknown column" "metric,value,weigth\\nnps,30,1\\n" "1: column 3: unknown column 'weigth'"
bad_targets "period beyond the horizon" "metric,value,period\\nnps,30,7\\n" "2: column 3 (period): must be an integer in [1,6]"
bad_targets "an unclosed quote" "metric,value\\nnps,\"30\\n" "2: a quoted field is not closed"
bad_targets "a stray quote" "metric,value\\nn\"ps,30\\n" "2: malformed CSV"
bad_targets "a metric the scenario cannot give" "metric,value\\nroi,0.5\\n" "2: column 2: metric 'roi' has no value"
bad_targets "wide: a metric the scenario cannot give" "period,nps,roi\\n2,30,0.5\\n" "2: column 3: metric 'roi' has no value"
bad_targets "wide: unknown metric column" "period,churn_rate,nsp\\n2,0.04,30\\n" "1: column 3: unknown column 'nsp'; did you mean 'nps'?"
bad_targets "wide: period beyond the horizon" "period,nps\\n7,30\\n" "2: column 1 (period): must be an integer in [1,6]"
expect_status "missing targets file" 3 "$CXSIM" calibrate "$REC" --targets "$TMP/none.csv" $P1
check "missing targets file: names it" "grep -q 'none.csv' '$TMP/err'"

testlib_finish
