/* memory_core.h (private) - the peak-end memory and the trust update,
 * inline, for memory.c (the public functions) and the inner loop
 * (block.c), so both run one implementation. MODEL.md, "Remembering a
 * journey"; Kahneman et al. 1993 for the peak-end rule. */
#ifndef CX_MEMORY_CORE_H
#define CX_MEMORY_CORE_H

#include <math.h>
#include <stddef.h>

/* The intensity by which the peak is chosen: |e| (lambda |e| if e < 0). */
static inline double cx_memory_intensity(double e, double lambda)
{
    return fabs(e) * (e < 0 ? lambda : 1);
}

/* The peak and the sum of e[0..n) in one pass; the earliest peak wins a
 * tie. */
static inline double cx_memory_peak_sum(const double *e, size_t n, double lambda,
                                        double *sum)
{
    double peak = e[0], best = -1, s = 0;
    for (size_t j = 0; j < n; j++) {
        double intensity = cx_memory_intensity(e[j], lambda);
        int higher = intensity > best;     /* selects, not branches: it is random */
        s += e[j];
        peak = higher ? e[j] : peak;
        best = higher ? intensity : best;
    }
    *sum = s;
    return peak;
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
