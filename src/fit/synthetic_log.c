/* synthetic_log.c - synthetic event logs: the visits of a sample of simulated
 * customers, recorded through the engine's recorder and written in the
 * layout cx_fit_read_log reads (docs/fit.md, "Synthetic event logs").
 *
 * Each recorded customer keeps its own lists (the engine calls for one
 * customer from one thread at a time), so recording on a team of threads
 * needs no lock, and the file, written customer by customer afterwards, is
 * the same bytes whatever the threads.
 */
#include "fit_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cxsim/csv.h"

typedef struct ev_visit {
    uint16_t tp;            /* index in its journey */
    uint8_t csat;
} ev_visit;

typedef struct ev_journey {
    uint32_t first, n;      /* its visits */
    uint16_t period, journey, segment;
    int8_t abandoned, ltr;
} ev_journey;

typedef struct ev_customer {
    ev_visit *v;
    uint32_t n_v, cap_v, open;      /* open: first visit of the journey under way */
    ev_journey *j;
    uint32_t n_j, cap_j;
    int failed;
} ev_customer;

struct cx_fit_events {
    const cx_model *m;
    uint32_t n;
    ev_customer *c;
};

cx_fit_events *cx_fit_events_new(const cx_model *m, uint32_t customers)
{
    cx_fit_events *ev = calloc(1, sizeof *ev);
    if (!ev)
        return NULL;
    ev->m = m;
    ev->n = customers;
    ev->c = calloc(customers ? customers : 1, sizeof *ev->c);
    if (!ev->c) {
        free(ev);
        return NULL;
    }
    return ev;
}

void cx_fit_events_free(cx_fit_events *ev)
{
    if (!ev)
        return;
    for (uint32_t i = 0; i < ev->n; i++) {
        free(ev->c[i].v);
        free(ev->c[i].j);
    }
    free(ev->c);
    free(ev);
}

static int grow(void **p, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    uint32_t n = *cap ? *cap * 2 : 16;
    void *q = realloc(*p, (size_t)n * size);
    if (!q)
        return -1;
    *p = q;
    *cap = n;
    return 0;
}

