/* write.c - the files of a fit (docs/results.md, "cxsim fit"): fitted.lua,
 * transitions.csv, fit.csv, removal.csv. Writers return 0, or -1 when a
 * write failed (the atomic group reports it with the path). */
#include "fit_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/csv.h"

/* ---- CSV files ------------------------------------------------------------------- */

int cx_fit_write_transitions(FILE *fp, const cx_fit *f)
{
    static const char *const head[] = {"from", "to", "probability", "n", "ci_low", "ci_high",
                                       "total", "alpha"};
    int rc = cx_csv_row(fp, head, 8);
    for (size_t i = 0; i < f->n_edge; i++) {
        const cx_fit_edge *e = &f->edge[i];
        const double v[] = {e->p, e->n, e->lo, e->hi, e->total, e->alpha};
        rc |= cx_csv_field(fp, cx_fit_state_name(f, e->from)) | cx_csv_sep(fp) |
              cx_csv_field(fp, cx_fit_state_name(f, e->to));
        for (size_t k = 0; k < 6; k++)
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, v[k]);
        rc |= cx_csv_end_row(fp);
    }
    return rc ? -1 : 0;
}

int cx_fit_write_params(FILE *fp, const cx_fit *f)
{
    static const char *const head[] = {"parameter", "estimate", "ci_low", "ci_high", "n",
                                       "source"};
    int rc = cx_csv_row(fp, head, 6);
    for (size_t i = 0; i < f->n_param; i++) {
        const cx_fit_param *p = &f->param[i];
        rc |= cx_csv_field(fp, p->name);
        rc |= cx_csv_sep(fp) | cx_csv_number(fp, p->value);
        rc |= cx_csv_sep(fp) | cx_csv_number(fp, p->lo);
        rc |= cx_csv_sep(fp) | cx_csv_number(fp, p->hi);
        rc |= cx_csv_sep(fp) | cx_csv_number(fp, p->n);
        rc |= cx_csv_sep(fp) | cx_csv_field(fp, p->source) | cx_csv_end_row(fp);
    }
    return rc ? -1 : 0;
}

int cx_fit_write_removal(FILE *fp, const cx_fit *f, const cx_fit_removal *r,
                         const double *simulated)
{
    static const char *const head[] = {"touchpoint", "removal_effect", "ci_low", "ci_high",
                                       "observed", "simulated"};
    int rc = cx_csv_row(fp, head, simulated ? 6 : 5);
    for (size_t k = 0; k < f->n_tp; k++) {
        rc |= cx_csv_field(fp, f->tp[k]);
        rc |= cx_csv_sep(fp) | cx_csv_number(fp, r[k].effect);
        rc |= cx_csv_sep(fp) | cx_csv_number(fp, r[k].lo);
        rc |= cx_csv_sep(fp) | cx_csv_number(fp, r[k].hi);
        rc |= cx_csv_sep(fp) | cx_csv_number(fp, r[k].observed);
        if (simulated)
            rc |= cx_csv_sep(fp) | cx_csv_number(fp, simulated[k]);
        rc |= cx_csv_end_row(fp);
    }
    return rc ? -1 : 0;
}

/* ---- fitted.lua ------------------------------------------------------------------- */

/* s as a Lua string literal (names hold no control characters: checked
 * when read). */
