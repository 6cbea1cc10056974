/* journey.h (private) - walking one customer through one journey.
 *
 * The journey is a directed graph of touchpoints (docs/model.md, "Journey
 * graphs"): the walk starts at the first touchpoint (or
 * one drawn from the journey's start table) and follows each touchpoint's
 * successors (by default the next one in declaration order) until the
 * "done" edge, the "drop" edge (abandoned), an abandoning visit,
 * max_visits visits, or max_steps steps (visits and skips). A touchpoint
 * with optional < 1 may be skipped: no visit, and the walk moves on along
 * its successors.
 */
#ifndef CX_JOURNEY_H
#define CX_JOURNEY_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/engine.h"
#include "cxsim/metrics.h"
#include "cxsim/model.h"
#include "draw.h"
#include "flat.h"
#include "philox.h"

/* A journey as a segment sees it in a period, resolved between periods
 * (resolve.c), so the walk reads no strings and no model structs. */
typedef struct cx_walk_plan {
    const cx_flat_tp *tp;       /* the journey's touchpoints, [0, n_tp) */
    size_t n_tp;
    uint32_t tp_offset;         /* global index of the journey's first touchpoint */
    uint64_t th_break;          /* threshold of (1 - continuity) channel_break; 0 when a
                                 * break has no severity (no event) */
    double break_severity, intrusion_severity;
    double kappa, tau_r, tau_f; /* the segment's trust buffer and recovery trust moves */
    size_t max_visits;
    size_t max_steps;           /* visits and skips: min(65535, max_visits x touchpoints) */
    const cx_policy *hook;      /* per-visit hook, or NULL (the fast path) */
    cx_philox_run_fn predraw;   /* draws the first visit block of every touchpoint of the
                                 * journey at once, in vector lanes, before the walk; NULL:
                                 * each block when the walk needs it (the same words) */
    size_t n_start;             /* 0: the walk starts at the first touchpoint */
    const uint64_t *th_start;   /* [n_start] cumulative thresholds of the start draw */
    const int32_t *start_k;     /* [n_start] the touchpoint each entry starts at */
    const cx_journey *j;        /* names for the hook's events */
    const char *segment;
} cx_walk_plan;

/* A touchpoint's visits in one block of customers and one period: counts
 * as integers (no conversion per visit), sums of reals as doubles. The
 * engine adds them into cx_tp_tally after the period (engine.c). */
typedef struct cx_tp_acc {
    uint64_t visits, frictions, recoveries, abandons, breaks, intrusions, csat_sum;
    uint64_t friction_events;       /* the touchpoint's own friction draws */
    double e_sum, effort_sum;
    double friction_p;              /* sum of the friction probability in force */
} cx_tp_acc;

typedef struct cx_walk {
    size_t visits;      /* visits made (0 only if every touchpoint was skipped) */
    int abandoned;
    double effort;      /* sum of the visits' effort */
    int64_t csat_sum;   /* sum of the visits' CSAT */
    double doubt_p;     /* P(post-purchase doubt) still pending at the end (F10) */
    double doubt_severity;
    cx_status status;   /* a per-visit hook's failure (the walk stops) */
} cx_walk;

/* Caller-owned scratch of one walk: room for max_visits emotions and one
 * counter word per touchpoint of the journey (its index, with its
 * occurrence count in the high 16 bits: the next visit's word, ready),
 * rounded up to a multiple of 4 (the walk sets them four at a time); and
 * for a plan with predraw, the four words of each touchpoint's first
 * visit block, word w of touchpoint k at pre[w * pre_stride + k], with
 * pre_stride the longest journey's touchpoints rounded up to
 * CX_PHILOX_LANES (cx_journey_pre_stride). */
typedef struct cx_walk_scratch {
    double *e;
    uint32_t *word;
    uint32_t *pre;
    size_t pre_stride;
} cx_walk_scratch;

/* The row length of cx_walk_scratch.pre for journeys of at most
 * `longest` touchpoints. */
static inline size_t cx_journey_pre_stride(size_t longest)
{
    return (longest + CX_PHILOX_LANES - 1) / CX_PHILOX_LANES * CX_PHILOX_LANES;
}

/* Walks the journey for one customer in one period. *trust is updated by
 * recoveries and intrusions as they happen; s->e receives the emotions;
 * tp (the journey's touchpoint tallies) accumulates every visit; draws
 * come from d. Allocation-free. A failing per-visit hook stops the walk
 * with out->status set and err filled. */
void cx_journey_walk(const cx_walk_plan *plan, int shares_data, double *trust, cx_draws *d,
                     uint32_t customer, uint32_t period, cx_walk_scratch *s,
                     cx_tp_acc *tp, cx_walk *out, cx_error *err);

/* Post-purchase doubt at the journey's end, from the journey's doubt
 * uniform u: the last emotion falls by the severity (clamped at -1) with
 * probability w->doubt_p. Returns whether it did. Inline: it runs once a
 * journey, and a call into the library's table cost more than it does. */
static inline int cx_journey_doubt(const cx_walk *w, double u, double *e)
{
    if (w->visits == 0 || !(u < w->doubt_p))
        return 0;
    double *last = &e[w->visits - 1];
    *last = *last - w->doubt_severity < -1 ? -1 : *last - w->doubt_severity;
    return 1;
}

#endif
