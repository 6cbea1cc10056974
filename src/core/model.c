/* model.c - building, copying, validating and editing a cx_model. */
#include "cxsim/model.h"
#include "model_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_name(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

cx_model *cx_model_new(void)
{
    size_t n;
    const cx_param_spec *specs = cx_model_scenario_params(&n);
    cx_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    cx_param_defaults(specs, n, m);
    copy_name(m->name, sizeof m->name, "unnamed");
    return m;
}

void cx_model_free(cx_model *m)
{
    if (!m)
        return;
    for (size_t j = 0; j < m->n_journeys; j++) {
        free(m->journeys[j].touchpoints);
        free(m->journeys[j].by_segment);
        free(m->journeys[j].start);
    }
    free(m->journeys);
    free(m->segments);
    cx_model_free_interventions(m);
    free(m->ranges);
    free(m);
}

cx_model *cx_model_copy(const cx_model *m)
{
    cx_model *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    *c = *m;
    c->segments = NULL;
    c->journeys = NULL;
    c->n_segments = c->n_journeys = 0;
    c->interventions = NULL;
    c->variants = NULL;
    c->n_interventions = c->n_variants = 0;
    if (cx_model_copy_ranges(c, m) != CX_OK)
        goto fail;
    if (m->n_segments) {
        c->segments = malloc(m->n_segments * sizeof *c->segments);
        if (!c->segments)
            goto fail;
        memcpy(c->segments, m->segments, m->n_segments * sizeof *c->segments);
        c->n_segments = m->n_segments;
    }
    for (size_t j = 0; j < m->n_journeys; j++) {
        const cx_journey *src = &m->journeys[j];
        if (cx_model_add_journey(c, src->name, src->line, src->touchpoints,
                                 src->n_touchpoints, NULL) != CX_OK)
            goto fail;
        cx_journey *dst = &c->journeys[c->n_journeys - 1];
        dst->frequency = src->frequency;
        for (size_t k = 0; k < src->n_by_segment; k++)
            if (cx_journey_set_frequency(dst, src->by_segment[k].segment,
                                         src->by_segment[k].value, NULL) != CX_OK)
                goto fail;
        dst->once = src->once;
        if (src->n_start) {
            dst->start = malloc(src->n_start * sizeof *dst->start);
            if (!dst->start)
                goto fail;
            memcpy(dst->start, src->start, src->n_start * sizeof *dst->start);
            dst->n_start = src->n_start;
        }
    }
    if (cx_model_copy_interventions(c, m) != CX_OK)
        goto fail;
    return c;
fail:
    cx_model_free(c);
    return NULL;
}

void cx_segment_defaults(cx_segment *s, const char *name)
{
    size_t n;
    const cx_param_spec *specs = cx_model_segment_params(&n);
    memset(s, 0, sizeof *s);
    cx_param_defaults(specs, n, s);
    copy_name(s->name, sizeof s->name, name);
}

void cx_touchpoint_defaults(cx_touchpoint *tp, const char *name)
{
    size_t n;
    const cx_param_spec *specs = cx_model_touchpoint_params(&n);
    memset(tp, 0, sizeof *tp);
    cx_param_defaults(specs, n, tp);
    copy_name(tp->name, sizeof tp->name, name);
    copy_name(tp->channel, sizeof tp->channel, "web");
    for (size_t k = 0; k < CX_MAX_NEXT; k++)
        tp->next_index[k] = CX_DONE;
}

cx_status cx_model_add_segment(cx_model *m, const cx_segment *s, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    for (size_t i = 0; i < m->n_segments; i++)
        if (strcmp(m->segments[i].name, s->name) == 0)
            return cx_error_set(err, CX_ERR_INPUT, "%ssegment \"%s\" is declared twice",
                                cx_model_where(m, s->line, at, sizeof at), s->name);
    cx_segment *grown = realloc(m->segments, (m->n_segments + 1) * sizeof *grown);
    if (!grown)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding a segment");
    m->segments = grown;
    m->segments[m->n_segments++] = *s;
    return CX_OK;
}

static cx_status check_touchpoint_names(const cx_model *m, const char *journey,
                                        const cx_touchpoint *tps, size_t n,
                                        cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    for (size_t i = 0; i < n; i++)
        if (strcmp(tps[i].name, "done") == 0 || strcmp(tps[i].name, "drop") == 0)
            return cx_error_set(err, CX_ERR_INPUT,
                                "%sjourney \"%s\": a touchpoint cannot be named \"%s\" "
                                "(it names an end of the journey)",
                                cx_model_where(m, tps[i].line, at, sizeof at), journey,
                                tps[i].name);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < i; k++)
            if (strcmp(tps[i].name, tps[k].name) == 0)
                return cx_error_set(err, CX_ERR_INPUT,
                                    "%sjourney \"%s\": touchpoint \"%s\" appears twice",
                                    cx_model_where(m, tps[i].line, at, sizeof at), journey,
                                    tps[i].name);
    return CX_OK;
}

