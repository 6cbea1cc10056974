/* results_internal.h (private) - what the writers of the results directory
 * share: where the estimates come from, the stream's state, and the row
 * pieces. */
#ifndef CX_RESULTS_INTERNAL_H
#define CX_RESULTS_INTERNAL_H

#include <stdio.h>

#include "cxsim/accum.h"
#include "cxsim/atomic.h"
#include "cxsim/batch.h"
#include "cxsim/io.h"
#include "cxsim/results.h"

#define CX_RESULTS_LEVEL 0.95   /* confidence level of every interval */

/* A directory written stage by stage (results_stream.c; finished by
 * cx_results_stream_finish in results.c). replications.csv is variant after
 * variant; stages bring every variant's replications at once, so each
 * variant's rows wait in their own temporary file until the end. */
struct cx_results_stream {
    char dir[CX_IO_PATH_MAX];
    size_t n_variants;
    size_t reps;                /* replications written per variant */
    cx_atomic_file *parts;      /* one per variant; never committed */
    size_t n_open;
};

/* One directory being written. Estimates of the stable files come from the
 * stored replications (from_batch: a plain batch, the two-pass estimators
 * of cx_stats_*, as before running statistics existed) or from the
 * running estimates (antithetic pairs, runs in stages); nps.csv and
 * variance.csv always come from the running estimates. */
typedef struct cx_results_ctx {
    const cx_batch_result *shape;       /* variant, journey, touchpoint names; sizes */
    const cx_batch_result *batch;       /* every replication, or NULL (streamed) */
    int from_batch;
    const cx_accum *acc;
    const struct cx_results_stream *stream;     /* replications.csv parts, or NULL */
    const cx_results_info *info;
    int paired;                         /* ALT-baseline rows, compare.csv */
} cx_results_ctx;

/* ---- row pieces (results_rows.c) ---------------------------------------- */

/* Writes "variant,metric," (the row start shared by several files). */
int cx_results_put_variant_metric(FILE *fp, const char *variant, size_t m);

/* "ALT-BASELINE" for variant v of shape. */
void cx_results_pair_name(const cx_batch_result *shape, size_t v, char *out, size_t size);

/* replications.csv rows of variant v's replications of b, numbered from
 * first + 1: 0, or -1 if a write failed. */
int cx_results_replication_rows(FILE *fp, const cx_batch_result *b, size_t v, size_t first);

/* ---- the files (results.c, results_stream.c, results_analysis.c) ---------- */

/* Every file of the directory described by c, in the documented order
 * (results.c). */
cx_status cx_results_write_all(const char *dir, const cx_results_ctx *c, cx_error *err);

/* Appends a stream's parts, variant by variant, to fp (results_stream.c):
 * 0, or -1 if a read or write failed. */
int cx_results_stream_copy(FILE *fp, const struct cx_results_stream *s);

/* segments.csv (results_segments.c): 0, or -1 if a write failed. */
int cx_results_write_segments(FILE *fp, const cx_results_ctx *c);

/* nps.csv and variance.csv (results_analysis.c): 0, or -1 if a write failed. */
int cx_results_write_nps(FILE *fp, const cx_results_ctx *c);
int cx_results_write_variance(FILE *fp, const cx_results_ctx *c);

#endif
