/* segments_out.c - results by segment on stdout (segments_out.h): the
 * strategist's four headline metrics per segment, in human numbers, and
 * for compare which segments a variant helps and which it hurts. */
#include "segments_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cxsim/estimates.h"
#include "cxsim/metrics.h"
#include "cxsim/verdict.h"

/* The columns: loyalty, loss, worth of a customer, worth of the segment. */
static const cx_metric headline[] = {CX_M_NPS, CX_M_CHURN_RATE, CX_M_CLV_MEAN,
                                     CX_M_PORTFOLIO_VALUE};
#define NH (sizeof headline / sizeof headline[0])

static cx_estimates source(const cx_cli_sim *s)
{
    return (cx_estimates){s->run.staged ? NULL : s->run.result, s->run.accum};
}

static const cx_batch_result *shape(const cx_cli_sim *s)
{
    return cx_accum_shape(s->run.accum);
}

/* The width of the segment column. */
static int segment_width(const cx_batch_result *b)
{
    int w = (int)strlen("segment");
    for (size_t k = 0; k < b->n_segments; k++)
        if ((int)strlen(b->segment_names[k]) > w)
            w = (int)strlen(b->segment_names[k]);
    return w;
}

static void header(int w, const char *first)
{
    printf("%-*s", w, first);
    for (size_t i = 0; i < NH; i++)
        printf(" %16s", cx_metric_name(headline[i]));
    printf("\n");
}

/* churn_rate as a percentage; the others in 3 significant digits. */
static void cell(cx_metric m, double x, int sign, const char *mark)
{
    char buf[48], num[32];
    if (m == CX_M_CHURN_RATE && !isnan(x))
        snprintf(num, sizeof num, sign ? "%+.3g %%" : "%.2f %%", 100 * x);
    else
        cx_verdict_human(x, sign, num, sizeof num);
    snprintf(buf, sizeof buf, "%s%s", num, mark);
    printf(" %16s", buf);
}

void cx_cli_print_segments(const cx_cli_sim *s)
{
    const cx_batch_result *b = shape(s);
    const cx_estimates src = source(s);
    if (b->n_segments < 2)
        return;
    int w = segment_width(b);
    printf("\nby segment: mean over replications (every metric with its 95 %% CI: "
           "segments.csv)\n");
    for (size_t v = 0; v < s->run.n_variants; v++) {
        printf("%s%s\n", v ? "\n" : "", s->run.names[v]);
        header(w, "segment");
        for (size_t k = 0; k < b->n_segments; k++) {
            printf("%-*s", w, b->segment_names[k]);
            for (size_t i = 0; i < NH; i++) {
                cx_estimate e;
                cx_estimates_get(&src, CX_ESTIMATES_SEGMENT, v, k, headline[i], CX_RUN_LEVEL, &e);
                cell(headline[i], e.mean, 0, "");
            }
            printf("\n");
        }
    }
}

/* +1 where the difference is better and stands out from the noise, -1
 * where it is worse and stands out, else 0 (lower churn is better). */
static int direction(cx_metric m, const cx_estimate *d)
{
    int sign = m == CX_M_CHURN_RATE ? -1 : 1;
    if (d->n >= 2 && d->ci_low > 0)
        return sign;
    if (d->n >= 2 && d->ci_high < 0)
        return -sign;
    return 0;
}

/* "chatbot: nps up for a, b but down for c" for each headline metric
 * that the variant moves both ways, each way standing out from the noise;
 * a blank line before the first (*said). */
static void tradeoffs(const cx_cli_sim *s, size_t v, int *said)
{
    const cx_batch_result *b = shape(s);
    const cx_estimates src = source(s);
    for (size_t i = 0; i < NH; i++) {
        char up[512] = "", down[512] = "";
        for (size_t k = 0; k < b->n_segments; k++) {
            cx_paired p;
            cx_estimates_segment_paired(&src, v, k, headline[i], CX_RUN_LEVEL, &p);
            /* the sign of the change itself: churn_rate "up" is worse */
            int d = p.diff.n >= 2 ? (p.diff.ci_low > 0) - (p.diff.ci_high < 0) : 0;
            char *to = d > 0 ? up : down;
            if (d != 0 && strlen(to) + strlen(b->segment_names[k]) + 3 < sizeof up)
                snprintf(to + strlen(to), sizeof up - strlen(to), "%s%s", *to ? ", " : "",
                         b->segment_names[k]);
        }
        if (!*up || !*down)
            continue;
        if (!(*said)++)
            printf("\nwhere a variant helps one segment at another's expense:\n");
        printf("  %s: %s up for %s, down for %s\n", s->run.names[v],
               cx_metric_name(headline[i]), up, down);
    }
}

void cx_cli_print_segment_differences(const cx_cli_sim *s)
{
    const cx_batch_result *b = shape(s);
    const cx_estimates src = source(s);
    if (b->n_segments < 2)
        return;
    int w = segment_width(b);
    printf("\nby segment: variant - %s, paired (* where the 95 %% CI excludes 0; every "
           "metric: segments.csv)\n", s->run.names[0]);
    for (size_t v = 1; v < s->run.n_variants; v++) {
        printf("%s%s\n", v > 1 ? "\n" : "", s->run.names[v]);
        header(w, "segment");
        for (size_t k = 0; k < b->n_segments; k++) {
            printf("%-*s", w, b->segment_names[k]);
            for (size_t i = 0; i < NH; i++) {
                cx_paired p;
                cx_estimates_segment_paired(&src, v, k, headline[i], CX_RUN_LEVEL, &p);
                cell(headline[i], p.diff.mean, 1, direction(headline[i], &p.diff) ? "*" : " ");
            }
            printf("\n");
        }
    }
    int said = 0;
    for (size_t v = 1; v < s->run.n_variants; v++)
        tradeoffs(s, v, &said);
}
