/* cxsim/engine.h - one replication of a model.
 *
 * Provides: cx_engine, a per-worker workspace (the parameters each segment
 * sees, resolved into flat tables; the population and the blocks' sums
 * while a replication runs) and cx_engine_run, which simulates the horizon
 * (docs/model.md "Order within a period") and returns one tally per period,
 * optionally running its blocks of customers on a team of threads.
 * Relies on: model, rng, visit, memory, outcomes, metrics, GSL randist.
 * The inner loop is free of Lua, I/O and allocation; the population grows
 * only between periods, when customers arrive.
 */
#ifndef CXSIM_ENGINE_H
#define CXSIM_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "cxsim/error.h"
#include "cxsim/metrics.h"
#include "cxsim/model.h"

typedef struct cx_engine cx_engine;

/* A policy run between periods (docs/scenarios.md, "Policies: on_period"): after period t
 * (t < horizon) it sees the period's metrics and may enable or disable
 * interventions and override parameters from period t + 1 on, through
 * cx_engine_enable and cx_engine_override. `begin` starts each
 * replication from the same state (a policy must not carry anything from
 * one replication to the next, or results would depend on which worker ran
 * which replication). Either function may be NULL. */
/* One touchpoint visit, as a per-event hook sees it. */
typedef struct cx_visit_event {
    uint32_t customer;          /* index in the replication's population */
    int period;
    const char *segment, *journey, *touchpoint;
    size_t touchpoint_index;    /* the touchpoint's index in its journey */
    double emotion;             /* e after the clamp */
    int csat;
    double trust;               /* after the visit's own recovery/intrusion */
    int delight, friction, recovered, abandoned;
} cx_visit_event;

typedef struct cx_policy {
    cx_status (*begin)(void *ctx, uint32_t replication, cx_error *err);
    cx_status (*on_period)(void *ctx, cx_engine *e, int period,
                           const double *metrics, cx_error *err);
    void *ctx;
    /* Optional per-event hook, called after every visit from inside the
     * walk: slow (a call into the policy per visit). It may change the
     * visit's emotion (clamped to [-1, 1] again, CSAT recomputed) before
     * the visit is remembered and tallied. NULL: no hook. */
    cx_status (*on_visit)(void *ctx, const cx_visit_event *ev, double *emotion,
                          cx_error *err);
} cx_policy;

/* A workspace for model m, which must stay alive and unchanged while the
 * engine is used. NULL and err filled when out of memory or when m has more
 * than 255 segments, 65535 touchpoints or 2^32 - 2 customers. */
cx_engine *cx_engine_new(const cx_model *m, cx_error *err);
void cx_engine_free(cx_engine *e);

/* Runs replication `rep` with master seed `seed`: periods[0..horizon) receive
 * the tallies of periods 1..H, and touchpoints[0..cx_model_touchpoint_count)
 * the horizon tallies of every touchpoint (journeys in declaration order,
 * their touchpoints in order). Same (model, seed, rep), same tallies, on
 * any thread or team. The customers' state (cx_engine_bytes_per_customer
 * bytes each) and the blocks' sums are allocated when the run starts and
 * freed when it ends. Fails when memory runs out (CX_ERR_NOMEM), a policy
 * or hook fails, or the population would pass 2^32 - 2 customers. */
cx_status cx_engine_run(cx_engine *e, uint32_t seed, uint32_t rep,
                        cx_tally *periods, cx_tp_tally *touchpoints,
                        cx_error *err);

/* The horizon tallies of each segment (m->n_segments of them, in the
 * model's order) in the replication cx_engine_run last completed: the
 * flows and stocks of the segment's customers (journeys, NPS classes,
 * CSAT, effort, churn, trust, margin, CLV of its initial customers and
 * value), with population the segment's initial customers. Word of mouth,
 * arrivals, the experience split and costs are left 0: they belong to the
 * whole portfolio (cx_tally_segment_metrics). Owned by e, valid until its
 * next run. */
const cx_tally *cx_engine_segment_tallies(cx_engine *e);

/* A team of threads for the customer blocks of a replication. Customers
 * are simulated in blocks of CX_ENGINE_BLOCK_CUSTOMERS, each adding to its own sums,
 * which are added together in block order after each period: the
 * results are the same bytes whether a team runs the blocks or not, and
 * whatever its size. for_each(ctx, n, fn, arg) must call fn(arg, i, slot)
 * once for every i in [0, n), on any threads, concurrently or not, and
 * return when all calls have returned; slot, below `slots`, tells calls
 * that run at the same time apart (no two at once get the same slot). */
#define CX_ENGINE_BLOCK_CUSTOMERS 32768

