/* check_memory.c - peak-end memory, confirmation bias, trust update
 * (docs/model.md, "Remembering a journey"; "Verification": peak-end on
 * hand-made emotion sequences).
 *
 * Every expected value is docs/model.md's formula worked by hand on the inputs
 * shown in the test's comment.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cxsim/memory.h"
#include "test_util.h"

#define TOL 1e-12

/* ---- peak ------------------------------------------------------------------- */

START_TEST(test_peak_negativity_bias)
{
    /* {0.2, -0.3, 0.5}, lambda 2: intensities |e| (lambda if e < 0) =
     * 0.2, 0.6, 0.5, so the peak is -0.3 */
    const double e[] = {0.2, -0.3, 0.5};
    ck_assert_double_eq(cx_memory_peak(e, 3, 2.0), -0.3);
    /* lambda 1 (no bias): 0.2, 0.3, 0.5, the peak is 0.5 */
    ck_assert_double_eq(cx_memory_peak(e, 3, 1.0), 0.5);
    /* lambda 0: negative moments weigh nothing, 0.5 again */
    ck_assert_double_eq(cx_memory_peak(e, 3, 0.0), 0.5);
}
END_TEST

START_TEST(test_peak_tie_earliest)
{
    /* {0.4, -0.2}, lambda 2: intensities 0.4 and 0.2 * 2 = 0.4 (exact in
     * binary: doubling is exact), a tie: the earliest, 0.4, wins
     * (memory.h) */
    const double e[] = {0.4, -0.2};
    const double f[] = {-0.2, 0.4};
    ck_assert_double_eq(cx_memory_peak(e, 2, 2.0), 0.4);
    /* reversed order: the earliest is now -0.2 */
    ck_assert_double_eq(cx_memory_peak(f, 2, 2.0), -0.2);
    /* all zero: a tie at 0, the first element */
    const double z[] = {0.0, 0.0, 0.0};
    ck_assert_double_eq(cx_memory_peak(z, 3, 2.0), 0.0);
}
END_TEST

START_TEST(test_peak_single)
{
    /* n = 1: the only emotion is the peak */
    const double e[] = {-0.7};
    ck_assert_double_eq(cx_memory_peak(e, 1, 2.0), -0.7);
}
END_TEST

/* The definition as memory.h states it, one value at a time: the first
 * e_j of largest |e_j| (lambda if e_j < 0). cx_memory_peak takes a
 * shorter way for lambda >= 0 (memory_core.h); it must give this value. */
static double peak_by_definition(const double *e, size_t n, double lambda)
{
    double peak = e[0], best = fabs(e[0]) * (e[0] < 0 ? lambda : 1);
    for (size_t j = 1; j < n; j++) {
        double intensity = fabs(e[j]) * (e[j] < 0 ? lambda : 1);
        if (intensity > best) {
            best = intensity;
            peak = e[j];
        }
    }
    return peak;
}

START_TEST(test_peak_rounding_tie)
{
    /* Two negative values one double apart whose intensities lambda |e|
     * round to the same double: a tie, and the earlier must win even when
     * it is not the smallest value. Search down from -0.4 for such a pair
     * with lambda 1.5: |e| in [1/3, 1/2) has a spacing of 2^-54, its
     * products in [1/2, 3/4) one of 2^-53, wider than 1.5 2^-54, so
     * neighbours share a product every few steps. */
    double x = -0.4, lambda = 1.5;
    int found = 0;
    for (int k = 0; k < 1000 && !found; k++) {
        double y = nextafter(x, -1);        /* y < x, next to it */
        if (lambda * -y == lambda * -x)
            found = 1;
        else
            x = y;
    }
    ck_assert_msg(found, "no rounding tie near -0.4");
    double y = nextafter(x, -1);
    const double e1[] = {0.1, x, y, 0.2};
    const double e2[] = {0.1, y, x, 0.2};
    ck_assert(cx_memory_peak(e1, 4, lambda) == x);
    ck_assert(cx_memory_peak(e2, 4, lambda) == y);
}
END_TEST

START_TEST(test_peak_matches_definition)
{
    /* 200,000 sequences of 1 to 24 values against the definition, lambda
     * from -1 (outside the model's range) to 10. Half the values come from
     * a few dyadic numbers and their negatives, so that ties between a
     * positive and a negative value (0.25 and -0.125 at lambda 2), equal
     * values and zeros of both signs are frequent; the other half are any
     * doubles in [-1, 1]. Fixed seed (a 64-bit LCG): the same sequences
     * every run. */
    static const double lambdas[] = {-1, 0, 0.5, 1, 1.5, 2, 2.5, 3, 10};
    static const double dyadic[] = {0, -0.0, 0.125, -0.125, 0.25, -0.25, 0.5, -0.5, 1, -1};
    uint64_t state = 42;
    double e[24];
    for (int t = 0; t < 200000; t++) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        size_t n = 1 + (size_t)(state >> 59) % 24;
        double lambda = lambdas[(state >> 40) % 9];
        for (size_t j = 0; j < n; j++) {
            state = state * 6364136223846793005u + 1442695040888963407u;
            if (state >> 63)
                e[j] = dyadic[(state >> 32) % 10];
            else
                e[j] = (double)(state >> 11) / 4503599627370496.0 - 1;  /* [-1, 1) */
        }
        double want = peak_by_definition(e, n, lambda), got = cx_memory_peak(e, n, lambda);
        ck_assert_msg(memcmp(&want, &got, sizeof want) == 0,
                      "sequence %d (n %zu, lambda %g): got %.17g, want %.17g", t, n, lambda,
                      got, want);
    }
}
END_TEST

