/* engine_internal.h (private) - the engine's state, shared by engine.c
 * (one replication) and control.c (variants, policies, costs). */
#ifndef CX_ENGINE_INTERNAL_H
#define CX_ENGINE_INTERNAL_H

#include <signal.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "cxsim/engine.h"
#include "cxsim/rng.h"
#include "journey.h"
#include "population.h"
#include "resolve.h"

/* Counter word reserved for draws that belong to no customer. */
#define CX_AGGREGATE 0xffffffffu
#define CX_MAX_CUSTOMERS 0xfffffffeu
/* R' histogram for the exceptional (top decile) / poor (R' < 0) split:
 * bin b holds R' in [-1 + b / 1024, -1 + (b + 1) / 1024). */
#define HIST_BINS 2048

enum { H_N, H_PROMOTERS, H_CROSS, H_STAY, H_FIELDS };

/* What one journey of a customer's period left for the period's end
 * (the rest of the fields are for its segment's tally, segment_tally.c). */
typedef struct made {
    double rp;
    int promoter, cross;
    int detractor, ltr, completed;
    double visits, csat_sum, effort;
} made;

/* Per-segment tallies of one replication (segment_tally.c): the current
 * period's, and the horizon's folded from them (cx_tally_add). */
typedef struct cx_segment_tallies {
    cx_tally *period;           /* [segment] */
    cx_tally *horizon;          /* [segment] */
} cx_segment_tallies;

struct cx_engine {
    const cx_model *m;
    const volatile sig_atomic_t *stop;  /* non-zero: stop at the next period */
    cx_population pop;
    gsl_rng *stream;
    int *channels;              /* channel ids, all touchpoints */
    cx_resolved res;            /* per-segment parameters of this period */
    cx_walk_scratch scratch;
    made *made;                 /* one per journey */
    double (*hist)[H_FIELDS];
    double (*trust_beta)[2];    /* Beta (a, b) per segment; a < 0: point mass */
    double *journey_starts;     /* per journey, this replication */
    cx_tp_tally *tp_seg;        /* [segment * n_tp + g], this replication */
    double *visits_seen;        /* [segment * n_tp + g]: visits before this period */
    double *seg_active;         /* active customers per segment this period */
    cx_segment_tallies seg;
    size_t n_tp;
    size_t variant;             /* CX_NO_VARIANT or an index into m->variants */
    uint64_t variant_mask;      /* interventions the variant enables */
    uint64_t enabled;           /* enabled now (the policy may change it) */
    uint64_t paid_fixed;        /* fixed costs paid this replication */
    cx_edit *overrides;         /* the policy's sets this replication */
    size_t n_overrides, cap_overrides;
    cx_policy policy;
    int has_policy;
    cx_status failed;           /* a per-visit hook failed: stop the replication */
    cx_error hook_error;
    cx_rng rng;
};

/* Per-segment tallies (segment_tally.c), kept beside the portfolio's tally
 * at the same points of the replication: allocated with the engine (0 when
 * out of memory), zeroed when a replication begins, one customer's period
 * added after its churn is drawn, the period folded into the horizon. */
int cx_engine_segments_alloc(cx_engine *e);
void cx_engine_segments_release(cx_engine *e);
void cx_engine_segments_begin(cx_engine *e);
void cx_engine_segments_customer(cx_engine *e, size_t i, size_t n_made, int churn,
                                 double trust, double margin, double discount);
void cx_engine_segments_period(cx_engine *e);

/* Interventions acting in period t: enabled and within start..stop. */
uint64_t cx_engine_active_in(const cx_engine *e, uint32_t t);

/* Adds what the active interventions cost in the period just simulated,
 * discounted, to ty->cost, and marks the period's visits as paid for. */
void cx_engine_pay(cx_engine *e, uint64_t active, double discount, cx_tally *ty);

#endif
