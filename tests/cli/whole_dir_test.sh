#!/bin/sh
# Whole directories and one writer per directory (docs/reliability.md,
# "Whole directories" and "One writer per directory").
#
# A results directory is replaced by a new run killed (SIGKILL, the test
# hook CXSIM_TEST_KILL_AT=N) at every step of its group commit: before the
# journal, between any two renames or removals, after them. Whatever the
# step, the next cxsim that opens the directory (a reader, `cxsim report`,
# or the next run) finds it wholly the old run's or wholly the new one's,
# with no journal, lock or temporary file left, and a file cxsim did not
# write untouched. Then: two runs on one --out, with fcntl locks and with
# the O_EXCL fallback (CXSIM_TEST_LOCK=excl), and stale lock files.
. "$(dirname "$0")/testlib.sh"

Q="$SRC/tests/data/compare/quick.lua"       # three variants
# same_as DIR REF: DIR holds exactly REF's files (hidden ones too), each
# byte for byte, run.json compared on its seed and completeness only
# (it records the wall time)
same_as() {
    [ "$(ls -A "$1")" = "$(ls -A "$2")" ] || return 1
    for f in $(ls -A "$2"); do
        if [ "$f" = run.json ]; then
            [ "$(grep -E '"(seed|complete|command)"' "$1/$f")" = \
              "$(grep -E '"(seed|complete|command)"' "$2/$f")" ] || return 1
        else
            cmp -s "$1/$f" "$2/$f" || return 1
        fi
    done
}

# the old directories: a compare (compare.csv), a stopped run (checkpoint.bin)
"$CXSIM" compare "$Q" --reps 3 --seed 1 --quiet --out "$TMP/old_cmp" >/dev/null 2>&1
CXSIM_TEST_INTERRUPT_AFTER_REPS=1 "$CXSIM" run "$Q" --reps 3 --seed 1 --threads 1 --quiet \
    --out "$TMP/old_stop" >/dev/null 2>&1
echo "my notes" >"$TMP/old_cmp/notes.txt"
echo "my notes" >"$TMP/old_stop/notes.txt"
check "the old directories: a compare and a stopped run" \
    '[ -s "$TMP/old_cmp/compare.csv" ] && [ -s "$TMP/old_stop/checkpoint.bin" ]'
# the new one: a plain run with another seed (no compare.csv, no checkpoint)
"$CXSIM" run "$Q" --reps 3 --seed 2 --quiet --out "$TMP/new" >/dev/null 2>&1
echo "my notes" >"$TMP/new/notes.txt"

for old in old_cmp old_stop; do
    step=1 olds=0 news=0 mixed=0 leftovers=0 kills=0
    while [ $step -le 40 ]; do
        rm -rf "$TMP/d" && cp -a "$TMP/$old" "$TMP/d"
        CXSIM_TEST_KILL_AT=$step "$CXSIM" run "$Q" --reps 3 --seed 2 --quiet --force \
            --out "$TMP/d" >/dev/null 2>&1
        rc=$?
        [ $rc -eq 137 ] || break            # past the last step: it finished
        kills=$((kills + 1))
        # the next cxsim to open it: odd steps a reader, even ones a run
        if [ $((step % 2)) -eq 1 ]; then
            "$CXSIM" report "$TMP/d" -o "$TMP/page.html" --quiet >/dev/null 2>&1
        else
            "$CXSIM" run "$Q" --reps 3 --seed 3 --quiet --out "$TMP/d" >/dev/null 2>&1
        fi
        if same_as "$TMP/d" "$TMP/$old"; then olds=$((olds + 1))
        elif same_as "$TMP/d" "$TMP/new"; then news=$((news + 1))
        else mixed=$((mixed + 1)); echo "    killed at step $step: a mix: $(ls -A "$TMP/d" | tr '\n' ' ')"
        fi
        [ -z "$(ls -A "$TMP/d" | grep -E '\.tmp\.|^\.cxsim')" ] || leftovers=$((leftovers + 1))
        step=$((step + 1))
    done
    check "$old: killed at each of $kills steps, then finished normally (exit $rc)" \
        '[ "$kills" -ge 8 ] && [ "$rc" -eq 0 ] && same_as "$TMP/d" "$TMP/new"'
    check "$old: every kill leaves it wholly old ($olds) or wholly new ($news), never a mix" \
        '[ "$mixed" -eq 0 ] && [ "$olds" -ge 1 ] && [ "$news" -ge 1 ]'
    check "$old: no journal, lock or temporary file once reopened" '[ "$leftovers" -eq 0 ]'
