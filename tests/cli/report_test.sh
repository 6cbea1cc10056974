#!/bin/sh
# tests/cli/report_test.sh - `cxsim report` end to end: a page for every
# kind of results directory (run, compare, quickwins, sweep, sensitivity,
# calibrate, fit, compare --uncertainty) from tiny real runs, self-contained
# (no external reference),
# byte-identical for --threads 1 and 2, --report on the verbs, and
# the error cases: not a results directory or a damaged file (exit 3,
# FILE:LINE), an unwritable -o (exit 1, no file), usage errors (exit 2).
# Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
SMALL="$SRC/tests/data/analysis/small.lua"
QW="$SRC/scenarios/checkout_quick_wins.lua"
DOM="$SRC/tests/data/quickwins/dominant.lua"
REC="$SRC/tests/data/calibrate/recover.lua"
TINY="--set scenario.population=400 --quiet"

expect_status "help report" 0 "$CXSIM" help report
check "help report has an example" "grep -q 'cxsim report results/' '$TMP/out'"
check "the overview lists report" "'$CXSIM' --help | grep -q '^  report DIR'"

# a page is self-contained: nothing a browser would fetch or run
self_contained() {
    ! grep -qiE 'https?:|src=|href=|url\(|@import|<script|<link|<img|<iframe' "$1"
}
charts() { grep -c '<svg class="chart"' "$1"; }

# --- every kind, threads 1 and 2 -------------------------------------------------
make_dirs() {   # make_dirs THREADS
    t=$1
    "$CXSIM" run "$SMALL" --reps 2 --threads $t $TINY --out "$TMP/run$t" >/dev/null &&
    "$CXSIM" compare "$QW" --reps 2 --threads $t $TINY --set scenario.horizon=3 \
        --out "$TMP/compare$t" >/dev/null &&
    "$CXSIM" quickwins "$DOM" --reps 2 --threads $t $TINY --set scenario.horizon=3 \
        --out "$TMP/quickwins$t" >/dev/null &&
    "$CXSIM" sweep "$SMALL" --param journey.buy.checkout.friction=0.1:0.5:3 --reps 2 \
        --threads $t $TINY --metric nps --out "$TMP/sweep$t" >/dev/null &&
    "$CXSIM" sensitivity "$SMALL" --samples 8 --bootstrap 50 --reps 2 --threads $t $TINY \
        --metric nps --out "$TMP/sensitivity$t" >/dev/null &&
    "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" \
        --param segment.all.churn=0.005:0.15 --max-evals 6 --reps 2 --threads $t $TINY \
        --out "$TMP/calibrate$t" >/dev/null
}
printf 'metric,value\nchurn_rate,0.03\ncompletion_rate,0.8\n' >"$TMP/targets.csv"
check "results directories of every kind, 1 thread" "make_dirs 1"
check "results directories of every kind, 2 threads" "make_dirs 2"

