/* cxsim/json_value.h - reading a JSON document (RFC 8259) into a tree.
 *
 * Provides: cx_json_value (null, boolean, number, string, array, object)
 * and cx_json_parse, a strict reader: what RFC 8259 allows and nothing more
 * (no comments, no trailing commas, no NaN, valid UTF-8, no \u0000 in a
 * string, no member name twice in one object), at most
 * CX_JSON_PARSE_DEPTH containers deep. Errors in the text name the
 * document and line: "DIR/run.json:7: '}' expected near '\"x\"'".
 * Relies on: cxsim/error.h; jansson does the parsing (docs/architecture.md,
 * "Dependencies"), this header does not expose it. The writer is cx_json_*
 * in cxsim/io.h.
 *
 * Used to read a results directory's run.json (the report); documents are
 * small, so a whole tree is simplest.
 */
#ifndef CXSIM_JSON_VALUE_H
#define CXSIM_JSON_VALUE_H

#include <stddef.h>

#include "cxsim/error.h"

#define CX_JSON_PARSE_DEPTH 64

typedef enum cx_json_type {
    CX_JSON_NULL,
    CX_JSON_BOOL,
    CX_JSON_NUMBER,
    CX_JSON_STRING,
    CX_JSON_ARRAY,
    CX_JSON_OBJECT
} cx_json_type;

typedef struct cx_json_value {
    cx_json_type type;
    int boolean;                    /* CX_JSON_BOOL */
    double number;                  /* CX_JSON_NUMBER */
    char *string;                   /* CX_JSON_STRING: NUL-terminated UTF-8 */
    size_t n;                       /* items (array) or members (object) */
    struct cx_json_value *items;    /* array items, or object member values */
    char **keys;                    /* object member names, in document order */
} cx_json_value;

/* Parses len bytes of buf (name stands for the document in messages; a
 * leading UTF-8 byte-order mark is skipped) into a new tree *out, which the
 * caller frees with cx_json_value_free. Errors: CX_ERR_INPUT "NAME:LINE:
 * what is wrong" (jansson's words) for a fault in the text, "NAME: nested
 * too deeply ..." beyond CX_JSON_PARSE_DEPTH; CX_ERR_NOMEM. *out is NULL
 * on error. */
cx_status cx_json_parse(const char *name, const char *buf, size_t len, cx_json_value **out,
                        cx_error *err);

void cx_json_value_free(cx_json_value *v);

/* The value of object o's first member named key, or NULL (also when o is
 * NULL or not an object). */
const cx_json_value *cx_json_member(const cx_json_value *o, const char *key);

/* The string of o's member key, or NULL when absent or not a string. */
const char *cx_json_member_string(const cx_json_value *o, const char *key);

#endif
