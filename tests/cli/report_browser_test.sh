#!/bin/sh
# tests/cli/report_browser_test.sh - the HTML report as a browser shows it:
# for every kind of results directory (run, compare, quickwins, sweep,
# sensitivity, calibrate, compare --uncertainty, from tiny real runs)
# headless Chromium loads the page from file://, its DOM (--dump-dom) must
# hold every chart with marks in it, and its screenshot must not be blank:
# enough pixels off the background, many colours, and the palette's first
# colour (#0072B2, the fill of the first series) drawn. Needs Debian's
# chromium and libpng (tests/report/pngstat reads the screenshots):
# `scripts/bootstrap --test` installs both. Without them it exits 77
# (skipped) with a SKIP line; CI checks that it ran. The charts of issues
# 20 and 16 in the DOM: the emotional arc along a branching journey's
# graph, Sobol' names whole, the tornado's input values, P(loss) on the
# net value's histogram, a colour per variant. Then, at a window 1280
# pixels wide, that nothing is wider than its place: a copy of each page
# with a probe script added (the page itself has none) measures, in the
# layout Chromium made, the page's width, each table's box and each chart,
# and writes what overflows into the DOM; and that compare and quickwins
# pages show their verdict, a row per variant. Prints "N passed, N failed"
# last.
set -u

. "$(dirname "$0")/testlib.sh"
CHROMIUM=${CX_CHROMIUM:-chromium}
PNGSTAT="$BUILD/tests/report/pngstat"
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    echo "SKIP: chromium not installed (scripts/bootstrap --test installs it)"
    exit 77
fi
if [ ! -x "$PNGSTAT" ]; then
    echo "SKIP: tests/report/pngstat not built (libpng missing: scripts/bootstrap --test)"
    exit 77
fi

SMALL="$SRC/tests/data/analysis/small.lua"
QW="$SRC/scenarios/checkout_quick_wins.lua"
DOM="$SRC/tests/data/quickwins/dominant.lua"
REC="$SRC/tests/data/calibrate/recover.lua"
VOI="$SRC/tests/data/uncertainty/voi.lua"
TINY="--set scenario.population=400 --quiet --reps 2"

# Chromium in a fresh profile each time (nothing shared between runs or with
# a user's browser), bounded in time. Its stderr (DBus, GPU and sandbox
# chatter on a machine without a desktop) goes to a log shown on failure.
browse() {  # browse LOG ARGS...
    log=$1
    shift
    profile=$(mktemp -d "$TMP/profile.XXXXXX")
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$profile" "$@" 2>"$log"
    status=$?
    rm -rf "$profile"
    return $status
}
show_log() {    # the log less the harmless noise
    grep -vE 'dbus|DBus|gpu|GPU|Fontconfig|sandbox|^$' "$1" | sed 's/^/    /' | head -n 20
}

printf 'metric,value\nchurn_rate,0.03\ncompletion_rate,0.8\n' >"$TMP/targets.csv"
check "results of every kind" "
    '$CXSIM' run '$SMALL' $TINY --out '$TMP/run' >/dev/null &&
    '$CXSIM' compare '$QW' $TINY --set scenario.horizon=3 --out '$TMP/compare' >/dev/null &&
    '$CXSIM' quickwins '$DOM' $TINY --set scenario.horizon=3 --out '$TMP/quickwins' >/dev/null &&
    '$CXSIM' sweep '$SMALL' --param journey.buy.checkout.friction=0.1:0.5:3 $TINY \
        --metric nps --metric churn_rate --out '$TMP/sweep' >/dev/null &&
    '$CXSIM' sensitivity '$SMALL' --samples 8 --bootstrap 50 $TINY --metric nps \
        --out '$TMP/sensitivity' >/dev/null &&
    '$CXSIM' calibrate '$REC' --targets '$TMP/targets.csv' \
        --param segment.all.churn=0.005:0.15 --max-evals 6 $TINY --out '$TMP/calibrate' >/dev/null &&
    '$CXSIM' compare '$VOI' --uncertainty 30 --reps 2 --set scenario.population=500 --quiet \
        --out '$TMP/uncertainty' >/dev/null"

