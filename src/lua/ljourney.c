/* ljourney.c - the journey "name" { touchpoint ..., frequency = ... }
 * constructor. Its table lists touchpoint values (ltouchpoint.c) in
 * declaration order, in the array part, and may set in the hash part
 * frequency, how often customers make the journey (a number for every
 * segment or a table of segment = value with "*" for the unlisted ones),
 * start, where it starts (a table of touchpoint = probability), and once,
 * whether it is made in a customer's first period only (an onboarding).
 */
#include "loader.h"
#include "lerror.h"
#include "table.h"
#include "curry.h"
#include "constructors.h"
#include "ltouchpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/suggest.h"

/* Entries of a start table: a journey can start anywhere, but a table
 * longer than this is a mistake rather than a journey. */
#define CX_LUA_MAX_START 256

/* ---- the table's keys ------------------------------------------------------ */

/* Raises for a string key of the journey's table other than frequency. */
static void unknown_key(lua_State *L, const char *what, const char *key)
{
    cx_suggestion s;
    cx_suggest_init(&s, key);
    cx_suggest_add(&s, "frequency");
    cx_suggest_add(&s, "start");
    cx_suggest_add(&s, "once");
    if (s.best)
        cx_lua_error(L, what, "unknown key '%s'; did you mean '%s'?", key, s.best);
    cx_lua_error(L, what, "unknown key '%s'; a journey lists its touchpoints in "
                 "order and may set frequency, start and once", key);
}

/* A journey's table holds the touchpoints 1..n and frequency: any other key
 * is a mistake. Of several unknown string keys the alphabetically first is
 * reported, so that the message does not depend on hash order. */
static void check_keys(lua_State *L, const char *what, lua_Integer n)
{
    const char *first = NULL;   /* a key of the table, which keeps it alive */
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (lua_type(L, -2) == LUA_TSTRING) {
            const char *key = lua_tostring(L, -2);
            int known = strcmp(key, "frequency") == 0 || strcmp(key, "start") == 0 ||
                        strcmp(key, "once") == 0;
            if (!known && (!first || strcmp(key, first) < 0))
                first = key;
        } else if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1
                   || lua_tointeger(L, -2) > n) {
            lua_pushvalue(L, -2);   /* a copy: tostring would change the key */
            cx_lua_error(L, what, "unexpected key [%s]; a journey lists its "
                         "touchpoints in order", luaL_tolstring(L, -1, NULL));
        }
        lua_pop(L, 1);
    }
    if (first)
        unknown_key(L, what, first);
}

/* ---- frequency ----------------------------------------------------------------- */

/* What the frequency key asks for, read and checked before the journey is
 * added, so that an error (even one a pcall catches) leaves the model as
 * it was. by points into a userdata the caller keeps on the stack. */
typedef struct frequency {
    double all;                 /* segments not in by ("*", or the number) */
    cx_lua_entry *by;           /* segment = value, "*" excluded */
    size_t n_by;
} frequency;

static double check_frequency(lua_State *L, const char *what, const char *key, double v)
{
    if (!(v >= 0 && v <= 1))    /* NaN too */
        cx_lua_error(L, what, "%s must be in [0,1], got %.10g", key, v);
    return v;
}

/* frequency = { premium = 0.5, ["*"] = 0.05 } (the table on top). Leaves
 * the userdata holding f->by on top, above the table. */
static void read_frequency_table(lua_State *L, const char *what, frequency *f)
{
    char key[CX_NAME_MAX + 16];
    size_t n = cx_lua_count(L, -1);
    f->by = lua_newuserdatauv(L, (n ? n : 1) * sizeof *f->by, 0);
    n = cx_lua_read_entries(L, -2, what, "frequency", "segment = value", f->by, n);
    for (size_t i = 0; i < n; i++) {
        snprintf(key, sizeof key, "frequency.%s", f->by[i].name);
        double v = check_frequency(L, what, key, f->by[i].value);
        if (strcmp(f->by[i].name, "*") == 0)
            f->all = v;         /* no segment is named "*": names refuse it */
        else
            f->by[f->n_by++] = f->by[i];
    }
}

/* Reads the frequency key of the journey's table (index 1) into f. Leaves
 * one value on the stack, which keeps f->by alive until it is applied. */
static void read_frequency(lua_State *L, const char *what, frequency *f)
{
    f->all = 1;                 /* docs/model.md, "Several journeys and their
                                 * frequencies": the default 1 */
    f->by = NULL;
    f->n_by = 0;
    lua_pushliteral(L, "frequency");
    int type = lua_rawget(L, 1);
    if (type == LUA_TNUMBER)
        f->all = check_frequency(L, what, "frequency", lua_tonumber(L, -1));
    else if (type == LUA_TTABLE) {
        read_frequency_table(L, what, f);
        lua_remove(L, -2);      /* the frequency table; f->by stays */
    } else if (type != LUA_TNIL)
        cx_lua_error(L, what, "frequency must be a number or a table of "
                     "segment = value, got %s", luaL_typename(L, -1));
}

/* Sets f on the journey just added, the last of the model. Only running
 * out of memory can fail here; the journey is then taken out again, so the
 * model is as it was before the call. */
static void apply_frequency(lua_State *L, cx_model *m, const frequency *f)
{
    cx_journey *j = &m->journeys[m->n_journeys - 1];
    cx_error e;
    cx_status st = cx_journey_set_frequency(j, NULL, f->all, &e);
    for (size_t i = 0; st == CX_OK && i < f->n_by; i++)
        st = cx_journey_set_frequency(j, f->by[i].name, f->by[i].value, &e);
    if (st != CX_OK) {
        free(j->touchpoints);   /* the model owns them (model.h) */
        free(j->by_segment);
        m->n_journeys--;
        cx_lua_error_status(L, &e);
    }
}

