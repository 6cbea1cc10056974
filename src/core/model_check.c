/* model_check.c - cx_model_validate: the model's own checks (model.c),
 * then those that try each intervention's edits and each parameter
 * range's bounds on a copy of the model.
 *
 * The copies are why these checks live here, above the files they use:
 * model.c copies a model's interventions (intervention.c) and ranges
 * (ranges.c), so checks there that copied the model would make a circle
 * of files that use each other (docs/architecture.md).
 */
#include "cxsim/model.h"
#include "model_internal.h"

#include <math.h>
#include <string.h>

static int has_segment(const cx_model *m, const char *name)
{
    for (size_t s = 0; s < m->n_segments; s++)
        if (strcmp(m->segments[s].name, name) == 0)
            return 1;
    return 0;
}

/* Applies iv's edits to a scratch copy, so that a bad path or value is
 * found at load time, not in the middle of a run. */
static cx_status validate_one(const cx_model *m, const cx_intervention *iv, cx_model *scratch,
                              cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    cx_error why;
    cx_model_where(m, iv->line, at, sizeof at);
    for (size_t k = 0; k < iv->n_segments; k++)
        if (!has_segment(m, iv->segments[k]))
            return cx_error_set(err, CX_ERR_INPUT,
                                "%sintervention \"%s\": no segment named \"%s\"", at,
                                iv->name, iv->segments[k]);
    for (size_t k = 0; k < iv->n_edits; k++) {
        if (cx_model_set(scratch, iv->edits[k].path, iv->edits[k].value, &why) == CX_OK)
            continue;
        return cx_error_set(err, CX_ERR_INPUT, "%sintervention \"%s\": %s", at, iv->name,
                            why.msg);
    }
    /* The edits alone must leave every segment valid (w_peak + w_end <= 1):
     * on a fresh copy, since the scratch holds every intervention's edits. */
    cx_model *alone = cx_model_copy(m);
    if (!alone)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory validating interventions");
    alone->source[0] = '\0';     /* messages name the intervention's line */
    cx_status st = CX_OK;
    for (size_t k = 0; k < iv->n_edits; k++)
        (void)cx_model_set(alone, iv->edits[k].path, iv->edits[k].value, NULL);
    for (size_t s = 0; st == CX_OK && s < m->n_segments; s++)
        if (cx_model_validate_segment(alone, s, &why) != CX_OK)
            st = cx_error_set(err, CX_ERR_INPUT, "%sintervention \"%s\": %s", at, iv->name,
                              why.msg);
    cx_model_free(alone);
    return st;
}

cx_status cx_model_validate_interventions(const cx_model *m, cx_error *err)
{
    if (m->n_interventions == 0)
        return CX_OK;
    cx_model *scratch = cx_model_copy(m);
    if (!scratch)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory validating interventions");
    cx_status st = CX_OK;
    for (size_t i = 0; st == CX_OK && i < m->n_interventions; i++)
        st = validate_one(m, &m->interventions[i], scratch, err);
    cx_model_free(scratch);
    return st;
}

cx_status cx_model_check_range(const cx_model *m, const char *path, double lo, double hi,
                               cx_error *err)
{
    if (strcmp(path, "scenario.horizon") == 0)
        return cx_error_set(err, CX_ERR_USAGE, "cannot vary: every run of an analysis has "
                            "the scenario's horizon");
    if (strcmp(path, "scenario.reps") == 0)
        return cx_error_set(err, CX_ERR_USAGE, "not a model parameter: it is the number "
                            "of replications (use --reps)");
    size_t n = strlen(path);
    if (n >= 6 && strcmp(path + n - 6, ".share") == 0)
        return cx_error_set(err, CX_ERR_USAGE, "cannot vary alone: segment shares must sum "
                            "to 1");
    if (!(lo < hi))
        return cx_error_set(err, CX_ERR_USAGE, "low (%g) must be below high (%g)", lo, hi);
    cx_model *c = cx_model_copy(m);
    if (!c)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory copying the model");
    /* cx_model_set's messages name the value ("... must be in [0,1], got 1.3") */
    cx_status st = cx_model_set(c, path, lo, err);
    if (st == CX_OK)
        st = cx_model_set(c, path, hi, err);
    cx_model_free(c);
    return st;
}

cx_status cx_model_validate_ranges(const cx_model *m, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    cx_error why;
    for (size_t i = 0; i < m->n_ranges; i++) {
        const cx_param_range *r = &m->ranges[i];
        cx_dist d;
        double lo, hi;
        /* bounds given: they are checked first (the message names them) */
        int given = !isnan(r->low) && !isnan(r->high);
        cx_status st = given ? CX_OK : cx_model_range_dist(m, i, &d, err);
        if (st != CX_OK)
            return st;
        if (!given)
            cx_model_range_bounds(m, i, &d, &lo, &hi);
        st = cx_model_check_range(m, r->path, given ? r->low : lo, given ? r->high : hi, &why);
        if (st == CX_ERR_NOMEM)
            return cx_error_set(err, st, "%s", why.msg);
        if (st != CX_OK)
            return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\": %s",
                                cx_model_where(m, r->line, at, sizeof at), r->path, why.msg);
        if (given && (st = cx_model_range_dist(m, i, &d, err)) != CX_OK)
            return st;
    }
    return CX_OK;
}

cx_status cx_model_validate(const cx_model *m, cx_error *err)
{
    cx_status st = cx_model_validate_structure(m, err);
    if (st == CX_OK)
        st = cx_model_validate_interventions(m, err);
    return st == CX_OK ? cx_model_validate_ranges(m, err) : st;
}
