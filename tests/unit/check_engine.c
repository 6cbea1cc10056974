/* check_engine.c - one replication: accounting identities, determinism,
 * common random numbers, and the order of docs/model.md ("Order within a period"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cxsim/engine.h"
#include "model_fixture.h"
#include "test_util.h"

static cx_tp_tally tp_scratch[64];

static void run(const cx_model *m, uint32_t seed, uint32_t rep, cx_tally *t)
{
    cx_error err;
    cx_engine *e = cx_engine_new(m, &err);
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_le(cx_model_touchpoint_count(m), 64);
    ck_assert_int_eq(cx_engine_run(e, seed, rep, t, tp_scratch, &err), CX_OK);
    cx_engine_free(e);
}

static cx_model *busy_model(void)
{
    cx_model *m = cx_fixture_model(4, 3000, 6);
    cx_touchpoint *tp = m->journeys[0].touchpoints;
    tp[1].friction = 0.3;
    tp[1].abandon = 0.5;
    tp[2].friction = 0.2;
    tp[2].rec_attempt = 0.5;
    tp[3].delight = 0.2;
    return m;
}

/* Every active customer makes one journey; active_end = start - churned;
 * next period starts with this period's survivors plus its arrivals. */
START_TEST(test_accounting)
{
    cx_model *m = busy_model();
    cx_tally t[6];
    run(m, 1, 0, t);
    ck_assert_double_eq(t[0].active_start, 3000);
    for (int k = 0; k < 6; k++) {
        ck_assert_double_eq(t[k].journeys, t[k].active_start);
        ck_assert_double_eq(t[k].active_end, t[k].active_start - t[k].churned);
        ck_assert_double_le(t[k].completed, t[k].journeys);
        ck_assert_double_le(t[k].visits, 4 * t[k].journeys);
        ck_assert_double_ge(t[k].visits, t[k].journeys);
        ck_assert_double_eq(t[k].acquisitions, floor(t[k].acquisitions));
        if (k + 1 < 6)
            ck_assert_double_eq(t[k + 1].active_start, t[k].active_end + t[k].acquisitions);
    }
    /* visits = journeys * 4 minus the visits skipped after abandonment */
    ck_assert_double_lt(t[0].completed, t[0].journeys);
    cx_model_free(m);
}
END_TEST

START_TEST(test_deterministic)
{
    cx_model *m = busy_model();
    cx_tally a[6], b[6], c[6];
    run(m, 5, 3, a);
    run(m, 5, 3, b);
    run(m, 5, 4, c);
    ck_assert_int_eq(memcmp(a, b, sizeof a), 0);
    ck_assert_int_ne(memcmp(a, c, sizeof a), 0);
    cx_model_free(m);
}
END_TEST

/* One engine reused for several replications gives what fresh ones give. */
START_TEST(test_engine_reuse)
{
    cx_model *m = busy_model();
    cx_tally a[6], b[6];
    cx_engine *e = cx_engine_new(m, NULL);
    ck_assert_int_eq(cx_engine_run(e, 5, 1, a, tp_scratch, NULL), CX_OK);
    ck_assert_int_eq(cx_engine_run(e, 5, 2, a, tp_scratch, NULL), CX_OK);
    cx_engine_free(e);
    run(m, 5, 2, b);
    ck_assert_int_eq(memcmp(a, b, sizeof a), 0);
    cx_model_free(m);
}
END_TEST

/* Common random numbers: a change at the last touchpoint leaves every draw
 * before it alone, so period 1's first visits are the same in both. */
START_TEST(test_common_random_numbers)
{
    cx_model *m = busy_model(), *alt = cx_model_copy(m);
    cx_tally a[6], b[6];
    alt->journeys[0].touchpoints[3].base = 0.5;
    run(m, 8, 0, a);
    run(alt, 8, 0, b);
    ck_assert_double_eq(a[0].visits, b[0].visits);
    ck_assert_double_eq(a[0].completed, b[0].completed);
    ck_assert_double_eq(a[0].emo_start, b[0].emo_start);
    ck_assert_double_gt(b[0].emo_end, a[0].emo_end);
    cx_model_free(alt);
    cx_model_free(m);
}
END_TEST

