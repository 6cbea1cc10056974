/* cxsim/engine.h - one replication of a model.
 *
 * Provides: cx_engine, a per-worker workspace (population arrays, random
 * stream, emotion buffer) and cx_engine_run, which simulates the horizon
 * (MODEL.md "Order and conventions") and returns one tally per period.
 * Relies on: model, rng, visit, memory, outcomes, metrics, GSL randist.
 * The inner loop is free of Lua, I/O and allocation; the population grows
 * only between periods, when customers arrive.
 */
#ifndef CXSIM_ENGINE_H
#define CXSIM_ENGINE_H

#include <stdint.h>

#include "cxsim/error.h"
#include "cxsim/metrics.h"
#include "cxsim/model.h"

typedef struct cx_engine cx_engine;

/* A workspace for model m, which must stay alive and unchanged while the
 * engine is used. NULL and err filled when out of memory or when m has more
 * than 255 segments, 65535 touchpoints or 2^32 - 2 customers. */
cx_engine *cx_engine_new(const cx_model *m, cx_error *err);
void cx_engine_free(cx_engine *e);

/* Runs replication `rep` with master seed `seed`: periods[0..horizon) receive
 * the tallies of periods 1..H, and touchpoints[0..cx_model_touchpoint_count)
 * the horizon tallies of every touchpoint (journeys in declaration order,
 * their touchpoints in order). Same (model, seed, rep), same tallies, on
 * any thread. Fails only when the population cannot grow (CX_ERR_NOMEM). */
cx_status cx_engine_run(cx_engine *e, uint32_t seed, uint32_t rep,
                        cx_tally *periods, cx_tp_tally *touchpoints,
                        cx_error *err);

/* Bytes of state the engine keeps per customer. */
size_t cx_engine_bytes_per_customer(void);

#endif
