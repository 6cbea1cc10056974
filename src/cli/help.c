/* help.c - `cxsim --help` and `cxsim help VERB`. */
#include "verbs.h"

#include <stdio.h>
#include <string.h>

#include "cxsim/suggest.h"

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
    "  quickwins SCENARIO.lua\n"
    "                       rank the interventions: effect, significance, ROI\n"
    "  sweep SCENARIO.lua   metrics over a grid or quasi-random design of parameters\n"
    "  sensitivity SCENARIO.lua\n"
    "                       which parameters move the outcome most (tornado, Sobol')\n"
    "  calibrate SCENARIO.lua --targets T.csv --param P=LO:HI...\n"
    "                       fit parameters to target metrics (observed KPIs)\n"
    "  fit --log FILE | --paths FILE --out DIR\n"
    "                       fit a scenario to an event log or a path table\n"
    "  check SCENARIO.lua   validate a scenario without running it\n"
    "  report DIR [-o FILE] an HTML report (charts, tables) of a results directory\n"
    "  help VERB            help on one verb, with examples\n"
    "\n"
    "  --help, --version\n"
    "\n"
    "output: a table on stdout; --format csv prints the verb's main results file\n"
    "(summary.csv, compare.csv, ...) and --format json all of its tables as one\n"
    "JSON document. Progress goes to stderr, and only when it is a terminal.\n"
    "\n"
    "exit status: 0 success, 1 simulation failed, 2 usage error, 3 bad input\n"
    "environment: CXSIM_MEMORY_LIMIT=SIZE caps the memory a run may use (8G)\n"
    "MPI builds: mpirun -np K cxsim run ... splits replications across ranks\n"
    "documentation: man cxsim; docs/cli.md, docs/scenarios.md, docs/model.md,\n"
    "               docs/analysis.md, docs/performance.md, docs/cluster.md\n"
    "\n"
    "examples:\n"
    "  cxsim check scenarios/reference.lua\n"
    "  cxsim run scenarios/reference.lua --reps 20 --out results/ref\n"
    "  cxsim compare scenarios/checkout_quick_wins.lua --reps 20\n"
    "  cxsim help run\n";

