/* variant_arg.c - variants from the command line (variant_arg.h): the
 * text of --variant read into a name, parameter changes and a cost, the
 * model layer does the rest (cx_model_add_adhoc_variant). */
#include "variant_arg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/model.h"

#define MAX_EDITS 64

/* One term of COST: AMOUNT (once), AMOUNT/customer (per active customer
 * and period) or AMOUNT/visit (per visit to a touchpoint it changes), at
 * most once each: cost[0], [1], [2]. */
static cx_status cost_term(char *t, double cost[3], int seen[3], cx_error *err)
{
    static const char *const unit[] = {"", "customer", "visit"};
    char *slash = strchr(t, '/');
    int k = 0;
    if (slash) {
        *slash = '\0';
        for (k = 1; k < 3 && strcmp(slash + 1, unit[k]) != 0; k++)
            ;
        if (k == 3)
            return cx_error_set(err, CX_ERR_USAGE, "cost '%s/%s': the unit is /customer or "
                                "/visit", t, slash + 1);
    }
    if (seen[k]++)
        return cx_error_set(err, CX_ERR_USAGE, "the cost %s is given twice",
                            k ? (k == 1 ? "per customer" : "per visit") : "fixed");
    if (cx_cli_number(t, &cost[k]) != 0 || cost[k] < 0)
        return cx_error_set(err, CX_ERR_USAGE, "cost '%s' is not a number >= 0", t);
    return CX_OK;
}

/* COST: terms joined by '+' (50000+0.4/customer). */
static cx_status parse_cost(char *s, double cost[3], cx_error *err)
{
    int seen[3] = {0, 0, 0};
    for (char *t = s, *next; t; t = next) {
        next = strchr(t, '+');
        if (next)
            *next++ = '\0';
        cx_status st = cost_term(t, cost, seen, err);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

/* PATH=VALUE[,PATH=VALUE...] into e. */
static cx_status parse_edits(char *s, cx_edit *e, size_t *n, cx_error *err)
{
    *n = 0;
    for (char *t = s, *next; t; t = next) {
        next = strchr(t, ',');
        if (next)
            *next++ = '\0';
        char *eq = strchr(t, '=');
        if (!eq || eq == t)
            return cx_error_set(err, CX_ERR_USAGE, "'%s' is not PATH=VALUE", t);
        *eq = '\0';
        if (*n == MAX_EDITS)
            return cx_error_set(err, CX_ERR_USAGE, "at most %d changes", MAX_EDITS);
        if (strlen(t) >= sizeof e->path)
            return cx_error_set(err, CX_ERR_USAGE, "path '%.40s...' is too long", t);
        snprintf(e[*n].path, sizeof e[*n].path, "%s", t);
        if (cx_cli_number(eq + 1, &e[*n].value) != 0)
            return cx_error_set(err, CX_ERR_USAGE, "%s: '%s' is not a number (a decimal "
                                "number within a double's range)", t, eq + 1);
        ++*n;
    }
    return CX_OK;
}

/* One --variant: NAME:CHANGES[@COST]. */
static cx_status apply_one(const char *spec, cx_model *m, cx_error *err)
{
    char buf[4096], name[CX_NAME_MAX + 1];
    cx_edit edits[MAX_EDITS];
    double cost[3] = {0, 0, 0};
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", spec);
    char *colon = strchr(buf, ':'), *at = strrchr(buf, '@');
    if (!colon || colon == buf || (at && at < colon))
        return cx_error_set(err, CX_ERR_USAGE, "--variant needs NAME:PATH=VALUE[,PATH=VALUE"
                            "...][@COST], got '%s'", spec);
    *colon = '\0';
    snprintf(name, sizeof name, "%.*s", (int)(sizeof name - 1), buf);
    if (at)
        *at = '\0';
    cx_status st = strlen(spec) >= sizeof buf
        ? cx_error_set(err, CX_ERR_USAGE, "longer than %zu bytes", sizeof buf - 1)
        : parse_edits(colon + 1, edits, &n, err);
    if (st == CX_OK && at)
        st = parse_cost(at + 1, cost, err);
    if (st == CX_OK)
        st = cx_model_add_adhoc_variant(m, name, edits, n, cost, err);
    if (st != CX_OK) {
        char why[CX_ERROR_MAX];
        snprintf(why, sizeof why, "%s", err->msg);
        cx_error_set(err, st, "--variant %s: %s", name, why);
    }
    return st;
}

static int declared(const struct cx_model *m, const char *name)
{
    for (size_t v = 0; v < m->n_variants; v++)
        if (strcmp(m->variants[v].name, name) == 0)
            return 1;
    return 0;
}

static cx_status set_baseline(cx_model *m, const char *name, cx_error *err)
{
    cx_status st = cx_model_set_baseline(m, name, err);
    if (st != CX_OK) {
        char why[CX_ERROR_MAX];
        snprintf(why, sizeof why, "%s", err->msg);
        cx_error_set(err, st, "--baseline: %s", why);
    }
    return st;
}

cx_status cx_cli_variants_apply(const cx_cli_opts *o, cx_model *m, cx_error *err)
{
    int before = o->baseline && declared(m, o->baseline);
    cx_status st = before ? set_baseline(m, o->baseline, err) : CX_OK;
    /* sweep and sensitivity also take the bare name of a declared variant
     * (docs/cli.md, "--variant NAME (sweep, sensitivity)"): nothing to add */
    int by_name = strcmp(o->verb, "sweep") == 0 || strcmp(o->verb, "sensitivity") == 0;
    for (size_t i = 0; st == CX_OK && i < o->n_variants; i++)
        if (!(by_name && !strchr(o->variants[i], ':')))
            st = apply_one(o->variants[i], m, err);
    if (st == CX_OK && o->baseline && !before)
        st = set_baseline(m, o->baseline, err);
    return st;
}
