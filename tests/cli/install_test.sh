#!/bin/sh
# tests/cli/install_test.sh - `make install` into a staging directory
# (DESTDIR): every file a user needs is there (the binary, the library and
# its headers, the pkg-config file, the man page, the Lua module, the
# scenario library); a C program builds against the installed headers
# through pkg-config and runs; the installed cxsim runs an installed
# scenario, and a scenario of the user's that requires a library module,
# from another directory; the installed Lua module loads in lua5.4; and
# `make uninstall` leaves no file behind. Prints "N passed, N failed" last.
set -u

. "$(dirname "$0")/testlib.sh"

# The make that runs this test must not hand its job server down.
unset MAKEFLAGS MFLAGS MAKELEVEL
DEST="$TMP/dest"
if ! make -s -C "$BUILD" install DESTDIR="$DEST" >"$TMP/install.log" 2>&1; then
    ko "make install DESTDIR=..."
    tail -n 20 "$TMP/install.log" | sed 's/^/    /'
    testlib_finish
    exit 1
fi
ok "make install DESTDIR=..."

# The directories as configured (make expands ${prefix} and the rest).
dir_of() {
    printf 'cx-print-dir:\n\t@echo $(%s)\n' "$1" |
        make -s -C "$BUILD" -f Makefile -f - cx-print-dir 2>/dev/null
}
BIN="$DEST$(dir_of bindir)"
LIB="$DEST$(dir_of libdir)"
INC="$DEST$(dir_of includedir)"
MAN="$DEST$(dir_of mandir)"
DATA="$DEST$(dir_of pkgdatadir)"
PREFIX="$(dir_of prefix)"
check "the configured directories are known" "[ -n '$PREFIX' ] && [ '$BIN' != '$DEST' ]"

# --- the files -----------------------------------------------------------------------
check "bin/cxsim" "[ -x '$BIN/cxsim' ]"
check "lib/libcxsim.so" "[ -e '$LIB/libcxsim.so' ] && ls '$LIB'/libcxsim.so.* >/dev/null 2>&1"
check "lib/libcxsim.la" "[ -f '$LIB/libcxsim.la' ]"
check "include/cxsim.h" "[ -f '$INC/cxsim.h' ]"
missing=""
for h in "$SRC"/include/cxsim/*.h; do
    [ -f "$INC/cxsim/$(basename "$h")" ] || missing="$missing $(basename "$h")"
done
check "every public header in include/cxsim/ ($(ls "$SRC"/include/cxsim/*.h | wc -l))" "[ -z '$missing' ]"
[ -n "$missing" ] && echo "    missing:$missing"
missing=""
for h in "$SRC"/include/cxsim/*.h; do
    grep -q "^#include \"cxsim/$(basename "$h")\"" "$INC/cxsim.h" || missing="$missing $(basename "$h")"
done
check "cxsim.h includes every public header" "[ -z '$missing' ]"
[ -n "$missing" ] && echo "    not included:$missing"
check "lib/pkgconfig/cxsim.pc" "[ -f '$LIB/pkgconfig/cxsim.pc' ]"
check "share/man/man1/cxsim.1" "[ -f '$MAN/man1/cxsim.1' ]"
check "the Lua module lib/lua/5.4/cxsim.so" "[ -f '$LIB/lua/5.4/cxsim.so' ]"
check "every shipped scenario" \
    "[ \$(ls '$DATA'/scenarios/*.lua | wc -l) -eq \$(ls '$SRC'/scenarios/*.lua | wc -l) ]"
check "the scenario library (scenarios/lib)" \
    "[ \$(ls '$DATA'/scenarios/lib/*.lua | wc -l) -eq \$(ls '$SRC'/scenarios/lib/*.lua | wc -l) ]"
check "the installed man page renders" \
    "MANPAGER=cat man -l '$MAN/man1/cxsim.1' 2>/dev/null | grep -q 'cxsim - simulate' || ! command -v man >/dev/null"

# --- a C program against the installed headers, through pkg-config ----------------
cat >"$TMP/prog.c" <<'EOF'
#include <stdio.h>
#include <string.h>

#include <cxsim.h>

int main(int argc, char **argv)
{
    cx_model *m = NULL;
    cx_error err;
    if (argc < 2 || cx_scenario_load(argv[1], &m, &err) != CX_OK) {
        fprintf(stderr, "%s\n", argc < 2 ? "usage: prog SCENARIO" : err.msg);
        return 1;
    }
    char hint[64];
    const char *const keys[] = {"friction", "abandon"};
    cx_suggest_hint("frcition", keys, 2, hint, sizeof hint);
    printf("%s %zu %s%s\n", m->name, m->n_segments, cx_metric_name(CX_M_NPS), hint);
    cx_model_free(m);
    return 0;
}
EOF
PC="pkg-config --define-variable=prefix=$DEST$PREFIX"
# A sanitizer build's library needs the sanitizer runtime loaded first: a
# program is then built with the same flags, and the stock lua5.4 (built
# without it) cannot load the module at all.
SAN_FLAGS=""
if ldd "$LIB/libcxsim.so" 2>/dev/null | grep -q 'libasan\|libubsan'; then
    SAN_FLAGS="-fsanitize=address,undefined"
fi
export PKG_CONFIG_PATH="$LIB/pkgconfig"
CFLAGS_PC=$($PC --cflags cxsim 2>"$TMP/pc.err")
LIBS_PC=$($PC --libs cxsim 2>>"$TMP/pc.err")
check "pkg-config knows cxsim" "[ ! -s '$TMP/pc.err' ] && echo '$LIBS_PC' | grep -q -- '-lcxsim'"
check "pkg-config --cflags points at the installed headers" "echo '$CFLAGS_PC' | grep -qF -- '-I$INC'"
# the installed headers alone: no -I into the source tree
${CC:-cc} -std=c11 -Wall -Werror $SAN_FLAGS $CFLAGS_PC "$TMP/prog.c" -o "$TMP/prog" $LIBS_PC \
    2>"$TMP/cc.err"
check "a C program compiles and links against the installed library" "[ -x '$TMP/prog' ]"
# (libasan's own link-time notes about tmpnam are not ours)
grep -v 'libasan.*dangerous' "$TMP/cc.err" | sed 's/^/    /'
LD_LIBRARY_PATH="$LIB" "$TMP/prog" "$DATA/scenarios/beanbox.lua" >"$TMP/prog.out" 2>&1
check "... and runs: loads an installed scenario" \
    "[ \"\$(cat '$TMP/prog.out')\" = \"Bean Box subscription 2 nps; did you mean 'friction'?\" ]"

# --- the installed binary, from anywhere -----------------------------------------
mkdir -p "$TMP/elsewhere"
cd "$TMP/elsewhere" || exit 1
export LD_LIBRARY_PATH="$LIB"
expect_status "installed cxsim --version" 0 "$BIN/cxsim" --version
check "... says its version" "grep -q '^cxsim [0-9]' '$TMP/out'"
# checkout_quick_wins.lua requires "retail" from scenarios/lib beside it
expect_status "installed cxsim runs an installed scenario that requires a module" 0 \
    "$BIN/cxsim" run "$DATA/scenarios/checkout_quick_wins.lua" --set scenario.population=1000 \
    --reps 2 --quiet --out "$TMP/elsewhere/r"
check "... and writes its results" "[ -f '$TMP/elsewhere/r/summary.csv' ] && [ -f '$TMP/elsewhere/r/run.json' ]"
# a scenario of the user's, far from any lib/, finds the installed library
sed -n 's/^\(local [a-z_]* = require "retail"\).*/\1/p' "$SRC/scenarios/checkout_quick_wins.lua" | head -n 1 \
    >"$TMP/elsewhere/mine.lua"
