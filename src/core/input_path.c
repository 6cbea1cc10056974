/* input_path.c - the inputs an intervention adds to the parameter paths
 * (intervention.NAME.cost.KEY, intervention.NAME.PATH for one of its set
 * values), the probabilities of start and next tables
 * (journey.NAME.start.T, journey.NAME.T.next.S: coordinates of a simplex,
 * what a Dirichlet draws), and the valid range of any path: what an
 * uncertain input's distribution must stay within (docs/scenarios.md,
 * "Distributions").
 *
 * cx_model_set and cx_model_get hand "intervention." paths here, so that
 * --set, sweep, sensitivity and the draws of --uncertainty reach the
 * effect and the cost of a fix as they reach any parameter.
 */
#include "cxsim/model.h"
#include "model_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int share_parts(const char *path, char *jname, char *tp, char *comp, int *start);

static const char *const cost_keys[] = {"cost.fixed", "cost.per_customer", "cost.per_visit"};

static double *cost_field(cx_intervention *iv, size_t k)
{
    return k == 0 ? &iv->cost_fixed : k == 1 ? &iv->cost_per_customer : &iv->cost_per_visit;
}

/* The intervention path names (rest: what follows "intervention."), and in
 * *key what follows its name and dot; NULL if none. */
static cx_intervention *find(const cx_model *m, const char *rest, const char **key)
{
    for (size_t i = 0; i < m->n_interventions; i++) {
        size_t n = strlen(m->interventions[i].name);
        if (strncmp(rest, m->interventions[i].name, n) == 0 && rest[n] == '.') {
            *key = rest + n + 1;
            return &m->interventions[i];
        }
    }
    return NULL;
}

static int cost_index(const char *key)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(key, cost_keys[k]) == 0)
            return k;
    return -1;
}

static cx_edit *find_edit(cx_intervention *iv, const char *path)
{
    for (size_t k = 0; k < iv->n_edits; k++)
        if (strcmp(iv->edits[k].path, path) == 0)
            return &iv->edits[k];
    return NULL;
}

/* The target of an intervention path: a cost field or an edit's value. */
static cx_status target(const cx_model *m, const char *path, double **out, const char **edit,
                        cx_error *err)
{
    const char *key = NULL;
    cx_intervention *iv = find(m, path + 13, &key);
    *edit = NULL;
    if (!iv)
        return cx_error_set(err, CX_ERR_USAGE, "%s: no intervention of that name (write "
                            "intervention.NAME.cost.fixed or intervention.NAME.PATH)", path);
    int k = cost_index(key);
    if (k >= 0) {
        *out = cost_field(iv, (size_t)k);
        return CX_OK;
    }
    cx_edit *e = find_edit(iv, key);
    if (!e)
        return cx_error_set(err, CX_ERR_USAGE, "intervention \"%s\" has no cost '%s' and sets "
                            "no '%s' (its cost.fixed, cost.per_customer, cost.per_visit and "
                            "set paths can vary)", iv->name, key, key);
    *out = &e->value;
    *edit = e->path;
    return CX_OK;
}

cx_status cx_model_set_input(cx_model *m, const char *path, double value, cx_error *err)
{
    double *field, lo, hi;
    const char *edit;
    cx_status st = target(m, path, &field, &edit, err);
    if (st != CX_OK)
        return st;
    st = cx_model_bounds(m, path, &lo, &hi, err);
    if (st != CX_OK)
        return st;
    if (!isfinite(value) || value < lo || value > hi)
        return cx_error_set(err, CX_ERR_USAGE, "%s must be in [%.10g,%.10g], got %.10g",
                            path, lo, hi, value);
    *field = value;
    return CX_OK;
}

cx_status cx_model_get_input(const cx_model *m, const char *path, double *value, cx_error *err)
{
    double *field;
    const char *edit;
    cx_status st = target(m, path, &field, &edit, err);
    if (st == CX_OK)
        *value = *field;
    return st;
}