# Charts in the DOM Chromium built: each <svg class="chart"> element, and
# of those, the ones with at least one mark (bar, point or line) inside.
charts_with_marks() {   # charts_with_marks DOM -> "CHARTS MARKED"
    awk 'BEGIN { RS = "</svg>" }
         /<svg class="chart"/ { n++; if ($0 ~ /class="(bar|pt|line)"/) m++ }
         END { print n + 0, m + 0 }' "$1"
}

# uncertainty: compare --uncertainty's page, "How sure are we?" alone: the
# net value's histogram, P(best), EVPPI
for kc in run:13 compare:17 quickwins:18 sweep:2 sensitivity:2 calibrate:14 uncertainty:3; do
    k=${kc%:*} n=${kc#*:}
    page="$TMP/$k.html"
    check "report of $k" "'$CXSIM' report '$TMP/$k' -o '$page' --quiet"
    if browse "$TMP/$k.dom.log" --dump-dom "file://$page" >"$TMP/$k.dom"; then
        ok "$k: chromium loads the page"
    else
        ko "$k: chromium --dump-dom failed"; show_log "$TMP/$k.dom.log"
    fi
    got=$(charts_with_marks "$TMP/$k.dom")
    check "$k: $n charts in the DOM, each with marks (got $got)" "[ '$got' = '$n $n' ]"
    check "$k: the DOM has the page's headings" "grep -q '<h2 id=' '$TMP/$k.dom'"
    if browse "$TMP/$k.png.log" --screenshot="$TMP/$k.png" --window-size=1200,3000 \
        "file://$page" >/dev/null && [ -s "$TMP/$k.png" ]; then
        ok "$k: screenshot taken"
    else
        ko "$k: no screenshot"; show_log "$TMP/$k.png.log"
    fi
    # "WIDTH HEIGHT INKED COLOURS MATCHES": INKED per thousand pixels off the
    # background. A blank page has 0 and 1 colour; text alone is a few per
    # thousand; the smallest page here (sweep: two charts) inks about 30.
    set -- $("$PNGSTAT" "$TMP/$k.png" 0072B2 2>/dev/null || echo 0 0 0 0 0)
    check "$k: a 1200 x 3000 screenshot" "[ '$1 $2' = '1200 3000' ]"
    check "$k: not blank ($3 per thousand pixels inked, at least 15)" "[ $3 -ge 15 ]"
    check "$k: drawn in colour ($4 colours, at least 50)" "[ $4 -ge 50 ]"
    # (quickwins: the scatter's points alone in the top 3000 px, about 200:
    # the bars of its run sections are in each variant's colour)
    least=300
    [ $k = quickwins ] && least=150
    check "$k: the first series' colour #0072B2 on $5 pixels (at least $least)" "[ $5 -ge $least ]"
done

# --- the charts of issue 20 and 16 as Chromium built them ----------------------
# the emotional arc follows the journeys' graph (tests/data/report/
# branches.lua): browse-cart-pay, cart-phone-confirm, faq-chat: 3 runs of
# 5 segments, never pay-phone (two branches) nor confirm-faq (two journeys)
BR="$SRC/tests/data/report/branches.lua"
check "branches: run and report" "'$CXSIM' run '$BR' --quiet --out '$TMP/branches' &&
    '$CXSIM' report '$TMP/branches' -o '$TMP/branches.html' --quiet"
browse "$TMP/branches.log" --dump-dom "file://$TMP/branches.html" >"$TMP/branches.dom"
arc=$(awk 'BEGIN { RS = "</svg>" } /emotion_mean by touchpoint/ { print }' "$TMP/branches.dom" |
      grep -o 'class="line"[^>]*d="[^"]*"' | sed 's/.* d="//')
check "branches: the arc runs along the graph (3 moves, 5 segments: $(printf %s "$arc" | tr -cd M | wc -c), $(printf %s "$arc" | tr -cd L | wc -c))" \
    "[ \$(printf %s '$arc' | tr -cd M | wc -c) -eq 3 ] && [ \$(printf %s '$arc' | tr -cd L | wc -c) -eq 5 ]"
sobol() { awk 'BEGIN { RS = "</svg>" } /Sobol/ { print }' "$TMP/sensitivity.dom"; }
check "sensitivity: Sobol' bars name each parameter in full, no ellipsis" \
    "sobol | grep -q '>journey.buy.checkout.friction</text>' && ! sobol | grep -q '…'"
check "sensitivity: the tornado shows the inputs' low and high values" \
    "grep -q 'class=\"inputs\"[^>]*>low [0-9.]*, high [0-9.]*</text>' '$TMP/sensitivity.dom'"
check "uncertainty: P(loss) marked on the histogram" \
    "grep -q 'class=\"mark\"' '$TMP/uncertainty.dom' && grep -q '>P(loss) [0-9]* %</text>' '$TMP/uncertainty.dom'"
check "compare: Metrics by variant, a colour per variant (#0072B2 and #E69F00)" \
    "awk 'BEGIN { RS = \"</svg>\" } /\\(nps\\) by variant/ { print }' '$TMP/compare.dom' |
     grep -q 'fill=\"#E69F00\"'"

# --- at 1280 pixels: nothing overflows; the verdict is there ------------------
cat >"$TMP/probe.html" <<'EOF'
<script>
var bad = [], root = document.documentElement, width = root.clientWidth;
if (root.scrollWidth > width) bad.push('page ' + root.scrollWidth + 'px');
document.querySelectorAll('.wrap').forEach(function (w, i) {
  if (w.scrollWidth > w.clientWidth + 1)
    bad.push('table ' + (i + 1) + ' ' + w.scrollWidth + 'px in ' + w.clientWidth + 'px');
});
document.querySelectorAll('svg').forEach(function (s, i) {
  if (s.getBoundingClientRect().right > width) bad.push('chart ' + (i + 1));
});
var v = document.querySelector('table.verdict');
document.body.setAttribute('data-overflow', bad.length ? bad.join('; ') : 'none');
document.body.setAttribute('data-verdict-rows', v ? v.querySelectorAll('tr').length - 1 : 0);
</script>
EOF
for k in run compare quickwins sweep sensitivity calibrate uncertainty; do
    # the page with the probe before </body>
    sed '/^<\/body>$/,$d' "$TMP/$k.html" >"$TMP/$k.probe.html"
    printf '%s\n' "$(cat "$TMP/probe.html")" '</body>' '</html>' >>"$TMP/$k.probe.html"
    browse "$TMP/$k.probe.log" --window-size=1280,1000 --dump-dom "file://$TMP/$k.probe.html" \
        >"$TMP/$k.probe.dom"
    over=$(sed -n 's/.*data-overflow="\([^"]*\)".*/\1/p' "$TMP/$k.probe.dom")
    check "$k: nothing overflows at 1280 px (${over:-no probe result})" "[ '$over' = none ]"
    rows=$(sed -n 's/.*data-verdict-rows="\([0-9]*\)".*/\1/p' "$TMP/$k.probe.dom")
    case $k in
        compare|quickwins)
            want=$(tail -n +2 "$TMP/$k/compare.csv" | cut -d, -f1 | sort -u | wc -l)
            check "$k: the verdict, a row per variant ($rows of $want)" \
                "[ '$rows' = $want ] && [ $want -ge 1 ]" ;;
        *) check "$k: no verdict" "[ '$rows' = 0 ]" ;;
    esac
done

testlib_finish
