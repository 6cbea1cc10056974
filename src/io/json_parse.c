/* json_parse.c - a JSON document (RFC 8259) into a cx_json_value tree,
 * parsed by jansson (docs/architecture.md, "Dependencies").
 *
 * jansson does the reading: what RFC 8259 allows and nothing more (no
 * comments, no trailing commas, no NaN, valid UTF-8, no \u0000 in a
 * string), with the line of the first fault. This file only copies its
 * tree into cx_json_value, which keeps the public header free of jansson's,
 * and bounds the depth callers may meet. */
#include "cxsim/json_value.h"

#include <assert.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Decoding flags: any value at the top (a document may be a scalar),
 * every number a double (as cx_json_value holds it: an integer beyond
 * 2^53 loses digits instead of being refused), a member name given twice
 * refused (which one a reader should take is undefined, RFC 8259 section
 * 4). */
#define DECODE_FLAGS (JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_REJECT_DUPLICATES)

typedef struct copier {
    const char *name;
    cx_error *err;
} copier;

static char *dup_str(const char *s, size_t len)
{
    char *o = malloc(len + 1);
    if (o) {
        memcpy(o, s, len);
        o[len] = '\0';
    }
    return o;
}

static cx_status copy(copier *c, json_t *j, cx_json_value *v, int depth);

/* Array items or object members of j into v->items (and v->keys). */
static cx_status copy_container(copier *c, json_t *j, cx_json_value *v, int depth)
{
    if (depth >= CX_JSON_PARSE_DEPTH)
        return cx_error_set(c->err, CX_ERR_INPUT, "%s: nested too deeply (more than %d "
                            "arrays and objects inside one another)", c->name,
                            CX_JSON_PARSE_DEPTH);
    int obj = json_is_object(j);
    size_t n = obj ? json_object_size(j) : json_array_size(j);
    v->type = obj ? CX_JSON_OBJECT : CX_JSON_ARRAY;
    if (n == 0)
        return CX_OK;
    v->items = calloc(n, sizeof *v->items);
    if (obj)
        v->keys = calloc(n, sizeof *v->keys);
    if (!v->items || (obj && !v->keys))
        return cx_error_set(c->err, CX_ERR_NOMEM, "%s: out of memory", c->name);
    cx_status st = CX_OK;
    if (!obj) {
        /* Counted before the copy, so that a failure frees what it made. */
        for (size_t i = 0; i < n && st == CX_OK; i++)
            st = copy(c, json_array_get(j, i), &v->items[v->n++], depth + 1);
        return st;
    }
    /* jansson keeps an object's members in document order. */
    const char *key;
    size_t key_len;
    json_t *member;
    json_object_keylen_foreach(j, key, key_len, member) {
        assert(v->n < n);
        v->keys[v->n] = dup_str(key, key_len);
        v->n++;     /* counted now, so that a failure below frees the key */
        if (!v->keys[v->n - 1])
            return cx_error_set(c->err, CX_ERR_NOMEM, "%s: out of memory", c->name);
        st = copy(c, member, &v->items[v->n - 1], depth + 1);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

static cx_status copy(copier *c, json_t *j, cx_json_value *v, int depth)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT:
    case JSON_ARRAY: return copy_container(c, j, v, depth);
    case JSON_STRING:
        v->type = CX_JSON_STRING;
        v->string = dup_str(json_string_value(j), json_string_length(j));
        if (!v->string)
            return cx_error_set(c->err, CX_ERR_NOMEM, "%s: out of memory", c->name);
        return CX_OK;
    case JSON_INTEGER:      /* not with JSON_DECODE_INT_AS_REAL; kept for safety */
    case JSON_REAL: v->type = CX_JSON_NUMBER; v->number = json_number_value(j); return CX_OK;
    case JSON_TRUE: v->type = CX_JSON_BOOL; v->boolean = 1; return CX_OK;
    case JSON_FALSE: v->type = CX_JSON_BOOL; return CX_OK;
    case JSON_NULL: v->type = CX_JSON_NULL; return CX_OK;
    }
    assert(0 && "jansson returned a value of no JSON type");
    return CX_OK;
}

static void clear(cx_json_value *v)
{
    for (size_t i = 0; i < v->n; i++) {
        clear(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
}

cx_status cx_json_parse(const char *name, const char *buf, size_t len, cx_json_value **out,
                        cx_error *err)
{
    assert(name && out && err && (buf || len == 0));
    *out = NULL;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;       /* RFC 8259 section 8.1: a parser may ignore a BOM */
        len -= 3;
    }
    json_error_t je;
    json_t *j = json_loadb(buf ? buf : "", len, DECODE_FLAGS, &je);
    if (!j) {
        if (json_error_code(&je) == json_error_out_of_memory)
            return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", name);
        return cx_error_set(err, CX_ERR_INPUT, "%s:%d: %s", name, je.line > 0 ? je.line : 1,
                            je.text);
    }
    cx_json_value *v = calloc(1, sizeof *v);
    cx_status st = v ? CX_OK : cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", name);
    if (st == CX_OK) {
        copier c = {.name = name, .err = err};
        st = copy(&c, j, v, 0);
    }
    json_decref(j);
    if (st != CX_OK) {
        cx_json_value_free(v);
        return st;
    }
    *out = v;
    return CX_OK;
}

void cx_json_value_free(cx_json_value *v)
{
    if (!v)
        return;
    clear(v);
    free(v);
}

const cx_json_value *cx_json_member(const cx_json_value *o, const char *key)
{
    if (!o || o->type != CX_JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < o->n; i++)
        if (o->keys[i] && strcmp(o->keys[i], key) == 0)
            return &o->items[i];
    return NULL;
}

const char *cx_json_member_string(const cx_json_value *o, const char *key)
{
    const cx_json_value *v = cx_json_member(o, key);
    return v && v->type == CX_JSON_STRING ? v->string : NULL;
}
