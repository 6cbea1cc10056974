/* progress.h (private) - work done, rate and time left on stderr
 * (progress.c); the clock the verbs time their work with. */
#ifndef CX_CLI_PROGRESS_H
#define CX_CLI_PROGRESS_H

#include <stddef.h>

/* Progress on stderr while work runs: "DONE/TOTAL UNIT  RATE/s  N s left",
 * counting what the batch runner reports (units) in steps of per (sweep:
 * the replications of one design point). NULL (nothing shown) unless
 * enabled and stderr is a terminal. */
typedef struct cx_progress cx_progress;
cx_progress *cx_progress_new(int enabled, const char *unit, size_t per);
/* cx_batch_opts.progress: thread-safe. */
void cx_progress_update(void *ctx, size_t done, size_t total);
/* The same with a note after the time left (calibrate: the loss). */
void cx_progress_step(cx_progress *p, size_t done, size_t total, const char *note);
void cx_progress_finish(cx_progress *p);

/* Monotonic seconds. */
double cx_cli_now(void);

#endif
