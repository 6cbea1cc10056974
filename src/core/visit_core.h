/* visit_core.h (private) - the visit steps 1-5 of docs/model.md, given which random
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
 *
 * A visit is three scalars (cx_visit_state), not the public
 * cx_visit_result with its eight ints: small enough for the compiler to
 * keep in registers through the walk, where the larger struct went to the
 * stack, field by field, on every visit (docs/performance.md, "Third
 * pass"). visit.c turns it into a cx_visit_result.
 */
#ifndef CX_VISIT_CORE_H
#define CX_VISIT_CORE_H

#include "cxsim/visit.h"
#include "flat.h"

/* What happened in a visit, as bits of cx_visit_state.ev. */
enum {
    CX_VE_DELIGHT = 1,
    CX_VE_FRICTION = 2,
    CX_VE_BROKE = 4,        /* continuity break (F13) */
    CX_VE_INTRUDED = 8,     /* intrusion (F12) */
    CX_VE_ATTEMPTED = 16,
    CX_VE_RECOVERED = 32,
    CX_VE_ABANDONED = 64,
    CX_VE_HIT = CX_VE_FRICTION | CX_VE_BROKE | CX_VE_INTRUDED   /* friction-like */
};

typedef struct cx_visit_state {
    double e;           /* emotion (clamped by cx_visit_close) */
    double effort;
    unsigned ev;        /* CX_VE_* */
} cx_visit_state;

/* Steps 1-2 and the events of step 3: e = base, delight, friction, and
 * the walk's continuity break and intrusion of the given severities (> 0
 * when they happen; an intrusion costs trust at once). The summed severity
 * of the friction-like events goes to *severity; (ev & CX_VE_HIT) says
 * whether any happened. */
static inline __attribute__((always_inline))
cx_visit_state cx_visit_events(const cx_flat_tp *t, int delight, int friction,
                               double break_severity, double intrusion_severity, double tau_f,
                               double *trust, double *severity)
{
    cx_visit_state v = {t->base, t->effort, 0};
    double sev = 0;
    if (delight) {
        v.ev |= CX_VE_DELIGHT;
        v.e += t->delight_gain;
    }
    if (friction) {
        v.ev |= CX_VE_FRICTION;
        sev += t->severity;
    }
    if (break_severity > 0) {
        v.ev |= CX_VE_BROKE;
        sev += break_severity;
    }
    if (intrusion_severity > 0) {
        v.ev |= CX_VE_INTRUDED;
        sev += intrusion_severity;
        *trust -= tau_f * *trust;
    }
    *severity = sev;
    return v;
}

/* Step 3 after an event: the hit, effort doubled, the recovery (attempted,
 * succeeded: decided by the caller; it changes trust at once) and, unless
 * it succeeded, abandonment with the uniform u_abandon. */
static inline __attribute__((always_inline))
void cx_visit_hit(const cx_flat_tp *t, double kappa, double tau_r, double tau_f,
                  double severity, int attempted, int succeeded, double u_abandon,
                  double *trust, cx_visit_state *v)
{
    double e = v->e - severity * t->hit_scale * (1 - kappa * *trust);
    int may_abandon = 1;
    v->effort *= 2;
    if (attempted) {
        v->ev |= CX_VE_ATTEMPTED;
        if (succeeded) {
            v->ev |= CX_VE_RECOVERED;
            e += t->rec_gain;
            *trust += tau_r * (1 - *trust);
            may_abandon = 0;
        } else {
            e -= t->rec_fail;
            *trust -= tau_f * *trust;
        }
    }
    if (may_abandon && u_abandon < t->abandon * (1 - kappa * *trust))
        v->ev |= CX_VE_ABANDONED;
    v->e = e;
}

/* Steps 4-5: clamp e to [-1, 1]; returns CSAT = round(3 + 2 e) half away
 * from zero. For x = 3 + 2 e in [1, 5], (int)(x + 0.5) is that rounding:
 * x + 0.5 is exact wherever it could cross an integer. */
static inline __attribute__((always_inline))
int cx_visit_close(cx_visit_state *v)
{
    double e = v->e;
    e = e > -1 ? e : -1;    /* (maxsd and minsd: e is never NaN) */
    e = e < 1 ? e : 1;
    v->e = e;
    return (int)(3 + 2 * e + 0.5);
}

/* The public form of a visit (cxsim/visit.h). */
static inline __attribute__((always_inline))
cx_visit_result cx_visit_result_of(const cx_visit_state *v, int csat)
{
    return (cx_visit_result){
        .e = v->e, .effort = v->effort, .csat = csat,
        .delight = (v->ev & CX_VE_DELIGHT) != 0, .friction = (v->ev & CX_VE_FRICTION) != 0,
        .attempted = (v->ev & CX_VE_ATTEMPTED) != 0,
        .recovered = (v->ev & CX_VE_RECOVERED) != 0,
        .abandoned = (v->ev & CX_VE_ABANDONED) != 0, .broke = (v->ev & CX_VE_BROKE) != 0,
        .intruded = (v->ev & CX_VE_INTRUDED) != 0,
    };
}

#endif
