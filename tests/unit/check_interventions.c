/* check_interventions.c - interventions, variants, costs, ROI and policies
 * in the core (docs/scenarios.md, "Interventions", "Variants",
 * "Policies: on_period"). Closed cohorts without churn make costs exact. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cxsim/batch.h"
#include "cxsim/engine.h"
#include "model_fixture.h"
#include "test_util.h"

#define N 2000

static cx_model *cohort(int horizon)
{
    cx_model *m = cx_fixture_model(3, N, horizon);
    m->inflow = 0;
    m->rho_p = m->rho_d = 0;
    m->segments[0].h0 = 0;      /* nobody leaves: active = N every period */
    m->discount_rate = 0.01;
    return m;
}

static cx_intervention make_iv(const char *name, const char *path, double value)
{
    static cx_edit edit;
    cx_intervention iv = {.start = 1};
    snprintf(iv.name, sizeof iv.name, "%s", name);
    snprintf(edit.path, sizeof edit.path, "%s", path);
    edit.value = value;
    iv.edits = &edit;
    iv.n_edits = path ? 1 : 0;
    return iv;
}

/* Variant 0 "baseline" (nothing) and variant 1 "alt" with intervention 0. */
static void two_variants(cx_model *m)
{
    const char *names[1] = {m->interventions[0].name};
    ck_assert_int_eq(cx_model_add_variant(m, "baseline", 0, NULL, 0, NULL), CX_OK);
    ck_assert_int_eq(cx_model_add_variant(m, "alt", 0, names, 1, NULL), CX_OK);
}

static cx_batch_result *run_variants(const cx_model *m, size_t reps, unsigned threads,
                                     const cx_policy_factory *policy)
{
    const cx_model *v[2] = {m, m};
    const char *names[2] = {"baseline", "alt"};
    size_t index[2] = {0, 1};
    cx_batch_opts o = {.reps = reps, .seed = 5, .threads = threads,
                       .variant_index = index, .policy = policy};
    cx_batch_result *b;
    cx_error err;
    ck_assert_msg(cx_batch_run(v, names, 2, &o, &b, &err) == CX_OK, "%s", err.msg);
    return b;
}

/* An intervention from period 3: periods 1-2 are the baseline's to the
 * bit (common random numbers), period 3 on differ. */
START_TEST(test_start_period)
{
    cx_model *m = cohort(4);
    m->journeys[0].touchpoints[1].friction = 0.5;
    cx_intervention iv = make_iv("fix", "journey.j.t1.friction", 0);
    iv.start = 3;
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
    two_variants(m);
    ck_assert_int_eq(cx_model_validate(m, NULL), CX_OK);
    cx_batch_result *b = run_variants(m, 2, 2, NULL);
    for (size_t t = 0; t < 2; t++)
        ck_assert_int_eq(memcmp(cx_batch_period(b, 0, 0, t), cx_batch_period(b, 1, 0, t),
                                CX_METRIC_COUNT * sizeof(double) - 2 * sizeof(double)), 0);
    ck_assert_double_gt(cx_batch_period(b, 1, 0, 2)[CX_M_CSAT_MEAN],
                        cx_batch_period(b, 0, 0, 2)[CX_M_CSAT_MEAN] + 0.1);
    cx_batch_result_free(b);
    cx_model_free(m);
}
END_TEST

/* stop: the change lasts from start to stop, then the base returns. */
START_TEST(test_stop_period)
{
    cx_model *m = cohort(3);
    m->journeys[0].touchpoints[1].friction = 0.5;
    cx_intervention iv = make_iv("pilot", "journey.j.t1.friction", 0);
    iv.stop = 1;
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
    two_variants(m);
    cx_batch_result *b = run_variants(m, 1, 1, NULL);
    /* friction in periods 2-3 only: about 2/3 of the baseline's rate */
    double base_rate = cx_batch_touchpoint(b, 0, 0, 1)[CX_TPM_FRICTION_RATE];
    ck_assert_double_eq_tol(cx_batch_touchpoint(b, 1, 0, 1)[CX_TPM_FRICTION_RATE],
                            base_rate * 2 / 3, 0.02);
    /* period 1 without friction, periods 2-3 with it */
    double alt = cx_batch_period(b, 1, 0, 0)[CX_M_CSAT_MEAN];
    ck_assert_double_gt(alt, cx_batch_period(b, 0, 0, 0)[CX_M_CSAT_MEAN] + 0.1);
    /* afterwards the same friction again; only the trust the pilot built
     * (kappa T softens hits) still shows, a little */
    ck_assert_double_eq_tol(cx_batch_period(b, 1, 0, 2)[CX_M_CSAT_MEAN],
                            cx_batch_period(b, 0, 0, 2)[CX_M_CSAT_MEAN], 0.02);
    cx_batch_result_free(b);
    cx_model_free(m);
}
END_TEST

