/* check_outcome_cells.c - the engine's cell bounds of the churn and
 * cross-sell probabilities (cx_engine_outcome_cells, src/core/block.c).
 *
 * The engine decides "no churn" or "no cross-sell" without the
 * exponentials when the uniform is at or above its cell's bound, so every
 * probability the exact formulas compute for a (trust, R') of the cell
 * must be at or below it, or results would change. Checked for every sign
 * of the coefficients (each selects another corner of the cell), both
 * sides of 1 for the abandonment multiplier, on a grid of trust and R'
 * that holds every cell edge and the doubles next to each; outside
 * [0, 1] x [-1, 1] there is no cell.
 */
#include <check.h>
#include <math.h>

#include "engine_internal.h"
#include "outcomes_core.h"
#include "test_util.h"

/* 0, 1/64, ..., 1 (every cell edge of trust and R' among them) and the
 * doubles on either side of each, clamped to the range. */
static size_t grid(double lo, double hi, double *out)
{
    size_t n = 0;
    for (int k = 0; k <= 64; k++) {
        double x = lo + (hi - lo) * k / 64;
        out[n++] = x;
        if (k > 0)
            out[n++] = nextafter(x, lo);
        if (k < 64)
            out[n++] = nextafter(x, hi);
    }
    return n;
}

static void check_segment(const cx_segment *sg)
{
    cx_model *m = cx_model_new();
    ck_assert_int_eq(cx_model_add_segment(m, sg, NULL), CX_OK);
    const cx_segment *segs[1] = {sg};
    cx_outcome_cells cells;
    cx_engine e = {.m = m, .cells = &cells};
    e.res.segment = segs;
    cx_engine_outcome_cells(&e);
    double ts[200], rs[200];
    size_t nt = grid(0, 1, ts), nr = grid(-1, 1, rs);
    for (size_t a = 0; a < nt; a++)
        for (size_t b = 0; b < nr; b++) {
            int k = cx_outcome_cell(ts[a], rs[b]);
            ck_assert_int_ge(k, 0);
            ck_assert_int_lt(k, CX_CELLS);
            for (int ab = 0; ab < 2; ab++) {
                double p = cx_outcome_churn_inline(sg, ts[a], rs[b], ab);
                ck_assert_msg(p <= cells.churn[ab][k],
                              "churn %.17g above its cell's bound %.17g (trust %.17g, R' %.17g)",
                              p, cells.churn[ab][k], ts[a], rs[b]);
            }
            double q = cx_outcome_cross_sell_inline(sg, rs[b], ts[a]);
            ck_assert_msg(q <= cells.cross[k],
                          "cross-sell %.17g above its cell's bound %.17g (trust %.17g, R' %.17g)",
                          q, cells.cross[k], ts[a], rs[b]);
        }
    cx_model_free(m);
}

START_TEST(test_bounds_hold_every_sign)
{
    static const double coef[] = {-20, -1.5, 0, 1.5, 20};
    cx_segment sg;
    cx_segment_defaults(&sg, "s");
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            sg.g_t = coef[i];
            sg.g_r = coef[j];
            sg.d_r = coef[i];
            sg.d_t = coef[4 - j];
            sg.t0 = 0.3 + 0.1 * j;
            sg.h0 = i % 2 ? 0.05 : 0.6;
            sg.m_ab = j % 2 ? 0.5 : 3;
            sg.q0 = i % 2 ? 0.9 : 0.02;
            check_segment(&sg);
        }
}
END_TEST

START_TEST(test_cells)
{
    /* corners and edges: trust x 8, (R' + 1) x 4, the top edges in the
     * last cell */
    ck_assert_int_eq(cx_outcome_cell(0, -1), 0);
    ck_assert_int_eq(cx_outcome_cell(1, 1), CX_CELLS - 1);
    ck_assert_int_eq(cx_outcome_cell(0.125, -0.5), 1 * CX_CELLS_R + 2);
    ck_assert_int_eq(cx_outcome_cell(nextafter(0.125, 0), nextafter(-0.5, -1)),
                     0 * CX_CELLS_R + 1);
    /* outside: no cell */
    ck_assert_int_eq(cx_outcome_cell(-1e-300, 0), -1);
    ck_assert_int_eq(cx_outcome_cell(nextafter(1, 2), 0), -1);
    ck_assert_int_eq(cx_outcome_cell(0.5, nextafter(-1, -2)), -1);
    ck_assert_int_eq(cx_outcome_cell(0.5, NAN), -1);
}
END_TEST

static Suite *outcome_cells_suite(void)
{
    Suite *s = suite_create("outcome_cells");
    TCase *tc = tcase_create("bounds");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_bounds_hold_every_sign);
    tcase_add_test(tc, test_cells);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(outcome_cells_suite());
}
