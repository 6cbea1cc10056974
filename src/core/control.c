/* control.c - what acts in a replication besides the base model: the
 * variant's interventions and what they cost, and the policy that may
 * enable, disable and override between periods. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_internal.h"
#include "model_internal.h"

/* Interventions acting in period t: enabled and within start..stop. */
uint64_t cx_engine_active_in(const cx_engine *e, uint32_t t)
{
    uint64_t active = 0;
    for (size_t i = 0; i < e->m->n_interventions; i++) {
        const cx_intervention *iv = &e->m->interventions[i];
        if ((e->enabled >> i & 1) && (uint32_t)iv->start <= t &&
            (iv->stop == 0 || t <= (uint32_t)iv->stop))
            active |= (uint64_t)1 << i;
    }
    return active;
}

/* What intervention i costs in period t (undiscounted): its fixed cost the
 * first period it acts, per active customer it reaches, per visit it pays
 * for (the touchpoints it edits, by the customers it reaches). */
static double intervention_cost(cx_engine *e, size_t i)
{
    const cx_intervention *iv = &e->m->interventions[i];
    const uint8_t *reach = &e->res.iv_seg[i * e->res.n_seg], *tps = &e->res.iv_tp[i * e->n_tp];
    double cost = 0;
    if (!(e->paid_fixed >> i & 1)) {
        cost += iv->cost_fixed;
        e->paid_fixed |= (uint64_t)1 << i;
    }
    for (size_t s = 0; s < e->m->n_segments; s++) {
        if (!reach[s])
            continue;
        cost += iv->cost_per_customer * e->seg_active[s];
        for (size_t g = 0; iv->cost_per_visit > 0 && g < e->n_tp; g++)
            if (tps[g])
                cost += iv->cost_per_visit * (e->tp_seg[s * e->n_tp + g].visits -
                                              e->visits_seen[s * e->n_tp + g]);
    }
    return cost;
}

void cx_engine_pay(cx_engine *e, uint64_t active, double discount, cx_tally *ty)
{
    for (size_t i = 0; i < e->m->n_interventions; i++)
        if (active >> i & 1)
            ty->cost += intervention_cost(e, i) * discount;
    for (size_t c = 0; c < e->m->n_segments * e->n_tp; c++)
        e->visits_seen[c] = e->tp_seg[c].visits;
}

/* ---- variants and policies ---------------------------------------------- */

cx_status cx_engine_set_variant(cx_engine *e, size_t variant, cx_error *err)
{
    uint64_t mask = 0;
    if (variant != CX_NO_VARIANT) {
        if (variant >= e->m->n_variants)
            return cx_error_set(err, CX_ERR_USAGE, "no variant %zu", variant);
        const cx_variant *v = &e->m->variants[variant];
        for (size_t k = 0; k < v->n_interventions; k++)
            mask |= (uint64_t)1 << v->interventions[k];
    }
    e->variant = variant;
    e->variant_mask = mask;
    return CX_OK;
}

void cx_engine_set_antithetic(cx_engine *e, int on)
{
    e->antithetic = on != 0;
}

void cx_engine_set_stop(cx_engine *e, const volatile sig_atomic_t *stop)
{
    e->stop = stop;
}

void cx_engine_set_recorder(cx_engine *e, const cx_engine_recorder *r)
{
    e->recorder = r ? *r : (cx_engine_recorder){0};
}

void cx_engine_set_policy(cx_engine *e, const cx_policy *p)
{
    e->has_policy = p != NULL;
    if (p)
        e->policy = *p;
    /* the walk plans carry the per-visit hook: rebuild them */
    e->res.hook = p && p->on_visit ? &e->policy : NULL;
    cx_resolved_invalidate(&e->res);
}

cx_status cx_engine_enable(cx_engine *e, const char *intervention, int on, cx_error *err)
{
    int i = cx_model_intervention_index(e->m, intervention);
    if (i < 0) {
        char hint[CX_NAME_MAX + 32];
        cx_model_intervention_hint(e->m, intervention, hint, sizeof hint);
        return cx_error_set(err, CX_ERR_INPUT, "no intervention named \"%s\"%s", intervention,
                            hint);
    }
    if (on)
        e->enabled |= (uint64_t)1 << i;
    else
        e->enabled &= ~((uint64_t)1 << i);
    return CX_OK;
}

int cx_engine_horizon(const cx_engine *e)
{
    return e->m->horizon;
}

const char *cx_engine_variant_name(const cx_engine *e)
{
    return e->variant == CX_NO_VARIANT ? "baseline" : e->m->variants[e->variant].name;
}

int cx_engine_enabled(const cx_engine *e, const char *intervention)
{
    int i = cx_model_intervention_index(e->m, intervention);
    return i < 0 ? -1 : (int)(e->enabled >> i & 1);
}

/* Checks an override on a scratch copy of the model, so that a bad path or
 * value is reported where the policy made it. */
static cx_status check_override(const cx_engine *e, const char *path, double value,
                                cx_error *err)
{
    cx_error why;
    cx_model *scratch = cx_model_copy(e->m);
    if (!scratch)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory checking an override");
    cx_status st = cx_model_set(scratch, path, value, &why);
    for (size_t s = 0; st == CX_OK && s < scratch->n_segments; s++)
        st = cx_model_validate_segment(scratch, s, &why);
    cx_model_free(scratch);
    if (st == CX_OK && cx_model_structural_path(path))
        return cx_error_set(err, CX_ERR_INPUT, "%s cannot change during a run", path);
    if (st == CX_OK)
        return CX_OK;
    return cx_error_set(err, CX_ERR_INPUT, "%s", why.msg);
}

cx_status cx_engine_override(cx_engine *e, const char *path, double value, cx_error *err)
{
    cx_status st = check_override(e, path, value, err);
    if (st != CX_OK)
        return st;
    if (strlen(path) >= sizeof e->overrides[0].path)
        return cx_error_set(err, CX_ERR_INPUT, "parameter path too long: %s", path);
    if (e->n_overrides == e->cap_overrides) {
        size_t cap = e->cap_overrides ? 2 * e->cap_overrides : 8;
        cx_edit *g = realloc(e->overrides, cap * sizeof *g);
        if (!g)
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory for an override");
        e->overrides = g;
        e->cap_overrides = cap;
    }
    snprintf(e->overrides[e->n_overrides].path, sizeof e->overrides[0].path, "%s", path);
    e->overrides[e->n_overrides++].value = value;
    cx_resolved_invalidate(&e->res);
    return CX_OK;
}
