# src/lua/module.mk - the Lua module `cxsim` (docs/lua-module.md):
# `require "cxsim"` in the stock lua5.4 interpreter. Included from
# Makefile.am with `include src/lua/module.mk`.
#
# A libtool module (cxsim.so, no version suffix, no lib prefix) installed
# where Debian's lua5.4 looks for C modules under the prefix:
# $(libdir)/lua/5.4 (/usr/local/lib/lua/5.4 with the default prefix).
# It links libcxsim but does not add liblua itself: the interpreter that
# loads it provides the Lua API. (libcxsim's own liblua5.4.so dependency is
# loaded too, but Debian's lua5.4 exports the same versioned LUA_5.4
# symbols, and the executable's come first in symbol lookup, so one copy
# of the Lua runtime serves the whole process.) Only luaopen_cxsim is
# exported.
luacdir = $(libdir)/lua/5.4
luac_LTLIBRARIES = cxsim.la
cxsim_la_SOURCES = \
	src/lua/module.h \
	src/lua/module.c \
	src/lua/lcall.c \
	src/lua/lmodel.c \
	src/lua/lresult.c \
	src/lua/luncertainty.c \
	src/lua/lanalysis.c \
	src/lua/ladhoc.c
cxsim_la_LDFLAGS = -module -avoid-version -shared \
	-export-symbols-regex '^luaopen_cxsim$$' $(SAN_CFLAGS)
cxsim_la_LIBADD = libcxsim.la $(GSL_LIBS)

# End-to-end: the stock lua5.4 loads the module from the build tree.
TESTS += tests/cli/lua_module_test.sh
