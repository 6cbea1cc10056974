/* module.c - the Lua module `cxsim`: require "cxsim" in the stock lua5.4
 * interpreter gives a table with load, run, compare, quickwins, sweep,
 * sensitivity, calibrate, metrics, touchpoint_metrics, params and version
 * (docs/lua-module.md).
 *
 * The module is an adapter over libcxsim's public API: cx.load is
 * cx_scenario_load_opts; cx.run and cx.compare are cx_run_variants, the
 * run layer's function that `cxsim run` and `cxsim compare` call, with the
 * scenario's policy (cx_scenario_policy_new); the analyses are in
 * lanalysis.c. A run happens entirely in C: the calling Lua state is not
 * touched until the run layer has joined its worker threads; the workers'
 * on_period policies run in Lua states of their own.
 */
#include "config.h"

#include "module.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <lauxlib.h>

#include "cxsim/batch.h"
#include "cxsim/metrics.h"
#include "cxsim/run.h"
#include "cxsim/scenario.h"
#include "cxsim/sha256.h"

/* ---- cx.load ----------------------------------------------------------------- */

static const char *const load_keys[] = {"unsafe", "lib_dirs", "time_limit", NULL};

/* Copies the list of directories at the top (a table) into user value 2
 * of the box at box. */
static void set_lib_dirs(lua_State *L, int box)
{
    lua_newtable(L);                                /* the copy */
    for (lua_Integer i = 1; lua_rawgeti(L, -2, i) != LUA_TNIL; i++) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "cx.load: lib_dirs[%I] must be a string", i);
        lua_rawseti(L, -2, i);                      /* copy[i] = lib_dirs[i] */
    }
    lua_pop(L, 1);                                  /* the nil that ended it */
    lua_setiuservalue(L, box, 2);                   /* box's directories */
}

/* Reads cx.load's options (the table at idx) into the box at box. */
static void read_load_opts(lua_State *L, int idx, int box)
{
    cx_lmodel *b = lua_touserdata(L, box);
    cx_lmodule_check_keys(L, idx, "cx.load", load_keys);
    int t = lua_getfield(L, idx, "unsafe");         /* opts.unsafe */
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        luaL_error(L, "cx.load: unsafe must be a boolean, got %s", luaL_typename(L, -1));
    b->unsafe = lua_toboolean(L, -1);
    t = lua_getfield(L, idx, "time_limit");         /* opts.time_limit */
    b->time_limit = t == LUA_TNIL ? 0 : lua_tonumber(L, -1);
    if (t != LUA_TNIL && !(t == LUA_TNUMBER && b->time_limit > 0))
        luaL_error(L, "cx.load: time_limit must be a number of seconds > 0");
    t = lua_getfield(L, idx, "lib_dirs");           /* opts.lib_dirs */
    if (t != LUA_TNIL && t != LUA_TTABLE)
        luaL_error(L, "cx.load: lib_dirs must be a list of directories, got %s",
                   luaL_typename(L, -1));
    if (t == LUA_TTABLE)
        set_lib_dirs(L, box);
    lua_pop(L, 3);                                  /* the three options */
}

/* cx.load(path [, opts]) -> model; raises with cx_scenario_load's message. */
static int cxsim_load(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    int opts = lua_isnoneornil(L, 2) ? 0 : 2;
    if (opts)
        luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    cx_lmodel *box = cx_lmodel_push(L);             /* 3: owns the model from here */
    if (opts)
        read_load_opts(L, opts, 3);
    cx_scenario_opts so;
    cx_lmodel_scenario_opts(L, 3, &so);             /* 4: scratch */
    cx_error e;
    if (cx_scenario_load_opts(path, &so, &box->m, &e) != CX_OK)
        return cx_lmodule_error(L, e.msg);
    if (cx_sha256_file(path, box->sha256, &e) != CX_OK)
        box->sha256[0] = '\0';      /* removed since: run.json gets "" */
    lua_settop(L, 3);                               /* return the box */
    return 1;
}

static const char *const run_keys[] = {"reps", "seed", "threads", "variants", "add",
                                       "baseline", "uncertainty", NULL};

/* ---- cx.run variants ----------------------------------------------------------- */

