#!/bin/sh
# tests/cli/variant_test.sh - compare --variant and --baseline (docs/cli.md,
# "Variants from the command line"): a variant from the command line gives
# the very numbers of the same variant declared in the scenario, leaves the
# baseline's untouched, works on a scenario without variants, --baseline
# chooses the reference, and every mistake is exit 2 with nothing written.
# Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
Q="$SRC/tests/data/compare/quick.lua"
SMALL="--reps 3 --seed 5 --threads 2 --quiet"

# the scenario with its variant declared: the same change at the same costs
# from period 1 (an intervention of the command line starts in period 1)
cat "$Q" >"$TMP/declared.lua"
cat >>"$TMP/declared.lua" <<'LUA'
intervention "faster" {
  cost = { fixed = 1500, per_customer = 0.05, per_visit = 0.01 },
  set = { ["purchase.checkout.friction"] = 0.12, ["segment.*.churn"] = 0.01 },
}
variant "faster" { "faster" }
LUA
expect_status "compare, the variant declared" 0 "$CXSIM" compare "$TMP/declared.lua" $SMALL --out "$TMP/d"
expect_status "compare, the same variant from --variant" 0 "$CXSIM" compare "$Q" $SMALL --out "$TMP/v" \
    --variant 'faster:segment.*.churn=0.01,purchase.checkout.friction=0.12@1500+0.05/customer+0.01/visit'
for f in compare.csv summary.csv replications.csv periods.csv touchpoints.csv nps.csv variance.csv; do
    check "$f: the same bytes as the declared variant's" "cmp -s '$TMP/d/$f' '$TMP/v/$f'"
done
check "the verdict names it" "grep -q '^  faster: ' '$TMP/out'"
check "run.json lists it among the variants" "grep -A5 '\"variants\": \\[' '$TMP/v/run.json' | grep -q '\"faster\"'"

# the baseline is the scenario's own: adding a variant changes none of its numbers
expect_status "run, no --variant" 0 "$CXSIM" run "$Q" $SMALL --out "$TMP/r0"
expect_status "run with a --variant" 0 "$CXSIM" run "$Q" $SMALL --out "$TMP/r1" \
    --variant 'cheap:purchase.browse.friction=0.05'
check "the declared variants' rows are unchanged" \
    "grep -v '^cheap,' '$TMP/r1/summary.csv' | cmp -s - '$TMP/r0/summary.csv'"
check "... and the new one comes last" "tail -n 1 '$TMP/r1/summary.csv' | grep -q '^cheap,'"

# a scenario without variants: its baseline is the scenario as written
MIN="$SRC/tests/data/scenarios/minimal.lua"
expect_status "run of a scenario without variants" 0 "$CXSIM" run "$MIN" $SMALL --out "$TMP/m0"
expect_status "compare it with a --variant" 0 "$CXSIM" compare "$MIN" $SMALL --out "$TMP/m1" \
    --variant 'lower_churn:segment.*.churn=0.001'
check "baseline rows as run's" "grep '^baseline,' '$TMP/m0/summary.csv' >'$TMP/m0.rows' && grep '^baseline,' '$TMP/m1/summary.csv' | cmp -s - '$TMP/m0.rows'"
check "compare.csv compares lower_churn with baseline" "grep -q '^lower_churn,baseline,churn_rate,' '$TMP/m1/compare.csv'"
expect_status "compare without variants or --variant" 3 "$CXSIM" compare "$MIN" $SMALL
check "  the message says --variant would do" "grep -q 'or --variant NAME:PATH=VALUE' '$TMP/err'"

# --baseline: a declared variant (the --variant builds on it) or a new one
expect_status "--baseline quick" 0 "$CXSIM" compare "$Q" $SMALL --out "$TMP/b1" --baseline quick \
    --variant 'quick_plus:purchase.browse.friction=0.05'