/* No friction, no noise: every journey is remembered as `base`, so all
 * figures follow from the formulas by hand. */
START_TEST(test_smooth_journey_exact)
{
    cx_model *m = cx_fixture_model(3, 100, 1);
    cx_segment *s = &m->segments[0];
    cx_tally t[1];
    s->trust_sd = 0;            /* every customer starts at trust 0.6 */
    s->ltr_sigma = 0;
    s->q0 = 0;
    run(m, 1, 0, t);
    /* e = 0.1 at each visit; R = R' = 0.1; CSAT round(3.2) = 3 */
    ck_assert_double_eq(t[0].csat_sum / t[0].visits, 3);
    ck_assert_double_eq_tol(t[0].js_sum / t[0].journeys, 3.2, 1e-12);
    /* T = 0.6 + 0.1 * 0.1 * 0.4 = 0.604; LTR = round(10 logistic(-0.5 + 0.3 +
     * 1.208)) = round(7.326) = 7: everyone passive */
    ck_assert_double_eq(t[0].ltr_sum, 700);
    ck_assert_double_eq(t[0].promoters + t[0].detractors, 0);
    ck_assert_double_eq_tol(t[0].trust_end_sum / t[0].active_end, 0.604, 1e-6);
    ck_assert_double_eq(t[0].effort_sum, 300);
    ck_assert_double_eq(t[0].revenue, 1000);     /* 100 customers x margin 10 */
    cx_model_free(m);
}
END_TEST

START_TEST(test_state_size)
{
    /* performance goal: at most 32 bytes of state per customer */
    ck_assert_uint_le(cx_engine_bytes_per_customer(), 32);
}
END_TEST

/* A team that runs the blocks last to first, alternating two slots: the
 * sums are added in block order whatever order the blocks ran in, so the
 * tallies are the same bytes as the calling thread's alone. */
typedef struct backwards {
    size_t calls;
} backwards;

static void run_backwards(void *ctx, size_t n, void (*fn)(void *, size_t, unsigned), void *arg)
{
    backwards *b = ctx;
    for (size_t i = n; i-- > 0;) {
        fn(arg, i, (unsigned)(i % 2));
        b->calls++;
    }
}

START_TEST(test_team_runs_blocks_in_any_order)
{
    /* three blocks of customers at the start, four after the arrivals */
    cx_model *m = cx_fixture_model(4, 2 * CX_ENGINE_BLOCK_CUSTOMERS + 5000, 2);
    m->inflow = 0.2;
    m->journeys[0].touchpoints[1].friction = 0.3;
    m->journeys[0].touchpoints[1].abandon = 0.4;
    cx_tally alone[2], team[2];
    static cx_tp_tally tp_alone[4], tp_team[4];
    backwards ctx = {0};
    cx_engine_team t = {.slots = 2, .for_each = run_backwards, .ctx = &ctx};
    cx_error err;
    cx_engine *e = cx_engine_new(m, &err);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(cx_engine_run(e, 5, 1, alone, tp_alone, &err), CX_OK);
    cx_engine_set_team(e, &t);
    ck_assert_int_eq(cx_engine_run(e, 5, 1, team, tp_team, &err), CX_OK);
    ck_assert_uint_gt(ctx.calls, 6);    /* the team ran admissions and blocks */
    ck_assert_int_eq(memcmp(alone, team, sizeof alone), 0);
    ck_assert_int_eq(memcmp(tp_alone, tp_team, sizeof tp_alone), 0);
    ck_assert_uint_eq(cx_engine_rng_blocks(e) > 0, 1);
    cx_engine_free(e);
    cx_model_free(m);
}
END_TEST

