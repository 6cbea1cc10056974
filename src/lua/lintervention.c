/* lintervention.c - the intervention "name" { ... } and variant "name" { ... }
 * constructors.
 *
 * Both only record what they are given (checking its shape at once, so
 * messages name the line of the call); the records are finished once the
 * whole file has run (cx_lua_records_finish), in declaration order: an
 * intervention may then name journeys and segments declared after it, its
 * apply function sees the complete baseline model, and a variant may name
 * interventions declared after it.
 *
 * An intervention's edits are its set entries, applied in the order of
 * their full paths with wildcard paths ("segment.*.churn") first, so that
 * a named entry overrides a wildcard whatever order the table was written
 * in; then the parameters apply(m) wrote, in the order it first wrote
 * them, each with the last value written.
 */
#include "lintervention.h"
#include "loader.h"
#include "lerror.h"
#include "table.h"
#include "curry.h"
#include "constructors.h"
#include "lpath.h"
#include "ldist.h"

#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/suggest.h"

#define WHAT_MAX (CX_NAME_MAX + 16)

/* The numeric keys of an intervention (the rest: segments, set, apply). */
static const cx_param_spec iv_specs[] = {
    {"start", CX_PARAM_INT, offsetof(cx_intervention, start), 1, 1, 1000000,
     "first period the intervention acts"},
    {"stop", CX_PARAM_INT, offsetof(cx_intervention, stop), 0, 0, 1000000,
     "last period it acts; 0: the horizon"},
    {"cost.fixed", CX_PARAM_REAL, offsetof(cx_intervention, cost_fixed), 0, 0, 1e15,
     "paid once, the first period it acts"},
    {"cost.per_customer", CX_PARAM_REAL, offsetof(cx_intervention, cost_per_customer), 0, 0,
     1e15, "per active targeted customer and period"},
    {"cost.per_visit", CX_PARAM_REAL, offsetof(cx_intervention, cost_per_visit), 0, 0, 1e15,
     "per visit to a touchpoint it edits (any touchpoint if it edits none)"},
};
#define N_IV_SPECS (sizeof iv_specs / sizeof iv_specs[0])

/* ---- records -------------------------------------------------------------------- */

/* Raises if family "name" was declared before; else records its line. */
static void declare(lua_State *L, const char *family, const char *name, const char *what)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->names_ref);
    lua_pushfstring(L, "%s %s", family, name);
    lua_pushvalue(L, -1);
    if (lua_rawget(L, -3) != LUA_TNIL)
        cx_lua_error(L, NULL, "%s is declared twice (first at line %d)", what,
                     (int)lua_tointeger(L, -1));
    lua_pop(L, 1);
    lua_pushinteger(L, cx_lua_line(L));
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

/* Number of records of family so far. */
static size_t n_records(lua_State *L, const char *family)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, cx_lua_loader_of(L)->records_ref);
    lua_getfield(L, -1, family);
    size_t n = lua_rawlen(L, -1);
    lua_pop(L, 2);
    return n;
}

/* Appends a record of the values at indices first..last (nil allowed) to
 * the list of family. */
static void add_record(lua_State *L, const char *family, int first, int last)
{
    lua_createtable(L, last - first + 1, 0);
    for (int i = first; i <= last; i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i - first + 1);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, cx_lua_loader_of(L)->records_ref);
    lua_getfield(L, -1, family);
    lua_pushvalue(L, -3);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 3);
}

/* Raises unless the table at idx is a list 1..n of strings; returns n.
 * key names the list in messages ("segments"), NULL for a variant's own
 * table (a list of intervention names); form shows the right way. */
static size_t check_list(lua_State *L, int idx, const char *what, const char *key,
                         const char *form)
{
    size_t n = lua_rawlen(L, idx);
    if (cx_lua_count(L, idx) != n) {
        if (key)
            cx_lua_error(L, what, "%s must be a list of names, as %s", key, form);
        cx_lua_error(L, what, "lists intervention names only, as %s", form);
    }
    for (size_t i = 1; i <= n; i++) {
        if (lua_rawgeti(L, idx, (lua_Integer)i) != LUA_TSTRING) {
            if (key)
                cx_lua_error(L, what, "%s[%zu] must be a name, got %s", key, i,
                             luaL_typename(L, -1));
            cx_lua_error(L, what, "element %zu must be an intervention name, got %s", i,
                         luaL_typename(L, -1));
        }
        lua_pop(L, 1);
    }
    return n;
}

