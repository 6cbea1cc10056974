#!/bin/sh
# tests/cli/man_test.sh - the manual page docs/cxsim.1: it renders without
# a warning (groff -ww, and man -l as a reader would open it), it has the
# sections a man page needs, and it cannot drift from the built-in help:
# every verb of `cxsim --help` and every flag of `cxsim --help` and of
# `cxsim help VERB` must appear in the rendered page.
# Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"
PAGE="$SRC/docs/cxsim.1"

if ! command -v groff >/dev/null 2>&1; then
    echo "SKIP: groff is not installed (scripts/bootstrap installs groff-base)"
    exit 77
fi

LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$PAGE" 2>"$TMP/groff.err"
check "groff -man -ww renders it without warnings" "[ \$? -eq 0 ] && [ ! -s '$TMP/groff.err' ]"
sed 's/^/    /' "$TMP/groff.err"
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$PAGE" >"$TMP/man.txt" 2>"$TMP/man.err"
    check "man -l renders it" "[ \$? -eq 0 ] && [ -s '$TMP/man.txt' ] && [ ! -s '$TMP/man.err' ]"
    check "man -l: the NAME line" "grep -q 'cxsim - simulate customers' '$TMP/man.txt'"
fi

# ASCII, without overstriking: flags read as typed
groff -man -Tascii -P-cbou "$PAGE" 2>/dev/null >"$TMP/page.txt"
for section in NAME SYNOPSIS DESCRIPTION VERBS OPTIONS "SCENARIO FILES" FILES ENVIRONMENT \
    "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    check "section $section" "grep -q '^$section\$' '$TMP/page.txt'"
done

"$CXSIM" --help >"$TMP/help.txt"
verbs=$(sed -n '/^verbs:/,/^$/p' "$TMP/help.txt" | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p; s/^  \([a-z][a-z]*\)$/\1/p')
check "the overview lists verbs" "[ -n '$verbs' ]"
for v in $verbs; do
    check "verb $v in the man page" "grep -qE '^ +$v( |\$)' '$TMP/page.txt'"
    [ "$v" = help ] && continue
    "$CXSIM" help "$v" >>"$TMP/help.txt" || ko "cxsim help $v"
done
for flag in $(grep -oE -- '--[a-z][a-z-]*[a-z]' "$TMP/help.txt" | sort -u); do
    check "flag $flag in the man page" "grep -qF -- '$flag' '$TMP/page.txt'"
done
# and the other way round: no flag in the page that cxsim does not know
# (but configure's --prefix)
known="--prefix"
for flag in $(grep -oE -- '--[a-z][a-z-]*[a-z]' "$TMP/page.txt" | sort -u); do
    case " $known " in *" $flag "*) continue ;; esac
    check "the page's $flag is in the help" "grep -qF -- '$flag' '$TMP/help.txt'"
done

testlib_finish