START_TEST(test_too_many_segments)
{
    cx_model *m = cx_fixture_model(1, 10, 1);
    cx_error err;
    cx_segment s;
    for (int i = 1; i < 256; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%d", i);
        cx_segment_defaults(&s, name);
        ck_assert_int_eq(cx_model_add_segment(m, &s, NULL), CX_OK);
    }
    ck_assert_ptr_null(cx_engine_new(m, &err));
    ck_assert_int_eq(err.code, CX_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "255"));
    cx_model_free(m);
}
END_TEST

/* The friction control (metrics.h, cx_tp_tally): friction_p sums the
 * friction probability of every visit (0.3 at t1, 0.2 at t2, 0 elsewhere),
 * friction_events counts the friction draws (the only friction-like events
 * here: one channel, no personalisation); over 40 replications the
 * surprise, events minus expected, averages 0 within 5 standard errors. */
START_TEST(test_friction_control)
{
    cx_model *m = busy_model();
    cx_tally t[6];
    double sum = 0, sq = 0;
    const int reps = 40;
    for (int r = 0; r < reps; r++) {
        run(m, 4, (uint32_t)r, t);
        double surprise = 0;
        for (int k = 0; k < 4; k++) {
            const cx_tp_tally *x = &tp_scratch[k];
            double p = m->journeys[0].touchpoints[k].friction;
            ck_assert_double_eq_tol(x->friction_p, p * x->visits, 1e-9 * x->visits);
            ck_assert_double_eq(x->friction_events, x->frictions);
            surprise += x->friction_events - x->friction_p;
        }
        sum += surprise;
        sq += surprise * surprise;
    }
    double mean = sum / reps, sd = sqrt((sq - reps * mean * mean) / (reps - 1));
    ck_assert_double_gt(sd, 0);
    ck_assert_double_lt(fabs(mean), 5 * sd / sqrt(reps));
    cx_model_free(m);
}
END_TEST

/* A per-visit hook that leaves every emotion as it is. */
static cx_status keep_emotion(void *ctx, const cx_visit_event *ev, double *emotion,
                              cx_error *err)
{
    (void)ctx, (void)ev, (void)emotion, (void)err;
    return CX_OK;
}

/* The walk is compiled once for runs with a per-visit hook and once (or
 * twice, per processor) for runs without (journey.c): a hook that changes
 * nothing must give the same bytes, period and touchpoint tallies alike. */
START_TEST(test_hook_that_changes_nothing)
{
    cx_model *m = busy_model();
    m->journeys[0].touchpoints[0].effort = 0.3;
    m->journeys[0].touchpoints[3].effort = 1.7;
    cx_tally plain[6], hooked[6];
    cx_tp_tally tp_plain[4];
    run(m, 8, 0, plain);
    memcpy(tp_plain, tp_scratch, sizeof tp_plain);

    cx_error err;
    cx_engine *e = cx_engine_new(m, &err);
    ck_assert_ptr_nonnull(e);
    cx_policy hook = {.on_visit = keep_emotion};
    cx_engine_set_policy(e, &hook);
    ck_assert_int_eq(cx_engine_run(e, 8, 0, hooked, tp_scratch, &err), CX_OK);
    cx_engine_free(e);

    ck_assert_double_gt(plain[0].visits, 0);
    ck_assert_double_gt(tp_plain[1].frictions, 0);
    ck_assert_int_eq(memcmp(plain, hooked, sizeof plain), 0);
    ck_assert_int_eq(memcmp(tp_plain, tp_scratch, sizeof tp_plain), 0);
    cx_model_free(m);
}
END_TEST

/* The walk draws each touchpoint's first visit block ahead, in vector
 * lanes, where the processor has AVX2 (journey.c, philox.h), and block by
 * block otherwise; CXSIM_PHILOX picks the level. Every level must give the
 * same bytes, period and touchpoint tallies alike, on a journey with a
 * loop (touchpoint 2 back to 1: later visits draw past the predrawn
 * blocks) and an optional touchpoint. */
