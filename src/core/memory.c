/* memory.c - peak-end memory (Kahneman et al. 1993; MODEL.md F5, F9, F4). */
#include "cxsim/memory.h"

#include <math.h>

double cx_memory_peak(const double *e, size_t n, double lambda)
{
    double peak = e[0], best = -1;
    for (size_t j = 0; j < n; j++) {
        double intensity = fabs(e[j]) * (e[j] < 0 ? lambda : 1);
        if (intensity > best) {
            best = intensity;
            peak = e[j];
        }
    }
    return peak;
}

double cx_memory_remember(const double *e, size_t n, double lambda,
                          double w_peak, double w_end)
{
    double sum = 0;
    for (size_t j = 0; j < n; j++)
        sum += e[j];
    return w_peak * cx_memory_peak(e, n, lambda) + w_end * e[n - 1] +
           (1 - w_peak - w_end) * (sum / (double)n);
}

double cx_memory_perceive(double r, double first, double beta)
{
    return (1 - beta) * r + beta * first;
}

double cx_memory_trust_update(double trust, double perceived, double eta_up,
                              double eta_down)
{
    double up = perceived > 0 ? perceived : 0, down = perceived < 0 ? -perceived : 0;
    double t = trust + eta_up * up * (1 - trust) - eta_down * down * trust;
    return t < 0 ? 0 : (t > 1 ? 1 : t);
}
