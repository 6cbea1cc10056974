/* cxsim/model.h - the scenario model as plain C structs.
 *
 * Provides: cx_model (scenario settings, segments, journeys of touchpoints),
 * the parameter tables that give every parameter its key, default, valid
 * range and meaning (MODEL.md), validation, and setting a parameter by its
 * dotted path (`journey.purchase.checkout.friction`).
 * Relies on: cxsim/error.h. Knows nothing of Lua: src/lua/ builds these.
 *
 * Ownership: a cx_model owns its segments and journeys; the journeys own
 * their touchpoints. cx_model_free releases everything.
 */
#ifndef CXSIM_MODEL_H
#define CXSIM_MODEL_H

#include <stddef.h>

#include "cxsim/error.h"

#define CX_NAME_MAX 64
#define CX_PATH_MAX 1024

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
} cx_touchpoint;

typedef struct cx_segment {
    char name[CX_NAME_MAX];
    int line;
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

typedef struct cx_journey {
    char name[CX_NAME_MAX];
    int line;
    cx_touchpoint *touchpoints;
    size_t n_touchpoints;
} cx_journey;

typedef struct cx_model {
    char name[128];
    char source[CX_PATH_MAX];   /* scenario file, for messages; "" if none */
    int horizon;                /* periods */
    long population;            /* initial customers */
    int reps;                   /* default replications */
    double discount_rate;       /* per period */
    double continuity;          /* omnichannel continuity, [0,1] */
    double channel_break, break_severity;
    double inflow;              /* new customers per period, share of population */
    double rho_p, rho_d, nu, conv, deter;   /* word of mouth */
    cx_segment *segments;
    size_t n_segments;
    cx_journey *journeys;
    size_t n_journeys;
} cx_model;

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

/* Fill s / tp with name and every default of MODEL.md. */
void cx_segment_defaults(cx_segment *s, const char *name);
void cx_touchpoint_defaults(cx_touchpoint *tp, const char *name);

/* Append a copy of s. Fails (CX_ERR_INPUT) on a duplicate name. */
cx_status cx_model_add_segment(cx_model *m, const cx_segment *s, cx_error *err);

/* Append a journey made of copies of tps[0..n). Fails on a duplicate
 * journey name or duplicate touchpoint names. */
cx_status cx_model_add_journey(cx_model *m, const char *name, int line,
                               const cx_touchpoint *tps, size_t n,
                               cx_error *err);

/* Cross-field checks: at least one segment and one journey with at least
 * one touchpoint, shares summing to 1, w_peak + w_end <= 1, a trust
 * distribution a Beta can have (sd^2 < mean (1 - mean)). Messages name the
 * scenario file and the constructor's line. */
cx_status cx_model_validate(const cx_model *m, cx_error *err);

/* Sets one parameter by dotted path:
 *   scenario.KEY, segment.NAME.KEY, journey.NAME.TOUCHPOINT.KEY
 * (KEY may itself be dotted: journey.purchase.checkout.recovery.attempt).
 * "segment.*.KEY" and "journey.NAME.*.KEY" set every segment / touchpoint. */
cx_status cx_model_set(cx_model *m, const char *path, double value,
                       cx_error *err);

/* Parameters of the Beta prior of a segment's initial trust (method of
 * moments). Returns 0 and sets *a, *b; returns -1 when sd is 0 (a point
 * mass at the mean). */
int cx_segment_trust_beta(const cx_segment *s, double *a, double *b);

#endif
