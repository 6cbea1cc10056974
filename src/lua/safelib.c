/* safelib.c - the library functions a sandboxed scenario gets in place of
 * the stock ones. The count hook only runs between VM instructions, so a
 * single library call that loops long in C is out of its reach (and of the
 * time limit's): each wrapper here bounds such a loop, or refuses what
 * would escape the sandbox. Each keeps the stock function as upvalue 1.
 *
 * The pattern matcher backtracks, inside one C call that neither the hook
 * nor the watchdog can stop (it calls no function): the wrappers bound its
 * worst case before calling it (pattern_log10_steps: the backtracking
 * tree's nodes times the work of each, counting the %b items and
 * back-references that scan the subject, and the classes' lengths) and
 * refuse a call whose bound exceeds PATTERN_STEPS, so that
 * string.find(("a"):rep(300), ".-.-.-.-.-b") fails at once instead of
 * running for years inside C, and any call that runs ends within about a
 * second (docs/reliability.md, "The sandbox").
 */
#include "safelib.h"
#include "loader.h"
#include "budget.h"
#include "lerror.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lualib.h>

/* Longest subject the pattern functions accept: the matcher's work grows
 * with the subject, out of the hook's reach. Scenarios match names and
 * short labels; a megabyte is far more than they need. */
#define SUBJECT_MAX ((size_t)1 << 20)

/* Worst-case matcher steps a call may take. The matcher calls no function
 * the hook or the watchdog could stop it in, so this bounds how long one
 * call can overrun the time limit: at most about a second measured
 * (docs/reliability.md, "The sandbox"). */
#define PATTERN_STEPS 1e9

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
    /* A result larger than what is left of the memory budget would fail
     * in the allocator, with no line to report: say so here, positioned. */
    cx_lua_loader *ld = cx_lua_loader_of(L);
    lua_Integer n = lua_tointeger(L, 2);
    cx_lua_budget_charge(L, 1);                /* gsub(s, p, string.rep): no hook */
    double size = n > 0 ? (double)n * (double)(l + lsep) : 0;
    if (!ld->opts.unsafe && size > (double)(ld->mem_cap - ld->mem_used))
        return cx_lua_error(L, NULL, "string.rep: a result of %.0f bytes exceeds the "
                            "script's memory budget (%zu bytes)", size, ld->mem_cap);
    lua_settop(L, 3);
    return call_stock(L);
}

/* End of the single-character class starting at p (a char, %x, [set]). */
static const char *class_end(const char *p, const char *end)
{
    if (*p == '%')
        return p + 2 <= end ? p + 2 : end;
    if (*p != '[')
        return p + 1;
    p++;
    if (p < end && *p == '^')
        p++;
    do {                        /* a ']' right after '[' or '[^' is literal */
        if (p < end && *p == '%')
            p++;
        p++;
    } while (p < end && *p != ']');
    return p < end ? p + 1 : end;
}

/* What a pattern's worst case depends on (see the top of this file). */
typedef struct pattern_shape {
    int q;              /* quantified items: *, +, - or ? after a class */
    int b, r;           /* %bxy items and back-references %1..%9: each scans the subject */
    size_t c;           /* longest class ([set]), at least 1: the cost of one comparison */
    int anchored;       /* '^' first (not for gmatch, where it is a literal) */
} pattern_shape;

/* '^' is an anchor only as the first character (and not in gmatch) and '$'
 * only as the last: anywhere else each is a literal character, which
 * takes a quantifier like any other ("x^-^-b"). */
