/* data_internal.h (private) - the aggregate a fit streams its data into:
 * name dictionaries, the store of distinct paths, per-customer state.
 *
 * Every table here grows with distinct things (touchpoints, channels,
 * segments, paths, customers), never with rows: a row updates counters
 * and its customer's open journey, which is folded into the path store
 * when the journey closes.
 */
#ifndef CX_FIT_DATA_INTERNAL_H
#define CX_FIT_DATA_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cxsim/fit.h"

/* Strings to dense indices (open addressing, FNV-1a). */
typedef struct cx_fit_dict {
    uint32_t *slot;         /* index + 1, 0 empty */
    size_t cap;             /* power of two */
    char **key;
    size_t n, key_cap;
} cx_fit_dict;

/* Index of s (len bytes), inserting it when absent (*added set); -1 when
 * out of memory. */
long cx_fit_dict_put(cx_fit_dict *d, const char *s, size_t len, int *added);
long cx_fit_dict_get(const cx_fit_dict *d, const char *s, size_t len);
void cx_fit_dict_free(cx_fit_dict *d);

/* A distinct path: its steps (touchpoint ids) in the id arena. */
typedef struct cx_fit_path {
    size_t off;
    uint32_t len;
    double conv, null, value;
} cx_fit_path;

/* A customer: its open journey and what frequency and churn need. */
typedef struct cx_fit_customer {
    double first_t, last_t; /* first and last visit (time or sequence) */
    uint32_t *path;         /* the open journey's steps */
    uint32_t n, cap;
    uint32_t journeys;
    int32_t segment;        /* -1: none yet */
    int8_t outcome;         /* the open journey's: -1 unknown, 0, 1 */
    int8_t ltr;             /* -1: no answer */
    uint64_t jid;           /* hash of the open journey's id (odd); 0: none */
    size_t line;            /* line of the open journey's last row */
} cx_fit_customer;

#define CX_FIT_MAX_STEPS 10000  /* visits in one journey */

struct cx_fit_data {
    cx_fit_dict tps, chans, segs, custs, tcs;
    /* per touchpoint (id order) */
    uint64_t (*csat)[5];
    size_t tp_cap;
    /* channel counts per (touchpoint, channel): key tp << 32 | channel */
    uint64_t *tc_key;
    double *tc_n;
    size_t tc_cap, tc_len;
    /* paths */
    uint32_t *ids;
    size_t n_ids, ids_cap;
    cx_fit_path *paths;
    size_t n_paths, paths_cap;
    uint32_t *pslot;
    size_t pslot_cap;
    /* segments */
    uint64_t (*ltr)[11];
    size_t seg_cap;
    /* customers (dict custs order) */
    cx_fit_customer *cust;
    size_t cust_cap;
    uint64_t rows, journeys, conversions;
    size_t journey_line;            /* the line of the last journey added (its last row) */
    double t_min, t_max;
    int has_time, has_csat, has_ltr, has_segment, has_channel, from_paths;
    double period, inactive;
    char source[CX_FIT_ROLES][64];  /* the column each role was read from */
    char journey[CX_NAME_MAX];      /* the journey type fitted ("" when not filtered) */
    /* the customer table for churn (customers.c): per segment (one, pooled,
     * when churn_pooled), churned customers and customer-periods */
    double *churn_x, *churn_e;
    double *freq_x;                 /* the log's journeys of the table's customers */
    size_t churn_rows;
    int has_churn_table, churn_pooled;
    char churn_source[96];          /* fit.csv's source of the table's hazards */
    char freq_source[112];          /* and of the frequencies it gives */
};

/* CX_OK when d holds two journeys or more; else CX_ERR_INPUT naming file
 * and the line of its one journey (one journey identifies nothing). */
cx_status cx_fit_data_enough(const cx_fit_data *d, const char *file, cx_error *err);

/* FNV-1a of len bytes at p. */
uint64_t cx_fit_hash(const void *p, size_t len);

/* Touchpoint id of name (checked as a scenario name by the caller). */
long cx_fit_data_tp(cx_fit_data *d, const char *name, size_t len);

/* Adds count journeys along steps[0..n) (touchpoint ids), conv of them
 * converted, with value. CX_ERR_NOMEM. */
cx_status cx_fit_data_add_path(cx_fit_data *d, const uint32_t *steps, size_t n, double conv,
                               double null, double value, cx_error *err);

/* Counts a visit to touchpoint tp in channel name (a cell of file:line,
 * column col named header, for the message when the name is bad). */
cx_status cx_fit_count_channel(cx_fit_data *d, long tp, const char *name, const char *file,
                               size_t line, int col, const char *header, cx_error *err);

/* Whether s can name a touchpoint or segment of a scenario: 1 to 63
 * bytes, no '.' or '*', no control character, not "done" or "drop"
 * (touchpoints only). NULL when it can, else why not. */
const char *cx_fit_bad_name(const char *s, int touchpoint);

#endif
