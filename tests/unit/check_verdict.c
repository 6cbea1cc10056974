/* check_verdict.c - the verdict a compare leads with (verdict.h): whether
 * the net value's interval stands out from 0, the payback period, the
 * sentence, and the human numbers it is written in. Expected values are
 * worked by hand from the inputs. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "cxsim/verdict.h"
#include "test_util.h"

static cx_estimate est(double mean, double lo, double hi, size_t n)
{
    return (cx_estimate){.mean = mean, .ci_low = lo, .ci_high = hi, .n = n};
}

START_TEST(test_stands_out)
{
    cx_verdict v;
    cx_estimate e = est(122000, 110000, 135000, 10);
    cx_verdict_make(&e, 75900, 1.61, NULL, 12, &v);
    ck_assert_int_eq(v.stands_out, 1);
    ck_assert_str_eq(cx_verdict_word(&v), "worth it");
    e = est(-20100, -25000, -15000, 10);
    cx_verdict_make(&e, 30000, -0.67, NULL, 12, &v);
    ck_assert_int_eq(v.stands_out, -1);
    ck_assert_str_eq(cx_verdict_word(&v), "not worth it");
    e = est(1200, -3400, 5800, 10);
    cx_verdict_make(&e, 0, NAN, NULL, 12, &v);
    ck_assert_int_eq(v.stands_out, 0);
    ck_assert_str_eq(cx_verdict_word(&v), "too close to call");
    e = est(1200, NAN, NAN, 1);         /* one replication: no interval */
    cx_verdict_make(&e, 0, NAN, NULL, 12, &v);
    ck_assert_str_eq(cx_verdict_word(&v), "unknown");
}
END_TEST

/* Payback: the first period from which the cumulative net gain stays
 * above 0. */
START_TEST(test_payback)
{
    cx_verdict v;
    cx_estimate e = est(10, 5, 15, 10);
    const double late[] = {-40, -20, -1, 3, 8, 10};    /* positive from period 4 */
    cx_verdict_make(&e, 50, 0.2, late, 6, &v);
    ck_assert_int_eq(v.payback, 4);
    const double dips[] = {5, -1, 2, 3};        /* positive in 1, dips in 2: from 3 */
    cx_verdict_make(&e, 50, 0.2, dips, 4, &v);
    ck_assert_int_eq(v.payback, 3);
    const double never[] = {-5, -4, -3, 0};     /* 0 at the horizon: not paid back */
    cx_verdict_make(&e, 50, 0.2, never, 4, &v);
    ck_assert_int_eq(v.payback, 0);
    const double at_once[] = {1, 2};
    cx_verdict_make(&e, 50, 0.2, at_once, 2, &v);
    ck_assert_int_eq(v.payback, 1);
    const double unknown[] = {1, NAN, 2};
    cx_verdict_make(&e, 50, 0.2, unknown, 3, &v);
    ck_assert_int_eq(v.payback, 0);
}
END_TEST

START_TEST(test_text)
{
    cx_verdict v;
    char buf[512];
    cx_estimate e = est(122000, 110000, 135000, 10);
    const double gained[] = {-40000, -10000, -100, 2000, 122000};
    cx_verdict_make(&e, 75900, 1.61, gained, 5, &v);
    ck_assert_str_eq(cx_verdict_text(&v, buf, sizeof buf),
                     "worth it: net value +122 k (95 % CI +110 k to +135 k) over 5 periods "
                     "for 75.9 k extra cost, ROI 161 %, pays back in period 4; it stands out "
                     "from the simulation noise.");
    e = est(1200, -3400, 5800, 10);
    cx_verdict_make(&e, 0, NAN, NULL, 12, &v);
    ck_assert_str_eq(cx_verdict_text(&v, buf, sizeof buf),
                     "too close to call: net value +1.20 k (95 % CI -3.40 k to +5.80 k) over "
                     "12 periods at no extra cost; it does not stand out from the simulation "
                     "noise (more replications narrow the interval).");
    e = est(-20100, -25000, -15000, 10);
    const double loss[] = {-20100};
    cx_verdict_make(&e, 30000, -0.67, loss, 1, &v);
    ck_assert_str_eq(cx_verdict_text(&v, buf, sizeof buf),
                     "not worth it: net value -20.1 k (95 % CI -25.0 k to -15.0 k) over 1 "
                     "period for 30.0 k extra cost, ROI -67.0 %, does not pay back within "
                     "1 period; the loss stands out from the simulation noise.");
    /* a small buffer is cut, never overrun */
    char small[16];
    cx_verdict_text(&v, small, sizeof small);
    ck_assert_uint_eq(strlen(small), 15);
}
END_TEST

START_TEST(test_human)
{
    char b[32];
    ck_assert_str_eq(cx_verdict_human(34379207, 0, b, sizeof b), "34.4 M");
    ck_assert_str_eq(cx_verdict_human(2.4e3, 1, b, sizeof b), "+2.40 k");
    ck_assert_str_eq(cx_verdict_human(-512, 1, b, sizeof b), "-512");
    ck_assert_str_eq(cx_verdict_human(999.6, 0, b, sizeof b), "1.00 k");     /* rounds up a unit */
    ck_assert_str_eq(cx_verdict_human(999600, 0, b, sizeof b), "1.00 M");
    ck_assert_str_eq(cx_verdict_human(12.34, 0, b, sizeof b), "12.3");
    ck_assert_str_eq(cx_verdict_human(0.012345, 0, b, sizeof b), "0.0123");
    ck_assert_str_eq(cx_verdict_human(0, 1, b, sizeof b), "0");
    ck_assert_str_eq(cx_verdict_human(2.5e9, 0, b, sizeof b), "2.50 G");
    ck_assert_str_eq(cx_verdict_human(NAN, 0, b, sizeof b), "NA");
    ck_assert_str_eq(cx_verdict_thousands(34379207, b, sizeof b), "34,379,207");
    ck_assert_str_eq(cx_verdict_thousands(-1234.4, b, sizeof b), "-1,234");
    ck_assert_str_eq(cx_verdict_thousands(999, b, sizeof b), "999");
    ck_assert_str_eq(cx_verdict_thousands(0.2, b, sizeof b), "0");
    ck_assert_str_eq(cx_verdict_thousands(NAN, b, sizeof b), "NA");
    ck_assert_ptr_nonnull(strstr(cx_verdict_noise_note(), "simulation's own noise only"));
}
END_TEST

static Suite *verdict_suite(void)
{
    Suite *s = suite_create("verdict");
    TCase *tc = tcase_create("verdict");
    tcase_add_test(tc, test_stands_out);
    tcase_add_test(tc, test_payback);
    tcase_add_test(tc, test_text);
    tcase_add_test(tc, test_human);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return cx_test_run(verdict_suite());
}
