/* json_parse.c - a strict RFC 8259 reader into a cx_json_value tree. */
#include "cxsim/json_value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *name;
    const char *p, *end;
    size_t line;
    cx_error *err;
    cx_status st;
} parser;

static int fail(parser *ps, const char *what)
{
    if (ps->st == CX_OK)
        ps->st = cx_error_set(ps->err, CX_ERR_INPUT, "%s:%zu: %s", ps->name, ps->line, what);
    return -1;
}

static int nomem(parser *ps)
{
    if (ps->st == CX_OK)
        ps->st = cx_error_set(ps->err, CX_ERR_NOMEM, "%s: out of memory", ps->name);
    return -1;
}

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end && strchr(" \t\r\n", *ps->p) && *ps->p) {
        if (*ps->p == '\n')
            ps->line++;
        ps->p++;
    }
}

static int literal(parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return fail(ps, "expected a value (string, number, object, array, true, false "
                        "or null)");
    ps->p += n;
    return 0;
}

/* RFC 8259 section 6: -? int frac? exp?, checked before strtod reads it. */
static int number(parser *ps, cx_json_value *v)
{
    const char *s = ps->p, *q = s;
    if (q < ps->end && *q == '-')
        q++;
    if (q >= ps->end || !(*q >= '0' && *q <= '9'))
        return fail(ps, "expected a value (string, number, object, array, true, false "
                        "or null)");
    if (*q == '0')
        q++;
    else
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    if (q < ps->end && *q == '.') {
        if (++q >= ps->end || !(*q >= '0' && *q <= '9'))
            return fail(ps, "a digit must follow the decimal point");
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < ps->end && (*q == 'e' || *q == 'E')) {
        if (++q < ps->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= ps->end || !(*q >= '0' && *q <= '9'))
            return fail(ps, "a digit must follow the exponent");
        while (q < ps->end && *q >= '0' && *q <= '9')
            q++;
    }
    char buf[64];
    if ((size_t)(q - s) >= sizeof buf)
        return fail(ps, "number too long");
    memcpy(buf, s, (size_t)(q - s));
    buf[q - s] = '\0';
    v->type = CX_JSON_NUMBER;
    v->number = strtod(buf, NULL);
    if (!isfinite(v->number))
        return fail(ps, "number out of range");
    ps->p = q;
    return 0;
}

static int hex4(parser *ps, unsigned *out)
{
    if (ps->end - ps->p < 4)
        return fail(ps, "\\u needs four hex digits");
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        char c = *ps->p++;
        x <<= 4;
        if (c >= '0' && c <= '9')
            x |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            x |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            x |= (unsigned)(c - 'A' + 10);
        else
            return fail(ps, "\\u needs four hex digits");
    }
    *out = x;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* \uXXXX (p after the u), a surrogate pair as one code point. */
static int unicode_escape(parser *ps, unsigned *cp)
{
    if (hex4(ps, cp) != 0)
        return -1;
    if (*cp >= 0xDC00 && *cp <= 0xDFFF)
        return fail(ps, "a low surrogate without its high surrogate");
    if (*cp < 0xD800 || *cp > 0xDBFF)
        return 0;
    unsigned lo;
    if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
        return fail(ps, "a high surrogate without its low surrogate");
    ps->p += 2;
    if (hex4(ps, &lo) != 0)
        return -1;
    if (lo < 0xDC00 || lo > 0xDFFF)
        return fail(ps, "a high surrogate without its low surrogate");
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (lo - 0xDC00);
    return 0;
}

static int escape(parser *ps, char *o, size_t *k)
{
    char c = *ps->p++;
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *e = c ? strchr(from, c) : NULL;
    if (e) {
        o[(*k)++] = to[e - from];
        return 0;
    }
    if (c != 'u')
        return fail(ps, "unknown escape in a string");
    unsigned cp;
    if (unicode_escape(ps, &cp) != 0)
        return -1;
    if (cp == 0)
        return fail(ps, "\\u0000 in a string");
    *k += put_utf8(o + *k, cp);
    return 0;
}

/* A string (p at the opening quote) into a new NUL-terminated copy. Escapes
 * never decode to more bytes than they take, so the raw length bounds it. */
