/* model_internal.h (private) - what the files of the model (model.c,
 * model_where.c, model_check.c, path.c, intervention.c, ranges.c) share. */
#ifndef CX_MODEL_INTERNAL_H
#define CX_MODEL_INTERNAL_H

#include "cxsim/dist.h"
#include "cxsim/model.h"

/* "FILE:LINE: " (or "FILE: ", or "") for a message about an element
 * declared at line of m's scenario; returns buf. */
const char *cx_model_where(const cx_model *m, int line, char *buf, size_t size);

/* Whether path names a parameter that shapes a run rather than behaviour
 * (horizon, population, reps, max_visits, a segment's share): interventions
 * and policy overrides may not change it. */
int cx_model_structural_path(const char *path);

/* cx_model_validate without the checks of model_check.c: segments,
 * shares, journeys and their frequencies. */
cx_status cx_model_validate_structure(const cx_model *m, cx_error *err);

/* The bounds a range without given ones takes from its distribution: its
 * 5 % and 95 % quantiles (ranges.c). */
void cx_model_range_bounds(const cx_model *m, size_t i, const cx_dist *d, double *lo,
                           double *hi);

/* Frees a model's interventions and variants and empties the lists. */
void cx_model_free_interventions(cx_model *m);

/* Appends copies of src's interventions and variants to dst. */
cx_status cx_model_copy_interventions(cx_model *dst, const cx_model *src);

/* Every intervention's edits apply to m (path exists, value in range) and
 * its segments exist; messages name the file and the intervention's line. */
cx_status cx_model_validate_interventions(const cx_model *m, cx_error *err);

/* Every declared parameter range passes cx_model_check_range; messages
 * name the file and the declaration's line (CX_ERR_INPUT). */
cx_status cx_model_validate_ranges(const cx_model *m, cx_error *err);

/* Sets dst's ranges to a copy of src's (dst's own are not freed). */
cx_status cx_model_copy_ranges(cx_model *dst, const cx_model *src);

/* cx_model_set and cx_model_get of an "intervention.NAME.KEY" path
 * (input_path.c). */
cx_status cx_model_set_input(cx_model *m, const char *path, double value, cx_error *err);
cx_status cx_model_get_input(const cx_model *m, const char *path, double *value,
                             cx_error *err);

/* Probabilities of start and next tables (input_path.c; whether a path
 * names one: cx_model_share_path, cxsim/model.h): whether it is a start
 * path (checked on the path alone: start tables are fixed
 * within a run); and reading and setting one. alone 1: the table's other
 * outcomes scale in proportion to keep its sum (cx_model_set); 0: they
 * are left as they are (cx_model_set_draw). */
int cx_model_start_path(const char *path);
cx_status cx_model_get_share(const cx_model *m, const char *path, double *value,
                             cx_error *err);
cx_status cx_model_set_share(cx_model *m, const char *path, double value, int alone,
                             cx_error *err);

#endif