/* Costs, exactly: fixed once at the start period, per active customer per
 * period, per visit to the edited touchpoint, each discounted by
 * (1 + d)^-t. */
START_TEST(test_costs)
{
    cx_model *m = cohort(3);
    cx_intervention iv = make_iv("program", "journey.j.t1.base", 0.2);
    iv.start = 2;
    iv.cost_fixed = 1000;
    iv.cost_per_customer = 0.5;
    iv.cost_per_visit = 0.01;
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
    two_variants(m);
    cx_batch_result *b = run_variants(m, 1, 1, NULL);
    /* every journey visits t1 once (no friction): N visits a period */
    double d2 = pow(1.01, -2), d3 = pow(1.01, -3);
    double want = 1000 * d2 + (0.5 * N + 0.01 * N) * (d2 + d3);
    ck_assert_double_eq_tol(cx_batch_horizon(b, 1, 0)[CX_M_COST], want, 1e-6);
    ck_assert_double_eq(cx_batch_horizon(b, 0, 0)[CX_M_COST], 0);
    ck_assert_double_eq(cx_batch_period(b, 1, 0, 0)[CX_M_COST], 0);    /* cumulative */
    /* ROI = (value gained - cost) / cost; no margin change: -1 */
    ck_assert_double_eq_tol(cx_batch_horizon(b, 1, 0)[CX_M_ROI],
                            (cx_batch_horizon(b, 1, 0)[CX_M_PORTFOLIO_VALUE] -
                             cx_batch_horizon(b, 0, 0)[CX_M_PORTFOLIO_VALUE] - want) / want,
                            1e-9);
    ck_assert(isnan(cx_batch_horizon(b, 0, 0)[CX_M_ROI]));
    cx_batch_result_free(b);
    cx_model_free(m);
}
END_TEST

/* An intervention for one segment reaches (and costs) that segment only. */
START_TEST(test_segments)
{
    cx_model *m = cohort(1);
    cx_segment s;
    cx_segment_defaults(&s, "nobody");
    s.share = 0;
    m->segments[0].share = 1;
    ck_assert_int_eq(cx_model_add_segment(m, &s, NULL), CX_OK);
    cx_intervention iv = make_iv("vip", "journey.j.t1.base", 0.9);
    char seg[1][CX_NAME_MAX] = {"nobody"};
    iv.segments = seg;
    iv.n_segments = 1;
    iv.cost_per_customer = 1;
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
    two_variants(m);
    ck_assert_int_eq(cx_model_validate(m, NULL), CX_OK);
    cx_batch_result *b = run_variants(m, 1, 1, NULL);
    ck_assert_double_eq(cx_batch_horizon(b, 1, 0)[CX_M_COST], 0);
    ck_assert_double_eq(cx_batch_horizon(b, 1, 0)[CX_M_CSAT_MEAN],
                        cx_batch_horizon(b, 0, 0)[CX_M_CSAT_MEAN]);
    cx_batch_result_free(b);
    cx_model_free(m);
}
END_TEST

START_TEST(test_errors)
{
    cx_model *m = cohort(3);
    cx_error err;
    cx_intervention iv = make_iv("bad", "scenario.horizon", 5);
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "scenario.horizon cannot change during a run"));
    iv = make_iv("bad", "segment.all.share", 0.5);
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, &err), CX_ERR_INPUT);
    iv = make_iv("late", NULL, 0);
    iv.start = 3;
    iv.stop = 2;
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "period range"));
    iv = make_iv("typo", "journey.j.t1.frction", 0);
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, &err), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "intervention \"typo\""));
    ck_assert_ptr_nonnull(strstr(err.msg, "frction"));
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, &err), CX_ERR_INPUT);   /* twice */
    const char *ghost[1] = {"ghost"};
    ck_assert_int_eq(cx_model_add_variant(m, "v", 0, ghost, 1, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "no intervention named \"ghost\""));
    cx_model_free(m);
}
END_TEST