/* Copies the n names of the list at idx into names, refusing repeats (key
 * as for check_list). */
static void copy_names(lua_State *L, int idx, const char *what, const char *key,
                       char (*names)[CX_NAME_MAX], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        cx_lua_copy_name(L, -1, what, key ? key : "the list", names[i]);
        lua_pop(L, 1);
        for (size_t j = 0; j < i; j++) {
            if (strcmp(names[i], names[j]) != 0)
                continue;
            if (key)
                cx_lua_error(L, what, "%s names \"%s\" twice", key, names[i]);
            cx_lua_error(L, what, "lists \"%s\" twice", names[i]);
        }
    }
}

/* ---- intervention: reading the table ------------------------------------------------ */

/* segments = { "a", "b" } of the table at index 1: pushes the names (a
 * userdata of char[n][CX_NAME_MAX]) or nil. */
static void read_segments(lua_State *L, const char *what)
{
    lua_pushliteral(L, "segments");
    int type = lua_rawget(L, 1);
    if (type == LUA_TNIL)
        return;
    if (type != LUA_TTABLE)
        cx_lua_error(L, what, "segments must be a list of segment names, got %s",
                     luaL_typename(L, -1));
    int t = lua_gettop(L);
    size_t n = check_list(L, t, what, "segments", "{ \"premium\" }");
    if (n == 0)
        cx_lua_error(L, what, "segments is empty; leave it out to reach every segment");
    char (*names)[CX_NAME_MAX] = lua_newuserdatauv(L, n * CX_NAME_MAX, 0);
    copy_names(L, t, what, "segments", names, n);
    lua_remove(L, t);
}

/* One set entry as written, and its full path. */
typedef struct set_entry {
    cx_edit edit;               /* full path, value */
    char key[sizeof ((cx_edit *)0)->path];
    int type;                   /* Lua type of the value */
} set_entry;

static int wildcards(const char *path)
{
    int n = 0;
    for (; *path; path++)
        n += *path == '*';
    return n;
}

/* More wildcards first, then by path: named entries override wildcards. */
static int entry_cmp(const void *a, const void *b)
{
    const set_entry *x = a, *y = b;
    int wx = wildcards(x->edit.path), wy = wildcards(y->edit.path);
    return wx != wy ? wy - wx : strcmp(x->edit.path, y->edit.path);
}

/* Reads the entries of the set table at t into e[0..n) (hash order). */
static void collect_set(lua_State *L, int t, const char *what, const char *form,
                        set_entry *e)
{
    size_t i = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            const char *type = luaL_typename(L, -1);
            lua_pushvalue(L, -2);   /* a copy: tostring would change the key */
            cx_lua_error(L, what, "unexpected set[%s] = %s; write %s",
                         luaL_tolstring(L, -1, NULL), type, form);
        }
        const char *key = lua_tostring(L, -2);
        if (strlen(key) >= sizeof e[i].key
            || !cx_lua_path_normalise(key, e[i].edit.path, sizeof e[i].edit.path))
            cx_lua_error(L, what, "set key \"%.40s...\" is too long", key);
        snprintf(e[i].key, sizeof e[i].key, "%s", key);
        e[i].type = lua_type(L, -1);
        e[i].edit.value = lua_tonumber(L, -1);
        i++;
        lua_pop(L, 1);
    }
}

size_t cx_lua_read_edits(lua_State *L, int t, const char *what, const char *form)
{
    assert(lua_type(L, t) == LUA_TTABLE);       /* callers check */
    size_t n = cx_lua_count(L, t);
    set_entry *e = lua_newuserdatauv(L, (n ? n : 1) * sizeof *e, 0);
    collect_set(L, t, what, form, e);
    qsort(e, n, sizeof *e, entry_cmp);
    cx_edit *edits = lua_newuserdatauv(L, (n ? n : 1) * sizeof *edits, 0);
    for (size_t i = 0; i < n; i++) {
        if (e[i].type != LUA_TNUMBER)
            cx_lua_error(L, what, "set[\"%s\"] must be a number, got %s", e[i].key,
                         lua_typename(L, e[i].type));
        if (i > 0 && strcmp(e[i].edit.path, e[i - 1].edit.path) == 0)
            cx_lua_error(L, what, "set gives %s twice", e[i].edit.path);
        edits[i] = e[i].edit;
    }
    lua_remove(L, -2);          /* the entries */
    return n;
}