/* ---- start and once --------------------------------------------------------- */

/* start = { browse = 0.6, search = 0.4 } (read before the journey is added,
 * like frequency). Leaves one value on the stack that keeps *out alive;
 * returns the number of entries (0 without the key). */
static size_t read_start(lua_State *L, const char *what, cx_lua_entry **out)
{
    lua_pushliteral(L, "start");
    int type = lua_rawget(L, 1);
    *out = NULL;
    if (type == LUA_TNIL)
        return 0;
    if (type != LUA_TTABLE)
        cx_lua_error(L, what, "start must be a table of touchpoint = probability, got %s",
                     luaL_typename(L, -1));
    size_t n = cx_lua_count(L, -1);
    if (n == 0)
        cx_lua_error(L, what, "start is empty; leave it out to start at the first "
                     "touchpoint");
    *out = lua_newuserdatauv(L, n * sizeof **out, 0);
    n = cx_lua_read_entries(L, -2, what, "start", "touchpoint = probability", *out, n);
    lua_remove(L, -2);      /* the start table; the entries stay */
    return n;
}

/* once = true | false. */
static int read_once(lua_State *L, const char *what)
{
    lua_pushliteral(L, "once");
    int type = lua_rawget(L, 1), once = lua_toboolean(L, -1);
    if (type != LUA_TNIL && type != LUA_TBOOLEAN)
        cx_lua_error(L, what, "once must be true or false, got %s", luaL_typename(L, -1));
    lua_pop(L, 1);
    return once;
}

/* Sets the start table on the journey just added; on failure takes the
 * journey out again (as apply_frequency does) and raises. */
static void apply_start(lua_State *L, cx_model *m, const cx_lua_entry *s, size_t n)
{
    cx_journey *j = &m->journeys[m->n_journeys - 1];
    const char *names[CX_LUA_MAX_START];
    double p[CX_LUA_MAX_START];
    cx_error e;
    for (size_t i = 0; i < n; i++) {
        names[i] = s[i].name;
        p[i] = s[i].value;
    }
    if (n && cx_journey_set_start(m, j, names, p, n, &e) != CX_OK) {
        free(j->touchpoints);
        free(j->by_segment);
        m->n_journeys--;
        cx_lua_error_status(L, &e);
    }
}

/* ---- journey ----------------------------------------------------------------- */

/* Raises for element i (on top of the stack), which is not a touchpoint. */
static void not_touchpoint(lua_State *L, const char *what, lua_Integer i)
{
    const cx_lua_token *tok = cx_lua_token_of(L, -1);
    if (tok)
        cx_lua_error(L, what, "element %lld is %s \"%s\" without its table; "
                     "write %s \"%s\" { ... }", (long long)i, tok->family,
                     tok->name, tok->family, tok->name);
    cx_lua_error(L, what, "element %lld is not a touchpoint, got %s",
                 (long long)i, luaL_typename(L, -1));
}

/* Copies the n touchpoints of the list at index 1 into a new userdata on
 * top of the stack (Lua-owned, so an error part-way leaks nothing). */
static cx_touchpoint *collect(lua_State *L, const char *what, lua_Integer n)
{
    cx_touchpoint *tps = lua_newuserdatauv(L, (size_t)n * sizeof *tps, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, 1, i);
        const cx_touchpoint *tp = luaL_testudata(L, -1, CX_LUA_TOUCHPOINT_TYPE);
        if (!tp)
            not_touchpoint(L, what, i);
        tps[i - 1] = *tp;
        lua_pop(L, 1);
    }
    return tps;
}

/* The curried half: journey "name" { touchpoint ..., frequency = ... }. */
static int journey_body(lua_State *L)
{
    const char *name = cx_lua_curried_name(L);
    char what[CX_NAME_MAX + 16];
    frequency f;
    cx_error e;
    snprintf(what, sizeof what, "journey \"%s\"", name);
    if (lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, what, "expects a list of touchpoints, got %s",
                            luaL_typename(L, 1));
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
    check_keys(L, what, n);
    if (n == 0)
        return cx_lua_error(L, what, "lists no touchpoint");
    const cx_touchpoint *tps = collect(L, what, n);
    read_frequency(L, what, &f);
    cx_lua_entry *start;
    size_t n_start = read_start(L, what, &start);
    if (n_start > CX_LUA_MAX_START)
        return cx_lua_error(L, what, "start has %zu entries, at most %d", n_start,
                            CX_LUA_MAX_START);
    int once = read_once(L, what);
    cx_model *m = cx_lua_model(L);
    if (cx_model_add_journey(m, name, cx_lua_line(L), tps, (size_t)n, &e) != CX_OK)
        return cx_lua_error_status(L, &e);
    apply_frequency(L, m, &f);
    apply_start(L, m, start, n_start);
    m->journeys[m->n_journeys - 1].once = once;
    return 0;
}

/* journey "name": checks the name, returns the function taking the table. */
static int journey_new(lua_State *L)
{
    char name[CX_NAME_MAX];
    cx_lua_check_name(L, 1, "journey", name, sizeof name);
    if (lua_gettop(L) > 1)
        return cx_lua_error(L, "journey", "takes the name alone; "
                            "write journey \"%s\" { ... }", name);
    cx_lua_curry(L, "journey", name, journey_body);
    return 1;
}

static const luaL_Reg journey_lib[] = {
    {"journey", journey_new},
    {NULL, NULL}
};

void cx_lua_open_journey(lua_State *L)
{
    luaL_setfuncs(L, journey_lib, 0);
}
