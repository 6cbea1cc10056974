#!/bin/sh
# tests/cli/scenarios_test.sh - the scenario library (scenarios/*.lua) end to
# end: every scenario checks, runs and (with two variants or more) compares;
# luacheck is clean; and the results go the way each scenario's comments
# say (the figures of scenarios/README.md, at a few replications).
# Prints "N passed, N failed" last; exits 1 on any failure.
set -u

. "$(dirname "$0")/testlib.sh"
LIB="$SRC/scenarios"
SMALL="--set scenario.population=2000 --quiet"

# --- every scenario: check, run, compare -----------------------------------
n=0
for f in "$LIB"/*.lua; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    b=$(basename "$f" .lua)
    expect_status "$b: check" 0 "$CXSIM" check "$f"
    expect_status "$b: run" 0 "$CXSIM" run "$f" --reps 2 $SMALL
    check "$b: run prints the summary" "grep -q '^nps ' '$TMP/out'"
    # variants declared at the start of a line: variant "name" { ... }
    nv=$(grep -c '^variant "' "$f")
    if [ "$nv" -ge 2 ]; then
        expect_status "$b: compare ($nv variants)" 0 "$CXSIM" compare "$f" --reps 3 $SMALL
        check "$b: compare has the variance reduction column" "grep -q 'var\\.red\\.' '$TMP/out'"
        check "$b: compare shows every variant" \
            "[ \$(grep -c ' vs baseline\$' '$TMP/out') -eq $((nv - 1)) ]"
    fi
done
check "the library has scenarios ($n)" "[ $n -ge 10 ]"

# --- luacheck (CI installs it: package lua-check in scripts/bootstrap) -----
if command -v luacheck >/dev/null 2>&1; then
    if (cd "$SRC" && luacheck -q --no-color scenarios/) >"$TMP/lc" 2>&1; then
        ok "luacheck scenarios/"
    else
        ko "luacheck scenarios/"; sed 's/^/    /' "$TMP/lc"
    fi
else
    echo "# luacheck not installed: skipped"
fi

# --- the results go the way the comments say --------------------------------
# At the scenarios' own size (20,000 customers) and 3 replications: common
# random numbers make these differences far larger than their noise.

# diff DIR VARIANT METRIC: the paired difference (variant - baseline);
# roi DIR VARIANT: the variant's ROI
diff_of() { awk -F, -v v="$2" -v m="$3" '$1 == v && $3 == m { print $6 }' "$1/compare.csv"; }
roi_of() { awk -F, -v v="$2" '$1 == v && $3 == "roi" { print $5 }' "$1/compare.csv"; }
# holds NAME EXPR A B ... : awk evaluates EXPR over a, b, c, d (the values)
holds() {
    name=$1 expr=$2
    shift 2
    if awk -v a="${1:-x}" -v b="${2:-x}" -v c="${3:-x}" -v d="${4:-x}" \
        "BEGIN { exit !($expr) }" </dev/null; then ok "$name"; else
        ko "$name (values: $*)"; fi
}
claims() {
    b=$1
    shift
    expect_status "$b: compare at full size" 0 "$CXSIM" compare "$LIB/$b.lua" --reps 3 \
        --quiet --out "$TMP/$b" "$@"
    [ -s "$TMP/$b/compare.csv" ]
}

D="$TMP/checkout_quick_wins"
if claims checkout_quick_wins; then
    g=$(diff_of "$D" guest_checkout portfolio_value)
    c=$(diff_of "$D" clear_navigation portfolio_value)
    t=$(diff_of "$D" transparent_fees portfolio_value)
    a=$(diff_of "$D" all_quick_wins portfolio_value)
    holds "quick wins: every fix adds value" "a > 0 && b > 0 && c > 0" "$g" "$c" "$t"
    holds "quick wins: together more than the sum" "d > a + b + c" "$g" "$c" "$t" "$a"
    holds "quick wins: guest checkout has the best ROI, navigation the worst" \
        "a > b && b > c && c > 0" "$(roi_of "$D" guest_checkout)" \
        "$(roi_of "$D" transparent_fees)" "$(roi_of "$D" clear_navigation)"
fi

D="$TMP/service_recovery"
if claims service_recovery; then
    for m in nps trust_mean retention portfolio_value; do
        holds "service recovery: empowered agents beat flawless delivery on $m" "a > b && b > 0" \
            "$(diff_of "$D" empowered_agents $m)" "$(diff_of "$D" flawless_delivery $m)"
    done
    holds "service recovery: trust is lower with both than with agents alone" "a < b" \
        "$(diff_of "$D" both trust_mean)" "$(diff_of "$D" empowered_agents trust_mean)"
    holds "service recovery: flawless delivery does not pay, agents do" "a < 0 && b > 0" \
        "$(roi_of "$D" flawless_delivery)" "$(roi_of "$D" empowered_agents)"
fi

D="$TMP/personalisation_paradox"
if claims personalisation_paradox; then
    for m in nps portfolio_value; do
        holds "personalisation: inverted U on $m (0 < low < medium > high, high < 0)" \
            "a > 0 && b > a && c < 0" "$(diff_of "$D" low $m)" "$(diff_of "$D" medium $m)" \
            "$(diff_of "$D" high $m)"
    done
    holds "personalisation: high raises churn" "a > 0" "$(diff_of "$D" high churn_rate)"
fi

D="$TMP/omnichannel"
if claims omnichannel; then
    for m in completion_rate nps retention; do
        holds "omnichannel: full > shared > 0 on $m" "a > b && b > 0" \
            "$(diff_of "$D" full_omnichannel $m)" "$(diff_of "$D" shared_history $m)"
    done
    holds "omnichannel: both pay, the shared history better" "b > a && a > 0" \
        "$(roi_of "$D" full_omnichannel)" "$(roi_of "$D" shared_history)"
fi

D="$TMP/word_of_mouth"
if claims word_of_mouth; then
    for m in acquisitions nps portfolio_value; do
        holds "word of mouth: fixing failures beats adding delight on $m" "a > b && b > 0" \
            "$(diff_of "$D" fix_failures $m)" "$(diff_of "$D" add_delight $m)"
    done
    holds "word of mouth: fixing failures removes more detractors" "a < b && b < 0" \
        "$(diff_of "$D" fix_failures detractor_share)" "$(diff_of "$D" add_delight detractor_share)"
fi

D="$TMP/segment_tradeoff"
if claims segment_tradeoff; then
    for m in nps trust_mean retention portfolio_value; do
        holds "chatbot: the mass-market rollout beats the bot for everyone on $m" "a > b" \
            "$(diff_of "$D" chatbot_mass_market $m)" "$(diff_of "$D" chatbot_everyone $m)"
    done
fi
PREMIUM="--set segment.value_seeker.share=0 --set segment.loyal_regular.share=0 --set segment.premium.share=1"
D="$TMP/segment_tradeoff"
rm -rf "$D"
# shellcheck disable=SC2086
if claims segment_tradeoff $PREMIUM; then
    for m in nps trust_mean retention portfolio_value; do
        holds "chatbot: premium customers alone lose on $m" "a < 0" \
            "$(diff_of "$D" chatbot_everyone $m)"
    done
fi
VALUE="--set segment.value_seeker.share=1 --set segment.loyal_regular.share=0 --set segment.premium.share=0"
rm -rf "$D"
# shellcheck disable=SC2086
if claims segment_tradeoff $VALUE; then
    for m in nps trust_mean retention portfolio_value; do
        holds "chatbot: value seekers alone gain on $m" "a > 0" \
            "$(diff_of "$D" chatbot_everyone $m)"
    done
fi

D="$TMP/post_purchase_reassurance"
if claims post_purchase_reassurance; then
    for m in nps journey_satisfaction emotion_end retention; do
        holds "reassurance: both > each > 0 on $m" "c > a && c > b && a > 0 && b > 0" \
            "$(diff_of "$D" thank_you_note $m)" "$(diff_of "$D" usage_tips $m)" \
            "$(diff_of "$D" both $m)"
    done
    holds "reassurance: touchpoint CSAT barely moves" "a < 0.01 && a > -0.01" \
        "$(diff_of "$D" both csat_mean)"
fi

D="$TMP/dynamic_policy"
if claims dynamic_policy; then
    holds "policy: both variants cut churn, always-on more" "a < b && b < 0" \
        "$(diff_of "$D" always_on churn_rate)" "$(diff_of "$D" on_trigger churn_rate)"
    holds "policy: running on the alarm costs less" "a < b" \
        "$(diff_of "$D" on_trigger cost)" "$(diff_of "$D" always_on cost)"
    holds "policy: the triggered programme has the better ROI" "a > b && b > 0" \
        "$(roi_of "$D" on_trigger)" "$(roi_of "$D" always_on)"
fi

D="$TMP/beanbox"
if claims beanbox; then
    holds "beanbox: freshness helps, the hotline doubles it" "b > 1.5 * a && a > 0" \
        "$(diff_of "$D" fresher nps)" "$(diff_of "$D" fresher_and_hotline nps)"
    holds "beanbox: the alarm policy lies between (nps)" "a > b && c > a" \
        "$(diff_of "$D" fresher_hotline_on_alarm nps)" "$(diff_of "$D" fresher nps)" \
        "$(diff_of "$D" fresher_and_hotline nps)"
    holds "beanbox: ROI hotline > alarm > fresher > 0" "a > b && b > c && c > 0" \
        "$(roi_of "$D" fresher_and_hotline)" "$(roi_of "$D" fresher_hotline_on_alarm)" \
        "$(roi_of "$D" fresher)"
fi

D="$TMP/segments_from_csv"
if claims segments_from_csv; then
    holds "segments from CSV: the offer keeps value seekers" "a > 0 && b < 0" \
        "$(diff_of "$D" retention_offer retention)" \
        "$(diff_of "$D" retention_offer churn_rate)"
    holds "segments from CSV: the offer pays" "a > 0" "$(roi_of "$D" retention_offer)"
fi

# segments.csv holds the reference personas: the scenario gives the same
# bytes as its twin that declares them with lib/retail.lua's personas()
# (the parameter loop then declares nothing, and parameters change no run).
mkdir -p "$TMP/twin"
cp -R "$LIB/lib" "$TMP/twin/lib"
sed 's/^local personas = segments_from_csv "segments.csv"$/retail.personas() local personas = {}/' \
    "$LIB/segments_from_csv.lua" >"$TMP/twin/twin.lua"
check "segments from CSV: the twin declares its personas in Lua" \
    "grep -q '^retail.personas() local personas = {}' '$TMP/twin/twin.lua'"
expect_status "segments from CSV: run" 0 "$CXSIM" run "$LIB/segments_from_csv.lua" --reps 2 \
    $SMALL --out "$TMP/csv_run"
expect_status "segments from CSV: run the twin" 0 "$CXSIM" run "$TMP/twin/twin.lua" --reps 2 \
    $SMALL --out "$TMP/lua_run"
for f in summary.csv replications.csv periods.csv touchpoints.csv; do
    check "segments from CSV: $f as with the personas declared in Lua" \
        "cmp -s '$TMP/csv_run/$f' '$TMP/lua_run/$f'"
done

testlib_finish
