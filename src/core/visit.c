/* visit.c - one touchpoint visit, exactly the steps 1-5 of docs/model.md
 * ("One touchpoint visit"), through the inline steps the journey walk
 * uses (visit_core.h). */
#include "cxsim/visit.h"

#include <math.h>

#include "draw.h"
#include "visit_core.h"

int cx_visit_csat(double e)
{
    /* C round() is half away from zero, as docs/model.md fixes. */
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
    if (!x)
        x = &none;
    cx_flat_tp_make(&f, tp, sg, 0, 0, 0);
    cx_visit_state v = cx_visit_events(&f, u[CX_U_DELIGHT] < tp->delight + x->delight_boost,
                                       u[CX_U_FRICTION] < tp->friction, x->break_severity,
                                       x->intrusion_severity, sg->tau_f, trust, &severity);
    if (v.ev & CX_VE_HIT)
        cx_visit_hit(&f, sg->kappa, sg->tau_r, sg->tau_f, severity,
                     u[CX_U_ATTEMPT] < tp->rec_attempt, u[CX_U_SUCCESS] < tp->rec_success,
                     u[CX_U_ABANDON], trust, &v);
    int csat = cx_visit_close(&v);
    *out = cx_visit_result_of(&v, csat);
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
        .base = tp->base,
        .th_delight = {cx_draw_threshold(tp->delight + 0.0),
                       cx_draw_threshold(tp->delight + p * personal_gain)},
        .delight_gain = tp->delight_gain * tp->weight,
        .th_friction = cx_draw_threshold(tp->friction), .severity = tp->severity,
        .friction = tp->friction,
        .hit_scale = tp->weight * sg->lambda, .channel = channel,
        .n_next = (uint8_t)tp->n_next, .has_extra = tp->dissonance > 0 || tp->reassure > 0,
        .th_intrusion = cx_draw_threshold(p * p * intrusion),
        .th_optional = cx_draw_threshold(tp->optional),
        .th_attempt = cx_draw_threshold(tp->rec_attempt),
        .th_success = cx_draw_threshold(tp->rec_success), .abandon = tp->abandon,
        .rec_gain = tp->rec_gain * tp->weight, .rec_fail = tp->rec_fail_loss * tp->weight,
        .effort = tp->effort, .dissonance = tp->dissonance,
        .dissonance_severity = tp->dissonance_severity, .reassure = tp->reassure,
    };
    /* Most visits meet no friction-like event; their emotion and CSAT then
     * depend on the delight draw alone, so the walk reads them from here,
     * made by the steps such a visit would run. */
    for (int delight = 0; delight < 2; delight++) {
        double trust = 0, severity;
        cx_visit_state v = cx_visit_events(f, delight, 0, 0, 0, 0, &trust, &severity);
        f->calm_csat[delight] = (int8_t)cx_visit_close(&v);
        f->calm_e[delight] = v.e;
    }
    double cum = 0;
    for (size_t i = 0; i < tp->n_next && i < CX_MAX_NEXT; i++) {
        cum += tp->next_p[i];
        f->th_next[i] = cx_draw_threshold(cum);
        f->next[i] = tp->next_index[i];
    }
}