static void pattern_shape_of(const char *p, size_t len, int gmatch, pattern_shape *sh)
{
    const char *end = p + len;
    *sh = (pattern_shape){.c = 1};
    if (!gmatch && p < end && *p == '^') {
        sh->anchored = 1;
        p++;
    }
    while (p < end) {
        const char *e;
        if (*p == '(' || *p == ')' || (*p == '$' && p + 1 == end)) {
            p++;
            continue;
        }
        if (*p == '%' && p + 1 < end && p[1] == 'b') {
            sh->b++;
            p += 4;
            continue;
        }
        if (*p == '%' && p + 1 < end && p[1] >= '0' && p[1] <= '9') {
            sh->r++;
            p += 2;
            continue;
        }
        int frontier = *p == '%' && p + 1 < end && p[1] == 'f';
        e = class_end(frontier ? p + 2 : p, end);
        if ((size_t)(e - p) > sh->c)
            sh->c = (size_t)(e - p);
        p = e;
        if (!frontier && p < end && (*p == '*' || *p == '+' || *p == '-' || *p == '?')) {
            sh->q++;
            p++;
        }
    }
}

/* log10 of C(a, k) */
static double log10_choose(double a, double k)
{
    return (lgamma(a + 1) - lgamma(k + 1) - lgamma(a - k + 1)) / log(10);
}

/* log10 of the worst-case steps of one call on a subject of n bytes with a
 * pattern of m bytes: the matcher's backtracking tree has at most
 * C(n + q + 1, q) nodes from one start (the lengths the quantified items
 * take add up to at most n), C(n + q + 2, q + 1) over every start; each
 * node walks the items up to the next quantifier (at most m comparisons
 * of at most c each, counted in m, plus n for each %b and back-reference)
 * and pays c for the comparison that made it. A find that stops at its
 * first match, gmatch's iterations and gsub's replacements stay within it
 * (each start is tried once); gsub's copying of replacements is bounded by
 * the memory budget. */
static double pattern_log10_steps(double n, double m, const pattern_shape *sh)
{
    double q = sh->q;
    double nodes = sh->anchored ? log10_choose(n + q + 1, q) : log10_choose(n + q + 2, q + 1);
    double work = m + (double)sh->c + 1 + (sh->b + sh->r) * (n + 1);
    return nodes + log10(work);
}

/* find, match, gmatch, gsub: refuse subjects over SUBJECT_MAX, and calls
 * whose worst case exceeds PATTERN_STEPS; a plain find (4th argument true)
 * is linear and always allowed. Upvalue 2 is the function: 0 find (whose
 * 4th argument alone means "plain": gsub's is a count, match and gmatch
 * ignore it), 1 match, 2 gmatch, 3 gsub. Each call reads the clock: a
 * loop of calls that each run a second in C would otherwise run about
 * CX_LUA_HOOK_EVERY of them between two hooks. */
static int pattern_bounded(lua_State *L)
{
    size_t l, pl;
    luaL_checklstring(L, 1, &l);
    const char *pat = luaL_checklstring(L, 2, &pl);
    lua_Integer fn = lua_tointeger(L, lua_upvalueindex(2));
    cx_lua_budget_charge(L, 1);
    if (fn == 0 && lua_toboolean(L, 4))
        return call_stock(L);
    if (l > SUBJECT_MAX)
        return cx_lua_error(L, NULL, "string patterns: subject of %zu bytes, at most %zu "
                            "in scenarios", l, SUBJECT_MAX);
    pattern_shape sh;
    pattern_shape_of(pat, pl, fn == 2, &sh);
    double steps = pattern_log10_steps((double)l, (double)pl, &sh);
    if (steps > log10(PATTERN_STEPS))
        return cx_lua_error(L, NULL, "string patterns: '%s' (%zu bytes) has %d "
                            "quantifiers; on a subject of %zu bytes it could take %.0e "
                            "steps (at most %.0e in scenarios); use a shorter pattern, "
                            "fewer quantifiers or a shorter subject",
                            pl > 40 ? "(long pattern)" : pat, pl, sh.q, l, pow(10, steps),
                            PATTERN_STEPS);
    return call_stock(L);
}

