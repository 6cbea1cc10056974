#!/bin/sh
# tests/cli/symbols_test.sh - every symbol libcxsim exports starts with cx_
# (house style point 1, docs/architecture.md, as GSL's HACKING checks with nm).
set -u
BUILD=${CX_BUILDDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
LIB="$BUILD/.libs/libcxsim.so"
if [ ! -f "$LIB" ]; then
    echo "no shared library at $LIB"
    echo "0 passed, 1 failed"
    exit 1
fi
# AddressSanitizer adds an __odr_asan.NAME indicator beside each exported
# global NAME (-fsanitize=address): it is the sanitizer's, named after ours.
bad=$(nm -D --defined-only "$LIB" | awk '$2 ~ /^[TDBR]$/ {print $3}' |
      grep -v '^cx_' | grep -v '^__odr_asan\.cx_' || true)
count=$(nm -D --defined-only "$LIB" | awk '$2 ~ /^[TDBR]$/' | wc -l)
if [ -z "$bad" ]; then
    echo "ok - all $count exported symbols start with cx_"
    echo "1 passed, 0 failed"
else
    echo "not ok - exported symbols without the cx_ prefix:"
    echo "$bad" | sed 's/^/    /'
    echo "0 passed, 1 failed"
    exit 1
fi