/* set = { ["journey.tp.key"] = value } of the table at index 1: pushes the
 * edits (a userdata of cx_edit[n], in the order they apply) or nil. Checks
 * are made in that order, so the first error does not depend on hash order. */
static void read_set(lua_State *L, const char *what)
{
    lua_pushliteral(L, "set");
    int type = lua_rawget(L, 1);
    if (type == LUA_TNIL)
        return;
    if (type != LUA_TTABLE)
        cx_lua_error(L, what, "set must be a table of path = value, got %s",
                     luaL_typename(L, -1));
    int t = lua_gettop(L);
    if (cx_lua_read_edits(L, t, what, "set = { [\"journey.touchpoint.key\"] = value, ... }")
        == 0)
        lua_pushnil(L);         /* no edits: as if set were left out */
    lua_replace(L, t);          /* the edits, over the table */
    lua_settop(L, t);
}

/* ---- distributions in set and cost ---------------------------------------------- */

/* A shallow copy of the table at idx, pushed. */
static int copy_table(lua_State *L, int idx)
{
    lua_newtable(L);
    int c = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pushvalue(L, -2);   /* key, value, key */
        lua_insert(L, -2);      /* key, key, value */
        lua_rawset(L, c);       /* c[key] = value; the key stays for lua_next */
    }
    return c;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The string keys of the table at t whose values are distributions, into
 * keys[0..), sorted (inputs are declared in a fixed order, whatever the
 * table's hash order). */
static size_t dist_keys(lua_State *L, int t, const char *what, char (*keys)[256], size_t max)
{
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) == LUA_TSTRING && cx_lua_test_dist(L, -1)) {
            if (n == max || lua_rawlen(L, -2) >= 256)
                cx_lua_error(L, what, "too many distributions, or a key too long");
            snprintf(keys[n++], 256, "%s", lua_tostring(L, -2));
        }
        lua_pop(L, 1);
    }
    qsort(keys, n, sizeof keys[0], key_cmp);
    return n;
}

/* In the table at t (a copy the caller owns), declares each distribution
 * as the uncertain input intervention.NAME.PREFIX KEY (its set keys
 * normalised to full paths when prefix is NULL) and replaces it by its
 * mean, the value a run without --uncertainty uses. */
static void strip_in(lua_State *L, int t, const char *name, const char *prefix,
                     const char *what)
{
    char keys[CX_MAX_RANGES][256], full[256];
    cx_error e;
    size_t n = dist_keys(L, t, what, keys, CX_MAX_RANGES);
    for (size_t i = 0; i < n; i++) {
        cx_param_range r = {.low = NAN, .high = NAN, .has_dist = 1, .line = cx_lua_line(L)};
        int ok = prefix ? snprintf(full, sizeof full, "%s%s", prefix, keys[i]) < (int)sizeof full
                        : cx_lua_path_normalise(keys[i], full, sizeof full);
        int len = snprintf(r.path, sizeof r.path, "intervention.%s.%s", name, full);
        if (!ok || len < 0 || (size_t)len >= sizeof r.path)
            cx_lua_error(L, what, "the path of %s is too long", keys[i]);
        lua_getfield(L, t, keys[i]);
        r.dist = *cx_lua_test_dist(L, -1);
        lua_pop(L, 1);
        if (r.dist.kind == CX_DIST_DIRICHLET)
            cx_lua_error(L, what, "%s: a dirichlet varies a whole start or next table; "
                         "declare it with parameter \"J.TP.next\" { dist = dirichlet { ... } }",
                         keys[i]);
        if (cx_model_add_range(cx_lua_model(L), &r, &e) != CX_OK)
            cx_lua_error_status(L, &e);
        lua_pushnumber(L, cx_dist_mean(&r.dist));
        lua_setfield(L, t, keys[i]);
    }
}

/* Replaces the table at 1 by a copy whose set values and costs given as
 * distributions are their means, declaring each one an uncertain input
 * (docs/scenarios.md, "Distributions"). */
