/* batch_internal.h (private) - what batch.c asks of batch_memory.c. */
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

#endif
