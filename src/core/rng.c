/* rng.c - Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy
 * as 1, 2, 3", SC 2011) keyed by (seed, replication), counters by
 * (customer, period, touchpoint, purpose); and a gsl_rng over the same
 * counters so GSL's beta and Poisson samplers draw reproducible variates.
 */
#include "cxsim/rng.h"

#include <stdlib.h>

#include <Random123/philox.h>

#include "draw.h"

void cx_rng_init(cx_rng *r, uint32_t seed, uint32_t replication)
{
    r->key[0] = seed;
    r->key[1] = replication;
    r->flip = 0;
}

void cx_rng_set_antithetic(cx_rng *r, int on)
{
    r->flip = on ? 0xffffffffu : 0;
}

void cx_rng_raw4(const cx_rng *r, const uint32_t ctr[4], uint32_t out[4])
{
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{r->key[0], r->key[1]}};
    philox4x32_ctr_t x = philox4x32(c, k);
    for (int i = 0; i < 4; i++)
        out[i] = x.v[i];
}

/* (x + 0.5) / 2^32: the midpoints of 2^32 equal cells, never 0 or 1, so
 * log(u) and the inverse normal CDF are always finite (cx_draw_unit). */
static inline double to_unit(uint32_t x)
{
    return cx_draw_unit(x);
}

void cx_rng_uniform4(const cx_rng *r, uint32_t customer, uint32_t period,
                     uint32_t touchpoint, uint32_t purpose, double u[4])
{
    cx_draws d;
    cx_draws_init(&d, r);
    cx_draw4(&d, customer, period, touchpoint, purpose, u);
}

/* ---- gsl_rng adapter ---------------------------------------------------- */

typedef struct stream_state {
    cx_rng rng;
    uint32_t ctr[4];
    uint32_t buf[4];
    unsigned pos;           /* next unused word of buf; 4 = empty */
    uint64_t blocks;        /* Philox blocks drawn, for the benchmark */
} stream_state;

static void stream_set(void *vstate, unsigned long seed)
{
    stream_state *s = vstate;
    cx_rng_init(&s->rng, (uint32_t)seed, 0);
    for (int i = 0; i < 4; i++)
        s->ctr[i] = 0;
    s->pos = 4;
    s->blocks = 0;
}

static unsigned long stream_get(void *vstate)
{
    stream_state *s = vstate;
    if (s->pos == 4) {
        cx_rng_raw4(&s->rng, s->ctr, s->buf);
        s->blocks++;
        s->ctr[3] += 65536u;    /* next block of this stream */
        s->pos = 0;
    }
    return s->buf[s->pos++] ^ s->rng.flip;
}

static double stream_get_double(void *vstate)
{
    return to_unit((uint32_t)stream_get(vstate));
}

static const gsl_rng_type stream_type = {
    "cxsim-philox-stream", 0xffffffffUL, 0, sizeof(stream_state),
    stream_set, stream_get, stream_get_double
};

gsl_rng *cx_rng_stream_new(void)
{
    return gsl_rng_alloc(&stream_type);
}

void cx_rng_stream_free(gsl_rng *g)
{
    if (g)
        gsl_rng_free(g);
}

void cx_rng_stream_seek(gsl_rng *g, const cx_rng *r, uint32_t customer,
                        uint32_t period, uint32_t touchpoint, uint32_t purpose)
{
    stream_state *s = g->state;
    s->rng = *r;
    s->ctr[0] = customer;
    s->ctr[1] = period;
    s->ctr[2] = touchpoint;
    s->ctr[3] = purpose;
    s->pos = 4;
}

uint64_t cx_rng_stream_blocks(const gsl_rng *g)
{
    return ((const stream_state *)g->state)->blocks;
}
