/* check_quickwins.c - ranking interventions (quickwins.h): objectives,
 * combination counts, the ranking of a dominant intervention, candidates
 * against a declared baseline, and results that depend neither on the
 * number of threads nor on how candidates are split into batches.
 *
 * The model: two segments and a three-touchpoint journey whose middle
 * touchpoint makes half the customers meet friction and half of those
 * give up. Interventions: "fix" (that friction down to 0.05: many more
 * completed journeys, less churn, more value), "nothing" (a delight gain
 * where no delight can happen: the very same replications, so an effect
 * of exactly 0 and p = 1), "hurt" (friction at the last touchpoint up
 * from 0 to 0.3).
 */
#include <math.h>
#include <string.h>

#include "cxsim/batch.h"
#include "cxsim/quickwins.h"
#include "cxsim/run.h"
#include "model_fixture.h"
#include "test_util.h"

static void add_iv(cx_model *m, const char *name, const char *path, double value)
{
    cx_edit edit = {.value = value};
    cx_intervention iv = {.start = 1, .edits = &edit, .n_edits = 1};
    snprintf(iv.name, sizeof iv.name, "%s", name);
    snprintf(edit.path, sizeof edit.path, "%s", path);
    ck_assert_int_eq(cx_model_add_intervention(m, &iv, NULL), CX_OK);
}

static cx_model *model(void)
{
    cx_model *m = cx_fixture_model(3, 1500, 4);
    cx_segment b;
    cx_segment_defaults(&b, "b");
    m->segments[0].share = 0.6;
    b.share = 0.4;
    b.margin = 2 * m->segments[0].margin;
    ck_assert_int_eq(cx_model_add_segment(m, &b, NULL), CX_OK);
    cx_touchpoint *t1 = &m->journeys[0].touchpoints[1];
    t1->friction = 0.5;
    t1->abandon = 0.5;
    add_iv(m, "fix", "journey.j.t1.friction", 0.05);
    add_iv(m, "nothing", "journey.j.t2.delight_gain", 0.9);
    add_iv(m, "hurt", "journey.j.t2.friction", 0.3);
    ck_assert_int_eq(cx_model_validate(m, NULL), CX_OK);
    return m;
}

static cx_quickwins_opts opts(const char *objective, unsigned threads, size_t chunk)
{
    cx_quickwins_opts o = {.batch = {.reps = 5, .seed = 3, .threads = threads},
                           .chunk = chunk};
    ck_assert_int_eq(cx_quickwins_objective_parse(objective, &o.objective, NULL), CX_OK);
    return o;
}

static cx_quickwins *run(const cx_model *m, const cx_quickwins_opts *o)
{
    cx_quickwins *q = NULL;
    cx_error err;
    ck_assert_msg(cx_run_quickwins(m, o, &q, &err) == CX_OK, "%s", err.msg);
    return q;
}

static const cx_quickwins_candidate *named(const cx_quickwins *q, const char *label)
{
    for (size_t c = 0; c < q->n_candidates; c++)
        if (strcmp(q->candidates[c].label, label) == 0)
            return &q->candidates[c];
    ck_abort_msg("no candidate %s", label);
    return NULL;
}