/* Memory weights: w_peak + w_end <= 1 holds under every edit, or R (and
 * journey satisfaction, 3 + 2 R') leaves its range. Checked at load for
 * one intervention, at once for a policy's override, and in the run for
 * interventions that are valid alone but not together. */
START_TEST(test_memory_weights)
{
    cx_model *m = cohort(2);
    cx_error err;
    cx_intervention iv = make_iv("peaky", "segment.all.w_peak", 0.9);
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, &err), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "intervention \"peaky\""));
    ck_assert_ptr_nonnull(strstr(err.msg, "w_peak + w_end must be at most 1, got 1.4"));
    cx_model_free(m);

    m = cohort(2);
    m->segments[0].w_end = 0.3;
    iv = make_iv("a", "segment.all.w_peak", 0.7);     /* 0.7 + 0.3 */
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
    iv = make_iv("b", "segment.all.w_end", 0.5);      /* 0.5 + 0.5 */
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
    const char *both[2] = {"a", "b"};
    ck_assert_int_eq(cx_model_add_variant(m, "both", 0, both, 2, NULL), CX_OK);
    ck_assert_int_eq(cx_model_validate(m, &err), CX_OK);
    cx_engine *e = cx_engine_new(m, NULL);
    cx_tally t[2];
    cx_tp_tally tp[3];
    ck_assert_int_eq(cx_engine_override(e, "segment.all.w_end", 0.9, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "w_peak + w_end must be at most 1"));
    ck_assert_int_eq(cx_engine_set_variant(e, 0, NULL), CX_OK);
    ck_assert_int_eq(cx_engine_run(e, 1, 0, t, tp, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "w_peak + w_end must be at most 1, got 1.2"));
    cx_engine_free(e);
    cx_model_free(m);
}
END_TEST

START_TEST(test_copy_and_order)
{
    cx_model *m = cohort(2), *c;
    cx_intervention iv = make_iv("a", "journey.j.t1.base", 0.2);
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
    const char *names[1] = {"a"};
    ck_assert_int_eq(cx_model_add_variant(m, "first", 0, names, 1, NULL), CX_OK);
    ck_assert_int_eq(cx_model_add_variant(m, "baseline", 0, NULL, 0, NULL), CX_OK);
    size_t order[4];
    ck_assert_uint_eq(cx_model_variant_order(m, order, 4), 2);
    ck_assert_uint_eq(order[0], 1);     /* the variant named baseline first */
    ck_assert_uint_eq(order[1], 0);
    c = cx_model_copy(m);
    ck_assert_uint_eq(c->n_interventions, 1);
    ck_assert_str_eq(c->interventions[0].edits[0].path, "journey.j.t1.base");
    ck_assert_uint_eq(c->variants[1].n_interventions, 0);
    cx_model_free(c);
    cx_model_free(m);
}
END_TEST

/* ---- policies -------------------------------------------------------- */

static cx_status policy_begin(void *ctx, uint32_t rep, cx_error *err)
{
    *(int *)ctx = 0;        /* per-replication state starts afresh */
    return CX_OK;
}

/* After period 2, turn the intervention on and override a parameter. */
static cx_status policy_step(void *ctx, cx_engine *e, int period, const double *metrics,
                             cx_error *err)
{
    int *calls = ctx;
    ++*calls;
    ck_assert(isfinite(metrics[CX_M_CSAT_MEAN]));
    if (period == 2) {
        ck_assert_int_eq(cx_engine_enabled(e, "fix"), 0);
        cx_status st = cx_engine_enable(e, "fix", 1, err);
        if (st == CX_OK)
            st = cx_engine_override(e, "journey.j.t2.base", 0.5, err);
        return st;
    }
    return CX_OK;
}

