/* cxsim/markov.h - a journey as an absorbing Markov chain: exact
 * completion, abandonment and visits per touchpoint without simulation
 * (docs/model.md, "Verification", the Markov closed forms).
 *
 * Provides: cx_markov_solve, the fundamental-matrix solution of a small
 * absorbing chain whose transient states are arrivals at touchpoints (a
 * visit or a skip, then either abandonment or a move along the graph);
 * cx_markov_journey, that chain built from a model's journey for one kind
 * of customer; cx_markov_journey_mix, the figures over the journeys of a
 * model's first period, as the simulation counts them; and
 * cx_markov_approximations, which says when the chain is not exact.
 * Relies on: model, GSL (LU decomposition and inverse).
 *
 * The theory: Kemeny and Snell, "Finite Markov Chains" (1960), chapter
 * III. With Q the transitions among transient states and N = (I - Q)^-1
 * the fundamental matrix, N[i][j] is the expected number of arrivals at j
 * starting from i, and the probability of ending in an absorbing state is
 * N times the one-step probabilities of entering it. The probability of
 * ever entering a set of states is the absorption probability of the chain
 * in which entering the set absorbs.
 */
#ifndef CXSIM_MARKOV_H
#define CXSIM_MARKOV_H

#include <stddef.h>

#include "cxsim/error.h"
#include "cxsim/model.h"

/* A chain over n transient states. At state s the walk makes a visit with
 * probability visit[s] (else it skips s); a visit abandons with
 * probability abandon[s]; a visit that does not abandon moves to state t
 * with probability after_visit[s * n + t], a skip with after_skip[s * n +
 * t]; what a row leaves over (rows sum to at most 1) ends the walk
 * completed ("done"). label[s] (NULL: s itself) groups states into
 * n_labels touchpoints, for chains whose states carry more than the
 * touchpoint. after_skip may be NULL when every visit[s] is 1. */
typedef struct cx_markov_chain {
    size_t n;
    const double *visit;
    const double *abandon;
    const double *after_visit;
    const double *after_skip;
    const size_t *label;
    size_t n_labels;
} cx_markov_chain;

/* Figures of one touchpoint (label) per walk. */
typedef struct cx_markov_touchpoint {
    double arrivals;    /* expected arrivals (visits and skips) */
    double visits;      /* expected visits */
    double reach;       /* P(at least one visit) */
    double abandon;     /* P(the walk is abandoned here) */
} cx_markov_touchpoint;

/* Figures of a whole walk. */
typedef struct cx_markov_walk {
    double started;     /* P(at least one visit): a journey the metrics count */
    double completed;   /* P(at least one visit and no abandonment) */
} cx_markov_walk;

/* Solves the chain from state start: out[0..n_labels) (n when label is
 * NULL) and *walk. CX_ERR_INPUT when a state the walk can reach cannot
 * reach an end (a loop it never leaves: the simulation cuts it at
 * max_visits, the chain has no answer), naming the state; CX_ERR_USAGE
 * for probabilities outside [0,1] or rows summing over 1; CX_ERR_NOMEM.
 * States the walk cannot reach from start are left out of the system. */
cx_status cx_markov_solve(const cx_markov_chain *c, size_t start,
                          cx_markov_touchpoint *out, cx_markov_walk *walk,
                          cx_error *err);

/* The kind of customer a journey chain is built for. */
typedef struct cx_markov_customer {
    const cx_segment *segment;
    double trust;       /* frozen: abandonment is abandon (1 - kappa trust) */
    int shares_data;    /* personalisation: intrusions hit those who do not */
} cx_markov_customer;

/* Journey j of m (validated) as a chain: a visit to touchpoint k meets a
 * friction-like event with probability 1 - (1 - friction)(1 - break)(1 -
 * intrusion), where a continuity break can happen when the last touchpoint
 * visited was in another channel (so the chain's states are touchpoint and
 * last channel when breaks can happen) and an intrusion only for customers
 * who do not share data; an unrecovered event (probability 1 - attempt
 * success) abandons with probability abandon (1 - kappa trust). out has
 * one entry per touchpoint of the journey. */
cx_status cx_markov_journey(const cx_model *m, size_t j, const cx_markov_customer *who,
                            cx_markov_touchpoint *out, cx_markov_walk *walk,
                            cx_error *err);

/* Journey j over the journeys of period 1: segments weighted by share and
 * the journey's frequency, data sharers by 1 - refuse_data, trust frozen at
 * each segment's mean; every figure is per journey started (at least one
 * visit), as touchpoints.csv counts them, so walk->started is 1 and
 * walk->completed is the completion rate. CX_ERR_INPUT also when no
 * customer makes the journey in period 1. */
cx_status cx_markov_journey_mix(const cx_model *m, size_t j, cx_markov_touchpoint *out,
                                cx_markov_walk *walk, cx_error *err);

/* Why the chain of journey j is not exact for a simulation of period 1
 * (flags; 0: exact, up to Monte Carlo error of the simulation). */
enum {
    /* kappa > 0 where abandonment can happen: the simulation's abandonment
     * depends on each customer's trust, drawn from its prior and moved by
     * recoveries and intrusions during the walk; the chain freezes it */
    CX_MARKOV_TRUST = 1,
    /* the graph has a cycle: the simulation ends a walk after max_visits
     * visits, the chain never does */
    CX_MARKOV_LOOPS = 2
};
unsigned cx_markov_approximations(const cx_model *m, size_t j);

#endif
