/* verdict.c - whether a change is worth it, in one sentence (verdict.h).
 *
 * The figures are those a strategist asks for first (issue 20): the net
 * value a change adds (value gained minus extra cost) with its interval,
 * its ROI, when it pays back, and whether the difference stands out from
 * the simulation's noise (the interval excludes 0).
 */
#include "cxsim/verdict.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void cx_verdict_make(const cx_estimate *net, double extra_cost, double roi,
                     const double *net_gained, size_t horizon, cx_verdict *v)
{
    *v = (cx_verdict){.net = *net, .extra_cost = extra_cost, .roi = roi, .horizon = horizon};
    if (net->n >= 2 && net->ci_low > 0)
        v->stands_out = 1;
    else if (net->n >= 2 && net->ci_high < 0)
        v->stands_out = -1;
    /* the payback: the last period at or below 0, plus one */
    int last_below = (int)horizon;
    for (size_t t = horizon; net_gained && t-- > 0;) {
        if (isnan(net_gained[t]))
            return;
        if (net_gained[t] <= 0)
            break;
        last_below = (int)t;
    }
    if (net_gained && last_below < (int)horizon)
        v->payback = last_below + 1;
}

const char *cx_verdict_word(const cx_verdict *v)
{
    if (v->stands_out > 0)
        return "worth it";
    if (v->stands_out < 0)
        return "not worth it";
    return v->net.n >= 2 && !isnan(v->net.ci_low) ? "too close to call" : "unknown";
}

char *cx_verdict_human(double x, int sign, char *buf, size_t size)
{
    static const struct { double at; const char *unit; } units[] = {
        {1e9, " G"}, {1e6, " M"}, {1e3, " k"}, {1, ""},
    };
    if (isnan(x)) {
        snprintf(buf, size, "NA");
        return buf;
    }
    double a = fabs(x);
    size_t u = 0;
    /* 999.6 k is written 1.00 M: the unit is chosen after rounding */
    while (u + 1 < sizeof units / sizeof units[0] && a < units[u].at * 0.9995)
        u++;
    double y = x / units[u].at, ay = fabs(y);
    const char *plus = sign && x > 0 ? "+" : "";
    if (ay >= 99.95 || (units[u].at == 1 && ay >= 99.5))
        snprintf(buf, size, "%s%.0f%s", plus, y, units[u].unit);
    else if (ay >= 9.995)
        snprintf(buf, size, "%s%.1f%s", plus, y, units[u].unit);
    else if (ay >= 0.9995 || units[u].at > 1)
        snprintf(buf, size, "%s%.2f%s", plus, y, units[u].unit);
    else
        snprintf(buf, size, "%s%.3g", plus, y);
    return buf;
}

char *cx_verdict_thousands(double x, char *buf, size_t size)
{
    char digits[32];
    if (isnan(x) || fabs(x) >= 1e18) {
        snprintf(buf, size, isnan(x) ? "NA" : "%.3g", x);
        return buf;
    }
    int n = snprintf(digits, sizeof digits, "%.0f", fabs(x));
    size_t k = 0;
    if (x <= -0.5 && k + 1 < size)
        buf[k++] = '-';
    for (int i = 0; i < n && k + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    return buf;
}

/* ", pays back in period 5" or why it does not, into buf. */
static void payback_text(const cx_verdict *v, char *buf, size_t size)
{
    if (!(v->extra_cost > 0))
        snprintf(buf, size, "%s", "");
    else if (v->payback > 0)
        snprintf(buf, size, ", pays back in period %d", v->payback);
    else
        snprintf(buf, size, ", does not pay back within %zu period%s", v->horizon,
                 v->horizon == 1 ? "" : "s");
}

char *cx_verdict_text(const cx_verdict *v, char *buf, size_t size)
{
    char net[32], lo[32], hi[32], cost[32], roi[32], pay[96], ci[96] = "";
    cx_verdict_human(v->net.mean, 1, net, sizeof net);
    if (v->net.n >= 2 && !isnan(v->net.ci_low))
        snprintf(ci, sizeof ci, " (95 %% CI %s to %s)",
                 cx_verdict_human(v->net.ci_low, 1, lo, sizeof lo),
                 cx_verdict_human(v->net.ci_high, 1, hi, sizeof hi));
    cx_verdict_human(fabs(v->extra_cost), 0, cost, sizeof cost);
    payback_text(v, pay, sizeof pay);
    roi[0] = '\0';
    if (!isnan(v->roi)) {
        char r[32];
        snprintf(roi, sizeof roi, ", ROI %s %%", cx_verdict_human(100 * v->roi, 0, r, sizeof r));
    }
    const char *noise = v->stands_out > 0 ? "it stands out from the simulation noise"
                        : v->stands_out < 0 ? "the loss stands out from the simulation noise"
                        : v->net.n >= 2 ? "it does not stand out from the simulation noise "
                                          "(more replications narrow the interval)"
                                        : "one replication gives no interval";
    char costs[64];
    if (v->extra_cost > 0)
        snprintf(costs, sizeof costs, " for %s extra cost", cost);
    else if (v->extra_cost < 0)
        snprintf(costs, sizeof costs, " while saving %s", cost);
    else
        snprintf(costs, sizeof costs, " at no extra cost");
    snprintf(buf, size, "%s: net value %s%s over %zu period%s%s%s%s; %s.", cx_verdict_word(v),
             net, ci, v->horizon, v->horizon == 1 ? "" : "s", costs, roi, pay, noise);
    return buf;
}

const char *cx_verdict_noise_note(void)
{
    return "A 95 % confidence interval is computed from the replications so that, "
           "over many runs, 95 in 100 such intervals contain the true mean. It covers "
           "the simulation's own noise only (which customers, what chance brought "
           "them), not uncertainty in the scenario's inputs: a parameter set wrong "
           "moves the answer by more than any interval shows.";
}
