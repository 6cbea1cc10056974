/* flat.h (private) - a touchpoint as the inner loop reads it.
 *
 * cx_touchpoint carries names, lines and successor names (about 900
 * bytes); a visit needs a few numbers, some of them products of a
 * touchpoint's and a segment's parameters. resolve.c builds one cx_flat_tp
 * per (segment, touchpoint) whenever the parameters in force change
 * (between periods), so a visit reads three cache lines of one contiguous
 * table and multiplies nothing it could have multiplied once.
 */
#ifndef CX_FLAT_H
#define CX_FLAT_H

#include <stdint.h>

#include "cxsim/model.h"

typedef struct cx_flat_tp {
    /* first cache line: what every visit reads */
    double base;
    double delight;         /* P(delight), before the personalisation boost */
    double boost;           /* personalisation p * personal_gain: added for data sharers */
    double delight_gain;    /* delight_gain * weight */
    double friction;
    double severity;
    double hit_scale;       /* weight * lambda: hit = severity * hit_scale * (1 - kappa T) */
    int32_t channel;        /* channel id (the engine's numbering) */
    uint8_t n_next;         /* 0: the next touchpoint in order, done after the last */
    uint8_t has_extra;      /* intrusion, dissonance or reassurance can happen here */
    /* second: visits with an event, and optional touchpoints */
    double intrusion;       /* P(intrusion) for data refusers: p^2 * intrusion */
    double abandon;
    double rec_attempt, rec_success;
    double rec_gain;        /* recovery.gain * weight */
    double rec_fail;        /* recovery.fail_loss * weight */
    double effort;
    double optional;
    /* third: purchases, reassurance and the journey graph */
    double dissonance, dissonance_severity, reassure;
    double next_cum[CX_MAX_NEXT];   /* cumulative successor probabilities */
    int32_t next[CX_MAX_NEXT];      /* successor index, or -1 for done */
} cx_flat_tp;

/* The flat form of touchpoint tp for a customer of segment sg, in a
 * scenario with personalisation gain personal_gain and intrusion rate
 * intrusion; channel is the touchpoint's channel id. */
void cx_flat_tp_make(cx_flat_tp *f, const cx_touchpoint *tp, const cx_segment *sg,
                     double personal_gain, double intrusion, int channel);

#endif
