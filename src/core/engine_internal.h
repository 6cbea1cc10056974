/* engine_internal.h (private) - the engine's state, shared by engine.c
 * (one replication, period by period), block.c (one block of customers
 * through one period: the inner loop), control.c (variants, policies,
 * costs) and segment_tally.c (the tallies by segment).
 *
 * A period's customers are cut into blocks of CX_BLOCK_CUSTOMERS: block b
 * holds customers [b CX_BLOCK_CUSTOMERS, (b + 1) CX_BLOCK_CUSTOMERS). Each
 * block accumulates into its own cx_block_acc; after the period the blocks
 * are added together in block order. The boundaries and the order are the
 * same whatever the number of threads that ran the blocks, so the sums are
 * the same bytes: customers do not interact within a period (word of
 * mouth, arrivals, the exceptional-decile split, costs and policies all
 * act on the period's totals, after the blocks).
 */
#ifndef CX_ENGINE_INTERNAL_H
#define CX_ENGINE_INTERNAL_H

#include <signal.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "cxsim/engine.h"
#include "cxsim/rng.h"
#include "draw.h"
#include "journey.h"
#include "population.h"
#include "resolve.h"

/* Counter word reserved for draws that belong to no customer. */
#define CX_AGGREGATE 0xffffffffu
#define CX_MAX_CUSTOMERS 0xfffffffeu
/* Customers per block: fixed, so results do not depend on the threads. */
#define CX_BLOCK_CUSTOMERS ((size_t)CX_ENGINE_BLOCK_CUSTOMERS)
/* R' histogram for the exceptional (top decile) / poor (R' < 0) split:
 * bin b holds R' in [-1 + b / 1024, -1 + (b + 1) / 1024). */
#define HIST_BINS 2048

enum { H_N, H_PROMOTERS, H_CROSS, H_STAY, H_FIELDS };

/* What one journey of a customer's period leaves for the period's end:
 * the R' histogram's bin and what the bin counts besides churn (the
 * tallies take the rest at once, block.c). */
typedef struct made {
    uint16_t bin;               /* [0, HIST_BINS) */
    uint8_t promoter, cross;
} made;

/* Upper bounds of the churn probability (not abandoned, abandoned) and of
 * the cross-sell probability over cells of trust x R' (CX_CELLS_T equal
 * cells of [0, 1] by CX_CELLS_R of [-1, 1]), for one segment's parameters
 * of the period: a uniform at or above its cell's bound decides "no"
 * without the exponentials (block.c). The bounds of outcomes_core.h hold
 * over every trust and R', so they are loose for most customers. */
enum { CX_CELLS_T = 8, CX_CELLS_R = 8, CX_CELLS = CX_CELLS_T * CX_CELLS_R };
typedef struct cx_outcome_cells {
    double churn[2][CX_CELLS];
    double cross[CX_CELLS];
} cx_outcome_cells;

/* Widening of every cell when its bounds are computed, far above the
 * rounding that puts a customer in a cell (trust x 8 is exact, (R' + 1) x 4
 * rounds once): a value a hair outside its cell is inside the widened one. */
#define CX_CELL_MARGIN 1e-6

/* The cell of (trust, R'), or -1 outside [0, 1] x [-1, 1]: no bound
 * there, the exact test decides. */
static inline __attribute__((always_inline)) int cx_outcome_cell(double trust, double rp)
{
    if (!(trust >= 0 && trust <= 1 && rp >= -1 && rp <= 1))
        return -1;
    int a = (int)(trust * CX_CELLS_T), b = (int)((rp + 1) * (CX_CELLS_R / 2));
    a = a < CX_CELLS_T ? a : CX_CELLS_T - 1;
    b = b < CX_CELLS_R ? b : CX_CELLS_R - 1;
    return a * CX_CELLS_R + b;
}

/* Per-segment tallies of one replication (segment_tally.c): the current
 * period's, and the horizon's folded from them (cx_tally_add). */
typedef struct cx_segment_tallies {
    cx_tally *period;           /* [segment] */
    cx_tally *horizon;          /* [segment] */
    double *initial;            /* [segment]: initial customers */
} cx_segment_tallies;

/* One block's share of a period: everything the inner loop adds to. The
 * histogram holds counts, exact in any order; the tallies hold sums of
 * doubles, added across blocks in block order. */
typedef struct cx_block_acc {
    _Alignas(64) cx_tally ty;       /* a cache line of its own: blocks run side by side */
    uint32_t (*hist)[H_FIELDS];     /* [HIST_BINS] */
    cx_tp_acc *tp_seg;              /* [segment * n_tp + g] */
    double *journey_starts;         /* [journey] */
    double *seg_active;             /* [segment] active at the period's start */
    cx_tally *seg;                  /* [segment]: the segments' shares of ty */
    uint64_t rng_blocks;            /* Philox blocks drawn */
} cx_block_acc;

/* A slot's workspace for the lane engine's chunks of customers (block.c). */
typedef struct cx_chunk cx_chunk;

/* What one thread needs while it runs a block: scratch of the walks and a
 * GSL stream for the initial-trust Beta draws of arrivals. */