/* The range of the parameter key of a spec table (table: 0 scenario,
 * 1 segment, 2 touchpoint). */
static cx_status spec_bounds(int table, const char *key, const char *path, double *lo,
                             double *hi, cx_error *err)
{
    size_t n;
    const cx_param_spec *specs = table == 0   ? cx_model_scenario_params(&n)
                                 : table == 1 ? cx_model_segment_params(&n)
                                              : cx_model_touchpoint_params(&n);
    const cx_param_spec *s = cx_param_find(specs, n, key);
    if (!s)
        return cx_error_set(err, CX_ERR_USAGE, "%s: no parameter '%s'", path, key);
    *lo = s->lo;
    *hi = s->hi;
    return CX_OK;
}

/* What follows the next dot of s, or NULL. */
static const char *after_dot(const char *s)
{
    const char *d = strchr(s, '.');
    return d ? d + 1 : NULL;
}

cx_status cx_model_bounds(const cx_model *m, const char *path, double *lo, double *hi,
                          cx_error *err)
{
    const char *key;
    if (strncmp(path, "intervention.", 13) == 0) {
        double *field;
        const char *edit;
        cx_status st = target(m, path, &field, &edit, err);
        if (st != CX_OK || edit)
            return st != CX_OK ? st : cx_model_bounds(m, edit, lo, hi, err);
        *lo = 0, *hi = 1e15;       /* the cost keys' range (docs/scenarios.md) */
        return CX_OK;
    }
    if (strncmp(path, "scenario.", 9) == 0)
        return spec_bounds(0, path + 9, path, lo, hi, err);
    if (strncmp(path, "segment.", 8) == 0 && (key = after_dot(path + 8)))
        return spec_bounds(1, key, path, lo, hi, err);
    const char *rest = strncmp(path, "journey.", 8) == 0 ? after_dot(path + 8) : NULL;
    char jname[CX_NAME_MAX], tp[CX_NAME_MAX], comp[CX_NAME_MAX];
    int start;
    if (share_parts(path, jname, tp, comp, &start)) {     /* a probability of a table */
        *lo = 0, *hi = 1;
        return CX_OK;
    }
    if (rest && strncmp(rest, "frequency", 9) == 0 && (rest[9] == '\0' || rest[9] == '.')) {
        *lo = 0, *hi = 1;
        return CX_OK;
    }
    if (rest && (key = after_dot(rest)))
        return spec_bounds(2, key, path, lo, hi, err);
    return cx_error_set(err, CX_ERR_USAGE, "'%s' is not a parameter path", path);
}

/* ---- probabilities of a simplex: start and next tables ---------------------------
 *
 * journey.J.start.T is the probability that journey J starts at touchpoint
 * T, journey.J.T.next.S that touchpoint T moves on to S (a touchpoint,
 * drop or done). Each is one coordinate of a simplex: the table's entries
 * and its sink, the outcome that takes what the entries leave over (done
 * for a next table, the first touchpoint for a start table: docs/model.md,
 * "Journey graphs"). The sink's probability is its entry, if any, plus
 * that leftover. Set alone (cx_model_set: --set, sweep, sensitivity,
 * calibrate, interventions), a coordinate takes the value and the others
 * scale in proportion, so the table keeps summing to 1; set by a joint
 * draw (cx_model_set_draw), it takes the value and the others are left to
 * the draw's other coordinates.
 */

/* A table seen as a simplex: entry i's probability and name. */
typedef struct simplex {
    char *p;                /* entry i's probability at p + i * pstride */
    const char *name;       /* entry i's name at name + i * nstride */
    size_t pstride, nstride, n;
    const char *sink;       /* the outcome that takes the leftover */
    char what[2 * CX_NAME_MAX + 32];
} simplex;

static double *entry_p(const simplex *s, size_t i)
{
    return (double *)(void *)(s->p + i * s->pstride);
}

