/* params.c - every model parameter with its key, default, range and meaning.
 *
 * One table per struct drives defaults, validation, the Lua loader, --set,
 * run.json and the parameter tables of docs/model.md, so the five cannot
 * disagree. Defaults and meanings are those of docs/model.md ("One
 * touchpoint visit", "Remembering a journey", "Likelihood to recommend and
 * NPS", "Churn", "Cross-sell"), which also gives the choice made where the
 * sources leave a default open (margin, initial trust).
 */
#include "cxsim/model.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SC(key, kind, field, def, lo, hi, doc) \
    { key, kind, offsetof(cx_model, field), def, lo, hi, doc }
#define SG(key, field, def, lo, hi, doc) \
    { key, CX_PARAM_REAL, offsetof(cx_segment, field), def, lo, hi, doc }
#define TP(key, field, def, lo, hi, doc) \
    { key, CX_PARAM_REAL, offsetof(cx_touchpoint, field), def, lo, hi, doc }

static const cx_param_spec scenario_params[] = {
    SC("horizon", CX_PARAM_INT, horizon, 12, 1, 1200, "periods simulated (months by convention)"),
    SC("population", CX_PARAM_LONG, population, 10000, 1, 2e9, "initial customers"),
    SC("reps", CX_PARAM_INT, reps, 20, 1, 1e6, "replications when --reps is not given"),
    SC("discount_rate", CX_PARAM_REAL, discount_rate, 0.01, 0, 1, "discount rate d per period (CLV)"),
    SC("continuity", CX_PARAM_REAL, continuity, 0.3, 0, 1, "omnichannel continuity (F13)"),
    SC("channel_break", CX_PARAM_REAL, channel_break, 0.5, 0, 1, "P(break) at a channel change when continuity is 0"),
    SC("break_severity", CX_PARAM_REAL, break_severity, 0.2, 0, 2, "severity of a continuity break"),
    SC("inflow", CX_PARAM_REAL, inflow, 0.005, 0, 1, "new customers per period, share of the initial population"),
    SC("wom.rho_p", CX_PARAM_REAL, rho_p, 0.3, 0, 100, "mean positive conversations per promoter"),
    SC("wom.rho_d", CX_PARAM_REAL, rho_d, 0.3, 0, 100, "mean negative conversations per detractor (before nu)"),
    SC("wom.nu", CX_PARAM_REAL, nu, 4, 0, 100, "negative amplification (F8)"),
    SC("wom.conv", CX_PARAM_REAL, conv, 0.3, 0, 1, "new customers per positive conversation"),
    SC("wom.deter", CX_PARAM_REAL, deter, 0.05, 0, 1, "prospects lost per negative conversation"),
    SC("personal_gain", CX_PARAM_REAL, personal_gain, 0.3, 0, 1, "delight probability added per unit of personalisation (data sharers)"),
    SC("intrusion", CX_PARAM_REAL, intrusion, 0.5, 0, 1, "P(intrusion) = p^2 intrusion for customers refusing data"),
    SC("intrusion_severity", CX_PARAM_REAL, intrusion_severity, 0.4, 0, 2, "severity of an intrusion event"),
    SC("max_visits", CX_PARAM_INT, max_visits, 100, 1, 65535, "a journey ends (completed) after this many visits"),
};

static const cx_param_spec segment_params[] = {
    SG("share", share, 1, 0, 1, "share of the population (shares sum to 1)"),
    SG("margin", margin, 10, 0, 1e9, "contribution m per active period"),
    SG("trust.mean", trust_mean, 0.6, 0, 1, "mean initial trust"),
    SG("trust.sd", trust_sd, 0.15, 0, 0.5, "sd of initial trust (Beta by moments)"),
    SG("lambda", lambda, 2.0, 0, 10, "negativity bias"),
    SG("kappa", kappa, 0.5, 0, 1, "trust buffer"),
    SG("tau_r", tau_r, 0.05, 0, 1, "trust gain of a successful recovery"),
    SG("tau_f", tau_f, 0.05, 0, 1, "trust loss of a failed recovery"),
    SG("w_peak", w_peak, 0.5, 0, 1, "peak weight of remembered experience"),
    SG("w_end", w_end, 0.5, 0, 1, "end weight of remembered experience"),
    SG("beta", beta, 0.2, 0, 1, "confirmation bias (weight of first impression)"),
    SG("eta_up", eta_up, 0.10, 0, 1, "trust gain rate after a good journey"),
    SG("eta_down", eta_down, 0.25, 0, 1, "trust loss rate after a bad journey"),
    SG("ltr.a", ltr_a, -0.5, -20, 20, "LTR logistic intercept a"),
    SG("ltr.b", ltr_b, 3.0, -20, 20, "LTR weight b of perceived experience"),
    SG("ltr.c", ltr_c, 2.0, -20, 20, "LTR weight c of trust"),
    SG("ltr.sigma", ltr_sigma, 1.0, 0, 10, "LTR noise sd"),
    SG("churn", h0, 0.03, 0, 10, "base churn hazard h0 per period"),
    SG("t0", t0, 0.5, 0, 1, "reference trust T0 of the hazard"),
    SG("g_t", g_t, 2.0, -20, 20, "hazard sensitivity to trust"),
    SG("g_r", g_r, 1.0, -20, 20, "hazard sensitivity to perceived experience"),
    SG("m_ab", m_ab, 2.0, 0, 100, "hazard multiplier after an abandoned journey"),
    SG("q0", q0, 0.02, 0, 1, "base cross-sell probability"),
    SG("d_r", d_r, 2.0, -20, 20, "cross-sell sensitivity to perceived experience"),
    SG("d_t", d_t, 1.0, -20, 20, "cross-sell sensitivity to trust"),
    SG("uplift", uplift, 0.1, 0, 10, "margin growth per cross-sell"),
    SG("refuse_data", refuse_data, 0.3, 0, 1, "share refusing personal data (F12)"),
};

