/* check_calibrate.c - calibration targets, goodness of fit and the
 * bounded simplex minimiser (cxsim/calibrate.h).
 *
 * Expected values: the minimiser must find the minimum of quadratics whose
 * minimiser is known in closed form (inside the box, and outside it, where
 * the answer is the nearest bound); fit figures are means and ratios of
 * numbers chosen in the tests; target-file errors name the cell counted by
 * hand in each line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cxsim/calibrate.h"
#include "cxsim/metrics.h"
#include "cxsim/targets.h"
#include "test_util.h"

/* ---- the minimiser ---------------------------------------------------------- */

/* sum_i (x_i - c_i)^2 + 1, counting its calls. */
typedef struct quad {
    double c[3];
    int calls, fail_at;
} quad;

static cx_status quadratic(void *ctx, const double *x, double *loss, cx_error *err)
{
    quad *q = ctx;
    if (++q->calls == q->fail_at)
        return cx_error_set(err, CX_ERR_INPUT, "failed at call %d", q->calls);
    *loss = 1;
    for (int i = 0; i < 3; i++)
        *loss += (x[i] - q->c[i]) * (x[i] - q->c[i]);
    return CX_OK;
}

/* The same in one dimension (the search hands a one-element x). */
static cx_status quadratic1(void *ctx, const double *x, double *loss, cx_error *err)
{
    quad *q = ctx;
    (void)err;
    q->calls++;
    *loss = 1 + (x[0] - q->c[0]) * (x[0] - q->c[0]);
    return CX_OK;
}

/* A deterministic quadratic is fitted to the tolerance asked: the
 * minimiser's point within 1e-6 of (0.3, -2, 40) and the loss within
 * 1e-10 of its minimum 1. A tolerance of 1e-7 in logit units is at most
 * 1e-7 / 4 of each range near the answer (dx/dz <= (hi - lo) / 4), about
 * as far as doubles can tell losses apart: 1 + (1e-8)^2 is 1. */
START_TEST(test_quadratic_exact)
{
    quad q = {{0.3, -2, 40}, 0, 0};
    cx_calibrate_param p[3] = {{0, 1, 0.9}, {-5, 5, 3}, {0, 100, 10}};
    cx_calibrate_opts o = {.tol = 1e-7, .max_evals = 5000};
    cx_calibrate_result r;
    ck_assert_int_eq(cx_calibrate_minimise(3, p, quadratic, &q, &o, &r, NULL), CX_OK);
    ck_assert_int_eq(r.stop, CX_CALIBRATE_CONVERGED);
    for (int i = 0; i < 3; i++)
        ck_assert_double_eq_tol(r.x[i], q.c[i], 1e-6);
    ck_assert_double_eq_tol(r.loss, 1, 1e-10);
    ck_assert_int_eq(q.calls, (int)r.evals);
    /* the trace holds every evaluation; the best is the loss reported */
    ck_assert_double_eq(r.trace[(r.best_eval - 1) * 4 + 3], r.loss);
    ck_assert_double_eq(r.trace[0], 0.9);       /* the start comes first, exactly */
    ck_assert_double_eq(r.trace[1], 3);
    ck_assert_double_eq(r.trace[2], 10);
    for (size_t e = 0; e < r.evals; e++)
        ck_assert_double_ge(r.trace[e * 4 + 3], r.loss);
    cx_calibrate_result_free(&r);
}
END_TEST

/* One parameter, its minimum outside the box: the answer is the bound it
 * lies beyond, approached from inside. */
START_TEST(test_one_parameter_at_bound)
{
    quad q = {{2, 0, 0}, 0, 0};
    cx_calibrate_param p = {0, 1, 0.5};
    cx_calibrate_result r;
    ck_assert_int_eq(cx_calibrate_minimise(1, &p, quadratic1, &q, NULL, &r, NULL), CX_OK);
    ck_assert_double_le(r.x[0], 1);
    ck_assert_double_gt(r.x[0], 0.99);
    /* the logit coordinate runs off towards infinity, where the loss is
     * flat to rounding: the search stalls rather than spending every
     * evaluation (stall for n = 1: max(20, 10 (n + 1)) = 20) */
    ck_assert_int_eq(r.stop, CX_CALIBRATE_STALLED);
    ck_assert_uint_eq(r.opts.stall, 20);
    ck_assert_uint_ge(r.evals - r.best_eval, 20);
    ck_assert_uint_lt(r.evals, CX_CALIBRATE_MAX_EVALS);
    cx_calibrate_result_free(&r);
}
END_TEST

