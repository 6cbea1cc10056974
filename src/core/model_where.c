/* model_where.c - where a message about a model element points.
 *
 * Its own file because every file that builds, edits, copies or checks a
 * model (model.c, path.c, intervention.c, ranges.c) names the element's
 * scenario line in its messages: here it uses none of them, so they form
 * no circle of files that call each other (docs/architecture.md).
 */
#include "model_internal.h"

#include <stdio.h>

const char *cx_model_where(const cx_model *m, int line, char *buf, size_t size)
{
    if (m->source[0] && line > 0)
        snprintf(buf, size, "%s:%d: ", m->source, line);
    else if (m->source[0])
        snprintf(buf, size, "%s: ", m->source);
    else
        buf[0] = '\0';
    return buf;
}