# charts per kind: run 6 metrics + 4 periods + 3 touchpoints; compare + 4
# differences; quickwins + impact-cost; sweep 1 metric x 1 parameter;
# sensitivity tornado + Sobol'; calibrate trace + a run's 13
for kc in run:13 compare:17 quickwins:18 sweep:1 sensitivity:2 calibrate:14; do
    k=${kc%:*} n=${kc#*:}
    expect_status "report of $k" 0 "$CXSIM" report "$TMP/${k}1" -o "$TMP/$k.html"
    check "$k: 'report in' line" "grep -qx 'report in $TMP/$k.html' '$TMP/out'"
    check "$k: $n charts" "[ \$(charts '$TMP/$k.html') -eq $n ]"
    check "$k: says what produced it" "grep -q 'cxsim $k of <code>' '$TMP/$k.html'"
    check "$k: self-contained" "self_contained '$TMP/$k.html'"
    check "$k: a complete page" "tail -n 1 '$TMP/$k.html' | grep -qx '</html>'"
    # a table wider than the page scrolls in its own box, its first column in view
    check "$k: every table in a scrolling box" \
        "[ \$(grep -c '<table' '$TMP/$k.html') -eq \$(grep -c '<div class=\"wrap\"><table[ >]' '$TMP/$k.html') ]"
    # compare and quickwins open with the verdict (the first section), one
    # row per variant other than the baseline, net value first
    case $k in compare|quickwins)
        nvar=$(tail -n +2 "$TMP/${k}1/compare.csv" | cut -d, -f1 | sort -u | wc -l)
        check "$k: the verdict is the first section" \
            "[ \"\$(grep -o '<h2 id=\"[a-z-]*\"' '$TMP/$k.html' | head -n 1)\" = '<h2 id=\"verdict\"' ]"
        check "$k: a verdict row per variant ($nvar)" \
            "[ \$(grep -c '^<tr class=\"\\(good\\|bad\\|close\\)\"><td>' '$TMP/$k.html') -eq $nvar ]"
        check "$k: the intervals cover simulation noise only" \
            "grep -q 'simulation&#39;s own noise only' '$TMP/$k.html'" ;;
    *) check "$k: no verdict" "! grep -q 'id=\"verdict\"' '$TMP/$k.html'" ;;
    esac
    check "$k: the first column of a table stays in view" \
        "grep -qF '.wrap th:first-child,.wrap td:first-child{position:sticky;left:0;' '$TMP/$k.html'"
    expect_status "report of $k, 2 threads" 0 "$CXSIM" report "$TMP/${k}2" -o "$TMP/${k}_2.html"
    # the same page but for the directory's name in the last line
    check "$k: the same bytes for 1 and 2 threads" \
        "sed 's|$TMP/${k}[12]|DIR|g' '$TMP/$k.html' >'$TMP/a' && sed 's|$TMP/${k}[12]|DIR|g' '$TMP/${k}_2.html' >'$TMP/b' && cmp -s '$TMP/a' '$TMP/b'"
done
check "quickwins: the ranking" "grep -q '<h2 id=\"quick-win-ranking\">Quick-win ranking</h2>' '$TMP/quickwins.html'"
check "sensitivity: the tornado" "grep -q '<h2 id=\"tornado-charts\">Tornado charts</h2>' '$TMP/sensitivity.html'"
check "compare: the differences" "grep -q '<h2 id=\"differences-from-the-baseline\">Differences from the baseline</h2>' '$TMP/compare.html'"

# default output: DIR/report.html; --quiet: no line
expect_status "report without -o" 0 "$CXSIM" report "$TMP/run1" --quiet
check "DIR/report.html written" "[ -s '$TMP/run1/report.html' ] && [ ! -s '$TMP/out' ]"
check "no temporary file left" "[ -z \"\$(ls '$TMP/run1' | grep tmp)\" ]"

# --- --report on the verbs that write a directory -------------------------------------------------
expect_status "run --report" 0 "$CXSIM" run "$SMALL" --reps 2 $TINY --out "$TMP/r" \
    --report "$TMP/r.html"
check "run --report: the page of the directory" \
    "'$CXSIM' report '$TMP/r' -o '$TMP/r2.html' --quiet && cmp -s '$TMP/r.html' '$TMP/r2.html'"
check "run --report says where" "grep -qx 'report in $TMP/r.html' '$TMP/out'"
expect_status "compare --report" 0 "$CXSIM" compare "$QW" --reps 2 $TINY \
    --set scenario.horizon=2 --out "$TMP/c" --report="$TMP/c.html"
check "compare --report: 17 charts" "[ \$(charts '$TMP/c.html') -eq 17 ]"
expect_status "--report without --out" 2 "$CXSIM" run "$SMALL" --report "$TMP/x.html"
check "  says it needs --out" "grep -q 'needs --out DIR' '$TMP/err'"
expect_status "sweep --report" 0 "$CXSIM" sweep "$SMALL" --param journey.buy.checkout.friction=0.1:0.5:3 \
    --reps 2 $TINY --metric nps --out "$TMP/sw" --report "$TMP/sw.html"
