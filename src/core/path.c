/* path.c - parameters by dotted path: cx_model_set (--set, interventions,
 * policies, the scenario's set block) and cx_model_get (calibration starts
 * from the scenario's values).
 *
 * Paths: scenario.KEY, segment.NAME.KEY, journey.NAME.TOUCHPOINT.KEY,
 * journey.NAME.frequency[.SEGMENT]; "*" in place of a segment or
 * touchpoint name stands for all of them.
 */
#include "cxsim/model.h"

#include <stdio.h>
#include <string.h>

/* Splits "a.rest" at the first dot: copies "a" into head, returns "rest"
 * or NULL when there is no dot or head does not fit. */
static const char *split(const char *path, char *head, size_t size)
{
    const char *dot = strchr(path, '.');
    if (!dot || (size_t)(dot - path) >= size)
        return NULL;
    memcpy(head, path, (size_t)(dot - path));
    head[dot - path] = '\0';
    return dot + 1;
}

static cx_status set_in(const cx_param_spec *specs, size_t n, void *object,
                        const char *what, const char *key, double value,
                        cx_error *err)
{
    const cx_param_spec *spec = cx_param_find(specs, n, key);
    if (!spec)
        return cx_error_set(err, CX_ERR_USAGE, "%s has no parameter '%s'", what, key);
    cx_error why;
    /* A bad --set value is a mistake on the command line: a usage error. */
    if (cx_param_set(spec, object, value, &why) != CX_OK)
        return cx_error_set(err, CX_ERR_USAGE, "%s: %s", what, why.msg);
    return CX_OK;
}

static cx_status set_segment(cx_model *m, const char *path, double value, cx_error *err)
{
    char name[CX_NAME_MAX], what[CX_NAME_MAX + 16];
    size_t n, hits = 0;
    const cx_param_spec *specs = cx_model_segment_params(&n);
    const char *key = split(path, name, sizeof name);
    if (!key)
        return cx_error_set(err, CX_ERR_USAGE, "expected segment.NAME.KEY, got segment.%s", path);
    for (size_t i = 0; i < m->n_segments; i++) {
        if (strcmp(name, "*") != 0 && strcmp(name, m->segments[i].name) != 0)
            continue;
        snprintf(what, sizeof what, "segment \"%s\"", m->segments[i].name);
        cx_status st = set_in(specs, n, &m->segments[i], what, key, value, err);
        if (st != CX_OK)
            return st;
        hits++;
    }
    return hits ? CX_OK
                : cx_error_set(err, CX_ERR_USAGE, "no segment named \"%s\"", name);
}

static cx_status set_touchpoints(cx_journey *j, const char *tp, const char *key,
                                 double value, cx_error *err)
{
    char what[2 * CX_NAME_MAX + 32];
    size_t n, hits = 0;
    const cx_param_spec *specs = cx_model_touchpoint_params(&n);
    for (size_t k = 0; k < j->n_touchpoints; k++) {
        cx_touchpoint *t = &j->touchpoints[k];
        if (strcmp(tp, "*") != 0 && strcmp(tp, t->name) != 0)
            continue;
        snprintf(what, sizeof what, "touchpoint \"%s.%s\"", j->name, t->name);
        cx_status st = set_in(specs, n, t, what, key, value, err);
        if (st != CX_OK)
            return st;
        hits++;
    }
    return hits ? CX_OK
                : cx_error_set(err, CX_ERR_USAGE, "journey \"%s\" has no touchpoint \"%s\"",
                               j->name, tp);
}

/* journey.NAME.frequency (every segment) or journey.NAME.frequency.SEGMENT. */
static cx_status set_frequency(cx_journey *j, const char *rest, double value, cx_error *err)
{
    const char *segment = rest[9] == '.' ? rest + 10 : NULL;
    cx_error why;
    if (cx_journey_set_frequency(j, segment, value, &why) != CX_OK)
        return cx_error_set(err, CX_ERR_USAGE, "journey \"%s\": %s", j->name, why.msg);
    if (!segment) {     /* "every segment": per-segment values give way */
        for (size_t k = 0; k < j->n_by_segment; k++)
            j->by_segment[k].value = value;
    }
    return CX_OK;
}

static int is_frequency(const char *rest)
{
    return strncmp(rest, "frequency", 9) == 0 && (rest[9] == '\0' || rest[9] == '.');
}

static cx_status set_journey(cx_model *m, const char *path, double value, cx_error *err)
{
    char jname[CX_NAME_MAX], tp[CX_NAME_MAX];
    const char *rest = split(path, jname, sizeof jname);
    for (size_t j = 0; rest && is_frequency(rest) && j < m->n_journeys; j++)
        if (strcmp(m->journeys[j].name, jname) == 0)
            return set_frequency(&m->journeys[j], rest, value, err);
    const char *key = rest ? split(rest, tp, sizeof tp) : NULL;
    if (!key)
        return cx_error_set(err, CX_ERR_USAGE,
                            "expected journey.NAME.TOUCHPOINT.KEY, got journey.%s", path);
    for (size_t j = 0; j < m->n_journeys; j++)
        if (strcmp(m->journeys[j].name, jname) == 0)
            return set_touchpoints(&m->journeys[j], tp, key, value, err);
    return cx_error_set(err, CX_ERR_USAGE, "no journey named \"%s\"", jname);
}

cx_status cx_model_set(cx_model *m, const char *path, double value, cx_error *err)
{
    size_t n;
    const cx_param_spec *specs = cx_model_scenario_params(&n);
    if (strncmp(path, "scenario.", 9) == 0)
        return set_in(specs, n, m, "scenario", path + 9, value, err);
    if (strncmp(path, "segment.", 8) == 0)
        return set_segment(m, path + 8, value, err);
    if (strncmp(path, "journey.", 8) == 0)
        return set_journey(m, path + 8, value, err);
    return cx_error_set(err, CX_ERR_USAGE,
                        "'%s' must start with scenario., segment. or journey.", path);
}