static const char *entry_name(const simplex *s, size_t i)
{
    return s->name + i * s->nstride;
}

/* Whether key is a touchpoint parameter's key ("friction"). */
static int touchpoint_key(const char *key)
{
    size_t n;
    const cx_param_spec *specs = cx_model_touchpoint_params(&n);
    return cx_param_find(specs, n, key) != NULL;
}

/* Splits a share path: *start set for journey.J.start.C, else the
 * touchpoint T of journey.J.T.next.C into tp; the journey into jname and
 * the coordinate C into comp. 0 when path is no share path. A touchpoint
 * named start keeps its parameters: journey.J.start.friction is its
 * friction, not a start probability. */
static int share_parts(const char *path, char *jname, char *tp, char *comp, int *start)
{
    if (strncmp(path, "journey.", 8) != 0)
        return 0;
    const char *j = path + 8, *a = strchr(j, '.'), *b, *c;
    if (!a || a == j || (size_t)(a - j) >= CX_NAME_MAX)
        return 0;
    snprintf(jname, CX_NAME_MAX, "%.*s", (int)(a - j), j);
    if (strncmp(a + 1, "start.", 6) == 0 && !strchr(a + 7, '.') && a[7] && !touchpoint_key(a + 7)
        && strlen(a + 7) < CX_NAME_MAX) {
        *start = 1;
        snprintf(comp, CX_NAME_MAX, "%s", a + 7);
        return 1;
    }
    b = strchr(a + 1, '.');
    if (!b || b == a + 1 || (size_t)(b - a - 1) >= CX_NAME_MAX || strncmp(b + 1, "next.", 5))
        return 0;
    c = b + 6;
    if (!*c || strchr(c, '.') || strlen(c) >= CX_NAME_MAX)
        return 0;
    *start = 0;
    snprintf(tp, CX_NAME_MAX, "%.*s", (int)(b - a - 1), a + 1);
    snprintf(comp, CX_NAME_MAX, "%s", c);
    return 1;
}

static const cx_journey *journey_named(const cx_model *m, const char *name)
{
    for (size_t j = 0; j < m->n_journeys; j++)
        if (strcmp(m->journeys[j].name, name) == 0)
            return &m->journeys[j];
    return NULL;
}

int cx_model_share_path(const cx_model *m, const char *path)
{
    char jname[CX_NAME_MAX], tp[CX_NAME_MAX], comp[CX_NAME_MAX];
    int start;
    return share_parts(path, jname, tp, comp, &start) && journey_named(m, jname);
}

int cx_model_start_path(const char *path)
{
    char jname[CX_NAME_MAX], tp[CX_NAME_MAX], comp[CX_NAME_MAX];
    int start = 0;
    return share_parts(path, jname, tp, comp, &start) && start;
}

/* The simplex path names, and in comp its coordinate. */
static cx_status simplex_of(const cx_model *m, const char *path, simplex *s, char *comp,
                            cx_error *err)
{
    char jname[CX_NAME_MAX], tp[CX_NAME_MAX];
    int start;
    share_parts(path, jname, tp, comp, &start);
    cx_journey *j = (cx_journey *)journey_named(m, jname);
    if (strcmp(comp, "*") == 0 || (!start && strcmp(tp, "*") == 0))
        return cx_error_set(err, CX_ERR_USAGE, "%s: a probability of a start or next table "
                            "names one touchpoint (no *)", path);
    if (start) {
        snprintf(s->what, sizeof s->what, "journey \"%s\": start", j->name);
        if (j->n_start == 0)
            return cx_error_set(err, CX_ERR_USAGE, "%s has no table (the journey starts at "
                                "its first touchpoint): write start = { ... } to vary where "
                                "it starts", s->what);
        s->p = (char *)&j->start[0].p;
        s->name = j->start[0].name;
        s->pstride = s->nstride = sizeof j->start[0];
        s->n = j->n_start;
        s->sink = j->touchpoints[0].name;
        return CX_OK;
    }
    for (size_t k = 0; k < j->n_touchpoints; k++) {
        cx_touchpoint *t = &j->touchpoints[k];
        if (strcmp(t->name, tp) != 0)
            continue;
        snprintf(s->what, sizeof s->what, "touchpoint \"%s.%s\": next", j->name, t->name);
        if (t->n_next == 0)
            return cx_error_set(err, CX_ERR_USAGE, "%s has no table (it moves on to the "
                                "touchpoint declared after it): write next = { ... } to vary "
                                "its successors", s->what);
        s->p = (char *)t->next_p;
        s->name = t->next_name[0];
        s->pstride = sizeof t->next_p[0];
        s->nstride = sizeof t->next_name[0];
        s->n = t->n_next;
        s->sink = "done";
        return CX_OK;
    }
    return cx_error_set(err, CX_ERR_USAGE, "journey \"%s\" has no touchpoint \"%s\"", j->name,
                        tp);
}