check "sweep --report: the page of the directory" \
    "'$CXSIM' report '$TMP/sw' -o '$TMP/sw2.html' --quiet && cmp -s '$TMP/sw.html' '$TMP/sw2.html'"
expect_status "calibrate --report" 0 "$CXSIM" calibrate "$REC" --targets "$TMP/targets.csv" \
    --param segment.all.churn=0.005:0.15 --max-evals 4 --reps 2 $TINY --out "$TMP/cal" \
    --report "$TMP/cal.html"
check "calibrate --report: 14 charts" "[ \$(charts '$TMP/cal.html') -eq 14 ]"
expect_status "run --format csv --report" 0 "$CXSIM" run "$SMALL" --reps 2 $TINY --out "$TMP/rc" \
    --report "$TMP/rc.html" --format csv
check "  stdout is summary.csv alone" "cmp -s '$TMP/out' '$TMP/rc/summary.csv'"
check "  the 'report in' line on stderr" "grep -qx 'report in $TMP/rc.html' '$TMP/err'"
check "  the page written" "[ \$(charts '$TMP/rc.html') -eq 13 ]"
expect_status "--report on report" 2 "$CXSIM" report "$TMP/run1" --report "$TMP/x.html"
expect_status "--report on check" 2 "$CXSIM" check "$SMALL" --report "$TMP/x.html"
expect_status "run --report to an unwritable file" 1 "$CXSIM" run "$SMALL" --reps 1 $TINY \
    --out "$TMP/r3" --report "$TMP/no/such/dir/r.html"
check "  the results are there, the page is not" \
    "[ -f '$TMP/r3/run.json' ] && [ ! -e '$TMP/no' ]"

# --- compare --uncertainty: "How sure are we?" (docs/report.md) -------------------------
VOI="$SRC/tests/data/uncertainty/voi.lua"
for t in 1 2; do
    expect_status "compare --uncertainty --report, $t threads" 0 "$CXSIM" compare "$VOI" \
        --uncertainty 30 --reps 2 --set scenario.population=500 --threads $t --quiet \
        --out "$TMP/unc$t" --report "$TMP/unc$t.html"
done
U="$TMP/unc1.html"
check "uncertainty: the 'report in' line" "grep -qx 'report in $TMP/unc2.html' '$TMP/out'"
check "uncertainty: the section" "grep -q '<h2 id=\"how-sure-are-we\">How sure are we?</h2>' '$U'"
check "uncertainty: no run sections (the directory holds none)" "! grep -q 'id=\"headline\"' '$U'"
check "uncertainty: says the figures cover the inputs and the noise" \
    "grep -q 'both the uncertainty in the inputs and the simulation&rsquo;s noise' '$U'"
# the net value of fixed, P(best), EVPPI
check "uncertainty: 3 charts" "[ \$(charts '$U') -eq 3 ]"
check "uncertainty: a row of the choice per variant" \
    "grep -q '^<tr><td>baseline</td><td>0</td>' '$U' && grep -q '^<tr><td>fixed</td><td>[+-]' '$U'"
ploss=$(awk -F, '$1 == "fixed" { printf "%.0f", 100 * $4 }' "$TMP/unc1/decision.csv")
check "uncertainty: P(loss) $ploss % marked on the net value's histogram" \
    "grep -q '>P(loss) $ploss %</text>' '$U'"
check "uncertainty: self-contained" "self_contained '$U'"
check "uncertainty: the same bytes for 1 and 2 threads" \
    "sed 's|$TMP/unc[12]|DIR|g' '$U' >'$TMP/a' && sed 's|$TMP/unc[12]|DIR|g' '$TMP/unc2.html' >'$TMP/b' && cmp -s '$TMP/a' '$TMP/b'"
