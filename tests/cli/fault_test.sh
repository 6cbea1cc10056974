#!/bin/sh
# Faults injected into real runs: a disk that fills up (RLIMIT_FSIZE with
# SIGXFSZ ignored: writes fail with EFBIG as with ENOSPC), an --out that
# cannot be a directory, and memory running out at every stage of a run
# (tests/fault/faultinject.c, preloaded). Each must end in exit status 1,
# a message saying what failed, and no results file at all (never part of
# a results directory); a run that survives must give the normal bytes.
. "$(dirname "$0")/testlib.sh"

SCEN="$SRC/tests/data/compare/quick.lua"
# The binary itself, not libtool's wrapper script (a preload must reach it).
BIN="$CXSIM"
if [ -x "$BUILD/.libs/cxsim" ]; then
    BIN="$BUILD/.libs/cxsim"
    LD_LIBRARY_PATH="$BUILD/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    export LD_LIBRARY_PATH
fi

"$BIN" run "$SCEN" --reps 2 --quiet --out "$TMP/ref" >/dev/null 2>&1
check "reference run" '[ -f "$TMP/ref/run.json" ]'

no_output() {   # no_output DIR: nothing, not even a temporary file
    [ ! -e "$1" ] || [ -z "$(ls -A "$1")" ]
}

# ---- a full disk: every size limit below the results' total ------------------
for blocks in 1 4 14 30 50; do
    rm -rf "$TMP/full"
    sh -c "trap '' XFSZ; ulimit -f $blocks; exec \"\$@\"" sh \
        "$BIN" run "$SCEN" --reps 2 --quiet --out "$TMP/full" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    check "disk full at $blocks blocks: exit 1" '[ "$rc" -eq 1 ]'
    check "disk full at $blocks blocks: says which file" \
        'grep -q "cxsim: cannot write $TMP/full/.*File too large" "$TMP/err"'
    check "disk full at $blocks blocks: no results file" 'no_output "$TMP/full"'
done

# ---- an analysis's own files go in the same group as its run.json ---------------
# A size limit that sweep.csv fits under and run.json does not: before they
# were one group, sweep.csv was left without the run.json that vouches for
# it. (ulimit -f counts blocks of 512 bytes in dash, Debian's sh.)
SWEEP="--param scenario.population=200:400:2 --reps 2 --quiet"
"$BIN" sweep "$SCEN" $SWEEP --out "$TMP/swref" >/dev/null 2>&1
csv=$(wc -c <"$TMP/swref/sweep.csv") json=$(wc -c <"$TMP/swref/run.json")
blocks=$(( (csv + 511) / 512 ))
check "sweep.csv ($csv B) fits under $blocks blocks, run.json ($json B) does not" \
    '[ $((blocks * 512)) -lt "$json" ]'
sh -c "trap '' XFSZ; ulimit -f $blocks; exec \"\$@\"" sh \
    "$BIN" sweep "$SCEN" $SWEEP --out "$TMP/swfull" >"$TMP/out" 2>"$TMP/err"
rc=$?
check "sweep, disk full at run.json: exit 1" '[ "$rc" -eq 1 ]'
check "sweep, disk full at run.json: says so" \
    'grep -q "cxsim: cannot write $TMP/swfull/run.json.*File too large" "$TMP/err"'
check "sweep, disk full at run.json: no sweep.csv either" 'no_output "$TMP/swfull"'

# ---- an --out that cannot be a directory ---------------------------------------
: >"$TMP/plain"
expect_status "--out under a regular file" 1 "$BIN" run "$SCEN" --reps 2 --quiet \
    --out "$TMP/plain/res"
check "--out under a regular file: says why" 'grep -q "Not a directory" "$TMP/err"'
expect_status "--out is a regular file" 1 "$BIN" run "$SCEN" --reps 2 --quiet \
    --out "$TMP/plain"
check "--out is a regular file: untouched" '[ ! -s "$TMP/plain" ]'

# ---- memory running out ----------------------------------------------------------
LIB="$BUILD/tests/fault/.libs/libfaultinject.so"
if grep -q '^SAN_CFLAGS = -fsanitize' "$BUILD/Makefile" 2>/dev/null; then
    echo "# skipped the allocation sweep: the sanitizers interpose the allocator"
elif [ ! -f "$LIB" ]; then
    ko "tests/fault/libfaultinject.so was not built"
else
    CX_FAULT_REPORT="$TMP/count" LD_PRELOAD="$LIB" \
        "$BIN" run "$SCEN" --reps 2 --quiet --threads 1 --out "$TMP/counted" >/dev/null 2>&1
    total=$(cat "$TMP/count" 2>/dev/null || echo 0)
    check "allocations counted ($total)" '[ "$total" -gt 100 ]'
    # every one of the first 40 allocations, then 60 points spread over all
    points=$(awk -v t="$total" 'BEGIN { for (i = 1; i <= 40; i++) print i;
                                        for (i = 1; i <= 60; i++) print int(40 + (t - 40) * i / 60) }')
    bad=0
    for n in $points; do
        rm -rf "$TMP/oom"
        CX_FAULT_MALLOC=$n LD_PRELOAD="$LIB" \
            "$BIN" run "$SCEN" --reps 2 --quiet --threads 1 --out "$TMP/oom" \
            >"$TMP/out" 2>"$TMP/err"
        rc=$?
        if [ "$rc" -eq 1 ] && grep -qiE "out of memory|cannot allocate memory" "$TMP/err" &&
           no_output "$TMP/oom"; then
            :
        elif [ "$rc" -eq 0 ] && cmp -s "$TMP/oom/summary.csv" "$TMP/ref/summary.csv"; then
            :   # the failed allocation had a fallback: the results must be the same
        else
            bad=$((bad + 1))
            echo "# allocation $n of $total failing: exit $rc: $(head -c 300 "$TMP/err")"
        fi
    done
    check "out of memory at $(echo $points | wc -w) points: exit 1, a message, no file" \
        '[ "$bad" -eq 0 ]'
fi

testlib_finish