typedef struct cx_slot {
    _Alignas(64) cx_walk_scratch scratch;   /* slots run side by side: no shared lines */
    made *made;                     /* one per journey */
    cx_chunk *chunk;                /* the lane engine's, or NULL (the scalar walk only) */
    gsl_rng *stream;
    uint64_t stream_blocks0;        /* the stream's blocks when the run began */
    uint64_t rng_blocks;            /* Philox blocks of the arrivals it admitted */
} cx_slot;

struct cx_engine {
    const cx_model *m;
    const volatile sig_atomic_t *stop;  /* non-zero: stop at the next period */
    size_t n_tp, longest;
    int *channels;              /* channel ids, all touchpoints */
    cx_resolved res;            /* per-segment parameters of this period */
    double (*trust_beta)[2];    /* Beta (a, b) per segment; a < 0: point mass */
    cx_outcome_cells *cells;    /* [segment], for the period's parameters */
    cx_engine_team team;        /* slots = 1, for_each = NULL: the calling thread */

    /* Per run, allocated when a replication starts and freed when it ends,
     * so an idle engine holds no customers. */
    cx_population pop;
    cx_block_acc *acc;          /* [block] */
    size_t n_acc;
    cx_slot *slots;             /* [team.slots] */
    unsigned n_slots;
    gsl_rng *stream;            /* word of mouth (between periods) */
    uint64_t stream_blocks0;

    /* The replication's totals and the period's. */
    uint64_t (*hist)[H_FIELDS]; /* [HIST_BINS], this period */
    double *journey_starts;     /* per journey, this replication */
    cx_tp_tally *tp_seg;        /* [segment * n_tp + g], this replication */
    double *visits_seen;        /* [segment * n_tp + g]: visits before this period */
    double *seg_active;         /* active customers per segment this period */
    cx_segment_tallies seg;
    uint64_t rng_blocks;        /* Philox blocks drawn by this replication */

    /* The period the blocks are running (read-only for them). */
    uint32_t t;
    double discount;
    size_t period_n;            /* customers at the period's start */
    size_t admit_from, admit_to;    /* customers being admitted */

    size_t variant;             /* CX_NO_VARIANT or an index into m->variants */
    uint64_t variant_mask;      /* interventions the variant enables */
    uint64_t enabled;           /* enabled now (the policy may change it) */
    uint64_t paid_fixed;        /* fixed costs paid this replication */
    cx_edit *overrides;         /* the policy's sets this replication */
    size_t n_overrides, cap_overrides;
    cx_policy policy;
    int has_policy;
    cx_engine_recorder recorder;    /* customers 0: none */
    int antithetic;             /* replications 2k and 2k + 1 are an antithetic pair */
    cx_status failed;           /* a per-visit hook failed: stop the replication */
    cx_error hook_error;
    cx_rng rng;
    cx_philox_gather_fn gather;     /* the lane engine's Philox, or NULL: the scalar walk
                                     * for every journey (lanes.h, cx_lanes_gatherer) */
    int lanes_always;               /* CXSIM_ENGINE=lanes (lanes.h, cx_lanes_mode) */
};

/* block.c: customers [e->admit_from, e->admit_to) in chunk `chunk` of
 * CX_BLOCK_CUSTOMERS arrive (segment, consent, trust, margin). */
void cx_engine_admit_chunk(void *engine, size_t chunk, unsigned slot);

/* block.c: the outcome cells of every segment from e->res, after each
 * cx_resolved_update and before the period's blocks run. */
void cx_engine_outcome_cells(cx_engine *e);

/* block.c: a slot's workspace for the lane engine (NULL when out of
 * memory), its release, and the bytes it takes for model m. */
cx_chunk *cx_engine_chunk_new(const cx_engine *e);
void cx_engine_chunk_free(cx_chunk *k);
size_t cx_engine_chunk_bytes(const cx_model *m, size_t longest);

/* block.c: block b's customers through period e->t, into e->acc[b]. */
void cx_engine_run_block(void *engine, size_t b, unsigned slot);

/* Per-segment tallies (segment_tally.c), kept beside the portfolio's tally
 * at the same points of the replication: allocated with the engine (0 when
 * out of memory), zeroed when a replication begins, each journey and each
 * customer's period added to its block's share by block.c where it adds
 * them to the portfolio's, the blocks' shares added in block order
 * (engine.c), the period folded into the horizon. */
int cx_engine_segments_alloc(cx_engine *e);
void cx_engine_segments_release(cx_engine *e);
void cx_engine_segments_begin(cx_engine *e);
void cx_engine_segments_count_initial(cx_engine *e);
void cx_engine_segments_period(cx_engine *e);

/* Interventions acting in period t: enabled and within start..stop. */
uint64_t cx_engine_active_in(const cx_engine *e, uint32_t t);

/* Adds what the active interventions cost in the period just simulated,
 * discounted, to ty->cost, and marks the period's visits as paid for. */
void cx_engine_pay(cx_engine *e, uint64_t active, double discount, cx_tally *ty);

#endif