rm "$TMP/unc1/voi.csv"
expect_status "uncertainty: without voi.csv" 3 "$CXSIM" report "$TMP/unc1" -o "$TMP/u.html"
check "  names it" "grep -q 'unc1/voi.csv: missing: the results of cxsim compare --uncertainty' '$TMP/err'"
# without --uncertainty, a run's page says its intervals cover the noise only
check "run: the intervals cover simulation noise only" \
    "grep -q 'noise only, with every input taken as known' '$TMP/run.html'"

# --- a candidate has one name (issue 20): quick_wins is the variant of
# one_click_checkout+empowered_agents in scenarios/reference.lua
expect_status "quickwins of reference.lua" 0 "$CXSIM" quickwins "$SRC/scenarios/reference.lua" \
    --reps 2 $TINY --set scenario.horizon=3 --out "$TMP/qwref" --report "$TMP/qwref.html"
check "  stdout says which name the files use" \
    "grep -qx 'in the results files and the report: quick_wins = one_click_checkout+empowered_agents' '$TMP/out'"
check "  the ranking names it quick_wins, with what it adds" \
    "grep -qF '<td class=\"l\">quick_wins <small>(one_click_checkout+empowered_agents)</small></td>' '$TMP/qwref.html'"
check "  the impact chart labels it quick_wins" \
    "grep -q '>quick_wins</text>' '$TMP/qwref.html' && ! grep -q '>one_click_checkout+empowered_agents</text>' '$TMP/qwref.html'"

# --- errors ------------------------------------------------------------------------
expect_status "no DIR" 2 "$CXSIM" report
expect_status "a simulation flag" 2 "$CXSIM" report "$TMP/run1" --reps 3
check "  names the flag" "grep -q \"unknown option '--reps' for report\" '$TMP/err'"
expect_status "-o with run" 2 "$CXSIM" run "$SMALL" -o "$TMP/x.html"
expect_status "-o without a file" 2 "$CXSIM" report "$TMP/run1" -o
expect_status "not a directory" 3 "$CXSIM" report "$TMP/nothing"
check "  says so" "grep -q 'nothing: not a directory' '$TMP/err'"
mkdir "$TMP/empty"
expect_status "not a results directory" 3 "$CXSIM" report "$TMP/empty" -o "$TMP/e.html"
check "  says so" "grep -q 'empty: not a results directory (no run.json' '$TMP/err'"
check "  and writes nothing" "[ ! -e '$TMP/e.html' ]"
cp -r "$TMP/run1" "$TMP/bad"
sed '4s/^\([^,]*\),\([^,]*\),[^,]*,/\1,\2,oops,/' "$TMP/run1/summary.csv" >"$TMP/bad/summary.csv"
expect_status "a damaged summary.csv" 3 "$CXSIM" report "$TMP/bad" -o "$TMP/b.html"
check "  FILE:LINE: what is wrong" \
    "grep -q 'bad/summary.csv:4: column 3 (mean): .oops. is not a finite number' '$TMP/err'"
check "  and writes nothing" "[ ! -e '$TMP/b.html' ]"
cp "$TMP/run1/summary.csv" "$TMP/bad/summary.csv"
rm "$TMP/bad/touchpoints.csv"
expect_status "a missing touchpoints.csv" 3 "$CXSIM" report "$TMP/bad"
check "  names it" "grep -q 'bad/touchpoints.csv: missing' '$TMP/err'"
cp "$TMP/run1/touchpoints.csv" "$TMP/bad/"
sed '3s/"command"/command/' "$TMP/run1/run.json" >"$TMP/bad/run.json"
expect_status "a damaged run.json" 3 "$CXSIM" report "$TMP/bad"
check "  names the line" "grep -q 'bad/run.json:3: string or .}. expected' '$TMP/err'"
expect_status "an unwritable -o" 1 "$CXSIM" report "$TMP/run1" -o "$TMP/no/such/r.html"
check "  names the file" "grep -q 'no/such/r.html' '$TMP/err'"
check "  and leaves nothing" "[ ! -e '$TMP/no' ]"