cat >>"$TMP/elsewhere/mine.lua" <<'EOF'
scenario { name = "mine", horizon = 2, population = 500, reps = 2 }
segment "all" { share = 1, margin = 10 }
journey "buy" { touchpoint "t" { friction = 0.1 } }
EOF
check "the user's scenario requires the library" "grep -q 'require \"retail\"' '$TMP/elsewhere/mine.lua'"
expect_status "installed cxsim: a user's scenario requires the installed library" 0 \
    "$BIN/cxsim" check mine.lua
expect_status "installed cxsim help run" 0 "$BIN/cxsim" help run

# --- the Lua module -----------------------------------------------------------------
if [ -n "$SAN_FLAGS" ]; then
    echo "skip - the Lua module: a sanitizer build cannot be loaded into the stock lua5.4"
elif command -v lua5.4 >/dev/null 2>&1; then
    LUA_CPATH="$LIB/lua/5.4/?.so;;" lua5.4 -e "
        local cx = require 'cxsim'
        local m = cx.load('$DATA/scenarios/beanbox.lua')
        m:set('scenario.population', 500)
        local r = cx.run(m, { reps = 2, seed = 1, threads = 1 })
        local nps = r:summary().baseline.nps
        assert(nps.mean == nps.mean, 'nps is NaN')
        print('lua ok')" >"$TMP/lua.out" 2>&1
    check "the installed Lua module loads, loads a scenario and runs it" "grep -q '^lua ok\$' '$TMP/lua.out'"
    sed 's/^/    /' "$TMP/lua.out" | grep -v 'lua ok'
fi

# --- uninstall ------------------------------------------------------------------------
cd "$TMP" || exit 1
make -s -C "$BUILD" uninstall DESTDIR="$DEST" >"$TMP/uninstall.log" 2>&1
check "make uninstall" "[ \$? -eq 0 ]"
check "make uninstall leaves no file behind" "[ -z \"\$(find '$DEST' -type f -o -type l)\" ]"
find "$DEST" -type f -o -type l | head -n 10 | sed 's/^/    left: /'

testlib_finish