/* Index of the declared variant named name; raises if there is none. */
static size_t variant_named(lua_State *L, const char *fn, const cx_model *m, const char *name)
{
    for (size_t v = 0; v < m->n_variants; v++)
        if (strcmp(m->variants[v].name, name) == 0)
            return v;
    return (size_t)luaL_error(L, "%s: no variant named \"%s\"", fn, name);
}

/* Appends v to idx[0..*n) unless it is there already. */
static void add_variant(size_t *idx, size_t *n, size_t v)
{
    for (size_t i = 0; i < *n; i++)
        if (idx[i] == v)
            return;
    idx[(*n)++] = v;
}

/* Raises unless the value on top (opts.variants, of type t) is nil, true
 * or a table. */
static void check_variants_type(lua_State *L, const char *fn, int t)
{
    if (t != LUA_TNIL && t != LUA_TTABLE && !(t == LUA_TBOOLEAN && lua_toboolean(L, -1)))
        luaL_error(L, "%s: variants must be true or a list of names, got %s", fn,
                   luaL_tolstring(L, -1, NULL));
}

/* The declared variants to run, in order, into idx (room for every
 * declared variant): all of them, the baseline first, as `cxsim run`
 * (variants absent or true), or the baseline and the listed ones
 * (variants = { names }). Returns the count. */
static size_t pick_variants(lua_State *L, const char *fn, int opts, const cx_model *m,
                            size_t *idx)
{
    size_t n = cx_model_variant_order(m, idx, m->n_variants);
    int t = opts ? lua_getfield(L, opts, "variants") : LUA_TNIL;  /* opts.variants */
    check_variants_type(L, fn, t);
    if (t == LUA_TTABLE) {
        n = 1;                                      /* the baseline ... */
        for (lua_Integer i = 1; lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
            if (lua_type(L, -1) != LUA_TSTRING)     /* ... and the listed */
                luaL_error(L, "%s: variants[%I] must be a name", fn, i);
            add_variant(idx, &n, variant_named(L, fn, m, lua_tostring(L, -1)));
            lua_pop(L, 1);                          /* variants[i] */
        }
        lua_pop(L, 1);                              /* the nil that ended it */
    }
    if (opts)
        lua_pop(L, 1);                              /* opts.variants */
    return n;
}

/* For a model that declares no variant, which has the implicit "baseline"
 * alone: raises unless opts.variants is absent, true or a list of
 * "baseline" only. */
static void check_implicit(lua_State *L, const char *fn, int opts)
{
    int t = opts ? lua_getfield(L, opts, "variants") : LUA_TNIL;  /* opts.variants */
    check_variants_type(L, fn, t);
    for (lua_Integer i = 1; t == LUA_TTABLE && lua_rawgeti(L, -1, i) != LUA_TNIL; i++) {
        const char *name = lua_tostring(L, -1);
        if (lua_type(L, -1) != LUA_TSTRING || strcmp(name, "baseline") != 0)
            luaL_error(L, "%s: no variant named \"%s\" (the scenario declares none but "
                       "the baseline)", fn, luaL_tolstring(L, -1, NULL));
        lua_pop(L, 1);                              /* variants[i] */
    }
    if (t == LUA_TTABLE)
        lua_pop(L, 1);                              /* the nil that ended it */
    if (opts)
        lua_pop(L, 1);                              /* opts.variants */
}

/* ---- cx.run and cx.compare ---------------------------------------------------- */

/* The variants to run: indices into the model's variants (NULL: the
 * implicit baseline), in scratch memory the garbage collector reclaims
 * even if a Lua error interrupts the call. */
typedef struct run_plan {
    size_t *index;
    size_t n;
} run_plan;

/* Pushes the scratch block of the plan and fills it. */
static run_plan plan_run(lua_State *L, const char *fn, int opts, const cx_model *m)
{
    size_t cap = m->n_variants ? m->n_variants : 1;
    run_plan p = {lua_newuserdatauv(L, cap * sizeof(size_t), 0), 1};  /* the scratch block */
    if (m->n_variants == 0) {
        check_implicit(L, fn, opts);
        p.index = NULL;
    } else
        p.n = pick_variants(L, fn, opts, m, p.index);
    return p;
}