static const char run_help[] =
    "usage: cxsim run SCENARIO.lua [--reps N | --reps auto --precision X [--max-reps N]]\n"
    "                 [--antithetic] [--uncertainty N] [--metric NAME]... [--seed S]\n"
    "                 [--threads T]\n"
    "                 [--out DIR [--force]] [--resume DIR] [--set NAME=VALUE]...\n"
    "                 [--report FILE] [--format table|csv|json] [--quiet]\n"
    "                 [--details] [--unsafe] [--events FILE [--events-sample N]]\n"
    "\n"
    "Runs N replications of the scenario and prints each metric's mean and\n"
    "95 % confidence interval; with --details also the variance reduction of\n"
    "the primary metric and the NPS inference (within a replication and\n"
    "across them).\n"
    "With --out, writes DIR/summary.csv, replications.csv, periods.csv,\n"
    "touchpoints.csv, nps.csv, variance.csv and run.json (all of them or\n"
    "none). Ctrl-C stops cleanly: the replications completed are written\n"
    "(run.json says \"complete\": false) and --resume DIR finishes the run\n"
    "(not with --reps auto or --antithetic, which then write nothing).\n"
    "\n"
    "  --reps N        replications (default: the scenario's reps, else 20)\n"
    "  --reps auto --precision X\n"
    "                  replicate in stages of 10 until the 95 % CI half-width\n"
    "                  of the primary metric is below X for every variant\n"
    "  --max-reps N    cap of --reps auto (default 1000); a warning if reached\n"
    "  --antithetic    antithetic pairs (u and 1 - u); N rounded up to even;\n"
    "                  intervals over pairs\n"
    "  --uncertainty N N outer draws of the scenario's uncertain inputs (their\n"
    "                  distributions), each with --reps inner replications;\n"
    "                  prints P(best), P(loss), expected loss, EVPI, EVPPI;\n"
    "                  --out writes uncertainty.csv, decision.csv, voi.csv,\n"
    "                  draws.csv (docs/analysis.md); without it, intervals\n"
    "                  cover simulation noise only\n"
    "  --metric NAME   the primary metric (repeatable: more variance tables);\n"
    "                  default nps\n"
    "  --details       the expert tables: variance reduction (control variates:\n"
    "                  cv.factor 1/(1-R^2), cv.gain what they bought here) and\n"
    "                  NPS inference\n"
    "  --seed S        master seed, 0..4294967295 (default 1)\n"
    "  --threads T     worker threads (default: one per core); they share the\n"
    "                  replications and the customer blocks of each; results\n"
    "                  do not depend on T (nor on MPI ranks, under mpirun)\n"
    "  --out DIR       results directory (created if missing)\n"
    "  --force         replace the results of a run already in --out DIR\n"
    "  --report FILE   also write the HTML report of --out DIR to FILE\n"
    "                  (as cxsim report DIR -o FILE; needs --out)\n"
    "  --events FILE   also write the visits of replication 0's first customers\n"
    "                  as an event log, the layout cxsim fit reads (docs/fit.md)\n"
    "  --events-sample N  customers in it (default 1000)\n"
    "  --resume DIR    finish the run interrupted in DIR (same scenario, --seed,\n"
    "                  --reps and --set; any --threads): the bytes of one run\n"
    "  --set P=V       override a parameter by dotted path, e.g.\n"
    "                  --set journey.purchase.checkout.friction=0.1\n"
    "                  --set segment.premium.margin=80 --set scenario.horizon=24\n"
    "  --format F      stdout as table (default), csv (summary.csv's rows, nothing\n"
    "                  else) or json (one document: {\"command\", \"scenario\",\n"
    "                  \"summary\": [rows]})\n"
    "  --quiet         no progress on stderr (replications done, rate, time left;\n"
    "                  shown only when stderr is a terminal)\n"
    "  --unsafe        lift the scenario sandbox (trusted scripts only)\n"
    "  A switch (--quiet, --unsafe, --force, --antithetic, --details) also takes\n"
    "  =1 or =0.\n"
    "\n"
    "A run that cannot fit in memory (CXSIM_MEMORY_LIMIT, else the machine's)\n"
    "is refused before it starts, with exit status 1.\n"
    "\n"
    "examples:\n"
    "  cxsim run scenarios/reference.lua --reps 40 --seed 7 --out results/ref\n"
    "  cxsim run scenarios/reference.lua --reps 40 --seed 7 --resume results/ref\n"
    "  cxsim run scenarios/reference.lua --reps auto --precision 0.25 --antithetic\n"
    "  cxsim run scenarios/reference.lua --set scenario.population=5000 --format csv > s.csv\n"
    "  mpirun -np 4 cxsim run scenarios/reference.lua --reps 400 --out results/ref\n";

