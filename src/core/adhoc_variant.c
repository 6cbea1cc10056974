/* adhoc_variant.c - variants made outside the scenario file (compare
 * --variant, cx.compare's `add`): the baseline plus parameter changes and
 * a cost, held as an intervention of their own so that they run, pair and
 * cost exactly as a variant the scenario declares; and the choice of the
 * baseline (--baseline). */
#include "cxsim/model.h"
#include "model_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/suggest.h"

/* A name cxsim writes in CSV and JSON without surprise, and that the
 * command line can split from its changes at the first ':'. */
static cx_status check_name(const cx_model *m, const char *name, cx_error *err)
{
    size_t n = strlen(name);
    if (n == 0 || n >= CX_NAME_MAX)
        return cx_error_set(err, CX_ERR_USAGE, "a variant's name has 1 to %d bytes, got "
                            "'%s'", CX_NAME_MAX - 1, name);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '_' && name[i] != '-')
            return cx_error_set(err, CX_ERR_USAGE, "variant name '%s': letters, digits, _ "
                                "and - only", name);
    for (size_t v = 0; v < m->n_variants; v++)
        if (strcmp(m->variants[v].name, name) == 0)
            return cx_error_set(err, CX_ERR_USAGE, "variant \"%s\" exists already (declared "
                                "by the scenario or an earlier variant)", name);
    if (m->n_variants == 0 && strcmp(name, "baseline") == 0)
        return cx_error_set(err, CX_ERR_USAGE, "\"baseline\" is the scenario as written; "
                            "name the variant otherwise");
    if (cx_model_intervention_index(m, name) >= 0)
        return cx_error_set(err, CX_ERR_USAGE, "variant \"%s\": the scenario has an "
                            "intervention of that name; name the variant otherwise", name);
    return CX_OK;
}

/* Wildcard paths first, then by path: the order of an intervention's set
 * entries (docs/scenarios.md, "Order of the edits"), so the specific
 * path wins over segment.*.KEY whatever the order given. */
static int edit_order(const void *a, const void *b)
{
    const cx_edit *x = a, *y = b;
    int wx = strchr(x->path, '*') != NULL, wy = strchr(y->path, '*') != NULL;
    return wx != wy ? wy - wx : strcmp(x->path, y->path);
}

/* The edits in full and in order into out; each path once, none that
 * shapes a run or edits an intervention. */
static cx_status full_edits(const cx_model *m, const cx_edit *edits, size_t n, cx_edit *out,
                            cx_error *err)
{
    for (size_t k = 0; k < n; k++) {
        cx_status st = cx_model_full_path(m, edits[k].path, out[k].path, sizeof out[k].path,
                                          err);
        if (st != CX_OK)
            return st;
        out[k].value = edits[k].value;
        if (strncmp(out[k].path, "intervention.", 13) == 0)
            return cx_error_set(err, CX_ERR_USAGE, "%s: a variant changes the model, not an "
                                "intervention (change it for every variant with --set)",
                                out[k].path);
        if (cx_model_structural_path(out[k].path))
            return cx_error_set(err, CX_ERR_USAGE, "%s cannot differ between variants (every "
                                "variant has the same horizon, population, replications, "
                                "max_visits and segment shares)", out[k].path);
        for (size_t i = 0; i < k; i++)
            if (strcmp(out[i].path, out[k].path) == 0)
                return cx_error_set(err, CX_ERR_USAGE, "%s given twice", out[k].path);
    }
    qsort(out, n, sizeof *out, edit_order);
    return CX_OK;
}

/* Every edit applies to the model (the path exists, the value is in its
 * range) and leaves every segment valid; cx_model_set's messages. */
