/* cxsim/fit.h - journeys from data: a scenario fitted to event logs, path
 * tables and survey answers (docs/fit.md).
 *
 * Provides:
 *   - cx_fit_data: what the data says, aggregated while it streams in:
 *     distinct journeys' paths (touchpoint sequences) with their
 *     conversions and drop-offs, visits' CSAT answers per touchpoint,
 *     journeys' LTR answers per segment, customers per segment with their
 *     journeys and active span. Memory grows with distinct touchpoints,
 *     paths and customers, never with rows;
 *   - cx_fit_read_log: an event log CSV (one row per visit) with column
 *     mapping, journeys split by a journey id or a session gap, ordered by
 *     ISO 8601 or epoch timestamps or by sequence numbers;
 *   - cx_fit_read_paths: a path table in the layout of attribution tools
 *     (ChannelAttribution: path;total_conversions;total_conversion_value;
 *     total_null, steps separated by " > ");
 *   - cx_fit_read_customers: a customer table for churn (customer,
 *     segment, first and last active period, churned), per segment
 *     churned customers and customer-periods of exposure;
 *   - cx_fit_estimate: the estimates, each with a 95 % interval, the count
 *     it rests on and its source: start and transition probabilities of
 *     the absorbing chain with states (start), the touchpoints,
 *     (conversion) and (null); friction from CSAT; segment shares,
 *     journey frequencies and churn hazards from the timestamps;
 *   - cx_fit_removal: each touchpoint's removal effect, exact from the
 *     chain (GSL LU), with a parametric bootstrap interval over the
 *     Dirichlet posteriors of the transitions (fixed seed);
 *   - cx_fit_write_*: the files of `cxsim fit --out DIR` (docs/results.md).
 * Relies on: model (names, limits), io (CSV streaming and writing), GSL
 * (linear algebra, Dirichlet and Beta variates and quantiles).
 *
 * Errors are returned (cx_error): bad data is CX_ERR_INPUT with a message
 * "FILE:LINE: column N (NAME): what is wrong".
 */
#ifndef CXSIM_FIT_H
#define CXSIM_FIT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxsim/engine.h"
#include "cxsim/error.h"
#include "cxsim/model.h"

/* ---- the data ---------------------------------------------------------------- */

typedef struct cx_fit_data cx_fit_data;

/* An empty aggregate; NULL when out of memory. */
cx_fit_data *cx_fit_data_new(void);
void cx_fit_data_free(cx_fit_data *d);

/* The columns of an event log, by role. */
enum cx_fit_role {
    CX_FIT_CUSTOMER,    /* required: who */
    CX_FIT_JOURNEY_ID,  /* optional: the journey instance (else the session gap) */
    CX_FIT_TIME,        /* ISO 8601 or epoch seconds; or */
    CX_FIT_SEQUENCE,    /* a sequence number (one of the two is required) */
    CX_FIT_TOUCHPOINT,  /* required */
    CX_FIT_CHANNEL,     /* optional */
    CX_FIT_SEGMENT,     /* optional */
    CX_FIT_OUTCOME,     /* required: the journey converted (1) or not (0) */
    CX_FIT_CSAT,        /* optional: the visit's CSAT, 1 to 5 */
    CX_FIT_LTR,         /* optional: the journey's LTR answer, 0 to 10 */
    CX_FIT_TYPE,        /* optional: the journey's kind, to fit one kind */
    CX_FIT_ROLES
};

/* The role's name as --column and docs/fit.md write it ("customer",
 * "journey_id", "time", ...), and the role of a name (-1 if none). */
const char *cx_fit_role_name(int role);
int cx_fit_role_of(const char *name);

