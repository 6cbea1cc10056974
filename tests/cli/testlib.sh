# tests/cli/testlib.sh - the harness the CLI test scripts share (sourced,
# not run): paths of the source and build trees, a scratch directory
# removed on exit, and TAP-like ok/not ok lines counted for the closing
# "N passed, N failed" line (testlib_finish).

SRC=${CX_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${CX_BUILDDIR:-$SRC}
CXSIM="$BUILD/cxsim"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# CX_VALGRIND=1: every cxsim the script runs runs under valgrind memcheck;
# any error or leak makes it exit 99, which no test expects, so the test
# fails. (The binary itself, not libtool's wrapper script.)
if [ -n "${CX_VALGRIND:-}" ]; then
    real="$CXSIM"
    if [ -x "$BUILD/.libs/cxsim" ]; then
        real="$BUILD/.libs/cxsim"
        LD_LIBRARY_PATH="$(cd "$BUILD/.libs" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        export LD_LIBRARY_PATH
    fi
    # absolute: tests run cxsim from other directories too
    real="$(cd "$(dirname "$real")" && pwd)/$(basename "$real")"
    printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "%s" "$@"\n' \
        "$real" >"$TMP/cxsim-valgrind"
    chmod +x "$TMP/cxsim-valgrind"
    CXSIM="$TMP/cxsim-valgrind"
fi

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
ko() { fail=$((fail + 1)); echo "not ok - $1"; }
check() { if eval "$2"; then ok "$1"; else ko "$1"; fi; }

# expect_status NAME STATUS CMD... : run CMD (stdout and stderr to $TMP/out
# and $TMP/err), compare its exit status
expect_status() {
    name=$1 want=$2
    shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$name (exit $got)"; else
        ko "$name: exit $got, wanted $want"; sed 's/^/    /' "$TMP/err"; fi
}

# The closing line, and the exit status: 1 on any failure.
testlib_finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
