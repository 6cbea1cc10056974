/* json.c - a small streaming JSON writer (RFC 8259).
 *
 * The writer keeps, per open container, whether it is an object and
 * whether it has items yet, which is all it needs to place commas and
 * line breaks. Errors (a failed write, a value without a key inside an
 * object, unbalanced containers) are sticky and reported once, by
 * cx_json_finish, so callers need not check every call.
 */

#include "cxsim/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void put(cx_json *j, const char *s)
{
    if (fputs(s, j->fp) == EOF)
        j->error = 1;
}

static void put_char(cx_json *j, int c)
{
    if (putc(c, j->fp) == EOF)
        j->error = 1;
}

/* Line break and indentation for nesting level `level` (pretty mode only). */
static void newline_indent(cx_json *j, int level)
{
    if (j->indent <= 0)
        return;
    put_char(j, '\n');
    for (int i = 0; i < level * j->indent; i++)
        put_char(j, ' ');
}

/* Comma (unless first) and indentation before a key or array element. */
static void before_item(cx_json *j)
{
    if (j->depth == 0)
        return;
    if (j->has_items[j->depth - 1])
        put_char(j, ',');
    j->has_items[j->depth - 1] = 1;
    newline_indent(j, j->depth);
}

/* Before any value: inside an object the key has placed it already. */
static void before_value(cx_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->depth > 0 && j->is_object[j->depth - 1])
        j->error = 1;   /* a member value without a key */
    before_item(j);
}

void cx_json_init(cx_json *j, FILE *fp, int indent)
{
    j->fp = fp;
    j->indent = indent;
    j->depth = 0;
    j->after_key = 0;
    j->error = 0;
}

static void begin(cx_json *j, int is_object)
{
    before_value(j);
    if (j->depth >= CX_JSON_DEPTH_MAX) {
        j->error = 1;
        return;
    }
    put_char(j, is_object ? '{' : '[');
    j->is_object[j->depth] = (unsigned char)is_object;
    j->has_items[j->depth] = 0;
    j->depth++;
}

static void end(cx_json *j, int is_object)
{
    if (j->depth == 0 || j->after_key
        || j->is_object[j->depth - 1] != is_object) {
        j->error = 1;
        return;
    }
    j->depth--;
    if (j->has_items[j->depth])
        newline_indent(j, j->depth);
    put_char(j, is_object ? '}' : ']');
}

void cx_json_begin_object(cx_json *j) { begin(j, 1); }
void cx_json_end_object(cx_json *j) { end(j, 1); }
void cx_json_begin_array(cx_json *j) { begin(j, 0); }
void cx_json_end_array(cx_json *j) { end(j, 0); }

/* Length of the valid UTF-8 sequence at p, or 0 if the bytes there are
 * not one (overlong forms, surrogates, beyond U+10FFFF: RFC 3629 sec. 4).
 * p is NUL-terminated, and NUL is never a continuation byte, so the
 * reads stop inside the string. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    size_t n;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;   /* no overlong forms */
        hi = c == 0xED ? 0x9F : 0xBF;   /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;   /* no overlong forms */
        hi = c == 0xF4 ? 0x8F : 0xBF;   /* nothing past U+10FFFF */
    } else {
        return 0;
    }
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return n;
}

/* Writes one character of s, escaped as RFC 8259 section 7 requires;
 * returns how many bytes of s it used. */
static size_t put_escaped(cx_json *j, const unsigned char *p)
{
    static const char *const short_esc[32] = {
        ['\b'] = "\\b", ['\f'] = "\\f", ['\n'] = "\\n", ['\r'] = "\\r",
        ['\t'] = "\\t",
    };
    if (*p == '"' || *p == '\\') {
        put_char(j, '\\');
        put_char(j, *p);
        return 1;
    }
    if (*p < 0x20) {
        if (short_esc[*p]) {
            put(j, short_esc[*p]);
        } else if (fprintf(j->fp, "\\u%04x", *p) < 0) {
            j->error = 1;
        }
        return 1;
    }
    size_t n = utf8_len(p);
    if (n == 0) {
        put(j, "\\ufffd");  /* an invalid byte: the replacement character */
        return 1;
    }
    if (fwrite(p, 1, n, j->fp) != n)
        j->error = 1;
    return n;
}

static void put_string(cx_json *j, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    put_char(j, '"');
    while (*p)
        p += put_escaped(j, p);
    put_char(j, '"');
}

void cx_json_key(cx_json *j, const char *key)
{
    if (j->depth == 0 || !j->is_object[j->depth - 1] || j->after_key || !key) {
        j->error = 1;
        return;
    }
    before_item(j);
    put_string(j, key);
    put(j, j->indent > 0 ? ": " : ":");
    j->after_key = 1;
}

void cx_json_string(cx_json *j, const char *s)
{
    if (!s) {
        cx_json_null(j);
        return;
    }
    before_value(j);
    put_string(j, s);
}

/* x with the fewest significant digits, from 15 to 17, that read back as
 * x: 17 always do (IEEE 754 binary64), but 0.3 reads better than
 * 0.29999999999999999, and 15 digits are exact for most parameters. */
static const char *shortest(double x, char buf[32])
{
    for (int digits = 15; digits < 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return buf;
    }
    snprintf(buf, 32, "%.17g", x);
    return buf;
}

void cx_json_number(cx_json *j, double x)
{
    char buf[32];
    /* JSON has no NaN or infinity; null is what JSON.stringify writes. */
    if (!isfinite(x)) {
        cx_json_null(j);
        return;
    }
    before_value(j);
    if (fputs(shortest(x, buf), j->fp) == EOF)
        j->error = 1;
}

void cx_json_integer(cx_json *j, long long x)
{
    before_value(j);
    if (fprintf(j->fp, "%lld", x) < 0)
        j->error = 1;
}

void cx_json_bool(cx_json *j, int b)
{
    before_value(j);
    put(j, b ? "true" : "false");
}

void cx_json_null(cx_json *j)
{
    before_value(j);
    put(j, "null");
}

int cx_json_finish(cx_json *j)
{
    if (j->depth != 0 || j->after_key)
        j->error = 1;
    put_char(j, '\n');
    return j->error ? -1 : 0;
}