START_TEST(test_predraw_changes_nothing)
{
    cx_model *m = busy_model();
    cx_touchpoint *tp = m->journeys[0].touchpoints;
    tp[2].n_next = 2;
    tp[2].next_index[0] = 1;
    memcpy(tp[2].next_name[0], tp[1].name, CX_NAME_MAX);
    tp[2].next_p[0] = 0.4;
    tp[2].next_index[1] = 3;
    memcpy(tp[2].next_name[1], tp[3].name, CX_NAME_MAX);
    tp[2].next_p[1] = 0.6;
    tp[3].optional = 0.7;
    static const char *const levels[] = {"scalar", "sse2", "avx2", "avx512"};
    cx_tally first[6], t[6];
    cx_tp_tally tp_first[4];
    for (int l = 0; l < 4; l++) {
        ck_assert_int_eq(setenv("CXSIM_PHILOX", levels[l], 1), 0);
        run(m, 8, 0, t);
        if (l == 0) {
            memcpy(first, t, sizeof t);
            memcpy(tp_first, tp_scratch, sizeof tp_first);
            ck_assert_double_gt(tp_first[1].visits, tp_first[0].visits);   /* the loop */
            ck_assert_double_lt(tp_first[3].visits, tp_first[2].visits);   /* optional */
            continue;
        }
        ck_assert_msg(memcmp(first, t, sizeof t) == 0, "%s: period tallies differ", levels[l]);
        ck_assert_msg(memcmp(tp_first, tp_scratch, sizeof tp_first) == 0,
                      "%s: touchpoint tallies differ", levels[l]);
    }
    unsetenv("CXSIM_PHILOX");
    cx_model_free(m);
}
END_TEST

/* A model that exercises what the lane engine decides (lanes.h): two
 * segments, one refusing data at personalised touchpoints (intrusions),
 * channel changes (continuity breaks), recoveries, abandonment,
 * dissonance and reassurance, five journeys (the fourth and fifth decide
 * their frequency on their own block's word), an onboarding made once,
 * arrivals, and a visit limit below a journey's length. graph adds a
 * loop and an optional touchpoint to journey 0 (the scalar walk's). */
static cx_model *lanes_model(int graph)
{
    cx_model *m = cx_fixture_model(6, 2500, 4);
    cx_segment b;
    cx_segment_defaults(&b, "b");
    m->segments[0].share = 0.6;
    b.share = 0.4;
    b.refuse_data = 0.7;
    b.h0 = 0.08;
    b.q0 = 0.2;
    ck_assert_int_eq(cx_model_add_segment(m, &b, NULL), CX_OK);
    m->inflow = 0.05;
    m->continuity = 0.3;
    m->channel_break = 0.5;
    m->break_severity = 0.3;
    m->intrusion = 0.4;
    m->intrusion_severity = 0.3;
    m->personal_gain = 0.2;
    m->max_visits = 5;
    cx_touchpoint *tp = m->journeys[0].touchpoints;
    for (size_t k = 0; k < 6; k++) {
        snprintf(tp[k].channel, sizeof tp[k].channel, "c%zu", k % 3);
        tp[k].friction = 0.05 + 0.03 * (double)k;
        tp[k].delight = 0.1;
        tp[k].delight_gain = 0.4;
    }
    tp[1].abandon = 0.4;
    tp[1].personalisation = 0.8;
    tp[2].rec_attempt = 0.5;
    tp[2].rec_success = 0.6;
    tp[3].dissonance = 0.5;
    tp[3].dissonance_severity = 0.6;
    tp[4].reassure = 0.5;
    tp[4].abandon = 0.2;
    if (graph) {
        tp[2].n_next = 2;
        tp[2].next_index[0] = 1;
        memcpy(tp[2].next_name[0], tp[1].name, CX_NAME_MAX);
        tp[2].next_p[0] = 0.3;
        tp[2].next_index[1] = 3;
        memcpy(tp[2].next_name[1], tp[3].name, CX_NAME_MAX);
        tp[2].next_p[1] = 0.7;
        tp[3].optional = 0.6;
    }
    cx_touchpoint more[3];
    for (int k = 0; k < 3; k++) {
        char name[8];
        snprintf(name, sizeof name, "u%d", k);
        cx_touchpoint_defaults(&more[k], name);
        snprintf(more[k].channel, sizeof more[k].channel, "d%d", k);
        more[k].friction = 0.15;
        more[k].abandon = 0.3;
        more[k].personalisation = 0.5;
        more[k].rec_attempt = 0.4;
    }
    static const char *const names[] = {"x1", "x2", "x3", "x4"};
    static const double freq[] = {0.5, 0.3, 0.7, 0.9};
    for (int j = 0; j < 4; j++) {
        ck_assert_int_eq(cx_model_add_journey(m, names[j], 0, more, 1 + (size_t)j % 3, NULL),
                         CX_OK);
        ck_assert_int_eq(cx_journey_set_frequency(&m->journeys[m->n_journeys - 1], NULL,
                                                  freq[j], NULL), CX_OK);
    }
    m->journeys[2].once = 1;
    return m;
}

