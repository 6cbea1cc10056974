/* resolve.c - per-segment parameters under interventions and overrides. */
#include "resolve.h"
#include "model_internal.h"
#include "outcomes_core.h"

#include <stdlib.h>
#include <string.h>

/* Global index of the first touchpoint of journey j. */
static size_t journey_offset(const cx_model *m, size_t j)
{
    size_t g = 0;
    for (size_t k = 0; k < j; k++)
        g += m->journeys[k].n_touchpoints;
    return g;
}

/* Marks the touchpoints an edit path names: journey.J.TP.KEY, or every
 * touchpoint of J for journey.J.*.KEY. Returns how many it marked. */
static size_t mark_touchpoints(const cx_model *m, const char *path, uint8_t *mask)
{
    size_t marked = 0;
    if (strncmp(path, "journey.", 8) != 0)
        return 0;
    for (size_t j = 0; j < m->n_journeys; j++) {
        const cx_journey *jr = &m->journeys[j];
        size_t len = strlen(jr->name), off = journey_offset(m, j);
        const char *p = path + 8;
        if (strncmp(p, jr->name, len) != 0 || p[len] != '.')
            continue;
        p += len + 1;
        for (size_t k = 0; k < jr->n_touchpoints; k++) {
            size_t tl = strlen(jr->touchpoints[k].name);
            int all = p[0] == '*' && p[1] == '.';
            if (all || (strncmp(p, jr->touchpoints[k].name, tl) == 0 && p[tl] == '.')) {
                mask[off + k] = 1;
                marked++;
            }
        }
    }
    return marked;
}

/* Which touchpoints' visits an intervention pays for, and which segments
 * it reaches. */
static void map_intervention(cx_resolved *r, size_t i)
{
    const cx_intervention *iv = &r->base->interventions[i];
    uint8_t *tp = &r->iv_tp[i * r->n_tp], *seg = &r->iv_seg[i * r->n_seg];
    size_t marked = 0;
    for (size_t k = 0; k < iv->n_edits; k++)
        marked += mark_touchpoints(r->base, iv->edits[k].path, tp);
    if (marked == 0)
        memset(tp, 1, r->n_tp);
    for (size_t s = 0; s < r->n_seg; s++) {
        seg[s] = iv->n_segments == 0;
        for (size_t k = 0; k < iv->n_segments; k++)
            if (strcmp(iv->segments[k], r->base->segments[s].name) == 0)
                seg[s] = 1;
    }
}

/* The start tables and onboarding flags, which no edit can change (a start
 * path is structural: cx_model_structural_path): made once from the base
 * model. */
static void start_tables(cx_resolved *r)
{
    const cx_model *m = r->base;
    for (size_t j = 0, g = 0; j < r->n_j; g += m->journeys[j].n_touchpoints, j++) {
        const cx_journey *jr = &m->journeys[j];
        double cum = 0;
        r->once[j] = (uint8_t)(jr->once != 0);
        for (size_t i = 0; i < jr->n_start; i++) {
            cum += jr->start[i].p;
            r->th_start[g + i] = cx_draw_threshold(cum);
            r->start_k[g + i] = jr->start[i].index;
        }
    }
}

cx_status cx_resolved_init(cx_resolved *r, const cx_model *m, const int *channels,
                           cx_error *err)
{
    size_t n_iv = m->n_interventions ? m->n_interventions : 1;
    *r = (cx_resolved){.base = m, .n_seg = m->n_segments, .n_j = m->n_journeys,
                       .n_tp = cx_model_touchpoint_count(m), .channels = channels};
    /* Drawing every touchpoint's first block before a walk pays where
     * vector lanes make a block several times cheaper than one at a time
     * (docs/performance.md, "Fifth pass"); with one SSE2 register or scalar
     * code the walk draws each block when it needs it, as before. The
     * words are the same either way, so outputs are too. AVX2, not
     * AVX-512, unless CXSIM_PHILOX asks: amid the walk's scalar code the
     * 512-bit lanes measured slower (paired runs: 0.990 against 0.971 of
     * the time without predraw). */
    cx_philox_level level = cx_philox_choose(CX_PHILOX_AVX2);
    r->predraw = level >= CX_PHILOX_AVX2 ? cx_philox_runner(level) : NULL;
    r->seg = calloc(r->n_seg, sizeof *r->seg);
    r->segment = calloc(r->n_seg, sizeof *r->segment);
    r->flat = calloc(r->n_seg * (r->n_tp ? r->n_tp : 1), sizeof *r->flat);
    r->plans = calloc(r->n_seg * r->n_j, sizeof *r->plans);
    r->freq = calloc(r->n_seg * r->n_j, sizeof *r->freq);
    r->th_freq = calloc(r->n_seg * r->n_j, sizeof *r->th_freq);
    r->th_churn = calloc(r->n_seg, sizeof *r->th_churn);
    r->th_cross = calloc(r->n_seg, sizeof *r->th_cross);
    r->iv_tp = calloc(n_iv * (r->n_tp ? r->n_tp : 1), 1);
    r->iv_seg = calloc(n_iv * r->n_seg, 1);
    r->th_start = calloc(r->n_tp ? r->n_tp : 1, sizeof *r->th_start);
    r->start_k = calloc(r->n_tp ? r->n_tp : 1, sizeof *r->start_k);
    r->once = calloc(r->n_j ? r->n_j : 1, 1);
    if (!r->th_start || !r->start_k || !r->once || !r->seg || !r->segment || !r->flat || !r->plans || !r->freq || !r->th_freq ||
        !r->th_churn || !r->th_cross || !r->iv_tp || !r->iv_seg) {
        cx_resolved_release(r);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory resolving parameters");
    }
    for (size_t i = 0; i < m->n_interventions; i++)
        map_intervention(r, i);
    start_tables(r);
    return CX_OK;
}