static cx_status try_edits(const cx_model *m, const cx_edit *e, size_t n, cx_error *err)
{
    cx_model *c = cx_model_copy(m);
    if (!c)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory copying the model");
    c->source[0] = '\0';
    cx_status st = CX_OK;
    for (size_t k = 0; st == CX_OK && k < n; k++)
        st = cx_model_set(c, e[k].path, e[k].value, err);
    for (size_t s = 0; st == CX_OK && s < c->n_segments; s++)
        if ((st = cx_model_validate_segment(c, s, err)) != CX_OK)
            err->code = st = CX_ERR_USAGE;
    cx_model_free(c);
    return st;
}

/* The interventions of the variant cx_model_variant_order puts first, then
 * the new one, as a variant named name. A model without variants gets its
 * implicit baseline declared first, so that it stays the baseline. */
static cx_status add_variant(cx_model *m, const char *name, cx_error *err)
{
    size_t base = 0;
    if (m->n_variants == 0 &&
        cx_model_add_variant(m, "baseline", 0, NULL, 0, err) != CX_OK)
        return err ? err->code : CX_ERR_NOMEM;
    cx_model_variant_order(m, &base, 1);
    const cx_variant *b = &m->variants[base];
    const char **names = malloc((b->n_interventions + 1) * sizeof *names);
    if (!names)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding a variant");
    for (size_t k = 0; k < b->n_interventions; k++)
        names[k] = m->interventions[b->interventions[k]].name;
    names[b->n_interventions] = name;
    cx_status st = cx_model_add_variant(m, name, 0, names, b->n_interventions + 1, err);
    free(names);
    return st;
}

cx_status cx_model_add_adhoc_variant(cx_model *m, const char *name, const cx_edit *edits,
                                     size_t n, const double cost[3], cx_error *err)
{
    cx_status st = check_name(m, name, err);
    if (st != CX_OK)
        return st;
    if (n == 0)
        return cx_error_set(err, CX_ERR_USAGE, "variant \"%s\" changes nothing: give at "
                            "least one PATH=VALUE", name);
    for (int k = 0; k < 3; k++)
        if (!(cost[k] >= 0 && cost[k] <= 1e15))
            return cx_error_set(err, CX_ERR_USAGE, "variant \"%s\": a cost is a number in "
                                "[0, 1e15], got %g", name, cost[k]);
    if (m->n_interventions >= CX_MAX_INTERVENTIONS)
        return cx_error_set(err, CX_ERR_USAGE, "variant \"%s\": at most %d interventions, "
                            "its own included", name, CX_MAX_INTERVENTIONS);
    cx_intervention iv = {.line = 0, .start = 1, .stop = 0, .n_edits = n, .candidate = -1,
                          .cost_fixed = cost[0], .cost_per_customer = cost[1],
                          .cost_per_visit = cost[2]};
    snprintf(iv.name, sizeof iv.name, "%s", name);
    if (!(iv.edits = malloc(n * sizeof *iv.edits)))
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding a variant");
    st = full_edits(m, edits, n, iv.edits, err);
    if (st == CX_OK)
        st = try_edits(m, iv.edits, n, err);
    if (st == CX_OK)
        st = cx_model_add_intervention(m, &iv, err);
    free(iv.edits);
    return st == CX_OK ? add_variant(m, name, err) : st;
}

cx_status cx_model_set_baseline(cx_model *m, const char *name, cx_error *err)
{
    const char **names = malloc((m->n_variants + 1) * sizeof *names);
    char hint[CX_NAME_MAX + 24];
    for (size_t v = 0; v < m->n_variants; v++) {
        if (strcmp(m->variants[v].name, name) == 0) {
            free(names);
            snprintf(m->baseline, sizeof m->baseline, "%s", name);
            return CX_OK;
        }
        if (names)
            names[v] = m->variants[v].name;
    }
    hint[0] = '\0';
    if (names)
        cx_suggest_hint(name, names, m->n_variants, hint, sizeof hint);
    free(names);
    return cx_error_set(err, CX_ERR_USAGE, "no variant named \"%s\"%s%s", name, hint,
                        m->n_variants ? "" : " (the scenario declares none)");
}