static void lua_str(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static void lua_key(FILE *fp, const char *s)
{
    fputc('[', fp);
    lua_str(fp, s);
    fputc(']', fp);
}

/* The edges leaving state `from`: [*first, *last). */
static void edges_of(const cx_fit *f, int from, size_t *first, size_t *last)
{
    size_t i = 0;
    while (i < f->n_edge && f->edge[i].from != from)
        i++;
    *first = i;
    while (i < f->n_edge && f->edge[i].from == from)
        i++;
    *last = i;
}

/* The next table of touchpoint k: successors and drop, the CX_MAX_NEXT
 * most frequent when there are more (the others' share spread over the
 * kept edges and the conversion, in proportion); conversion is left over
 * (done). Returns the edges pruned. */
static size_t write_next(FILE *fp, const cx_fit *f, int k)
{
    size_t a, b, n = 0, kept;
    double lost = 0;
    edges_of(f, k, &a, &b);
    size_t *c = malloc((b - a + 1) * sizeof *c);
    if (!c)
        return fprintf(fp, "next = \"done\""), 0;
    for (size_t i = a; i < b; i++)      /* conversion is what the table leaves */
        if (f->edge[i].to != CX_FIT_CONVERSION)
            c[n++] = i;
    /* by count, most first (insertion sort: stable, ties in edge order) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && f->edge[c[j - 1]].n < f->edge[c[j]].n; j--) {
            size_t t = c[j];
            c[j] = c[j - 1];
            c[j - 1] = t;
        }
    kept = n < CX_MAX_NEXT ? n : CX_MAX_NEXT;
    for (size_t i = kept; i < n; i++)
        lost += f->edge[c[i]].p;
    /* the kept ones back in edge order (touchpoints, then drop) */
    for (size_t i = 1; i < kept; i++)
        for (size_t j = i; j > 0 && c[j - 1] > c[j]; j--) {
            size_t t = c[j];
            c[j] = c[j - 1];
            c[j - 1] = t;
        }
    if (kept == 0)
        fprintf(fp, "next = \"done\"");
    else
        fprintf(fp, "next = { ");
    for (size_t i = 0; i < kept; i++) {
        const cx_fit_edge *e = &f->edge[c[i]];
        lua_key(fp, e->to >= 0 ? f->tp[e->to] : "drop");
        fprintf(fp, " = %.10g%s", e->p / (1 - lost), i + 1 < kept ? ", " : " }");
    }
    free(c);
    return n - kept;
}

static void write_header(FILE *fp, const cx_fit *f, const char *source)
{
    fprintf(fp, "-- fitted.lua: written by cxsim fit from %s (docs/fit.md).\n", source);
    fprintf(fp, "-- %llu journeys, %llu converted (%.4g); %zu touchpoints; %zu customers.\n",
            (unsigned long long)f->journeys, (unsigned long long)f->conversions,
            f->conversion_rate, f->n_tp, f->customers);
    fprintf(fp, "-- From the data: where journeys start, every transition, drop-offs\n"
            "-- (next = { drop = p }) and conversions (what next leaves over: done);\n"
            "-- segment shares, frequencies and churn where the log has them; friction\n"
            "-- where CSAT answers exist (continuity = 1: continuity breaks show in\n"
            "-- CSAT as friction). Everything else is a default: fit.csv says which.\n\n");
}

static void write_scenario(FILE *fp, const cx_fit *f, const char *source)
{
    long pop = f->customers ? (long)f->customers : 10000;
    fprintf(fp, "scenario { name = ");
    lua_str(fp, "fitted");
    fprintf(fp, ", horizon = %d, population = %ld, continuity = 1 }\n\n", f->periods,
            pop > 2000000000 ? 2000000000 : pop);
    (void)source;
    for (size_t s = 0; s < f->n_seg; s++) {
        fprintf(fp, "segment ");
        lua_str(fp, f->seg[s]);
        /* all digits: the shares must sum to 1 as the model checks them */
        fprintf(fp, " { share = %.17g", f->share[s]);
        if (!isnan(f->churn[s]))
            fprintf(fp, ", churn = %.10g", fmin(10, f->churn[s]));
        fprintf(fp, " }\n");
    }
}

static void write_journey(FILE *fp, const cx_fit *f, const char *journey, size_t *pruned)
{
    size_t a, b;
    fprintf(fp, "\njourney ");
    lua_str(fp, journey);
    fprintf(fp, " {\n  start = { ");
    edges_of(f, CX_FIT_START, &a, &b);
    for (size_t i = a; i < b; i++) {
        lua_key(fp, f->tp[f->edge[i].to]);
        fprintf(fp, " = %.10g%s", f->edge[i].p, i + 1 < b ? ", " : " },\n");
    }
    int any_freq = 0;
    for (size_t s = 0; s < f->n_seg; s++)
        any_freq |= !isnan(f->frequency[s]);
    if (any_freq) {
        fprintf(fp, "  frequency = { ");
        for (size_t s = 0; s < f->n_seg; s++) {
            lua_key(fp, f->seg[s]);
            fprintf(fp, " = %.10g%s", isnan(f->frequency[s]) ? 1 : f->frequency[s],
                    s + 1 < f->n_seg ? ", " : " },\n");
        }
    }
    for (size_t k = 0; k < f->n_tp; k++) {
        fprintf(fp, "  touchpoint ");
        lua_str(fp, f->tp[k]);
        fprintf(fp, " { channel = ");
        lua_str(fp, f->channel[k]);
        if (!isnan(f->friction[k]))
            fprintf(fp, ", friction = %.10g", f->friction[k]);
        fprintf(fp, ",\n      ");
        *pruned += write_next(fp, f, (int)k);
        fprintf(fp, " },\n");
    }
    fprintf(fp, "}\n");
}

/* Whether the estimate a row of fit.csv gives is one of the graph's (a
 * start or next probability: the Dirichlets below carry them). */
static int graph_param(const char *name)
{
    return strstr(name, ".next.") || strstr(name, ".start.");
}

/* A proportion declared with its Jeffreys posterior: Beta(x + 1/2,
 * n - x + 1/2) for x of n, or 0 when the row is none. */
static int proportion(const cx_fit_param *p)
{
    return !graph_param(p->name) && strncmp(p->name, "observed.", 9) != 0 &&
           !strstr(p->name, ".share") && !isnan(p->lo) && p->hi > p->lo && p->n > 0 &&
           strcmp(p->source, "default") != 0;
}

/* The outcome of edge e as fitted.lua names it in a dirichlet. */
static const char *outcome_name(const cx_fit *f, const cx_fit_edge *e)
{
    return e->to >= 0 ? f->tp[e->to] : e->to == CX_FIT_CONVERSION ? "done" : "drop";
}

/* The edges of state `from` fitted.lua keeps (write_next: at most
 * CX_MAX_NEXT besides the conversion) flagged in keep[a..b); returns how
 * many. */
static size_t kept_edges(const cx_fit *f, size_t a, size_t b, int *keep)
{
    size_t n = 0, kept = 0;
    for (size_t i = a; i < b; i++)
        n += f->edge[i].to != CX_FIT_CONVERSION;
    for (size_t i = a; i < b; i++) {
        /* rank by count as write_next does: edges with more journeys, then earlier */
        size_t above = 0;
        for (size_t j = a; j < b; j++)
            if (f->edge[j].to != CX_FIT_CONVERSION && j != i &&
                (f->edge[j].n > f->edge[i].n || (f->edge[j].n == f->edge[i].n && j < i)))
                above++;
        keep[i - a] = f->edge[i].to == CX_FIT_CONVERSION || n <= CX_MAX_NEXT ||
                      above < CX_MAX_NEXT;
        kept += (size_t)keep[i - a];
    }
    return kept;
}

/* `parameter "journey.J.cart.next" { dist = dirichlet { ... } }` for
 * state `from`: its posterior Dirichlet over the outcomes fitted.lua
 * keeps; when write_next left rare edges out, the kept concentrations
 * are scaled by (all / kept) so that the means stay the posterior's
 * shares renormalised, as the written probabilities are. */
static void write_dirichlet(FILE *fp, const cx_fit *f, const char *journey, int from,
                            size_t a, size_t b, const int *keep)
{
    double all = 0, kept = 0;
    char path[3 * CX_NAME_MAX + 32];
    for (size_t i = a; i < b; i++) {
        all += f->edge[i].alpha;
        kept += keep[i - a] ? f->edge[i].alpha : 0;
    }
    if (from == CX_FIT_START)
        snprintf(path, sizeof path, "journey.%s.start", journey);
    else
        snprintf(path, sizeof path, "journey.%s.%s.next", journey, f->tp[from]);
    fprintf(fp, "parameter ");
    lua_str(fp, path);
    fprintf(fp, " { dist = dirichlet { ");
    for (size_t i = a, w = 0; i < b; i++) {
        if (!keep[i - a])
            continue;
        fprintf(fp, "%s", w++ ? ", " : "");
        lua_key(fp, outcome_name(f, &f->edge[i]));
        fprintf(fp, " = %.10g", f->edge[i].alpha * all / kept);
    }
    fprintf(fp, " } }\n");
}

/* The sampling distribution of every estimate fitted.lua holds, declared
 * so that --uncertainty draws it (docs/scenarios.md, "Distributions";
 * docs/fit.md, "The fitted scenario"): each proportion (friction, churn,
 * frequency) its Jeffreys posterior, a beta; each state's successors and
 * the starts their posterior Dirichlet, one input per outcome. A scenario
 * holds at most CX_MAX_RANGES inputs: the states most journeys leave come
 * first, and those that do not fit are written as comments. */
static void write_uncertainty(FILE *fp, const cx_fit *f, const char *journey)
{
    size_t used = 0, left = 0;
    fprintf(fp, "\n-- Uncertainty of the estimates (docs/fit.md, \"The fitted scenario\"):\n"
            "-- each proportion's posterior, Beta(x + 1/2, n - x + 1/2) for x of n, and\n"
            "-- the posterior Dirichlet of every start and next table (1/2 added to each\n"
            "-- outcome seen), which --uncertainty draws from.\n");
    for (size_t i = 0; i < f->n_param; i++) {
        const cx_fit_param *p = &f->param[i];
        if (!proportion(p) || used == CX_MAX_RANGES)
            continue;
        double x = fmin(p->value * p->n, p->n);
        fprintf(fp, "parameter ");
        lua_str(fp, p->name);
        /* low and high, the 95 % interval, given outright: the range sweep and
         * sensitivity explore, which would otherwise come from GSL's beta
         * quantile function, NaN for some shapes met here (Beta(0.5, 242.5)
         * at 0.975) */
        fprintf(fp, " { dist = beta(%.10g, %.10g), low = %.10g, high = %.10g }\n", x + 0.5,
                p->n - x + 0.5, p->lo, p->hi);
        used++;
    }
    /* states by journeys leaving them, most first (ties: state order) */
    size_t ns = f->n_tp + 1, *order = malloc(ns * sizeof *order);
    int *keep = malloc((f->n_edge + 1) * sizeof *keep), *done = calloc(ns, sizeof *done);
    if (!order || !keep || !done) {
        free(order), free(keep), free(done);
        fprintf(fp, "-- (out of memory writing the graph's posteriors)\n");
        return;
    }
    for (size_t i = 0; i < ns; i++) {
        size_t a, b, at = i;
        edges_of(f, (int)i - 1, &a, &b);
        double total = a < b ? f->edge[a].total : 0;
        while (at > 0) {
            size_t c, d;
            edges_of(f, (int)order[at - 1] - 1, &c, &d);
            if ((c < d ? f->edge[c].total : 0) >= total)
                break;
            order[at] = order[at - 1];
            at--;
        }
        order[at] = i;
    }
    for (size_t o = 0; o < ns; o++) {
        size_t a, b, s = order[o];
        edges_of(f, (int)s - 1, &a, &b);
        size_t k = kept_edges(f, a, b, keep);
        if (k < 2 || k > CX_DIST_MAX_VALUES)   /* one outcome: certain, nothing to draw */
            continue;
        if (used + k > CX_MAX_RANGES) {
            left++;
            continue;
        }
        used += k;
        done[s] = 1;
        write_dirichlet(fp, f, journey, (int)s - 1, a, b, keep);
    }
    if (left)
        fprintf(fp, "-- %zu more table%s: a scenario declares at most %d inputs, so these "
                "posteriors are\n-- comments, fixed at their estimates under --uncertainty:\n",
                left, left == 1 ? "" : "s", CX_MAX_RANGES);
    for (size_t s = 0; left && s < ns; s++) {
        size_t a, b;
        edges_of(f, (int)s - 1, &a, &b);
        if (done[s] || kept_edges(f, a, b, keep) < 2)
            continue;
        fprintf(fp, "--   %s ~ Dirichlet(", cx_fit_state_name(f, (int)s - 1));
        for (size_t i = a; i < b; i++)
            fprintf(fp, "%s = %.10g%s", outcome_name(f, &f->edge[i]), f->edge[i].alpha,
                    i + 1 < b ? ", " : ")\n");
    }
    free(order), free(keep), free(done);
}

int cx_fit_write_lua(FILE *fp, const cx_fit *f, const char *journey, const char *source)
{
    size_t pruned = 0;
    write_header(fp, f, source);
    write_scenario(fp, f, source);
    write_journey(fp, f, journey ? journey : f->journey, &pruned);
    write_uncertainty(fp, f, journey ? journey : f->journey);
    if (pruned)
        fprintf(fp, "-- %zu rare successor edge%s beyond %d per touchpoint left out "
                "(their share spread over the others): transitions.csv has them all.\n",
                pruned, pruned == 1 ? "" : "s", CX_MAX_NEXT);
    return ferror(fp) ? -1 : 0;
}
