/* resolve.h (private) - the parameters each segment sees in a period.
 *
 * Interventions act from their start period, for their segments, and
 * policies override parameters between periods; the inner loop must not
 * look any of that up. So before a period the engine asks for the model
 * as a customer of segment s sees it under the active interventions and
 * overrides: one resolved model copy per segment, with the walk plans and
 * journey frequencies taken from it. From each copy come the flat
 * per-(segment, touchpoint) table the visits read (flat.h), the walk
 * plans and the journey frequencies. Rebuilt only when the active set or
 * the overrides change (between periods, never in the loop); an engine
 * simulates one variant, so these are the per-(variant, period, segment)
 * tables of the inner loop.
 */
#ifndef CX_RESOLVE_H
#define CX_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/model.h"
#include "journey.h"

typedef struct cx_resolved {
    const cx_model *base;
    size_t n_seg, n_j, n_tp;
    const int *channels;        /* channel id per global touchpoint (engine's) */
    cx_model **seg;             /* [s]: the model as segment s sees it */
    const cx_segment **segment; /* [s]: segment s as it sees itself (&seg[s]->segments[s]) */
    cx_flat_tp *flat;           /* [s * n_tp + g]: touchpoint g as segment s sees it */
    cx_walk_plan *plans;        /* [s * n_j + j] */
    double *freq;               /* [s * n_j + j] */
    uint64_t *th_freq;          /* [s * n_j + j]: its threshold (draw.h) */
    uint64_t *th_churn;         /* [s]: a churn word at or above it cannot churn */
    uint64_t *th_cross;         /* [s]: a cross-sell word at or above it cannot cross-sell */
    uint8_t *iv_tp;             /* [i * n_tp + g]: per-visit cost applies to visits of g */
    uint8_t *iv_seg;            /* [i * n_seg + s]: intervention i reaches segment s */
    uint64_t *th_start;         /* [g]: cumulative start thresholds of g's journey (journeys
                                 * with a start table; the plans point into it) */
    int32_t *start_k;           /* [g]: the start entry's touchpoint within its journey */
    uint8_t *once;              /* [j]: journey j is made in a customer's first period only */
    uint64_t built_for;         /* active set of the current build */
    int built;                  /* 0: rebuild at the next update */
    const cx_policy *hook;      /* per-visit hook for the plans, or NULL */
    cx_philox_run_fn predraw;   /* the plans' predraw (journey.h): vector lanes where the
                                 * processor has AVX2 or AVX-512, else NULL */
} cx_resolved;

cx_status cx_resolved_init(cx_resolved *r, const cx_model *m, const int *channels,
                           cx_error *err);
void cx_resolved_release(cx_resolved *r);

/* Brings r up to date for the active interventions (bit i: intervention i)
 * and the overrides (applied after the interventions, to every segment).
 * Returns at once when the active set is the one built for and nothing
 * invalidated the build. */
cx_status cx_resolved_update(cx_resolved *r, uint64_t active, const cx_edit *ov,
                             size_t n_ov, cx_error *err);

/* Forces a rebuild at the next update (the overrides changed). */
void cx_resolved_invalidate(cx_resolved *r);

#endif
