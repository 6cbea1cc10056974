/* cxsim/design.h - designs of computer experiments over parameter ranges.
 *
 * Provides: the full factorial grid, quasi-random designs (Sobol' and
 * Halton sequences) scaled to ranges [lo_j, hi_j], and the two matrices A
 * and B of Saltelli's sampling scheme for variance-based sensitivity
 * (Saltelli et al. 2010, section 3; docs/analysis.md).
 * Relies on: GSL's quasi-random sequences (gsl_qrng_sobol, which follows
 * Antonov and Saleev's variant of Sobol' 1967, and gsl_qrng_halton).
 *
 * Points are rows: point p of a k-parameter design is x[p * k + 0 .. k).
 * Nothing here allocates but the GSL generator of a call; callers own
 * every array.
 */
#ifndef CXSIM_DESIGN_H
#define CXSIM_DESIGN_H

#include <stddef.h>

#include "cxsim/error.h"

typedef enum cx_design_kind {
    CX_DESIGN_GRID,         /* full factorial of each parameter's steps */
    CX_DESIGN_SOBOL,        /* Sobol' sequence (gsl_qrng_sobol) */
    CX_DESIGN_HALTON        /* Halton sequence (gsl_qrng_halton) */
} cx_design_kind;

/* "grid", "sobol", "halton". */
const char *cx_design_name(cx_design_kind kind);

/* The kind named name; -1 if none. */
int cx_design_from_name(const char *name, cx_design_kind *out);

/* Most dimensions the kind supports: 40 for sobol and 1229 for halton
 * (GSL 2.7's tables; gsl_qrng_alloc does not check them itself), no limit
 * (SIZE_MAX) for the grid. */
size_t cx_design_max_dim(cx_design_kind kind);

/* Number of points of the full factorial of steps[0..k) (each >= 2):
 * their product. CX_ERR_USAGE if it exceeds max. */
cx_status cx_design_grid_size(size_t k, const size_t *steps, size_t max, size_t *n,
                              cx_error *err);

/* Point p (0 <= p < the grid size) of the full factorial, into x[0..k):
 * x[j] = lo[j] + i_j (hi[j] - lo[j]) / (steps[j] - 1), i_j < steps[j],
 * with x[j] = hi[j] exactly at the last step. Parameter 0 varies slowest,
 * parameter k - 1 fastest (nested loops in parameter order). */
void cx_design_grid_point(size_t k, const double *lo, const double *hi, const size_t *steps,
                          size_t p, double *x);

/* The first n points of the k-dimensional sequence of kind (sobol or
 * halton), each coordinate u scaled to lo[j] + u (hi[j] - lo[j]), into
 * x[0 .. n k). GSL's sequences start at their first point after the
 * origin ((1/2, ..., 1/2) for sobol). CX_ERR_USAGE for k = 0, a grid
 * kind or k over cx_design_max_dim; CX_ERR_NOMEM. */
cx_status cx_design_qrng(cx_design_kind kind, size_t k, size_t n, const double *lo,
                         const double *hi, double *x, cx_error *err);

/* Saltelli's matrices for k parameters and n base samples: row j of A is
 * the first k coordinates of point j of the 2k-dimensional sequence of
 * kind, row j of B the last k, each scaled to [lo, hi]; a[j k + i],
 * b[j k + i]. Needs 2k <= cx_design_max_dim(kind); errors as
 * cx_design_qrng. */
cx_status cx_design_saltelli(cx_design_kind kind, size_t k, size_t n, const double *lo,
                             const double *hi, double *a, double *b, cx_error *err);

/* Row j of A_B^(i) (Saltelli et al. 2010: A with its column i taken from
 * B) from rows a_row and b_row, into out[0..k). */
void cx_design_saltelli_row(size_t k, const double *a_row, const double *b_row, size_t i,
                            double *out);

#endif
