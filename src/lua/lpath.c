/* lpath.c - dotted parameter paths over a model (the paths of --set and of
 * an intervention's set table), and the model proxy an intervention's
 * apply(m) function reads and writes.
 *
 * The proxy: m.journey.purchase.checkout.recovery.success reads a number;
 * every prefix (m.journey, m.journey.purchase, ...) is a proxy of its own.
 * Reads come from the apply session's scratch copy of the model (the
 * baseline with the intervention's set entries applied), writes go through
 * cx_model_set into that copy, so that later reads see them, and are
 * recorded as cx_edits. A proxy is only usable during its apply call.
 */
#include "lpath.h"
#include "loader.h"
#include "lerror.h"
#include "constructors.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/suggest.h"

#define PROXY_TYPE "cxsim.model"
#define PROXY_PATH_MAX 256      /* cx_edit.path */
#define MAX_APPLY_EDITS 4096    /* distinct parameters one apply may write */

/* ---- resolving ---------------------------------------------------------------- */

/* Copies the component of path before the first '.' into head; returns
 * what follows the dot, or NULL if there is none (head is all of path). */
static const char *head_of(const char *path, char *head, size_t size)
{
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    snprintf(head, size, "%.*s", (int)n, path);
    return dot ? dot + 1 : NULL;
}

/* Appends "; did you mean 'X'?" to why when a candidate is close. */
static void add_hint(const cx_suggestion *sg, char *why, size_t why_size)
{
    size_t used = strlen(why);
    if (sg->best && used < why_size)
        snprintf(why + used, why_size - used, "; did you mean '%s'?", sg->best);
}

/* key (never NULL) among specs, the parameters of object (what names it). */
static cx_lua_path_kind in_specs(const cx_param_spec *specs, size_t n, const void *object,
                                 const char *what, const char *key, double *value,
                                 char *why, size_t why_size)
{
    const cx_param_spec *spec = cx_param_find(specs, n, key);
    size_t len = strlen(key);
    if (spec) {
        *value = cx_param_get(spec, object);
        return CX_LUA_PATH_VALUE;
    }
    for (size_t i = 0; i < n; i++)
        if (strncmp(specs[i].key, key, len) == 0 && specs[i].key[len] == '.')
            return CX_LUA_PATH_GROUP;
    cx_suggestion sg;
    cx_suggest_init(&sg, key);
    for (size_t i = 0; i < n; i++)
        cx_suggest_add(&sg, specs[i].key);
    snprintf(why, why_size, "%s has no parameter '%s'", what, key);
    add_hint(&sg, why, why_size);
    return CX_LUA_PATH_UNKNOWN;
}

static const cx_segment *segment_named(const cx_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_segments; i++)
        if (strcmp(m->segments[i].name, name) == 0)
            return &m->segments[i];
    return NULL;
}

static void segment_hint(const cx_model *m, const char *name, char *why, size_t why_size)
{
    cx_suggestion sg;
    cx_suggest_init(&sg, name);
    for (size_t i = 0; i < m->n_segments; i++)
        cx_suggest_add(&sg, m->segments[i].name);
    add_hint(&sg, why, why_size);
}

static cx_lua_path_kind in_segment(const cx_model *m, const char *rest, double *value,
                                   char *why, size_t why_size)
{
    char name[CX_NAME_MAX + 1], what[CX_NAME_MAX + 16];
    size_t n;
    const char *key = head_of(rest, name, sizeof name);
    const cx_segment *s = segment_named(m, name);
    if (!s) {
        snprintf(why, why_size, "no segment named \"%s\"", name);
        segment_hint(m, name, why, why_size);
        return CX_LUA_PATH_UNKNOWN;
    }
    if (!key)
        return CX_LUA_PATH_GROUP;
    snprintf(what, sizeof what, "segment \"%s\"", s->name);
    const cx_param_spec *specs = cx_model_segment_params(&n);
    return in_specs(specs, n, s, what, key, value, why, why_size);
}

/* journey.J.frequency (rest = "frequency...") or frequency.SEGMENT. */
static cx_lua_path_kind in_frequency(const cx_model *m, const cx_journey *j,
                                     const char *rest, double *value, char *why,
                                     size_t why_size)
{
    if (rest[9] == '\0') {
        *value = j->frequency;
        return CX_LUA_PATH_VALUE;
    }
    const cx_segment *s = segment_named(m, rest + 10);
    if (!s) {
        snprintf(why, why_size, "journey \"%s\": frequency: no segment named \"%s\"",
                 j->name, rest + 10);
        segment_hint(m, rest + 10, why, why_size);
        return CX_LUA_PATH_UNKNOWN;
    }
    *value = cx_journey_frequency_of(j, s);
    return CX_LUA_PATH_VALUE;
}

