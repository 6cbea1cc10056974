/* cxsim/model.h - the scenario model as plain C structs.
 *
 * Provides: cx_model (scenario settings, segments, journeys of touchpoints),
 * the parameter tables that give every parameter its key, default, valid
 * range and meaning (docs/model.md), validation, and setting a parameter by its
 * dotted path (`journey.purchase.checkout.friction`).
 * Relies on: cxsim/error.h. Knows nothing of Lua: src/lua/ builds these.
 *
 * Ownership: a cx_model owns its segments and journeys; the journeys own
 * their touchpoints. cx_model_free releases everything.
 */
#ifndef CXSIM_MODEL_H
#define CXSIM_MODEL_H

#include <stddef.h>

#include "cxsim/dist.h"
#include "cxsim/error.h"

#define CX_NAME_MAX 64
#define CX_PATH_MAX 1024
#define CX_MAX_NEXT 8           /* successors of a touchpoint */
#define CX_DONE (-1)            /* successor index of the "done" edge */
#define CX_DROP (-3)            /* successor index of the "drop" edge: the journey
                                 * ends there, abandoned, without a friction event */

typedef struct cx_touchpoint {
    char name[CX_NAME_MAX];
    char channel[CX_NAME_MAX];
    int line;               /* scenario line of its constructor, 0 if none */
    double base;            /* emotion of a smooth visit, [-1,1] */
    double friction;        /* P(friction event) */
    double severity;        /* emotional hit of a friction event */
    double delight;         /* P(positive surprise) */
    double delight_gain;    /* emotional gain of delight */
    double weight;          /* moment-of-truth weight w_k */
    double abandon;         /* P(abandon | unrecovered friction) */
    double rec_attempt;     /* recovery.attempt */
    double rec_success;     /* recovery.success */
    double rec_gain;        /* recovery.gain */
    double rec_fail_loss;   /* recovery.fail_loss */
    double effort;          /* effort units of a visit */
    double optional;        /* P(the touchpoint is visited when reached) */
    double personalisation; /* personalisation level p (F12) */
    double dissonance;      /* P(post-purchase doubt): marks a purchase (F10) */
    double dissonance_severity;
    double reassure;        /* scales later doubt down by (1 - reassure) */
    /* Successors (journey graph). n_next = 0: the next touchpoint in
     * declaration order (done after the last) with probability 1. Else the
     * edges next_name[i] with probability next_p[i]; "done" ends the
     * journey, and probability left over (sum < 1) also goes to done;
     * "drop" ends it abandoned (a drop-off without a friction event).
     * next_index is filled by cx_model_add_journey (CX_DONE for done,
     * CX_DROP for drop). */
    size_t n_next;
    char next_name[CX_MAX_NEXT][CX_NAME_MAX];
    double next_p[CX_MAX_NEXT];
    int next_index[CX_MAX_NEXT];
} cx_touchpoint;

typedef struct cx_segment {
    char name[CX_NAME_MAX];
    int line;
    char file[CX_PATH_MAX]; /* the data file it was read from (segments_from_csv),
                             * for messages; "" when the scenario declares it */
    double share;           /* share of the population */
    double margin;          /* contribution per active period */
    double trust_mean, trust_sd;   /* initial trust ~ Beta (method of moments) */
    double lambda;          /* negativity bias */
    double kappa;           /* trust buffer */
    double tau_r, tau_f;    /* recovery trust gain / loss */
    double w_peak, w_end;   /* peak-end weights */
    double beta;            /* confirmation bias */
    double eta_up, eta_down;       /* asymmetric trust update */
    double ltr_a, ltr_b, ltr_c, ltr_sigma;  /* likelihood to recommend */
    double h0, t0, g_t, g_r, m_ab; /* churn hazard */
    double q0, d_r, d_t, uplift;   /* cross-sell */
    double refuse_data;     /* share refusing personal data (F12) */
} cx_segment;