/* ---- reading a parameter by path ------------------------------------------ */

static cx_status get_in(const cx_param_spec *specs, size_t n, const void *object,
                        const char *what, const char *key, double *value, cx_error *err)
{
    const cx_param_spec *spec = cx_param_find(specs, n, key);
    if (!spec)
        return cx_error_set(err, CX_ERR_USAGE, "%s has no parameter '%s'", what, key);
    *value = cx_param_get(spec, object);
    return CX_OK;
}

/* A wildcard names several parameters: they make one value only if they
 * all hold the same. */
static cx_status agree(const char *path, double v, double *out, size_t *hits, cx_error *err)
{
    if (*hits > 0 && v != *out)
        return cx_error_set(err, CX_ERR_USAGE, "%s names parameters that differ (%.6g and "
                            "%.6g): name one of them", path, *out, v);
    *out = v;
    ++*hits;
    return CX_OK;
}

static cx_status get_segment(const cx_model *m, const char *path, double *out, cx_error *err)
{
    char name[CX_NAME_MAX], what[CX_NAME_MAX + 16];
    size_t n, hits = 0;
    const cx_param_spec *specs = cx_model_segment_params(&n);
    const char *key = split(path + 8, name, sizeof name);
    if (!key)
        return cx_error_set(err, CX_ERR_USAGE, "expected segment.NAME.KEY, got %s", path);
    for (size_t i = 0; i < m->n_segments; i++) {
        double v = 0;
        if (strcmp(name, "*") != 0 && strcmp(name, m->segments[i].name) != 0)
            continue;
        snprintf(what, sizeof what, "segment \"%s\"", m->segments[i].name);
        cx_status st = get_in(specs, n, &m->segments[i], what, key, &v, err);
        if (st == CX_OK)
            st = agree(path, v, out, &hits, err);
        if (st != CX_OK)
            return st;
    }
    return hits ? CX_OK : cx_error_set(err, CX_ERR_USAGE, "no segment named \"%s\"", name);
}

/* journey.J.frequency: the value every segment gets, so all must agree. */
static cx_status get_frequency(const cx_model *m, const cx_journey *j, const char *path,
                               const char *rest, double *out, cx_error *err)
{
    size_t hits = 0;
    if (rest[9] == '.') {
        for (size_t s = 0; s < m->n_segments; s++)
            if (strcmp(m->segments[s].name, rest + 10) == 0) {
                *out = cx_journey_frequency_of(j, &m->segments[s]);
                return CX_OK;
            }
        return cx_error_set(err, CX_ERR_USAGE, "journey \"%s\": frequency: no segment named "
                            "\"%s\"", j->name, rest + 10);
    }
    cx_status st = agree(path, j->frequency, out, &hits, err);
    for (size_t k = 0; st == CX_OK && k < j->n_by_segment; k++)
        st = agree(path, j->by_segment[k].value, out, &hits, err);
    return st;
}

static cx_status get_touchpoints(const cx_journey *j, const char *path, const char *tp,
                                 const char *key, double *out, cx_error *err)
{
    char what[2 * CX_NAME_MAX + 32];
    size_t n, hits = 0;
    const cx_param_spec *specs = cx_model_touchpoint_params(&n);
    for (size_t k = 0; k < j->n_touchpoints; k++) {
        const cx_touchpoint *t = &j->touchpoints[k];
        double v = 0;
        if (strcmp(tp, "*") != 0 && strcmp(tp, t->name) != 0)
            continue;
        snprintf(what, sizeof what, "touchpoint \"%s.%s\"", j->name, t->name);
        cx_status st = get_in(specs, n, t, what, key, &v, err);
        if (st == CX_OK)
            st = agree(path, v, out, &hits, err);
        if (st != CX_OK)
            return st;
    }
    return hits ? CX_OK
                : cx_error_set(err, CX_ERR_USAGE, "journey \"%s\" has no touchpoint \"%s\"",
                               j->name, tp);
}

static cx_status get_journey(const cx_model *m, const char *path, double *out, cx_error *err)
{
    char jname[CX_NAME_MAX], tp[CX_NAME_MAX];
    const char *rest = split(path + 8, jname, sizeof jname);
    const char *key = rest && !is_frequency(rest) ? split(rest, tp, sizeof tp) : NULL;
    if (!rest || (!is_frequency(rest) && !key))
        return cx_error_set(err, CX_ERR_USAGE, "expected journey.NAME.TOUCHPOINT.KEY, got %s",
                            path);
    for (size_t j = 0; j < m->n_journeys; j++) {
        const cx_journey *jr = &m->journeys[j];
        if (strcmp(jr->name, jname) != 0)
            continue;
        return key ? get_touchpoints(jr, path, tp, key, out, err)
                   : get_frequency(m, jr, path, rest, out, err);
    }
    return cx_error_set(err, CX_ERR_USAGE, "no journey named \"%s\"", jname);
}

cx_status cx_model_get(const cx_model *m, const char *path, double *value, cx_error *err)
{
    size_t n;
    const cx_param_spec *specs = cx_model_scenario_params(&n);
    if (strncmp(path, "scenario.", 9) == 0)
        return get_in(specs, n, m, "scenario", path + 9, value, err);
    if (strncmp(path, "segment.", 8) == 0)
        return get_segment(m, path, value, err);
    if (strncmp(path, "journey.", 8) == 0)
        return get_journey(m, path, value, err);
    return cx_error_set(err, CX_ERR_USAGE,
                        "'%s' must start with scenario., segment. or journey.", path);
}