typedef struct cx_engine_team {
    unsigned slots;
    void (*for_each)(void *ctx, size_t n, void (*fn)(void *arg, size_t i, unsigned slot),
                     void *arg);
    void *ctx;
} cx_engine_team;

/* Runs the engine's customer blocks on a team (copied) from the next
 * cx_engine_run on; NULL, or a team of one slot: on the calling thread.
 * With a per-visit hook (cx_policy.on_visit) the blocks stay on the calling
 * thread, whose policy the hook calls. */
void cx_engine_set_team(cx_engine *e, const cx_engine_team *team);

/* Simulates variant `variant` of the model (an index into m->variants;
 * CX_NO_VARIANT: no intervention) in the following runs. */
#define CX_NO_VARIANT ((size_t)-1)
cx_status cx_engine_set_variant(cx_engine *e, size_t variant, cx_error *err);

/* Antithetic replications (on != 0): replications 2k and 2k + 1 form a
 * pair; both use the random numbers of plain replication 2k, the odd one
 * with every uniform u replaced by 1 - u (cx_rng_set_antithetic). Even
 * replications are the same as without it. Off by default. */
void cx_engine_set_antithetic(cx_engine *e, int on);

/* While *stop is non-zero (a signal handler may set it), cx_engine_run
 * returns CX_ERR_STOPPED at the start of its next period, so a replication
 * of any size stops within one period's time. NULL: never stop. */
void cx_engine_set_stop(cx_engine *e, const volatile sig_atomic_t *stop);

/* A journey a recorder sees end (cx_engine_recorder). */
typedef struct cx_journey_record {
    uint32_t customer;
    int period;
    size_t journey, segment;    /* indices into the model's */
    int abandoned;
    int ltr;                    /* the LTR answer drawn after it, 0 to 10 */
} cx_journey_record;

/* Records the visits and journeys of customers 0 .. customers - 1 (the
 * synthetic event log of `cxsim run --events`, docs/fit.md): on_visit
 * after each of their visits (after a per-visit hook, with the CSAT it
 * left), on_journey when a journey of theirs with a visit ends. The calls
 * for one customer come in order, from one thread at a time; calls for
 * different customers may run at once on the engine's team, so ctx must
 * keep each customer's records apart. Recorded customers walk the
 * journey through the per-visit hook's copy of the walk (slower), which
 * draws the same numbers: recording changes no result. */
typedef struct cx_engine_recorder {
    uint32_t customers;
    cx_status (*on_visit)(void *ctx, const cx_visit_event *ev, cx_error *err);
    void (*on_journey)(void *ctx, const cx_journey_record *r);
    void *ctx;
} cx_engine_recorder;

/* Installs a recorder (copied; NULL removes it) for the following runs. */
void cx_engine_set_recorder(cx_engine *e, const cx_engine_recorder *r);

/* Installs a policy (copied; NULL removes it). */
void cx_engine_set_policy(cx_engine *e, const cx_policy *p);

/* For policies, during cx_engine_run: enable (on = 1) or disable an
 * intervention by name from the next period on (it still acts only from
 * its start period). CX_ERR_INPUT for an unknown name. */
cx_status cx_engine_enable(cx_engine *e, const char *intervention, int on,
                           cx_error *err);

/* Whether the intervention is enabled now; -1 for an unknown name. */
int cx_engine_enabled(const cx_engine *e, const char *intervention);

/* For policies: set a parameter by dotted path (as cx_model_set) from the
 * next period on, for the rest of this replication. The change is checked
 * at once: CX_ERR_INPUT with the reason for a bad path or value. */
cx_status cx_engine_override(cx_engine *e, const char *path, double value,
                             cx_error *err);

/* The horizon of the engine's model (after any --set), and the name of
 * the variant it simulates ("baseline" when none is set). */
int cx_engine_horizon(const cx_engine *e);
const char *cx_engine_variant_name(const cx_engine *e);

/* Philox blocks (four variates each) the last cx_engine_run drew: the
 * work the benchmark's speed of light is measured against. */
uint64_t cx_engine_rng_blocks(const cx_engine *e);

/* Bytes a replication of m holds while it runs, with a team of `slots`:
 * the customers' state for the initial population and the scenario's
 * inflow over the horizon (word of mouth may bring more), and the
 * blocks' sums. An estimate, for refusing work that cannot fit. */
double cx_engine_replication_bytes(const cx_model *m, unsigned slots);

/* Bytes an idle engine for m holds (the parameters each segment sees). */
double cx_engine_workspace_bytes(const cx_model *m);

/* Bytes of state the engine keeps per customer. */
size_t cx_engine_bytes_per_customer(void);

#endif
