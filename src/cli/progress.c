/* progress.c - work done (replications, design points, evaluations), rate
 * and time left, on stderr when it is a terminal; never on stdout, never
 * in files. */
#include "progress.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct cx_progress {
    pthread_mutex_t lock;       /* workers report concurrently */
    double start, last;
    int shown;
    const char *unit;           /* "replications", "points", ... */
    size_t per;                 /* units reported per unit shown */
};

double cx_cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

cx_progress *cx_progress_new(int enabled, const char *unit, size_t per)
{
    if (!enabled || !isatty(STDERR_FILENO))
        return NULL;
    cx_progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    pthread_mutex_init(&p->lock, NULL);
    p->start = p->last = cx_cli_now();
    p->unit = unit;
    p->per = per ? per : 1;
    return p;
}

void cx_progress_update(void *ctx, size_t done, size_t total)
{
    cx_progress_step(ctx, done, total, NULL);
}

void cx_progress_step(cx_progress *p, size_t done, size_t total, const char *note)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    double now = cx_cli_now(), spent = now - p->start;
    /* at most five lines a second, and always the last */
    if (now - p->last >= 0.2 || done == total) {
        double rate = spent > 0 ? (double)done / p->per / spent : 0;
        double left = rate > 0 ? (double)(total - done) / p->per / rate : 0;
        fprintf(stderr, "\r%zu/%zu %s  %.1f/s  %.0f s left%s%s   ", done / p->per,
                total / p->per, p->unit, rate, left, note ? "  " : "", note ? note : "");
        p->last = now;
        p->shown = 1;
    }
    pthread_mutex_unlock(&p->lock);
}

void cx_progress_finish(cx_progress *p)
{
    if (!p)
        return;
    if (p->shown)
        fputs("\r\033[K", stderr);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