# --- a fit (docs/report.md, "fit") ----------------------------------------------------
LOG="$SRC/scenarios/data/web_shop_log.csv"
expect_status "fit --report" 0 "$CXSIM" fit --log "$LOG" --inactive 60d --bootstrap 100 \
    --gof-journeys 2000 --out "$TMP/fit" --report "$TMP/fitr.html"
check "  the 'report in' line" "grep -qx 'report in $TMP/fitr.html' '$TMP/out'"
expect_status "report of fit" 0 "$CXSIM" report "$TMP/fit" -o "$TMP/fit.html"
F="$TMP/fit.html"
check "fit: --report writes the same page" "cmp -s '$TMP/fitr.html' '$F'"
check "fit: says what produced it" "grep -q 'cxsim fit of the event log <code>' '$F'"
for s in fitted-journey removal-effects observed-against-simulated parameters; do
    check "fit: section $s" "grep -q '<h2 id=\"$s\">' '$F'"
done
check "fit: self-contained" "self_contained '$F'"
check "fit: a complete page" "tail -n 1 '$F' | grep -qx '</html>'"
# graph 1, removal 1, path lengths and visits per touchpoint 2
check "fit: 4 charts" "[ \$(charts '$F') -eq 4 ]"
# every edge of transitions.csv drawn once, its probability (4 significant
# digits), interval and count in its tooltip, its label on the page
awk -F, 'NR > 1 { printf "data-from=\"%s\" data-to=\"%s\"\t: %.4g, 95 %% interval [%.4g, %.4g], %s journeys\t>%.4g</text>\n", $1, $2, $3, $5, $6, $4, $3 }' \
    "$TMP/fit/transitions.csv" >"$TMP/edges"
edges_drawn() {
    while IFS="$(printf '\t')" read -r ends tip label; do
        [ "$(grep -cF "$ends" "$F")" -eq 1 ] && grep -F "$ends" "$F" | grep -qF "$tip" &&
            grep -F 'class="elabel"' "$F" | grep -qF "$label" || { echo "    $ends$tip"; return 1; }
    done <"$TMP/edges"
}
check "fit: $(wc -l <"$TMP/edges") edges of transitions.csv, each drawn with its probability" \
    "[ \$(wc -l <'$TMP/edges') -ge 19 ] && edges_drawn"
check "fit: no other edge" "[ \$(grep -c 'class=\"edge\"' '$F') -eq \$(wc -l <'$TMP/edges') ]"
check "fit: the sinks are boxes" "grep -q '>(conversion)</text></g>' '$F' && grep -q '>(null)</text></g>' '$F'"
# a removal bar per touchpoint of removal.csv, at its value
awk -F, 'NR > 1 { printf "removal effect (fitted chain, 95 %% CI) / %s: %.6g</title>\n", $1, $2 }' \
    "$TMP/fit/removal.csv" >"$TMP/bars"
check "fit: a removal bar for each of the $(wc -l <"$TMP/bars") touchpoints" \
    "[ \$(wc -l <'$TMP/bars') -eq 6 ] && [ \$(grep -cFf '$TMP/bars' '$F') -eq 6 ] &&
     [ \$(grep -c 'removal effect (fitted chain, 95 % CI) / ' '$F') -eq 6 ]"
check "fit: a goodness-of-fit row per row of gof.csv" \
    "[ \$(grep -c '<tr class=\"gof\">' '$F') -eq \$((\$(wc -l <'$TMP/fit/gof.csv') - 1)) ]"
check "fit: a parameter row per row of fit.csv" \
    "[ \$(grep -c '<tr class=\"param\">' '$F') -eq \$((\$(wc -l <'$TMP/fit/fit.csv') - 1)) ]"
cp -r "$TMP/fit" "$TMP/badfit"
rm "$TMP/badfit/removal.csv"
expect_status "a fit without removal.csv" 3 "$CXSIM" report "$TMP/badfit" -o "$TMP/bf.html"
check "  names it" "grep -q 'badfit/removal.csv: missing: the results of cxsim fit hold it' '$TMP/err'"
check "  and writes nothing" "[ ! -e '$TMP/bf.html' ]"

testlib_finish
