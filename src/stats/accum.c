/* accum.c - running estimates of a batch, unit by unit (accum.h).
 *
 * Every value is folded into its accumulator in the order of the
 * replications, variant by variant, so the same replications give the same
 * bytes however they were split into batches or threads.
 */
#include "cxsim/accum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/nps.h"

#define M CX_METRIC_COUNT
#define TM CX_TP_METRIC_COUNT

struct cx_accum {
    cx_batch_result shape;      /* names and sizes; reps counts what was added */
    int antithetic;
    cx_running *unit;           /* [v * M + m] horizon metric, per unit */
    cx_running *single;         /* [v * M + m] per replication of complete pairs */
    cx_running_cv *cv;          /* [v * M + m] (unit value, unit controls) */
    cx_running_paired *pd;      /* [v * M + m] v >= 1: (variant, baseline) units */
    cx_running *pd_single;      /* [v * M + m] differences of replications of complete pairs */
    cx_running_cv *pd_cv;       /* [v * M + m] (difference, control differences) */
    cx_running *period;         /* [(v * horizon + t) * M + m] */
    cx_running *tp;             /* [(v * n_touchpoints + k) * TM + m] */
    cx_running *seg;            /* [(v * n_segments + s) * M + m] a segment's customers */
    cx_running_paired *seg_pd;  /* [(v * n_segments + s) * M + m] v >= 1: against variant 0 */
    cx_running *nps_var;        /* [v] within-replication variance of NPS */
    cx_running *nps_dvar;       /* [v] v >= 1: variance of variant v's minus variant 0's */
    cx_running *respondents;    /* [v] */
};

/* ---- creation ------------------------------------------------------------- */

static int copy_names(cx_batch_result *s, const cx_batch_result *from)
{
    size_t nv = from->n_variants, nk = from->n_touchpoints, ns = from->n_segments;
    s->variant_names = malloc(nv * sizeof *s->variant_names);
    s->journey_names = malloc((nk + 1) * sizeof *s->journey_names);
    s->touchpoint_names = malloc((nk + 1) * sizeof *s->touchpoint_names);
    s->segment_names = malloc((ns + 1) * sizeof *s->segment_names);
    if (!s->variant_names || !s->journey_names || !s->touchpoint_names || !s->segment_names)
        return -1;
    if (ns)
        memcpy(s->segment_names, from->segment_names, ns * sizeof *s->segment_names);
    memcpy(s->variant_names, from->variant_names, nv * sizeof *s->variant_names);
    if (nk) {
        memcpy(s->journey_names, from->journey_names, nk * sizeof *s->journey_names);
        memcpy(s->touchpoint_names, from->touchpoint_names, nk * sizeof *s->touchpoint_names);
    }
    return 0;
}

/* calloc'd, so every accumulator starts cleared (all fields 0); the
 * control-variate ones are told their number of controls. */
static int alloc_all(cx_accum *a)
{
    size_t nv = a->shape.n_variants, vm = nv * M;
    a->unit = calloc(vm, sizeof *a->unit);
    a->single = calloc(vm, sizeof *a->single);
    a->cv = calloc(vm, sizeof *a->cv);
    a->pd = calloc(vm, sizeof *a->pd);
    a->pd_single = calloc(vm, sizeof *a->pd_single);
    a->pd_cv = calloc(vm, sizeof *a->pd_cv);
    a->period = calloc(vm * a->shape.horizon, sizeof *a->period);
    a->tp = calloc(nv * a->shape.n_touchpoints * TM + 1, sizeof *a->tp);
    a->nps_var = calloc(nv, sizeof *a->nps_var);
    a->nps_dvar = calloc(nv, sizeof *a->nps_dvar);
    a->respondents = calloc(nv, sizeof *a->respondents);
    a->seg = calloc(vm * a->shape.n_segments + 1, sizeof *a->seg);
    a->seg_pd = calloc(vm * a->shape.n_segments + 1, sizeof *a->seg_pd);
    if (!a->unit || !a->single || !a->cv || !a->pd || !a->pd_single || !a->pd_cv ||
        !a->period || !a->tp || !a->nps_var || !a->nps_dvar || !a->respondents || !a->seg ||
        !a->seg_pd)
        return -1;
    for (size_t i = 0; i < vm; i++) {
        cx_running_cv_clear(&a->cv[i], CX_ACCUM_CONTROLS);
        cx_running_cv_clear(&a->pd_cv[i], CX_ACCUM_CONTROLS);
    }
    return 0;
}