static cx_status on_visit(void *ctx, const cx_visit_event *e, cx_error *err)
{
    cx_fit_events *ev = ctx;
    ev_customer *c = &ev->c[e->customer];
    if (grow((void **)&c->v, &c->cap_v, c->n_v + 1, sizeof *c->v) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory recording events");
    c->v[c->n_v++] = (ev_visit){(uint16_t)e->touchpoint_index, (uint8_t)e->csat};
    return CX_OK;
}

static void on_journey(void *ctx, const cx_journey_record *r)
{
    cx_fit_events *ev = ctx;
    ev_customer *c = &ev->c[r->customer];
    if (grow((void **)&c->j, &c->cap_j, c->n_j + 1, sizeof *c->j) != 0) {
        c->failed = 1;      /* reported when the log is written */
        return;
    }
    c->j[c->n_j++] = (ev_journey){
        .first = c->open, .n = c->n_v - c->open, .period = (uint16_t)r->period,
        .journey = (uint16_t)r->journey, .segment = (uint16_t)r->segment,
        .abandoned = (int8_t)r->abandoned, .ltr = (int8_t)r->ltr};
    c->open = c->n_v;
}

void cx_fit_events_recorder(cx_fit_events *ev, cx_engine_recorder *r)
{
    *r = (cx_engine_recorder){.customers = ev->n, .on_visit = on_visit,
                              .on_journey = on_journey, .ctx = ev};
}

/* ---- the file ------------------------------------------------------------------- */

#define EPOCH0 1767225600.0     /* 2026-01-01T00:00:00Z: period 1 starts here */
#define PERIOD_DAYS 30

/* Visit k of journey j (index in the model) in period t: period t starts
 * (t - 1) 30 days after EPOCH0, journey j of the period on day j, visit k
 * k minutes later; so visits are in order and journeys far apart. */
static void timestamp(int period, size_t journey, uint32_t k, char *buf, size_t size)
{
    time_t t = (time_t)(EPOCH0 + ((double)(period - 1) * PERIOD_DAYS + (double)journey) * 86400 +
                        60.0 * k);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int write_journey(FILE *fp, const cx_fit_events *ev, uint32_t i, const ev_journey *j)
{
    const cx_journey *jr = &ev->m->journeys[j->journey];
    char id[64], jid[96], ts[32];
    int rc = 0;
    snprintf(id, sizeof id, "c%u", i);
    snprintf(jid, sizeof jid, "c%u-p%u-j%u", i, (unsigned)j->period, (unsigned)j->journey);
    for (uint32_t k = 0; k < j->n; k++) {
        const ev_visit *v = &ev->c[i].v[j->first + k];
        const cx_touchpoint *tp = &jr->touchpoints[v->tp];
        timestamp(j->period, j->journey, k, ts, sizeof ts);
        rc |= cx_csv_field(fp, id) | cx_csv_sep(fp) | cx_csv_field(fp, jid) | cx_csv_sep(fp);
        rc |= cx_csv_field(fp, ts) | cx_csv_sep(fp) | cx_csv_field(fp, jr->name) | cx_csv_sep(fp);
        rc |= cx_csv_field(fp, tp->name) | cx_csv_sep(fp) | cx_csv_field(fp, tp->channel);
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, ev->m->segments[j->segment].name);
        rc |= cx_csv_sep(fp) | cx_csv_size(fp, (size_t)!j->abandoned);
        rc |= cx_csv_sep(fp) | cx_csv_size(fp, v->csat) | cx_csv_sep(fp);
        if (k + 1 == j->n)      /* the survey after the journey */
            rc |= cx_csv_size(fp, (size_t)j->ltr);
        rc |= cx_csv_end_row(fp);
    }
    return rc;
}

int cx_fit_events_write(FILE *fp, const cx_fit_events *ev)
{
    static const char *const head[] = {"customer", "journey_id", "time", "journey",
                                       "touchpoint", "channel", "segment", "outcome", "csat",
                                       "ltr"};
    int rc = cx_csv_row(fp, head, 10);
    for (uint32_t i = 0; i < ev->n && !rc; i++) {
        if (ev->c[i].failed)
            return -1;
        for (uint32_t k = 0; k < ev->c[i].n_j; k++)
            rc |= write_journey(fp, ev, i, &ev->c[i].j[k]);
    }
    return rc ? -1 : 0;
}

size_t cx_fit_events_rows(const cx_fit_events *ev)
{
    size_t n = 0;
    for (uint32_t i = 0; i < ev->n; i++)
        n += ev->c[i].n_v;
    return n;
}

cx_status cx_fit_events_paths(const cx_fit_events *ev, size_t journey, cx_fit_data *d,
                              cx_error *err)
{
    const cx_journey *jr = &ev->m->journeys[journey];
    uint32_t ids[CX_FIT_MAX_STEPS];
    for (uint32_t i = 0; i < ev->n; i++) {
        const ev_customer *c = &ev->c[i];
        if (c->failed)
            return cx_error_set(err, CX_ERR_NOMEM, "out of memory recording events");
        for (uint32_t k = 0; k < c->n_j; k++) {
            const ev_journey *j = &c->j[k];
            if (j->journey != journey || j->n > CX_FIT_MAX_STEPS)
                continue;
            for (uint32_t s = 0; s < j->n; s++) {
                const char *name = jr->touchpoints[c->v[j->first + s].tp].name;
                long id = cx_fit_data_tp(d, name, strlen(name));
                if (id < 0)
                    return cx_error_set(err, CX_ERR_NOMEM, "out of memory");
                ids[s] = (uint32_t)id;
            }
            cx_status st = cx_fit_data_add_path(d, ids, j->n, !j->abandoned, j->abandoned, 0,
                                                err);
            if (st != CX_OK)
                return st;
        }
    }
    return CX_OK;
}