static const char compare_help[] =
    "usage: cxsim compare SCENARIO.lua [--reps N | --reps auto --precision X\n"
    "                 [--max-reps N]] [--antithetic] [--uncertainty N]\n"
    "                 [--metric NAME]... [--seed S]\n"
    "                 [--threads T] [--out DIR [--force]] [--resume DIR]\n"
    "                 [--set NAME=VALUE]... [--report FILE] [--format table|csv|json]\n"
    "                 [--variant NAME:PATH=VALUE[,PATH=VALUE...][@COST]]...\n"
    "                 [--baseline NAME] [--quiet] [--details] [--unsafe]\n"
    "\n"
    "Opens with a verdict per variant against the baseline, in words: its net\n"
    "value (value gained - extra cost, the net_value metric) with its 95 %\n"
    "interval, extra cost, ROI, the period it pays back in, and whether the\n"
    "difference stands out from the simulation noise (the interval excludes 0).\n"
    "Runs every variant of the scenario with common random numbers (the same\n"
    "customers meet the same random events in every variant) and reports, for\n"
    "each variant against the baseline and each metric: both means, the paired\n"
    "difference with its 95 % confidence interval, and the variance reduction\n"
    "pairing bought over two independent runs. roi is (value gained - extra\n"
    "cost) / extra cost. With --out, summary.csv gains ALT-baseline rows and\n"
    "compare.csv holds the comparison. The scenario needs two variants or more.\n"
    "With --reps auto --precision X it replicates until the 95 % CI half-width\n"
    "of every paired difference on the primary metric (--metric, default nps)\n"
    "is below X. --format csv prints compare.csv; --format json compare.csv and\n"
    "summary.csv as \"compare\" and \"summary\". The other flags work as for run\n"
    "(cxsim help run). The intervals cover simulation noise only; --uncertainty N\n"
    "draws the uncertain inputs N times (each with --reps inner replications)\n"
    "and says how sure the choice is: P(best), P(loss), expected loss, EVPPI.\n"
    "--variant adds a variant from the command line: the baseline with the\n"
    "changes PATH=VALUE (--set paths; journey. may be left out) at COST\n"
    "(AMOUNT once, AMOUNT/customer per customer and period, AMOUNT/visit per\n"
    "visit, joined by +), paired with the baseline like any variant.\n"
    "--baseline NAME compares against another variant (declared or added).\n"
    "\n"
    "examples:\n"
    "  cxsim compare scenarios/checkout_quick_wins.lua --reps 20 --out results/qw\n"
    "  cxsim compare scenarios/reference.lua --uncertainty 200 --reps 4 --out results/u\n"
    "  cxsim compare scenarios/checkout_quick_wins.lua --reps auto --precision 0.5\n"
    "  cxsim compare scenarios/service_recovery.lua --reps 10 --metric churn_rate\n"
    "  cxsim compare scenarios/checkout_quick_wins.lua --reps 10\n"
    "      --variant smoother:purchase.checkout.friction=0.05@20000+0.5/customer\n"
    "  cxsim compare scenarios/checkout_quick_wins.lua --reps 10 --format json > cmp.json\n";

static const char quickwins_help[] =
    "usage: cxsim quickwins SCENARIO.lua [--objective NAME] [--max-combo K]\n"
    "                 [--reps N | --reps auto --precision X [--max-reps N]]\n"
    "                 [--seed S] [--threads T] [--out DIR [--report FILE]]\n"
    "                 [--set NAME=VALUE]... [--format table|csv|json] [--quiet] [--unsafe]\n"
    "\n"
    "Ranks the scenario's interventions. Each intervention the baseline variant\n"
    "does not already have is simulated alone on top of it; then every\n"
    "combination of 2..K of the 5 best singles. All run with common random\n"
    "numbers, so each candidate's effect is paired with the baseline replication\n"
    "by replication. Printed per candidate: the objective's effect (candidate -\n"
    "baseline) with its 95 % CI, the paired t-test p-value adjusted by Holm's\n"
    "method over all candidates and whether it is significant at 5 %, the extra\n"
    "cost and the ROI; then nps, churn_rate, clv_mean and portfolio_value\n"
    "effects, and the objective by segment for the 5 best candidates.\n"
    "With --out, DIR gets quickwins.csv, quickwins_segments.csv and the files\n"
    "compare writes, for the baseline and every candidate.\n"
    "\n"
    "  --objective NAME  what to rank by (default value):\n"
    "                    value  net value, portfolio_value - cost (higher better)\n"
    "                    clv    clv_mean;  nps;  churn (churn_rate, lower better)\n"
    "                    roi    (value gained - extra cost) / extra cost\n"
    "                    or any metric name (docs/results.md)\n"
    "  --max-combo K     largest combination tried (default 3; 1: singles only).\n"
    "                    Runs: (1 + singles + sum over k=2..K of C(min(5, singles), k))\n"
    "                    x N replications\n"
    "  --reps N          replications, at least 2 (default: the scenario's)\n"
    "  --reps auto --precision X\n"
    "                    replicate in stages until every candidate's objective\n"
    "                    effect has a 95 % half-width <= X (objective's units)\n"
    "  --max-reps N      cap of --reps auto (default 1000)\n"
    "  --seed, --threads, --out, --report, --set, --quiet, --unsafe: as for run\n"
    "  --format F        csv: quickwins.csv on stdout; json: quickwins and\n"
    "                    quickwins_segments\n"
    "\n"
    "examples:\n"
    "  cxsim quickwins scenarios/checkout_quick_wins.lua --reps 20 --objective clv \\\n"
    "      --out results/quickwins\n"
    "  cxsim quickwins scenarios/reference.lua --objective nps --reps auto --precision 0.5\n"
    "  cxsim quickwins scenarios/checkout_quick_wins.lua --max-combo 1 --format csv\n";

