/* cxsim/json.h - writing JSON.
 *
 * Provides: cx_json, a small streaming JSON writer (escaping, pretty
 * printing, numbers in their shortest exact form), its state in a
 * caller-owned struct, no allocation. The reader is cxsim/json_value.h.
 * Relies on: stdio. Numbers are formatted with printf, so the "C"
 * LC_NUMERIC locale is assumed.
 */
#ifndef CXSIM_JSON_H
#define CXSIM_JSON_H

#include <stdio.h>

#define CX_JSON_DEPTH_MAX 32

/* Writer state; caller-owned, set up by cx_json_init, no allocation. */
typedef struct cx_json {
    FILE *fp;
    int indent;                 /* spaces per level; 0 = compact */
    int depth;                  /* open containers */
    int after_key;              /* a key was written; its value comes next */
    int error;                  /* sticky: a write failed or calls misnested */
    unsigned char is_object[CX_JSON_DEPTH_MAX];
    unsigned char has_items[CX_JSON_DEPTH_MAX];
} cx_json;

/* Starts a document on fp (not owned) with indent spaces per level. */
void cx_json_init(cx_json *j, FILE *fp, int indent);

/* Containers. Inside an object every value must follow cx_json_key. */
void cx_json_begin_object(cx_json *j);
void cx_json_end_object(cx_json *j);
void cx_json_begin_array(cx_json *j);
void cx_json_end_array(cx_json *j);

/* Writes the key of the next member of the current object. */
void cx_json_key(cx_json *j, const char *key);

/* Values. Strings are escaped (quote, backslash, control characters as
 * \n, \t, ... or \u00XX); valid UTF-8 passes through, each invalid byte
 * becomes U+FFFD. A NULL string is written null. */
void cx_json_string(cx_json *j, const char *s);
/* x in the fewest significant digits (15 to 17, "%.*g") that read back as
 * exactly x, so 0.3 stays 0.3 and nothing is lost; NaN, inf: null. */
void cx_json_number(cx_json *j, double x);
void cx_json_integer(cx_json *j, long long x);
void cx_json_bool(cx_json *j, int b);
void cx_json_null(cx_json *j);

/* Ends the document with "\n". Returns 0 if every write succeeded and
 * every container was closed, -1 otherwise. */
int cx_json_finish(cx_json *j);

#endif