static cx_status factory_make(void *arg, cx_policy *out, cx_error *err)
{
    int *ctx = calloc(1, sizeof *ctx);
    *out = (cx_policy){policy_begin, policy_step, ctx, NULL};
    return ctx ? CX_OK : CX_ERR_NOMEM;
}

static void factory_destroy(void *arg, cx_policy *p)
{
    free(p->ctx);
}

START_TEST(test_policy)
{
    cx_model *m = cohort(4);
    m->journeys[0].touchpoints[1].friction = 0.5;
    cx_intervention iv = make_iv("fix", "journey.j.t1.friction", 0);
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
    ck_assert_int_eq(cx_model_add_variant(m, "baseline", 0, NULL, 0, NULL), CX_OK);
    ck_assert_int_eq(cx_model_add_variant(m, "alt", 0, NULL, 0, NULL), CX_OK);
    cx_policy_factory f = {factory_make, factory_destroy, NULL};
    cx_batch_result *one = run_variants(m, 3, 1, &f), *two = run_variants(m, 3, 2, &f);
    ck_assert_int_eq(memcmp(one->horizon_values, two->horizon_values,
                            2 * 3 * CX_METRIC_COUNT * sizeof(double)), 0);
    /* periods 1-2: friction; from 3: none, and t2 smoother */
    ck_assert_double_lt(cx_batch_period(one, 0, 0, 1)[CX_M_CSAT_MEAN], 3);
    ck_assert_double_ge(cx_batch_period(one, 0, 0, 2)[CX_M_CSAT_MEAN], 3 + 1.0 / 3 - 1e-9);
    cx_batch_result_free(one);
    cx_batch_result_free(two);
    cx_model_free(m);
}
END_TEST

START_TEST(test_policy_errors)
{
    cx_model *m = cohort(2);
    cx_engine *e = cx_engine_new(m, NULL);
    cx_error err;
    ck_assert_int_eq(cx_engine_enable(e, "ghost", 1, &err), CX_ERR_INPUT);
    ck_assert_int_eq(cx_engine_enabled(e, "ghost"), -1);
    ck_assert_int_eq(cx_engine_override(e, "journey.j.t1.friction", 2, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "friction must be in [0,1], got 2"));
    ck_assert_int_eq(cx_engine_override(e, "scenario.horizon", 3, &err), CX_ERR_INPUT);
    /* the same structural rule as interventions: shares decide arrivals */
    ck_assert_int_eq(cx_engine_override(e, "segment.all.share", 1, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "segment.all.share cannot change during a run"));
    ck_assert_int_eq(cx_engine_set_variant(e, 3, &err), CX_ERR_USAGE);
    cx_engine_free(e);
    cx_model_free(m);
}
END_TEST

/* A policy that fails without a word: the batch must still fail, with the
 * policy's status, not report success on zeroed results. */
static cx_status silent_fail(void *ctx, cx_engine *e, int period, const double *metrics,
                             cx_error *err)
{
    return CX_ERR_INPUT;
}

static cx_status silent_make(void *arg, cx_policy *out, cx_error *err)
{
    *out = (cx_policy){NULL, silent_fail, NULL, NULL};
    return CX_OK;
}

START_TEST(test_policy_silent_failure)
{
    cx_model *m = cohort(3);
    cx_policy_factory f = {silent_make, NULL, NULL};
    const cx_model *v[1] = {m};
    const char *names[1] = {"baseline"};
    cx_batch_opts o = {.reps = 2, .seed = 1, .threads = 2, .policy = &f};
    cx_batch_result *b = NULL;
    cx_error err;
    ck_assert_int_eq(cx_batch_run(v, names, 1, &o, &b, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(b);
    ck_assert_int_eq(err.code, CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "failed"));
    cx_model_free(m);
}
END_TEST

static Suite *interventions_suite(void)
{
    Suite *s = suite_create("interventions");
    TCase *tc = tcase_create("interventions");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_start_period);
    tcase_add_test(tc, test_stop_period);
    tcase_add_test(tc, test_costs);
    tcase_add_test(tc, test_segments);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_memory_weights);
    tcase_add_test(tc, test_copy_and_order);
    tcase_add_test(tc, test_policy);
    tcase_add_test(tc, test_policy_errors);
    tcase_add_test(tc, test_policy_silent_failure);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    return cx_test_run(interventions_suite());
}
