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
    "environment: CXSIM_MEMORY_LIMIT=SIZE caps the memory a run may use (8G)\n"
    "MPI builds: mpirun -np K cxsim run ... splits replications across ranks\n"
    "documentation: docs/cli.md, docs/scenarios.md, docs/model.md,\n"
    "               docs/performance.md, docs/cluster.md\n";

static const char run_help[] =
    "usage: cxsim run SCENARIO.lua [--reps N] [--seed S] [--threads T]\n"
    "                 [--out DIR] [--set NAME=VALUE]... [--quiet]\n"
    "\n"
    "Runs N replications of the scenario and prints each metric's mean and\n"
    "95 % confidence interval. With --out, writes DIR/summary.csv,\n"
    "replications.csv, periods.csv, touchpoints.csv and run.json (each whole or\n"
    "not at all).\n"
    "\n"
    "  --reps N        replications (default: the scenario's reps, else 20)\n"
    "  --seed S        master seed, 0..4294967295 (default 1)\n"
    "  --threads T     worker threads (default: one per core); they share the\n"
    "                  replications and the customer blocks of each; results\n"
    "                  do not depend on T (nor on MPI ranks, under mpirun)\n"
    "  --out DIR       results directory (created if missing)\n"
    "  --set P=V       override a parameter by dotted path, e.g.\n"
    "                  --set journey.purchase.checkout.friction=0.1\n"
    "                  --set segment.premium.margin=80 --set scenario.horizon=24\n"
    "  --quiet         no progress on stderr\n"
    "  --unsafe        lift the scenario sandbox (trusted scripts only)\n"
    "\n"
    "A run that cannot fit in memory (CXSIM_MEMORY_LIMIT, else the machine's)\n"
    "is refused before it starts, with exit status 1.\n"
    "\n"
    "examples:\n"
    "  cxsim run scenarios/reference.lua --reps 40 --seed 7 --out results/ref\n"
    "  mpirun -np 4 cxsim run scenarios/reference.lua --reps 400 --out results/ref\n";

static const char compare_help[] =
    "usage: cxsim compare SCENARIO.lua [--reps N] [--seed S] [--threads T]\n"
    "                 [--out DIR] [--set NAME=VALUE]... [--quiet] [--unsafe]\n"
    "\n"
    "Runs every variant of the scenario with common random numbers (the same\n"
    "customers meet the same random events in every variant) and reports, for\n"
    "each variant against the baseline and each metric: both means, the paired\n"
    "difference with its 95 % confidence interval, and the variance reduction\n"
    "pairing bought over two independent runs. roi is (value gained - extra\n"
    "cost) / extra cost. With --out, summary.csv gains ALT-baseline rows and\n"
    "compare.csv holds the comparison. The scenario needs two variants or more.\n"
    "\n"
    "example:\n"
    "  cxsim compare scenarios/checkout_quick_wins.lua --reps 20 --out results/qw\n";

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
