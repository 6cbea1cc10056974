/* lparameter.c - the parameter "PATH" { low = ..., high = ... } constructor:
 * an uncertain parameter and the range the analysis verbs explore
 * (sensitivity, sweep) or fit within (calibrate).
 *
 * PATH is a --set path; like an intervention's set keys, "J.TP.KEY" is
 * short for "journey.J.TP.KEY". The path and the bounds are checked
 * against the finished model (cx_model_validate), so a parameter may name
 * a journey declared after it; the messages name this call's line.
 */
#include "loader.h"
#include "lerror.h"
#include "table.h"
#include "curry.h"
#include "constructors.h"
#include "lpath.h"
#include "ldist.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

static const cx_param_spec range_specs[] = {
    {"low", CX_PARAM_REAL, offsetof(cx_param_range, low), NAN, -1e300, 1e300,
     "lowest value the parameter takes"},
    {"high", CX_PARAM_REAL, offsetof(cx_param_range, high), NAN, -1e300, 1e300,
     "highest value the parameter takes"},
};

/* dist = uniform(...) and tie = "name" of the table at 1, into r. */
static void read_dist(lua_State *L, const char *what, cx_param_range *r)
{
    int type = lua_getfield(L, 1, "dist");
    if (type != LUA_TNIL) {
        const cx_dist *d = cx_lua_test_dist(L, -1);
        if (!d)
            cx_lua_error(L, what, "dist must be a distribution (uniform, triangular, normal, "
                         "lognormal, beta, discrete, dirichlet), got %s", luaL_typename(L, -1));
        r->dist = *d;
        r->has_dist = 1;
    }
    lua_pop(L, 1);
    type = lua_getfield(L, 1, "tie");
    if (type != LUA_TNIL) {
        size_t len;
        const char *tie = lua_tolstring(L, -1, &len);
        if (type != LUA_TSTRING || len == 0 || len >= sizeof r->dist.tie || strlen(tie) != len)
            cx_lua_error(L, what, "tie must be a name of 1 to %zu bytes",
                         sizeof r->dist.tie - 1);
        if (strncmp(tie, "dirichlet#", 10) == 0)    /* the ties dirichlet_inputs makes */
            cx_lua_error(L, what, "ties named dirichlet#... are the dirichlet's own");
        memcpy(r->dist.tie, tie, len + 1);
    }
    lua_pop(L, 1);
}

/* low and high, given with a normal or lognormal, are the range it is
 * truncated to as well; without a distribution they make a uniform. */
static void finish_dist(cx_param_range *r)
{
    if (!r->has_dist)           /* cx_model_add_range makes the uniform, keeping tie */
        return;
    if (r->dist.kind != CX_DIST_NORMAL && r->dist.kind != CX_DIST_LOGNORMAL)
        return;
    if (!isnan(r->low) && r->low > r->dist.lo)
        r->dist.lo = r->low;
    if (!isnan(r->high) && r->high < r->dist.hi)
        r->dist.hi = r->high;
}

/* Whether path names a start or next table: journey.J.start or
 * journey.J.T.next, J and T dot-free. */
static int table_path(const char *path)
{
    const char *j = path + 8, *a = strchr(j, '.');
    if (strncmp(path, "journey.", 8) != 0 || !a || a == j)
        return 0;
    if (strcmp(a + 1, "start") == 0)
        return 1;
    const char *b = strchr(a + 1, '.');
    return b && b > a + 1 && strcmp(b + 1, "next") == 0;
}

/* parameter "journey.J.T.next" { dist = dirichlet { ... } }: one input per
 * outcome (journey.J.T.next.S, journey.J.start.T), each the coordinate of
 * the Dirichlet, tied so that --uncertainty draws them jointly; low and
 * high are each coordinate's 5 % and 95 % quantiles (its Beta marginal). */