cx_accum *cx_accum_new(const cx_batch_result *shape, int antithetic)
{
    if (shape->n_variants == 0)
        return NULL;
    cx_accum *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    /* a batch assembled by hand may have no segment values: none kept */
    a->shape = (cx_batch_result){.n_variants = shape->n_variants, .horizon = shape->horizon,
                                 .n_touchpoints = shape->n_touchpoints,
                                 .n_segments = shape->segment_values ? shape->n_segments : 0};
    a->antithetic = antithetic != 0;
    if (copy_names(&a->shape, shape) != 0 || alloc_all(a) != 0) {
        cx_accum_free(a);
        return NULL;
    }
    return a;
}

void cx_accum_free(cx_accum *a)
{
    if (!a)
        return;
    free(a->shape.variant_names);
    free(a->shape.journey_names);
    free(a->shape.touchpoint_names);
    free(a->shape.segment_names);
    free(a->seg);
    free(a->seg_pd);
    free(a->unit);
    free(a->single);
    free(a->cv);
    free(a->pd);
    free(a->pd_single);
    free(a->pd_cv);
    free(a->period);
    free(a->tp);
    free(a->nps_var);
    free(a->nps_dvar);
    free(a->respondents);
    free(a);
}

/* ---- adding replications --------------------------------------------------- */

/* One unit's view of a batch: replication r, and r + 1 when antithetic. */
typedef struct unit {
    const cx_batch_result *b;
    size_t r;
    int pair;
} unit;

/* The unit's value of x (a pointer into replication r's values) where the
 * partner's value is stride replications' worth further on. */
static double unit_value(const unit *u, const double *x, size_t stride)
{
    return u->pair ? (x[0] + x[stride]) / 2 : x[0];
}

static double horizon_of(const unit *u, size_t v, size_t m)
{
    return unit_value(u, cx_batch_horizon(u->b, v, u->r) + m, M);
}

/* The unit's controls (accum.h): c[0] the friction surprise, c[1] the LTR
 * noise. A batch made by hand may lack the extras: then there are no
 * controls and no NPS sampling error (NaN). */
static void controls_of(const unit *u, size_t v, double c[CX_ACCUM_CONTROLS])
{
    static const int which[CX_ACCUM_CONTROLS] = {CX_X_FRICTION_SURPRISE, CX_X_LTR_NOISE};
    for (size_t j = 0; j < CX_ACCUM_CONTROLS; j++)
        c[j] = u->b->extra_values ? unit_value(u, cx_batch_extra(u->b, v, u->r) + which[j],
                                               CX_BATCH_EXTRA_COUNT)
                                  : NAN;
}

/* Both replications of an antithetic pair, for the single-replication
 * variance behind the antithetic factor (complete pairs only). */
static void add_singles(cx_running *acc, double x0, double x1)
{
    if (isfinite(x0) && isfinite(x1)) {
        cx_running_add(acc, x0);
        cx_running_add(acc, x1);
    }
}

static void add_horizon(cx_accum *a, const unit *u, size_t v)
{
    double c[CX_ACCUM_CONTROLS];
    controls_of(u, v, c);
    for (size_t m = 0; m < M; m++) {
        size_t i = v * M + m;
        double y = horizon_of(u, v, m);
        cx_running_add(&a->unit[i], y);
        cx_running_cv_add(&a->cv[i], y, c);
        if (u->pair) {
            const double *x = cx_batch_horizon(u->b, v, u->r) + m;
            add_singles(&a->single[i], x[0], x[M]);
        }
    }
}

