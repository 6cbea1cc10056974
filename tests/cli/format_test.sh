#!/bin/sh
# tests/cli/format_test.sh - what cxsim prints for people and for machines:
# --format csv prints exactly the verb's primary results file (so the
# bytes on stdout equal the file --out writes) and nothing else; --format
# json prints one valid JSON document (checked by json_check.lua, a strict
# reader) holding the same values; "did you mean" for misspelt verbs,
# flags, metrics, paths and flag values; progress on stderr only when it
# is a terminal (a pseudo-terminal made by util-linux script), never with
# --quiet, never on stdout. Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
REF="$SRC/scenarios/reference.lua"
QW="$SRC/scenarios/checkout_quick_wins.lua"
SMALL="$SRC/tests/data/analysis/small.lua"
JSON="lua5.4 $SRC/tests/cli/json_check.lua"
SMALLPOP="--set scenario.population=1500 --reps 2 --quiet"

# same_bytes NAME A B: the two files are identical
same_bytes() {
    if cmp -s "$2" "$3"; then ok "$1"; else ko "$1"; diff "$2" "$3" | head -n 5 | sed 's/^/    /'; fi
}

# --- run and compare: summary.csv, compare.csv --------------------------------
expect_status "run --format csv" 0 "$CXSIM" run "$REF" $SMALLPOP --format csv --out "$TMP/r"
same_bytes "run: stdout csv = summary.csv" "$TMP/out" "$TMP/r/summary.csv"
check "run: stderr empty" "[ ! -s '$TMP/err' ]"
expect_status "run --format=csv, 2 threads, no --out" 0 "$CXSIM" run "$REF" $SMALLPOP --format=csv --threads 2
same_bytes "run: the same bytes with 2 threads and without --out" "$TMP/out" "$TMP/r/summary.csv"
expect_status "run --format json" 0 "$CXSIM" run "$REF" $SMALLPOP --format json
check "run json parses" "[ \"\$($JSON <'$TMP/out')\" = ok ]"
check "run json: one row per summary.csv row" \
    "[ \$($JSON summary <'$TMP/out') -eq \$(tail -n +2 '$TMP/r/summary.csv' | wc -l) ]"
check "run json: command and scenario" \
    "grep -q '\"command\": \"run\"' '$TMP/out' && grep -q '\"scenario\": \"$REF\"' '$TMP/out'"
check "run json: first row's metric and mean as in the csv" \
    "[ \"\$($JSON summary 1 metric <'$TMP/out') \$($JSON summary 1 mean <'$TMP/out')\" = \"\$(sed -n 2p '$TMP/r/summary.csv' | cut -d, -f2,3 | tr , ' ')\" ]"
check "run json: n is a number" "grep -q '\"n\": 2[,]*\$' '$TMP/out'"
expect_status "run --reps auto --format csv" 0 "$CXSIM" run "$REF" --set scenario.population=1500 \
    --reps auto --precision 50 --quiet --format csv --out "$TMP/ra"
same_bytes "run --reps auto: stdout csv = summary.csv" "$TMP/out" "$TMP/ra/summary.csv"

expect_status "compare --format csv" 0 "$CXSIM" compare "$QW" $SMALLPOP --format csv --out "$TMP/c"
same_bytes "compare: stdout csv = compare.csv" "$TMP/out" "$TMP/c/compare.csv"
expect_status "compare --format json" 0 "$CXSIM" compare "$QW" $SMALLPOP --format json
cp "$TMP/out" "$TMP/c.json"

# --- the verdict compare's table leads with ---------------------------------
# Its word follows compare.csv's net_value row: "worth it" when the
# interval lies above 0, "not worth it" below, "too close to call" across.
expect_status "compare, table" 0 "$CXSIM" compare "$QW" $SMALLPOP --reps 4 --out "$TMP/cv"
check "the verdict comes before the tables" \
    "[ \$(grep -n '^verdict against baseline (net value' '$TMP/out' | cut -d: -f1) -lt \$(grep -n ' vs baseline\$' '$TMP/out' | head -n 1 | cut -d: -f1) ]"
tail -n +2 "$TMP/cv/compare.csv" | awk -F, '$3 == "net_value" {
    w = $7 > 0 ? "worth it" : $8 < 0 ? "not worth it" : "too close to call"
    print $1 ": " w ": net value " }' >"$TMP/cv.want"
