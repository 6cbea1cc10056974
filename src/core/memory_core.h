/* memory_core.h (private) - the peak-end memory and the trust update,
 * inline, for memory.c (the public functions) and the inner loop
 * (block.c), so both run one implementation. docs/model.md, "Remembering a
 * journey"; Kahneman et al. 1993 for the peak-end rule. */
#ifndef CX_MEMORY_CORE_H
#define CX_MEMORY_CORE_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The intensity by which the peak is chosen: |e| (lambda |e| if e < 0). */
static inline double cx_memory_intensity(double e, double lambda)
{
    return fabs(e) * (e < 0 ? lambda : 1);
}

/* The peak and the sum of e[0..n): the e_j of largest intensity, the
 * earliest on a tie. */
static inline double cx_memory_peak_sum(const double *e, size_t n, double lambda,
                                        double *sum)
{
    if (!(lambda >= 0)) {
        /* the definition as it stands, one select per value and its
         * intensity; a negative lambda is outside the model's range
         * (params.c) but the public cx_memory_peak takes any */
        double peak = e[0], best = -1, s = 0;
        for (size_t j = 0; j < n; j++) {
            double intensity = cx_memory_intensity(e[j], lambda);
            int higher = intensity > best;
            s += e[j];
            peak = higher ? e[j] : peak;
            best = higher ? intensity : best;
        }
        *sum = s;
        return peak;
    }
    /* For lambda >= 0 the intensity is e for e >= 0 and lambda |e| for
     * e < 0, rounded as the product |e| lambda is: non-decreasing in e
     * above 0, non-increasing below (rounding is monotone). So one pass
     * keeps the sum (in order: the same double), the largest value and the
     * smallest, and the largest intensity of a negative value is that of
     * the smallest, neg; three operations a value instead of an intensity
     * and two selects. Then:
     * - top > neg: only values equal to top reach top's intensity: top.
     * - neg > top: the values of intensity neg are the smallest one and
     *   any a rounding of lambda |e| puts level with it; if the double
     *   next to it (towards 0) has a smaller intensity, none does, and
     *   the peak is the smallest value.
     * - otherwise (a tie between a positive and a negative value, or such
     *   a rounding): the first value of intensity max(top, neg), by a
     *   second pass up to it. */
    double s = 0, top = e[0], bot = e[0];
#pragma GCC unroll 2
    for (size_t j = 0; j < n; j++) {
        double x = e[j];
        s += x;
        top = top > x ? top : x;       /* maxsd and minsd in place */
        bot = bot < x ? bot : x;
    }
    *sum = s;
    double neg = -lambda * bot;
    if (top > neg)
        return top;
    if (neg > top) {
        /* neg > top >= bot: bot < 0, and its bits less one are the next
         * double towards 0 */
        uint64_t b;
        double next;
        memcpy(&b, &bot, sizeof b);
        b -= 1;
        memcpy(&next, &b, sizeof next);
        if (-lambda * next < neg)
            return bot;
    }
    double best = top > neg ? top : neg;
    size_t j = 0;
    while (j + 1 < n && !(cx_memory_intensity(e[j], lambda) == best))
        j++;
    return e[j];
}

static inline double cx_memory_remember_inline(const double *e, size_t n, double lambda,
                                               double w_peak, double w_end)
{
    double sum, peak = cx_memory_peak_sum(e, n, lambda, &sum);
    return w_peak * peak + w_end * e[n - 1] + (1 - w_peak - w_end) * (sum / (double)n);
}

static inline double cx_memory_perceive_inline(double r, double first, double beta)
{
    return (1 - beta) * r + beta * first;
}

static inline double cx_memory_trust_update_inline(double trust, double perceived,
                                                   double eta_up, double eta_down)
{
    double up = perceived > 0 ? perceived : 0, down = perceived < 0 ? -perceived : 0;
    double t = trust + eta_up * up * (1 - trust) - eta_down * down * trust;
    return t < 0 ? 0 : (t > 1 ? 1 : t);
}

#endif
