/* luncertainty.c - cx.run, cx.compare and cx.quickwins with
 * { uncertainty = N } (module.h,
 * docs/lua-module.md): the two-level Monte Carlo `cxsim run|compare
 * --uncertainty N` runs (cx_run_uncertainty, the draws kept by
 * cxsim/draws.h and summarised there), returned as Lua tables holding
 * the rows of uncertainty.csv, decision.csv and voi.csv (and for
 * quickwins those of quickwins_uncertainty.csv). The calling Lua
 * state is not touched while the draws run.
 */
#include "module.h"

#include <stdlib.h>

#include <lauxlib.h>

#include "cxsim/draws.h"
#include "cxsim/quickwins_uncertainty.h"
#include "cxsim/run.h"
#include "cxsim/scenario.h"

static cx_status take(void *ctx, const cx_run_draw *dr, cx_error *err)
{
    return cx_draws_add(ctx, dr->inputs, dr->mean, dr->var, dr->net, dr->net_var, err);
}

static void set_number(lua_State *L, const char *key, double x)
{
    lua_pushnumber(L, x);
    lua_setfield(L, -2, key);
}

static void set_string(lua_State *L, const char *key, const char *s)
{
    lua_pushstring(L, s);
    lua_setfield(L, -2, key);
}

/* uncertainty.csv's rows: { variant =, metric =, mean =, ... }. */
static void push_distributions(lua_State *L, const cx_draws *d)
{
    char name[2 * CX_NAME_MAX + 2];
    lua_createtable(L, (int)(cx_draws_rows(d) * CX_DRAWS_NQ), 0);     /* the list */
    lua_Integer i = 0;
    for (size_t r = 0; r < cx_draws_rows(d); r++)
        for (size_t k = 0; k < CX_DRAWS_NQ; k++) {
            if (!cx_draws_quantity_shown(k))
                continue;
            const cx_uncertainty_summary *s = cx_draws_summary(d, r, k);
            const cx_uncertainty_split *sp = &d->split[r * CX_DRAWS_NQ + k];
            cx_draws_row_name(d, r, name, sizeof name);
            lua_createtable(L, 0, 12);              /* the row */
            set_string(L, "variant", name);
            set_string(L, "metric", cx_draws_quantity_name(k));
            set_number(L, "mean", s->mean);
            set_number(L, "sd", s->sd);
            set_number(L, "p05", s->p05);
            set_number(L, "p50", s->p50);
            set_number(L, "p95", s->p95);
            set_number(L, "prob_positive", s->prob_positive);
            set_number(L, "prob_negative", s->prob_negative);
            set_number(L, "var_input", sp->input);
            set_number(L, "var_noise", sp->noise);
            lua_pushinteger(L, (lua_Integer)s->n);
            lua_setfield(L, -2, "n");
            lua_rawseti(L, -2, ++i);                /* list[i] = row */
        }
}

/* decision.csv's rows. */
static void push_decision(lua_State *L, const cx_draws *d)
{
    lua_createtable(L, (int)d->n_variants, 0);     /* the list */
    for (size_t v = 0; v < d->n_variants; v++) {
        lua_createtable(L, 0, 6);                   /* the row */
        set_string(L, "variant", d->names[v]);
        set_number(L, "expected_net_value", d->choice[v].expected);
        set_number(L, "prob_best", d->choice[v].prob_best);
        set_number(L, "prob_loss", cx_draws_summary(d, v, CX_DRAWS_NET)->prob_negative);
        set_number(L, "prob_roi_negative", cx_draws_summary(d, v, CX_M_ROI)->prob_negative);
        set_number(L, "expected_loss", d->choice[v].expected_loss);
        lua_rawseti(L, -2, (lua_Integer)v + 1);     /* list[v + 1] = row */
    }
}

/* voi.csv's rows. */
static void push_voi(lua_State *L, const cx_draws *d)
{
    lua_createtable(L, (int)d->n_inputs, 0);       /* the list */
    for (size_t i = 0; i < d->n_inputs; i++) {
        lua_createtable(L, 0, 3);                   /* the row */
        set_string(L, "parameter", d->m->ranges[i].path);
        set_number(L, "evppi", d->evppi[i]);
        set_number(L, "evpi", d->evpi);
        lua_rawseti(L, -2, (lua_Integer)i + 1);     /* list[i + 1] = row */
    }
}

/* quickwins_uncertainty.csv's rows (cx_quickwins_uncertainty_rank). */
static void push_ranking(lua_State *L, const cx_quickwins *q, const cx_draws *d)
{
    static const char *const keys[] = {
        "effect_mean", "effect_p05", "effect_p95", "prob_better", "expected_net_value",
        "prob_best", "prob_loss", "prob_roi_negative", "expected_loss"};
    cx_quickwins_uncertainty_row rows[CX_RUN_MAX_VARIANTS];
    cx_quickwins_uncertainty_rank(q, d, rows);
    lua_createtable(L, (int)q->n_candidates, 0);   /* the list */
    for (size_t r = 0; r < q->n_candidates; r++) {
        const cx_quickwins_uncertainty_row *w = &rows[r];
        lua_createtable(L, 0, 14);                  /* the row */
        lua_pushinteger(L, (lua_Integer)r + 1);
        lua_setfield(L, -2, "rank");
        set_string(L, "candidate", d->names[1 + w->candidate]);
        set_string(L, "interventions", q->candidates[w->candidate].label);
        lua_pushinteger(L, (lua_Integer)q->candidates[w->candidate].size);
        lua_setfield(L, -2, "size");
        set_string(L, "objective", q->objective.name);
        const double f[] = {w->effect->mean, w->effect->p05, w->effect->p95, w->prob_better,
                            w->expected_net_value, w->prob_best, w->prob_loss,
                            w->prob_roi_negative, w->expected_loss};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            set_number(L, keys[i], f[i]);
        lua_rawseti(L, -2, (lua_Integer)r + 1);     /* list[r + 1] = row */
    }
}