check "a verdict per variant, its word as compare.csv's interval says ($(wc -l <"$TMP/cv.want") variants)" \
    "[ \$(wc -l <'$TMP/cv.want') -eq 4 ] && grep -o '^  [a-z_]*: [a-z ]*: net value ' '$TMP/out' | sed 's/^  //' | cmp -s - '$TMP/cv.want'"
check "the verdict gives ROI and payback in words" "grep -q 'pays back in period [0-9]*\\|does not pay back within 12 periods' '$TMP/out' && grep -q 'ROI -\\{0,1\\}[0-9.]* %' '$TMP/out'"
check "it says the intervals cover simulation noise only" "grep -q \"simulation's own noise only\" '$TMP/out'"
check "net_value is a metric of compare.csv, = portfolio_value - cost" \
    "awk -F, '\$3 == \"portfolio_value\" { p[\$1] = \$5 } \$3 == \"cost\" { c[\$1] = \$5 } \$3 == \"net_value\" { n[\$1] = \$5 }
         END { for (v in n) { d = n[v] - (p[v] - c[v]); if (d > 1e-6 * (p[v] < 0 ? -p[v] : p[v]) || -d > 1e-6 * (p[v] < 0 ? -p[v] : p[v])) exit 1 }; exit length(n) != 4 }' '$TMP/cv/compare.csv'"
check "compare json parses" "[ \"\$($JSON <'$TMP/c.json')\" = ok ]"
check "compare json: compare and summary (with ALT-baseline rows) as the files" \
    "[ \$($JSON compare <'$TMP/c.json') -eq \$(tail -n +2 '$TMP/c/compare.csv' | wc -l) ] && [ \$($JSON summary <'$TMP/c.json') -eq \$(tail -n +2 '$TMP/c/summary.csv' | wc -l) ]"
check "compare json: a difference as in compare.csv" \
    "[ \"\$($JSON compare 3 difference <'$TMP/c.json')\" = \"\$(sed -n 4p '$TMP/c/compare.csv' | cut -d, -f6)\" ]"

# --- the analysis verbs -------------------------------------------------------------
expect_status "quickwins --format csv" 0 "$CXSIM" quickwins "$QW" $SMALLPOP --max-combo 1 \
    --format csv --out "$TMP/q"
same_bytes "quickwins: stdout csv = quickwins.csv" "$TMP/out" "$TMP/q/quickwins.csv"
expect_status "quickwins --format json" 0 "$CXSIM" quickwins "$QW" $SMALLPOP --max-combo 1 --format json
check "quickwins json parses, with the segments table" \
    "[ \"\$($JSON <'$TMP/out')\" = ok ] && [ \$($JSON quickwins_segments <'$TMP/out') -eq \$(tail -n +2 '$TMP/q/quickwins_segments.csv' | wc -l) ]"
check "quickwins json: significant is a boolean" \
    "[ \"\$($JSON quickwins 1 significant <'$TMP/out')\" = \"\$(sed -n 2p '$TMP/q/quickwins.csv' | cut -d, -f12)\" ] && grep -qE '\"significant\": (true|false)' '$TMP/out'"

F=journey.buy.checkout.friction
expect_status "sweep --format csv" 0 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:3 --metric nps \
    --reps 2 --quiet --format csv --out "$TMP/s"
same_bytes "sweep: stdout csv = sweep.csv" "$TMP/out" "$TMP/s/sweep.csv"
expect_status "sweep --format json" 0 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:3 --metric nps \
    --reps 2 --quiet --format json
check "sweep json: 3 rows, the parameter a column" \
    "[ \$($JSON sweep <'$TMP/out') -eq 3 ] && [ \"\$($JSON sweep 3 $F <'$TMP/out')\" = 0.3 ]"

expect_status "sensitivity --format csv" 0 "$CXSIM" sensitivity "$SMALL" --samples 8 --bootstrap 20 \
    --reps 1 --quiet --format csv --out "$TMP/e"
same_bytes "sensitivity: stdout csv = sobol.csv" "$TMP/out" "$TMP/e/sobol.csv"
expect_status "sensitivity --format json" 0 "$CXSIM" sensitivity "$SMALL" --samples 8 --bootstrap 20 \
    --reps 1 --quiet --format json
check "sensitivity json: sobol and tornado as the files" \
    "[ \$($JSON sobol <'$TMP/out') -eq 3 ] && [ \$($JSON tornado <'$TMP/out') -eq \$(tail -n +2 '$TMP/e/tornado.csv' | wc -l) ]"

