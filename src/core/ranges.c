/* ranges.c - the uncertain parameters a scenario declares, with the range
 * each may take (`parameter "PATH" { low = ..., high = ... }`), and the
 * rule for which parameters an analysis may vary at all.
 */
#include "cxsim/model.h"
#include "model_internal.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The range sweep and sensitivity explore when the declaration gives a
 * distribution but no low and high: the support of a bounded one (at
 * once), else the 5 % and 95 % quantiles of the distribution truncated to
 * the parameter's range (cx_model_resolve_ranges, once the model is whole:
 * an unbounded support is no range to sweep). */
static int bounded(const cx_dist *d)
{
    return d->kind == CX_DIST_UNIFORM || d->kind == CX_DIST_TRIANGULAR
           || d->kind == CX_DIST_DISCRETE;
}

static void default_bounds(cx_param_range *r)
{
    double lo, hi;
    if (!bounded(&r->dist))
        return;
    cx_dist_support(&r->dist, &lo, &hi);
    if (isnan(r->low))
        r->low = lo;
    if (isnan(r->high))
        r->high = hi;
}

/* r with its distribution filled in and checked, and its bounds. */
static cx_status complete(const cx_param_range *r, cx_param_range *out, const char *at,
                          cx_error *err)
{
    cx_error why;
    *out = *r;
    if (!r->has_dist) {         /* keeps the tie a declaration may give */
        memset(&out->dist, 0, offsetof(cx_dist, tie));
        out->dist.kind = CX_DIST_UNIFORM;
        out->dist.p[0] = r->low;
        out->dist.p[1] = r->high;
        out->has_dist = 1;
        return CX_OK;
    }
    if (cx_dist_check(&r->dist, &why) != CX_OK)
        return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\": %s: %s", at, r->path,
                            cx_dist_name(r->dist.kind), why.msg);
    default_bounds(out);
    if (cx_dist_degenerate(&out->dist) && out->low == out->high)
        out->high = nextafter(out->low, INFINITY);   /* sweep needs low < high */
    return CX_OK;
}

cx_status cx_model_add_range(cx_model *m, const cx_param_range *r_in, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    cx_param_range full, *r = &full;
    cx_model_where(m, r_in->line, at, sizeof at);
    cx_status st = complete(r_in, &full, at, err);
    if (st != CX_OK)
        return st;
    for (size_t i = 0; i < m->n_ranges; i++)
        if (strcmp(m->ranges[i].path, r->path) == 0)
            return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\" is declared twice "
                                "(first at line %d)", at, r->path, m->ranges[i].line);
    if (m->n_ranges >= CX_MAX_RANGES)
        return cx_error_set(err, CX_ERR_INPUT, "%sat most %d parameters", at, CX_MAX_RANGES);
    /* NaN: filled by cx_model_resolve_ranges */
    int nan_ok = r_in->has_dist && !bounded(&r->dist);
    int ok_lo = isfinite(r->low) || (nan_ok && isnan(r->low));
    int ok_hi = isfinite(r->high) || (nan_ok && isnan(r->high));
    if (!ok_lo || !ok_hi || r->low >= r->high)
        return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\": low (%g) must be below "
                            "high (%g)", at, r->path, r->low, r->high);
    cx_param_range *grown = realloc(m->ranges, (m->n_ranges + 1) * sizeof *grown);
    if (!grown)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding a parameter range");
    m->ranges = grown;
    m->ranges[m->n_ranges++] = *r;
    return CX_OK;
}

cx_status cx_model_range_dist(const cx_model *m, size_t i, cx_dist *out, cx_error *err)
{
    char at[CX_PATH_MAX + 32], form[256];
    const cx_param_range *r = &m->ranges[i];
    double lo, hi, slo, shi;
    cx_error why;
    *out = r->dist;
    if (cx_model_bounds(m, r->path, &lo, &hi, &why) != CX_OK)
        return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\": %s",
                            cx_model_where(m, r->line, at, sizeof at), r->path, why.msg);
    if (out->kind == CX_DIST_NORMAL || out->kind == CX_DIST_LOGNORMAL) {
        out->lo = out->lo > lo ? out->lo : lo;
        out->hi = out->hi < hi ? out->hi : hi;
        if (cx_dist_check(out, &why) != CX_OK)
            return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\": %s: %s",
                                cx_model_where(m, r->line, at, sizeof at), r->path,
                                cx_dist_name(out->kind), why.msg);
    }
    cx_dist_support(out, &slo, &shi);
    if (slo < lo || shi > hi) {
        cx_dist_format(out, form, sizeof form);
        return cx_error_set(err, CX_ERR_INPUT, "%sparameter \"%s\": %s reaches outside the "
                            "parameter's range [%.10g,%.10g]",
                            cx_model_where(m, r->line, at, sizeof at), r->path, form, lo, hi);
    }
    return CX_OK;
}

/* Range i's low and high, the defaults of a distribution that gave none
 * computed from d (its cx_model_range_dist). */
void cx_model_range_bounds(const cx_model *m, size_t i, const cx_dist *d, double *lo, double *hi)
{
    const cx_param_range *r = &m->ranges[i];
    *lo = isnan(r->low) ? cx_dist_quantile(d, 0.05) : r->low;
    *hi = isnan(r->high) ? cx_dist_quantile(d, 0.95) : r->high;
}

cx_status cx_model_resolve_ranges(cx_model *m, cx_error *err)
{
    for (size_t i = 0; i < m->n_ranges; i++) {
        cx_dist d;
        cx_status st = cx_model_range_dist(m, i, &d, err);
        if (st != CX_OK)
            return st;
        cx_model_range_bounds(m, i, &d, &m->ranges[i].low, &m->ranges[i].high);
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
