/* markov_journey.c - a model's journey as an absorbing chain
 * (docs/model.md, "Verification", the Markov closed forms, extended to
 * what makes a visit abandon in src/core/visit.c and src/core/journey.c).
 *
 * A state is an arrival at a touchpoint. A continuity break depends on the
 * channel of the last touchpoint visited, which a skip leaves as it was,
 * so when breaks can happen a state is (touchpoint, last channel visited,
 * or none yet) and the chain stays exact; otherwise it is the touchpoint.
 * Per visit the friction draw, the break draw and the intrusion draw are
 * independent uniforms (journey.c), hence the product form of the
 * friction-like event; recovery and abandonment follow visit.c.
 *
 * A drop edge (next = { drop = d }) ends the walk abandoned after a visit
 * that did not abandon: with a = P(abandon | visit), the chain's
 * abandonment is a + (1 - a) d and its moves are the other edges' over
 * 1 - d, which gives every way out its exact probability. A journey with a
 * start table is the mixture of the walks from each start.
 */
#include "cxsim/markov.h"

#include <stdlib.h>
#include <string.h>

typedef struct jchain {
    const cx_model *m;
    const cx_journey *j;
    size_t n_ch;            /* channels tracked; 0: the last channel does not matter */
    int *channel;           /* channel of each touchpoint, 0..n_ch-1 */
    double break_p;
    cx_markov_chain c;
    double *visit, *abandon, *after_visit, *after_skip;
    size_t *label;
} jchain;

static double break_probability(const cx_model *m)
{
    return (1 - m->continuity) * m->channel_break;
}

/* Numbers the journey's channels; returns how many there are. */
static size_t number_channels(const cx_journey *j, int *channel)
{
    size_t n = 0;
    for (size_t k = 0; k < j->n_touchpoints; k++) {
        size_t h = 0;
        while (h < k && strcmp(j->touchpoints[h].channel, j->touchpoints[k].channel) != 0)
            h++;
        channel[k] = h < k ? channel[h] : (int)n++;
    }
    return n;
}

static void jchain_free(jchain *q)
{
    free(q->channel);
    free(q->visit);
    free(q->abandon);
    free(q->after_visit);
    free(q->after_skip);
    free(q->label);
}

static cx_status jchain_alloc(jchain *q, const cx_model *m, size_t jx, cx_error *err)
{
    const cx_journey *j = &m->journeys[jx];
    size_t n_tp = j->n_touchpoints;
    *q = (jchain){.m = m, .j = j, .break_p = break_probability(m),
                  .channel = malloc(n_tp * sizeof(int))};
    if (q->channel) {
        size_t n_ch = number_channels(j, q->channel);
        q->n_ch = q->break_p > 0 && n_ch > 1 ? n_ch : 0;
    }
    size_t n = n_tp * (q->n_ch + 1);
    q->visit = malloc(n * sizeof *q->visit);
    q->abandon = malloc(n * sizeof *q->abandon);
    q->after_visit = calloc(n * n, sizeof *q->after_visit);
    q->after_skip = calloc(n * n, sizeof *q->after_skip);
    q->label = malloc(n * sizeof *q->label);
    if (!q->channel || !q->visit || !q->abandon || !q->after_visit || !q->after_skip ||
        !q->label) {
        jchain_free(q);
        return cx_error_set(err, CX_ERR_NOMEM, "markov: out of memory");
    }
    q->c = (cx_markov_chain){.n = n, .visit = q->visit, .abandon = q->abandon,
                             .after_visit = q->after_visit, .after_skip = q->after_skip,
                             .label = q->label, .n_labels = n_tp};
    return CX_OK;
}

/* State of touchpoint k with last channel c (n_ch: none yet). */
static size_t state(const jchain *q, size_t k, size_t c)
{
    return k * (q->n_ch + 1) + c;
}