static void strip_dists(lua_State *L, const char *name, const char *what)
{
    static const char *const subs[] = {"cost", "set"};
    int t = copy_table(L, 1);
    strip_in(L, t, name, "", what);     /* flat keys: ["cost.fixed"] */
    for (size_t i = 0; i < 2; i++) {
        if (lua_getfield(L, t, subs[i]) == LUA_TTABLE) {
            int c = copy_table(L, lua_gettop(L));
            strip_in(L, c, name, i == 0 ? "cost." : NULL, what);
            lua_setfield(L, t, subs[i]);        /* t[sub] = the copy */
        }
        lua_pop(L, 1);                          /* the original */
    }
    lua_replace(L, 1);
}

/* candidate = true | false: whether quickwins ranks it (left out: ranked
 * unless the policy controls it). */
static void read_candidate(lua_State *L, const char *what, cx_intervention *iv)
{
    lua_pushliteral(L, "candidate");
    int type = lua_rawget(L, 1);
    if (type == LUA_TBOOLEAN)
        iv->candidate = lua_toboolean(L, -1) ? 1 : -1;
    else if (type != LUA_TNIL)
        cx_lua_error(L, what, "candidate must be true or false, got %s", lua_typename(L, type));
    lua_pop(L, 1);
}

/* The curried half: intervention "name" { ... }. */
static int intervention_body(lua_State *L)
{
    static const char *const own[] = {"apply", "candidate", "segments", "set"};
    const char *name = cx_lua_curried_name(L);
    char what[WHAT_MAX];
    snprintf(what, sizeof what, "intervention \"%s\"", name);
    (void)cx_lua_model(L);      /* only while the file runs */
    if (lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, what, "expects a table, got %s", luaL_typename(L, 1));
    lua_settop(L, 1);
    strip_dists(L, name, what);
    cx_intervention *iv = lua_newuserdatauv(L, sizeof *iv, 0);     /* 2 */
    /* the userdata holds no pointers: segments and edits are records' 3, 4 */
    memset(iv, 0, sizeof *iv);
    snprintf(iv->name, sizeof iv->name, "%s", name);
    iv->line = cx_lua_line(L);
    cx_param_defaults(iv_specs, N_IV_SPECS, iv);
    const cx_lua_target t = {what, iv_specs, N_IV_SPECS, iv, NULL, 0, own, 4};
    cx_lua_read_table(L, 1, &t);
    if (iv->stop > 0 && iv->start > iv->stop)
        return cx_lua_error(L, what, "start (%d) is after stop (%d)", iv->start, iv->stop);
    read_candidate(L, what, iv);
    read_segments(L, what);                     /* 3: names or nil */
    read_set(L, what);                          /* 4: edits or nil */
    lua_pushliteral(L, "apply");
    int type = lua_rawget(L, 1);                /* 5: function or nil */
    if (type != LUA_TNIL && type != LUA_TFUNCTION)
        return cx_lua_error(L, what, "apply must be a function(m) ... end, got %s",
                            lua_typename(L, type));
    if (n_records(L, "intervention") >= CX_MAX_INTERVENTIONS)
        return cx_lua_error(L, what, "more than %d interventions", CX_MAX_INTERVENTIONS);
    declare(L, "intervention", name, what);
    add_record(L, "intervention", 2, 5);
    return 0;
}

/* ---- intervention: finishing ------------------------------------------------------ */

/* Starts an apply session: a fresh scratch copy of the model and the edits
 * buffer holding the n set edits. */
static void session_begin(lua_State *L, const cx_edit *set, size_t n)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    cx_lua_edits *ed = &ld->edits;
    cx_model_free(ld->scratch);
    ld->scratch = cx_model_copy(ld->model);
    if (!ld->scratch) {
        ld->status = CX_ERR_NOMEM;
        lua_pushfstring(L, "%s: out of memory", ld->short_src);
        lua_error(L);
    }
    if (ed->ref == LUA_NOREF || ed->cap < n) {
        size_t cap = n > 8 ? n : 8;
        ed->edits = lua_newuserdatauv(L, cap * sizeof *ed->edits, 0);
        ed->cap = cap;
        if (ed->ref == LUA_NOREF)
            ed->ref = luaL_ref(L, LUA_REGISTRYINDEX);
        else
            lua_rawseti(L, LUA_REGISTRYINDEX, ed->ref);
    }
    if (n)
        memcpy(ed->edits, set, n * sizeof *set);
    ed->n = ed->n_set = n;
}