static const char check_help[] =
    "usage: cxsim check SCENARIO.lua [--set NAME=VALUE]... [--analytic [--reps N]\n"
    "                 [--seed S] [--threads T] [--format table|csv|json]]\n"
    "\n"
    "Loads and validates the scenario and prints what it declares (segments,\n"
    "journeys, interventions, variants, hooks: whether an on_period policy is\n"
    "there), without simulating. Exit status 3 and a message naming file and\n"
    "line when the scenario is wrong, also for a policy's typos: a function\n"
    "named near a hook (on_periods), an unknown name in sim:enable(\"...\").\n"
    "\n"
    "  --analytic      also solve each journey as an absorbing Markov chain:\n"
    "                  per touchpoint the expected visits, the probability of\n"
    "                  reaching it and of abandoning there, and the journey's\n"
    "                  completion, beside the same figures simulated for period 1\n"
    "                  (N replications, no interventions, no on_period); says\n"
    "                  where the chain is only an approximation (trust moving\n"
    "                  abandonment, loops cut at max_visits)\n"
    "  --format F      with --analytic: csv, one row per journey, touchpoint and\n"
    "                  measure (journey,touchpoint,measure,analytic,simulated,\n"
    "                  ci_low,ci_high,n,exact); json, the same rows as \"analytic\"\n"
    "\n"
    "examples:\n"
    "  cxsim check scenarios/reference.lua\n"
    "  cxsim check scenarios/reference.lua --analytic --set segment.*.kappa=0\n"
    "  cxsim check scenarios/omnichannel.lua --set scenario.horizon=24\n"
    "  cxsim check scenarios/reference.lua --analytic --reps 4 --format csv\n";

static const char calibrate_help[] =
    "usage: cxsim calibrate SCENARIO.lua --targets TARGETS.csv --param NAME=LO:HI...\n"
    "                 [--reps N] [--seed S] [--threads T] [--max-evals N] [--tol X]\n"
    "                 [--out DIR [--report FILE]] [--set NAME=VALUE]...\n"
    "                 [--format table|csv|json] [--quiet] [--unsafe]\n"
    "\n"
    "Fits the --param parameters, each within its bounds and starting from the\n"
    "scenario's value, to the target metrics of TARGETS.csv (header metric,value\n"
    "and optionally weight, sd, period; one target per line; or observed KPIs\n"
    "exported wide: period,METRIC,... with METRIC_sd, METRIC_n or n) by minimising\n"
    "sum weight ((simulated - target) / scale)^2, scale = sd, else |target|.\n"
    "The search is the Nelder-Mead simplex (GSL nmsimplex2); every evaluation\n"
    "runs the baseline's N replications with the same seed: common random\n"
    "numbers. Prints the fitted values, the loss and a goodness-of-fit table.\n"
    "With --out, writes DIR/calibration.csv, fit.csv, calibration_trace.csv, the\n"
    "run files of the fit (summary.csv ..., run.json) and DIR/fitted.lua, the\n"
    "scenario with the fitted values (`cxsim run DIR/fitted.lua` reproduces the\n"
    "fit; modules it requires are copied to DIR/lib/).\n"
    "\n"
    "  --param P=LO:HI a parameter to fit (dotted path as for --set), repeatable\n"
    "  --targets FILE  the targets (docs/analysis.md, \"cxsim calibrate\")\n"
    "  --reps N        replications per evaluation (default: the scenario's)\n"
    "  --max-evals N   evaluation cap (default 200)\n"
    "  --tol X         stop when the simplex is smaller than X in logit\n"
    "                  coordinates (default 0.001); also stops when 10 (n + 1)\n"
    "                  evaluations (at least 20) bring no better point\n"
    "  --format F      csv: calibration.csv on stdout; json: calibration, fit and\n"
    "                  calibration_trace\n"
    "  --out DIR [--report FILE]\n"
    "                  the files above; --report also writes DIR's HTML report\n"
    "\n"
    "Progress on a terminal: evaluations against the --max-evals cap, their rate\n"
    "and the time left to the cap.\n"
    "\n"
    "examples:\n"
    "  printf 'metric,value,sd\\nchurn_rate,0.03,0.002\\nnps,10,1\\n' > kpis.csv\n"
    "  cxsim calibrate scenarios/reference.lua --targets kpis.csv \\\n"
    "      --param segment.value_seeker.churn=0.005:0.08 \\\n"
    "      --param journey.purchase.checkout.friction=0.01:0.5 \\\n"
    "      --set scenario.population=5000 --reps 4 --out results/fit\n"
    "  cxsim run results/fit/fitted.lua --reps 20\n";

