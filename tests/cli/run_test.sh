#!/bin/sh
# tests/cli/run_test.sh - end-to-end tests of the built cxsim binary:
# exit statuses, the results directory, byte-identical output across
# thread counts, --set, and bad input leaving no file behind.
# Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
REF="$SRC/scenarios/reference.lua"
BAD="$SRC/tests/data/cli"
# a small reference run keeps the suite quick; the model is the same
SMALL="--set scenario.population=4000 --quiet"

expect_status "--version" 0 "$CXSIM" --version
check "--version prints the version" "grep -q '^cxsim [0-9]' '$TMP/out'"
expect_status "--help" 0 "$CXSIM" --help
expect_status "help run" 0 "$CXSIM" help run
expect_status "no arguments is a usage error" 2 "$CXSIM"
expect_status "unknown verb" 2 "$CXSIM" frobnicate
expect_status "run without scenario" 2 "$CXSIM" run
expect_status "bad --reps" 2 "$CXSIM" run "$REF" --reps zero
expect_status "--reps 0" 2 "$CXSIM" run "$REF" --reps 0
expect_status "unknown flag" 2 "$CXSIM" run "$REF" --frobnicate
# a switch takes =1/=0 as well as nothing; anything else names the switch
expect_status "--quiet=0 is a switch set off" 0 "$CXSIM" check "$REF" --quiet=0 --unsafe=no
expect_status "--quiet=maybe" 2 "$CXSIM" run "$REF" --quiet=maybe
check "  --quiet=maybe: the message says it is a switch" "grep -q \"^cxsim: --quiet is a switch: give it alone, or =1 or =0.*got 'maybe'\" '$TMP/err'"
expect_status "--set of an unknown parameter" 2 "$CXSIM" run "$REF" --set journey.purchase.checkout.frobnicate=1
expect_status "--set out of range" 2 "$CXSIM" run "$REF" --set journey.purchase.checkout.friction=1.3
check "--set message names the parameter" "grep -q 'friction must be in \[0,1\], got 1.3' '$TMP/err'"
# a shortened path (journey. implied), as parameter takes it
expect_status "--set purchase.checkout.friction (journey. implied) out of range" 2 "$CXSIM" run "$REF" --set purchase.checkout.friction=1.3
check "  it is the touchpoint's friction" "grep -q 'touchpoint \"purchase.checkout\": friction must be in \[0,1\], got 1.3' '$TMP/err'"
expect_status "--set of neither a root nor a journey" 2 "$CXSIM" run "$REF" --set purchse.checkout.friction=0.1
check "  suggests the journey" "grep -q \"or a journey's name (journey. implied); did you mean 'purchase'?\" '$TMP/err'"
expect_status "--param shortened, sweep" 0 "$CXSIM" sweep "$REF" --param purchase.checkout.friction=0.05:0.1:2 --reps 1 --metric nps --out "$TMP/swshort" $SMALL
check "  sweep.csv names the full path" "grep -q '^1,journey.purchase.checkout.friction,0.05,' '$TMP/swshort/sweep.csv' || head -2 '$TMP/swshort/sweep.csv' | grep -q 'journey.purchase.checkout.friction'"
expect_status "check reference" 0 "$CXSIM" check "$REF"

# --- the results directory -------------------------------------------------
expect_status "run reference, 1 thread" 0 "$CXSIM" run "$REF" --reps 4 --seed 7 --threads 1 --out "$TMP/t1" $SMALL
check "stdout has the summary table" "grep -q '^nps ' '$TMP/out'"
for f in summary.csv replications.csv periods.csv touchpoints.csv segments.csv run.json nps.csv variance.csv; do
    check "$f written" "[ -s '$TMP/t1/$f' ]"
