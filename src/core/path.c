/* path.c - parameters by dotted path: cx_model_set (--set, interventions,
 * policies, the scenario's set block) and cx_model_get (calibration starts
 * from the scenario's values).
 *
 * Paths: scenario.KEY, segment.NAME.KEY, journey.NAME.TOUCHPOINT.KEY,
 * journey.NAME.frequency[.SEGMENT]; "*" in place of a segment or
 * touchpoint name stands for all of them. Probabilities of start and next
 * tables (journey.NAME.start.T, journey.NAME.T.next.S) and intervention
 * inputs are input_path.c's.
 */
#include "cxsim/model.h"
#include "model_internal.h"

#include <stdio.h>
#include <string.h>

#include "cxsim/suggest.h"

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

/* "; did you mean 'X'?" (or "") into hint: the closest parameter key,
 * segment, journey or touchpoint name to a misspelt one. */
#define HINT_MAX (CX_NAME_MAX + 24)

static const char *hint_of(const cx_suggestion *s, char hint[HINT_MAX])
{
    hint[0] = '\0';
    if (s->best)
        snprintf(hint, HINT_MAX, "; did you mean '%s'?", s->best);
    return hint;
}

static const char *key_hint(const cx_param_spec *specs, size_t n, const char *key,
                            char hint[HINT_MAX])
{
    cx_suggestion s;
    cx_suggest_init(&s, key);
    for (size_t i = 0; i < n; i++)
        cx_suggest_add(&s, specs[i].key);
    return hint_of(&s, hint);
}

static const char *segment_hint(const cx_model *m, const char *name, char hint[HINT_MAX])
{
    cx_suggestion s;
    cx_suggest_init(&s, name);
    for (size_t i = 0; i < m->n_segments; i++)
        cx_suggest_add(&s, m->segments[i].name);
    return hint_of(&s, hint);
}

static const char *journey_hint(const cx_model *m, const char *name, char hint[HINT_MAX])
{
    cx_suggestion s;
    cx_suggest_init(&s, name);
    for (size_t i = 0; i < m->n_journeys; i++)
        cx_suggest_add(&s, m->journeys[i].name);
    return hint_of(&s, hint);
}

static const char *touchpoint_hint(const cx_journey *j, const char *name, char hint[HINT_MAX])
{
    cx_suggestion s;
    cx_suggest_init(&s, name);
    for (size_t k = 0; k < j->n_touchpoints; k++)
        cx_suggest_add(&s, j->touchpoints[k].name);
    return hint_of(&s, hint);
}

static cx_status bad_root(const char *path, cx_error *err)
{
    static const char *const roots[] = {"scenario", "segment", "journey", "intervention"};
    char head[32], hint[HINT_MAX];
    cx_suggestion s;
    snprintf(head, sizeof head, "%.*s", (int)strcspn(path, "."), path);
    cx_suggest_init(&s, head);
    for (size_t i = 0; i < 4; i++)
        cx_suggest_add(&s, roots[i]);
    return cx_error_set(err, CX_ERR_USAGE, "'%s' must start with scenario., segment., "
                        "journey. or intervention.%s", path, hint_of(&s, hint));
}

static cx_status set_in(const cx_param_spec *specs, size_t n, void *object,
                        const char *what, const char *key, double value,
                        cx_error *err)
{
    const cx_param_spec *spec = cx_param_find(specs, n, key);
    char hint[HINT_MAX];
    if (!spec)
        return cx_error_set(err, CX_ERR_USAGE, "%s has no parameter '%s'%s", what, key,
                            key_hint(specs, n, key, hint));
    cx_error why;
    /* A bad --set value is a mistake on the command line: a usage error. */
    if (cx_param_set(spec, object, value, &why) != CX_OK)
        return cx_error_set(err, CX_ERR_USAGE, "%s: %s", what, why.msg);
    return CX_OK;
}

static cx_status set_segment(cx_model *m, const char *path, double value, cx_error *err)
{
    char name[CX_NAME_MAX], what[CX_NAME_MAX + 16], hint[HINT_MAX];
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
                : cx_error_set(err, CX_ERR_USAGE, "no segment named \"%s\"%s", name,
                               segment_hint(m, name, hint));
}

static cx_status set_touchpoints(cx_journey *j, const char *tp, const char *key,
                                 double value, cx_error *err)
{
    char what[2 * CX_NAME_MAX + 32], hint[HINT_MAX];
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
                : cx_error_set(err, CX_ERR_USAGE, "journey \"%s\" has no touchpoint \"%s\"%s",
                               j->name, tp, touchpoint_hint(j, tp, hint));
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
    char jname[CX_NAME_MAX], tp[CX_NAME_MAX], hint[HINT_MAX];
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
    return cx_error_set(err, CX_ERR_USAGE, "no journey named \"%s\"%s", jname,
                        journey_hint(m, jname, hint));
}

cx_status cx_model_set(cx_model *m, const char *path, double value, cx_error *err)
{
    size_t n;
    const cx_param_spec *specs = cx_model_scenario_params(&n);
    if (strncmp(path, "scenario.", 9) == 0)
        return set_in(specs, n, m, "scenario", path + 9, value, err);
    if (strncmp(path, "segment.", 8) == 0)
        return set_segment(m, path + 8, value, err);
    if (cx_model_share_path(m, path))      /* start and next tables: input_path.c */
        return cx_model_set_share(m, path, value, 1, err);
    if (strncmp(path, "journey.", 8) == 0)
        return set_journey(m, path + 8, value, err);
    if (strncmp(path, "intervention.", 13) == 0)
        return cx_model_set_input(m, path, value, err);
    return bad_root(path, err);
}