static cx_lua_path_kind in_journey(const cx_model *m, const char *rest, double *value,
                                   char *why, size_t why_size)
{
    char name[CX_NAME_MAX + 1], tp[CX_NAME_MAX + 1], what[2 * CX_NAME_MAX + 32];
    size_t n;
    const cx_journey *j = NULL;
    rest = head_of(rest, name, sizeof name);
    for (size_t i = 0; i < m->n_journeys && !j; i++)
        if (strcmp(m->journeys[i].name, name) == 0)
            j = &m->journeys[i];
    if (!j) {
        cx_suggestion sg;
        cx_suggest_init(&sg, name);
        for (size_t i = 0; i < m->n_journeys; i++)
            cx_suggest_add(&sg, m->journeys[i].name);
        snprintf(why, why_size, "no journey named \"%s\"", name);
        add_hint(&sg, why, why_size);
        return CX_LUA_PATH_UNKNOWN;
    }
    if (!rest)
        return CX_LUA_PATH_GROUP;
    if (strncmp(rest, "frequency", 9) == 0 && (rest[9] == '\0' || rest[9] == '.'))
        return in_frequency(m, j, rest, value, why, why_size);
    if (strcmp(rest, "start") == 0)         /* the start table: its outcomes below */
        return CX_LUA_PATH_GROUP;
    const char *key = head_of(rest, tp, sizeof tp);
    for (size_t k = 0; k < j->n_touchpoints; k++) {
        const cx_touchpoint *t = &j->touchpoints[k];
        if (strcmp(t->name, tp) != 0)
            continue;
        if (!key || strcmp(key, "next") == 0)  /* next: the table's outcomes below */
            return CX_LUA_PATH_GROUP;
        snprintf(what, sizeof what, "touchpoint \"%s.%s\"", j->name, t->name);
        const cx_param_spec *specs = cx_model_touchpoint_params(&n);
        return in_specs(specs, n, t, what, key, value, why, why_size);
    }
    cx_suggestion sg;
    cx_suggest_init(&sg, tp);
    for (size_t k = 0; k < j->n_touchpoints; k++)
        cx_suggest_add(&sg, j->touchpoints[k].name);
    snprintf(why, why_size, "journey \"%s\" has no touchpoint \"%s\"", j->name, tp);
    add_hint(&sg, why, why_size);
    return CX_LUA_PATH_UNKNOWN;
}

cx_lua_path_kind cx_lua_path_resolve(const cx_model *m, const char *path,
                                     double *value, char *why, size_t why_size)
{
    char root[16];
    size_t n;
    assert(m && path && value && why && why_size > 0);
    if (path[0] == '\0')
        return CX_LUA_PATH_GROUP;
    const char *rest = head_of(path, root, sizeof root);
    int known = !strcmp(root, "scenario") || !strcmp(root, "segment")
                || !strcmp(root, "journey");
    if (known && !rest)
        return CX_LUA_PATH_GROUP;
    const cx_param_spec *specs = cx_model_scenario_params(&n);
    if (known && !strcmp(root, "scenario"))
        return in_specs(specs, n, m, "scenario", rest, value, why, why_size);
    if (known && !strcmp(root, "segment"))
        return in_segment(m, rest, value, why, why_size);
    if (known && cx_model_share_path(m, path)) {    /* journey.J.start.T, journey.J.T.next.S */
        cx_error e;
        if (cx_model_get(m, path, value, &e) == CX_OK)
            return CX_LUA_PATH_VALUE;
        snprintf(why, why_size, "%s", e.msg);
        return CX_LUA_PATH_UNKNOWN;
    }
    if (known)
        return in_journey(m, rest, value, why, why_size);
    snprintf(why, why_size, "'%s' must start with scenario., segment. or journey.", path);
    return CX_LUA_PATH_UNKNOWN;
}

int cx_lua_path_normalise(const char *key, char *out, size_t size)
{
    static const char *const roots[] = {"journey.", "segment.", "scenario."};
    int n = -1;
    assert(key && out && size > 0);
    for (size_t i = 0; i < 3 && n < 0; i++)
        if (strncmp(key, roots[i], strlen(roots[i])) == 0)
            n = snprintf(out, size, "%s", key);
    if (n < 0)
        n = snprintf(out, size, "journey.%s", key);
    return n >= 0 && (size_t)n < size;
}

/* ---- the proxy ---------------------------------------------------------------- */

typedef struct proxy {
    unsigned serial;            /* the apply session it belongs to */
    char path[PROXY_PATH_MAX];  /* "" for m itself */
} proxy;

static void push_proxy(lua_State *L, unsigned serial, const char *path)
{
    proxy *p = lua_newuserdatauv(L, sizeof *p, 0);
    p->serial = serial;
    snprintf(p->path, sizeof p->path, "%s", path);
    luaL_setmetatable(L, PROXY_TYPE);
}

void cx_lua_proxy_push(lua_State *L)
{
    assert(cx_lua_loader_of(L)->in_apply && cx_lua_loader_of(L)->scratch);
    push_proxy(L, cx_lua_loader_of(L)->apply_serial, "");
}

