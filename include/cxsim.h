/* cxsim.h - umbrella header of the cxsim C API.
 *
 * cxsim simulates customer populations moving through customer-experience
 * journeys (docs/model.md). A program loads a scenario (cx_scenario_load), runs
 * replications (cx_batch_run, or in stages until a precision is reached:
 * cx_sequential_run) and summarises or writes them (cx_stats_*, cx_accum_*,
 * cx_results_write). Every public symbol starts with cx_.
 */
#ifndef CXSIM_H
#define CXSIM_H

#include "cxsim/error.h"
#include "cxsim/dist.h"
#include "cxsim/model.h"
#include "cxsim/rng.h"
#include "cxsim/metrics.h"
#include "cxsim/visit.h"
#include "cxsim/memory.h"
#include "cxsim/outcomes.h"
#include "cxsim/engine.h"
#include "cxsim/batch.h"
#include "cxsim/stats.h"
#include "cxsim/verdict.h"
#include "cxsim/running.h"
#include "cxsim/nps.h"
#include "cxsim/accum.h"
#include "cxsim/sequential.h"
#include "cxsim/design.h"
#include "cxsim/uncertainty.h"
#include "cxsim/sobol.h"
#include "cxsim/significance.h"
#include "cxsim/quickwins.h"
#include "cxsim/quickwins_files.h"
#include "cxsim/markov.h"
#include "cxsim/calibrate.h"
#include "cxsim/targets.h"
#include "cxsim/scenario.h"
#include "cxsim/suggest.h"
#include "cxsim/io.h"
#include "cxsim/atomic.h"
#include "cxsim/csv.h"
#include "cxsim/json.h"
#include "cxsim/sha256.h"
#include "cxsim/csv_table.h"
#include "cxsim/csv_stream.h"
#include "cxsim/checkpoint.h"
#include "cxsim/segments_csv.h"
#include "cxsim/results.h"
#include "cxsim/targets.h"
#include "cxsim/quickwins_files.h"
#include "cxsim/draws.h"
#include "cxsim/estimates.h"
#include "cxsim/run.h"
#include "cxsim/quickwins_uncertainty.h"
#include "cxsim/json_value.h"
#include "cxsim/svg.h"
#include "cxsim/report.h"
#include "cxsim/fit.h"

#endif
