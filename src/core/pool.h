/* pool.h (private) - the batch's threads: work units, and help inside them.
 *
 * A pool runs n_units work units (a replication of a variant) on its
 * threads, at most max_in_flight at once (memory holds only so many
 * populations). The thread that takes a unit runs it; a thread that finds
 * no unit left to take helps with the units still running: each unit may
 * hand out the customer blocks of a period (cx_pool_for_each), which any
 * thread of the pool runs. So one replication of a very large population
 * uses every thread, and so do the last replications of a batch.
 *
 * Relies on: POSIX threads. Knows nothing of engines: a unit is a
 * callback, a block too.
 */
#ifndef CX_POOL_H
#define CX_POOL_H

#include <signal.h>
#include <stddef.h>

typedef struct cx_pool cx_pool;

/* Runs unit u as thread `worker` (in [0, threads)) of pool p; returns 0,
 * or nonzero to stop the pool taking new units (a failure). */
typedef int (*cx_pool_unit_fn)(void *ctx, cx_pool *p, unsigned worker, size_t unit);

/* Runs the units on `threads` threads, the calling thread being worker 0,
 * until all have run, one has failed, or *stop (when stop is not NULL)
 * is non-zero: then no new unit is taken and the running ones finish.
 * Returns 0, or -1 when the pool could not be set up (no unit ran). */
int cx_pool_run(unsigned threads, size_t n_units, size_t max_in_flight,
                const volatile sig_atomic_t *stop, cx_pool_unit_fn unit, void *ctx);

/* From inside a unit run by `worker`: fn(arg, i, slot) for every i in
 * [0, n), on this thread and on idle threads of the pool, slot being the
 * running thread's worker number; returns when every call has returned. */
void cx_pool_for_each(cx_pool *p, unsigned worker, size_t n,
                      void (*fn)(void *arg, size_t i, unsigned slot), void *arg);

#endif