static const cx_param_spec touchpoint_params[] = {
    TP("base", base, 0.1, -1, 1, "emotion of a smooth visit"),
    TP("friction", friction, 0, 0, 1, "probability of a friction event"),
    TP("severity", severity, 0.3, 0, 2, "emotional hit of a friction event"),
    TP("delight", delight, 0, 0, 1, "probability of a positive surprise"),
    TP("delight_gain", delight_gain, 0.3, 0, 2, "emotional gain of a delight event"),
    TP("weight", weight, 1, 0, 10, "moment-of-truth weight"),
    TP("abandon", abandon, 0, 0, 1, "P(abandon) after an unrecovered friction event"),
    TP("recovery.attempt", rec_attempt, 0, 0, 1, "P(the company notices and acts)"),
    TP("recovery.success", rec_success, 0.5, 0, 1, "P(a recovery attempt works)"),
    TP("recovery.gain", rec_gain, 0.4, 0, 2, "emotional gain of a successful recovery"),
    TP("recovery.fail_loss", rec_fail_loss, 0.2, 0, 2, "extra hit of a failed recovery"),
    TP("effort", effort, 1, 0, 1000, "effort units of a visit (friction doubles it)"),
    TP("optional", optional, 1, 0, 1, "P(visited when reached); skipped visits move on along the graph"),
    TP("personalisation", personalisation, 0, 0, 1, "personalisation level p (F12)"),
    TP("dissonance", dissonance, 0, 0, 1, "P(post-purchase doubt at the journey's end): marks a purchase (F10)"),
    TP("dissonance_severity", dissonance_severity, 0.3, 0, 2, "emotional hit of post-purchase doubt"),
    TP("reassure", reassure, 0, 0, 1, "visited after a purchase, scales the doubt probability by (1 - reassure)"),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const cx_param_spec *cx_model_scenario_params(size_t *n)
{
    *n = COUNT(scenario_params);
    return scenario_params;
}

const cx_param_spec *cx_model_segment_params(size_t *n)
{
    *n = COUNT(segment_params);
    return segment_params;
}

const cx_param_spec *cx_model_touchpoint_params(size_t *n)
{
    *n = COUNT(touchpoint_params);
    return touchpoint_params;
}

const cx_param_spec *cx_param_find(const cx_param_spec *specs, size_t n,
                                   const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(specs[i].key, key) == 0)
            return &specs[i];
    return NULL;
}

double cx_param_get(const cx_param_spec *spec, const void *object)
{
    const char *p = (const char *)object + spec->offset;
    switch (spec->kind) {
    case CX_PARAM_INT: return *(const int *)p;
    case CX_PARAM_LONG: return (double)*(const long *)p;
    default: return *(const double *)p;
    }
}

cx_status cx_param_set(const cx_param_spec *spec, void *object, double value,
                       cx_error *err)
{
    char *p = (char *)object + spec->offset;
    if (!isfinite(value) || value < spec->lo || value > spec->hi)
        return cx_error_set(err, CX_ERR_INPUT, "%s must be in [%.10g,%.10g], got %.10g",
                            spec->key, spec->lo, spec->hi, value);
    if (spec->kind != CX_PARAM_REAL && value != floor(value))
        return cx_error_set(err, CX_ERR_INPUT, "%s must be an integer, got %.10g",
                            spec->key, value);
    switch (spec->kind) {
    case CX_PARAM_INT: *(int *)p = (int)value; break;
    case CX_PARAM_LONG: *(long *)p = (long)value; break;
    default: *(double *)p = value; break;
    }
    return CX_OK;
}

/* Defaults come from the table, so a default can never be out of range. */
void cx_param_defaults(const cx_param_spec *specs, size_t n, void *object)
{
    for (size_t i = 0; i < n; i++)
        (void)cx_param_set(&specs[i], object, specs[i].def, NULL);
}