typedef struct cx_fit_log_opts {
    /* Column name per role; NULL: the role's own name, when the header has
     * it (an optional role whose column is absent is not used). */
    const char *column[CX_FIT_ROLES];
    char sep;               /* field separator; 0: ',' */
    double session_gap;     /* seconds; a larger gap starts a new journey (no
                             * journey id, timestamps); 0: 1800 */
    const char *type;       /* keep only journeys of this kind (the type column) */
    double period;          /* seconds per period (frequency, churn); 0: 30 days */
    double inactive;        /* seconds without a visit before the log's end after
                             * which a customer counts as churned; 0: churn not
                             * inferred */
} cx_fit_log_opts;

/* Streams an event log into d. Rows of one customer must be in order of
 * time (or sequence); customers may interleave. Bad data is CX_ERR_INPUT
 * naming file, line and column: a missing or repeated column, an
 * unparseable timestamp or number, events out of order, a touchpoint or
 * segment name that cannot be a scenario name, a CSAT outside 1..5, an LTR
 * outside 0..10, an outcome that is not 0/1 (or a word for it), a journey
 * without an outcome, a ragged row, an empty file or a header alone. */
cx_status cx_fit_read_log(cx_fit_data *d, const char *path, const cx_fit_log_opts *o,
                          cx_error *err);

/* The columns of a customer table for churn, by role: the customer id,
 * its segment (optional), its first and last active period (integers,
 * first <= last) and whether it churned (0, 1, true or false). */
enum cx_fit_customers_role {
    CX_FIT_CUST_ID,
    CX_FIT_CUST_SEGMENT,
    CX_FIT_CUST_FIRST,
    CX_FIT_CUST_LAST,
    CX_FIT_CUST_CHURNED,
    CX_FIT_CUST_ROLES
};

/* The role's name as --customers-column writes it ("customer", "segment",
 * "first", "last", "churned"), and the role of a name (-1 if none). */
const char *cx_fit_customers_role_name(int role);
int cx_fit_customers_role_of(const char *name);

typedef struct cx_fit_customers_opts {
    const char *column[CX_FIT_CUST_ROLES];  /* NULL: the role's own name */
    char sep;                               /* 0: ',' */
} cx_fit_customers_opts;

/* Reads a customer table into d, after the log or path table (its
 * segments must be the log's): per segment, churned customers and
 * customer-periods of exposure (last - first + 1). A table without a
 * segment column, or data without segments, gives one pooled hazard.
 * The table's hazards replace churn from inactivity. Bad data is
 * CX_ERR_INPUT naming file, line and column: a missing or repeated
 * column, a repeated customer id, a period that is not a non-negative
 * integer, last < first, churned not 0/1/true/false, an unknown segment,
 * a ragged row, an empty file or a header alone. */
cx_status cx_fit_read_customers(cx_fit_data *d, const char *path,
                                const cx_fit_customers_opts *o, cx_error *err);

/* A duration: seconds, or a number with unit s, m, h or d ("30m", "90d")
 * into *out seconds. 0, or -1 when s is not a positive duration. */
int cx_fit_parse_duration(const char *s, double *out);

typedef struct cx_fit_paths_opts {
    char sep;               /* field separator; 0: ';' */
    const char *step;       /* separator of steps in a path; NULL: " > " */
} cx_fit_paths_opts;

/* Reads a path table into d: a header naming path, total_conversions,
 * total_null (and optionally total_conversion_value), one row per distinct
 * path. Errors name file, line and column: an empty step, a count that is
 * negative or not an integer, another separator than the one configured
 * (mixed separators), a name that cannot be a scenario name. */
cx_status cx_fit_read_paths(cx_fit_data *d, const char *path, const cx_fit_paths_opts *o,
                            cx_error *err);

/* Totals of what d holds. */
typedef struct cx_fit_totals {
    uint64_t rows;          /* event rows read (0 for path tables) */
    uint64_t journeys, conversions;
    size_t touchpoints, paths, customers, segments;
    int has_time, has_csat, has_ltr, has_segment, has_channel;
} cx_fit_totals;
void cx_fit_data_totals(const cx_fit_data *d, cx_fit_totals *t);

/* ---- estimates ---------------------------------------------------------------- */

/* States of the chain: touchpoints are 0..n-1 (names in byte order); the
 * others are these. */