done

# a killed run is finished by `cxsim report DIR` too, which then adds its
# page to the whole directory
rm -rf "$TMP/d" && cp -a "$TMP/old_cmp" "$TMP/d"
CXSIM_TEST_KILL_AT=5 "$CXSIM" run "$Q" --reps 3 --seed 2 --quiet --force --out "$TMP/d" \
    >/dev/null 2>&1
check "killed mid-group: the journal is there" '[ -e "$TMP/d/.cxsim-journal" ]'
expect_status "report over it" 0 "$CXSIM" report "$TMP/d" --quiet
check "report: the directory finished first, then the page beside it" \
    'rm "$TMP/d/report.html" && same_as "$TMP/d" "$TMP/new"'
# a journal that cannot be finished where the directory cannot be written
rm -rf "$TMP/d" && cp -a "$TMP/old_cmp" "$TMP/d"
CXSIM_TEST_KILL_AT=5 "$CXSIM" run "$Q" --reps 3 --seed 2 --quiet --force --out "$TMP/d" \
    >/dev/null 2>&1
if [ "$(id -u)" -ne 0 ]; then
    chmod a-w "$TMP/d"
    expect_status "report over an unwritable killed directory" 1 "$CXSIM" report "$TMP/d" \
        -o "$TMP/page.html" --quiet
    check "unwritable: says a cxsim was killed writing it" \
        'grep -q "killed while writing" "$TMP/err"'
    chmod u+w "$TMP/d"
fi

# ---- one writer per directory ---------------------------------------------------------
# wait_held DIR: until a cxsim holds DIR's lock (the file names its holder)
wait_held() {
    i=0
    while [ ! -s "$1/.cxsim.lock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}
for mode in fcntl excl; do
    if [ $mode = excl ]; then export CXSIM_TEST_LOCK=excl; else unset CXSIM_TEST_LOCK; fi
    "$CXSIM" run "$SRC/scenarios/reference.lua" --reps 8 --threads 1 --quiet \
        --out "$TMP/busy_$mode" >/dev/null 2>&1 &
    pid=$!
    wait_held "$TMP/busy_$mode"
    expect_status "$mode: a second run on an --out being written" 2 "$CXSIM" run "$Q" \
        --reps 2 --quiet --out "$TMP/busy_$mode" --force
    check "$mode: names the writer's pid and host" \
        'grep -q "is being written by another cxsim process (pid $pid on $(hostname))" "$TMP/err"'
    expect_status "$mode: a report meanwhile" 2 "$CXSIM" report "$TMP/busy_$mode" \
        -o "$TMP/page.html" --quiet
    wait $pid
    check "$mode: the first run finished, its lock gone" \
        '[ -s "$TMP/busy_$mode/run.json" ] && [ ! -e "$TMP/busy_$mode/.cxsim.lock" ]'
    expect_status "$mode: then the second may" 0 "$CXSIM" run "$Q" --reps 2 --quiet \
        --out "$TMP/busy_$mode" --force
done
unset CXSIM_TEST_LOCK
# stale lock files (kill -9 leaves the file; fcntl's lock went with the process)
mkdir -p "$TMP/stale"
sh -c 'echo "excl $(hostname) $$"' >"$TMP/stale/.cxsim.lock"   # a pid now gone
expect_status "excl: a lock file of this host's dead process is taken over" 0 \
    env CXSIM_TEST_LOCK=excl "$CXSIM" run "$Q" --reps 2 --quiet --out "$TMP/stale" --force
echo "excl elsewhere.example 4242" >"$TMP/stale/.cxsim.lock"
expect_status "excl: one of another host is refused" 2 \
    env CXSIM_TEST_LOCK=excl "$CXSIM" run "$Q" --reps 2 --quiet --out "$TMP/stale" --force
check "excl: says which host, and which file to remove if none runs there" \
    'grep -q "pid 4242 on elsewhere.example.*remove .*stale/.cxsim.lock" "$TMP/err"'
expect_status "fcntl: a run with locks sees the O_EXCL holder of another host too" 2 \
    "$CXSIM" run "$Q" --reps 2 --quiet --out "$TMP/stale" --force
echo "fcntl elsewhere.example 4242" >"$TMP/stale/.cxsim.lock"
expect_status "fcntl: a lock file left by a killed fcntl holder is taken" 0 \
    "$CXSIM" run "$Q" --reps 2 --quiet --out "$TMP/stale" --force
check "the lock file goes with its holder" '[ ! -e "$TMP/stale/.cxsim.lock" ]'

testlib_finish
