#!/bin/sh
# tests/cli/quickwins_test.sh - `cxsim quickwins` end to end: a scenario
# where one intervention dominates ranks it first and significant after
# Holm, a useless one is not significant; the candidate count for each
# --max-combo; the files and their columns; the same bytes for 1, 2 and 3
# threads; usage and input errors; and every shipped scenario with
# interventions runs. Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
DATA="$SRC/tests/data/quickwins"
DOM="$DATA/dominant.lua"

# field FILE CANDIDATE COLUMN: a column of quickwins.csv by header name
# (the test scenario's names need no quoting, so awk can split on commas)
field() {
    awk -F, -v c="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
        $2 == c { print $h[col] }' "$1/quickwins.csv"
}
rows() { echo $(($(wc -l <"$1") - 1)); }

expect_status "help quickwins" 0 "$CXSIM" help quickwins
check "help has the usage line and an example" \
    "grep -q '^usage: cxsim quickwins SCENARIO.lua' '$TMP/out' && grep -q 'cxsim quickwins scenarios/' '$TMP/out'"

# --- one intervention dominates ----------------------------------------------
expect_status "quickwins dominant.lua" 0 "$CXSIM" quickwins "$DOM" --reps 5 --threads 1 --quiet --out "$TMP/d1"
cp "$TMP/out" "$TMP/d1.stdout"
check "stdout: fix_checkout ranked first" "grep -Eq '^ +1  fix_checkout +[0-9]' '$TMP/d1.stdout'"
for f in quickwins.csv quickwins_segments.csv summary.csv compare.csv replications.csv \
    periods.csv touchpoints.csv run.json nps.csv variance.csv; do
    check "$f written" "[ -s '$TMP/d1/$f' ]"
done
check "no temporary file left" "[ \$(ls -A '$TMP/d1' | wc -l) -eq 11 ]"
check "quickwins.csv header" "[ \"\$(head -n 1 '$TMP/d1/quickwins.csv')\" = 'rank,candidate,variant,interventions,objective,effect,ci_low,ci_high,n,p_value,p_holm,significant,cost,roi,nps_effect,churn_rate_effect,clv_mean_effect,portfolio_value_effect' ]"
check "quickwins_segments.csv header" "[ \"\$(head -n 1 '$TMP/d1/quickwins_segments.csv')\" = 'candidate,segment,metric,effect,ci_low,ci_high,n' ]"
check "rank 1 is fix_checkout" "[ \"\$(sed -n 2p '$TMP/d1/quickwins.csv' | cut -d, -f1,2)\" = '1,fix_checkout' ]"
check "fix_checkout significant after Holm" "[ \"\$(field '$TMP/d1' fix_checkout significant)\" = true ]"
check "fix_checkout: CI above 0" "awk 'BEGIN { exit !($(field "$TMP/d1" fix_checkout ci_low) > 0) }'"
check "new_logo not significant" "[ \"\$(field '$TMP/d1' new_logo significant)\" = false ]"
check "new_logo: effect 0, p_holm 1" \
    "[ \"\$(field '$TMP/d1' new_logo effect),\$(field '$TMP/d1' new_logo p_holm)\" = '0,1' ]"
check "survey_popup significantly worse" \
    "[ \"\$(field '$TMP/d1' survey_popup significant)\" = true ] && awk 'BEGIN { exit !($(field "$TMP/d1" survey_popup ci_high) < 0) }'"
check "objective column: value" "[ \"\$(field '$TMP/d1' fix_checkout objective)\" = value ]"
check "a combination lists its size" "[ \"\$(field '$TMP/d1' fix_checkout+new_logo+survey_popup interventions)\" = 3 ]"
# 3 singles + C(3,2) + C(3,3) with the default --max-combo 3
check "7 candidates" "[ \$(rows '$TMP/d1/quickwins.csv') -eq 7 ]"
# 7 candidates x 2 segments x 19 metrics defined per segment
check "segment rows: 7 x 2 x 19" "[ \$(rows '$TMP/d1/quickwins_segments.csv') -eq 266 ]"
check "segments by name" "grep -q '^fix_checkout,premium,churn_rate,-' '$TMP/d1/quickwins_segments.csv'"
check "run.json: the command and 8 variants" \
    "grep -q '\"command\": \"quickwins\"' '$TMP/d1/run.json' && [ \$(sed -n '/\"variants\"/,/]/p' '$TMP/d1/run.json' | grep -c '^    \"') -eq 8 ]"
check "summary.csv has paired rows per candidate" "grep -q '^fix_checkout-baseline,nps,' '$TMP/d1/summary.csv'"