void cx_resolved_release(cx_resolved *r)
{
    for (size_t s = 0; r->seg && s < r->n_seg; s++)
        cx_model_free(r->seg[s]);
    free(r->seg);
    free(r->segment);
    free(r->flat);
    free(r->plans);
    free(r->freq);
    free(r->th_freq);
    free(r->th_churn);
    free(r->th_cross);
    free(r->iv_tp);
    free(r->iv_seg);
    free(r->th_start);
    free(r->start_k);
    free(r->once);
    *r = (cx_resolved){0};
}

static void make_plans(cx_resolved *r, size_t s)
{
    const cx_model *m = r->seg[s];
    const cx_segment *sg = &m->segments[s];
    cx_flat_tp *flat = &r->flat[s * r->n_tp];
    uint32_t offset = 0;
    r->segment[s] = sg;
    r->th_churn[s] = cx_draw_threshold(cx_outcome_churn_bound(sg));
    r->th_cross[s] = cx_draw_threshold(cx_outcome_cross_sell_bound(sg));
    for (size_t j = 0; j < r->n_j; j++) {
        const cx_journey *jr = &m->journeys[j];
        size_t steps = (size_t)m->max_visits * jr->n_touchpoints;
        for (size_t k = 0; k < jr->n_touchpoints; k++) {
            cx_flat_tp_make(&flat[offset + k], &jr->touchpoints[k], sg, m->personal_gain,
                            m->intrusion, r->channels[offset + k]);
            flat[offset + k].succ = k + 1 < jr->n_touchpoints ? (int32_t)(k + 1) : -1;
        }
        r->plans[s * r->n_j + j] = (cx_walk_plan){
            .tp = &flat[offset], .n_tp = jr->n_touchpoints, .tp_offset = offset,
            /* a break without severity is no event: never decided */
            .th_break = m->break_severity > 0
                            ? cx_draw_threshold((1 - m->continuity) * m->channel_break) : 0,
            .break_severity = m->break_severity, .intrusion_severity = m->intrusion_severity,
            .kappa = sg->kappa, .tau_r = sg->tau_r, .tau_f = sg->tau_f,
            .max_visits = (size_t)m->max_visits, .max_steps = steps < 65535 ? steps : 65535,
            .hook = r->hook, .predraw = r->predraw, .j = jr, .segment = sg->name,
            .n_start = jr->n_start, .th_start = &r->th_start[offset],
            .start_k = &r->start_k[offset],
        };
        offset += (uint32_t)jr->n_touchpoints;
        r->freq[s * r->n_j + j] = cx_journey_frequency_of(jr, sg);
        r->th_freq[s * r->n_j + j] = cx_draw_threshold(r->freq[s * r->n_j + j]);
    }
}

/* The model segment s sees: the base, then each active intervention that
 * reaches s, in declaration order, then the overrides. */
static cx_status build_segment(cx_resolved *r, size_t s, uint64_t active, const cx_edit *ov,
                               size_t n_ov, cx_error *err)
{
    const cx_model *m = r->base;
    cx_model *c = cx_model_copy(m);
    cx_status st = c ? CX_OK : cx_error_set(err, CX_ERR_NOMEM,
                                                 "out of memory resolving the interventions");
    for (size_t i = 0; st == CX_OK && i < m->n_interventions; i++) {
        if (!(active >> i & 1) || !r->iv_seg[i * r->n_seg + s])
            continue;
        for (size_t k = 0; st == CX_OK && k < m->interventions[i].n_edits; k++)
            st = cx_model_set(c, m->interventions[i].edits[k].path,
                              m->interventions[i].edits[k].value, err);
    }
    for (size_t k = 0; st == CX_OK && k < n_ov; k++)
        st = cx_model_set(c, ov[k].path, ov[k].value, err);
    cx_error why;   /* edits valid one by one can together break w_peak + w_end <= 1 */
    if (st == CX_OK && cx_model_validate_segment(c, s, &why) != CX_OK)
        st = cx_error_set(err, CX_ERR_INPUT, "%s (with the interventions and overrides "
                          "acting in this period)", why.msg);
    if (st != CX_OK) {
        cx_model_free(c);
        return st;
    }
    cx_model_free(r->seg[s]);
    r->seg[s] = c;
    make_plans(r, s);
    return CX_OK;
}

cx_status cx_resolved_update(cx_resolved *r, uint64_t active, const cx_edit *ov,
                             size_t n_ov, cx_error *err)
{
    if (r->built && r->built_for == active)
        return CX_OK;
    for (size_t s = 0; s < r->n_seg; s++) {
        cx_status st = build_segment(r, s, active, ov, n_ov, err);
        if (st != CX_OK)
            return st;
    }
    r->built = 1;
    r->built_for = active;
    return CX_OK;
}

void cx_resolved_invalidate(cx_resolved *r)
{
    r->built = 0;
}
