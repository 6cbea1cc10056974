/* normal_quantile.h (private) - the standard normal quantile for the
 * inner loop (block.c: the LTR noise of every journey), inline.
 *
 * GSL's gsl_cdf_ugaussian_Pinv implements Wichura's algorithm AS 241
 * (PPND16: Applied Statistics 37, 1988, 477-484) and cost the engine about
 * 150 instructions a journey: a call through the PLT, the checks for 0
 * and 1, and rational functions evaluated by loops over coefficient
 * arrays. This is the same algorithm written from the paper: the same
 * regions, the paper's coefficients (as printed there, 20 digits), each
 * rational function by Horner's rule from the highest coefficient down as
 * GSL evaluates it (unrolled here, where GSL loops), and the same libm log
 * and sqrt. Same operations in
 * the same order, so the same doubles: tests/unit/check_normal_quantile.c
 * compares the two on 21 million of the engine's inputs (p = (x + 0.5) /
 * 2^32 for 32-bit words x: a spread over the range, both tails, every
 * word around the regions' boundaries), and all 2^32 words were compared
 * once (docs/performance.md, "Third pass"). The library is compiled in
 * ISO C mode (-std=c11), where GCC does not contract a * b + c into a
 * fused multiply-add, which would round differently.
 *
 * Defined for 0 < p < 1 (the engine's uniforms are never 0 or 1); GSL's
 * infinities at 0 and 1 are not reproduced.
 */
#ifndef CX_NORMAL_QUANTILE_H
#define CX_NORMAL_QUANTILE_H

#include <math.h>

/* AS 241's six polynomials, each of degree 7, coefficients from the
 * highest power down (the paper's tables read from the bottom): near the
 * median (A / B, in 0.180625 - q^2), the near tail (C / D, in r - 1.6)
 * and the far tail (E / F, in r - 5). */
static const double cx_nq_a[8] = {
    2.5090809287301226727e+3, 3.3430575583588128105e+4,
    6.7265770927008700853e+4, 4.5921953931549871457e+4,
    1.3731693765509461125e+4, 1.9715909503065514427e+3,
    1.3314166789178437745e+2, 3.3871328727963666080e+0
};
static const double cx_nq_b[8] = {
    5.2264952788528545610e+3, 2.8729085735721942674e+4,
    3.9307895800092710610e+4, 2.1213794301586595867e+4,
    5.3941960214247511077e+3, 6.8718700749205790830e+2,
    4.2313330701600911252e+1, 1.0
};
static const double cx_nq_c[8] = {
    7.74545014278341407640e-4, 2.27238449892691845833e-2,
    2.41780725177450611770e-1, 1.27045825245236838258e+0,
    3.64784832476320460504e+0, 5.76949722146069140550e+0,
    4.63033784615654529590e+0, 1.42343711074968357734e+0
};
static const double cx_nq_d[8] = {
    1.05075007164441684324e-9, 5.47593808499534494600e-4,
    1.51986665636164571966e-2, 1.48103976427480074590e-1,
    6.89767334985100004550e-1, 1.67638483018380384940e+0,
    2.05319162663775882187e+0, 1.0
};
static const double cx_nq_e[8] = {
    2.01033439929228813265e-7, 2.71155556874348757815e-5,
    1.24266094738807843860e-3, 2.65321895265761230930e-2,
    2.96560571828504891230e-1, 1.78482653991729133580e+0,
    5.46378491116411436990e+0, 6.65790464350110377720e+0
};
static const double cx_nq_f[8] = {
    2.04426310338993978564e-15, 1.42151175831644588870e-7,
    1.84631831751005468180e-5, 7.86869131145613259100e-4,
    1.48753612908506148525e-2, 1.36929880922735805310e-1,
    5.99832206555887937690e-1, 1.0
};

/* Horner's rule over c[0..8), highest first, as GSL evaluates each
 * polynomial: the same multiplications and additions in the same order.
 * Unrolled, so each coefficient is a constant of the code. */
static inline __attribute__((always_inline)) double cx_normal_quantile_poly(const double c[8],
                                                                          double r)
{
    double v = c[0];
#pragma GCC unroll 8
    for (int i = 1; i < 8; i++)
        v = v * r + c[i];
    return v;
}

/* AS 241 near the median, |p - 0.5| <= 0.425: q R1(0.180625 - q^2) with
 * q = p - 0.5 and R1 the ratio of two degree-7 polynomials. */
static inline __attribute__((always_inline)) double cx_normal_quantile_central(double q)
{
    double r = 0.180625 - q * q;
    return q * (cx_normal_quantile_poly(cx_nq_a, r) / cx_normal_quantile_poly(cx_nq_b, r));
}

/* AS 241 in the tails, as a function of r = sqrt(-log(min(p, 1 - p))):
 * R2(r - 1.6) for r <= 5, R3(r - 5) beyond (p below about 1.4e-11, which
 * the engine's uniforms, at least 2^-33, never reach). Out of line: 15 %
 * of the calls, and log costs more than the call. */
static __attribute__((noinline)) double cx_normal_quantile_tail(double r)
{
    if (r <= 5.0) {
        r -= 1.6;
        return cx_normal_quantile_poly(cx_nq_c, r) / cx_normal_quantile_poly(cx_nq_d, r);
    }
    r -= 5.0;
    return cx_normal_quantile_poly(cx_nq_e, r) / cx_normal_quantile_poly(cx_nq_f, r);
}

/* The standard normal quantile of p, 0 < p < 1. */
static inline __attribute__((always_inline)) double cx_normal_quantile(double p)
{
    double q = p - 0.5;
    if (fabs(q) <= 0.425)
        return cx_normal_quantile_central(q);
    double x = cx_normal_quantile_tail(sqrt(-log(p < 0.5 ? p : 1.0 - p)));
    return p < 0.5 ? -x : x;
}

#endif
