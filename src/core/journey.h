/* journey.h (private) - walking one customer through one journey.
 *
 * v1 graph: the touchpoints in declaration order, each leading to the next
 * with probability 1 (MODEL.md, "Time, population, journeys"); the walk
 * ends at the last touchpoint or at an abandoning visit.
 */
#ifndef CX_JOURNEY_H
#define CX_JOURNEY_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/model.h"
#include "cxsim/rng.h"

typedef struct cx_walk {
    size_t visits;      /* visits made, >= 1 */
    int abandoned;
    double effort;      /* sum of the visits' effort */
    double csat_sum;    /* sum of the visits' CSAT */
} cx_walk;

/* Walks journey j for customer `customer` in period `period`; e receives the
 * emotion of each visit (room for j->n_touchpoints values, caller-owned).
 * *trust is updated by recoveries as they happen. Allocation-free. */
void cx_journey_walk(const cx_journey *j, const cx_segment *sg, double *trust,
                     const cx_rng *rng, uint32_t customer, uint32_t period,
                     double *e, cx_walk *out);

#endif
