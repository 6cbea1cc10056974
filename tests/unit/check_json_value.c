/* check_json_value.c - the JSON reader (jansson underneath): every value
 * type, escapes (RFC 8259 section 7, a surrogate pair decoded by hand:
 * U+1F600 is D83D DE00, UTF-8 F0 9F 98 80), what RFC 8259 forbids refused
 * with the line (jansson 2.14's words), the depth bound exactly, and a
 * round trip of the writer's output (cxsim/io.h). */
#define _GNU_SOURCE
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/json.h"
#include "cxsim/json_value.h"
#include "test_util.h"

static cx_json_value *parse_ok(const char *text)
{
    cx_json_value *v = NULL;
    cx_error err;
    ck_assert_msg(cx_json_parse("t.json", text, strlen(text), &v, &err) == CX_OK, "%s",
                  err.msg);
    return v;
}

static void parse_fails(const char *text, const char *expect)
{
    cx_json_value *v = (cx_json_value *)1;
    cx_error err;
    ck_assert_int_eq(cx_json_parse("t.json", text, strlen(text), &v, &err), CX_ERR_INPUT);
    ck_assert_ptr_null(v);
    ck_assert_msg(strstr(err.msg, expect), "'%s' lacks '%s'", err.msg, expect);
}

START_TEST(values)
{
    cx_json_value *v = parse_ok("{\"a\": [1, -2.5e2, 0.125, true, false, null],\n"
                                " \"s\": \"x\\ty\\u00e9\\ud83d\\ude00\\/\", \"e\": {},\n"
                                " \"big\": 12345678901234567890}");
    ck_assert_int_eq(v->type, CX_JSON_OBJECT);
    ck_assert_uint_eq(v->n, 4);
    ck_assert_str_eq(v->keys[0], "a");      /* members in document order */
    ck_assert_str_eq(v->keys[3], "big");
    /* an integer beyond 2^63 is a double, as strtod reads it */
    ck_assert(cx_json_member(v, "big")->number == 12345678901234567890.0);
    const cx_json_value *a = cx_json_member(v, "a");
    ck_assert_int_eq(a->type, CX_JSON_ARRAY);
    ck_assert_uint_eq(a->n, 6);
    ck_assert(a->items[0].number == 1 && a->items[1].number == -250 &&
              a->items[2].number == 0.125);
    ck_assert(a->items[3].type == CX_JSON_BOOL && a->items[3].boolean == 1);
    ck_assert(a->items[4].type == CX_JSON_BOOL && a->items[4].boolean == 0);
    ck_assert_int_eq(a->items[5].type, CX_JSON_NULL);
    ck_assert_str_eq(cx_json_member_string(v, "s"), "x\ty\xc3\xa9\xf0\x9f\x98\x80/");
    ck_assert_uint_eq(cx_json_member(v, "e")->n, 0);
    ck_assert_ptr_null(cx_json_member(v, "zz"));
    ck_assert_ptr_null(cx_json_member_string(v, "a"));
    ck_assert_ptr_null(cx_json_member(a, "a"));    /* not an object */
    cx_json_value_free(v);
    v = parse_ok("\xEF\xBB\xBF  \"top\"  ");
    ck_assert_str_eq(v->string, "top");
    cx_json_value_free(v);
}
END_TEST

START_TEST(refused)
{
    parse_fails("", "t.json:1: unexpected token near end of file");
    parse_fails("{\"a\": 1,}", "string or '}' expected");
    parse_fails("[1, 2,]", "unexpected token near ']'");
    parse_fails("[1 2]", "']' expected near '2'");
    parse_fails("{\n\n\"a\" 1}", "t.json:3: ':' expected");
    parse_fails("{\"a\": NaN}", "invalid token near 'NaN'");
    parse_fails("[01]", "invalid token near '0'");
    parse_fails("[1.]", "invalid token near '1.'");
    parse_fails("[1e]", "invalid token near '1e'");
    parse_fails("[1e999]", "real number overflow");
    parse_fails("\"abc", "premature end of input");
    parse_fails("\"a\nb\"", "unexpected newline");
    parse_fails("\"a\tb\"", "control character 0x9");
    parse_fails("\"\\x\"", "invalid escape");
    parse_fails("\"\\u12g4\"", "invalid escape");
    parse_fails("\"\\ud83d\"", "invalid Unicode '\\uD83D'");
    parse_fails("\"\\ude00\"", "invalid Unicode '\\uDE00'");
    parse_fails("\"\\u0000\"", "\\u0000 is not allowed");
    parse_fails("\"\xff\"", "unable to decode byte 0xff");
    parse_fails("{} {}", "t.json:1: end of file expected");
    parse_fails("// c\n{}", "invalid token near '/'");
    parse_fails("{\"a\": 1,\n \"a\": 2}", "t.json:2: duplicate object key");
}
END_TEST

/* "[[...[]...]]": n arrays inside one another. */
static char *nested(int n)
{
    char *s = malloc(2 * (size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    memset(s, '[', (size_t)n);
    memset(s + n, ']', (size_t)n);
    s[2 * n] = '\0';
    return s;
}

START_TEST(depth)
{
    char *s = nested(CX_JSON_PARSE_DEPTH);
    cx_json_value *v = parse_ok(s);     /* the bound itself is allowed */
    free(s);
    cx_json_value_free(v);
    s = nested(CX_JSON_PARSE_DEPTH + 1);
    parse_fails(s, "t.json: nested too deeply (more than 64 arrays and objects");
    free(s);
}
END_TEST

START_TEST(round_trip)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cx_json j;
    cx_json_init(&j, fp, 2);
    cx_json_begin_object(&j);
    cx_json_key(&j, "name");
    cx_json_string(&j, "say \"hi\"\n\x01");
    cx_json_key(&j, "x");
    cx_json_number(&j, 0.1);
    cx_json_key(&j, "nan");
    cx_json_number(&j, NAN);
    cx_json_key(&j, "list");
    cx_json_begin_array(&j);
    cx_json_integer(&j, -3);
    cx_json_end_array(&j);
    cx_json_end_object(&j);
    ck_assert_int_eq(cx_json_finish(&j), 0);
    fclose(fp);
    cx_json_value *v = parse_ok(buf);
    ck_assert_str_eq(cx_json_member_string(v, "name"), "say \"hi\"\n\x01");
    ck_assert(cx_json_member(v, "x")->number == 0.1);
    ck_assert_int_eq(cx_json_member(v, "nan")->type, CX_JSON_NULL);
    ck_assert(cx_json_member(v, "list")->items[0].number == -3);
    cx_json_value_free(v);
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json_value");
    TCase *tc = tcase_create("json_value");
    tcase_add_test(tc, values);
    tcase_add_test(tc, refused);
    tcase_add_test(tc, depth);
    tcase_add_test(tc, round_trip);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