/* The proxy at index 1, checked to belong to the running apply call. */
static proxy *check_proxy(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    proxy *p = luaL_checkudata(L, 1, PROXY_TYPE);
    if (!ld->in_apply || p->serial != ld->apply_serial || !ld->scratch)
        cx_lua_error(L, NULL, "the model an intervention's apply receives can only be "
                     "used during that call");
    return p;
}

/* The path of p's field k (index 2), into out. */
static void field_path(lua_State *L, const proxy *p, char *out, size_t size)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    if (lua_type(L, 2) != LUA_TSTRING)
        cx_lua_error(L, ld->apply_what, "apply: m%s%s[%s]: parameter names are strings",
                     p->path[0] ? "." : "", p->path, luaL_typename(L, 2));
    const char *k = lua_tostring(L, 2);
    int n = p->path[0] ? snprintf(out, size, "%s.%s", p->path, k)
                       : snprintf(out, size, "%s", k);
    if (n < 0 || (size_t)n >= size)
        cx_lua_error(L, ld->apply_what, "apply: m.%s...: path longer than %zu bytes",
                     p->path, size - 1);
}

static int proxy_index(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    proxy *p = check_proxy(L);
    char path[PROXY_PATH_MAX], why[CX_ERROR_MAX];
    double v;
    field_path(L, p, path, sizeof path);
    switch (cx_lua_path_resolve(ld->scratch, path, &v, why, sizeof why)) {
    case CX_LUA_PATH_VALUE:
        lua_pushnumber(L, v);
        return 1;
    case CX_LUA_PATH_GROUP:
        push_proxy(L, p->serial, path);
        return 1;
    default:
        return cx_lua_error(L, ld->apply_what, "apply: m.%s: %s", path, why);
    }
}

/* Records path = value in the session's edits: a parameter written twice
 * keeps one edit, with the last value. The buffer is a userdata in the
 * registry, replaced by a larger one as it grows. */
static void record_edit(lua_State *L, const char *path, double value)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    cx_lua_edits *ed = &ld->edits;
    for (size_t i = ed->n_set; i < ed->n; i++)
        if (strcmp(ed->edits[i].path, path) == 0) {
            ed->edits[i].value = value;
            return;
        }
    if (ed->n - ed->n_set >= MAX_APPLY_EDITS)
        cx_lua_error(L, ld->apply_what, "apply: writes more than %d parameters",
                     MAX_APPLY_EDITS);
    if (ed->n == ed->cap) {
        size_t cap = 2 * ed->cap + 8;
        cx_edit *grown = lua_newuserdatauv(L, cap * sizeof *grown, 0);
        if (ed->n)
            memcpy(grown, ed->edits, ed->n * sizeof *grown);
        lua_rawseti(L, LUA_REGISTRYINDEX, ed->ref);    /* the old one is garbage */
        ed->edits = grown;
        ed->cap = cap;
    }
    snprintf(ed->edits[ed->n].path, sizeof ed->edits[ed->n].path, "%s", path);
    ed->edits[ed->n++].value = value;
}

static int proxy_newindex(lua_State *L)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    proxy *p = check_proxy(L);
    char path[PROXY_PATH_MAX], why[CX_ERROR_MAX];
    double v;
    cx_error e;
    field_path(L, p, path, sizeof path);
    cx_lua_path_kind kind = cx_lua_path_resolve(ld->scratch, path, &v, why, sizeof why);
    if (kind == CX_LUA_PATH_UNKNOWN)
        return cx_lua_error(L, ld->apply_what, "apply: m.%s: %s", path, why);
    if (kind == CX_LUA_PATH_GROUP)
        return cx_lua_error(L, ld->apply_what, "apply: cannot assign to m.%s, a group of "
                            "parameters", path);
    if (lua_type(L, 3) != LUA_TNUMBER)
        return cx_lua_error(L, ld->apply_what, "apply: m.%s must be a number, got %s", path,
                            luaL_typename(L, 3));
    v = lua_tonumber(L, 3);
    if (cx_model_set(ld->scratch, path, v, &e) != CX_OK)
        return cx_lua_error(L, ld->apply_what, "apply: m.%s: %s", path, e.msg);
    record_edit(L, path, v);
    return 0;
}

static int proxy_tostring(lua_State *L)
{
    proxy *p = luaL_checkudata(L, 1, PROXY_TYPE);
    lua_pushfstring(L, "model%s%s", p->path[0] ? "." : "", p->path);
    return 1;
}

static const luaL_Reg proxy_meta[] = {
    {"__index", proxy_index},
    {"__newindex", proxy_newindex},
    {"__tostring", proxy_tostring},
    {NULL, NULL}
};

void cx_lua_open_proxy(lua_State *L)
{
    luaL_newmetatable(L, PROXY_TYPE);
    luaL_setfuncs(L, proxy_meta, 0);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");         /* scripts cannot swap it */
    lua_pop(L, 1);
}