START_TEST(test_objectives)
{
    cx_quickwins_objective o;
    cx_error err;
    ck_assert_int_eq(cx_quickwins_objective_parse("clv", &o, NULL), CX_OK);
    ck_assert_str_eq(o.name, "clv_mean");
    ck_assert_int_eq(o.metric, CX_M_CLV_MEAN);
    ck_assert_int_eq(o.direction, 1);
    ck_assert_int_eq(cx_quickwins_objective_parse("churn", &o, NULL), CX_OK);
    ck_assert_int_eq(o.metric, CX_M_CHURN_RATE);
    ck_assert_int_eq(o.direction, -1);
    ck_assert_int_eq(cx_quickwins_objective_parse("value", &o, NULL), CX_OK);
    ck_assert_int_eq(o.metric, CX_QUICKWINS_VALUE);
    ck_assert_int_eq(cx_quickwins_objective_parse("roi", &o, NULL), CX_OK);
    ck_assert_int_eq(o.metric, CX_M_ROI);
    ck_assert_int_eq(cx_quickwins_objective_parse("abandon_rate", &o, NULL), CX_OK);
    ck_assert_int_eq(o.direction, -1);
    ck_assert_int_eq(cx_quickwins_objective_parse("retention", &o, NULL), CX_OK);
    ck_assert_int_eq(o.direction, 1);
    ck_assert_int_eq(cx_quickwins_objective_parse("happiness", &o, &err), CX_ERR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown objective 'happiness'"));
}
END_TEST

START_TEST(test_combination_counts)
{
    ck_assert_uint_eq(cx_quickwins_combinations(5, 1), 0);
    ck_assert_uint_eq(cx_quickwins_combinations(5, 2), 10);      /* C(5,2) */
    ck_assert_uint_eq(cx_quickwins_combinations(5, 3), 20);      /* + C(5,3) */
    ck_assert_uint_eq(cx_quickwins_combinations(5, 5), 26);      /* 2^5 - 1 - 5 */
    ck_assert_uint_eq(cx_quickwins_combinations(3, 3), 4);
    ck_assert_uint_eq(cx_quickwins_combinations(3, 10), 4);
    ck_assert_uint_eq(cx_quickwins_combinations(1, 3), 0);
    ck_assert_uint_eq(cx_quickwins_combinations(64, 2), 2016);
}
END_TEST

START_TEST(test_dominant_first)
{
    cx_model *m = model();
    cx_quickwins_opts o = opts("value", 2, 0);
    cx_quickwins *q = run(m, &o);
    /* 3 singles, then C(3,2) + C(3,3) combinations */
    ck_assert_uint_eq(q->n_singles, 3);
    ck_assert_uint_eq(q->n_candidates, 7);
    ck_assert_uint_eq(q->batch->n_variants, 8);
    const cx_quickwins_candidate *best = &q->candidates[q->ranked[0]];
    /* fix+nothing is the same run as fix: a tie, which the single wins */
    ck_assert_str_eq(best->label, "fix");
    ck_assert_uint_eq(best->rank, 1);
    ck_assert_int_eq(best->significant, 1);
    ck_assert_double_gt(best->effect.ci_low, 0);
    ck_assert_double_eq(named(q, "fix+nothing")->effect.mean, best->effect.mean);
    ck_assert_uint_eq(named(q, "fix+nothing")->rank, 2);
    const cx_quickwins_candidate *none = named(q, "nothing");
    ck_assert_double_eq(none->effect.mean, 0);
    ck_assert_double_eq(none->p_value, 1);
    ck_assert_double_eq(none->p_holm, 1);
    ck_assert_int_eq(none->significant, 0);
    ck_assert_double_lt(named(q, "hurt")->effect.mean, 0);
    /* labels in declaration order, sizes */
    ck_assert_uint_eq(named(q, "fix+nothing+hurt")->size, 3);
    /* costless: no ROI */
    ck_assert(isnan(best->roi.mean));
    ck_assert_uint_eq(best->roi.n, 0);
    cx_quickwins_free(q);
    cx_model_free(m);
}
END_TEST

/* Churn: lower is better, so the best effect is the most negative. */
START_TEST(test_lower_is_better)
{
    cx_model *m = model();
    cx_quickwins_opts o = opts("churn", 2, 0);
    o.max_combo = 1;
    cx_quickwins *q = run(m, &o);
    ck_assert_uint_eq(q->n_candidates, 3);
    const cx_quickwins_candidate *best = &q->candidates[q->ranked[0]];
    ck_assert_str_eq(best->label, "fix");
    ck_assert_double_lt(best->effect.mean, 0);
    ck_assert_double_eq_tol(best->score, -best->effect.mean, 1e-15);
    ck_assert_str_eq(q->candidates[q->ranked[2]].label, "hurt");
    cx_quickwins_free(q);
    cx_model_free(m);
}
END_TEST

/* Only the `top` best singles are combined. */
START_TEST(test_top_singles)
{
    cx_model *m = model();
    cx_quickwins_opts o = opts("value", 2, 0);
    o.top = 2;
    cx_quickwins *q = run(m, &o);
    /* fix and nothing are the best two: one pair */
    ck_assert_uint_eq(q->n_candidates, 4);
    ck_assert_str_eq(q->candidates[3].label, "fix+nothing");
    cx_quickwins_free(q);
    cx_model_free(m);
}
END_TEST

static void assert_same(const cx_quickwins *a, const cx_quickwins *b)
{
    const cx_batch_result *x = a->batch, *y = b->batch;
    size_t units = x->n_variants * x->reps;
    ck_assert_uint_eq(x->n_variants, y->n_variants);
    ck_assert_int_eq(memcmp(x->horizon_values, y->horizon_values,
                            units * CX_METRIC_COUNT * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(x->segment_values, y->segment_values,
                            units * x->n_segments * CX_METRIC_COUNT * sizeof(double)), 0);
    ck_assert_int_eq(memcmp(x->period_values, y->period_values,
                            units * x->horizon * CX_METRIC_COUNT * sizeof(double)), 0);
    for (size_t c = 0; c < a->n_candidates; c++) {
        ck_assert_str_eq(a->candidates[c].label, b->candidates[c].label);
        ck_assert_uint_eq(a->candidates[c].rank, b->candidates[c].rank);
        ck_assert_double_eq(a->candidates[c].p_holm, b->candidates[c].p_holm);
    }
}

/* Candidates simulated one per batch, two, three or all in one: the same
 * numbers, because replication r of every batch has the same random
 * numbers (the baseline runs in the first batch only). */
START_TEST(test_chunks_and_threads)
{
    cx_model *m = model();
    cx_quickwins_opts one = opts("nps", 1, 1), all = opts("nps", 2, 64);
    cx_quickwins *q1 = run(m, &one), *qall = run(m, &all);
    ck_assert_uint_eq(q1->batches, 8);
    ck_assert_uint_eq(qall->batches, 2);    /* the singles, then the combinations */
    assert_same(q1, qall);
    for (size_t chunk = 2; chunk <= 3; chunk++) {
        cx_quickwins_opts o = opts("nps", 3, chunk);
        cx_quickwins *q = run(m, &o);
        assert_same(q, qall);
        cx_quickwins_free(q);
    }
    cx_quickwins_free(q1);
    cx_quickwins_free(qall);
    cx_model_free(m);
}
END_TEST

/* A candidate's replications are those of a plain two-variant batch. */
START_TEST(test_pairs_with_batch)
{
    cx_model *m = model();
    cx_quickwins_opts o = opts("value", 2, 1);
    o.max_combo = 1;
    cx_quickwins *q = run(m, &o);
    const char *names[1] = {"fix"};
    ck_assert_int_eq(cx_model_add_variant(m, "fix", 0, names, 1, NULL), CX_OK);
    const cx_model *v[2] = {m, m};
    const char *vn[2] = {"baseline", "fix"};
    size_t index[2] = {CX_NO_VARIANT, 0};
    cx_batch_opts bo = {.reps = 5, .seed = 3, .threads = 2, .variant_index = index};
    cx_batch_result *b;
    ck_assert_int_eq(cx_batch_run(v, vn, 2, &bo, &b, NULL), CX_OK);
    size_t fv = named(q, "fix")->variant;
    for (size_t r = 0; r < 5; r++) {
        ck_assert_int_eq(memcmp(cx_batch_horizon(b, 0, r), cx_batch_horizon(q->batch, 0, r),
                                CX_METRIC_COUNT * sizeof(double)), 0);
        ck_assert_int_eq(memcmp(cx_batch_horizon(b, 1, r), cx_batch_horizon(q->batch, fv, r),
                                CX_METRIC_COUNT * sizeof(double)), 0);
    }
    cx_batch_result_free(b);
    cx_quickwins_free(q);
    cx_model_free(m);
}
END_TEST

/* Segment effects add up to the portfolio's for additive metrics. */
START_TEST(test_segments_add_up)
{
    cx_model *m = model();
    cx_quickwins_opts o = opts("clv", 2, 0);
    o.max_combo = 1;
    cx_quickwins *q = run(m, &o);
    ck_assert_uint_eq(q->batch->n_segments, 2);
    ck_assert_str_eq(q->batch->segment_names[1], "b");
    for (size_t c = 0; c < q->n_candidates; c++) {
        cx_paired a, b;
        cx_quickwins_segment_effect(q, c, 0, CX_M_PORTFOLIO_VALUE, &a);
        cx_quickwins_segment_effect(q, c, 1, CX_M_PORTFOLIO_VALUE, &b);
        double total = q->candidates[c].headline[3].mean;      /* portfolio_value */
        ck_assert_double_eq_tol(a.diff.mean + b.diff.mean, total, 1e-9 * (1 + fabs(total)));
    }
    ck_assert_int_eq(cx_quickwins_segment_metric(&o.objective), CX_M_CLV_MEAN);
    cx_quickwins_objective value;
    cx_quickwins_objective_parse("value", &value, NULL);
    ck_assert_int_eq(cx_quickwins_segment_metric(&value), CX_M_PORTFOLIO_VALUE);
    cx_quickwins_free(q);
    cx_model_free(m);
}
END_TEST

/* With a declared baseline its interventions are always on; a declared
 * variant with exactly a candidate's interventions lends its name. */
START_TEST(test_declared_baseline)
{
    cx_model *m = model();
    const char *base[1] = {"hurt"}, *both[2] = {"hurt", "fix"};
    ck_assert_int_eq(cx_model_add_variant(m, "other", 0, both, 2, NULL), CX_OK);
    ck_assert_int_eq(cx_model_add_variant(m, "baseline", 0, base, 1, NULL), CX_OK);
    cx_quickwins_opts o = opts("value", 2, 0);
    cx_quickwins *q = run(m, &o);
    ck_assert_uint_eq(q->n_singles, 2);
    ck_assert_uint_eq(q->n_candidates, 3);
    ck_assert_str_eq(q->batch->variant_names[0], "baseline");
    ck_assert_str_eq(q->batch->variant_names[named(q, "fix")->variant], "other");
    ck_assert_str_eq(q->batch->variant_names[named(q, "fix+nothing")->variant], "fix+nothing");
    ck_assert_uint_eq(m->n_variants, 2);        /* the caller's model is untouched */
    cx_quickwins_free(q);
    cx_model_free(m);
}
END_TEST

START_TEST(test_nothing_to_rank)
{
    cx_model *m = cx_fixture_model(2, 100, 2);
    cx_quickwins_opts o = opts("value", 1, 0);
    cx_quickwins *q = NULL;
    cx_error err;
    ck_assert_int_eq(cx_run_quickwins(m, &o, &q, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(q);
    ck_assert_ptr_nonnull(strstr(err.msg, "declares none"));
    add_iv(m, "only", "journey.j.t0.friction", 0.1);
    const char *names[1] = {"only"};
    ck_assert_int_eq(cx_model_add_variant(m, "baseline", 0, names, 1, NULL), CX_OK);
    ck_assert_int_eq(cx_run_quickwins(m, &o, &q, &err), CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "in the baseline variant \"baseline\""));
    o.batch.reps = 1;
    ck_assert_int_eq(cx_run_quickwins(m, &o, &q, &err), CX_ERR_USAGE);
    cx_model_free(m);
}
END_TEST

static Suite *quickwins_suite(void)
{
    Suite *s = suite_create("quickwins");
    TCase *unit = tcase_create("parts");
    TCase *runs = tcase_create("runs");
    tcase_set_timeout(runs, 60);
    tcase_add_test(unit, test_objectives);
    tcase_add_test(unit, test_combination_counts);
    tcase_add_test(runs, test_dominant_first);
    tcase_add_test(runs, test_lower_is_better);
    tcase_add_test(runs, test_top_singles);
    tcase_add_test(runs, test_chunks_and_threads);
    tcase_add_test(runs, test_pairs_with_batch);
    tcase_add_test(runs, test_segments_add_up);
    tcase_add_test(runs, test_declared_baseline);
    tcase_add_test(runs, test_nothing_to_rank);
    suite_add_tcase(s, unit);
    suite_add_tcase(s, runs);
    return s;
}

int main(void)
{
    return cx_test_run(quickwins_suite());
}