/* Applies the set edits to the scratch copy: each path must name one
 * parameter (or, with '*', several) and its value be in range. */
static void apply_set(lua_State *L, const cx_intervention *iv, const char *what)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    char why[CX_ERROR_MAX];
    double v;
    cx_error e;
    for (size_t i = 0; i < ld->edits.n_set; i++) {
        const cx_edit *ed = &ld->edits.edits[i];
        cx_lua_path_kind k = strchr(ed->path, '*') ? CX_LUA_PATH_VALUE
                             : cx_lua_path_resolve(ld->scratch, ed->path, &v, why, sizeof why);
        if (k == CX_LUA_PATH_UNKNOWN)
            cx_lua_error_at(L, iv->line, what, "set[\"%s\"]: %s", ed->path, why);
        if (k == CX_LUA_PATH_GROUP)
            cx_lua_error_at(L, iv->line, what, "set[\"%s\"]: names a group of parameters, "
                            "not one", ed->path);
        if (cx_model_set(ld->scratch, ed->path, ed->value, &e) != CX_OK)
            cx_lua_error_at(L, iv->line, what, "set[\"%s\"]: %s", ed->path, e.msg);
    }
}

/* Runs apply (on top of the stack) once on the scratch model. */
static void run_apply(lua_State *L, const char *what)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    ld->apply_serial++;         /* proxies of earlier calls go stale */
    ld->apply_what = what;
    ld->in_apply = 1;
    cx_lua_proxy_push(L);
    lua_call(L, 1, 0);
    ld->in_apply = 0;
    ld->apply_what = NULL;
}

static void check_segments(lua_State *L, const cx_intervention *iv, const char *what,
                           char (*names)[CX_NAME_MAX], size_t n)
{
    const cx_model *m = cx_lua_loader_of(L)->model;
    for (size_t i = 0; i < n; i++) {
        size_t s = 0;
        while (s < m->n_segments && strcmp(m->segments[s].name, names[i]) != 0)
            s++;
        if (s == m->n_segments)
            cx_lua_error_at(L, iv->line, what, "segments names \"%s\", which is not "
                            "declared", names[i]);
    }
}

/* The intervention record at index rec: checks it against the model, runs
 * its set and apply, and adds it to the model. */
static void finish_intervention(lua_State *L, int rec)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    char what[WHAT_MAX];
    cx_error e;
    lua_rawgeti(L, rec, 1);
    cx_intervention iv = *(const cx_intervention *)lua_touserdata(L, -1);
    lua_rawgeti(L, rec, 2);
    iv.segments = lua_touserdata(L, -1);            /* NULL if nil */
    iv.n_segments = iv.segments ? lua_rawlen(L, -1) / CX_NAME_MAX : 0;
    lua_rawgeti(L, rec, 3);
    const cx_edit *set = lua_touserdata(L, -1);
    snprintf(what, sizeof what, "intervention \"%s\"", iv.name);
    check_segments(L, &iv, what, iv.segments, iv.n_segments);
    session_begin(L, set, set ? lua_rawlen(L, -1) / sizeof *set : 0);
    apply_set(L, &iv, what);
    if (lua_rawgeti(L, rec, 4) == LUA_TFUNCTION)
        run_apply(L, what);
    else
        lua_pop(L, 1);
    iv.edits = ld->edits.edits;
    iv.n_edits = ld->edits.n;
    if (cx_model_add_intervention(ld->model, &iv, &e) != CX_OK) {
        if (strncmp(e.msg, ld->path, strlen(ld->path)) == 0)
            cx_lua_error_status(L, &e);             /* already positioned */
        cx_lua_error_at(L, iv.line, what, "%s", e.msg);
    }
    lua_pop(L, 3);
}

/* ---- variant ---------------------------------------------------------------------- */

typedef struct variant_rec {
    char name[CX_NAME_MAX];
    int line;
    size_t n;
    char names[CX_MAX_INTERVENTIONS][CX_NAME_MAX];
} variant_rec;