/* Pushes a result box with a copy of the model and of its overrides. */
static cx_lresult *push_result(lua_State *L, const char *fn, const cx_lmodel *mbox)
{
    cx_lresult *box = cx_lresult_push(L);           /* the result */
    memcpy(box->sha256, mbox->sha256, sizeof box->sha256);
    lua_getiuservalue(L, 1, 1);                     /* the model's overrides */
    lua_Integer n = luaL_len(L, -1);
    lua_createtable(L, (int)n, 0);                  /* their copy */
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -2, i);
        lua_rawseti(L, -2, i);                      /* copy[i] = overrides[i] */
    }
    lua_setiuservalue(L, -3, 1);                    /* result's user value */
    lua_pop(L, 1);                                  /* the model's overrides */
    box->model = cx_model_copy(mbox->m);
    if (box->model == NULL)
        luaL_error(L, "%s: out of memory", fn);
    return box;
}

/* Runs the plan with the scenario's on_period policy, if it has one, into
 * the box. The factory and the run live from here to the end of the call,
 * with no Lua call in between, so a Lua error cannot leak them. */
static cx_status run_plan_into(lua_State *L, const cx_model *m, const cx_run_opts *ro,
                               cx_lresult *box, cx_error *e)
{
    cx_policy_factory *pf = NULL;
    cx_status st = cx_lmodel_policy(L, 1, ro->seed, &pf, e);   /* pushes scratch */
    if (st != CX_OK)
        return st;
    cx_run_opts o = *ro;
    cx_run run;
    o.policy = pf;
    st = cx_run_variants(m, &o, NULL, &run, e);
    if (st == CX_OK) {
        box->b = run.result;                        /* the box owns it now */
        run.result = NULL;
        box->wall_seconds = run.wall;
        box->threads = run.batch.threads;
    }
    cx_run_release(&run);
    cx_scenario_policy_free(pf);
    lua_pop(L, 1);                                  /* scratch */
    return st;
}

/* cx.run and cx.compare: the model's variants (compare: at least two),
 * their replications in a result box. */
static int run_variants(lua_State *L, const char *fn, int paired)
{
    cx_lmodel *mbox = cx_lmodel_check(L, 1);
    int opts = cx_lmodule_opts(L, fn, run_keys);
    cx_lmodule_run_opts o = cx_lmodule_read_run_opts(L, opts, fn, mbox->m);
    cx_error e;
    if (cx_model_validate(mbox->m, &e) != CX_OK)
        return cx_lmodule_error(L, e.msg);
    const cx_model *m = cx_lmodule_adhoc(L, opts, fn, mbox->m);  /* 3: a copy, or nil */
    run_plan p = plan_run(L, fn, opts, m);          /* 4: scratch */
    if (paired && p.n < 2)
        luaL_error(L, "%s: a comparison needs two variants or more (the baseline and one with "
                   "interventions); this one has %d", fn, (int)p.n);
    /* { uncertainty = N }: the two-level run of `--uncertainty N` (luncertainty.c) */
    int unsure = opts && lua_getfield(L, opts, "uncertainty") != LUA_TNIL;
    if (opts)
        lua_pop(L, 1);                              /* opts.uncertainty */
    if (unsure)
        return cx_luncertainty_run(L, fn, m, p.index, p.n, &o,
                                   (size_t)cx_lmodule_int_opt(L, opts, fn, "uncertainty", 1, 1,
                                                              10000000));
    cx_lresult *box = push_result(L, fn, mbox);     /* 5: the result */
    cx_run_opts ro = {
        .variants = p.index, .n_variants = p.index ? p.n : 0, .reps = o.reps,
        .seed = o.seed, .threads = o.threads,
    };
    if (run_plan_into(L, m, &ro, box, &e) != CX_OK)
        return cx_lmodule_error(L, e.msg);
    box->seed = o.seed;
    box->paired = paired;
    return 1;
}

/* cx.run(model [, opts]) -> result. */
static int cxsim_run(lua_State *L)
{
    return run_variants(L, "cx.run", 0);
}