/* How often customers of one segment make a journey. */
typedef struct cx_journey_frequency {
    char segment[CX_NAME_MAX];
    double value;
} cx_journey_frequency;

/* Where a journey starts: touchpoint `index` (of the journey) with
 * probability p (`start = { name = p, ... }`). */
typedef struct cx_journey_start {
    char name[CX_NAME_MAX];
    double p;
    int index;
} cx_journey_start;

typedef struct cx_journey {
    char name[CX_NAME_MAX];
    int line;
    cx_touchpoint *touchpoints;
    size_t n_touchpoints;
    /* P(an active customer makes this journey in a period): `frequency`
     * for every segment but those listed in by_segment. Default 1. */
    double frequency;
    cx_journey_frequency *by_segment;
    size_t n_by_segment;
    /* The start distribution (n_start = 0: the first touchpoint). Entries
     * in touchpoint order; what they leave over (sum < 1) starts at the
     * first touchpoint. Set by cx_journey_set_start. */
    cx_journey_start *start;
    size_t n_start;
    /* once = 1: made only in a customer's first period (an onboarding),
     * with probability its frequency; never again. */
    int once;
} cx_journey;

/* One parameter change: a dotted path as cx_model_set takes it and a value. */
typedef struct cx_edit {
    char path[256];
    double value;
} cx_edit;

/* An intervention (F19, F20): parameter changes from period `start` to
 * `stop` (0: the horizon), for the listed segments (none listed: all), and
 * what it costs. */
typedef struct cx_intervention {
    char name[CX_NAME_MAX];
    int line;
    int start, stop;
    cx_edit *edits;
    size_t n_edits;
    char (*segments)[CX_NAME_MAX];
    size_t n_segments;
    double cost_fixed;          /* once, the first period it acts */
    double cost_per_customer;   /* per active (targeted) customer and period */
    double cost_per_visit;      /* per visit to a touchpoint it edits (any, if it edits none) */
    int candidate;              /* the scenario's `candidate` key: 1 true, -1 false,
                                 * 0 not given (quickwins then ranks it unless
                                 * the policy controls it) */
    int policy_controlled;      /* 1: the on_period policy names it in
                                 * sim:enable, sim:disable or sim:enabled
                                 * (found in the scenario's text at load) */
} cx_intervention;

/* Whether quickwins ranks iv: as its `candidate` key says, else unless the
 * scenario's policy turns it on and off (a switch the policy owns, not a
 * fix to fund: docs/analysis.md, "Candidates"). */
int cx_model_intervention_is_candidate(const cx_intervention *iv);

#define CX_MAX_INTERVENTIONS 64

/* An uncertain parameter and its plausible range, as the scenario declares
 * it (`parameter "PATH" { low = ..., high = ... }`, or with a distribution,
 * `parameter "PATH" { dist = triangular(...) }`, or an intervention's set
 * value or cost given as a distribution): what the analysis verbs vary
 * (sensitivity, sweep), fit within (calibrate) or draw (--uncertainty). */
typedef struct cx_param_range {
    char path[256];         /* a cx_model_set path, in full ("journey.j.tp.key",
                             * "intervention.NAME.cost.fixed") */
    double low, high;       /* low < high: the range sweep and sensitivity explore */
    int line;               /* scenario line of its declaration, 0 if none */
    /* has_dist 0: uniform on [low, high] (cx_model_add_range fills dist) */
    int has_dist;
    cx_dist dist;           /* what --uncertainty draws the input from */
} cx_param_range;

#define CX_MAX_RANGES 64

/* A variant: the interventions it enables, by index into the model's. */
typedef struct cx_variant {
    char name[CX_NAME_MAX];
    int line;
    size_t *interventions;
    size_t n_interventions;
} cx_variant;