/* The lane engine (CXSIM_ENGINE unset: where every journey fits its
 * lockstep; "lanes": always, the other journeys by the scalar walk inside
 * its chunks) gives the scalar walk's bytes: the same words decide the
 * same events, and every sum receives its terms in the same order. */
START_TEST(test_lanes_change_nothing)
{
    static const char *const modes[] = {"walk", NULL, "lanes"};
    for (int graph = 0; graph < 2; graph++) {
        cx_model *m = lanes_model(graph);
        cx_tally first[4], t[4], seg_first[2];
        cx_tp_tally tp_first[64];
        for (int k = 0; k < 3; k++) {
            if (modes[k])
                ck_assert_int_eq(setenv("CXSIM_ENGINE", modes[k], 1), 0);
            else
                unsetenv("CXSIM_ENGINE");
            cx_error err;
            cx_engine *e = cx_engine_new(m, &err);
            ck_assert_ptr_nonnull(e);
            ck_assert_int_eq(cx_engine_run(e, 11, 2, t, tp_scratch, &err), CX_OK);
            const cx_tally *seg = cx_engine_segment_tallies(e);
            if (k == 0) {
                memcpy(first, t, sizeof t);
                memcpy(seg_first, seg, sizeof seg_first);
                memcpy(tp_first, tp_scratch, sizeof tp_first);
                ck_assert_double_gt(t[3].journeys, t[3].active_start);
                ck_assert_double_lt(t[3].completed, t[3].journeys);
                ck_assert_double_gt(t[3].cross_sells, 0);
                ck_assert_double_gt(tp_first[1].intrusions, 0);
                ck_assert_double_gt(tp_first[1].breaks, 0);
                ck_assert_double_gt(tp_first[2].recoveries, 0);
            } else {
                ck_assert_msg(memcmp(first, t, sizeof t) == 0, "graph %d, %s: period tallies differ",
                              graph, modes[k] ? modes[k] : "auto");
                ck_assert_msg(memcmp(seg_first, seg, sizeof seg_first) == 0,
                              "graph %d, %s: segment tallies differ", graph,
                              modes[k] ? modes[k] : "auto");
                ck_assert_msg(memcmp(tp_first, tp_scratch, sizeof tp_first) == 0,
                              "graph %d, %s: touchpoint tallies differ", graph,
                              modes[k] ? modes[k] : "auto");
            }
            cx_engine_free(e);
        }
        unsetenv("CXSIM_ENGINE");
        cx_model_free(m);
    }
}
END_TEST

/* The segments' tallies split the portfolio's: counts add up exactly,
 * sums of real numbers up to rounding, and each segment's initial
 * customers make up the population. */
