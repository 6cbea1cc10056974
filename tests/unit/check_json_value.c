/* check_json_value.c - the JSON reader: every value type, escapes (RFC
 * 8259 section 7, a surrogate pair decoded by hand: U+1F600 is D83D DE00,
 * UTF-8 F0 9F 98 80), what RFC 8259 forbids refused with the line, and a
 * round trip of the writer's output (cxsim/io.h). */
#define _GNU_SOURCE
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxsim/io.h"
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
                                " \"a\": 7}");
    ck_assert_int_eq(v->type, CX_JSON_OBJECT);
    ck_assert_uint_eq(v->n, 4);
    const cx_json_value *a = cx_json_member(v, "a");     /* the first of two "a" */
    ck_assert_int_eq(a->type, CX_JSON_ARRAY);
    ck_assert_uint_eq(a->n, 6);
    ck_assert(a->items[0].number == 1 && a->items[1].number == -250 &&
              a->items[2].number == 0.125);
    ck_assert(a->items[3].type == CX_JSON_BOOL && a->items[3].boolean == 1);
    ck_assert(a->items[4].type == CX_JSON_BOOL && a->items[4].boolean == 0);
    ck_assert_int_eq(a->items[5].type, CX_JSON_NULL);
    ck_assert_str_eq(cx_json_member_string(v, "s"), "x\ty\xc3\xa9\xf0\x9f\x98\x80/");
    ck_assert_uint_eq(cx_json_member(v, "s")->line, 2);
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
    parse_fails("", "t.json:1: unexpected end");
    parse_fails("{\"a\": 1,}", "expected a member name");
    parse_fails("[1, 2,]", "expected a value");
    parse_fails("[1 2]", "expected ',' or ']'");
    parse_fails("{\n\n\"a\" 1}", "t.json:3: expected ':'");
    parse_fails("{\"a\": NaN}", "expected a value");
    parse_fails("[01]", "expected ',' or ']'");
    parse_fails("[1.]", "a digit must follow the decimal point");
    parse_fails("[1e]", "a digit must follow the exponent");
    parse_fails("[1e999]", "number out of range");
    parse_fails("\"abc", "unterminated string");
    parse_fails("\"a\nb\"", "control character");
    parse_fails("\"\\x\"", "unknown escape");
    parse_fails("\"\\u12g4\"", "four hex digits");
    parse_fails("\"\\ud83d\"", "without its low surrogate");
    parse_fails("\"\\ude00\"", "without its high surrogate");
    parse_fails("\"\\u0000\"", "\\u0000");
    parse_fails("{} {}", "text after the end");
    parse_fails("// c\n{}", "expected a value");
    char deep[200];
    memset(deep, '[', 100);
    deep[100] = '\0';
    parse_fails(deep, "nested too deeply");
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
    ck_assert_uint_eq(cx_json_member(v, "list")->line, 5);
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
    tcase_add_test(tc, round_trip);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
