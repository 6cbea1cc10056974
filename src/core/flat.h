/* flat.h (private) - a touchpoint as the inner loop reads it.
 *
 * cx_touchpoint carries names, lines and successor names (about 900
 * bytes); a visit needs a few numbers, some of them products of a
 * touchpoint's and a segment's parameters. resolve.c builds one cx_flat_tp
 * per (segment, touchpoint) whenever the parameters in force change
 * (between periods), so a visit reads two or three cache lines of one
 * contiguous table and multiplies nothing it could have multiplied once.
 * Events of fixed probability are decided on Philox's raw words against
 * thresholds (cx_draw_threshold, draw.h): the same decisions as comparing
 * the uniforms, without turning words into doubles.
 */
#ifndef CX_FLAT_H
#define CX_FLAT_H

#include <stdint.h>

#include "cxsim/model.h"

typedef struct cx_flat_tp {
    /* first cache line: what every visit reads */
    double base;
    uint64_t th_delight[2];     /* [shares data]: delight, plus p * personal_gain for sharers */
    double delight_gain;        /* delight_gain * weight */
    uint64_t th_friction;
    double severity;
    double friction;            /* P(friction), for the control variate of the tally */
    double hit_scale;           /* weight * lambda: hit = severity * hit_scale * (1 - kappa T) */
    int32_t channel;            /* channel id (the engine's numbering) */
    int32_t succ;               /* n_next == 0: the next touchpoint in order, -1 after the
                                 * last (set by resolve.c, which knows the order) */
    uint8_t n_next;             /* 0: the next touchpoint in order, done after the last */
    uint8_t has_extra;          /* dissonance or reassurance can happen here */
    int8_t calm_csat[2];        /* [delight]: CSAT of a visit without a friction-like event */
    double calm_e[2];           /* [delight]: its emotion, clamped (cx_visit_close) */
    /* second: visits with an event, and optional touchpoints */
    uint64_t th_intrusion;      /* data refusers: p^2 * intrusion */
    uint64_t th_optional;       /* 2^32: always visited */
    uint64_t th_attempt, th_success;
    double abandon;             /* times (1 - kappa T): decided on the uniform */
    double rec_gain;            /* recovery.gain * weight */
    double rec_fail;            /* recovery.fail_loss * weight */
    double effort;
    /* third: purchases, reassurance and the journey graph */
    double dissonance, dissonance_severity, reassure;
    uint64_t th_next[CX_MAX_NEXT];  /* cumulative successor probabilities */
    int32_t next[CX_MAX_NEXT];      /* successor index, or -1 for done */
} cx_flat_tp;

/* The flat form of touchpoint tp for a customer of segment sg, in a
 * scenario with personalisation gain personal_gain and intrusion rate
 * intrusion; channel is the touchpoint's channel id. */
void cx_flat_tp_make(cx_flat_tp *f, const cx_touchpoint *tp, const cx_segment *sg,
                     double personal_gain, double intrusion, int channel);

#endif
