/* pool.c - work units on POSIX threads, with idle threads helping the
 * units that still run (pool.h).
 *
 * One mutex and one condition variable guard everything: the unit queue
 * and the list of open tasks (a unit's blocks not all handed out yet). A
 * unit or a block is milliseconds of work or more, so one lock round per
 * hand-out costs nothing that shows.
 */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct task {
    void (*fn)(void *arg, size_t i, unsigned slot);
    void *arg;
    size_t n, next, done;
    struct task *link;          /* next open task */
} task;

struct cx_pool {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    size_t n_units, next_unit, units_done, in_flight, max_in_flight;
    int stop;                   /* a unit failed: take no more */
    const volatile sig_atomic_t *interrupt;     /* non-zero: take no more */
    task *open;                 /* tasks with items not handed out */
    cx_pool_unit_fn unit;
    void *ctx;
};

typedef struct worker_arg {
    cx_pool *p;
    unsigned worker;
} worker_arg;

static void unlink_task(cx_pool *p, task *t)
{
    for (task **q = &p->open; *q; q = &(*q)->link)
        if (*q == t) {
            *q = t->link;
            return;
        }
}

/* Hands out item i of t (lock held); the task leaves the open list with
 * its last item. */
static size_t claim(cx_pool *p, task *t)
{
    size_t i = t->next++;
    if (t->next == t->n)
        unlink_task(p, t);
    return i;
}

/* Runs item i of t as `worker`, lock held on entry and on return. */
static void run_item(cx_pool *p, task *t, size_t i, unsigned worker)
{
    pthread_mutex_unlock(&p->lock);
    t->fn(t->arg, i, worker);
    pthread_mutex_lock(&p->lock);
    if (++t->done == t->n)
        pthread_cond_broadcast(&p->cond);
}

static int stopped(const cx_pool *p)
{
    return p->stop || (p->interrupt && *p->interrupt);
}

static int may_take_unit(const cx_pool *p)
{
    return !stopped(p) && p->next_unit < p->n_units && p->in_flight < p->max_in_flight;
}

static int all_done(const cx_pool *p)
{
    return (stopped(p) || p->next_unit == p->n_units) && p->in_flight == 0;
}

static void *work(void *arg)
{
    worker_arg *w = arg;
    cx_pool *p = w->p;
    pthread_mutex_lock(&p->lock);
    while (!all_done(p)) {
        if (may_take_unit(p)) {
            size_t u = p->next_unit++;
            p->in_flight++;
            pthread_mutex_unlock(&p->lock);
            int failed = p->unit(p->ctx, p, w->worker, u);
            pthread_mutex_lock(&p->lock);
            p->in_flight--;
            p->units_done++;
            p->stop |= failed != 0;
            pthread_cond_broadcast(&p->cond);   /* helpers may leave, or a slot is free */
        } else if (p->open) {
            task *t = p->open;
            run_item(p, t, claim(p, t), w->worker);
        } else {
            pthread_cond_wait(&p->cond, &p->lock);
        }
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

void cx_pool_for_each(cx_pool *p, unsigned worker, size_t n,
                      void (*fn)(void *arg, size_t i, unsigned slot), void *arg)
{
    task t = {.fn = fn, .arg = arg, .n = n};
    if (n == 0)
        return;
    pthread_mutex_lock(&p->lock);
    t.link = p->open;
    p->open = &t;
    pthread_cond_broadcast(&p->cond);
    while (t.next < t.n)
        run_item(p, &t, claim(p, &t), worker);
    while (t.done < t.n)
        pthread_cond_wait(&p->cond, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

int cx_pool_run(unsigned threads, size_t n_units, size_t max_in_flight,
                const volatile sig_atomic_t *stop, cx_pool_unit_fn unit, void *ctx)
{
    cx_pool p = {.n_units = n_units, .max_in_flight = max_in_flight ? max_in_flight : 1,
                 .interrupt = stop, .unit = unit, .ctx = ctx};
    pthread_t *tids = malloc((threads ? threads : 1) * sizeof *tids);
    worker_arg *args = malloc((threads ? threads : 1) * sizeof *args);
    unsigned started = 0;
    if (!tids || !args) {
        free(tids);
        free(args);
        return -1;
    }
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.cond, NULL);
    for (unsigned i = 0; i < threads; i++)
        args[i] = (worker_arg){&p, i};
    /* Worker 0 runs on the calling thread, so one thread needs no pthread
     * and a failed pthread_create only costs parallelism. */
    for (unsigned i = 1; i < threads; i++, started++)
        if (pthread_create(&tids[i - 1], NULL, work, &args[i]) != 0)
            break;
    work(&args[0]);
    for (unsigned i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    pthread_cond_destroy(&p.cond);
    pthread_mutex_destroy(&p.lock);
    free(tids);
    free(args);
    return 0;
}