/* Elements a table function handles between two charges. A lookup in C
 * costs no instruction the hook could count, and one through a chain of
 * __index tables (up to 2,000 deep, no function called) costs thousands
 * of them: the stock functions are called on ranges of CHUNK elements,
 * each charged a step (and so a look at the clock). */
#define CHUNK ((lua_Integer)1024)

/* Charges a step, then calls the stock function (upvalue 1) with the
 * value at a1, i and j, for nres results. */
static void call_range(lua_State *L, int a1, lua_Integer i, lua_Integer j, int nres)
{
    cx_lua_budget_charge(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, a1);
    lua_pushinteger(L, i);
    lua_pushinteger(L, j);
    lua_call(L, 3, nres);
}

/* table.move(a1, f, e, t [, a2]): at most MOVE_MAX elements, or as many as
 * a1 really holds, moved CHUNK at a time, in the order the stock move
 * would (backwards when the ranges overlap with t above f). */
static int move_bounded(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
    lua_Integer t = luaL_checkinteger(L, 4);
    int tt = lua_isnoneornil(L, 5) ? 1 : 5;
    if (e < f || lua_isnone(L, 4))
        return call_stock(L);
    lua_Unsigned last = (lua_Unsigned)e - (lua_Unsigned)f;     /* count - 1, exact */
    if (last >= (lua_Unsigned)MOVE_MAX && last >= (lua_Unsigned)lua_rawlen(L, 1))
        return cx_lua_error(L, NULL, "table.move: %llu elements, at most %lld in "
                            "scenarios", (unsigned long long)last + 1,
                            (long long)MOVE_MAX);
    /* the stock checks, made once for the whole range */
    luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
    luaL_argcheck(L, t <= LUA_MAXINTEGER - (lua_Integer)last, 4, "destination wrap around");
    if (tt == 5)
        luaL_checktype(L, 5, LUA_TTABLE);
    int backward = t > f && t <= e && (tt == 1 || lua_rawequal(L, 1, tt));
    for (lua_Unsigned done = 0; done <= last; done += (lua_Unsigned)CHUNK) {
        lua_Unsigned left = last - done;        /* elements left - 1 */
        lua_Integer k = left < (lua_Unsigned)CHUNK ? (lua_Integer)left + 1 : CHUNK;
        /* forwards: the first k left; backwards: the last k left */
        lua_Integer from = backward ? (lua_Integer)((lua_Unsigned)e - done) - k + 1
                                    : (lua_Integer)((lua_Unsigned)f + done);
        lua_Integer to = (lua_Integer)((lua_Unsigned)t + ((lua_Unsigned)from - (lua_Unsigned)f));
        cx_lua_budget_charge(L, 1);
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_pushvalue(L, 1);
        lua_pushinteger(L, from);
        lua_pushinteger(L, from + k - 1);
        lua_pushinteger(L, to);
        lua_pushvalue(L, tt);
        lua_call(L, 5, 0);
        if (left < (lua_Unsigned)CHUNK)
            break;
    }
    lua_pushvalue(L, tt);
    return 1;
}

/* table.concat(list [, sep [, i [, j]]]): at most MOVE_MAX elements, or
 * as many as list really holds; list may be any value with __index and
 * __len (a string, through the shared string metatable), whose length
 * says nothing. Concatenated CHUNK elements at a time, the pieces then
 * joined with sep. */