/* P(abandon | visit) at touchpoint k, last channel c. */
static double abandon_at(const jchain *q, size_t k, size_t c, const cx_markov_customer *who)
{
    const cx_touchpoint *tp = &q->j->touchpoints[k];
    double brk = c < q->n_ch && (int)c != q->channel[k] ? q->break_p : 0;
    double intr = !who->shares_data && tp->personalisation > 0
                      ? tp->personalisation * tp->personalisation * q->m->intrusion : 0;
    double hit = 1 - (1 - tp->friction) * (1 - brk) * (1 - intr);
    double unrecovered = 1 - tp->rec_attempt * tp->rec_success;
    return hit * unrecovered * tp->abandon * (1 - who->segment->kappa * who->trust);
}

/* P(the drop edge) of tp. */
static double drop_of(const cx_touchpoint *tp)
{
    for (size_t i = 0; i < tp->n_next; i++)
        if (tp->next_index[i] == CX_DROP)
            return tp->next_p[i];
    return 0;
}

/* Adds k's moves from state s: to (to, c_visit) after a visit, to (to,
 * c_skip) after a skip. */
static void moves(jchain *q, size_t k, size_t s, size_t c_visit, size_t c_skip)
{
    const cx_touchpoint *tp = &q->j->touchpoints[k];
    size_t n = q->c.n;
    double d = drop_of(tp), keep = d < 1 ? 1 / (1 - d) : 0;
    if (tp->n_next == 0) {
        if (k + 1 < q->j->n_touchpoints) {
            q->after_visit[s * n + state(q, k + 1, c_visit)] += 1;
            q->after_skip[s * n + state(q, k + 1, c_skip)] += 1;
        }
        return;
    }
    for (size_t i = 0; i < tp->n_next; i++) {
        if (tp->next_index[i] < 0)     /* done, drop */
            continue;
        size_t to = (size_t)tp->next_index[i];
        q->after_visit[s * n + state(q, to, c_visit)] += tp->next_p[i] * keep;
        q->after_skip[s * n + state(q, to, c_skip)] += tp->next_p[i];
    }
}

static void build(jchain *q, const cx_markov_customer *who)
{
    for (size_t k = 0; k < q->j->n_touchpoints; k++)
        for (size_t c = 0; c <= q->n_ch; c++) {
            size_t s = state(q, k, c);
            double opt = q->j->touchpoints[k].optional;
            q->label[s] = k;
            q->visit[s] = opt < 1 ? opt : 1;
            double a = abandon_at(q, k, c, who), d = drop_of(&q->j->touchpoints[k]);
            q->abandon[s] = a + (1 - a) * d;
            moves(q, k, s, q->n_ch ? (size_t)q->channel[k] : 0, c);
        }
}

/* A skipped touchpoint's drop edge ends the walk abandoned without a
 * visit there: the chain's skip rows have no such way out. */
static cx_status check_drops(const cx_journey *j, cx_error *err)
{
    for (size_t k = 0; k < j->n_touchpoints; k++)
        if (j->touchpoints[k].optional < 1 && drop_of(&j->touchpoints[k]) > 0)
            return cx_error_set(err, CX_ERR_INPUT, "journey \"%s\": touchpoint \"%s\" "
                                "is optional and has a drop edge, which the chain does "
                                "not model", j->name, j->touchpoints[k].name);
    return CX_OK;
}

/* The walk from the journey's start: its first touchpoint, or the mixture
 * over the start table (what it leaves over starts at the first). */