typedef struct cx_model {
    char name[128];
    char source[CX_PATH_MAX];   /* scenario file, for messages; "" if none */
    /* SHA-256 (hex) of every other file the scenario read while it loaded
     * (modules it required, files segments_from_csv read: each path and
     * content, in the order read); "" if it read none. A resume compares
     * it (docs/cli.md, "Interruption and resume"). */
    char inputs_sha256[65];
    int horizon;                /* periods */
    long population;            /* initial customers */
    int reps;                   /* default replications */
    double discount_rate;       /* per period */
    double continuity;          /* omnichannel continuity, [0,1] */
    double channel_break, break_severity;
    double inflow;              /* new customers per period, share of population */
    double rho_p, rho_d, nu, conv, deter;   /* word of mouth */
    double personal_gain;       /* delight added per unit of personalisation */
    double intrusion;           /* P(intrusion) per p^2 for refusers */
    double intrusion_severity;
    int max_visits;             /* a journey ends after this many visits */
    cx_segment *segments;
    size_t n_segments;
    cx_journey *journeys;
    size_t n_journeys;
    cx_intervention *interventions;
    size_t n_interventions;
    cx_variant *variants;       /* none declared: one implicit "baseline" */
    size_t n_variants;
    cx_param_range *ranges;     /* declared uncertain parameters, in order */
    size_t n_ranges;
    unsigned hooks;             /* CX_HOOK_* bits: the scenario's Lua hooks */
    /* The variant every other is compared with when chosen by name
     * (cx_model_set_baseline, --baseline); "" for the default rule of
     * cx_model_variant_order. */
    char baseline[CX_NAME_MAX];
} cx_model;

/* The hooks a scenario defines (cx_model.hooks), for `check` to list. */
#define CX_HOOK_ON_PERIOD 1u    /* on_period(sim, t): a policy between periods */
#define CX_HOOK_ON_VISIT 2u     /* on_visit(ev): after every visit */

/* ---- parameter tables ------------------------------------------------ */

typedef enum cx_param_kind {
    CX_PARAM_REAL,      /* double */
    CX_PARAM_INT,       /* int, value must be integral */
    CX_PARAM_LONG       /* long, value must be integral */
} cx_param_kind;

typedef struct cx_param_spec {
    const char *key;        /* as written in Lua: "friction", "recovery.attempt" */
    cx_param_kind kind;
    size_t offset;          /* offset in the struct it belongs to */
    double def, lo, hi;     /* default and closed valid range */
    const char *doc;        /* one line for docs and help */
} cx_param_spec;

/* The tables for the scenario, a segment and a touchpoint. Static, read-only;
 * n receives the number of entries. */
const cx_param_spec *cx_model_scenario_params(size_t *n);
const cx_param_spec *cx_model_segment_params(size_t *n);
const cx_param_spec *cx_model_touchpoint_params(size_t *n);

/* The entry of specs whose key is key, or NULL. */
const cx_param_spec *cx_param_find(const cx_param_spec *specs, size_t n,
                                   const char *key);

/* Reads the parameter of object (a struct of the table's type) as a double. */
double cx_param_get(const cx_param_spec *spec, const void *object);

/* Checks value against the spec's range (and integrality) and stores it.
 * On failure returns CX_ERR_INPUT with a message such as
 * "friction must be in [0,1], got 1.3" (no file or line: callers prefix). */
cx_status cx_param_set(const cx_param_spec *spec, void *object, double value,
                       cx_error *err);

/* Sets every parameter of object to its table default. */
void cx_param_defaults(const cx_param_spec *specs, size_t n, void *object);

/* ---- model -------------------------------------------------------------- */

/* A new model with every scenario default and no segments or journeys;
 * NULL if out of memory. */
cx_model *cx_model_new(void);
void cx_model_free(cx_model *m);

/* A deep copy of m, or NULL if out of memory. */
cx_model *cx_model_copy(const cx_model *m);

/* Fill s / tp with name and every default of docs/model.md. */
void cx_segment_defaults(cx_segment *s, const char *name);
void cx_touchpoint_defaults(cx_touchpoint *tp, const char *name);

