#!/bin/sh
# The bad-input corpus (tests/data/bad, listed in its EXPECT file): every
# input gets exit status 3, one message naming the file, the line and what
# is wrong, nothing on stdout, and no results file, from both `run --out`
# and `check`. A file in the directory but not in EXPECT fails the test,
# so the corpus and its expectations stay in step. tests/data/bad/csv and
# tests/data/bad/report (damaged results files for `cxsim report`) have
# EXPECT files of their own.
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

# The bad CSV files, as calibration targets (every CSV input is read by the
# same table reader): exit 3, FILE:LINE and what is wrong, nothing written.
CSVDIR="$SRC/tests/data/bad/csv"
for path in "$CSVDIR"/*.csv; do
    grep -q "^$(basename "$path")$TAB" "$CSVDIR/EXPECT" ||
        ko "$(basename "$path") is in tests/data/bad/csv but not in its EXPECT"
done
while IFS="$TAB" read -r file line what; do
    case "$file" in '#'*|'') continue ;; esac
    path="$CSVDIR/$file"
    rm -rf "$TMP/res"
    expect_status "targets $file" 3 "$CXSIM" calibrate "$SRC/tests/data/compare/quick.lua" \
        --targets "$path" --param "segment.*.churn=0.01:0.05" --reps 2 --quiet --out "$TMP/res"
    msg=$(cat "$TMP/err")
    case "$msg" in
        "cxsim: $path:$line: "*"$what"*) ok "targets $file: names line $line and says '$what'" ;;
        *) ko "targets $file: message '$msg' lacks '$path:$line: ... $what'" ;;
    esac
    check "targets $file: no results written" \
        '[ ! -e "$TMP/res" ] || [ -z "$(ls -A "$TMP/res")" ]'
done <"$CSVDIR/EXPECT"

# The report's bad inputs: each file replaces one in a copy of a good results
# directory; exit 3 naming DIR/FILE:LINE (DIR/FILE where EXPECT's LINE is
# -) and what is wrong, and no page.
REPDIR="$SRC/tests/data/bad/report"
for path in "$REPDIR"/*.json "$REPDIR"/*.csv; do
    grep -q "^$(basename "$path")$TAB" "$REPDIR/EXPECT" ||
        ko "$(basename "$path") is in tests/data/bad/report but not in its EXPECT"
done
while IFS="$TAB" read -r file as line what; do
    case "$file" in '#'*|'') continue ;; esac
    rm -rf "$TMP/dir" "$TMP/page.html"
    cp -r "$SRC/tests/data/report/run" "$TMP/dir" && chmod -R u+w "$TMP/dir"
    cp "$REPDIR/$file" "$TMP/dir/$as"
    expect_status "report with $file as $as" 3 "$CXSIM" report "$TMP/dir" -o "$TMP/page.html"
    msg=$(cat "$TMP/err")
    where="$as:$line"
    [ "$line" = - ] && where=$as     # no line: the message names the member
    case "$msg" in
        "cxsim: $TMP/dir/$where: "*"$what"*) ok "report $file: names $where, says '$what'" ;;
        *) ko "report $file: message '$msg' lacks '$where: ... $what'" ;;
    esac
    check "report $file: no page written" '[ ! -e "$TMP/page.html" ]'
done <"$REPDIR/EXPECT"

# Non-finite values through --set are usage errors naming the parameter:
# not numbers, by the one rule of every number cxsim reads.
for v in nan inf -inf; do
    expect_status "--set margin=$v" 2 "$CXSIM" run "$SRC/tests/data/compare/quick.lua" \
        --reps 1 --quiet --set "segment.*.margin=$v"
    check "--set margin=$v: names the parameter" \
        'grep -q "margin: .$v. is not a number" "$TMP/err"'
done

# The sandbox held: nothing escaped to the file system.
check "no file written by a hostile input" '[ ! -e /tmp/cxsim-pwned ]'

testlib_finish