static cx_status solve_starts(jchain *q, cx_markov_touchpoint *out, cx_markov_walk *walk,
                              cx_error *err)
{
    const cx_journey *j = q->j;
    size_t n = j->n_touchpoints;
    if (j->n_start == 0)
        return cx_markov_solve(&q->c, state(q, 0, q->n_ch), out, walk, err);
    cx_markov_touchpoint *one = malloc(n * sizeof *one);
    if (!one)
        return cx_error_set(err, CX_ERR_NOMEM, "markov: out of memory");
    memset(out, 0, n * sizeof *out);
    *walk = (cx_markov_walk){0, 0};
    double left = 1;
    cx_status st = CX_OK;
    for (size_t i = 0; st == CX_OK && i <= j->n_start; i++) {
        size_t k = i < j->n_start ? (size_t)j->start[i].index : 0;
        double w = i < j->n_start ? j->start[i].p : left;
        if (i < j->n_start)
            left -= w;
        if (!(w > 1e-15))
            continue;
        cx_markov_walk wk;
        memset(one, 0, n * sizeof *one);
        st = cx_markov_solve(&q->c, state(q, k, q->n_ch), one, &wk, err);
        for (size_t t = 0; st == CX_OK && t < n; t++) {
            out[t].arrivals += w * one[t].arrivals;
            out[t].visits += w * one[t].visits;
            out[t].reach += w * one[t].reach;
            out[t].abandon += w * one[t].abandon;
        }
        walk->started += w * wk.started;
        walk->completed += w * wk.completed;
    }
    free(one);
    return st;
}

cx_status cx_markov_journey(const cx_model *m, size_t j, const cx_markov_customer *who,
                            cx_markov_touchpoint *out, cx_markov_walk *walk,
                            cx_error *err)
{
    jchain q;
    if (j >= m->n_journeys || m->journeys[j].n_touchpoints == 0)
        return cx_error_set(err, CX_ERR_USAGE, "markov: no journey %zu", j);
    cx_status st = check_drops(&m->journeys[j], err);
    if (st == CX_OK)
        st = jchain_alloc(&q, m, j, err);
    if (st != CX_OK)
        return st;
    build(&q, who);
    st = solve_starts(&q, out, walk, err);
    if (st == CX_ERR_INPUT)
        cx_error_set(err, st, "journey \"%s\": the walk can enter a loop it never leaves "
                     "(the simulation ends it after max_visits = %d visits)",
                     m->journeys[j].name, m->max_visits);
    jchain_free(&q);
    return st;
}

/* Adds w times one kind of customer's figures to the sums. */
static cx_status add_kind(const cx_model *m, size_t j, const cx_markov_customer *who,
                          double w, cx_markov_touchpoint *sum, cx_markov_touchpoint *tmp,
                          cx_markov_walk *walk, cx_error *err)
{
    cx_markov_walk one;
    cx_status st = cx_markov_journey(m, j, who, tmp, &one, err);
    for (size_t k = 0; st == CX_OK && k < m->journeys[j].n_touchpoints; k++) {
        sum[k].arrivals += w * tmp[k].arrivals;
        sum[k].visits += w * tmp[k].visits;
        sum[k].reach += w * tmp[k].reach;
        sum[k].abandon += w * tmp[k].abandon;
    }
    walk->started += w * one.started;
    walk->completed += w * one.completed;
    return st;
}

/* Sums over segments and data sharing, each weighted by its share of the
 * journeys attempted in period 1. */
static cx_status mix(const cx_model *m, size_t j, cx_markov_touchpoint *out,
                     cx_markov_touchpoint *tmp, cx_markov_walk *walk, cx_error *err)
{
    cx_status st = CX_OK;
    for (size_t s = 0; st == CX_OK && s < m->n_segments; s++) {
        const cx_segment *sg = &m->segments[s];
        double w = sg->share * cx_journey_frequency_of(&m->journeys[j], sg);
        for (int d = 0; st == CX_OK && d < 2; d++) {
            double wd = w * (d ? 1 - sg->refuse_data : sg->refuse_data);
            cx_markov_customer who = {sg, sg->trust_mean, d};
            if (wd > 0)
                st = add_kind(m, j, &who, wd, out, tmp, walk, err);
        }
    }
    return st;
}