static int concat_bounded(lua_State *L)
{
    luaL_optlstring(L, 2, "", NULL);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    lua_Integer j = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
    if (j < i || (lua_Unsigned)j - (lua_Unsigned)i < (lua_Unsigned)CHUNK)
        return call_stock(L);
    lua_Unsigned last = (lua_Unsigned)j - (lua_Unsigned)i;
    size_t raw = lua_type(L, 1) == LUA_TTABLE ? lua_rawlen(L, 1) : 0;
    if (last >= (lua_Unsigned)MOVE_MAX && last >= (lua_Unsigned)raw)
        return cx_lua_error(L, NULL, "table.concat: %llu elements, at most %lld in "
                            "scenarios", (unsigned long long)last + 1,
                            (long long)MOVE_MAX);
    lua_settop(L, 2);
    if (lua_isnil(L, 2)) {
        lua_pushliteral(L, "");
        lua_replace(L, 2);
    }
    lua_newtable(L);                            /* 3: the pieces */
    lua_Integer n = 0;
    for (lua_Integer a = i;; a += CHUNK) {
        lua_Integer b = j - a < CHUNK ? j : a + CHUNK - 1;
        cx_lua_budget_charge(L, 1);
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 2);
        lua_pushinteger(L, a);
        lua_pushinteger(L, b);
        lua_call(L, 4, 1);
        lua_rawseti(L, 3, ++n);
        if (b == j)
            break;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 2);
    lua_call(L, 2, 1);
    return 1;
}

/* table.unpack(list [, i [, j]]): as the stock one, CHUNK elements at a
 * time (at most about a million fit on the stack anyway). */
static int unpack_bounded(lua_State *L)
{
    lua_Integer i = luaL_optinteger(L, 2, 1);
    lua_Integer j = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
    if (j < i || (lua_Unsigned)j - (lua_Unsigned)i < (lua_Unsigned)CHUNK)
        return call_stock(L);
    lua_Unsigned n = (lua_Unsigned)j - (lua_Unsigned)i;
    if (n >= (lua_Unsigned)INT_MAX || !lua_checkstack(L, (int)(++n) + 8))
        return luaL_error(L, "too many results to unpack");
    lua_settop(L, 1);
    for (lua_Integer a = i;; a += CHUNK) {
        lua_Integer b = j - a < CHUNK ? j : a + CHUNK - 1;
        call_range(L, 1, a, b, LUA_MULTRET);
        if (b == j)
            break;
    }
    return (int)n;
}

/* xpcall(f, msgh, ...) with msgh behind cx_lua_budget_msgh_guard. */
static int xpcall_guarded(lua_State *L)
{
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, cx_lua_budget_msgh_guard, 1);
    lua_replace(L, 2);
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

/* The comparator sort_bounded hands the stock sort: counts a step (and
 * reads the clock), then compares as the stock sort does (upvalue 1 nil)
 * or calls the script's comparator (upvalue 1). */
static int sort_less(lua_State *L)
{
    cx_lua_budget_charge(L, 1);
    if (lua_isnil(L, lua_upvalueindex(1))) {
        lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));     /* comp below a and b */
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

/* table.sort(t [, comp]): the stock sort compares in C with no hook in
 * between, and one comparison of two long strings (strcoll) or one call
 * of a C comparator (rawequal) can take milliseconds: a million of them
 * ran for hours. Every comparison goes through sort_less instead. */
static int sort_bounded(lua_State *L)
{
    if (!lua_isnoneornil(L, 2))
        luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    lua_pushcclosure(L, sort_less, 1);          /* comp (or nil) as its upvalue */
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
    wrap(L, "xpcall", xpcall_guarded);
    lua_getfield(L, -1, LUA_STRLIBNAME);
    drop(L, string_drop);
    wrap(L, "rep", rep_bounded);
    for (const char *const *p = patterns; *p; p++) {
        lua_getfield(L, -1, *p);                /* the stock function */
        lua_pushinteger(L, p - patterns);       /* which: find, match, gmatch, gsub */
        lua_pushcclosure(L, pattern_bounded, 2);
        lua_setfield(L, -2, *p);
    }
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_TABLIBNAME);
    wrap(L, "move", move_bounded);
    wrap(L, "concat", concat_bounded);
    wrap(L, "unpack", unpack_bounded);
    wrap(L, "insert", shift_bounded);
    wrap(L, "remove", shift_bounded);
    wrap(L, "sort", sort_bounded);
    lua_pop(L, 1);
}
