/* visit.c - one touchpoint visit, exactly MODEL.md's steps 1-5. */
#include "cxsim/visit.h"

#include <math.h>

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

int cx_visit_csat(double e)
{
    /* C round() is half away from zero, as MODEL.md's conventions fix. */
    return (int)clamp(round(3 + 2 * e), 1, 5);
}

/* Step 3's recovery: returns 1 when the customer may still abandon. */
static int recover(const cx_touchpoint *tp, const cx_segment *sg, double *trust,
                   const double *u, double *e, cx_visit_result *out)
{
    if (!(u[CX_U_ATTEMPT] < tp->rec_attempt))
        return 1;
    out->attempted = 1;
    if (u[CX_U_SUCCESS] < tp->rec_success) {
        out->recovered = 1;
        *e += tp->rec_gain * tp->weight;
        *trust += sg->tau_r * (1 - *trust);
        return 0;
    }
    *e -= tp->rec_fail_loss * tp->weight;
    *trust -= sg->tau_f * *trust;
    return 1;
}

void cx_visit_full(const cx_touchpoint *tp, const cx_segment *sg, double *trust,
                   const double u[CX_VISIT_UNIFORMS], const cx_visit_extra *x,
                   cx_visit_result *out)
{
    static const cx_visit_extra none = {0, 0, 0};
    double e = tp->base, severity = 0;
    if (!x)
        x = &none;
    *out = (cx_visit_result){0};
    out->effort = tp->effort;
    if (u[CX_U_DELIGHT] < tp->delight + x->delight_boost) {
        out->delight = 1;
        e += tp->delight_gain * tp->weight;
    }
    if (u[CX_U_FRICTION] < tp->friction) {
        out->friction = 1;
        severity += tp->severity;
    }
    if (x->break_severity > 0) {
        out->broke = 1;
        severity += x->break_severity;
    }
    if (x->intrusion_severity > 0) {
        out->intruded = 1;
        severity += x->intrusion_severity;
        *trust -= sg->tau_f * *trust;
    }
    if (out->friction || out->broke || out->intruded) {
        e -= severity * tp->weight * sg->lambda * (1 - sg->kappa * *trust);
        out->effort *= 2;
        if (recover(tp, sg, trust, u, &e, out) &&
            u[CX_U_ABANDON] < tp->abandon * (1 - sg->kappa * *trust))
            out->abandoned = 1;
    }
    out->e = clamp(e, -1, 1);
    out->csat = cx_visit_csat(out->e);
}

void cx_visit(const cx_touchpoint *tp, const cx_segment *sg, double *trust,
              const double u[CX_VISIT_UNIFORMS], cx_visit_result *out)
{
    cx_visit_full(tp, sg, trust, u, NULL, out);
}
