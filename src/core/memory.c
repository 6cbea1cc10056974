/* memory.c - peak-end memory (Kahneman et al. 1993; docs/model.md,
 * "Remembering a journey": F5, F9, F4), through the inline implementation
 * the inner loop uses (memory_core.h). */
#include "cxsim/memory.h"

#include "memory_core.h"

double cx_memory_peak(const double *e, size_t n, double lambda)
{
    double sum;
    return cx_memory_peak_sum(e, n, lambda, &sum);
}

double cx_memory_remember(const double *e, size_t n, double lambda,
                          double w_peak, double w_end)
{
    return cx_memory_remember_inline(e, n, lambda, w_peak, w_end);
}

double cx_memory_perceive(double r, double first, double beta)
{
    return cx_memory_perceive_inline(r, first, beta);
}

double cx_memory_trust_update(double trust, double perceived, double eta_up,
                              double eta_down)
{
    return cx_memory_trust_update_inline(trust, perceived, eta_up, eta_down);
}
