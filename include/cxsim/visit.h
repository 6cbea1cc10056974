/* cxsim/visit.h - one touchpoint visit (docs/model.md, "One touchpoint visit").
 *
 * Provides: cx_visit, the pure function from a touchpoint's parameters, the
 * customer's segment and trust, and five uniforms to the visit's emotion,
 * effort, CSAT and whether the customer abandons.
 * Relies on: model.
 */
#ifndef CXSIM_VISIT_H
#define CXSIM_VISIT_H

#include "cxsim/model.h"

/* Lanes of the uniforms a visit reads, in docs/model.md's order. */
enum cx_visit_lane {
    CX_U_DELIGHT = 0,
    CX_U_FRICTION = 1,
    CX_U_ATTEMPT = 2,
    CX_U_SUCCESS = 3,
    CX_U_ABANDON = 4,
    CX_VISIT_UNIFORMS = 5
};

/* What happens at a visit besides the touchpoint's own draws: the
 * personalisation delight boost (F12) and friction-like events decided by
 * the journey walk, a continuity break (F13) and an intrusion (F12). */
typedef struct cx_visit_extra {
    double delight_boost;   /* added to the delight probability */
    double break_severity;  /* > 0: a continuity break of this severity */
    double intrusion_severity;  /* > 0: an intrusion of this severity */
} cx_visit_extra;

typedef struct cx_visit_result {
    double e;           /* emotion after the clamp to [-1, 1] */
    double effort;      /* effort units (doubled by friction) */
    int csat;           /* round(3 + 2 e) clamped to 1..5, half away from zero */
    int delight;        /* a delight event happened */
    int friction;       /* a friction event happened */
    int attempted;      /* a recovery was attempted */
    int recovered;      /* the recovery succeeded */
    int abandoned;      /* the customer abandons here; the journey ends */
    int broke;          /* a continuity break happened */
    int intruded;       /* an intrusion happened */
} cx_visit_result;

/* Runs one visit. *trust is read and, on a recovery attempt, updated at once
 * (T += tau_r (1 - T) on success, T -= tau_f T on failure), so the same
 * visit's abandonment uses the new trust. u[lane] in (0,1); an event of
 * probability p happens when u < p. */
void cx_visit(const cx_touchpoint *tp, const cx_segment *sg, double *trust,
              const double u[CX_VISIT_UNIFORMS], cx_visit_result *out);

/* cx_visit with extras (x may be NULL). A continuity break or an
 * intrusion acts as a friction event (docs/model.md): its severity adds to the
 * hit, effort doubles, and recovery and abandonment follow as for friction
 * (one recovery per visit, whatever the events). An intrusion also costs
 * trust (T -= tau_f T) before the hit is computed. */
void cx_visit_full(const cx_touchpoint *tp, const cx_segment *sg, double *trust,
                   const double u[CX_VISIT_UNIFORMS], const cx_visit_extra *x,
                   cx_visit_result *out);

/* CSAT on the 1-5 scale of an emotion in [-1, 1]. */
int cx_visit_csat(double e);

#endif