static const char fit_help[] =
    "usage: cxsim fit (--log LOG.csv | --paths PATHS.csv) --out DIR\n"
    "                 [--column ROLE=NAME]... [--sep C] [--session-gap D]\n"
    "                 [--period D] [--inactive D] [--customers FILE]\n"
    "                 [--customers-column ROLE=NAME]... [--journey-type NAME]\n"
    "                 [--paths-sep C] [--step S] [--bootstrap B] [--seed S]\n"
    "                 [--gof-journeys N] [--report FILE] [--force] [--quiet]\n"
    "\n"
    "Fits a scenario to data (docs/fit.md): an event log, one row per visit\n"
    "(customer, time or sequence, touchpoint, outcome; optionally journey_id,\n"
    "channel, segment, csat, ltr, journey), streamed in bounded memory, or a\n"
    "path table in the layout of attribution tools (path;total_conversions;\n"
    "total_conversion_value;total_null, steps separated by \" > \"). Estimates\n"
    "where journeys start, every transition, drop-offs and conversions, each\n"
    "with a 95 % interval, friction where CSAT answers exist, segment shares,\n"
    "frequencies and churn where the log has them, and each touchpoint's\n"
    "removal effect (exact, absorbing chain) with a bootstrap interval. Writes\n"
    "DIR/fitted.lua (a scenario that runs as is), fit.csv, transitions.csv,\n"
    "removal.csv, gof.csv (observed against fitted.lua simulated) and\n"
    "run.json, all or nothing. Bad data: exit status 3, a message naming\n"
    "file, line and column, nothing written.\n"
    "\n"
    "  --log FILE        an event log CSV; or\n"
    "  --paths FILE      a path table\n"
    "  --column ROLE=NAME  the log's column for ROLE (customer, journey_id, time,\n"
    "                    sequence, touchpoint, channel, segment, outcome, csat,\n"
    "                    ltr, journey); default: the column named ROLE\n"
    "  --sep C           the log's field separator (default ',', 'tab' for a tab)\n"
    "  --session-gap D   without journey_id, a longer gap between a customer's\n"
    "                    visits starts a new journey (default 30m; s, m, h, d)\n"
    "  --period D        the scenario's period for frequency and churn (30d)\n"
    "  --inactive D      a customer silent for D before the log's end churned\n"
    "                    (default: churn is not inferred)\n"
    "  --customers FILE  a customer table for churn: customer, segment (optional),\n"
    "                    first, last (active periods), churned (0/1/true/false);\n"
    "                    hazard = churned / customer-periods per segment, Jeffreys\n"
    "                    interval; wins over --inactive\n"
    "  --customers-column ROLE=NAME  the table's column for ROLE (customer,\n"
    "                    segment, first, last, churned)\n"
    "  --journey-type NAME  only the rows whose journey column is NAME\n"
    "  --paths-sep C     the path table's separator (default ';')\n"
    "  --step S          the separator of steps in a path (default \" > \")\n"
    "  --bootstrap B     draws of the removal effects' intervals (default 1000)\n"
    "  --seed S          seed of the bootstrap and of the simulation (default 1)\n"
    "  --gof-journeys N  journeys simulated for the goodness of fit (20000)\n"
    "  --report FILE     also write the HTML report of DIR to FILE (as cxsim\n"
    "                    report DIR -o FILE: the fitted graph, removal effects,\n"
    "                    observed against simulated)\n"
    "  --force           replace the results already in DIR\n"
    "\n"
    "examples:\n"
    "  cxsim fit --log scenarios/data/web_shop_log.csv --inactive 60d --out results/shop\n"
    "  cxsim fit --paths paths.csv --paths-sep ';' --out results/attribution\n"
    "  cxsim run results/shop/fitted.lua --reps 10\n";