static int string(parser *ps, char **out)
{
    const char *q = ++ps->p;
    while (q < ps->end && *q != '"') {
        if (*q == '\\' && q + 1 < ps->end)
            q++;
        q++;
    }
    if (q >= ps->end)
        return fail(ps, "unterminated string");
    char *o = malloc((size_t)(q - ps->p) + 1);
    if (!o)
        return nomem(ps);
    size_t k = 0;
    while (*ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p;
        if (c < 0x20) {
            free(o);
            return fail(ps, "control character in a string (escape it)");
        }
        ps->p++;
        if (c != '\\')
            o[k++] = (char)c;
        else if (escape(ps, o, &k) != 0) {
            free(o);
            return -1;
        }
    }
    ps->p++;
    o[k] = '\0';
    *out = o;
    return 0;
}

static int value(parser *ps, cx_json_value *v, int depth);

/* Appends a zeroed item to container v (keys too for an object). */
static cx_json_value *grow(parser *ps, cx_json_value *v, size_t *cap)
{
    if (v->n == *cap) {
        size_t c = *cap ? *cap * 2 : 8;
        cx_json_value *it = realloc(v->items, c * sizeof *it);
        if (!it)
            return nomem(ps), NULL;
        v->items = it;
        if (v->type == CX_JSON_OBJECT) {
            char **ks = realloc(v->keys, c * sizeof *ks);
            if (!ks)
                return nomem(ps), NULL;
            v->keys = ks;
        }
        *cap = c;
    }
    cx_json_value *it = &v->items[v->n];
    *it = (cx_json_value){.line = ps->line};
    if (v->type == CX_JSON_OBJECT)
        v->keys[v->n] = NULL;
    v->n++;
    return it;
}

static int container(parser *ps, cx_json_value *v, int depth)
{
    int obj = *ps->p == '{';
    char close = obj ? '}' : ']';
    v->type = obj ? CX_JSON_OBJECT : CX_JSON_ARRAY;
    if (depth >= CX_JSON_PARSE_DEPTH)
        return fail(ps, "nested too deeply");
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return 0;
    }
    size_t cap = 0;
    for (;;) {
        skip_ws(ps);
        cx_json_value *it = grow(ps, v, &cap);
        if (!it)
            return -1;
        if (obj) {
            if (ps->p >= ps->end || *ps->p != '"')
                return fail(ps, "expected a member name in double quotes");
            if (string(ps, &v->keys[v->n - 1]) != 0)
                return -1;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':')
                return fail(ps, "expected ':' after a member name");
            ps->p++;
            skip_ws(ps);
            it->line = ps->line;
        }
        if (value(ps, it, depth + 1) != 0)
            return -1;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return 0;
        }
        return fail(ps, obj ? "expected ',' or '}' after a member"
                            : "expected ',' or ']' after an item");
    }
}

static int value(parser *ps, cx_json_value *v, int depth)
{
    skip_ws(ps);
    v->line = ps->line;
    if (ps->p >= ps->end)
        return fail(ps, "unexpected end of the document");
    switch (*ps->p) {
    case '{':
    case '[': return container(ps, v, depth);
    case '"': v->type = CX_JSON_STRING; return string(ps, &v->string);
    case 't': v->type = CX_JSON_BOOL; v->boolean = 1; return literal(ps, "true");
    case 'f': v->type = CX_JSON_BOOL; return literal(ps, "false");
    case 'n': v->type = CX_JSON_NULL; return literal(ps, "null");
    default: return number(ps, v);
    }
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
    *out = NULL;
    parser ps = {.name = name, .p = buf, .end = buf + len, .line = 1, .err = err};
    cx_json_value *v = calloc(1, sizeof *v);
    if (!v)
        return cx_error_set(err, CX_ERR_NOMEM, "%s: out of memory", name);
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        ps.p += 3;     /* RFC 8259 section 8.1: a parser may ignore a BOM */
    if (value(&ps, v, 0) == 0) {
        skip_ws(&ps);
        if (ps.p < ps.end)
            fail(&ps, "text after the end of the document");
    }
    if (ps.st != CX_OK) {
        cx_json_value_free(v);
        return ps.st;
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
