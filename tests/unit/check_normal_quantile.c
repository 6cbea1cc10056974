/* check_normal_quantile.c - the engine's inline normal quantile
 * (src/core/normal_quantile.h) against GSL's gsl_cdf_ugaussian_Pinv, which
 * it replaces in the inner loop: the two must give the same double, bit
 * for bit, for every input the engine passes, or results would change.
 *
 * The engine's inputs are p = (x + 0.5) / 2^32 for a Philox word x
 * (cx_draw_unit, src/core/draw.h). The tests cover: one word in 251 over
 * the whole range (17 million words, every residue of the low bits
 * visited), every word of both tails up to 2^21 from the ends (the
 * intermediate region's extremes, where log and sqrt act), and every word
 * within 2^17 of the boundaries |p - 0.5| = 0.425 between the central and
 * the intermediate region. The far tail (r > 5, p below about 1.4e-11) is
 * out of the engine's reach; it is checked on doubles down to 1e-300 and
 * around its boundary, for the function's own sake.
 *
 * With CX_QUANTILE_ALL=1 in the environment, one more test sweeps all
 * 2^32 words (a few minutes; run once for docs/performance.md).
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "normal_quantile.h"
#include "test_util.h"

static uint64_t bits(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static double unit(uint32_t x)
{
    return ((double)x + 0.5) * (1.0 / 4294967296.0);
}

/* Words lo, lo + step, ... up to hi (inclusive): the first mismatch fails. */
static void check_words(uint64_t lo, uint64_t hi, uint64_t step)
{
    for (uint64_t x = lo; x <= hi; x += step) {
        double p = unit((uint32_t)x);
        double want = gsl_cdf_ugaussian_Pinv(p), got = cx_normal_quantile(p);
        if (bits(got) != bits(want))
            ck_abort_msg("word %llu (p = %.17g): got %.17g, GSL %.17g",
                         (unsigned long long)x, p, got, want);
    }
}

static void check_double(double p)
{
    double want = gsl_cdf_ugaussian_Pinv(p), got = cx_normal_quantile(p);
    ck_assert_msg(bits(got) == bits(want), "p = %.17g: got %.17g, GSL %.17g", p, got, want);
}

START_TEST(test_words_spread)
{
    check_words(0, 0xffffffffu, 251);
}
END_TEST

START_TEST(test_words_tails)
{
    check_words(0, 1u << 21, 1);
    check_words(0xffffffffu - (1u << 21), 0xffffffffu, 1);
}
END_TEST

START_TEST(test_words_central_boundaries)
{
    /* |p - 0.5| <= 0.425: p in [0.075, 0.925], words near 0.075 2^32 and
     * 0.925 2^32 */
    const double edge[2] = {0.075, 0.925};
    for (int k = 0; k < 2; k++) {
        uint64_t c = (uint64_t)(edge[k] * 4294967296.0);
        check_words(c - (1u << 17), c + (1u << 17), 1);
    }
}
END_TEST

START_TEST(test_known_values)
{
    /* the median, and the quantiles every statistics table prints:
     * 0.975 -> 1.959963984540054, 0.025 -> -1.959963984540054 */
    ck_assert(cx_normal_quantile(0.5) == 0.0);
    ck_assert(fabs(cx_normal_quantile(0.975) - 1.959963984540054) < 1e-14);
    ck_assert(fabs(cx_normal_quantile(0.025) + 1.959963984540054) < 1e-14);
    /* the smallest and largest engine inputs, 2^-33 and 1 - 2^-33 */
    ck_assert(cx_normal_quantile(unit(0)) == -cx_normal_quantile(unit(0xffffffffu)));
    ck_assert(cx_normal_quantile(unit(0)) < -6.2 && cx_normal_quantile(unit(0)) > -6.4);
}
END_TEST

START_TEST(test_far_tail_doubles)
{
    /* r = sqrt(-log p) = 5 at p = exp(-25): the switch to the far tail */
    double p = exp(-25.0);
    for (int k = 0; k < 4096; k++) {
        p = nextafter(p, 0);
        check_double(p);
        check_double(1 - p);
    }
    p = exp(-25.0);
    for (int k = 0; k < 4096; k++) {
        p = nextafter(p, 1);
        check_double(p);
    }
    /* log-spaced down to 1e-300, and the same distances from 1 while
     * 1 - p is below 1 */
    for (double l = -1; l > -300; l -= 0.01) {
        check_double(pow(10, l));
        if (1 - pow(10, l) < 1)
            check_double(1 - pow(10, l));
    }
    /* non-engine doubles in the central region */
    for (int k = 1; k < 100000; k++)
        check_double(k / 100000.0);
}
END_TEST

START_TEST(test_all_words)
{
    const char *all = getenv("CX_QUANTILE_ALL");
    if (!all || strcmp(all, "1") != 0)
        return;
    check_words(0, 0xffffffffu, 1);
}
END_TEST

static Suite *normal_quantile_suite(void)
{
    Suite *s = suite_create("normal_quantile");
    TCase *tc = tcase_create("against_gsl");
    tcase_set_timeout(tc, 0);
    tcase_add_test(tc, test_words_spread);
    tcase_add_test(tc, test_words_tails);
    tcase_add_test(tc, test_words_central_boundaries);
    tcase_add_test(tc, test_known_values);
    tcase_add_test(tc, test_far_tail_doubles);
    tcase_add_test(tc, test_all_words);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(normal_quantile_suite());
}
