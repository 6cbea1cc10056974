/* draws_internal.h (private) - what the files of cx_draws share
 * (draws.c, draws_summary.c, draws_files.c). */
#ifndef CX_DRAWS_INTERNAL_H
#define CX_DRAWS_INTERNAL_H

#include <stdio.h>

#include "cxsim/draws.h"

/* The spool: the draws' records on disk, and a record's buffer. */
struct cx_draws_spool {
    FILE *fp;
    double *rec;
};

/* Doubles in a record: the inputs, the means, the variances. */
size_t cx_draws_width(const cx_draws *d);

/* Records first..first+n-1 of the spool into buf (n x width doubles).
 * CX_ERR_IO. */
cx_status cx_draws_read(const cx_draws *d, size_t first, size_t n, double *buf, cx_error *err);

/* Quantity k of row r in the record rec: a variant's mean (row < nv) or
 * its difference from the baseline's; roi the draw's (value gained -
 * extra cost) / extra cost from its means (NaN for the baseline and
 * without extra cost); net_value is already a difference. */
double cx_draws_value(const cx_draws *d, const double *rec, size_t row, size_t k);

#endif