cx_status cx_model_set_draw(cx_model *m, const char *path, double value, cx_error *err)
{
    if (cx_model_share_path(m, path))      /* one coordinate of a joint draw: alone */
        return cx_model_set_share(m, path, value, 0, err);
    return cx_model_set(m, path, value, err);
}

/* ---- reading a parameter by path ------------------------------------------ */

static cx_status get_in(const cx_param_spec *specs, size_t n, const void *object,
                        const char *what, const char *key, double *value, cx_error *err)
{
    const cx_param_spec *spec = cx_param_find(specs, n, key);
    char hint[HINT_MAX];
    if (!spec)
        return cx_error_set(err, CX_ERR_USAGE, "%s has no parameter '%s'%s", what, key,
                            key_hint(specs, n, key, hint));
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
    char name[CX_NAME_MAX], what[CX_NAME_MAX + 16], hint[HINT_MAX];
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
    return hits ? CX_OK : cx_error_set(err, CX_ERR_USAGE, "no segment named \"%s\"%s", name,
                               segment_hint(m, name, hint));
}

/* journey.J.frequency: the value every segment gets, so all must agree. */
static cx_status get_frequency(const cx_model *m, const cx_journey *j, const char *path,
                               const char *rest, double *out, cx_error *err)
{
    size_t hits = 0;
    char hint[HINT_MAX];
    if (rest[9] == '.') {
        for (size_t s = 0; s < m->n_segments; s++)
            if (strcmp(m->segments[s].name, rest + 10) == 0) {
                *out = cx_journey_frequency_of(j, &m->segments[s]);
                return CX_OK;
            }
        return cx_error_set(err, CX_ERR_USAGE, "journey \"%s\": frequency: no segment named "
                            "\"%s\"%s", j->name, rest + 10, segment_hint(m, rest + 10, hint));
    }
    cx_status st = agree(path, j->frequency, out, &hits, err);
    for (size_t k = 0; st == CX_OK && k < j->n_by_segment; k++)
        st = agree(path, j->by_segment[k].value, out, &hits, err);
    return st;
}

static cx_status get_touchpoints(const cx_journey *j, const char *path, const char *tp,
                                 const char *key, double *out, cx_error *err)
{
    char what[2 * CX_NAME_MAX + 32], hint[HINT_MAX];
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
                : cx_error_set(err, CX_ERR_USAGE, "journey \"%s\" has no touchpoint \"%s\"%s",
                               j->name, tp, touchpoint_hint(j, tp, hint));
}

static cx_status get_journey(const cx_model *m, const char *path, double *out, cx_error *err)
{
    char jname[CX_NAME_MAX], tp[CX_NAME_MAX], hint[HINT_MAX];
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
    return cx_error_set(err, CX_ERR_USAGE, "no journey named \"%s\"%s", jname,
                        journey_hint(m, jname, hint));
}

cx_status cx_model_get(const cx_model *m, const char *path, double *value, cx_error *err)
{
    size_t n;
    const cx_param_spec *specs = cx_model_scenario_params(&n);
    if (strncmp(path, "scenario.", 9) == 0)
        return get_in(specs, n, m, "scenario", path + 9, value, err);
    if (strncmp(path, "segment.", 8) == 0)
        return get_segment(m, path, value, err);
    if (cx_model_share_path(m, path))
        return cx_model_get_share(m, path, value, err);
    if (strncmp(path, "journey.", 8) == 0)
        return get_journey(m, path, value, err);
    if (strncmp(path, "intervention.", 13) == 0)
        return cx_model_get_input(m, path, value, err);
    return bad_root(path, err);
}

/* ---- shortened paths ------------------------------------------------------- */

cx_status cx_model_full_path(const cx_model *m, const char *path, char *out, size_t size,
                             cx_error *err)
{
    static const char *const roots[] = {"scenario", "segment", "journey", "intervention"};
    char head[CX_NAME_MAX], hint[HINT_MAX];
    size_t n = strcspn(path, ".");
    int full = 0, journey = 0;
    snprintf(head, sizeof head, "%.*s", (int)(n < sizeof head ? n : sizeof head - 1), path);
    for (size_t i = 0; i < 4; i++)
        full |= path[n] == '.' && strcmp(head, roots[i]) == 0;
    for (size_t j = 0; !full && j < m->n_journeys; j++)
        journey |= path[n] == '.' && strcmp(head, m->journeys[j].name) == 0;
    if (!full && !journey) {
        /* neither form: the nearest root or journey name, as a typo of either */
        cx_suggestion s;
        cx_suggest_init(&s, head);
        for (size_t i = 0; i < 4; i++)
            cx_suggest_add(&s, roots[i]);
        for (size_t j = 0; j < m->n_journeys; j++)
            cx_suggest_add(&s, m->journeys[j].name);
        return cx_error_set(err, CX_ERR_USAGE, "'%s' must start with scenario., segment., "
                            "journey., intervention. or a journey's name (journey. implied)%s",
                            path, hint_of(&s, hint));
    }
    int len = snprintf(out, size, "%s%s", full ? "" : "journey.", path);
    if (len < 0 || (size_t)len >= size)
        return cx_error_set(err, CX_ERR_USAGE, "path '%.40s...' is longer than %zu bytes",
                            path, size - 1);
    return CX_OK;
}
