#!/bin/sh
# Replays the fuzz seed corpus and every regression input (inputs fuzzing
# once found to crash, leak or misreport) through the fuzz targets, built
# normally: no clang needed. Under --enable-sanitizers they run with ASan.
set -u
srcdir=${CX_SRCDIR:-.}
builddir=${CX_BUILDDIR:-.}
status=0
pass=0; fail=0
for t in scenario csv report checkpoint; do
    set -- "$srcdir"/tests/fuzz/corpus/$t/* "$srcdir"/tests/fuzz/regressions/$t/*
    [ -f "$srcdir/tests/fuzz/corpus/$t.seeds" ] &&
    for f in $(grep -v '^#' "$srcdir/tests/fuzz/corpus/$t.seeds"); do
        set -- "$@" "$srcdir/$f"
    done
    files=""
    for f in "$@"; do [ -f "$f" ] && files="$files $f"; done
    # shellcheck disable=SC2086
    out=$(CX_SRCDIR="$srcdir" "$builddir/tests/fuzz/replay_$t" $files 2>&1)
    rc=$?
    line=$(printf '%s\n' "$out" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        n=${line%% passed*}
        pass=$((pass + n))
        echo "ok: $t: $line"
    else
        fail=$((fail + 1))
        status=1
        printf 'FAIL: %s\n%s\n' "$t" "$out" | tail -n 40
    fi
done
echo "$pass passed, $fail failed"
exit $status