done
check "no temporary file left" "[ \$(ls -A '$TMP/t1' | wc -l) -eq 8 ]"
check "summary.csv header" "[ \"\$(head -n 1 '$TMP/t1/summary.csv')\" = 'variant,metric,mean,sd,ci_low,ci_high,n' ]"
check "replications.csv header" "[ \"\$(head -n 1 '$TMP/t1/replications.csv')\" = 'variant,replication,metric,value' ]"
check "periods.csv header" "[ \"\$(head -n 1 '$TMP/t1/periods.csv')\" = 'variant,period,metric,mean,ci_low,ci_high' ]"
check "touchpoints.csv header" "[ \"\$(head -n 1 '$TMP/t1/touchpoints.csv')\" = 'variant,journey,touchpoint,metric,mean,ci_low,ci_high' ]"
# the reference declares two variants (baseline, quick_wins): rows of every
# file come per variant; nm counts the metrics of one variant
nv=$(tail -n +2 "$TMP/t1/summary.csv" | cut -d, -f1 | sort -u | wc -l)
check "summary.csv: both variants" "[ $nv -eq 2 ] && grep -q '^quick_wins,nps,' '$TMP/t1/summary.csv'"
nm=$(( ($(wc -l <"$TMP/t1/summary.csv") - 1) / nv ))
check "summary.csv: one row per metric ($nm)" "[ $nm -ge 23 ]"
check "replications.csv: 4 reps x $nm metrics x $nv variants" "[ \$(($(wc -l <"$TMP/t1/replications.csv") - 1)) -eq \$((4 * $nm * $nv)) ]"
check "periods.csv: 12 periods x $nm metrics x $nv variants" "[ \$(($(wc -l <"$TMP/t1/periods.csv") - 1)) -eq \$((12 * $nm * $nv)) ]"
# touchpoints = distinct (journey, touchpoint) pairs of the file (the
# reference's names need no quoting, so cut can split them); run.json must
# agree, and every touchpoint has a row per touchpoint metric (10).
ntp=$(tail -n +2 "$TMP/t1/touchpoints.csv" | cut -d, -f2,3 | sort -u | wc -l)
check "touchpoints.csv: touchpoints ($ntp) as in run.json" "[ $ntp -ge 1 ] && grep -q '\"touchpoints\": $ntp,' '$TMP/t1/run.json'"
check "touchpoints.csv: 10 touchpoint metrics" "[ \$(tail -n +2 '$TMP/t1/touchpoints.csv' | cut -d, -f4 | sort -u | wc -l) -eq 10 ]"
check "touchpoints.csv: $ntp touchpoints x 10 metrics x $nv variants" "[ \$(($(wc -l <"$TMP/t1/touchpoints.csv") - 1)) -eq \$((10 * $ntp * $nv)) ]"
check "summary n = 4" "grep -q '^baseline,nps,.*,4\$' '$TMP/t1/summary.csv'"
check "run.json has the seed" "grep -q '\"seed\": 7' '$TMP/t1/run.json'"
check "run.json records the override" "grep -q 'scenario.population=4000' '$TMP/t1/run.json'"
check "run.json: the scenario's absolute path" "grep -q '\"absolute_path\": \"/.*/scenarios/reference.lua\"' '$TMP/t1/run.json'"
check "run.json: the command line, argument by argument" "grep -A5 '\"command_line\": \[' '$TMP/t1/run.json' | grep -q '\"--reps\",'"
check "run.json: the start time, UTC" "grep -q '\"started\": \"20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z\",' '$TMP/t1/run.json'"
expect_status "run with the shortened --set" 0 "$CXSIM" run "$REF" --reps 2 --seed 7 --out "$TMP/short" $SMALL --set purchase.checkout.friction=0.05
expect_status "run with the full --set" 0 "$CXSIM" run "$REF" --reps 2 --seed 7 --out "$TMP/full" $SMALL --set journey.purchase.checkout.friction=0.05
check "  the same results" "cmp -s '$TMP/short/summary.csv' '$TMP/full/summary.csv'"

expect_status "run reference, 2 threads" 0 "$CXSIM" run "$REF" --reps 4 --seed 7 --threads 2 --out "$TMP/t2" $SMALL
for f in summary.csv replications.csv periods.csv touchpoints.csv; do
    check "$f identical for 1 and 2 threads" "cmp -s '$TMP/t1/$f' '$TMP/t2/$f'"
done
expect_status "run reference, 3 threads" 0 "$CXSIM" run "$REF" --reps 4 --seed 7 --threads 3 --out "$TMP/t3" $SMALL
check "replications.csv identical for 1 and 3 threads" "cmp -s '$TMP/t1/replications.csv' '$TMP/t3/replications.csv'"
expect_status "another seed" 0 "$CXSIM" run "$REF" --reps 4 --seed 8 --threads 2 --out "$TMP/s8" $SMALL
check "another seed, other values" "! cmp -s '$TMP/t1/replications.csv' '$TMP/s8/replications.csv'"
expect_status "--set takes effect" 0 "$CXSIM" run "$REF" --reps 4 --seed 7 --out "$TMP/set" $SMALL \
    --set journey.purchase.checkout.friction=0
check "--set changes the results" "! cmp -s '$TMP/t1/replications.csv' '$TMP/set/replications.csv'"
check "stdout stays clean with --quiet" "! grep -q 'replications  ' '$TMP/out'"