static void add_paired(cx_accum *a, const unit *u, size_t v)
{
    double c[CX_ACCUM_CONTROLS], c0[CX_ACCUM_CONTROLS];
    controls_of(u, v, c);
    controls_of(u, 0, c0);
    for (size_t j = 0; j < CX_ACCUM_CONTROLS; j++)
        c[j] -= c0[j];
    for (size_t m = 0; m < M; m++) {
        size_t i = v * M + m;
        double y = horizon_of(u, v, m), y0 = horizon_of(u, 0, m);
        /* a difference below the arithmetic's precision is 0 here as in
         * the paired estimate (cx_stats_paired_difference): the control
         * variate's estimate of an untouched metric showed -5.6e-17 */
        cx_running_paired_add(&a->pd[i], y, y0);
        cx_running_cv_add(&a->pd_cv[i], cx_stats_paired_difference(y, y0), c);
        if (u->pair) {
            const double *x = cx_batch_horizon(u->b, v, u->r) + m;
            const double *z = cx_batch_horizon(u->b, 0, u->r) + m;
            add_singles(&a->pd_single[i], cx_stats_paired_difference(x[0], z[0]),
                        cx_stats_paired_difference(x[M], z[M]));
        }
    }
}

static void add_periods(cx_accum *a, const unit *u, size_t v)
{
    size_t h = a->shape.horizon;
    for (size_t t = 0; t < h; t++) {
        const double *x = cx_batch_period(u->b, v, u->r, t);
        for (size_t m = 0; m < M; m++)
            cx_running_add(&a->period[(v * h + t) * M + m], unit_value(u, x + m, h * M));
    }
}

static void add_touchpoints(cx_accum *a, const unit *u, size_t v)
{
    size_t nk = a->shape.n_touchpoints;
    for (size_t k = 0; k < nk; k++) {
        const double *x = cx_batch_touchpoint(u->b, v, u->r, k);
        for (size_t m = 0; m < TM; m++)
            cx_running_add(&a->tp[(v * nk + k) * TM + m], unit_value(u, x + m, nk * TM));
    }
}

/* The metrics of each segment's customers (NaN where a metric is not
 * defined per segment: left out, as any NA), and their paired differences
 * from variant 0. */
static void add_segments(cx_accum *a, const unit *u, size_t v)
{
    size_t ns = a->shape.n_segments;
    for (size_t s = 0; s < ns; s++) {
        const double *x = cx_batch_segment(u->b, v, u->r, s);
        const double *z = cx_batch_segment(u->b, 0, u->r, s);
        for (size_t m = 0; m < M; m++) {
            size_t i = (v * ns + s) * M + m;
            double y = unit_value(u, x + m, ns * M);
            cx_running_add(&a->seg[i], y);
            if (v > 0)
                cx_running_paired_add(&a->seg_pd[i], y, unit_value(u, z + m, ns * M));
        }
    }
}

/* Within-replication NPS variance of replication r of variant v. */
static double nps_variance(const cx_batch_result *b, size_t v, size_t r)
{
    if (!b->extra_values)
        return NAN;
    const double *x = cx_batch_extra(b, v, r);
    return cx_nps_variance(x[CX_X_PROMOTERS], x[CX_X_DETRACTORS], x[CX_X_RESPONDENTS]);
}

/* NPS sampling error is a property of each replication, not of a unit. */
static void add_nps(cx_accum *a, const cx_batch_result *b, size_t v, size_t r)
{
    double var = nps_variance(b, v, r);
    cx_running_add(&a->nps_var[v], var);
    if (b->extra_values)
        cx_running_add(&a->respondents[v], cx_batch_extra(b, v, r)[CX_X_RESPONDENTS]);
    if (v > 0)
        cx_running_add(&a->nps_dvar[v], var + nps_variance(b, 0, r));
}

static int same_shape(const cx_batch_result *x, const cx_batch_result *y)
{
    if (x->n_variants != y->n_variants || x->horizon != y->horizon ||
        x->n_touchpoints != y->n_touchpoints ||
        (x->n_segments && (x->n_segments != y->n_segments || !y->segment_values)))
        return 0;
    for (size_t v = 0; v < x->n_variants; v++)
        if (strcmp(x->variant_names[v], y->variant_names[v]) != 0)
            return 0;
    return 1;
}

