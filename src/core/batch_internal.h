/* batch_internal.h (private) - what batch.c asks of batch_memory.c, and
 * the value arrays' layout that batch.c and batch_join.c share. */
#ifndef CX_BATCH_INTERNAL_H
#define CX_BATCH_INTERNAL_H

#include <stddef.h>

#include "cxsim/batch.h"

/* How many of a batch's replications may run at once on `threads`
 * threads in the memory there is (opts->memory_limit, else
 * CXSIM_MEMORY_LIMIT, else cx_batch_memory_available()): at most `units`
 * (this process's), at least one; otherwise CX_ERR_NOMEM with the
 * estimate and what is available. A malformed CXSIM_MEMORY_LIMIT is
 * CX_ERR_USAGE. */
cx_status cx_batch_fit_memory(const cx_model *const *variants, size_t n_variants,
                              const cx_batch_opts *opts, unsigned threads, size_t units,
                              size_t *at_once, cx_error *err);

/* A result's value arrays, each variant-major then replication by
 * replication (batch.h), in one order, with the doubles one replication
 * of a variant holds in each. */
enum { CX_BATCH_ARRAYS = 5 };
static inline void cx_batch_arrays(const cx_batch_result *b, double *arr[CX_BATCH_ARRAYS],
                                   size_t per_rep[CX_BATCH_ARRAYS])
{
    arr[0] = b->horizon_values;
    arr[1] = b->period_values;
    arr[2] = b->touchpoint_values;
    arr[3] = b->segment_values;
    arr[4] = b->extra_values;
    per_rep[0] = CX_METRIC_COUNT;
    per_rep[1] = b->horizon * CX_METRIC_COUNT;
    per_rep[2] = b->n_touchpoints * CX_TP_METRIC_COUNT;
    per_rep[3] = b->n_segments * CX_METRIC_COUNT;
    per_rep[4] = CX_BATCH_EXTRA_COUNT;
}

#endif