static cx_status flat(void *ctx, const double *x, double *loss, cx_error *err)
{
    (void)ctx, (void)x, (void)err;
    *loss = 3;
    return CX_OK;
}

/* A loss that does not depend on the parameters: the best stays the
 * first point, and the search stops stall evaluations later (at the end
 * of that iteration: at most n + 2 = 4 more). */
START_TEST(test_flat)
{
    cx_calibrate_param p[2] = {{0, 1, 0.5}, {0, 1, 0.5}};
    cx_calibrate_opts o = {.stall = 25};
    cx_calibrate_result r;
    ck_assert_int_eq(cx_calibrate_minimise(2, p, flat, NULL, &o, &r, NULL), CX_OK);
    ck_assert_int_eq(r.stop, CX_CALIBRATE_STALLED);
    ck_assert_uint_eq(r.best_eval, 1);
    ck_assert_uint_ge(r.evals, 26);
    ck_assert_uint_le(r.evals, 26 + 4);
    ck_assert_double_eq(r.x[0], 0.5);
    cx_calibrate_result_free(&r);
}
END_TEST

/* The same search twice: the same evaluations, bit for bit. */
START_TEST(test_deterministic)
{
    quad q1 = {{0.2, 1, 50}, 0, 0}, q2 = q1;
    cx_calibrate_param p[3] = {{0, 1, 0.5}, {-5, 5, 0}, {0, 100, 60}};
    cx_calibrate_opts o = {.max_evals = 80};
    cx_calibrate_result a, b;
    ck_assert_int_eq(cx_calibrate_minimise(3, p, quadratic, &q1, &o, &a, NULL), CX_OK);
    ck_assert_int_eq(cx_calibrate_minimise(3, p, quadratic, &q2, &o, &b, NULL), CX_OK);
    ck_assert_uint_eq(a.evals, b.evals);
    ck_assert_int_eq(memcmp(a.trace, b.trace, a.evals * 4 * sizeof(double)), 0);
    cx_calibrate_result_free(&a);
    cx_calibrate_result_free(&b);
}
END_TEST

/* The cap ends the search at the end of the iteration that reaches it: at
 * most n + 2 = 5 evaluations beyond it. */
START_TEST(test_evaluation_cap)
{
    quad q = {{0.3, -2, 40}, 0, 0};
    cx_calibrate_param p[3] = {{0, 1, 0.9}, {-5, 5, 3}, {0, 100, 10}};
    cx_calibrate_opts o = {.tol = 1e-12, .max_evals = 12};
    cx_calibrate_result r;
    ck_assert_int_eq(cx_calibrate_minimise(3, p, quadratic, &q, &o, &r, NULL), CX_OK);
    ck_assert_int_eq(r.stop, CX_CALIBRATE_CAPPED);
    ck_assert_uint_ge(r.evals, 12);
    ck_assert_uint_le(r.evals, 12 + 5);
    ck_assert_double_gt(r.size, 1e-12);
    cx_calibrate_result_free(&r);
}
END_TEST

static cx_status not_a_number(void *ctx, const double *x, double *loss, cx_error *err)
{
    (void)ctx, (void)x, (void)err;
    *loss = NAN;
    return CX_OK;
}

START_TEST(test_errors)
{
    quad q = {{0.3, -2, 40}, 0, 7};
    cx_calibrate_param p[3] = {{0, 1, 0.9}, {-5, 5, 3}, {0, 100, 10}};
    cx_calibrate_result r;
    cx_error err;
    /* the objective's failure, as it is, from the first simplex or later */
    ck_assert_int_eq(cx_calibrate_minimise(3, p, quadratic, &q, NULL, &r, &err), CX_ERR_INPUT);
    ck_assert_str_eq(err.msg, "failed at call 7");
    ck_assert_ptr_null(r.x);
    q.calls = 0, q.fail_at = 2;
    ck_assert_int_eq(cx_calibrate_minimise(3, p, quadratic, &q, NULL, &r, &err), CX_ERR_INPUT);
    ck_assert_int_eq(cx_calibrate_minimise(1, p, not_a_number, NULL, NULL, &r, &err),
                     CX_ERR_SIM);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a number at evaluation 1"));
    /* usage: no parameter, a start on or outside a bound, a cap too small */
    ck_assert_int_eq(cx_calibrate_minimise(0, p, quadratic, &q, NULL, &r, &err), CX_ERR_USAGE);
    cx_calibrate_param edge = {0, 1, 1};
    ck_assert_int_eq(cx_calibrate_minimise(1, &edge, quadratic, &q, NULL, &r, &err),
                     CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "the start 1 is not inside (0, 1)"));
    cx_calibrate_opts o = {.max_evals = 3};
    ck_assert_int_eq(cx_calibrate_minimise(3, p, quadratic, &q, &o, &r, &err), CX_ERR_USAGE);
}
END_TEST