/* The index of the entry named comp, or -1. */
static long find_entry(const simplex *s, const char *comp)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(entry_name(s, i), comp) == 0)
            return (long)i;
    return -1;
}

/* What the entries leave over, which goes to the sink. */
static double leftover(const simplex *s)
{
    double sum = 0;
    for (size_t i = 0; i < s->n; i++)
        sum += *entry_p(s, i);
    return sum < 1 ? 1 - sum : 0;
}

/* The coordinate comp: its entry (-1 none) and probability. */
static cx_status coordinate_of(const simplex *s, const char *comp, long *e, double *value,
                               cx_error *err)
{
    *e = find_entry(s, comp);
    int sink = strcmp(comp, s->sink) == 0;
    if (*e < 0 && !sink) {
        char list[8 * CX_NAME_MAX] = "";
        size_t used = 0;
        for (size_t i = 0; i < s->n && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                     entry_name(s, i));
        return cx_error_set(err, CX_ERR_USAGE, "%s has no entry \"%s\" (it lists %s; and "
                            "\"%s\" takes what they leave): a value changes a probability, "
                            "not the graph", s->what, comp, list, s->sink);
    }
    *value = (*e >= 0 ? *entry_p(s, (size_t)*e) : 0) + (sink ? leftover(s) : 0);
    return CX_OK;
}

cx_status cx_model_get_share(const cx_model *m, const char *path, double *value,
                             cx_error *err)
{
    simplex s;
    char comp[CX_NAME_MAX];
    long e;
    cx_status st = simplex_of(m, path, &s, comp, err);
    return st != CX_OK ? st : coordinate_of(&s, comp, &e, value, err);
}

cx_status cx_model_set_share(cx_model *m, const char *path, double value, int alone,
                             cx_error *err)
{
    simplex s;
    char comp[CX_NAME_MAX];
    long e;
    double old;
    cx_status st = simplex_of(m, path, &s, comp, err);
    if (st == CX_OK)
        st = coordinate_of(&s, comp, &e, &old, err);
    if (st != CX_OK)
        return st;
    if (!(value >= 0 && value <= 1))
        return cx_error_set(err, CX_ERR_USAGE, "%s.%s must be in [0,1], got %.10g", s.what,
                            comp, value);
    int sink = strcmp(comp, s.sink) == 0;
    if (alone && old < 1) {
        double f = (1 - value) / (1 - old);
        for (size_t i = 0; i < s.n; i++)
            if ((long)i != e)
                *entry_p(&s, i) *= f;
    } else if (alone && sink && value < 1) {
        return cx_error_set(err, CX_ERR_USAGE, "%s.%s: every other outcome has probability "
                            "0, so none can take the %.10g it would give up", s.what, comp,
                            1 - value);
    }
    /* the sink without an entry holds the leftover: scaling the others set it
     * (alone), or the draw's other coordinates will */
    if (e >= 0)
        *entry_p(&s, (size_t)e) = value;
    return CX_OK;
}