static int dirichlet_inputs(lua_State *L, const char *what, cx_param_range *r)
{
    cx_model *m = cx_lua_model(L);
    char table[sizeof r->path];
    cx_error e;
    if (!table_path(r->path))
        return cx_lua_error(L, what, "a dirichlet varies a whole start or next table: name "
                            "it as \"J.start\" or \"J.TOUCHPOINT.next\"");
    if (!isnan(r->low) || !isnan(r->high) || r->dist.tie[0])
        return cx_lua_error(L, what, "a dirichlet takes no low, high or tie: its outcomes "
                            "are tied, each explored between its 5 %% and 95 %% quantiles");
    lua_getfield(L, 1, "dist");
    snprintf(table, sizeof table, "%s", r->path);
    /* unique in the model: the index of the first coordinate's input */
    snprintf(r->dist.tie, sizeof r->dist.tie, "dirichlet#%zu", m->n_ranges);
    for (size_t i = 0; i < r->dist.n; i++) {
        const char *outcome = cx_lua_dist_outcome(L, -1, i);
        int len = snprintf(r->path, sizeof r->path, "%s.%s", table, outcome);
        if (len < 0 || (size_t)len >= sizeof r->path)
            return cx_lua_error(L, what, "the path of %s is too long", outcome);
        r->dist.p[0] = (double)i;
        if (cx_model_add_range(m, r, &e) != CX_OK)
            return cx_lua_error_status(L, &e);
    }
    lua_pop(L, 1);
    return 0;
}

/* The curried half: parameter "PATH" { ... } calls this with the table. */
static int parameter_body(lua_State *L)
{
    static const char *const own[] = {"dist", "tie"};
    const char *path = cx_lua_curried_name(L);
    char what[sizeof ((cx_param_range *)0)->path + 16];
    cx_param_range r = {.low = NAN, .high = NAN};
    cx_error e;
    snprintf(what, sizeof what, "parameter \"%s\"", path);
    if (lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, what, "expects a table { low = ..., high = ... }, got %s",
                            luaL_typename(L, 1));
    snprintf(r.path, sizeof r.path, "%s", path);
    r.line = cx_lua_line(L);
    const cx_lua_target t = {what, range_specs, 2, &r, NULL, 0, own, 2};
    cx_lua_read_table(L, 1, &t);
    read_dist(L, what, &r);
    if (!r.has_dist && (isnan(r.low) || isnan(r.high)))
        return cx_lua_error(L, what, "%s is missing; write parameter \"%s\" "
                            "{ low = ..., high = ... } or { dist = ... }",
                            isnan(r.low) ? "low" : "high", path);
    if (r.has_dist && r.dist.kind == CX_DIST_DIRICHLET)
        return dirichlet_inputs(L, what, &r);
    finish_dist(&r);
    if (cx_model_add_range(cx_lua_model(L), &r, &e) != CX_OK)
        return cx_lua_error_status(L, &e);
    return 0;
}

/* parameter "PATH": checks the path, returns the function taking the table. */
static int parameter_new(lua_State *L)
{
    char path[sizeof ((cx_param_range *)0)->path];
    size_t len;
    if (lua_type(L, 1) != LUA_TSTRING)
        return cx_lua_error(L, "parameter", "takes a --set path, as parameter "
                            "\"journey.purchase.checkout.friction\" { ... }; got %s",
                            luaL_typename(L, 1));
    const char *s = lua_tolstring(L, 1, &len);
    if (len == 0 || strlen(s) != len)
        return cx_lua_error(L, "parameter", "the path must be a non-empty string without "
                            "NUL bytes");
    /* intervention.NAME.KEY (an intervention's cost or set value) is a full
     * path already; other paths as an intervention's set keys */
    int input = strncmp(s, "intervention.", 13) == 0;
    if (input ? len >= sizeof path : !cx_lua_path_normalise(s, path, sizeof path))
        return cx_lua_error(L, "parameter", "path \"%.40s...\" is longer than %zu bytes", s,
                            sizeof path - 1);
    if (lua_gettop(L) > 1)
        return cx_lua_error(L, "parameter", "takes the path alone; write parameter \"%s\" "
                            "{ low = ..., high = ... }", s);
    if (input)
        memcpy(path, s, len + 1);
    cx_lua_curry(L, "parameter", path, parameter_body);
    return 1;
}

static const luaL_Reg parameter_lib[] = {
    {"parameter", parameter_new},
    {NULL, NULL}
};

void cx_lua_open_parameter(lua_State *L)
{
    luaL_setfuncs(L, parameter_lib, 0);
}