START_TEST(test_segment_tallies)
{
    cx_model *m = busy_model();
    cx_segment b;
    cx_segment_defaults(&b, "b");
    m->segments[0].share = 0.7;
    b.share = 0.3;
    b.h0 = 0.1;
    ck_assert_int_eq(cx_model_add_segment(m, &b, NULL), CX_OK);
    m->inflow = 0.05;           /* arrivals join segments too */
    cx_tally t[6], all = {0}, sum = {0};
    cx_error err;
    cx_engine *e = cx_engine_new(m, &err);
    ck_assert_int_eq(cx_engine_run(e, 4, 2, t, tp_scratch, &err), CX_OK);
    for (int k = 0; k < 6; k++)
        cx_tally_add(&all, &t[k]);
    const cx_tally *seg = cx_engine_segment_tallies(e);
    for (size_t s = 0; s < 2; s++) {
        ck_assert_double_gt(seg[s].journeys, 0);
        sum.journeys += seg[s].journeys;
        sum.completed += seg[s].completed;
        sum.visits += seg[s].visits;
        sum.promoters += seg[s].promoters;
        sum.detractors += seg[s].detractors;
        sum.cross_sells += seg[s].cross_sells;
        sum.active_start += seg[s].active_start;
        sum.churned += seg[s].churned;
        sum.active_end += seg[s].active_end;
        sum.initial_active_end += seg[s].initial_active_end;
        sum.population += seg[s].population;
        sum.revenue += seg[s].revenue;
        sum.portfolio += seg[s].portfolio;
        sum.clv_sum += seg[s].clv_sum;
        sum.csat_sum += seg[s].csat_sum;
        sum.trust_end_sum += seg[s].trust_end_sum;
    }
    ck_assert_double_eq(sum.journeys, all.journeys);
    ck_assert_double_eq(sum.completed, all.completed);
    ck_assert_double_eq(sum.visits, all.visits);
    ck_assert_double_eq(sum.promoters, all.promoters);
    ck_assert_double_eq(sum.detractors, all.detractors);
    ck_assert_double_eq(sum.cross_sells, all.cross_sells);
    ck_assert_double_eq(sum.active_start, all.active_start);
    ck_assert_double_eq(sum.churned, all.churned);
    ck_assert_double_eq(sum.active_end, all.active_end);
    ck_assert_double_eq(sum.initial_active_end, all.initial_active_end);
    ck_assert_double_eq(sum.population, 3000);
    ck_assert_double_eq_tol(sum.revenue, all.revenue, 1e-9 * all.revenue);
    ck_assert_double_eq_tol(sum.portfolio, all.portfolio, 1e-9 * all.portfolio);
    ck_assert_double_eq_tol(sum.clv_sum, all.clv_sum, 1e-9 * all.clv_sum);
    ck_assert_double_eq_tol(sum.csat_sum, all.csat_sum, 1e-9 * all.csat_sum);
    ck_assert_double_eq_tol(sum.trust_end_sum, all.trust_end_sum, 1e-9 * all.trust_end_sum);
    /* the churnier segment churns more */
    ck_assert_double_gt(seg[1].churned / seg[1].active_start,
                        seg[0].churned / seg[0].active_start);
    cx_engine_free(e);
    cx_model_free(m);
}
END_TEST

static Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("replication");
    tcase_add_test(tc, test_accounting);
    tcase_add_test(tc, test_deterministic);
    tcase_add_test(tc, test_engine_reuse);
    tcase_add_test(tc, test_common_random_numbers);
    tcase_add_test(tc, test_smooth_journey_exact);
    tcase_add_test(tc, test_state_size);
    tcase_add_test(tc, test_friction_control);
    tcase_add_test(tc, test_hook_that_changes_nothing);
    tcase_add_test(tc, test_predraw_changes_nothing);
    tcase_add_test(tc, test_lanes_change_nothing);
    tcase_add_test(tc, test_too_many_segments);
    tcase_add_test(tc, test_segment_tallies);
    tcase_add_test(tc, test_team_runs_blocks_in_any_order);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    gsl_set_error_handler_off();
    return cx_test_run(engine_suite());
}
