/* population.h (private) - customers as structure-of-arrays.
 *
 * 18 bytes of state per customer: segment (1), flags (1), trust, first
 * impression, perceived memory of the last journey and margin as floats
 * (16). Arithmetic is done in double and
 * stored rounded to float: the rounding is deterministic, so it does not
 * affect reproducibility, and halves the memory traffic of the inner loop.
 */
#ifndef CX_POPULATION_H
#define CX_POPULATION_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/error.h"

enum cx_customer_flag {
    CX_ACTIVE = 1,      /* active (not churned) */
    CX_SEEN = 2,        /* has made a first journey: `first` is set */
    CX_SHARES = 4       /* consents to personalisation (shares data) */
};

typedef struct cx_population {
    size_t n, cap;
    uint8_t *segment;
    uint8_t *flags;
    float *trust;
    float *first;
    float *memory;      /* R' of the last journey (used in a period without one) */
    float *margin;
} cx_population;

/* Empty population with room for cap customers. */
cx_status cx_population_init(cx_population *p, size_t cap, cx_error *err);
void cx_population_release(cx_population *p);

/* Makes room for n + extra customers (between periods, never in the loop),
 * and an eighth more for the arrivals of later periods. */
cx_status cx_population_reserve(cx_population *p, size_t extra, cx_error *err);

/* Bytes of state per customer. */
size_t cx_population_bytes_per_customer(void);

#endif
