/* visit.c - one touchpoint visit, exactly MODEL.md's steps 1-5, through
 * the inline steps the journey walk uses (visit_core.h). */
#include "cxsim/visit.h"

#include <math.h>

#include "visit_core.h"

int cx_visit_csat(double e)
{
    /* C round() is half away from zero, as MODEL.md's conventions fix. */
    double c = round(3 + 2 * e);
    return (int)(c < 1 ? 1 : (c > 5 ? 5 : c));
}

void cx_visit_full(const cx_touchpoint *tp, const cx_segment *sg, double *trust,
                   const double u[CX_VISIT_UNIFORMS], const cx_visit_extra *x,
                   cx_visit_result *out)
{
    static const cx_visit_extra none = {0, 0, 0};
    cx_flat_tp f;
    double severity;
    cx_flat_tp_make(&f, tp, sg, 0, 0, 0);
    if (cx_visit_events(&f, u[CX_U_DELIGHT], u[CX_U_FRICTION], x ? x : &none, sg->tau_f,
                        trust, &severity, out)) {
        const double v[3] = {u[CX_U_ATTEMPT], u[CX_U_SUCCESS], u[CX_U_ABANDON]};
        cx_visit_hit(&f, sg->kappa, sg->tau_r, sg->tau_f, severity, v, trust, out);
    }
    cx_visit_close(out);
}

void cx_visit(const cx_touchpoint *tp, const cx_segment *sg, double *trust,
              const double u[CX_VISIT_UNIFORMS], cx_visit_result *out)
{
    cx_visit_full(tp, sg, trust, u, NULL, out);
}

void cx_flat_tp_make(cx_flat_tp *f, const cx_touchpoint *tp, const cx_segment *sg,
                     double personal_gain, double intrusion, int channel)
{
    double p = tp->personalisation;
    *f = (cx_flat_tp){
        .base = tp->base, .delight = tp->delight, .boost = p * personal_gain,
        .delight_gain = tp->delight_gain * tp->weight, .friction = tp->friction,
        .severity = tp->severity, .hit_scale = tp->weight * sg->lambda,
        .channel = channel, .n_next = (uint8_t)tp->n_next,
        .has_extra = p > 0 || tp->dissonance > 0 || tp->reassure > 0,
        .intrusion = p * p * intrusion, .abandon = tp->abandon,
        .rec_attempt = tp->rec_attempt, .rec_success = tp->rec_success,
        .rec_gain = tp->rec_gain * tp->weight, .rec_fail = tp->rec_fail_loss * tp->weight,
        .effort = tp->effort, .optional = tp->optional, .dissonance = tp->dissonance,
        .dissonance_severity = tp->dissonance_severity, .reassure = tp->reassure,
    };
    double cum = 0;
    for (size_t i = 0; i < tp->n_next && i < CX_MAX_NEXT; i++) {
        cum += tp->next_p[i];
        f->next_cum[i] = cum;
        f->next[i] = tp->next_index[i];
    }
}
