/* help.c - `cxsim --help` and `cxsim help VERB`. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char overview[] =
    "usage: cxsim VERB [options]\n"
    "\n"
    "Simulates customers moving through customer-experience journeys and\n"
    "reports churn, NPS, lifetime value and more with Monte Carlo confidence\n"
    "intervals.\n"
    "\n"
    "verbs:\n"
    "  run SCENARIO.lua     simulate a scenario: summary table, results files\n"
    "  compare SCENARIO.lua every variant against the baseline, paired\n"
    "  check SCENARIO.lua   validate a scenario without running it\n"
    "  help VERB            help on one verb\n"
    "\n"
    "  --help, --version\n"
    "\n"
    "exit status: 0 success, 1 simulation failed, 2 usage error, 3 bad input\n"
    "documentation: docs/cli.md, docs/scenarios.md, docs/model.md\n";

static const char run_help[] =
    "usage: cxsim run SCENARIO.lua [--reps N | --reps auto --precision X [--max-reps N]]\n"
    "                 [--antithetic] [--metric NAME]... [--seed S] [--threads T]\n"
    "                 [--out DIR] [--set NAME=VALUE]... [--quiet]\n"
    "\n"
    "Runs N replications of the scenario and prints each metric's mean and\n"
    "95 % confidence interval, then the variance reduction of the primary\n"
    "metric and the NPS inference (within a replication and across them).\n"
    "With --out, writes DIR/summary.csv, replications.csv, periods.csv,\n"
    "touchpoints.csv, run.json, nps.csv and variance.csv (each whole or not at\n"
    "all).\n"
    "\n"
    "  --reps N        replications (default: the scenario's reps, else 20)\n"
    "  --reps auto --precision X\n"
    "                  replicate in stages of 10 until the 95 % CI half-width\n"
    "                  of the primary metric is below X for every variant\n"
    "  --max-reps N    cap of --reps auto (default 1000); a warning if reached\n"
    "  --antithetic    antithetic pairs (u and 1 - u); N rounded up to even;\n"
    "                  intervals over pairs\n"
    "  --metric NAME   the primary metric (repeatable: more variance tables);\n"
    "                  default nps\n"
    "  --seed S        master seed, 0..4294967295 (default 1)\n"
    "  --threads T     worker threads (default: one per core); results do\n"
    "                  not depend on T\n"
    "  --out DIR       results directory (created if missing)\n"
    "  --set P=V       override a parameter by dotted path, e.g.\n"
    "                  --set journey.purchase.checkout.friction=0.1\n"
    "                  --set segment.premium.margin=80 --set scenario.horizon=24\n"
    "  --quiet         no progress on stderr\n"
    "  --unsafe        lift the scenario sandbox (trusted scripts only)\n"
    "\n"
    "examples:\n"
    "  cxsim run scenarios/reference.lua --reps 40 --seed 7 --out results/ref\n"
    "  cxsim run scenarios/reference.lua --reps auto --precision 0.25 --antithetic\n";

static const char compare_help[] =
    "usage: cxsim compare SCENARIO.lua [--reps N | --reps auto --precision X\n"
    "                 [--max-reps N]] [--antithetic] [--metric NAME]... [--seed S]\n"
    "                 [--threads T] [--out DIR] [--set NAME=VALUE]... [--quiet]\n"
    "                 [--unsafe]\n"
    "\n"
    "Runs every variant of the scenario with common random numbers (the same\n"
    "customers meet the same random events in every variant) and reports, for\n"
    "each variant against the baseline and each metric: both means, the paired\n"
    "difference with its 95 % confidence interval, and the variance reduction\n"
    "pairing bought over two independent runs. roi is (value gained - extra\n"
    "cost) / extra cost. With --out, summary.csv gains ALT-baseline rows and\n"
    "compare.csv holds the comparison. The scenario needs two variants or more.\n"
    "With --reps auto --precision X it replicates until the 95 % CI half-width\n"
    "of every paired difference on the primary metric (--metric, default nps)\n"
    "is below X. The other flags are those of 'cxsim help run'.\n"
    "\n"
    "examples:\n"
    "  cxsim compare scenarios/checkout_quick_wins.lua --reps 20 --out results/qw\n"
    "  cxsim compare scenarios/checkout_quick_wins.lua --reps auto --precision 0.5\n";

static const char check_help[] =
    "usage: cxsim check SCENARIO.lua [--set NAME=VALUE]...\n"
    "\n"
    "Loads and validates the scenario and prints what it declares, without\n"
    "simulating. Exit status 3 and a message naming file and line when the\n"
    "scenario is wrong.\n"
    "\n"
    "example:\n"
    "  cxsim check scenarios/reference.lua\n";

int cx_cli_help(const char *verb)
{
    if (!verb) {
        fputs(overview, stdout);
        return 0;
    }
    if (strcmp(verb, "run") == 0) {
        fputs(run_help, stdout);
        return 0;
    }
    if (strcmp(verb, "compare") == 0) {
        fputs(compare_help, stdout);
        return 0;
    }
    if (strcmp(verb, "check") == 0) {
        fputs(check_help, stdout);
        return 0;
    }
    fprintf(stderr, "cxsim: no help for '%s' (verbs: run, compare, check)\n", verb);
    return 2;
}