/* Append a copy of s. Fails (CX_ERR_INPUT) on a duplicate name. */
cx_status cx_model_add_segment(cx_model *m, const cx_segment *s, cx_error *err);

/* Append a journey made of copies of tps[0..n), with frequency 1. Fails on
 * a duplicate journey name, duplicate touchpoint names, a successor naming
 * no touchpoint of the journey, or successor probabilities summing over 1.
 * Resolves next_index. Pointers to journeys are invalidated by a later add. */
cx_status cx_model_add_journey(cx_model *m, const char *name, int line,
                               const cx_touchpoint *tps, size_t n,
                               cx_error *err);

/* Sets the journey's frequency for one segment (segment NULL: the default
 * for all segments not set by name). value in [0,1]. The segment name is
 * checked by cx_model_validate, so segments may be declared later. */
cx_status cx_journey_set_frequency(cx_journey *j, const char *segment,
                                   double value, cx_error *err);

/* Sets journey j's start distribution: touchpoint names[i] with
 * probability p[i] (n at most the journey's touchpoints; n = 0 clears it).
 * CX_ERR_INPUT (messages naming the scenario and the journey's line) for a
 * name that is no touchpoint of the journey, a name given twice, a
 * probability outside [0,1] or probabilities summing over 1; CX_ERR_NOMEM.
 * Entries are stored in touchpoint order, so the routing of the start draw
 * does not depend on the order they were given in. */
cx_status cx_journey_set_start(const cx_model *m, cx_journey *j, const char *const *names,
                               const double *p, size_t n, cx_error *err);

/* Frequency of journey j for segment s of model m. */
double cx_journey_frequency_of(const cx_journey *j, const cx_segment *s);

/* Appends a copy of iv (its edits and segments copied too). Fails on a
 * duplicate name, more than CX_MAX_INTERVENTIONS, start > stop (stop > 0),
 * an edit of a structural parameter (scenario.horizon, population, reps,
 * max_visits), or scenario-wide edits in an intervention for some
 * segments only. Paths and values are checked by cx_model_validate. */
cx_status cx_model_add_intervention(cx_model *m, const cx_intervention *iv,
                                    cx_error *err);

/* Appends a variant enabling the named interventions. Fails on a duplicate
 * variant name or an unknown intervention (CX_ERR_INPUT). */
cx_status cx_model_add_variant(cx_model *m, const char *name, int line,
                               const char *const *interventions, size_t n,
                               cx_error *err);

/* Appends a copy of r. Without a distribution (has_dist 0) it is uniform
 * on [low, high]. With one, low and high may be NaN: they become the
 * support of a uniform, triangular or discrete distribution, else (once
 * cx_model_resolve_ranges has run) the 5 % and 95 % quantiles of the
 * distribution cx_model_range_dist gives. Fails (CX_ERR_INPUT, naming the scenario file and
 * r->line) on a path declared before, more than CX_MAX_RANGES, a bound
 * that is not finite, low >= high, or a distribution cx_dist_check
 * refuses. The path, the bounds' values and the distribution's support
 * are checked by cx_model_validate (journeys may be declared later). */
cx_status cx_model_add_range(cx_model *m, const cx_param_range *r, cx_error *err);

/* The valid range [*lo, *hi] of the parameter at a cx_model_set path
 * (the parameter table's range; [0, 1] for a frequency; [0, 1e15] for an
 * intervention's cost; an intervention's set value has the range of the
 * parameter it sets). Does not check that the named elements exist.
 * CX_ERR_USAGE for a path that names no parameter key. */
cx_status cx_model_bounds(const cx_model *m, const char *path, double *lo, double *hi,
                          cx_error *err);

/* The distribution --uncertainty draws range i from: m->ranges[i].dist
 * with a normal or lognormal truncated to the parameter's valid range too
 * (cx_model_bounds). CX_ERR_INPUT (message naming the file, the line and
 * the path) when a distribution reaches outside that range. */
