/* visit_core.h (private) - MODEL.md's visit steps 1-5, given which random
 * events fired.
 *
 * One implementation for both callers: cx_visit_full (visit.c), which
 * decides the events from the five uniforms it is given, and the journey
 * walk (journey.c), which decides them from Philox's raw words against
 * thresholds (flat.h) and draws the recovery and abandonment block only
 * after a friction-like event. The steps come in three inline parts: the
 * events (cx_visit_events), the hit with recovery and abandonment
 * (cx_visit_hit, only after an event), and the clamp and CSAT
 * (cx_visit_close). Forced inline: the walk is also compiled for AVX2
 * (journey.c), and GCC inlines nothing across targets unless forced.
 */
#ifndef CX_VISIT_CORE_H
#define CX_VISIT_CORE_H

#include "cxsim/visit.h"
#include "flat.h"

/* Steps 1-2 and the events of step 3: e = base, delight, friction, and
 * the walk's continuity break and intrusion (which costs trust at once;
 * x gives their severities, > 0 when they happen). Returns the summed
 * severity of the friction-like events in *severity and whether any
 * happened. */
static inline __attribute__((always_inline))
int cx_visit_events(const cx_flat_tp *t, int delight, int friction, const cx_visit_extra *x,
                    double tau_f, double *trust, double *severity, cx_visit_result *out)
{
    double e = t->base, sev = 0;
    *out = (cx_visit_result){0};
    out->effort = t->effort;
    if (delight) {
        out->delight = 1;
        e += t->delight_gain;
    }
    if (friction) {
        out->friction = 1;
        sev += t->severity;
    }
    if (x->break_severity > 0) {
        out->broke = 1;
        sev += x->break_severity;
    }
    if (x->intrusion_severity > 0) {
        out->intruded = 1;
        sev += x->intrusion_severity;
        *trust -= tau_f * *trust;
    }
    out->e = e;
    *severity = sev;
    return out->friction | out->broke | out->intruded;
}

/* Step 3 after an event: the hit, effort doubled, the recovery (attempted,
 * succeeded: decided by the caller; it changes trust at once) and, unless
 * it succeeded, abandonment with the uniform u_abandon. */
static inline __attribute__((always_inline))
void cx_visit_hit(const cx_flat_tp *t, double kappa, double tau_r, double tau_f,
                  double severity, int attempted, int succeeded, double u_abandon,
                  double *trust, cx_visit_result *out)
{
    double e = out->e - severity * t->hit_scale * (1 - kappa * *trust);
    int may_abandon = 1;
    out->effort *= 2;
    if (attempted) {
        out->attempted = 1;
        if (succeeded) {
            out->recovered = 1;
            e += t->rec_gain;
            *trust += tau_r * (1 - *trust);
            may_abandon = 0;
        } else {
            e -= t->rec_fail;
            *trust -= tau_f * *trust;
        }
    }
    if (may_abandon && u_abandon < t->abandon * (1 - kappa * *trust))
        out->abandoned = 1;
    out->e = e;
}

/* Steps 4-5: clamp e to [-1, 1], CSAT = round(3 + 2 e) half away from
 * zero. For x = 3 + 2 e in [1, 5], (int)(x + 0.5) is that rounding: x +
 * 0.5 is exact wherever it could cross an integer. */
static inline __attribute__((always_inline))
void cx_visit_close(cx_visit_result *out)
{
    double e = out->e;
    e = e < -1 ? -1 : (e > 1 ? 1 : e);
    out->e = e;
    out->csat = (int)(3 + 2 * e + 0.5);
}

#endif
