/* ranges.c - the uncertain parameters a scenario declares, with the range
 * each may take (`parameter "PATH" { low = ..., high = ... }`), and the
 * rule for which parameters an analysis may vary at all.
 */
#include "cxsim/model.h"
#include "model_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cx_status cx_model_add_range(cx_model *m, const cx_param_range *r, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    cx_model_where(m, r->line, at, sizeof at);
    for (size_t i = 0; i < m->n_ranges; i++)
        if (strcmp(m->ranges[i].path, r->path) == 0)
            return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\" is declared twice "
                                "(first at line %d)", at, r->path, m->ranges[i].line);
    if (m->n_ranges >= CX_MAX_RANGES)
        return cx_error_set(err, CX_ERR_INPUT, "%sat most %d parameters", at, CX_MAX_RANGES);
    if (!isfinite(r->low) || !isfinite(r->high) || !(r->low < r->high))
        return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\": low (%g) must be below "
                            "high (%g)", at, r->path, r->low, r->high);
    cx_param_range *grown = realloc(m->ranges, (m->n_ranges + 1) * sizeof *grown);
    if (!grown)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding a parameter range");
    m->ranges = grown;
    m->ranges[m->n_ranges++] = *r;
    return CX_OK;
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
        cx_status st = cx_model_check_range(m, r->path, r->low, r->high, &why);
        if (st == CX_ERR_NOMEM)
            return cx_error_set(err, st, "%s", why.msg);
        if (st != CX_OK)
            return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\": %s",
                                cx_model_where(m, r->line, at, sizeof at), r->path, why.msg);
    }
    return CX_OK;
}

cx_status cx_model_copy_ranges(cx_model *dst, const cx_model *src)
{
    dst->ranges = NULL;
    dst->n_ranges = 0;
    if (src->n_ranges == 0)
        return CX_OK;
    dst->ranges = malloc(src->n_ranges * sizeof *dst->ranges);
    if (!dst->ranges)
        return CX_ERR_NOMEM;
    memcpy(dst->ranges, src->ranges, src->n_ranges * sizeof *dst->ranges);
    dst->n_ranges = src->n_ranges;
    return CX_OK;
}