cx_status cx_markov_journey_mix(const cx_model *m, size_t j, cx_markov_touchpoint *out,
                                cx_markov_walk *walk, cx_error *err)
{
    if (j >= m->n_journeys || m->journeys[j].n_touchpoints == 0)
        return cx_error_set(err, CX_ERR_USAGE, "markov: no journey %zu", j);
    size_t n = m->journeys[j].n_touchpoints;
    cx_markov_touchpoint *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return cx_error_set(err, CX_ERR_NOMEM, "markov: out of memory");
    memset(out, 0, n * sizeof *out);
    *walk = (cx_markov_walk){0, 0};
    cx_status st = mix(m, j, out, tmp, walk, err);
    free(tmp);
    if (st == CX_OK && !(walk->started > 0))
        st = cx_error_set(err, CX_ERR_INPUT, "journey \"%s\": no customer makes it in "
                          "period 1", m->journeys[j].name);
    if (st != CX_OK)
        return st;
    for (size_t k = 0; k < n; k++) {    /* per journey started */
        out[k].arrivals /= walk->started;
        out[k].visits /= walk->started;
        out[k].reach /= walk->started;
        out[k].abandon /= walk->started;
    }
    *walk = (cx_markov_walk){1, walk->completed / walk->started};
    return CX_OK;
}

/* ---- exactness ---------------------------------------------------------------- */

/* Whether a visit to k can abandon at all. */
static int can_abandon(const cx_model *m, const cx_journey *j, size_t k, int breaks)
{
    const cx_touchpoint *tp = &j->touchpoints[k];
    int event = tp->friction > 0 || breaks ||
                (tp->personalisation > 0 && m->intrusion > 0);
    return event && tp->abandon > 0 && tp->rec_attempt * tp->rec_success < 1;
}

/* Whether continuity breaks can happen in j: two channels or more. */
static int has_breaks(const cx_model *m, const cx_journey *j)
{
    for (size_t k = 1; break_probability(m) > 0 && k < j->n_touchpoints; k++)
        if (strcmp(j->touchpoints[k].channel, j->touchpoints[0].channel) != 0)
            return 1;
    return 0;
}

static int trust_matters(const cx_model *m, const cx_journey *j)
{
    int abandons = 0, breaks = has_breaks(m, j);
    for (size_t k = 0; k < j->n_touchpoints; k++)
        abandons |= can_abandon(m, j, k, breaks);
    for (size_t s = 0; abandons && s < m->n_segments; s++)
        if (m->segments[s].kappa > 0 && m->segments[s].share > 0 &&
            cx_journey_frequency_of(j, &m->segments[s]) > 0)
            return 1;
    return 0;
}

/* Depth-first search for a cycle: colour 1 on the path, 2 done. */
static int cycle_from(const cx_journey *j, size_t k, unsigned char *colour)
{
    const cx_touchpoint *tp = &j->touchpoints[k];
    colour[k] = 1;
    size_t n_out = tp->n_next ? tp->n_next : (k + 1 < j->n_touchpoints);
    for (size_t i = 0; i < n_out; i++) {
        int to = tp->n_next ? tp->next_index[i] : (int)k + 1;
        if (to < 0 || (tp->n_next && !(tp->next_p[i] > 0)))    /* done, drop */
            continue;
        if (colour[to] == 1 || (colour[to] == 0 && cycle_from(j, (size_t)to, colour)))
            return 1;
    }
    colour[k] = 2;
    return 0;
}

unsigned cx_markov_approximations(const cx_model *m, size_t j)
{
    const cx_journey *jr = &m->journeys[j];
    unsigned flags = trust_matters(m, jr) ? CX_MARKOV_TRUST : 0;
    unsigned char *colour = calloc(jr->n_touchpoints ? jr->n_touchpoints : 1, 1);
    /* without memory to look, say the chain may be approximate */
    int loops = !colour || cycle_from(jr, 0, colour);
    for (size_t i = 0; colour && !loops && i < jr->n_start; i++)    /* other starts */
        loops = colour[jr->start[i].index] == 0 &&
                cycle_from(jr, (size_t)jr->start[i].index, colour);
    if (loops)
        flags |= CX_MARKOV_LOOPS;
    free(colour);
    return flags;
}