static const char sweep_help[] =
    "usage: cxsim sweep SCENARIO.lua [--param NAME=LO:HI[:STEPS]]... [--design grid|sobol|halton]\n"
    "                 [--points N] [--metric NAME]... [--reps N] [--seed S] [--threads T]\n"
    "                 [--out DIR [--report FILE]] [--set NAME=VALUE]...\n"
    "                 [--format table|csv|json] [--quiet] [--unsafe]\n"
    "\n"
    "Runs the scenario's baseline at every point of a design over the parameters,\n"
    "all points with the same random numbers, and reports each metric's mean and\n"
    "95 % confidence interval per point. NAME is a --set path.\n"
    "\n"
    "  --param P=LO:HI:STEPS   vary P over [LO, HI] (repeatable); without --param,\n"
    "                  the parameters the scenario declares (parameter \"P\" {...})\n"
    "  --design D      grid: every combination of each parameter's STEPS values\n"
    "                  (the default with --param); sobol, halton: --points N\n"
    "                  quasi-random points (the default with the scenario's ranges)\n"
    "  --points N      points of a sobol or halton design (default 64)\n"
    "  --metric M      the metrics to report (repeatable; default: every metric)\n"
    "  --reps N        replications per point (default: the scenario's)\n"
    "  --seed, --threads, --out, --report, --set, --quiet, --unsafe: as for run\n"
    "\n"
    "With --out, writes DIR/sweep.csv (one row per point and metric: point, one\n"
    "column per parameter, metric, mean, sd, ci_low, ci_high, n) and run.json.\n"
    "stdout shows each point with the first metric (the first 100 with --out);\n"
    "--format csv prints sweep.csv whole, --format json its rows as \"sweep\".\n"
    "Progress counts design points.\n"
    "\n"
    "examples:\n"
    "  cxsim sweep scenarios/reference.lua --param journey.purchase.checkout.friction=0.04:0.16:4 \\\n"
    "        --param segment.premium.churn=0.01:0.02:3 --metric nps --reps 4 --out results/sweep\n"
    "  cxsim sweep scenarios/reference.lua --design sobol --points 32 --metric clv_mean\n"
    "  cxsim sweep scenarios/reference.lua --param scenario.continuity=0.5:0.9:5 --metric nps \\\n"
    "        --reps 2 --format csv > continuity.csv\n";

static const char sensitivity_help[] =
    "usage: cxsim sensitivity SCENARIO.lua [--param NAME=LO:HI]... [--metric NAME]...\n"
    "                 [--samples N] [--bootstrap B] [--design sobol|halton] [--reps N]\n"
    "                 [--seed S] [--threads T] [--out DIR [--report FILE]]\n"
    "                 [--set NAME=VALUE]... [--format table|csv|json] [--quiet] [--unsafe]\n"
    "\n"
    "Which parameters move the outcome most, over the ranges the scenario declares\n"
    "(parameter \"P\" { low = ..., high = ... }) or --param gives (--param replaces\n"
    "them). Two answers, all evaluations with the same random numbers:\n"
    "  tornado: each parameter at its low and at its high value, the others at\n"
    "    the scenario's; the swing (high - low) with a 95 % CI paired over\n"
    "    replications, largest first;\n"
    "  Sobol' indices: each parameter's share of the metric's variance when all\n"
    "    vary uniformly over their ranges, alone (first order) and with its\n"
    "    interactions (total), from Saltelli's design with N (k + 2) evaluations,\n"
    "    95 % bootstrap CIs.\n"
    "\n"
    "  --param P=LO:HI  a parameter and its range (repeatable)\n"
    "  --metric M      the metric to explain (repeatable; default nps)\n"
    "  --samples N     base samples of the Sobol' indices (default 64)\n"
    "  --bootstrap B   bootstrap resamples of the intervals (default 1000)\n"
    "  --design D      the sequence of Saltelli's design: sobol (default, up to 20\n"
    "                  parameters) or halton (the default beyond)\n"
    "  --reps N        replications averaged per evaluation (default: the scenario's)\n"
    "  --seed, --threads, --out, --report, --set, --quiet, --unsafe: as for run\n"
    "\n"
    "Cost: (2k + 1 + N (k + 2)) x reps replications for k parameters. With --out,\n"
    "writes DIR/tornado.csv, DIR/sobol.csv and run.json. --format csv prints\n"
    "sobol.csv; --format json sobol and tornado.\n"
    "\n"
    "examples:\n"
    "  cxsim sensitivity scenarios/reference.lua --set scenario.population=10000 --reps 2 \\\n"
    "        --out results/sens\n"
    "  cxsim sensitivity scenarios/reference.lua --metric churn_rate --samples 16 --reps 1\n"
    "  cxsim sensitivity scenarios/reference.lua --param journey.purchase.checkout.friction=0.04:0.2 \\\n"
    "        --param segment.premium.churn=0.01:0.03 --reps 1 --format json > sens.json\n";