cx_status cx_accum_add(cx_accum *a, const cx_batch_result *b, cx_error *err)
{
    if (!same_shape(&a->shape, b))
        return cx_error_set(err, CX_ERR_USAGE, "accumulator: a batch of another shape");
    if (a->antithetic && b->reps % 2)
        return cx_error_set(err, CX_ERR_USAGE, "accumulator: antithetic pairs need an even "
                            "number of replications, got %zu", b->reps);
    size_t step = a->antithetic ? 2 : 1;
    for (size_t v = 0; v < b->n_variants; v++) {
        for (size_t r = 0; r < b->reps; r += step) {
            unit u = {b, r, a->antithetic};
            add_horizon(a, &u, v);
            if (v > 0)
                add_paired(a, &u, v);
            add_periods(a, &u, v);
            add_touchpoints(a, &u, v);
            add_segments(a, &u, v);
        }
        for (size_t r = 0; r < b->reps; r++)
            add_nps(a, b, v, r);
    }
    a->shape.reps += b->reps;
    return CX_OK;
}

/* ---- estimates --------------------------------------------------------------- */

size_t cx_accum_reps(const cx_accum *a)
{
    return a->shape.reps;
}

int cx_accum_antithetic(const cx_accum *a)
{
    return a->antithetic;
}

const cx_batch_result *cx_accum_shape(const cx_accum *a)
{
    return &a->shape;
}

void cx_accum_estimate(const cx_accum *a, size_t v, size_t m, double level, cx_estimate *out)
{
    cx_running_estimate(&a->unit[v * M + m], level, out);
}

void cx_accum_period(const cx_accum *a, size_t v, size_t t, size_t m, double level,
                     cx_estimate *out)
{
    cx_running_estimate(&a->period[(v * a->shape.horizon + t) * M + m], level, out);
}

void cx_accum_touchpoint(const cx_accum *a, size_t v, size_t k, size_t m, double level,
                         cx_estimate *out)
{
    cx_running_estimate(&a->tp[(v * a->shape.n_touchpoints + k) * TM + m], level, out);
}

void cx_accum_segment(const cx_accum *a, size_t v, size_t s, size_t m, double level,
                      cx_estimate *out)
{
    cx_running_estimate(&a->seg[(v * a->shape.n_segments + s) * M + m], level, out);
}

void cx_accum_segment_paired(const cx_accum *a, size_t v, size_t s, size_t m, double level,
                             cx_paired *out)
{
    cx_running_paired_get(&a->seg_pd[(v * a->shape.n_segments + s) * M + m], level, out);
}

void cx_accum_paired(const cx_accum *a, size_t v, size_t m, double level, cx_paired *out)
{
    cx_running_paired_get(&a->pd[v * M + m], level, out);
}

double cx_accum_half_width(const cx_accum *a, size_t v, size_t m, int paired, double level)
{
    return cx_running_half_width(paired ? &a->pd[v * M + m].d : &a->unit[v * M + m], level);
}

void cx_accum_variance_of(const cx_accum *a, size_t v, size_t m, int paired, double level,
                          cx_accum_variance *out)
{
    size_t i = v * M + m;
    const cx_running *units = paired ? &a->pd[i].d : &a->unit[i];
    cx_running_estimate(units, level, &out->est);
    out->antithetic_factor = a->antithetic
        ? cx_running_pair_factor(paired ? &a->pd_single[i] : &a->single[i], units) : NAN;
    static const double known_means[CX_ACCUM_CONTROLS] = {0, 0};
    cx_running_cv_estimate(paired ? &a->pd_cv[i] : &a->cv[i], known_means, level,
                           &out->control);
}

void cx_accum_nps_of(const cx_accum *a, size_t v, int paired, double level, cx_accum_nps *out)
{
    const cx_running *var = paired ? &a->nps_dvar[v] : &a->nps_var[v];
    if (paired)
        cx_running_estimate(&a->pd[v * M + CX_M_NPS].d, level, &out->across);
    else
        cx_running_estimate(&a->unit[v * M + CX_M_NPS], level, &out->across);
    out->respondents = paired || a->respondents[v].n == 0 ? NAN : a->respondents[v].mean;
    out->reps = var->n;
    out->within_se = var->n ? sqrt(var->mean) : NAN;
    double half = cx_nps_z(level) * out->within_se;
    out->within_ci_low = out->across.mean - half;
    out->within_ci_high = out->across.mean + half;
}
