#!/bin/sh
# The bad-input corpus (tests/data/bad, listed in its EXPECT file): every
# input gets exit status 3, one message naming the file, the line and what
# is wrong, nothing on stdout, and no results file, from both `run --out`
# and `check`. A file in the directory but not in EXPECT fails the test,
# so the corpus and its expectations stay in step.
. "$(dirname "$0")/testlib.sh"

DIR="$SRC/tests/data/bad"
TAB=$(printf '\t')
grep -v '^#' "$DIR/EXPECT" | while IFS="$TAB" read -r file line what only; do
    echo "$file"
done >"$TMP/listed"

for path in "$DIR"/*.lua; do
    f=$(basename "$path")
    grep -qx "$f" "$TMP/listed" || ko "$f is in tests/data/bad but not in EXPECT"
done

while IFS="$TAB" read -r file line what only; do
    case "$file" in '#'*|'') continue ;; esac
    path="$DIR/$file"
    rm -rf "$TMP/res"
    expect_status "run $file" 3 "$CXSIM" run "$path" --reps 2 --quiet --out "$TMP/res"
    msg=$(cat "$TMP/err")
    case "$msg" in
        "cxsim: $path:$line: "*"$what"*) ok "run $file: names line $line and says '$what'" ;;
        *) ko "run $file: message '$msg' lacks '$path:$line: ... $what'" ;;
    esac
    check "run $file: one line on stderr" '[ "$(wc -l <"$TMP/err")" -eq 1 ]'
    check "run $file: nothing on stdout" '[ ! -s "$TMP/out" ]'
    check "run $file: no results written" \
        '[ ! -e "$TMP/res" ] || [ -z "$(ls -A "$TMP/res")" ]'
    [ "$only" = run-only ] || expect_status "check $file" 3 "$CXSIM" check "$path"
done <"$DIR/EXPECT"

# The sandbox held: nothing escaped to the file system.
check "no file written by a hostile input" '[ ! -e /tmp/cxsim-pwned ]'

testlib_finish