/* The verbs help knows, for "did you mean". */
static const char *const help_verbs[] = {
    "run", "compare", "check", "quickwins", "sweep", "sensitivity", "calibrate", "fit",
};

static int no_help(const char *verb)
{
    char hint[96];
    size_t n = sizeof help_verbs / sizeof help_verbs[0];
    cx_suggest_hint(verb, help_verbs, n, hint, sizeof hint);
    fprintf(stderr, "cxsim: no help for '%s'%s (verbs:", verb, hint);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s %s", i ? "," : "", help_verbs[i]);
    fprintf(stderr, ")\n");
    return 2;
}

static const char report_help[] =
    "usage: cxsim report DIR [-o FILE] [--quiet]\n"
    "\n"
    "Writes one self-contained HTML page (inline SVG charts and CSS, no script,\n"
    "nothing fetched: it opens offline) about the results directory DIR of a\n"
    "run, compare, quickwins, sweep, sensitivity, calibrate or fit: run.json\n"
    "says which. A run's page has the headline table with 95 % CIs, the metrics by\n"
    "variant with error bars, retention and NPS over the periods, the emotional\n"
    "arc and friction and abandonment by touchpoint; compare adds the paired\n"
    "differences, quickwins the ranking and impact against cost, sweep the\n"
    "metrics over the design, sensitivity the tornado and Sobol' charts,\n"
    "calibrate the fit, fit the fitted journey graph with its probabilities,\n"
    "removal effects and observed against simulated; a directory of run or\n"
    "compare --uncertainty N gets \"How sure are we?\": the choice with P(best)\n"
    "and P(loss), each variant's net value over the draws, and the EVPPI of\n"
    "each input. docs/report.md describes every section. The verbs that write\n"
    "a results directory write it in one go with --report FILE.\n"
    "\n"
    "  -o, --output FILE   where to write the page (default DIR/report.html);\n"
    "                      written atomically: whole or not at all\n"
    "  --quiet             no \"report in FILE\" line\n"
    "\n"
    "exit status 3 when DIR is not a results directory or a file in it is\n"
    "missing or damaged (the message names FILE:LINE), 1 when FILE cannot be\n"
    "written.\n"
    "\n"
    "examples:\n"
    "  cxsim report results/qw -o qw.html\n"
    "  cxsim compare scenarios/checkout_quick_wins.lua --out results/qw --report qw.html\n";

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
    if (strcmp(verb, "quickwins") == 0) {
        fputs(quickwins_help, stdout);
        return 0;
    }
    if (strcmp(verb, "sweep") == 0) {
        fputs(sweep_help, stdout);
        return 0;
    }
    if (strcmp(verb, "sensitivity") == 0) {
        fputs(sensitivity_help, stdout);
        return 0;
    }
    if (strcmp(verb, "calibrate") == 0) {
        fputs(calibrate_help, stdout);
        return 0;
    }
    if (strcmp(verb, "report") == 0) {
        fputs(report_help, stdout);
        return 0;
    }
    if (strcmp(verb, "fit") == 0) {
        fputs(fit_help, stdout);
        return 0;
    }
    return no_help(verb);
}