static int touchpoint_index(const cx_touchpoint *tps, size_t n, const char *name)
{
    if (strcmp(name, "done") == 0)
        return CX_DONE;
    if (strcmp(name, "drop") == 0)
        return CX_DROP;
    for (size_t k = 0; k < n; k++)
        if (strcmp(tps[k].name, name) == 0)
            return (int)k;
    return -2;
}

/* Successors must name touchpoints of the journey (or "done"), once each,
 * with probabilities summing to at most 1. */
static cx_status check_successors(const cx_model *m, const char *journey,
                                  const cx_touchpoint *tps, size_t n,
                                  const cx_touchpoint *tp, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    double sum = 0;
    cx_model_where(m, tp->line, at, sizeof at);
    if (tp->n_next > CX_MAX_NEXT)
        return cx_error_set(err, CX_ERR_INPUT, "%stouchpoint \"%s\": at most %d successors",
                            at, tp->name, CX_MAX_NEXT);
    for (size_t i = 0; i < tp->n_next; i++) {
        if (touchpoint_index(tps, n, tp->next_name[i]) == -2)
            return cx_error_set(err, CX_ERR_INPUT,
                                "%stouchpoint \"%s\": next names \"%s\", which is not a "
                                "touchpoint of journey \"%s\" (nor \"done\" or \"drop\")",
                                at, tp->name, tp->next_name[i], journey);
        for (size_t k = 0; k < i; k++)
            if (strcmp(tp->next_name[k], tp->next_name[i]) == 0)
                return cx_error_set(err, CX_ERR_INPUT, "%stouchpoint \"%s\": next names \"%s\" twice",
                                    at, tp->name, tp->next_name[i]);
        if (!(tp->next_p[i] >= 0 && tp->next_p[i] <= 1))
            return cx_error_set(err, CX_ERR_INPUT,
                                "%stouchpoint \"%s\": next.%s must be in [0,1], got %.10g",
                                at, tp->name, tp->next_name[i], tp->next_p[i]);
        sum += tp->next_p[i];
    }
    if (sum > 1 + 1e-9)
        return cx_error_set(err, CX_ERR_INPUT,
                            "%stouchpoint \"%s\": next probabilities sum to %.10g, more than 1",
                            at, tp->name, sum);
    return CX_OK;
}

/* Resolves names to indices and puts the edges in a canonical order
 * (declaration order, done last), so that a successor's interval of the
 * routing uniform does not depend on the order a caller listed the edges
 * in (a Lua table has none). Insertion sort: at most CX_MAX_NEXT edges. */
static void resolve_successors(const cx_touchpoint *tps, size_t n, cx_touchpoint *tp)
{
    for (size_t i = 0; i < tp->n_next; i++)
        tp->next_index[i] = touchpoint_index(tps, n, tp->next_name[i]);
    for (size_t i = 1; i < tp->n_next; i++) {
        for (size_t k = i; k > 0; k--) {
            unsigned a = (unsigned)tp->next_index[k - 1], b = (unsigned)tp->next_index[k];
            if (a <= b)     /* CX_DROP (-3), then CX_DONE (-1), as unsigned sort last */
                break;
            char name[CX_NAME_MAX];
            double p = tp->next_p[k];
            memcpy(name, tp->next_name[k], CX_NAME_MAX);
            memcpy(tp->next_name[k], tp->next_name[k - 1], CX_NAME_MAX);
            memcpy(tp->next_name[k - 1], name, CX_NAME_MAX);
            tp->next_p[k] = tp->next_p[k - 1];
            tp->next_p[k - 1] = p;
            tp->next_index[k] = (int)a;
            tp->next_index[k - 1] = (int)b;
        }
    }
}

