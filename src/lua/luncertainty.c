/* luncertainty.c - cx.run and cx.compare with { uncertainty = N } (module.h,
 * docs/lua-module.md): the two-level Monte Carlo `cxsim run|compare
 * --uncertainty N` runs (cx_run_uncertainty, the draws kept by
 * cxsim/draws.h and summarised there), returned as Lua tables holding
 * the rows of uncertainty.csv, decision.csv and voi.csv. The calling Lua
 * state is not touched while the draws run.
 */
#include "module.h"

#include <lauxlib.h>

#include "cxsim/draws.h"
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

static void push_outcome(lua_State *L, void *ctx)
{
    const cx_draws *d = ctx;
    lua_createtable(L, 0, 6);                       /* the outcome */
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
}

static void free_draws(void *ctx)
{
    cx_draws_free(ctx);
}

int cx_luncertainty_run(lua_State *L, const char *fn, const cx_model *m, const size_t *index,
                        size_t n, const cx_lmodule_run_opts *o, size_t draws)
{
    const char *names[CX_DRAWS_MAX_VARIANTS];
    cx_policy_factory *pf = NULL;
    cx_draws *d = NULL;
    cx_error e;
    if (n > CX_DRAWS_MAX_VARIANTS)
        luaL_error(L, "%s: uncertainty runs at most %d variants", fn, CX_DRAWS_MAX_VARIANTS);
    for (size_t v = 0; v < n; v++)
        names[v] = index ? m->variants[index[v]].name : "baseline";
    cx_status st = cx_lmodel_policy(L, 1, o->seed, &pf, &e);   /* pushes scratch */
    if (st != CX_OK)
        return cx_lmodule_error(L, e.msg);
    /* from here to the end of the run, no Lua call: a Lua error cannot leak */
    st = cx_draws_new(m, names, n, o->reps, draws, NULL, &d, &e);
    cx_run_opts ro = {
        .variants = index, .n_variants = index ? n : 0, .reps = o->reps, .seed = o->seed,
        .threads = o->threads, .policy = pf,
    };
    if (st == CX_OK)
        st = cx_run_uncertainty(m, &ro, draws, 0, take, d, &e);
    if (st == CX_OK)
        st = cx_draws_summarise(d, &e);
    cx_scenario_policy_free(pf);
    lua_pop(L, 1);                                  /* scratch */
    if (st != CX_OK) {
        cx_draws_free(d);
        return cx_lmodule_error(L, e.msg);
    }
    return cx_lmodule_build(L, push_outcome, d, free_draws);
}