/* ---- goodness of fit --------------------------------------------------------------- */

/* Three replications, two periods: nps 10, 20, 30 over the horizon (mean
 * 20); churn_rate in period 2: 0.01, 0.02, NA (mean 0.015 over the two
 * defined). Targets: nps 25 with sd 5 (z = -1), weight 2; churn_rate in
 * period 2 at 0.02, scale 0.02 (z = -0.25), weight 1. Loss 2 + 1/16. */
START_TEST(test_fit)
{
    double hv[3 * CX_METRIC_COUNT] = {0}, pv[3 * 2 * CX_METRIC_COUNT] = {0};
    for (size_t r = 0; r < 3; r++) {
        hv[r * CX_METRIC_COUNT + CX_M_NPS] = 10.0 * (double)(r + 1);
        pv[(r * 2 + 1) * CX_METRIC_COUNT + CX_M_CHURN_RATE] = r < 2 ? 0.01 * (double)(r + 1)
                                                                     : NAN;
    }
    cx_batch_result b = {.n_variants = 1, .reps = 3, .horizon = 2, .horizon_values = hv,
                         .period_values = pv};
    cx_calibrate_target t[2] = {
        {.metric = CX_M_NPS, .period = 0, .value = 25, .weight = 2, .sd = 5, .scale = 5},
        {.metric = CX_M_CHURN_RATE, .period = 2, .value = 0.02, .weight = 1, .sd = NAN,
         .scale = 0.02},
    };
    cx_calibrate_fit_row rows[2];
    double loss = cx_calibrate_fit(&b, 0, t, 2, 0.95, rows);
    ck_assert_double_eq_tol(rows[0].sim.mean, 20, 1e-12);
    ck_assert_double_eq_tol(rows[0].diff, -5, 1e-12);
    ck_assert_double_eq_tol(rows[0].z, -1, 1e-12);
    ck_assert_uint_eq(rows[1].sim.n, 2);
    ck_assert_double_eq_tol(rows[1].sim.mean, 0.015, 1e-15);
    ck_assert_double_eq_tol(rows[1].z, -0.25, 1e-12);
    ck_assert_double_eq_tol(loss, 2 + 1.0 / 16, 1e-12);
    /* a metric with no value in any replication makes the loss NaN */
    pv[(0 * 2 + 1) * CX_METRIC_COUNT + CX_M_CHURN_RATE] = NAN;
    pv[(1 * 2 + 1) * CX_METRIC_COUNT + CX_M_CHURN_RATE] = NAN;
    ck_assert(isnan(cx_calibrate_fit(&b, 0, t, 2, 0.95, rows)));
}
END_TEST

/* ---- targets ---------------------------------------------------------------------------- */

static char tmp_path[256];