check "compare.csv is against quick" "grep -q '^baseline,quick,nps,' '$TMP/b1/compare.csv' && grep -q '^quick_plus,quick,nps,' '$TMP/b1/compare.csv'"
check "summary.csv lists quick first" "sed -n 2p '$TMP/b1/summary.csv' | grep -q '^quick,'"
# one_click costs about 1,100 here; quick_plus pays it too (a little more
# per visit, since a smoother browse brings more visits)
check "quick_plus builds on quick (it pays one_click's cost too)" \
    "grep '^quick_plus-quick,cost,' '$TMP/b1/summary.csv' | awk -F, '{ exit !(\$3 > -1 && \$3 < 1) }'"
expect_status "--baseline a --variant" 0 "$CXSIM" compare "$Q" $SMALL --out "$TMP/b2" --baseline new \
    --variant 'new:purchase.browse.friction=0.05'
check "compare.csv is against new" "grep -q '^baseline,new,nps,' '$TMP/b2/compare.csv'"
check "... and new is the scenario's baseline plus its change (one_click not in it)" \
    "grep '^quick-new,cost,' '$TMP/b2/summary.csv' | cut -d, -f3 | grep -qv '^0\$'"
expect_status "check lists a --variant" 0 "$CXSIM" check "$Q" --variant 'x:purchase.browse.friction=0.05'
check "  it is among the variants" "grep -q 'x' '$TMP/out'"

# mistakes: exit 2, the flag and the variant named, nothing written
bad() {
    expect_status "$1" 2 "$CXSIM" compare "$Q" $SMALL --out "$TMP/bad" "$3" "$4"
    printf '%s\n' "$2" >"$TMP/want"
    check "  $1: says '$2'" "grep -qF -f '$TMP/want' '$TMP/err'"
    check "  $1: nothing written" "[ ! -e '$TMP/bad' ]"
}
bad "no colon" "--variant needs NAME:PATH=VALUE" --variant 'x'
bad "no =" "'purchase.browse.friction' is not PATH=VALUE" --variant 'x:purchase.browse.friction'
bad "unknown key" "--variant x: touchpoint \"purchase.checkout\" has no parameter 'fricton'; did you mean 'friction'?" \
    --variant 'x:purchase.checkout.fricton=0.1'
bad "unknown journey" "did you mean 'purchase'?" --variant 'x:purchse.checkout.friction=0.1'
bad "value out of range" "friction must be in [0,1], got 1.5" --variant 'x:purchase.checkout.friction=1.5'
bad "not a number" "'0x1' is not a number" --variant 'x:purchase.checkout.friction=0x1'
bad "a declared variant's name" "--variant quick: variant \"quick\" exists already" --variant 'quick:purchase.checkout.friction=0.1'
bad "an intervention's name" "the scenario has an intervention of that name" --variant 'agents:purchase.checkout.friction=0.1'
bad "a name with a blank" "letters, digits, _ and - only" --variant 'a b:purchase.checkout.friction=0.1'
bad "a path twice" "journey.purchase.checkout.friction given twice" \
    --variant 'x:purchase.checkout.friction=0.1,journey.purchase.checkout.friction=0.2'
bad "a path that shapes the run" "scenario.horizon cannot differ between variants" --variant 'x:scenario.horizon=3'
bad "an intervention's path" "a variant changes the model, not an intervention" \
    --variant 'x:intervention.one_click.cost.fixed=5'
bad "a negative cost" "cost '-5' is not a number >= 0" --variant 'x:purchase.checkout.friction=0.1@-5'
bad "a cost's unit" "the unit is /customer or /visit" --variant 'x:purchase.checkout.friction=0.1@5/month'
bad "a cost twice" "the cost fixed is given twice" --variant 'x:purchase.checkout.friction=0.1@5+6'
bad "--baseline of no variant" "--baseline: no variant named \"quik\"; did you mean 'quick'?" --baseline quik
expect_status "two --variant of one name" 2 "$CXSIM" compare "$Q" $SMALL --out "$TMP/bad" \
    --variant 'x:purchase.checkout.friction=0.1' --variant 'x:purchase.browse.friction=0.1'
check "  says so" "grep -q 'variant \"x\" exists already' '$TMP/err'"
expect_status "--variant with quickwins" 2 "$CXSIM" quickwins "$Q" --variant 'x:purchase.checkout.friction=0.1'
check "  says which verbs take it" "grep -q -- '--variant goes with run, compare, check, sweep and sensitivity' '$TMP/err'"

testlib_finish
