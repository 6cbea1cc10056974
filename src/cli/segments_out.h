/* segments_out.h (private) - results by segment on stdout (segments_out.c):
 * what run and compare print after their tables when the scenario has
 * several segments; every metric with its interval is in segments.csv. */
#ifndef CX_CLI_SEGMENTS_OUT_H
#define CX_CLI_SEGMENTS_OUT_H

#include "sim.h"

/* run: each variant's headline metrics by segment (nothing with fewer
 * than two segments). */
void cx_cli_print_segments(const cx_cli_sim *s);

/* compare: each variant's paired differences from the baseline by
 * segment, marked where the interval excludes 0, and a sentence for a
 * variant that helps one segment at another's expense. */
void cx_cli_print_segment_differences(const cx_cli_sim *s);

#endif
