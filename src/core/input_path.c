/* input_path.c - the inputs an intervention adds to the parameter paths
 * (intervention.NAME.cost.KEY, intervention.NAME.PATH for one of its set
 * values), and the valid range of any path: what an uncertain input's
 * distribution must stay within (docs/scenarios.md, "Distributions").
 *
 * cx_model_set and cx_model_get hand "intervention." paths here, so that
 * --set, sweep, sensitivity and the draws of --uncertainty reach the
 * effect and the cost of a fix as they reach any parameter.
 */
#include "cxsim/model.h"
#include "model_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const cost_keys[] = {"cost.fixed", "cost.per_customer", "cost.per_visit"};

static double *cost_field(cx_intervention *iv, size_t k)
{
    return k == 0 ? &iv->cost_fixed : k == 1 ? &iv->cost_per_customer : &iv->cost_per_visit;
}

/* The intervention path names (rest: what follows "intervention."), and in
 * *key what follows its name and dot; NULL if none. */
static cx_intervention *find(const cx_model *m, const char *rest, const char **key)
{
    for (size_t i = 0; i < m->n_interventions; i++) {
        size_t n = strlen(m->interventions[i].name);
        if (strncmp(rest, m->interventions[i].name, n) == 0 && rest[n] == '.') {
            *key = rest + n + 1;
            return &m->interventions[i];
        }
    }
    return NULL;
}

static int cost_index(const char *key)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(key, cost_keys[k]) == 0)
            return k;
    return -1;
}

static cx_edit *find_edit(cx_intervention *iv, const char *path)
{
    for (size_t k = 0; k < iv->n_edits; k++)
        if (strcmp(iv->edits[k].path, path) == 0)
            return &iv->edits[k];
    return NULL;
}

/* The target of an intervention path: a cost field or an edit's value. */
static cx_status target(const cx_model *m, const char *path, double **out, const char **edit,
                        cx_error *err)
{
    const char *key = NULL;
    cx_intervention *iv = find(m, path + 13, &key);
    *edit = NULL;
    if (!iv)
        return cx_error_set(err, CX_ERR_USAGE, "%s: no intervention of that name (write "
                            "intervention.NAME.cost.fixed or intervention.NAME.PATH)", path);
    int k = cost_index(key);
    if (k >= 0) {
        *out = cost_field(iv, (size_t)k);
        return CX_OK;
    }
    cx_edit *e = find_edit(iv, key);
    if (!e)
        return cx_error_set(err, CX_ERR_USAGE, "intervention \"%s\" has no cost '%s' and sets "
                            "no '%s' (its cost.fixed, cost.per_customer, cost.per_visit and "
                            "set paths can vary)", iv->name, key, key);
    *out = &e->value;
    *edit = e->path;
    return CX_OK;
}

cx_status cx_model_set_input(cx_model *m, const char *path, double value, cx_error *err)
{
    double *field, lo, hi;
    const char *edit;
    cx_status st = target(m, path, &field, &edit, err);
    if (st != CX_OK)
        return st;
    st = cx_model_bounds(m, path, &lo, &hi, err);
    if (st != CX_OK)
        return st;
    if (!isfinite(value) || value < lo || value > hi)
        return cx_error_set(err, CX_ERR_USAGE, "%s must be in [%.10g,%.10g], got %.10g",
                            path, lo, hi, value);
    *field = value;
    return CX_OK;
}

cx_status cx_model_get_input(const cx_model *m, const char *path, double *value, cx_error *err)
{
    double *field;
    const char *edit;
    cx_status st = target(m, path, &field, &edit, err);
    if (st == CX_OK)
        *value = *field;
    return st;
}

/* The range of the parameter key of a spec table (table: 0 scenario,
 * 1 segment, 2 touchpoint). */
static cx_status spec_bounds(int table, const char *key, const char *path, double *lo,
                             double *hi, cx_error *err)
{
    size_t n;
    const cx_param_spec *specs = table == 0   ? cx_model_scenario_params(&n)
                                 : table == 1 ? cx_model_segment_params(&n)
                                              : cx_model_touchpoint_params(&n);
    const cx_param_spec *s = cx_param_find(specs, n, key);
    if (!s)
        return cx_error_set(err, CX_ERR_USAGE, "%s: no parameter '%s'", path, key);
    *lo = s->lo;
    *hi = s->hi;
    return CX_OK;
}

/* What follows the next dot of s, or NULL. */
static const char *after_dot(const char *s)
{
    const char *d = strchr(s, '.');
    return d ? d + 1 : NULL;
}

cx_status cx_model_bounds(const cx_model *m, const char *path, double *lo, double *hi,
                          cx_error *err)
{
    const char *key;
    if (strncmp(path, "intervention.", 13) == 0) {
        double *field;
        const char *edit;
        cx_status st = target(m, path, &field, &edit, err);
        if (st != CX_OK || edit)
            return st != CX_OK ? st : cx_model_bounds(m, edit, lo, hi, err);
        *lo = 0, *hi = 1e15;       /* the cost keys' range (docs/scenarios.md) */
        return CX_OK;
    }
    if (strncmp(path, "scenario.", 9) == 0)
        return spec_bounds(0, path + 9, path, lo, hi, err);
    if (strncmp(path, "segment.", 8) == 0 && (key = after_dot(path + 8)))
        return spec_bounds(1, key, path, lo, hi, err);
    const char *rest = strncmp(path, "journey.", 8) == 0 ? after_dot(path + 8) : NULL;
    if (rest && strncmp(rest, "frequency", 9) == 0 && (rest[9] == '\0' || rest[9] == '.')) {
        *lo = 0, *hi = 1;
        return CX_OK;
    }
    if (rest && (key = after_dot(rest)))
        return spec_bounds(2, key, path, lo, hi, err);
    return cx_error_set(err, CX_ERR_USAGE, "'%s' is not a parameter path", path);
}