cx_status cx_model_range_dist(const cx_model *m, size_t i, cx_dist *out, cx_error *err);

/* Fills the low and high a declaration with a distribution left out (NaN)
 * with its default (cx_model_add_range). Call it on a complete model, as
 * the scenario loader does after cx_model_validate; errors as
 * cx_model_range_dist. */
cx_status cx_model_resolve_ranges(cx_model *m, cx_error *err);

/* Whether path can vary over [lo, hi] between the runs of an analysis:
 * lo < hi, both values accepted by cx_model_set on a copy of m, and path
 * is not scenario.horizon (every run of a batch has one horizon) or
 * scenario.reps (the number of replications, not a model parameter) or
 * a segment's share (shares must sum to 1). CX_ERR_USAGE with a message
 * that callers prefix with the path; CX_ERR_NOMEM. */
cx_status cx_model_check_range(const cx_model *m, const char *path, double lo, double hi,
                               cx_error *err);

/* Index of the intervention named name, or -1. */
int cx_model_intervention_index(const cx_model *m, const char *name);

/* "; did you mean 'X'?" into hint (size bytes) with X the intervention of m
 * nearest name (cxsim/suggest.h), or "" when none is near. */
void cx_model_intervention_hint(const cx_model *m, const char *name, char *hint, size_t size);

/* The variants to simulate: the declared ones, or the implicit baseline.
 * Writes at most max indices and returns the count. The first is the
 * baseline every other is compared with (the one cx_model_set_baseline
 * chose, else a variant named "baseline" if declared, else the first
 * declared); the others follow in declaration order. */
size_t cx_model_variant_order(const cx_model *m, size_t *order, size_t max);

/* Makes the variant named name the baseline (m->baseline).
 * CX_ERR_USAGE, with the nearest variant name, when there is none. */
cx_status cx_model_set_baseline(cx_model *m, const char *name, cx_error *err);

/* Adds a variant made outside the scenario file (compare --variant,
 * docs/cli.md): the variant cx_model_variant_order puts first now (a
 * model without variants first gets its implicit baseline declared as
 * "baseline"), plus an intervention of its own, also named name, that
 * makes the n edits from period 1 to the horizon for every segment and
 * costs cost[0] once, cost[1] per active customer and period and cost[2]
 * per visit to a touchpoint it edits (docs/scenarios.md, "cost"): so it
 * runs, pairs and costs as a declared variant would. Paths are taken as
 * cx_model_full_path takes them and applied wildcards first, then in
 * path order. CX_ERR_USAGE (messages without a prefix: callers add
 * theirs) for a name that is not 1 to CX_NAME_MAX - 1 letters, digits,
 * _ or -, or that a variant or an intervention has already; no edit; a
 * path twice, one of an intervention or one that shapes the run
 * (horizon, population, reps, max_visits, a share); a path or value
 * cx_model_set refuses, or edits that leave a segment invalid; a cost
 * outside [0, 1e15]; more than CX_MAX_INTERVENTIONS interventions.
 * CX_ERR_NOMEM. On failure m may hold the intervention without the
 * variant: free it. */
cx_status cx_model_add_adhoc_variant(cx_model *m, const char *name, const cx_edit *edits,
                                     size_t n, const double cost[3], cx_error *err);

/* Cross-field checks: at least one segment and one journey with at least
 * one touchpoint, shares summing to 1, w_peak + w_end <= 1, a trust
 * distribution a Beta can have (sd^2 < mean (1 - mean)), frequencies
 * naming declared segments, intervention edits that apply (path exists,
 * value in range) and segments that exist, parameter ranges that
 * cx_model_check_range accepts. Messages
 * name the scenario file and the constructor's line; shares that miss 1
 * also name the data files (cx_segment.file) their segments came from. */
cx_status cx_model_validate(const cx_model *m, cx_error *err);