/* The curried half: variant "name" { "intervention", ... }. */
static int variant_body(lua_State *L)
{
    const char *name = cx_lua_curried_name(L);
    char what[WHAT_MAX];
    snprintf(what, sizeof what, "variant \"%s\"", name);
    (void)cx_lua_model(L);
    if (lua_type(L, 1) != LUA_TTABLE)
        return cx_lua_error(L, what, "expects a list of intervention names, got %s",
                            luaL_typename(L, 1));
    lua_settop(L, 1);
    size_t n = check_list(L, 1, what, NULL, "variant \"v\" { \"a\", \"b\" }");
    if (n > CX_MAX_INTERVENTIONS)
        return cx_lua_error(L, what, "lists %zu interventions, at most %d", n,
                            CX_MAX_INTERVENTIONS);
    variant_rec *v = lua_newuserdatauv(L, sizeof *v, 0);
    snprintf(v->name, sizeof v->name, "%s", name);
    v->line = cx_lua_line(L);
    v->n = n;
    copy_names(L, 1, what, NULL, v->names, n);
    declare(L, "variant", name, what);
    add_record(L, "variant", 2, 2);
    return 0;
}

static void finish_variant(lua_State *L, int rec)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    const char *names[CX_MAX_INTERVENTIONS];
    char what[WHAT_MAX];
    cx_error e;
    lua_rawgeti(L, rec, 1);
    const variant_rec *v = lua_touserdata(L, -1);
    snprintf(what, sizeof what, "variant \"%s\"", v->name);
    for (size_t i = 0; i < v->n; i++) {
        names[i] = v->names[i];
        if (cx_model_intervention_index(ld->model, names[i]) >= 0)
            continue;
        cx_suggestion s;
        cx_suggest_init(&s, names[i]);
        for (size_t k = 0; k < ld->model->n_interventions; k++)
            cx_suggest_add(&s, ld->model->interventions[k].name);
        if (s.best)
            cx_lua_error_at(L, v->line, what, "names intervention \"%s\", which is not "
                            "declared; did you mean \"%s\"?", names[i], s.best);
        cx_lua_error_at(L, v->line, what, "names intervention \"%s\", which is not "
                        "declared", names[i]);
    }
    if (cx_model_add_variant(ld->model, v->name, v->line, names, v->n, &e) != CX_OK) {
        if (strncmp(e.msg, ld->path, strlen(ld->path)) == 0)
            cx_lua_error_status(L, &e);
        cx_lua_error_at(L, v->line, what, "%s", e.msg);
    }
    lua_pop(L, 1);
}

/* ---- finishing and registration --------------------------------------------------- */

/* Calls finish on every record of family, in declaration order. */
static void finish_all(lua_State *L, const char *family, void (*finish)(lua_State *, int))
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, cx_lua_loader_of(L)->records_ref);
    lua_getfield(L, -1, family);
    size_t n = lua_rawlen(L, -1);
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i);
        finish(L, lua_gettop(L));
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
}

void cx_lua_records_finish(lua_State *L)
{
    assert(cx_lua_loader_of(L)->closed);        /* after the chunk only */
    luaL_checkstack(L, 24, "finishing interventions");  /* more than the 20 given */
    finish_all(L, "intervention", finish_intervention);
    finish_all(L, "variant", finish_variant);
}

static int intervention_new(lua_State *L)
{
    char name[CX_NAME_MAX];
    cx_lua_check_name(L, 1, "intervention", name, sizeof name);
    if (lua_gettop(L) > 1)
        return cx_lua_error(L, "intervention", "takes the name alone; "
                            "write intervention \"%s\" { ... }", name);
    cx_lua_curry(L, "intervention", name, intervention_body);
    return 1;
}

static int variant_new(lua_State *L)
{
    char name[CX_NAME_MAX];
    cx_lua_check_name(L, 1, "variant", name, sizeof name);
    if (lua_gettop(L) > 1)
        return cx_lua_error(L, "variant", "takes the name alone; "
                            "write variant \"%s\" { ... }", name);
    cx_lua_curry(L, "variant", name, variant_body);
    return 1;
}

static const luaL_Reg intervention_lib[] = {
    {"intervention", intervention_new},
    {"variant", variant_new},
    {NULL, NULL}
};

void cx_lua_open_intervention(lua_State *L)
{
    luaL_setfuncs(L, intervention_lib, 0);
}