/* cx.compare(model [, opts]) -> result, paired: result:compare(), and
 * result:write writes compare's files. */
static int cxsim_compare(lua_State *L)
{
    return run_variants(L, "cx.compare", 1);
}

/* ---- names ------------------------------------------------------------------- */

/* cx.metrics() -> the horizon metric names, in the results files' order. */
static int cxsim_metrics(lua_State *L)
{
    lua_createtable(L, CX_METRIC_COUNT, 0);         /* the list */
    for (int m = 0; m < CX_METRIC_COUNT; m++) {
        lua_pushstring(L, cx_metric_name((cx_metric)m));
        lua_rawseti(L, -2, m + 1);                  /* list[m + 1] = name */
    }
    return 1;
}

/* cx.touchpoint_metrics() -> the touchpoint metric names. */
static int cxsim_touchpoint_metrics(lua_State *L)
{
    lua_createtable(L, CX_TP_METRIC_COUNT, 0);      /* the list */
    for (int m = 0; m < CX_TP_METRIC_COUNT; m++) {
        lua_pushstring(L, cx_tp_metric_name((cx_tp_metric)m));
        lua_rawseti(L, -2, m + 1);                  /* list[m + 1] = name */
    }
    return 1;
}

/* Pushes { { key =, default =, min =, max =, integer =, doc = }, ... }. */
static void push_specs(lua_State *L, const cx_param_spec *s, size_t n)
{
    lua_createtable(L, (int)n, 0);                  /* the list */
    for (size_t i = 0; i < n; i++) {
        lua_createtable(L, 0, 6);                   /* one parameter */
        lua_pushstring(L, s[i].key);
        lua_setfield(L, -2, "key");
        lua_pushnumber(L, s[i].def);
        lua_setfield(L, -2, "default");
        lua_pushnumber(L, s[i].lo);
        lua_setfield(L, -2, "min");
        lua_pushnumber(L, s[i].hi);
        lua_setfield(L, -2, "max");
        lua_pushboolean(L, s[i].kind != CX_PARAM_REAL);
        lua_setfield(L, -2, "integer");
        lua_pushstring(L, s[i].doc);
        lua_setfield(L, -2, "doc");
        lua_rawseti(L, -2, (lua_Integer)i + 1);     /* list[i + 1] = it */
    }
}

/* cx.params() -> { scenario = list, segment = list, touchpoint = list }. */
static int cxsim_params(lua_State *L)
{
    size_t n;
    const cx_param_spec *s;
    lua_createtable(L, 0, 3);                       /* the result */
    s = cx_model_scenario_params(&n);               /* (sets n before its use) */
    push_specs(L, s, n);
    lua_setfield(L, -2, "scenario");
    s = cx_model_segment_params(&n);
    push_specs(L, s, n);
    lua_setfield(L, -2, "segment");
    s = cx_model_touchpoint_params(&n);
    push_specs(L, s, n);
    lua_setfield(L, -2, "touchpoint");
    return 1;
}

/* ---- the module ------------------------------------------------------------- */

static const luaL_Reg cxsim_lib[] = {
    {"load", cxsim_load},
    {"run", cxsim_run},
    {"compare", cxsim_compare},
    {"metrics", cxsim_metrics},
    {"touchpoint_metrics", cxsim_touchpoint_metrics},
    {"params", cxsim_params},
    {"version", NULL},      /* placeholder: a string */
    {NULL, NULL}
};

LUAMOD_API int luaopen_cxsim(lua_State *L)
{
    /* GSL's default handler aborts the process. libcxsim checks every GSL
     * return, so turn it off, as cxsim's main does (docs/architecture.md).
     * This is process-wide; a module has no main to do it in, and
     * require runs luaopen_cxsim once per state, before any run starts a
     * thread. */
    gsl_set_error_handler_off();
    cx_lmodel_open(L);
    cx_lresult_open(L);
    luaL_newlib(L, cxsim_lib);                      /* the module table */
    luaL_setfuncs(L, cx_lanalysis_functions, 0);    /* quickwins, sweep, ... */
    lua_pushliteral(L, PACKAGE_VERSION);
    lua_setfield(L, -2, "version");                 /* cx.version */
    return 1;
}