printf 'metric,value\nnps,10\n' >"$TMP/targets.csv"
expect_status "calibrate --format csv" 0 "$CXSIM" calibrate "$SMALL" --targets "$TMP/targets.csv" \
    --param $F=0.05:0.5 --reps 1 --max-evals 8 --quiet --format csv --out "$TMP/k"
same_bytes "calibrate: stdout csv = calibration.csv" "$TMP/out" "$TMP/k/calibration.csv"
expect_status "calibrate --format json" 0 "$CXSIM" calibrate "$SMALL" --targets "$TMP/targets.csv" \
    --param $F=0.05:0.5 --reps 1 --max-evals 8 --quiet --format json
check "calibrate json: calibration, fit, trace" \
    "[ \$($JSON calibration <'$TMP/out') -eq 1 ] && [ \$($JSON fit <'$TMP/out') -eq 1 ] && [ \$($JSON calibration_trace <'$TMP/out') -eq 8 ]"
check "calibrate json: fit's blank period is null" "grep -q '\"period\": null' '$TMP/out'"

expect_status "check --analytic --format csv" 0 "$CXSIM" check "$SMALL" --analytic --reps 2 --format csv
check "check --analytic csv: header" \
    "[ \"\$(head -n 1 '$TMP/out')\" = 'journey,touchpoint,measure,analytic,simulated,ci_low,ci_high,n,exact' ]"
# per journey a completion row and 3 per touchpoint: buy 1 + 2 x 3, never 1 + 3
check "check --analytic csv: 1 + 3 rows per touchpoint per journey" \
    "[ \$(tail -n +2 '$TMP/out' | wc -l) -eq 11 ]"
check "check --analytic csv: completion of buy has an analytic value and an interval" \
    "grep -qE '^buy,,completion,0\\.[0-9]+,0\\.[0-9]+,0\\.[0-9]+,[01]\\.?[0-9]*,2,false\$' '$TMP/out'"
check "check --analytic csv: a journey nobody makes has NA where nothing was simulated" \
    "grep -q '^never,ghost,visits,NA,NA,NA,NA,0,true\$' '$TMP/out'"
expect_status "check --analytic --format json" 0 "$CXSIM" check "$SMALL" --analytic --reps 2 --format json
check "check --analytic json parses" "[ \$($JSON analytic <'$TMP/out') -eq 11 ]"
expect_status "check --format csv without --analytic" 2 "$CXSIM" check "$SMALL" --format csv
check "... says it goes with --analytic" "grep -q 'goes with check --analytic' '$TMP/err'"
check "... nothing on stdout" "[ ! -s '$TMP/out' ]"
expect_status "--format xml" 2 "$CXSIM" run "$REF" --format xml
expect_status "--format jsno" 2 "$CXSIM" run "$REF" --format jsno
check "--format: did you mean json" "grep -q \"did you mean 'json'?\" '$TMP/err'"

# --- did you mean -----------------------------------------------------------------------
suggests() {   # suggests NAME WANT STATUS CMD...
    sg_name=$1 sg_want=$2 sg_status=$3
    shift 3
    expect_status "$sg_name" "$sg_status" "$@"
    check "$sg_name: did you mean '$sg_want'?" "grep -qF \"did you mean '$sg_want'?\" '$TMP/err'"
}
suggests "unknown verb" run 2 "$CXSIM" rnu "$REF"
suggests "help of an unknown verb" sweep 2 "$CXSIM" help swep
suggests "unknown flag" --seed 2 "$CXSIM" run "$REF" --sede 3
suggests "unknown flag with a value" --threads 2 "$CXSIM" run "$REF" --thread=2
suggests "misspelt --metric" churn_rate 2 "$CXSIM" run "$REF" --metric churn_rat --reps 2
suggests "misspelt sweep --metric" clv_mean 2 "$CXSIM" sweep "$SMALL" --param $F=0.1:0.3:3 --metric clv_maen
suggests "misspelt --objective" churn 2 "$CXSIM" quickwins "$QW" --objective chrun
suggests "misspelt --design" halton 2 "$CXSIM" sweep "$SMALL" --design haltn
suggests "misspelt key in --set" friction 2 "$CXSIM" check "$SMALL" --set journey.buy.checkout.frcition=0.1
suggests "misspelt touchpoint in --set" checkout 2 "$CXSIM" check "$SMALL" --set journey.buy.chekout.friction=0.1
suggests "misspelt journey in --set" buy 2 "$CXSIM" check "$SMALL" --set journey.bye.checkout.friction=0.1
suggests "misspelt segment in --set" all 2 "$CXSIM" check "$SMALL" --set segment.al.margin=3
suggests "misspelt root in --set" segment 2 "$CXSIM" check "$SMALL" --set segmnt.all.margin=3
suggests "misspelt --param path" friction 2 "$CXSIM" sweep "$SMALL" --param journey.buy.checkout.fiction=0.1:0.3:3
printf 'metric,value\nnsp,10\n' >"$TMP/bad_targets.csv"
suggests "misspelt metric in a targets file" nps 3 "$CXSIM" calibrate "$SMALL" --targets "$TMP/bad_targets.csv" \
    --param $F=0.05:0.5 --reps 1