/* Writes text to a scratch file and reads its targets (horizon 12). */
static cx_status targets_of(const char *text, cx_calibrate_target **t, size_t *n,
                            cx_error *err)
{
    const char *dir = getenv("TMPDIR");
    snprintf(tmp_path, sizeof tmp_path, "%s/targets.XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(tmp_path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq((int)write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    cx_csv_table *tab;
    *t = NULL;
    *n = 0;
    cx_status st = cx_csv_read(tmp_path, &tab, err);
    if (st == CX_OK)
        st = cx_targets_read(tab, 12, t, n, err);
    cx_csv_table_free(tab);
    unlink(tmp_path);
    return st;
}

START_TEST(test_targets)
{
    cx_calibrate_target *t;
    size_t n;
    cx_error err;
    ck_assert_msg(targets_of("metric,value,weight,sd,period\n"
                             "nps,30,,,\n"
                             "churn_rate,0.02,2,0.004,\n"
                             "churn_rate,0.03,,,3\n"
                             "retention,-0.5,0,,\n", &t, &n, &err) == CX_OK, "%s", err.msg);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(t[0].metric, CX_M_NPS);
    ck_assert_double_eq(t[0].weight, 1);
    ck_assert(isnan(t[0].sd));
    ck_assert_double_eq(t[0].scale, 30);        /* |target| */
    ck_assert_int_eq(t[0].line, 2);
    ck_assert_double_eq(t[1].weight, 2);
    ck_assert_double_eq(t[1].scale, 0.004);     /* sd */
    ck_assert_int_eq(t[2].period, 3);
    ck_assert_int_eq(t[1].period, 0);
    ck_assert_double_eq(t[3].scale, 0.5);
    free(t);
    /* columns in any order; the optional ones may be left out */
    ck_assert_int_eq(targets_of("value,metric\n4.2,csat_mean\n", &t, &n, &err), CX_OK);
    ck_assert_int_eq(t[0].metric, CX_M_CSAT_MEAN);
    ck_assert_double_eq(t[0].value, 4.2);
    free(t);
}
END_TEST

/* Each bad file fails with its file, line and column (counted by hand). */
static void target_error(const char *text, const char *want)
{
    cx_calibrate_target *t = (cx_calibrate_target *)&t;
    size_t n = 7;
    cx_error err;
    char full[600];
    ck_assert_int_eq(targets_of(text, &t, &n, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(t);
    ck_assert_uint_eq(n, 0);
    snprintf(full, sizeof full, "%s:%s", tmp_path, want);
    ck_assert_msg(strcmp(err.msg, full) == 0, "got '%s', wanted '%s'", err.msg, full);
}

START_TEST(test_target_errors)
{
    target_error("", "1: empty: expected a header metric,value and one target per line, or "
                 "period,METRIC,... and one period per line");
    target_error("metric,value\n", "2: no target after the header");
    target_error("metric,value\n,\n", "2: no target after the header");
    target_error("metric,valu\nnps,3\n", "1: column 2: unknown column 'valu' (columns: "
                 "metric, value, weight, sd, period)");
    target_error("metric,weight\nnps,3\n", "1: no column 'value' (the header is "
                 "metric,value with optional weight, sd, period)");
    target_error("metric,value,wieght\n", "1: column 3: unknown column 'wieght' (columns: "
                 "metric, value, weight, sd, period)");
    target_error("metric,value,metric\n", "1: column 3: column 'metric' given twice");
    target_error("metric,value\nnsp,3\n", "2: column 1 (metric): unknown metric 'nsp'; did you mean 'nps'? "
                 "(metric names: docs/results.md)");
    target_error("metric,value\nnps,thirty\n", "2: column 2 (value): 'thirty' is not a "
                 "finite number");
    target_error("metric,value\nnps,nan\n", "2: column 2 (value): 'nan' is not a finite "
                 "number");
    /* every column reads numbers as cx_csv_parse_number does: no hexadecimal */
    target_error("metric,value\nnps,0x1E\n", "2: column 2 (value): '0x1E' is not a finite "
                 "number");
    target_error("metric,value,weight\nnps,3,0x1p2\n", "2: column 3 (weight): must be a "
                 "number >= 0, got '0x1p2'");
    target_error("metric,value,sd\nnps,3,inf\n", "2: column 3 (sd): must be a number > 0, "
                 "got 'inf'");
    target_error("metric,value,period\nnps,3,0x2\n", "2: column 3 (period): must be an "
                 "integer in [1,12] (the horizon), got '0x2'");
    target_error("metric,value\nnps,3,4\n", "2: 3 fields, the header has 2");
    target_error("metric,value,sd\nnps,3\n", "2: 2 fields, the header has 3");
    target_error("metric,value,weight\nnps,3,-1\n", "2: column 3 (weight): must be a number "
                 ">= 0, got '-1'");
    target_error("metric,value,sd\nnps,3,0\n", "2: column 3 (sd): must be a number > 0, got "
                 "'0'");
    target_error("metric,value,period\nnps,3,13\n", "2: column 3 (period): must be an "
                 "integer in [1,12] (the horizon), got '13'");
    target_error("metric,value,period\nnps,3,1.5\n", "2: column 3 (period): must be an "
                 "integer in [1,12] (the horizon), got '1.5'");
    target_error("metric,value\nnps,3\n\nnps,4\n", "4: column 1 (metric): 'nps' (horizon) is "
                 "already a target at line 2");
    target_error("metric,value,period\nnps,3,2\nnps,4,2\n", "3: column 1 (metric): 'nps' "
                 "(this period) is already a target at line 2");
    target_error("metric,value\nnps,0\n", "2: column 2 (value): a target of 0 needs an sd: "
                 "the default scale, |target|, would be 0");
    target_error("metric,value,weight\nnps,3,0\n", "2: every weight is 0: nothing to fit");
}
END_TEST

/* ---- the wide layout ------------------------------------------------------------------ */

START_TEST(test_wide_targets)
{
    cx_calibrate_target *t;
    size_t n;
    cx_error err;
    /* every non-empty metric cell is a target, by row then column; a
     * blank period is the horizon */
    ck_assert_msg(targets_of("period,nps,churn_rate,churn_rate_sd,nps_weight\n"
                             "1,30,0.02,0.004,2\n"
                             ",,,,\n"
                             "3,,0.025,,\n"
                             ",28,,,\n", &t, &n, &err) == CX_OK, "%s", err.msg);
    ck_assert_uint_eq(n, 4);
    ck_assert_int_eq(t[0].metric, CX_M_NPS);
    ck_assert_int_eq(t[0].period, 1);
    ck_assert_double_eq(t[0].weight, 2);
    ck_assert(isnan(t[0].sd));
    ck_assert_double_eq(t[0].scale, 30);
    ck_assert_int_eq(t[0].line, 2);
    ck_assert_int_eq(t[0].column, 2);
    ck_assert_int_eq(t[1].metric, CX_M_CHURN_RATE);
    ck_assert_double_eq(t[1].sd, 0.004);
    ck_assert_double_eq(t[1].weight, 1);
    ck_assert_int_eq(t[1].column, 3);
    ck_assert_int_eq(t[2].period, 3);
    ck_assert_int_eq(t[2].line, 4);
    ck_assert(isnan(t[2].sd));                  /* no sd on that line */
    ck_assert_int_eq(t[3].period, 0);
    ck_assert_double_eq(t[3].value, 28);
    free(t);
    /* trust_sd is a metric of its own, not the sd of a metric "trust" */
    ck_assert_msg(targets_of("period,trust_sd,trust_sd_sd\n2,0.1,0.01\n", &t, &n, &err)
                  == CX_OK, "%s", err.msg);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(t[0].metric, CX_M_TRUST_SD);
    ck_assert_double_eq(t[0].sd, 0.01);
    free(t);
}
END_TEST

/* Standard errors from a sample size: binomial for shares; for NPS the sd
 * of a respondent's score (+100, 0, -100) over sqrt(n). */
START_TEST(test_wide_sample_size)
{
    cx_calibrate_target *t;
    size_t n;
    cx_error err;
    ck_assert_msg(targets_of("period,churn_rate,nps,completion_rate,completion_rate_n,"
                             "csat_mean,n\n"
                             "1,0.02,30,0.9,100,4.1,1000\n", &t, &n, &err) == CX_OK, "%s",
                  err.msg);
    ck_assert_uint_eq(n, 4);
    ck_assert_double_eq_tol(t[0].sd, sqrt(0.02 * 0.98 / 1000), 1e-15);
    /* no promoter/detractor shares on the line: P + D = 1, the bound
     * 100 sqrt((1 - 0.3^2) / n) */
    ck_assert_double_eq_tol(t[1].sd, 100 * sqrt(0.91 / 1000), 1e-12);
    ck_assert_double_eq_tol(t[2].sd, sqrt(0.9 * 0.1 / 100), 1e-15);    /* its own n */
    ck_assert(isnan(t[3].sd));                  /* n says nothing of a mean CSAT */
    ck_assert_double_eq(t[3].scale, 4.1);
    free(t);
    /* with the shares, exactly: P = 0.5, D = 0.2, var = 0.7 - 0.09 */
    ck_assert_msg(targets_of("period,nps,promoter_share,detractor_share,n\n"
                             "2,30,0.5,0.2,400\n", &t, &n, &err) == CX_OK, "%s", err.msg);
    ck_assert_double_eq_tol(t[0].sd, 100 * sqrt(0.61 / 400), 1e-12);
    ck_assert_double_eq_tol(t[1].sd, sqrt(0.25 / 400), 1e-15);
    ck_assert_double_eq_tol(t[2].sd, sqrt(0.16 / 400), 1e-15);
    free(t);
    /* an sd given wins over n */
    ck_assert_int_eq(targets_of("period,nps,nps_sd,n\n1,30,2,100\n", &t, &n, &err), CX_OK);
    ck_assert_double_eq(t[0].sd, 2);
    free(t);
}
END_TEST

START_TEST(test_wide_errors)
{
    target_error("period,nsp\n1,30\n", "1: column 2: unknown column 'nsp'; did you mean "
                 "'nps'?");
    target_error("period,nps,nps_sdd\n1,30,2\n", "1: column 3: unknown column 'nps_sdd'; "
                 "did you mean 'nps_sd'?");
    target_error("period,visitors\n1,30\n", "1: column 2: unknown column 'visitors' (the wide layout: "
                 "period, then metric names of docs/results.md, each with optional METRIC_sd, "
                 "METRIC_weight and METRIC_n columns, and n)");
    target_error("period;nps\n1;30\n", "1: column 1: unknown column 'period;nps': fields "
                 "are separated by commas, not semicolons");
    target_error("nps,churn_rate\n30,0.02\n", "1: no column 'period' (a targets file is "
                 "metric,value,... with one target per line, or period,METRIC,... with one "
                 "period per line)");
    target_error("period,nps,nps\n", "1: column 3: column 'nps' given twice (first as column "
                 "2)");
    target_error("period,churn_rate_sd\n1,0.1\n", "1: column 2: no column 'churn_rate' for "
                 "it to go with");
    target_error("period,csat_mean,csat_mean_n\n1,4,100\n", "1: column 3: a sample size "
                 "gives the standard error of nps and of shares only, not of csat_mean: give "
                 "csat_mean_sd");
    target_error("period,nps\n1,30,4\n", "2: 3 fields, the header has 2");
    target_error("period,nps\n13,30\n", "2: column 1 (period): must be an integer in [1,12] "
                 "(the horizon), got '13'");
    target_error("period,nps\n1,thirty\n", "2: column 2 (nps): 'thirty' is not a finite "
                 "number");
    target_error("period,nps,nps_sd\n1,,3\n", "2: column 3 (nps_sd): given, but this line "
                 "has no nps");
    target_error("period,nps,nps_sd\n1,30,0\n", "2: column 3 (nps_sd): must be a number > 0, "
                 "got '0'");
    target_error("period,nps,nps_weight\n1,30,-1\n", "2: column 3 (nps_weight): must be a "
                 "number >= 0, got '-1'");
    target_error("period,nps\n2,30\n2,31\n", "3: column 2 (nps): 'nps' (this period) is "
                 "already a target at line 2");
    target_error("period,churn_rate,n\n1,2.2,100\n", "2: column 2 (churn_rate): a share "
                 "must be in [0,1] for n to give its standard error, got 2.2");
    target_error("period,nps,n\n1,130,100\n", "2: column 2 (nps): an NPS must be in "
                 "[-100,100] for n to give its standard error, got 130");
    target_error("period,churn_rate,n\n1,0,100\n", "2: column 2 (churn_rate): the standard "
                 "error that n gives is 0 (a value at the end of its range): give "
                 "churn_rate_sd");
    target_error("period,nps,n\n1,30,0\n", "2: column 3 (n): a sample size must be above 0, "
                 "got '0'");
    target_error("period,nps\n1,0\n", "2: column 2 (nps): a target of 0 needs an sd: the "
                 "default scale, |target|, would be 0");
    target_error("period,nps\n", "2: no target after the header");
    target_error("period,nps\n1,\n", "2: no target after the header");
    target_error("period,nps,nps_weight\n1,30,0\n", "2: every weight is 0: nothing to fit");
}
END_TEST

static Suite *calibrate_suite(void)
{
    Suite *s = suite_create("calibrate");
    TCase *tc = tcase_create("minimiser");
    tcase_add_test(tc, test_quadratic_exact);
    tcase_add_test(tc, test_one_parameter_at_bound);
    tcase_add_test(tc, test_deterministic);
    tcase_add_test(tc, test_flat);
    tcase_add_test(tc, test_evaluation_cap);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("fit");
    tcase_add_test(tc, test_fit);
    tcase_add_test(tc, test_targets);
    tcase_add_test(tc, test_target_errors);
    tcase_add_test(tc, test_wide_targets);
    tcase_add_test(tc, test_wide_sample_size);
    tcase_add_test(tc, test_wide_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    return cx_test_run(calibrate_suite());
}