#define CX_FIT_START (-1)
#define CX_FIT_CONVERSION (-2)
#define CX_FIT_NULL (-3)

/* One edge of the chain: n journeys went from -> to, out of the total
 * leaving `from`; p = n / total, the interval the Beta marginal of the
 * Dirichlet(n + 1/2 per observed successor) posterior (Jeffreys). */
typedef struct cx_fit_edge {
    int from, to;
    double n, total;
    double p, lo, hi;
    double alpha;           /* its Dirichlet parameter: n + 1/2 */
} cx_fit_edge;

/* One parameter of fit.csv. */
typedef struct cx_fit_param {
    char name[CX_PATH_MAX];     /* a --set path, or a figure's name */
    double value, lo, hi;       /* lo, hi NaN: no interval (a default) */
    double n;                   /* the count it rests on (0: none) */
    char source[80];            /* a column of the data, or "default" */
} cx_fit_param;

typedef struct cx_fit {
    char journey[CX_NAME_MAX];  /* the fitted journey's name: --journey-type's, else "visit" */
    size_t n_tp;
    char (*tp)[CX_NAME_MAX];    /* touchpoint names, byte order */
    char (*channel)[CX_NAME_MAX];   /* each touchpoint's most frequent channel */
    cx_fit_edge *edge;          /* start first, then by from, to: touchpoints,
                                 * (conversion), (null) */
    size_t n_edge;
    double *visits;             /* [n_tp] visits per touchpoint */
    cx_fit_param *param;
    size_t n_param;
    double conversion_rate;     /* conversions / journeys */
    uint64_t journeys, conversions;
    size_t n_seg;
    char (*seg)[CX_NAME_MAX];   /* segments ("all" without a segment column) */
    double *share;              /* [n_seg] */
    double *frequency;          /* [n_seg] journeys per customer-period, <= 1 */
    double *churn;              /* [n_seg] churn per customer-period, NaN: default */
    double *friction;           /* [n_tp] P(CSAT <= 2), NaN without answers */
    int periods;                /* periods the log spans (horizon of fitted.lua) */
    size_t customers;
    size_t pruned;              /* successor edges dropped past CX_MAX_NEXT */
} cx_fit;

/* The estimates from d. CX_ERR_INPUT when d holds fewer than two journeys
 * (one journey identifies nothing) or no touchpoint. */
cx_status cx_fit_estimate(const cx_fit_data *d, cx_fit **out, cx_error *err);
void cx_fit_free(cx_fit *f);

/* The Jeffreys interval of a binomial proportion x / n at 95 %:
 * quantiles 0.025 and 0.975 of Beta(x + 1/2, n - x + 1/2) (Brown, Cai and
 * DasGupta, Statistical Science 16, 2001), 0 and 1 at the extremes. */
void cx_fit_jeffreys(double x, double n, double *lo, double *hi);

/* ---- removal effects ------------------------------------------------------------ */

typedef struct cx_fit_removal {
    double effect;          /* 1 - P(conversion | k removed) / P(conversion) */
    double lo, hi;          /* bootstrap percentile interval, 95 % */
    double observed;        /* from the paths themselves: share of conversions
                             * whose path visits k (NaN for path-less data) */
} cx_fit_removal;

/* P(conversion) of the chain of f and the removal effect of each
 * touchpoint (out[n_tp]), with B bootstrap draws from the Dirichlet
 * posteriors (seeded gsl_rng mt19937 with seed). d (may be NULL) gives the
 * observed shares. CX_ERR_INPUT when the chain converts with probability
 * 0; CX_ERR_NOMEM. */
cx_status cx_fit_removal_effects(const cx_fit *f, const cx_fit_data *d, size_t B,
                                 unsigned long seed, double *p_conv, cx_fit_removal *out,
                                 cx_error *err);

/* The same share measured on the paths of d: for touchpoint k, 1 - the
 * conversions of paths that never visit k over all conversions (NaN for
 * data without conversions). */