/* Segment s's constraints that single parameters cannot express (w_peak +
 * w_end <= 1, a Beta trust prior), as cx_model_validate checks them: for
 * models edited after validation and for readers that check a segment as
 * soon as they have built it (the segments CSV reader). The message names
 * m's source and the segment's line when m has a source. */
cx_status cx_model_validate_segment(const cx_model *m, size_t s, cx_error *err);

/* Sets one parameter by dotted path:
 *   scenario.KEY, segment.NAME.KEY, journey.NAME.TOUCHPOINT.KEY,
 *   journey.NAME.frequency (all segments), journey.NAME.frequency.SEGMENT
 * (KEY may itself be dotted: journey.purchase.checkout.recovery.attempt).
 * journey.NAME.start.TOUCHPOINT and journey.NAME.TOUCHPOINT.next.SUCCESSOR
 * (a touchpoint, drop or done) set a probability of the start table or of
 * the touchpoint's successors, the table's other outcomes scaled in
 * proportion so that it keeps summing to 1 (what the table leaves goes to
 * its first touchpoint or to done, which count it in their probability);
 * the entry must exist (a value changes a probability, not the graph).
 * "segment.*.KEY" and "journey.NAME.*.KEY" set every segment / touchpoint.
 * intervention.NAME.cost.KEY (fixed, per_customer, per_visit) and
 * intervention.NAME.PATH, for a PATH the intervention's edits give, set
 * the intervention's cost and the value of that edit.
 * A bad path or value is CX_ERR_USAGE with a message that names the
 * element and key ("touchpoint \"j.t1\": friction must be in [0,1], got
 * 1.3"); callers add their own context ("--set: ", "sim:set: "). */
cx_status cx_model_set(cx_model *m, const char *path, double value,
                       cx_error *err);

/* Whether path names a probability of a start or next table of m:
 * journey.J.start.T or journey.J.T.next.S, J a journey of m (T and S
 * are checked by cx_model_set and cx_model_get). journey.J.start.KEY for
 * a touchpoint parameter KEY is the parameter of a touchpoint named
 * start, not a start probability. */
int cx_model_share_path(const cx_model *m, const char *path);

/* cx_model_set for one coordinate of a joint draw (--uncertainty): a
 * probability of a start or next table (journey.J.start.T,
 * journey.J.T.next.S) takes the value and the table's other outcomes are
 * left as they are, for the draw's other coordinates to set (cx_model_set
 * scales them to keep the table's sum); cx_model_validate then checks the
 * sum. Any other path: cx_model_set. */
cx_status cx_model_set_draw(cx_model *m, const char *path, double value, cx_error *err);

/* The full cx_model_set path of a path as the command line and `parameter`
 * take it: one starting with scenario., segment., journey. or
 * intervention. is full already; one starting with the name of a journey
 * of m gets journey. put in front (onboarding.activate.friction ->
 * journey.onboarding.activate.friction). Into out (size bytes). Anything
 * else is CX_ERR_USAGE, suggesting the nearest root or journey name; so
 * is a full path longer than size - 1 bytes. The rest of the path is not
 * checked: cx_model_set does that. */
cx_status cx_model_full_path(const cx_model *m, const char *path, char *out, size_t size,
                             cx_error *err);

/* Reads the parameter at a cx_model_set path into *value. A wildcard path
 * ("segment.*.KEY", "journey.NAME.*.KEY") and journey.NAME.frequency
 * (every segment's) have a value only when every parameter they name holds
 * the same one. Errors (CX_ERR_USAGE) as cx_model_set's, and for a
 * wildcard whose parameters differ. */
cx_status cx_model_get(const cx_model *m, const char *path, double *value,
                       cx_error *err);

/* Touchpoints of all journeys together. */
size_t cx_model_touchpoint_count(const cx_model *m);

/* Parameters of the Beta prior of a segment's initial trust (method of
 * moments). Returns 0 and sets *a, *b; returns -1 when sd is 0 (a point
 * mass at the mean). */
int cx_segment_trust_beta(const cx_segment *s, double *a, double *b);

#endif
