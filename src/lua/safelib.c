/* safelib.c - the library functions a sandboxed scenario gets in place of
 * the stock ones. The count hook only runs between VM instructions, so a
 * single library call that loops long in C is out of its reach (and of the
 * time limit's): each wrapper here bounds such a loop, or refuses what
 * would escape the sandbox. Each keeps the stock function as upvalue 1.
 *
 * Not bounded (docs/scenarios.md "Residual risks"): the pattern matcher's
 * backtracking on short subjects (string.find(("a"):rep(40),
 * ".-.-.-.-.-.-b") takes O(n^k) steps for k quantifiers), which only a
 * matcher of our own could count.
 */
#include "loader.h"

#include <stdint.h>

#include <lauxlib.h>
#include <lualib.h>

/* Longest subject the pattern functions accept: the matcher's work grows
 * with the subject, out of the hook's reach. Scenarios match names and
 * short labels; a megabyte is far more than they need. */
#define SUBJECT_MAX ((size_t)1 << 20)

/* Elements table.move may copy, and how far the length table.insert and
 * table.remove see (through __len) may exceed the table's raw length:
 * beyond these the stock loops run over absent elements for nothing. The
 * memory budget caps real tables at about 2^24 elements anyway. */
#define MOVE_MAX ((lua_Integer)1 << 24)
#define LEN_SLACK ((lua_Integer)1 << 16)

/* Calls the stock function (upvalue 1) with the arguments as they are. */
static int call_stock(lua_State *L)
{
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* setmetatable refusing __gc: Lua runs finalizers with hooks off
 * (lgc.c GCTM), so a looping __gc would escape the instruction budget.
 * Lua marks an object for finalization only if its metatable has the
 * field when set, so checking here is enough. */
static int setmetatable_no_gc(lua_State *L)
{
    lua_settop(L, 2);
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return cx_lua_error(L, NULL, "setmetatable: __gc metamethods are not "
                                "allowed in scenarios");
        lua_pop(L, 1);
    }
    return call_stock(L);
}

/* string.rep of empty strings returns at once: the stock one loops n
 * times copying nothing. Otherwise its loop is bounded by the memory
 * budget, which refuses the result buffer first. */
static int rep_bounded(lua_State *L)
{
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    lua_settop(L, 3);
    return call_stock(L);
}

/* find, match, gmatch, gsub: refuse subjects over SUBJECT_MAX, except a
 * plain find (4th argument true), which is linear. */
static int pattern_bounded(lua_State *L)
{
    size_t l;
    luaL_checklstring(L, 1, &l);
    if (l > SUBJECT_MAX && !lua_toboolean(L, 4))
        return cx_lua_error(L, NULL, "string patterns: subject of %zu bytes, at most %zu "
                            "in scenarios", l, SUBJECT_MAX);
    return call_stock(L);
}

/* table.move(a1, f, e, t [, a2]): at most MOVE_MAX elements, or as many as
 * a1 really holds. */
static int move_bounded(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    if (e >= f) {
        lua_Unsigned last = (lua_Unsigned)e - (lua_Unsigned)f;     /* count - 1, exact */
        if (last >= (lua_Unsigned)MOVE_MAX && last >= (lua_Unsigned)lua_rawlen(L, 1))
            return cx_lua_error(L, NULL, "table.move: %llu elements, at most %lld in "
                                "scenarios", (unsigned long long)last + 1,
                                (long long)MOVE_MAX);
    }
    return call_stock(L);
}

/* table.insert and table.remove shift the elements up to #t, which __len
 * may make as large as it likes: refuse a length far past the real one. */
static int shift_bounded(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    if (n > (lua_Integer)lua_rawlen(L, 1) + LEN_SLACK)
        return cx_lua_error(L, NULL, "table.insert/remove: #t is %lld, far past the "
                            "%llu elements the table holds", (long long)n,
                            (unsigned long long)lua_rawlen(L, 1));
    return call_stock(L);
}

/* Replaces field name of the table on top by f with the old value as
 * upvalue. */
static void wrap(lua_State *L, const char *name, lua_CFunction f)
{
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, -2, name);
}

/* Sets the fields of the table on top named in names to nil. */
static void drop(lua_State *L, const char *const *names)
{
    for (; *names; names++) {
        lua_pushnil(L);
        lua_setfield(L, -2, *names);
    }
}

void cx_lua_safelib_open(lua_State *L)
{
    static const char *const base_drop[] = {"dofile", "loadfile", NULL};
    static const char *const string_drop[] = {"dump", NULL};   /* binary chunks */
    static const char *const patterns[] = {"find", "match", "gmatch", "gsub", NULL};
    drop(L, base_drop);
    wrap(L, "setmetatable", setmetatable_no_gc);
    lua_getfield(L, -1, LUA_STRLIBNAME);
    drop(L, string_drop);
    wrap(L, "rep", rep_bounded);
    for (const char *const *p = patterns; *p; p++)
        wrap(L, *p, pattern_bounded);
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_TABLIBNAME);
    wrap(L, "move", move_bounded);
    wrap(L, "insert", shift_bounded);
    wrap(L, "remove", shift_bounded);
    lua_pop(L, 1);
}