/* ---- remembered experience ---------------------------------------------------- */

START_TEST(test_remember_peak_end)
{
    /* {0.2, -0.3, 0.5}, lambda 2, w_peak = w_end = 0.5: R = 0.5 * (-0.3)
     * + 0.5 * 0.5 + 0 * M = -0.15 + 0.25 = 0.1 */
    const double e[] = {0.2, -0.3, 0.5};
    ck_assert_double_eq_tol(cx_memory_remember(e, 3, 2.0, 0.5, 0.5), 0.1, TOL);
}
END_TEST

START_TEST(test_remember_with_mean)
{
    /* same e, w_peak 0.3, w_end 0.3: M = (0.2 - 0.3 + 0.5) / 3 = 0.4 / 3;
     * R = 0.3 * (-0.3) + 0.3 * 0.5 + 0.4 * 0.4 / 3
     *   = -0.09 + 0.15 + 0.053333 = 0.113333 */
    const double e[] = {0.2, -0.3, 0.5};
    ck_assert_double_eq_tol(cx_memory_remember(e, 3, 2.0, 0.3, 0.3),
                            0.11333333333333333, TOL);
    /* w_peak = w_end = 0: the plain mean 0.4 / 3 = 0.133333 */
    ck_assert_double_eq_tol(cx_memory_remember(e, 3, 2.0, 0.0, 0.0),
                            0.13333333333333333, TOL);
    /* w_end = 1: the end alone, 0.5 */
    ck_assert_double_eq_tol(cx_memory_remember(e, 3, 2.0, 0.0, 1.0), 0.5, TOL);
    /* w_peak = 1: the peak alone, -0.3 */
    ck_assert_double_eq_tol(cx_memory_remember(e, 3, 2.0, 1.0, 0.0), -0.3, TOL);
}
END_TEST

START_TEST(test_remember_single)
{
    /* n = 1: P = E = M = e_1, so R = e_1 for any weights:
     * 0.2 * -0.7 + 0.3 * -0.7 + 0.5 * -0.7 = -0.7 */
    const double e[] = {-0.7};
    ck_assert_double_eq_tol(cx_memory_remember(e, 1, 2.0, 0.5, 0.5), -0.7, TOL);
    ck_assert_double_eq_tol(cx_memory_remember(e, 1, 2.0, 0.2, 0.3), -0.7, TOL);
}
END_TEST

START_TEST(test_remember_end_is_last_visit)
{
    /* an abandoned journey ends at the abandoning visit: {0.1, 0.1, -0.35}
     * (a smooth, a smooth, an unrecovered friction of check_visit), lambda
     * 2: intensities 0.1, 0.1, 0.7: P = -0.35, E = -0.35, R = -0.35 with
     * the default weights */
    const double e[] = {0.1, 0.1, -0.35};
    ck_assert_double_eq_tol(cx_memory_remember(e, 3, 2.0, 0.5, 0.5), -0.35, TOL);
    /* peak-end vs mean (F5): the same visits in another order,
     * {-0.35, 0.1, 0.1}: P = -0.35, E = 0.1, R = -0.125, while the mean
     * -0.05 is the same for both orders */
    const double f[] = {-0.35, 0.1, 0.1};
    ck_assert_double_eq_tol(cx_memory_remember(f, 3, 2.0, 0.5, 0.5), -0.125, TOL);
    ck_assert_double_eq_tol(cx_memory_remember(f, 3, 2.0, 0, 0),
                            cx_memory_remember(e, 3, 2.0, 0, 0), TOL);
}
END_TEST

/* ---- perception ---------------------------------------------------------------- */

START_TEST(test_perceive)
{
    /* R' = (1 - beta) R + beta F: R 0.5, F -0.5, beta 0.2:
     * 0.8 * 0.5 - 0.2 * 0.5 = 0.4 - 0.1 = 0.3 */
    ck_assert_double_eq_tol(cx_memory_perceive(0.5, -0.5, 0.2), 0.3, TOL);
    /* beta 0 disables the bias: R' = R */
    ck_assert_double_eq(cx_memory_perceive(0.5, -0.5, 0.0), 0.5);
    /* beta 1: the first impression only */
    ck_assert_double_eq(cx_memory_perceive(0.5, -0.5, 1.0), -0.5);
    /* first journey: F = R, so R' = R for any beta */
    ck_assert_double_eq_tol(cx_memory_perceive(-0.4, -0.4, 0.2), -0.4, TOL);
}
END_TEST

