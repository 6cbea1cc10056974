/* intervention.c - interventions and variants of a model (F19, F20):
 * adding, copying, freeing, validating, and resolving the parameters a
 * customer of one segment sees while a set of interventions acts. */
#include "cxsim/model.h"
#include "model_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/suggest.h"

int cx_model_structural_path(const char *path)
{
    static const char *const keys[] = {"scenario.horizon", "scenario.population",
                                       "scenario.reps", "scenario.max_visits"};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(path, keys[i]) == 0)
            return 1;
    /* start tables are made once per run (resolve.c) */
    if (cx_model_start_path(path))
        return 1;
    /* shares must keep summing to 1, and decide who a customer is at arrival */
    return n >= 6 && strcmp(path + n - 6, ".share") == 0;
}

static cx_status check_intervention(const cx_model *m, const cx_intervention *iv,
                                    const char *at, cx_error *err)
{
    if (cx_model_intervention_index(m, iv->name) >= 0)
        return cx_error_set(err, CX_ERR_INPUT, "%sintervention \"%s\" is declared twice",
                            at, iv->name);
    if (m->n_interventions >= CX_MAX_INTERVENTIONS)
        return cx_error_set(err, CX_ERR_INPUT, "%sat most %d interventions", at,
                            CX_MAX_INTERVENTIONS);
    if (iv->start < 1 || iv->stop < 0 || (iv->stop > 0 && iv->stop < iv->start))
        return cx_error_set(err, CX_ERR_INPUT,
                            "%sintervention \"%s\": start %d and stop %d do not make a "
                            "period range (start >= 1, stop 0 or >= start)",
                            at, iv->name, iv->start, iv->stop);
    if (iv->cost_fixed < 0 || iv->cost_per_customer < 0 || iv->cost_per_visit < 0)
        return cx_error_set(err, CX_ERR_INPUT, "%sintervention \"%s\": costs must be >= 0",
                            at, iv->name);
    for (size_t k = 0; k < iv->n_edits; k++) {
        const char *p = iv->edits[k].path;
        if (cx_model_structural_path(p))
            return cx_error_set(err, CX_ERR_INPUT,
                                "%sintervention \"%s\": %s cannot change during a run",
                                at, iv->name, p);
        if (iv->n_segments && strncmp(p, "scenario.", 9) == 0)
            return cx_error_set(err, CX_ERR_INPUT,
                                "%sintervention \"%s\": %s is scenario-wide, but the "
                                "intervention reaches some segments only",
                                at, iv->name, p);
    }
    return CX_OK;
}

cx_status cx_model_add_intervention(cx_model *m, const cx_intervention *iv, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    cx_model_where(m, iv->line, at, sizeof at);
    cx_status st = check_intervention(m, iv, at, err);
    if (st != CX_OK)
        return st;
    cx_intervention *grown = realloc(m->interventions, (m->n_interventions + 1) * sizeof *grown);
    if (!grown)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding an intervention");
    m->interventions = grown;
    cx_intervention *c = &grown[m->n_interventions];
    *c = *iv;
    c->edits = malloc((iv->n_edits + 1) * sizeof *c->edits);
    c->segments = malloc((iv->n_segments + 1) * sizeof *c->segments);
    if (!c->edits || !c->segments) {
        free(c->edits);
        free(c->segments);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding an intervention");
    }
    if (iv->n_edits)
        memcpy(c->edits, iv->edits, iv->n_edits * sizeof *c->edits);
    if (iv->n_segments)
        memcpy(c->segments, iv->segments, iv->n_segments * sizeof *c->segments);
    m->n_interventions++;
    return CX_OK;
}

void cx_model_intervention_hint(const cx_model *m, const char *name, char *hint, size_t size)
{
    cx_suggestion sg;
    cx_suggest_init(&sg, name);
    for (size_t i = 0; i < m->n_interventions; i++)
        cx_suggest_add(&sg, m->interventions[i].name);
    snprintf(hint, size, sg.best ? "; did you mean '%s'?" : "%s", sg.best ? sg.best : "");
}

int cx_model_intervention_is_candidate(const cx_intervention *iv)
{
    return iv->candidate ? iv->candidate > 0 : !iv->policy_controlled;
}

int cx_model_intervention_index(const cx_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_interventions; i++)
        if (strcmp(m->interventions[i].name, name) == 0)
            return (int)i;
    return -1;
}

cx_status cx_model_add_variant(cx_model *m, const char *name, int line,
                               const char *const *interventions, size_t n, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    cx_model_where(m, line, at, sizeof at);
    for (size_t v = 0; v < m->n_variants; v++)
        if (strcmp(m->variants[v].name, name) == 0)
            return cx_error_set(err, CX_ERR_INPUT, "%svariant \"%s\" is declared twice", at, name);
    size_t *idx = malloc((n + 1) * sizeof *idx);
    if (!idx)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding a variant");
    for (size_t k = 0; k < n; k++) {
        int i = cx_model_intervention_index(m, interventions[k]);
        if (i < 0) {
            free(idx);
            return cx_error_set(err, CX_ERR_INPUT,
                                "%svariant \"%s\": no intervention named \"%s\"", at, name,
                                interventions[k]);
        }
        idx[k] = (size_t)i;
    }
    cx_variant *grown = realloc(m->variants, (m->n_variants + 1) * sizeof *grown);
    if (!grown) {
        free(idx);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding a variant");
    }
    m->variants = grown;
    cx_variant *v = &grown[m->n_variants++];
    snprintf(v->name, sizeof v->name, "%s", name);
    v->line = line;
    v->interventions = idx;
    v->n_interventions = n;
    return CX_OK;
}

size_t cx_model_variant_order(const cx_model *m, size_t *order, size_t max)
{
    size_t n = 0, base = 0;
    const char *name = m->baseline[0] ? m->baseline : "baseline";
    for (size_t v = 0; v < m->n_variants; v++)
        if (strcmp(m->variants[v].name, name) == 0)
            base = v;
    if (m->n_variants && n < max)
        order[n++] = base;
    for (size_t v = 0; v < m->n_variants && n < max; v++)
        if (v != base)
            order[n++] = v;
    return n;
}

void cx_model_free_interventions(cx_model *m)
{
    for (size_t i = 0; i < m->n_interventions; i++) {
        free(m->interventions[i].edits);
        free(m->interventions[i].segments);
    }
    free(m->interventions);
    for (size_t v = 0; v < m->n_variants; v++)
        free(m->variants[v].interventions);
    free(m->variants);
    m->interventions = NULL;
    m->variants = NULL;
    m->n_interventions = m->n_variants = 0;
}

cx_status cx_model_copy_interventions(cx_model *dst, const cx_model *src)
{
    for (size_t i = 0; i < src->n_interventions; i++)
        if (cx_model_add_intervention(dst, &src->interventions[i], NULL) != CX_OK)
            return CX_ERR_NOMEM;
    for (size_t v = 0; v < src->n_variants; v++) {
        const cx_variant *sv = &src->variants[v];
        const char **names = malloc((sv->n_interventions + 1) * sizeof *names);
        if (!names)
            return CX_ERR_NOMEM;
        for (size_t k = 0; k < sv->n_interventions; k++)
            names[k] = src->interventions[sv->interventions[k]].name;
        cx_status st = cx_model_add_variant(dst, sv->name, sv->line, names,
                                            sv->n_interventions, NULL);
        free(names);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

