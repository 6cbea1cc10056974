/* ranks.h (private) - a batch's work units split across MPI ranks.
 *
 * Built with MPI (configure --with-mpi) and run by mpirun (the program has
 * called MPI_Init), each rank runs a contiguous range of the batch's units
 * on its own threads; then every rank receives every unit's values, so all
 * ranks hold the same result and take the same decisions after it (the
 * analysis verbs run batch after batch). Values are stored by unit index,
 * so the result is the bytes a single process would have made. Without
 * MPI, or when MPI is not initialised, there is one rank.
 */
#ifndef CX_RANKS_H
#define CX_RANKS_H

#include <stddef.h>

#include "cxsim/batch.h"
#include "cxsim/error.h"

typedef struct cx_ranks {
    int rank, size;
} cx_ranks;

/* This process's rank and the number of ranks (0 and 1 without MPI). */
void cx_ranks_get(cx_ranks *r);

/* The units [*lo, *hi) of n that rank r runs. */
void cx_ranks_units(const cx_ranks *r, size_t n, size_t *lo, size_t *hi);

/* Every rank calls this after running its units, with its status st and
 * error, and finished[u] set for each unit u it completed (a stopped rank
 * completes fewer). Agrees on the outcome: the status and message of the
 * lowest rank that failed, or CX_OK; then gives every rank every unit's
 * values, every rank's finished flags and the batch's Philox block
 * count. */
cx_status cx_ranks_share(const cx_ranks *r, cx_batch_result *res, unsigned char *finished,
                         cx_status st, cx_error *err);

#endif
