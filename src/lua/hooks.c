/* hooks.c - the scenario's hooks checked when it is loaded, not when a run
 * reaches them.
 *
 * A policy's mistakes used to pass silently: a hook misspelt
 * (`on_periods = function ...`) is just another global, so the policy never
 * ran and the "policy" variant equalled the baseline to the last digit; and
 * a misspelt name in `sim:enable("...")` failed only at run time, in the
 * period that reached it. Once the chunk has returned this file
 *
 *   - records which hooks the scenario defines (cx_model.hooks), for `check`;
 *   - refuses a global function whose name is within two edits of a hook's
 *     (or equal to it but for case), naming the line it was defined at;
 *   - reads the scenario's text for the literal names given to
 *     `:enable("...")`, `:disable("...")`, `:enabled("...")` and
 *     `:metric("...")` (the sim methods), refuses a name the model does not
 *     have, with a did-you-mean, and marks the interventions these name as
 *     controlled by the policy: the policy switches them or reads them as
 *     its own switches (quickwins leaves those out unless candidate = true).
 *
 * The text is scanned with Lua's lexical rules for comments and strings, so
 * a name in a comment or inside a string is not taken for a call. A name
 * computed at run time (`sim:enable(name)`) is checked when it is called.
 * Modules loaded with require are not scanned.
 * Relies on: loader.h, cxsim/metrics.h, cxsim/suggest.h (hooks.h declares it).
 */
#include "hooks.h"
#include "loader.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "cxsim/metrics.h"
#include "cxsim/suggest.h"

static const char *const hook_names[] = {"on_period", "on_visit"};
static const unsigned hook_bits[] = {CX_HOOK_ON_PERIOD, CX_HOOK_ON_VISIT};
#define N_HOOKS (sizeof hook_names / sizeof hook_names[0])

/* Raises "FILE:LINE: msg" (line 0: "FILE: msg") as a bad-input error. */
static void refuse(lua_State *L, int line, const char *msg)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    ld->status = CX_ERR_INPUT;
    if (line > 0)
        lua_pushfstring(L, "%s:%d: %s", ld->short_src, line, msg);
    else
        lua_pushfstring(L, "%s: %s", ld->short_src, msg);
    lua_error(L);
}

static int same_but_case(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* The global function named key (value on top) if its name is near a
 * hook's: refused, at the line it was defined. */
static void check_near_hook(lua_State *L, const char *key)
{
    for (size_t h = 0; h < N_HOOKS; h++) {
        if (strcmp(key, hook_names[h]) == 0)
            return;
        if (!same_but_case(key, hook_names[h]) && cx_suggest_distance(key, hook_names[h]) > 2)
            continue;
        lua_Debug ar;
        lua_pushvalue(L, -1);
        lua_getinfo(L, ">S", &ar);
        char msg[256];
        snprintf(msg, sizeof msg, "function '%s' is not a hook, so cxsim never calls it; "
                 "did you mean '%s'? (the hooks are on_period and on_visit; give a helper "
                 "of yours a name farther from them)", key, hook_names[h]);
        refuse(L, ar.linedefined, msg);
    }
}

/* The hooks defined, into the model; functions near a hook's name refused. */
static void check_globals(lua_State *L, cx_lua_loader *ld)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, ld->env_ref);
    int env = lua_gettop(L);
    for (size_t h = 0; h < N_HOOKS; h++) {
        lua_pushstring(L, hook_names[h]);
        int type = lua_rawget(L, env);          /* raw: the env is strict */
        if (type != LUA_TNIL && type != LUA_TFUNCTION) {
            char msg[128];
            snprintf(msg, sizeof msg, "%s must be a function, got %s", hook_names[h],
                     lua_typename(L, type));
            refuse(L, 0, msg);
        }
        if (type == LUA_TFUNCTION)
            ld->model->hooks |= hook_bits[h];
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    while (lua_next(L, env)) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TFUNCTION)
            check_near_hook(L, lua_tostring(L, -2));
        lua_pop(L, 1);
    }
    lua_settop(L, env - 1);
}

/* ---- the text -------------------------------------------------------------- */

typedef struct scan {
    const char *p, *end;
    int line;
} scan;

/* At "[" "="* "[": the level (number of =) and p past it; else -1. */
static int long_bracket(scan *s)
{
    const char *q = s->p + 1;
    while (q < s->end && *q == '=')
        q++;
    if (q >= s->end || *q != '[')
        return -1;
    int level = (int)(q - s->p - 1);
    s->p = q + 1;
    return level;
}

/* Past the closing "]" "="*level "]", counting lines. */
static void skip_long(scan *s, int level)
{
    for (; s->p < s->end; s->p++) {
        if (*s->p == '\n')
            s->line++;
        if (*s->p != ']' || s->end - s->p < level + 2)
            continue;
        int k = 1;
        while (k <= level && s->p[k] == '=')
            k++;
        if (k == level + 1 && s->p[k] == ']') {
            s->p += k + 1;
            return;
        }
    }
}