/* ---- trust update ---------------------------------------------------------------- */

START_TEST(test_trust_update_values)
{
    /* T + eta_up max(R',0) (1 - T) - eta_down max(-R',0) T, defaults
     * eta_up 0.10, eta_down 0.25:
     * T 0.5, R' 0.5: 0.5 + 0.1 * 0.5 * 0.5 = 0.525
     * T 0.5, R' -0.5: 0.5 - 0.25 * 0.5 * 0.5 = 0.4375
     * R' 0: unchanged */
    ck_assert_double_eq_tol(cx_memory_trust_update(0.5, 0.5, 0.10, 0.25), 0.525, TOL);
    ck_assert_double_eq_tol(cx_memory_trust_update(0.5, -0.5, 0.10, 0.25), 0.4375, TOL);
    ck_assert_double_eq(cx_memory_trust_update(0.5, 0.0, 0.10, 0.25), 0.5);
    /* T 0.8, R' 1: 0.8 + 0.1 * 0.2 = 0.82; R' -1: 0.8 - 0.25 * 0.8 = 0.6 */
    ck_assert_double_eq_tol(cx_memory_trust_update(0.8, 1.0, 0.10, 0.25), 0.82, TOL);
    ck_assert_double_eq_tol(cx_memory_trust_update(0.8, -1.0, 0.10, 0.25), 0.6, TOL);
}
END_TEST

START_TEST(test_trust_update_bounds)
{
    /* Inside the model's ranges the update stays in [0,1] by itself: T 1
     * with R' 1 stays 1 (1 - T = 0); T 0 with R' -1 stays 0 */
    ck_assert_double_eq(cx_memory_trust_update(1.0, 1.0, 0.10, 0.25), 1.0);
    ck_assert_double_eq(cx_memory_trust_update(0.0, -1.0, 0.10, 0.25), 0.0);
    /* the clamp catches inputs beyond those ranges: T 0.5, R' 3, eta_up 1:
     * 0.5 + 3 * 0.5 = 2 -> 1; R' -3, eta_down 1: 0.5 - 1.5 = -1 -> 0 */
    ck_assert_double_eq(cx_memory_trust_update(0.5, 3.0, 1.0, 1.0), 1.0);
    ck_assert_double_eq(cx_memory_trust_update(0.5, -3.0, 1.0, 1.0), 0.0);
}
END_TEST

START_TEST(test_trust_update_asymmetric)
{
    /* F4, trust lost faster than won, with the defaults: at T 0.5 a
     * journey of R' +0.5 gains 0.025, one of -0.5 loses 0.0625; a good
     * then a bad journey of the same size leaves 0.525 - 0.25 * 0.5 * 0.525
     * = 0.459375 < 0.5 */
    double up = cx_memory_trust_update(0.5, 0.5, 0.10, 0.25) - 0.5;
    double down = 0.5 - cx_memory_trust_update(0.5, -0.5, 0.10, 0.25);
    ck_assert(down > up);
    double t = cx_memory_trust_update(0.5, 0.5, 0.10, 0.25);
    t = cx_memory_trust_update(t, -0.5, 0.10, 0.25);
    ck_assert_double_eq_tol(t, 0.459375, TOL);
    ck_assert(t < 0.5);
}
END_TEST

static Suite *memory_suite(void)
{
    Suite *s = suite_create("memory");
    TCase *peak = tcase_create("peak");
    TCase *rem = tcase_create("remember_perceive");
    TCase *trust = tcase_create("trust");
    tcase_add_test(peak, test_peak_negativity_bias);
    tcase_add_test(peak, test_peak_tie_earliest);
    tcase_add_test(peak, test_peak_single);
    tcase_add_test(peak, test_peak_rounding_tie);
    tcase_add_test(peak, test_peak_matches_definition);
    tcase_add_test(rem, test_remember_peak_end);
    tcase_add_test(rem, test_remember_with_mean);
    tcase_add_test(rem, test_remember_single);
    tcase_add_test(rem, test_remember_end_is_last_visit);
    tcase_add_test(rem, test_perceive);
    tcase_add_test(trust, test_trust_update_values);
    tcase_add_test(trust, test_trust_update_bounds);
    tcase_add_test(trust, test_trust_update_asymmetric);
    suite_add_tcase(s, peak);
    suite_add_tcase(s, rem);
    suite_add_tcase(s, trust);
    return s;
}

int main(void)
{
    return cx_test_run(memory_suite());
}
