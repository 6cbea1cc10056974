/* fit_internal.h (private) - helpers shared by the fit module's files. */
#ifndef CX_FIT_INTERNAL_H
#define CX_FIT_INTERNAL_H

#include "data_internal.h"

enum { CX_FIT_TIME_NONE = 0, CX_FIT_TIME_ISO = 1, CX_FIT_TIME_EPOCH = 2, CX_FIT_TIME_SEQ = 3 };

/* An ISO 8601 date or date-time (YYYY-MM-DD, then T or a space,
 * HH:MM[:SS[.fff]], then Z, +HH:MM, +HHMM, +HH or nothing for UTC) as
 * seconds since the epoch: 0, or -1 when s is not one. */
int cx_fit_parse_iso(const char *s, double *out);

/* A timestamp cell: ISO 8601 (kind CX_FIT_TIME_ISO) or a number of
 * seconds since the epoch (CX_FIT_TIME_EPOCH). 0, or -1. */
int cx_fit_parse_time(const char *s, double *out, int *kind);


#endif