/* Past a quoted string starting at p (the quote). */
static void skip_quoted(scan *s)
{
    char q = *s->p++;
    for (; s->p < s->end && *s->p != q; s->p++) {
        if (*s->p == '\\' && s->p + 1 < s->end) {
            s->p++;
            if (*s->p == '\n')
                s->line++;
        } else if (*s->p == '\n') {
            return;             /* unfinished: Lua refused it already */
        }
    }
    if (s->p < s->end)
        s->p++;
}

static const char *const methods[] = {"enable", "disable", "enabled", "metric"};
#define N_METHODS (sizeof methods / sizeof methods[0])

/* The intervention or metric name given to method: refused if unknown;
 * an intervention named is controlled by the policy. */
static void check_name(lua_State *L, cx_model *m, size_t method, const char *name, int line)
{
    cx_suggestion sg;
    char msg[CX_NAME_MAX * 2 + 128];
    cx_suggest_init(&sg, name);
    if (strcmp(methods[method], "metric") == 0) {
        if (cx_metric_from_name(name) >= 0)
            return;
        for (int i = 0; i < CX_METRIC_COUNT; i++)
            cx_suggest_add(&sg, cx_metric_name((cx_metric)i));
        snprintf(msg, sizeof msg, "sim:metric(\"%s\"): no metric of that name", name);
    } else {
        int iv = cx_model_intervention_index(m, name);
        if (iv >= 0) {
            m->interventions[iv].policy_controlled = 1;
            return;
        }
        for (size_t i = 0; i < m->n_interventions; i++)
            cx_suggest_add(&sg, m->interventions[i].name);
        snprintf(msg, sizeof msg, "sim:%s(\"%s\"): no intervention of that name",
                 methods[method], name);
    }
    size_t n = strlen(msg);
    if (sg.best)
        snprintf(msg + n, sizeof msg - n, "; did you mean '%s'?", sg.best);
    refuse(L, line, msg);
}

/* At ":": a sim method called with a literal name, checked. */
static void check_call(lua_State *L, cx_model *m, scan *s)
{
    const char *q = s->p + 1;
    while (q < s->end && (isalnum((unsigned char)*q) || *q == '_'))
        q++;
    size_t len = (size_t)(q - s->p - 1);
    size_t k = 0;
    while (k < N_METHODS && (strlen(methods[k]) != len || memcmp(methods[k], s->p + 1, len)))
        k++;
    while (q < s->end && (*q == ' ' || *q == '\t'))
        q++;
    if (k == N_METHODS || q >= s->end || *q != '(')
        return;
    for (q++; q < s->end && (*q == ' ' || *q == '\t'); q++)
        ;
    if (q >= s->end || (*q != '"' && *q != '\''))
        return;
    const char *start = q + 1, *stop = memchr(start, *q, (size_t)(s->end - start));
    if (!stop || memchr(start, '\\', (size_t)(stop - start)) || memchr(start, '\n',
                                                                     (size_t)(stop - start)))
        return;                 /* escapes or no end: not a plain name */
    const char *after = stop + 1;
    while (after < s->end && (*after == ' ' || *after == '\t'))
        after++;
    if (after >= s->end || *after != ')')
        return;                 /* "a" .. b: computed, checked when it runs */
    char name[CX_NAME_MAX];
    if ((size_t)(stop - start) >= sizeof name)
        return;
    memcpy(name, start, (size_t)(stop - start));
    name[stop - start] = '\0';
    check_name(L, m, k, name, s->line);
}

static void scan_text(lua_State *L, cx_model *m, const char *text, size_t len)
{
    scan s = {text, text + len, 1};
    if (len > 1 && text[0] == '#')              /* a "#!" first line */
        while (s.p < s.end && *s.p != '\n')
            s.p++;
    while (s.p < s.end) {
        char c = *s.p;
        int level;
        if (c == '\n') {
            s.line++;
            s.p++;
        } else if (c == '-' && s.end - s.p > 1 && s.p[1] == '-') {
            s.p += 2;
            if (s.p < s.end && *s.p == '[' && (level = long_bracket(&s)) >= 0)
                skip_long(&s, level);
            else
                while (s.p < s.end && *s.p != '\n')
                    s.p++;
        } else if (c == '"' || c == '\'') {
            skip_quoted(&s);
        } else if (c == '[' && (level = long_bracket(&s)) >= 0) {
            skip_long(&s, level);
        } else {
            if (c == ':')
                check_call(L, m, &s);
            s.p++;
        }
    }
}

void cx_lua_hooks_check(lua_State *L, const char *text, size_t len)
{
    cx_lua_loader *ld = cx_lua_loader_of(L);
    check_globals(L, ld);
    scan_text(L, ld->model, text, len);
}
