/* design.c - grids, quasi-random designs and Saltelli's A and B matrices
 * (cxsim/design.h). */
#include "cxsim/design.h"

#include <stdint.h>
#include <string.h>

#include <gsl/gsl_qrng.h>

/* The most dimensions of any GSL 2.7 sequence (halton's table). */
#define QRNG_DIM_MAX 1229

static const char *const names[] = {"grid", "sobol", "halton"};

const char *cx_design_name(cx_design_kind kind)
{
    return (unsigned)kind < 3 ? names[kind] : "?";
}

int cx_design_from_name(const char *name, cx_design_kind *out)
{
    for (int i = 0; i < 3; i++)
        if (name && strcmp(name, names[i]) == 0) {
            *out = (cx_design_kind)i;
            return 0;
        }
    return -1;
}

static const gsl_qrng_type *qrng_type(cx_design_kind kind)
{
    return kind == CX_DESIGN_SOBOL ? gsl_qrng_sobol
         : kind == CX_DESIGN_HALTON ? gsl_qrng_halton : NULL;
}

size_t cx_design_max_dim(cx_design_kind kind)
{
    const gsl_qrng_type *t = qrng_type(kind);
    return t ? t->max_dimension : SIZE_MAX;
}

cx_status cx_design_grid_size(size_t k, const size_t *steps, size_t max, size_t *n,
                              cx_error *err)
{
    size_t total = 1;
    for (size_t j = 0; j < k; j++) {
        if (steps[j] < 2)
            return cx_error_set(err, CX_ERR_USAGE, "a grid needs 2 steps or more per "
                                "parameter");
        if (total > max / steps[j])
            return cx_error_set(err, CX_ERR_USAGE, "the grid has more than %zu points", max);
        total *= steps[j];
    }
    *n = total;
    return CX_OK;
}

void cx_design_grid_point(size_t k, const double *lo, const double *hi, const size_t *steps,
                          size_t p, double *x)
{
    for (size_t j = k; j-- > 0;) {      /* the last parameter varies fastest */
        size_t i = p % steps[j];
        p /= steps[j];
        x[j] = i + 1 == steps[j] ? hi[j]
             : lo[j] + (double)i * (hi[j] - lo[j]) / (double)(steps[j] - 1);
    }
}

/* A generator of dim dimensions, or NULL with err filled. */
static gsl_qrng *qrng_new(cx_design_kind kind, size_t dim, cx_error *err)
{
    const gsl_qrng_type *t = qrng_type(kind);
    if (!t || dim == 0)
        return cx_error_set(err, CX_ERR_USAGE, "a quasi-random design needs --design sobol "
                            "or halton and one dimension or more"), NULL;
    if (dim > t->max_dimension || dim > QRNG_DIM_MAX)
        return cx_error_set(err, CX_ERR_USAGE, "the %s sequence has at most %u dimensions; "
                            "this design needs %zu", names[kind], t->max_dimension, dim),
               NULL;
    gsl_qrng *q = gsl_qrng_alloc(t, (unsigned)dim);
    if (!q)
        cx_error_set(err, CX_ERR_NOMEM, "out of memory for a %s sequence", names[kind]);
    return q;
}

cx_status cx_design_qrng(cx_design_kind kind, size_t k, size_t n, const double *lo,
                         const double *hi, double *x, cx_error *err)
{
    gsl_qrng *q = qrng_new(kind, k, err);
    if (!q)
        return err ? err->code : CX_ERR_USAGE;
    for (size_t p = 0; p < n; p++) {
        double *row = &x[p * k];
        gsl_qrng_get(q, row);
        for (size_t j = 0; j < k; j++)
            row[j] = lo[j] + row[j] * (hi[j] - lo[j]);
    }
    gsl_qrng_free(q);
    return CX_OK;
}

cx_status cx_design_saltelli(cx_design_kind kind, size_t k, size_t n, const double *lo,
                             const double *hi, double *a, double *b, cx_error *err)
{
    if (k == 0 || k > SIZE_MAX / 2)
        return cx_error_set(err, CX_ERR_USAGE, "Saltelli sampling needs one parameter or "
                            "more");
    gsl_qrng *q = qrng_new(kind, 2 * k, err);
    if (!q)
        return err ? err->code : CX_ERR_USAGE;
    double u[QRNG_DIM_MAX];             /* qrng_new refused more dimensions */
    for (size_t j = 0; j < n; j++) {
        gsl_qrng_get(q, u);
        for (size_t i = 0; i < k; i++) {
            a[j * k + i] = lo[i] + u[i] * (hi[i] - lo[i]);
            b[j * k + i] = lo[i] + u[k + i] * (hi[i] - lo[i]);
        }
    }
    gsl_qrng_free(q);
    return CX_OK;
}

void cx_design_saltelli_row(size_t k, const double *a_row, const double *b_row, size_t i,
                            double *out)
{
    memcpy(out, a_row, k * sizeof *out);
    out[i] = b_row[i];
}