void cx_fit_path_removal(const cx_fit_data *d, const cx_fit *f, double *out);

/* ---- goodness of fit ----------------------------------------------------------------- */

/* Figures the goodness-of-fit table compares, from any cx_fit_data. */
#define CX_FIT_MAX_LENGTH 10    /* path lengths 1..9, then 10 or more */
#define CX_FIT_TOP_PATHS 10
typedef struct cx_fit_figures {
    double journeys, conversion_rate;
    double length[CX_FIT_MAX_LENGTH];   /* share of journeys of each length */
    double mean_length;
    char top[CX_FIT_TOP_PATHS][256];    /* most frequent paths, " > " joined */
    double top_share[CX_FIT_TOP_PATHS];
    size_t n_top;
} cx_fit_figures;

/* The figures of d; visits_per_journey[n_tp] for f's touchpoints (by name:
 * a touchpoint d lacks gets 0). */
void cx_fit_figures_of(const cx_fit_data *d, const cx_fit *f, cx_fit_figures *out,
                       double *visits_per_journey);

/* Share of d's journeys that follow the path written as `path` (steps
 * joined by " > "). */
double cx_fit_path_share(const cx_fit_data *d, const char *path);

/* ---- synthetic event logs ----------------------------------------------------------- */

/* The visits of customers 0 .. customers - 1 of one replication of m (m
 * must outlive it), recorded through an engine recorder. */
typedef struct cx_fit_events cx_fit_events;
cx_fit_events *cx_fit_events_new(const cx_model *m, uint32_t customers);
void cx_fit_events_free(cx_fit_events *ev);

/* The recorder to install (cx_engine_set_recorder) before the run. */
void cx_fit_events_recorder(cx_fit_events *ev, cx_engine_recorder *r);

/* Writes the recorded visits as an event log (docs/fit.md: customer,
 * journey_id, time, journey, touchpoint, channel, segment, outcome, csat,
 * ltr), customers in order, then periods, then journeys in declaration
 * order. Period t is 30 days starting 2026-01-01T00:00:00Z + 30 (t - 1)
 * days; journey j of the period starts on its day j, visits one minute
 * apart. 0, or -1 when a write failed or recording ran out of memory. */
int cx_fit_events_write(FILE *fp, const cx_fit_events *ev);

/* Visits recorded (the rows the log will have). */
size_t cx_fit_events_rows(const cx_fit_events *ev);

/* Adds the recorded journeys of journey `journey` to d as paths (the
 * goodness of fit reads the simulation this way, without a file). */
cx_status cx_fit_events_paths(const cx_fit_events *ev, size_t journey, cx_fit_data *d,
                              cx_error *err);

/* ---- files --------------------------------------------------------------------------- */

/* fitted.lua: a scenario that runs as is (docs/fit.md): one journey named
 * journey (NULL: f->journey, as fit.csv's paths name it) with f's start table, drop edges and conversions, segments with
 * their shares, churn and frequencies, friction where CSAT identifies it,
 * and the sampling distribution of each estimate as parameter
 * declarations and comments. source names the data in its header. */
int cx_fit_write_lua(FILE *fp, const cx_fit *f, const char *journey, const char *source);

/* transitions.csv: from,to,probability,n,ci_low,ci_high,alpha. */
int cx_fit_write_transitions(FILE *fp, const cx_fit *f);

/* fit.csv: parameter,estimate,ci_low,ci_high,n,source. */
int cx_fit_write_params(FILE *fp, const cx_fit *f);

/* removal.csv: touchpoint,removal_effect,ci_low,ci_high,observed[,simulated]
 * (simulated NULL: no column). */
int cx_fit_write_removal(FILE *fp, const cx_fit *f, const cx_fit_removal *r,
                         const double *simulated);

/* The name of state s in files: a touchpoint's, "(start)", "(conversion)"
 * or "(null)". */
const char *cx_fit_state_name(const cx_fit *f, int s);

#endif
