/* ranks.c - MPI distribution of a batch's units (ranks.h). */
#include "config.h"

#include "ranks.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_MPI
#include <mpi.h>
#endif

void cx_ranks_units(const cx_ranks *r, size_t n, size_t *lo, size_t *hi)
{
    size_t k = (size_t)r->size, i = (size_t)r->rank;
    /* the first n % k ranks take one unit more */
    *lo = i * (n / k) + (i < n % k ? i : n % k);
    *hi = *lo + n / k + (i < n % k);
}

#ifndef HAVE_MPI

void cx_ranks_get(cx_ranks *r)
{
    r->rank = 0;
    r->size = 1;
}

cx_status cx_ranks_share(const cx_ranks *r, cx_batch_result *res, unsigned char *finished,
                         cx_status st, cx_error *err)
{
    (void)r;
    (void)res;
    (void)finished;
    (void)err;
    return st;
}

#else

void cx_ranks_get(cx_ranks *r)
{
    int up = 0, down = 0;
    r->rank = 0;
    r->size = 1;
    if (MPI_Initialized(&up) != MPI_SUCCESS || !up || MPI_Finalized(&down) != MPI_SUCCESS ||
        down)
        return;
    MPI_Comm_rank(MPI_COMM_WORLD, &r->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &r->size);
}

/* Gathers one array of per-unit values (per doubles per unit) in place.
 * MPI counts are ints: a result too large for them is refused up front
 * (cx_ranks_share). */
static int gather(const cx_ranks *r, double *values, size_t units, size_t per)
{
    int *counts = malloc((size_t)r->size * sizeof *counts);
    int *displs = malloc((size_t)r->size * sizeof *displs);
    int ok = counts && displs;
    for (int k = 0; ok && k < r->size; k++) {
        cx_ranks other = {k, r->size};
        size_t lo, hi;
        cx_ranks_units(&other, units, &lo, &hi);
        counts[k] = (int)((hi - lo) * per);
        displs[k] = (int)(lo * per);
    }
    ok = ok && MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, values, counts, displs,
                              MPI_DOUBLE, MPI_COMM_WORLD) == MPI_SUCCESS;
    free(counts);
    free(displs);
    return ok;
}

/* The lowest failing rank's status and message, on every rank. */
static cx_status agree(const cx_ranks *r, cx_status st, cx_error *err)
{
    int mine = st != CX_OK ? r->rank : r->size, first = r->size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == r->size)
        return CX_OK;
    cx_error e;
    cx_error_clear(&e);
    if (r->rank == first) {
        if (err)
            e = *err;
        e.code = st;
    }
    MPI_Bcast(&e, (int)sizeof e, MPI_BYTE, first, MPI_COMM_WORLD);
    if (err)
        *err = e;
    return e.code;
}

cx_status cx_ranks_share(const cx_ranks *r, cx_batch_result *res, unsigned char *finished,
                         cx_status st, cx_error *err)
{
    if (r->size == 1)
        return st;
    size_t units = res->n_variants * res->reps;
    size_t per = res->horizon > res->n_touchpoints ? res->horizon : res->n_touchpoints;
    per = per > res->n_segments ? per : res->n_segments;
    if (st == CX_OK && units * per * CX_METRIC_COUNT > INT_MAX)
        st = cx_error_set(err, CX_ERR_USAGE, "%zu replications are too many to gather over "
                          "MPI at once: split the batch", units);
    st = agree(r, st, err);
    if (st != CX_OK)
        return st;
    unsigned long long mine = res->rng_blocks, all = 0;
    int ok = gather(r, res->horizon_values, units, CX_METRIC_COUNT) &&
             gather(r, res->period_values, units, res->horizon * CX_METRIC_COUNT) &&
             gather(r, res->touchpoint_values, units, res->n_touchpoints * CX_TP_METRIC_COUNT) &&
             gather(r, res->segment_values, units, res->n_segments * CX_METRIC_COUNT) &&
             gather(r, res->extra_values, units, CX_BATCH_EXTRA_COUNT) &&
             MPI_Allreduce(MPI_IN_PLACE, finished, (int)units, MPI_UNSIGNED_CHAR, MPI_MAX,
                           MPI_COMM_WORLD) == MPI_SUCCESS &&
             MPI_Allreduce(&mine, &all, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM,
                           MPI_COMM_WORLD) == MPI_SUCCESS;
    res->rng_blocks = all;
    return ok ? CX_OK : cx_error_set(err, CX_ERR_SIM, "MPI could not gather the results");
}

#endif