# --- candidates when a policy is there ---------------------------------------
# alarm (read by the policy) and logo (candidate = false) are left out,
# hotline (switched by the policy, candidate = true) and fix are ranked
expect_status "quickwins policy.lua" 0 "$CXSIM" quickwins "$DATA/policy.lua" --quiet --out "$TMP/pol"
check "policy.lua: fix, hotline and their pair ranked, nothing else" \
    "[ \"\$(tail -n +2 '$TMP/pol/quickwins.csv' | cut -d, -f2 | sort | tr '\n' ' ')\" = 'fix fix+hotline hotline ' ]"
check "policy.lua: stdout says what was left out and why" \
    "grep -q '^left out: alarm, logo (named by the scenario.s on_period policy, or candidate = false' '$TMP/out'"
expect_status "check policy.lua" 0 "$CXSIM" check "$DATA/policy.lua"
check "check lists the hook" "grep -q '^  hooks: on_period (a policy, run between periods)' '$TMP/out'"
check "check marks alarm as the policy's and no candidate" \
    "grep -q '^  intervention alarm: .*, named by the policy (not a quickwins candidate)' '$TMP/out'"
check "check: fix is a candidate the policy does not name" \
    "grep '^  intervention fix:' '$TMP/out' | grep -vq 'policy\\|candidate'"
expect_status "check dominant.lua" 0 "$CXSIM" check "$DOM"
check "check without hooks says none" "grep -q '^  hooks: none' '$TMP/out'"

# --- same bytes whatever the thread count -----------------------------------
for t in 2 3; do
    expect_status "quickwins, $t threads" 0 "$CXSIM" quickwins "$DOM" --reps 5 --threads $t --quiet --out "$TMP/d$t"
    for f in quickwins.csv quickwins_segments.csv summary.csv compare.csv replications.csv periods.csv touchpoints.csv; do
        check "$f: 1 and $t threads identical" "cmp -s '$TMP/d1/$f' '$TMP/d$t/$f'"
    done
    # stdout differs only in the first line (threads, time) and the last (directory)
    check "stdout tables: 1 and $t threads identical" \
        "[ \"\$(sed '1d;\$d' '$TMP/d1.stdout')\" = \"\$(sed '1d;\$d' '$TMP/out')\" ]"
done

# --- objectives and combinations --------------------------------------------
expect_status "--objective churn" 0 "$CXSIM" quickwins "$DOM" --reps 4 --quiet --objective churn --out "$TMP/churn"
check "churn: objective churn_rate, lower is better" "grep -q 'objective: churn_rate (lower is better)' '$TMP/out'"
check "churn: fix_checkout first, with a negative effect" \
    "[ \"\$(sed -n 2p '$TMP/churn/quickwins.csv' | cut -d, -f2)\" = fix_checkout ] && awk 'BEGIN { exit !($(field "$TMP/churn" fix_checkout effect) < 0) }'"
expect_status "--objective retention (any metric)" 0 "$CXSIM" quickwins "$DOM" --reps 3 --quiet --objective retention --max-combo 1
check "retention by segment" "grep -q '^retention by segment' '$TMP/out'"
expect_status "--objective roi" 0 "$CXSIM" quickwins "$DOM" --reps 3 --quiet --objective roi --max-combo 1
check "roi: the only costly candidate first" "grep -Eq '^ +1  fix_checkout ' '$TMP/out'"
expect_status "--max-combo 1" 0 "$CXSIM" quickwins "$DOM" --reps 3 --quiet --max-combo 1 --out "$TMP/k1"
check "--max-combo 1: 3 singles" "[ \$(rows '$TMP/k1/quickwins.csv') -eq 3 ]"
expect_status "--max-combo 2" 0 "$CXSIM" quickwins "$DOM" --reps 3 --quiet --max-combo 2 --out "$TMP/k2"
check "--max-combo 2: 3 singles and 3 pairs" "[ \$(rows '$TMP/k2/quickwins.csv') -eq 6 ]"
check "run.json records how the candidates were formed" \
    "tr -d ' \\n' <'$TMP/k2/run.json' | grep -q '\"quickwins\":{\"objective\":\"value\",\"direction\":\"higher\",\"max_combo\":2,\"top\":5,\"candidates\":6}'"
check "run.json: --objective churn, lower is better" \
    "tr -d ' \\n' <'$TMP/churn/run.json' | grep -q '\"quickwins\":{\"objective\":\"churn_rate\",\"direction\":\"lower\",\"max_combo\":3,'"