# --- bad input: exit 3, file and line named, nothing written -----------------
for f in "$BAD"/*.lua; do
    [ -f "$f" ] || continue
    b=$(basename "$f")
    expect_status "bad scenario $b" 3 "$CXSIM" run "$f" --out "$TMP/bad-$b" --quiet
    check "$b: message names the file and line" "grep -q '$b:[0-9][0-9]*:' '$TMP/err'"
    check "$b: no output directory" "[ ! -e '$TMP/bad-$b' ]"
done
expect_status "check refuses what run would refuse (too many variants)" 3 "$CXSIM" check "$BAD/too_many_variants.lua"
expect_status "missing scenario" 3 "$CXSIM" run "$TMP/nope.lua" --quiet
check "missing scenario: message names it" "grep -q 'nope.lua' '$TMP/err'"

# --- compare: paired differences, variance reduction, determinism ------------
CMP="$SRC/tests/data/compare"
expect_status "compare" 0 "$CXSIM" compare "$CMP/quick.lua" --reps 4 --threads 1 --out "$TMP/c1" --quiet
check "compare prints the variance reduction" "grep -q 'var.red.' '$TMP/out'"
check "compare.csv written" "[ -s '$TMP/c1/compare.csv' ]"
check "compare.csv header" "[ \"\$(head -n 1 '$TMP/c1/compare.csv')\" = 'variant,baseline,metric,baseline_mean,variant_mean,difference,ci_low,ci_high,n,variance_reduction' ]"
check "summary.csv has ALT-baseline rows" "grep -q '^quick-baseline,nps,' '$TMP/c1/summary.csv' && grep -q '^both-baseline,roi,' '$TMP/c1/summary.csv'"
check "variants in summary.csv, baseline first" "[ \"\$(sed -n 2p '$TMP/c1/summary.csv' | cut -d, -f1)\" = baseline ]"
check "roi of a variant is a number" "grep '^quick,roi,' '$TMP/c1/summary.csv' | grep -qv ',NA,'"
expect_status "compare, 2 threads" 0 "$CXSIM" compare "$CMP/quick.lua" --reps 4 --threads 2 --out "$TMP/c2" --quiet
for f in summary.csv replications.csv compare.csv; do
    check "compare: $f identical for 1 and 2 threads" "cmp -s '$TMP/c1/$f' '$TMP/c2/$f'"
done
expect_status "compare needs variants" 3 "$CXSIM" compare "$SRC/tests/data/scenarios/minimal.lua" --reps 2 --quiet
check "compare without variants says why" "grep -q 'at least two variants' '$TMP/err'"
expect_status "policy, 1 thread" 0 "$CXSIM" run "$CMP/policy.lua" --reps 4 --threads 1 --out "$TMP/p1" --quiet
expect_status "policy, 2 threads" 0 "$CXSIM" run "$CMP/policy.lua" --reps 4 --threads 2 --out "$TMP/p2" --quiet
check "policy: identical for 1 and 2 threads" "cmp -s '$TMP/p1/replications.csv' '$TMP/p2/replications.csv'"
check "policy: the intervention was paid for" "grep '^baseline,cost,' '$TMP/p1/summary.csv' | grep -qv ',0,0,'"

# --- the per-visit hook (on_visit) --------------------------------------------
expect_status "on_visit, 1 thread" 0 "$CXSIM" run "$CMP/visit_hook.lua" --threads 1 --out "$TMP/v1" --quiet
expect_status "on_visit, 2 threads" 0 "$CXSIM" run "$CMP/visit_hook.lua" --threads 2 --out "$TMP/v2" --quiet
check "on_visit: identical for 1 and 2 threads" "cmp -s '$TMP/v1/replications.csv' '$TMP/v2/replications.csv'"
# without the hook half the calls hit e = 0.1 - 0.6 x 2 x (1 - 0.5 T) < 0,
# CSAT 2; the hook lifts premium's to e = 0, CSAT 3: mean CSAT rises
sed '/^on_visit/,$d' "$CMP/visit_hook.lua" >"$TMP/no_hook.lua"
expect_status "without on_visit" 0 "$CXSIM" run "$TMP/no_hook.lua" --out "$TMP/v0" --quiet
check "on_visit changes emotions" "[ \"\$(grep '^baseline,csat_mean,' '$TMP/v1/summary.csv' | cut -d, -f3)\" != \"\$(grep '^baseline,csat_mean,' '$TMP/v0/summary.csv' | cut -d, -f3)\" ]"

# --- hostile scripts: exit 3, file named, nothing written ----------------------
mkdir -p "$TMP/cwd"      # hostile scripts run here; it must stay empty
for f in "$SRC"/tests/data/hostile/*.lua; do
    [ -f "$f" ] || continue
    b=$(basename "$f")
    # Under valgrind the pattern bombs (which test the CPU budget inside one
    # C call, not memory) take minutes: they run natively and under ASan.
    case "$b" in pattern_*) [ -n "${CX_VALGRIND:-}" ] && continue ;; esac
    ( cd "$TMP/cwd" && timeout 60 "$CXSIM" run "$f" --reps 1 --out "$TMP/h-$b" --quiet ) \
        >"$TMP/out" 2>"$TMP/err"
    st=$?
    if [ "$st" -eq 3 ]; then ok "hostile $b (exit 3)"; else
        ko "hostile $b: exit $st, wanted 3"; sed 's/^/    /' "$TMP/err"; fi
    check "hostile $b: message names the file" "grep -q '$b' '$TMP/err'"
    check "hostile $b: no output" "[ ! -e '$TMP/h-$b' ]"
done
check "hostile scripts wrote nothing in their working directory" "[ -z \"\$(ls -A '$TMP/cwd')\" ]"

# --- an unwritable results directory: exit 1, no partial files ----------------
mkdir -p "$TMP/ro"
touch "$TMP/ro/file"
expect_status "--out under a regular file" 1 "$CXSIM" run "$REF" --reps 2 --out "$TMP/ro/file/sub" $SMALL

testlib_finish