cx_status cx_model_add_journey(cx_model *m, const char *name, int line,
                               const cx_touchpoint *tps, size_t n, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    for (size_t j = 0; j < m->n_journeys; j++)
        if (strcmp(m->journeys[j].name, name) == 0)
            return cx_error_set(err, CX_ERR_INPUT, "%sjourney \"%s\" is declared twice",
                                cx_model_where(m, line, at, sizeof at), name);
    cx_status st = check_touchpoint_names(m, name, tps, n, err);
    if (st != CX_OK)
        return st;
    for (size_t k = 0; st == CX_OK && k < n; k++)
        st = check_successors(m, name, tps, n, &tps[k], err);
    if (st != CX_OK)
        return st;
    cx_touchpoint *copy = malloc((n ? n : 1) * sizeof *copy);
    cx_journey *grown = copy ? realloc(m->journeys, (m->n_journeys + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(copy);
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory adding a journey");
    }
    if (n)
        memcpy(copy, tps, n * sizeof *copy);
    m->journeys = grown;
    cx_journey *jr = &m->journeys[m->n_journeys++];
    copy_name(jr->name, sizeof jr->name, name);
    jr->line = line;
    jr->touchpoints = copy;
    jr->n_touchpoints = n;
    jr->frequency = 1;
    jr->by_segment = NULL;
    jr->n_by_segment = 0;
    jr->start = NULL;
    jr->n_start = 0;
    jr->once = 0;
    for (size_t k = 0; k < n; k++)
        resolve_successors(copy, n, &copy[k]);
    return CX_OK;
}

static cx_status check_start(const cx_model *m, const cx_journey *j, const char *const *names,
                             const double *p, size_t n, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    double sum = 0;
    cx_model_where(m, j->line, at, sizeof at);
    for (size_t i = 0; i < n; i++) {
        int k = touchpoint_index(j->touchpoints, j->n_touchpoints, names[i]);
        if (k < 0)
            return cx_error_set(err, CX_ERR_INPUT, "%sjourney \"%s\": start names \"%s\", "
                                "which is not a touchpoint of the journey", at, j->name,
                                names[i]);
        for (size_t h = 0; h < i; h++)
            if (strcmp(names[h], names[i]) == 0)
                return cx_error_set(err, CX_ERR_INPUT, "%sjourney \"%s\": start names "
                                    "\"%s\" twice", at, j->name, names[i]);
        if (!(p[i] >= 0 && p[i] <= 1))
            return cx_error_set(err, CX_ERR_INPUT, "%sjourney \"%s\": start.%s must be in "
                                "[0,1], got %.10g", at, j->name, names[i], p[i]);
        sum += p[i];
    }
    if (sum > 1 + 1e-9)
        return cx_error_set(err, CX_ERR_INPUT, "%sjourney \"%s\": start probabilities sum "
                            "to %.10g, more than 1", at, j->name, sum);
    return CX_OK;
}

cx_status cx_journey_set_start(const cx_model *m, cx_journey *j, const char *const *names,
                               const double *p, size_t n, cx_error *err)
{
    cx_status st = check_start(m, j, names, p, n, err);
    if (st != CX_OK)
        return st;
    cx_journey_start *s = n ? malloc(n * sizeof *s) : NULL;
    if (n && !s)
        return cx_error_set(err, CX_ERR_NOMEM, "out of memory setting a start distribution");
    size_t w = 0;   /* in touchpoint order: the start draw's intervals are canonical */
    for (size_t k = 0; k < j->n_touchpoints; k++)
        for (size_t i = 0; i < n; i++)
            if (strcmp(names[i], j->touchpoints[k].name) == 0) {
                copy_name(s[w].name, CX_NAME_MAX, names[i]);
                s[w].p = p[i];
                s[w++].index = (int)k;
            }
    free(j->start);
    j->start = s;
    j->n_start = n;
    return CX_OK;
}

size_t cx_model_touchpoint_count(const cx_model *m)
{
    size_t n = 0;
    for (size_t j = 0; j < m->n_journeys; j++)
        n += m->journeys[j].n_touchpoints;
    return n;
}

int cx_segment_trust_beta(const cx_segment *s, double *a, double *b)
{
    double mu = s->trust_mean, var = s->trust_sd * s->trust_sd;
    if (var <= 0)
        return -1;
    /* Method of moments: nu = mu (1 - mu) / var - 1, a = mu nu, b = (1 - mu) nu. */
    double nu = mu * (1 - mu) / var - 1;
    *a = mu * nu;
    *b = (1 - mu) * nu;
    return 0;
}

static cx_status validate_segment(const cx_model *m, const cx_segment *s, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    cx_model_where(m, s->line, at, sizeof at);
    if (s->w_peak + s->w_end > 1 + 1e-12)
        return cx_error_set(err, CX_ERR_INPUT,
                            "%ssegment \"%s\": w_peak + w_end must be at most 1, got %.10g",
                            at, s->name, s->w_peak + s->w_end);
    double mu = s->trust_mean, var = s->trust_sd * s->trust_sd;
    if (var > 0 && !(var < mu * (1 - mu)))
        return cx_error_set(err, CX_ERR_INPUT,
                            "%ssegment \"%s\": trust.sd %.10g is too large for trust.mean %.10g "
                            "(a Beta needs sd^2 < mean (1 - mean) = %.10g)",
                            at, s->name, s->trust_sd, mu, mu * (1 - mu));
    return CX_OK;
}

cx_status cx_model_validate_segment(const cx_model *m, size_t s, cx_error *err)
{
    return validate_segment(m, &m->segments[s], err);
}

static cx_status validate_frequencies(const cx_model *m, const cx_journey *j,
                                     cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    for (size_t k = 0; k < j->n_by_segment; k++) {
        size_t s = 0;
        while (s < m->n_segments && strcmp(m->segments[s].name, j->by_segment[k].segment) != 0)
            s++;
        if (s == m->n_segments)
            return cx_error_set(err, CX_ERR_INPUT,
                                "%sjourney \"%s\": frequency names segment \"%s\", "
                                "which is not declared",
                                cx_model_where(m, j->line, at, sizeof at), j->name,
                                j->by_segment[k].segment);
    }
    return CX_OK;
}

/* Appends to buf (size bytes, NUL-terminated) what fmt writes, cut at
 * the end of buf. */
static void append(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    if (len + 1 < size)
        vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

/* Shares that do not sum to 1, said where they come from: a segment read
 * from a file (segments_from_csv) carries the file's name, and the fix is
 * usually in the file, so a file that gave every segment is named as the
 * place of the error; segments from several places get each place's part.
 * The segments of one file are consecutive (a second read of the same
 * file would repeat their names), so each run of one file is its part. */
static cx_status shares_error(const cx_model *m, double total, cx_error *err)
{
    char at[CX_PATH_MAX + 32], parts[CX_ERROR_MAX] = "";
    double in_scenario = 0;
    size_t runs = 0, declared = 0;
    cx_model_where(m, m->segments[0].line, at, sizeof at);
    for (size_t i = 0; i < m->n_segments; i++) {
        const cx_segment *s = &m->segments[i];
        if (!s->file[0]) {
            in_scenario += s->share;
            declared++;
            continue;
        }
        if (i > 0 && strcmp(m->segments[i - 1].file, s->file) == 0)
            continue;
        double sum = 0;
        for (size_t k = i; k < m->n_segments && strcmp(m->segments[k].file, s->file) == 0; k++)
            sum += m->segments[k].share;
        append(parts, sizeof parts, "%s%.10g from %s", runs ? ", " : "", sum, s->file);
        runs++;
    }
    if (runs == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%ssegment shares sum to %.10g, they must sum "
                            "to 1", at, total);
    if (runs == 1 && declared == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%s%s: segment shares sum to %.10g, they must "
                            "sum to 1", at, m->segments[0].file, total);
    if (declared)
        append(parts, sizeof parts, ", %.10g from segment calls of the scenario",
               in_scenario);
    return cx_error_set(err, CX_ERR_INPUT, "%ssegment shares sum to %.10g, they must sum to "
                        "1 (%s)", at, total, parts);
}

cx_status cx_model_validate_structure(const cx_model *m, cx_error *err)
{
    char at[CX_PATH_MAX + 32];
    cx_model_where(m, 0, at, sizeof at);
    if (m->n_segments == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%sthe scenario declares no segment", at);
    if (m->n_journeys == 0)
        return cx_error_set(err, CX_ERR_INPUT, "%sthe scenario declares no journey", at);
    double total = 0;
    for (size_t i = 0; i < m->n_segments; i++) {
        cx_status st = validate_segment(m, &m->segments[i], err);
        if (st != CX_OK)
            return st;
        total += m->segments[i].share;
    }
    if (fabs(total - 1) > 1e-6)
        return shares_error(m, total, err);
    for (size_t j = 0; j < m->n_journeys; j++)
        if (m->journeys[j].n_touchpoints == 0)
            return cx_error_set(err, CX_ERR_INPUT, "%sjourney \"%s\" has no touchpoint",
                                cx_model_where(m, m->journeys[j].line, at, sizeof at),
                                m->journeys[j].name);
    for (size_t j = 0; j < m->n_journeys; j++) {
        cx_status st = validate_frequencies(m, &m->journeys[j], err);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}