# --- errors -------------------------------------------------------------------
expect_status "unknown objective" 2 "$CXSIM" quickwins "$DOM" --objective happiness
check "unknown objective: message" "grep -q \"unknown objective 'happiness'\" '$TMP/err'"
expect_status "no interventions" 3 "$CXSIM" quickwins "$DATA/none.lua" --out "$TMP/none"
check "no interventions: message names the file" "grep -q 'none.lua: quickwins ranks interventions, and the scenario declares none' '$TMP/err'"
check "no interventions: nothing written" "[ ! -e '$TMP/none' ]"
expect_status "every intervention in the baseline" 3 "$CXSIM" quickwins "$DATA/in_baseline.lua"
check "in the baseline: message" "grep -q 'in the baseline variant \"baseline\"' '$TMP/err'"
expect_status "missing scenario file" 3 "$CXSIM" quickwins "$DATA/absent.lua"
expect_status "no scenario" 2 "$CXSIM" quickwins
expect_status "--reps 1" 2 "$CXSIM" quickwins "$DOM" --reps 1

# --- --reps auto: stages until every candidate's effect is narrow enough ------
# widest: the largest 95 % half-width (ci_high - effect) in quickwins.csv
widest() { awk -F, 'NR > 1 { h = $8 - $6; if (h > w) w = h } END { printf "%.6f", w }' "$1"; }
expect_status "--reps auto" 0 "$CXSIM" quickwins "$DOM" --reps auto --precision 300 \
    --threads 1 --quiet --out "$TMP/auto1"
R=$(sed -n 's/^  "reps": \([0-9]*\),$/\1/p' "$TMP/auto1/run.json")
check "--reps auto: reached, and said so" \
    'grep -q "\"reached\": true" "$TMP/auto1/run.json" && grep -q "<= 300 after $R replications" "$TMP/out"'
check "--reps auto: every half-width at most 300 after $R replications" \
    '[ "$(echo "$(widest "$TMP/auto1/quickwins.csv") <= 300" | bc)" -eq 1 ]'
# the stage before (the schedule: 10 at a time to 100, then a tenth of those done)
P=$(( R <= 100 ? R - 10 : R - ((R - 1) / 110 + 1) * 10 ))
"$CXSIM" quickwins "$DOM" --reps "$P" --threads 1 --quiet --out "$TMP/fixedP" >/dev/null 2>&1
check "--reps auto: $P replications (the stage before) were not enough" \
    '[ "$(echo "$(widest "$TMP/fixedP/quickwins.csv") > 300" | bc)" -eq 1 ]'
"$CXSIM" quickwins "$DOM" --reps "$R" --threads 1 --quiet --out "$TMP/fixedR" >/dev/null 2>&1
check "--reps auto: the replications of a fixed run of $R" \
    'cmp -s "$TMP/auto1/replications.csv" "$TMP/fixedR/replications.csv"'
"$CXSIM" quickwins "$DOM" --reps auto --precision 300 --threads 3 --quiet --out "$TMP/auto3" \
    >/dev/null 2>&1
check "--reps auto: 1 and 3 threads, same bytes" \
    'for f in quickwins.csv quickwins_segments.csv summary.csv replications.csv; do
         cmp -s "$TMP/auto1/$f" "$TMP/auto3/$f" || exit 1; done'
expect_status "--reps auto at the cap" 0 "$CXSIM" quickwins "$DOM" --reps auto --precision 1 \
    --max-reps 20 --quiet --out "$TMP/cap"
check "--reps auto at the cap: warned, reached false, 20 replications" \
    'grep -q "stopped at the cap of 20" "$TMP/err" && grep -q "\"reached\": false" "$TMP/cap/run.json" &&
     grep -q "^  \"reps\": 20,$" "$TMP/cap/run.json"'
expect_status "--param is not a quickwins flag" 2 "$CXSIM" quickwins "$DOM" --param scenario.inflow=0:1
expect_status "--max-combo 0" 2 "$CXSIM" quickwins "$DOM" --max-combo 0

# --- the shipped scenarios ----------------------------------------------------
for f in "$SRC"/scenarios/*.lua; do
    grep -q '^intervention "' "$f" || continue
    b=$(basename "$f" .lua)
    expect_status "$b: quickwins" 0 "$CXSIM" quickwins "$f" --reps 2 --max-combo 2 --quiet \
        --set scenario.population=800 --out "$TMP/s_$b"
    check "$b: every candidate ranked" "[ \$(rows '$TMP/s_$b/quickwins.csv') -ge 1 ]"
done

testlib_finish
