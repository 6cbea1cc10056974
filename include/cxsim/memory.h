/* cxsim/memory.h - how a journey is remembered and what it does to trust
 * (docs/model.md, "Remembering a journey": peak-end rule F5, first impression
 * and confirmation bias F9, asymmetric trust update F4).
 *
 * Provides: pure functions of emotion sequences and trust.
 * Relies on: nothing but the C library.
 */
#ifndef CXSIM_MEMORY_H
#define CXSIM_MEMORY_H

#include <stddef.h>

/* The peak: the e_j with the largest |e_j| * (lambda if e_j < 0 else 1);
 * the earliest wins a tie. n >= 1. */
double cx_memory_peak(const double *e, size_t n, double lambda);

/* R = w_peak P + w_end E + (1 - w_peak - w_end) M with P the peak, E = e[n-1]
 * and M the mean of e[0..n). n >= 1. */
double cx_memory_remember(const double *e, size_t n, double lambda,
                          double w_peak, double w_end);

/* Perceived experience R' = (1 - beta) R + beta F. */
double cx_memory_perceive(double r, double first, double beta);

/* Asymmetric trust update, clamped to [0, 1]:
 * T + eta_up max(R',0) (1 - T) - eta_down max(-R',0) T. */
double cx_memory_trust_update(double trust, double perceived, double eta_up,
                              double eta_down);

#endif