check "... naming the file and line" "grep -qF 'bad_targets.csv:2:' '$TMP/err'"
expect_status "nothing close: no suggestion" 2 "$CXSIM" run "$REF" --zzzzzz
check "... and no 'did you mean'" "! grep -q 'did you mean' '$TMP/err'"

# --- progress: on a terminal only ------------------------------------------------------
if command -v script >/dev/null 2>&1; then
    # script runs the command on a pseudo-terminal and copies what it
    # shows (here stderr alone: stdout goes to a file) to its own stdout
    tty_run() {   # tty_run NAME CMD : CMD's terminal output into $TMP/tty
        script -qec "$2" /dev/null >"$TMP/tty" 2>&1 </dev/null
        check "$1 ran on a pseudo-terminal" "[ \$? -eq 0 ]"
    }
    tty_run "run" "'$CXSIM' run '$REF' --set scenario.population=1500 --reps 3 --format csv >'$TMP/tty.csv'"
    check "run: replications (each of all variants), rate and time left on the terminal" \
        "grep -aqE '3/3 replications +[0-9.]+/s +[0-9]+ s left' '$TMP/tty'"
    check "run: stdout csv untouched by progress" \
        "[ \"\$(head -n 1 '$TMP/tty.csv')\" = 'variant,metric,mean,sd,ci_low,ci_high,n' ] && ! grep -q 'replications' '$TMP/tty.csv'"
    tty_run "run --quiet" "'$CXSIM' run '$REF' --set scenario.population=1500 --reps 3 --quiet >/dev/null"
    check "run --quiet: nothing on the terminal" "! grep -aq 'replications' '$TMP/tty'"
    tty_run "sweep" "'$CXSIM' sweep '$SMALL' --param $F=0.1:0.3:3 --metric nps --reps 2 >/dev/null"
    check "sweep: design points on the terminal" "grep -aqE '3/3 points +[0-9.]+/s +[0-9]+ s left' '$TMP/tty'"
    tty_run "sensitivity" "'$CXSIM' sensitivity '$SMALL' --samples 4 --bootstrap 10 --reps 1 >/dev/null"
    # 3 parameters: 2 x 3 + 1 tornado points + 4 x (3 + 2) Saltelli points
    check "sensitivity: evaluations as points" "grep -aqE '27/27 points' '$TMP/tty'"
    tty_run "quickwins" "'$CXSIM' quickwins '$QW' --set scenario.population=1500 --reps 2 --max-combo 1 >/dev/null"
    check "quickwins: replications" "grep -aqE '[0-9]+/[0-9]+ replications +[0-9.]+/s' '$TMP/tty'"
    tty_run "calibrate" "'$CXSIM' calibrate '$SMALL' --targets '$TMP/targets.csv' --param $F=0.05:0.5 --reps 1 --max-evals 6 >/dev/null"
    check "calibrate: evaluations against the cap, with the loss" \
        "grep -aqE '6/6 evaluations +[0-9.]+/s +[0-9]+ s left +loss' '$TMP/tty'"
    tty_run "compare" "'$CXSIM' compare '$QW' --set scenario.population=1500 --reps 2 >/dev/null"
    check "compare: replications" "grep -aqE '[0-9]+/[0-9]+ replications' '$TMP/tty'"
    check "the progress line is cleared at the end" "grep -aq \"\$(printf '\\r\\033\\[K')\" '$TMP/tty'"
else
    echo "# util-linux script not found: progress on a terminal not tested"
fi
# not a terminal: nothing, whatever the verb
"$CXSIM" run "$REF" --set scenario.population=1500 --reps 3 >"$TMP/o" 2>"$TMP/stderr"
check "stderr a file: no progress" "[ ! -s '$TMP/stderr' ]"

testlib_finish