/* What a two-level run leaves for the Lua tables: the draws, and for
 * quickwins the analysis that chose the candidates and the model copy
 * whose variants they are (the draws name them). */
typedef struct lunc {
    cx_draws *d;
    cx_quickwins *q;
    cx_model *copy;
} lunc;

static void push_outcome(lua_State *L, void *ctx)
{
    const lunc *u = ctx;
    const cx_draws *d = u->d;
    lua_createtable(L, 0, 7);                       /* the outcome */
    lua_pushinteger(L, (lua_Integer)d->n);
    lua_setfield(L, -2, "draws");
    lua_pushinteger(L, (lua_Integer)d->reps);
    lua_setfield(L, -2, "reps");
    set_number(L, "evpi", d->evpi);
    push_distributions(L, d);
    lua_setfield(L, -2, "uncertainty");
    push_decision(L, d);
    lua_setfield(L, -2, "decision");
    push_voi(L, d);
    lua_setfield(L, -2, "voi");
    if (u->q) {
        push_ranking(L, u->q, d);
        lua_setfield(L, -2, "ranking");
        set_string(L, "objective", u->q->objective.name);
    }
}

static void free_outcome(void *ctx)
{
    lunc *u = ctx;
    cx_draws_free(u->d);
    cx_quickwins_free(u->q);
    cx_model_free(u->copy);
    free(u);
}

/* The two-level run of m's variants index[0..n) (NULL: the model as it
 * is) with pf, summarised into u->d. No Lua call. */
static cx_status two_level(const cx_model *m, const size_t *index, size_t n,
                           const cx_lmodule_run_opts *o, size_t draws, cx_policy_factory *pf,
                           lunc *u, cx_error *e)
{
    const char *names[CX_DRAWS_MAX_VARIANTS];
    for (size_t v = 0; v < n; v++)
        names[v] = index && index[v] != CX_NO_VARIANT ? m->variants[index[v]].name
                   : "baseline";
    cx_status st = cx_draws_new(m, names, n, o->reps, draws, NULL, &u->d, e);
    cx_run_opts ro = {
        .variants = index, .n_variants = index ? n : 0, .reps = o->reps, .seed = o->seed,
        .threads = o->threads, .policy = pf,
    };
    if (st == CX_OK)
        st = cx_run_uncertainty(m, &ro, draws, 0, take, u->d, e);
    if (st == CX_OK)
        st = cx_draws_summarise(u->d, e);
    return st;
}

/* Raises e's message once u is freed, or builds the outcome from u. */
static int finish(lua_State *L, cx_status st, lunc *u, const cx_error *e)
{
    if (st != CX_OK) {
        free_outcome(u);
        return cx_lmodule_error(L, e->msg);
    }
    return cx_lmodule_build(L, push_outcome, u, free_outcome);
}

static lunc *new_lunc(lua_State *L, const char *fn)
{
    lunc *u = calloc(1, sizeof *u);
    if (u == NULL)
        luaL_error(L, "%s: out of memory", fn);
    return u;
}

int cx_luncertainty_run(lua_State *L, const char *fn, const cx_model *m, const size_t *index,
                        size_t n, const cx_lmodule_run_opts *o, size_t draws)
{
    cx_policy_factory *pf = NULL;
    cx_error e;
    if (n > CX_DRAWS_MAX_VARIANTS)
        luaL_error(L, "%s: uncertainty runs at most %d variants", fn, CX_DRAWS_MAX_VARIANTS);
    lunc *u = new_lunc(L, fn);
    cx_status st = cx_lmodel_policy(L, 1, o->seed, &pf, &e);   /* pushes scratch */
    if (st != CX_OK) {
        free(u);
        return cx_lmodule_error(L, e.msg);
    }
    /* from here to the end of the run, no Lua call: a Lua error cannot leak */
    st = two_level(m, index, n, o, draws, pf, u, &e);
    cx_scenario_policy_free(pf);
    lua_pop(L, 1);                                  /* scratch */
    return finish(L, st, u, &e);
}

int cx_luncertainty_quickwins(lua_State *L, const char *fn, const cx_model *m,
                              cx_quickwins_opts *qo, const cx_lmodule_run_opts *o,
                              size_t draws)
{
    cx_policy_factory *pf = NULL;
    size_t index[CX_RUN_MAX_VARIANTS];
    cx_error e;
    lunc *u = new_lunc(L, fn);
    cx_status st = cx_lmodel_policy(L, 1, o->seed, &pf, &e);   /* pushes scratch */
    if (st != CX_OK) {
        free(u);
        return cx_lmodule_error(L, e.msg);
    }
    /* from here to the end of the run, no Lua call: a Lua error cannot leak */
    qo->batch = (cx_batch_opts){.reps = o->reps, .seed = o->seed, .threads = o->threads,
                                .policy = pf};
    st = cx_quickwins_uncertainty_choose(m, qo, &u->q, &u->copy, index, &e);
    if (st == CX_OK)
        st = two_level(u->copy, index, 1 + u->q->n_candidates, o, draws, pf, u, &e);
    cx_scenario_policy_free(pf);
    lua_pop(L, 1);                                  /* scratch */
    return finish(L, st, u, &e);
}
