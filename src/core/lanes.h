/* lanes.h (private) - a linear journey walked by many customers at once.
 *
 * The throughput engine (docs/performance.md, "Sixth pass: lanes"): the
 * customers of a chunk who make a journey in a period, all of one segment
 * (one walk plan), advance through the journey's touchpoints in lockstep.
 * Each touchpoint's visit blocks are drawn for every lane at once in
 * vector registers (cx_philox_gather_fn, philox.h), at the counters the
 * scalar walk uses (customer, period, touchpoint, purpose), so a lane
 * reads the words the scalar walk would have read and decides the same
 * events. Lanes that abandon leave the live list (compaction); the
 * touchpoints' tallies receive each lane's visit in lane order, which is
 * customer order, so their sums of doubles are the scalar walk's bytes.
 *
 * Only journeys the lockstep fits: no start table, no successor tables, no
 * optional touchpoint, no per-visit hook (cx_lanes_walkable). The others
 * take the scalar walk (journey.c), which stays the reference.
 */
#ifndef CX_LANES_H
#define CX_LANES_H

#include <stddef.h>
#include <stdint.h>

#include "journey.h"
#include "philox.h"

/* Customers a chunk holds at most (block.c cuts a block of
 * CX_BLOCK_CUSTOMERS into chunks of this many). A chunk's arrays stay in
 * the second cache level; a segment's makers fill more whole vectors than
 * with fewer customers (paired runs on tests/bench/linear.lua: 1024 took
 * 0.973 of 256's time, 4096 1.059 of 1024's: docs/performance.md). */
enum { CX_LANES_CHUNK = 1024 };

/* Workspace and results of one walk in lanes, for at most CX_LANES_CHUNK
 * lanes; results are per lane q = 0 .. n - 1 of the call. */
typedef struct cx_lanes {
    size_t e_stride;            /* emotions of lane q: e[q * e_stride + v] */
    double *e;
    double *effort, *doubt_p, *doubt_severity, *trust;
    int32_t *csat;
    uint16_t *visits;
    uint8_t *abandoned, *shares;
    uint32_t *cust;             /* the lanes' customers (the caller fills it) */
    uint32_t *live_cust;        /* customers of the live lanes, padded for the gather */
    uint16_t *live;             /* live lanes */
    uint32_t *x;                /* the touchpoint's words, x[w * CX_LANES_CHUNK + q] */
    uint8_t *live_shares;       /* the live lanes' data consent */
    double *ve, *vf;            /* the live lanes' visit: emotion, effort */
    int32_t *vc;                /* and CSAT */
    uint16_t *hit;              /* live lanes with an event or an intrusion draw */
    uint16_t *some;             /* live lanes drawing a rare block */
    uint32_t *some_cust;        /* their customers, padded for the gather */
    uint32_t *y;                /* their words, as x */
    uint8_t *intruded;          /* [live lane]: an intrusion (refusers only) */
} cx_lanes;

/* Workspace for journeys of at most `longest` visits; NULL when out of
 * memory. */
cx_lanes *cx_lanes_new(size_t longest);
void cx_lanes_free(cx_lanes *l);

/* Whether the lockstep walk can run this plan: a linear journey (no start
 * table, every touchpoint followed by the next, none optional) without a
 * per-visit hook. */
int cx_lanes_walkable(const cx_walk_plan *plan);

/* When the engine runs a block's customers in chunks (block.c), from the
 * environment variable CXSIM_ENGINE: "walk": never, every customer's
 * journeys by the scalar walk, customer by customer; "lanes": always,
 * journeys that do not fit the lockstep by the scalar walk inside the
 * chunk; unset or anything else: when every journey of every segment
 * fits the lockstep (a journey that does not would pay for the chunk's
 * bookkeeping and gain nothing). The outputs are the same bytes in every
 * mode (tests/unit/check_engine.c). */
typedef enum cx_lanes_mode { CX_LANES_OFF, CX_LANES_AUTO, CX_LANES_ALWAYS } cx_lanes_mode;
cx_lanes_mode cx_lanes_mode_of_env(void);

/* The gatherer of the lane engine: Philox in AVX2 lanes where the
 * processor has them (CXSIM_PHILOX may choose another level). */
cx_philox_gather_fn cx_lanes_gatherer(void);

/* Walks journey `plan` (cx_lanes_walkable) for the n <= CX_LANES_CHUNK
 * customers l->cust[0 .. n) in period `period`, in that order, their data
 * consent in l->shares and trust in l->trust (updated by recoveries and
 * intrusions). Draws through `gather` and, for the rare blocks after an
 * event, d (counted there). Adds every visit to tp (the journey's
 * touchpoint tallies) in lane order. Results in l's per-lane arrays. */
void cx_lanes_walk(const cx_walk_plan *plan, cx_philox_gather_fn gather, cx_draws *d,
                   uint32_t period, size_t n, cx_lanes *l, cx_tp_acc *tp);

#endif
