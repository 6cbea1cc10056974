/* cxsim/verdict.h - whether a change is worth it, in one sentence.
 *
 * Provides: cx_verdict, made from a variant's paired difference from the
 * baseline in net value (the net_value metric: portfolio_value - cost),
 * its extra cost, its ROI and its net value gained period by period; and
 * the plain-language sentence compare's stdout and the compare and
 * quickwins report pages lead with (docs/report.md, "Verdict"), with the
 * human numbers it is written in (34.4 M, +2.4 k, 1,234,567).
 * Relies on: cxsim/stats.h (cx_estimate).
 *
 * The one place that says what the intervals cover: cx_verdict_noise_note.
 */
#ifndef CXSIM_VERDICT_H
#define CXSIM_VERDICT_H

#include <stddef.h>

#include "cxsim/stats.h"

typedef struct cx_verdict {
    cx_estimate net;        /* paired difference in net value, 95 % CI */
    double extra_cost;      /* mean paired difference in cost */
    double roi;             /* mean ROI; NaN when the variant costs no more */
    /* First period from which the mean net value gained stays above 0 to
     * the horizon; 0: it does not within the horizon (or is unknown). */
    int payback;
    size_t horizon;
    /* +1: the net value's interval lies above 0, -1: below 0, 0: it
     * contains 0 (the difference does not stand out from the noise), or
     * the interval is unknown (one replication). */
    int stands_out;
} cx_verdict;

/* Fills v. net_gained[t] (t < horizon) is the variant's mean net value
 * minus the baseline's through period t + 1 (cumulative, as periods.csv
 * has it); NULL or NaN entries leave the payback unknown (0). */
void cx_verdict_make(const cx_estimate *net, double extra_cost, double roi,
                     const double *net_gained, size_t horizon, cx_verdict *v);

/* The verdict as one plain sentence for variant against baseline, into
 * buf (size bytes, truncated to fit): "worth it: net value +122 k (95 %
 * CI +110 k to +135 k) over 12 periods for 75.9 k extra cost, ROI 161 %,
 * pays back in period 5; stands out from the simulation noise." Returns
 * buf. */
char *cx_verdict_text(const cx_verdict *v, char *buf, size_t size);

/* Its first words: "worth it", "not worth it", "too close to call", or
 * "unknown" (no interval). */
const char *cx_verdict_word(const cx_verdict *v);

/* x in 3 significant digits with k, M, G (a thousand, a million, a
 * billion) from 1000 on: "34.4 M", "512", "0.0123"; sign "+" too when
 * sign is set; "NA" for NaN. */
char *cx_verdict_human(double x, int sign, char *buf, size_t size);

/* x rounded to a whole number with thousands separators: "34,379,207". */
char *cx_verdict_thousands(double x, char *buf, size_t size);

/* The sentence that says what a 95 % confidence interval here is and what
 * it covers. One place, so that a later version that adds input
 * uncertainty changes it once for stdout and the report. */
const char *cx_verdict_noise_note(void);

#endif
