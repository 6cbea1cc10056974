/* check_csv_table.c - the CSV table reader: RFC 4180 fields, line numbers
 * for messages, strict refusal of what is not CSV, and a round trip with
 * the writer. Expected values are the RFC 4180 section 2 rules, by hand. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxsim/csv.h"
#include "cxsim/csv_table.h"
#include "test_util.h"

static cx_csv_table *parse_ok(const char *text)
{
    cx_csv_table *t = NULL;
    cx_error err;
    cx_status st = cx_csv_read_buffer("t.csv", text, strlen(text), &t, &err);
    ck_assert_msg(st == CX_OK, "%s", err.msg);
    return t;
}

static void parse_fails(const char *text, size_t len, const char *expect)
{
    cx_csv_table *t = (cx_csv_table *)1;
    cx_error err;
    cx_status st = cx_csv_read_buffer("t.csv", text, len, &t, &err);
    ck_assert_int_eq(st, CX_ERR_INPUT);
    ck_assert_ptr_null(t);
    ck_assert_msg(strstr(err.msg, expect), "'%s' lacks '%s'", err.msg, expect);
}

START_TEST(fields_and_lines)
{
    cx_csv_table *t = parse_ok("metric,value\n\nnps,25\r\n\"a, b\",\"say \"\"hi\"\"\"\n"
                               "\"two\nlines\",x\nlast,row");
    ck_assert_uint_eq(cx_csv_rows(t), 5);
    ck_assert_str_eq(cx_csv_cell(t, 0, 1), "value");
    ck_assert_uint_eq(cx_csv_line(t, 0), 1);
    ck_assert_uint_eq(cx_csv_line(t, 1), 3);        /* line 2 is blank */
    ck_assert_str_eq(cx_csv_cell(t, 1, 1), "25");   /* CRLF ends the row */
    ck_assert_str_eq(cx_csv_cell(t, 2, 0), "a, b");
    ck_assert_str_eq(cx_csv_cell(t, 2, 1), "say \"hi\"");
    ck_assert_uint_eq(cx_csv_line(t, 3), 5);
    ck_assert_str_eq(cx_csv_cell(t, 3, 0), "two\nlines");
    ck_assert_uint_eq(cx_csv_line(t, 4), 7);        /* the quoted break counts */
    ck_assert_str_eq(cx_csv_cell(t, 4, 1), "row");  /* no final newline */
    ck_assert_ptr_null(cx_csv_cell(t, 4, 2));
    ck_assert_ptr_null(cx_csv_cell(t, 9, 0));
    ck_assert_uint_eq(cx_csv_width(t, 9), 0);
    ck_assert_int_eq(cx_csv_column(t, "value"), 1);
    ck_assert_int_eq(cx_csv_column(t, "weight"), -1);
    ck_assert_str_eq(cx_csv_name(t), "t.csv");
    cx_csv_table_free(t);
}
END_TEST

/* Found by fuzzing: libcsv ends a row at a lone CR, so it ends a line too
 * (rows would otherwise share a line number). */
START_TEST(lone_cr)
{
    cx_csv_table *t = parse_ok("\xbb,as\xff\xff\rm\r\rx\n");
    ck_assert_uint_eq(cx_csv_rows(t), 3);
    ck_assert_uint_eq(cx_csv_line(t, 0), 1);
    ck_assert_uint_eq(cx_csv_line(t, 1), 2);
    ck_assert_str_eq(cx_csv_cell(t, 1, 0), "m");
    ck_assert_uint_eq(cx_csv_line(t, 2), 4);
    cx_csv_table_free(t);
}
END_TEST

START_TEST(empty_and_bom)
{
    cx_csv_table *t = parse_ok("");
    ck_assert_uint_eq(cx_csv_rows(t), 0);
    ck_assert_int_eq(cx_csv_column(t, "x"), -1);
    cx_csv_table_free(t);
    t = parse_ok("\xEF\xBB\xBFmetric\n");
    ck_assert_str_eq(cx_csv_cell(t, 0, 0), "metric");
    cx_csv_table_free(t);
    t = parse_ok("a,,\n");      /* empty fields are fields */
    ck_assert_uint_eq(cx_csv_width(t, 0), 3);
    ck_assert_str_eq(cx_csv_cell(t, 0, 2), "");
    cx_csv_table_free(t);
}
END_TEST

START_TEST(refusals)
{
    parse_fails("a,b\nx,\"open\n", 12, "t.csv:2: a quoted field is not closed");
    parse_fails("a,b\nx,y\"z\n", 10, "t.csv:2: malformed CSV");
    parse_fails("a,b\n\"q\"x,y\n", 11, "t.csv:2: malformed CSV");
    parse_fails("a,b\nx\0y,z\n", 10, "t.csv:2: a NUL byte");
    size_t n = 2 * (CX_CSV_MAX_COLUMNS + 1);
    char *wide = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2)
        memcpy(wide + i, "1,", 2);
    wide[n - 1] = '\n';
    parse_fails(wide, n, "t.csv:1: more than 4096 columns");
    free(wide);
}
END_TEST

START_TEST(numbers)
{
    cx_csv_table *t = parse_ok("metric,value\nnps,2.5e1\nchurn,abc\ncsat,\nx,inf\ny\n"
                               "z, 3 \n");
    double v = 0;
    cx_error err;
    ck_assert_int_eq(cx_csv_number_at(t, 1, 1, &v, &err), 0);
    ck_assert_double_eq(v, 25.0);
    ck_assert_int_eq(cx_csv_number_at(t, 2, 1, &v, &err), -1);
    ck_assert_str_eq(err.msg, "t.csv:3: column 2 (value): 'abc' is not a finite number");
    ck_assert_int_eq(cx_csv_number_at(t, 3, 1, &v, &err), -1);
    ck_assert_int_eq(cx_csv_number_at(t, 4, 1, &v, &err), -1);
    ck_assert_int_eq(cx_csv_number_at(t, 5, 1, &v, &err), -1);
    ck_assert_str_eq(err.msg, "t.csv:6: column 2 (value) is missing");
    ck_assert_int_eq(cx_csv_number_at(t, 6, 1, &v, &err), 0);   /* blanks around: fine */
    ck_assert_double_eq(v, 3.0);
    cx_csv_table_free(t);
    t = parse_ok("metric,value\nnps,0x10\nnps,\"\n5\"\n");
    ck_assert_int_eq(cx_csv_number_at(t, 1, 1, &v, &err), -1);
    ck_assert_str_eq(err.msg, "t.csv:2: column 2 (value): '0x10' is not a finite number");
    ck_assert_int_eq(cx_csv_number_at(t, 2, 1, &v, &err), -1);
    ck_assert_str_eq(err.msg, "t.csv:3: column 2 (value): '\n5' is not a finite number");
    ck_assert_int_eq(cx_csv_number_at(t, 2, 1, &v, NULL), -1);     /* err may be NULL */
    cx_csv_table_free(t);
}
END_TEST

/* cx_csv_parse_number takes a plain decimal number and nothing else: each
 * accepted form with its value by hand, then what strtod alone would take
 * (hexadecimal, inf, nan, leading line breaks) and what is not a number. */
START_TEST(parse_number)
{
    static const struct {
        const char *s;
        double v;
    } good[] = {
        {"3", 3}, {"-0.25", -0.25}, {"+4", 4}, {".5", 0.5}, {"2.", 2}, {"007", 7},
        {"1e3", 1000}, {"7E-2", 0.07}, {"-1.5e+2", -150}, {" 3 ", 3}, {"\t-2\t", -2},
        {"1e-400", 0},                  /* below the smallest subnormal: 0 */
        {"1.7976931348623157e308", 1.7976931348623157e308},     /* DBL_MAX */
    };
    static const char *const bad[] = {
        "", " ", "0x10", "0X1A", "0x1p3", "inf", "-inf", "Infinity", "nan", "NAN(1)",
        "1e999", "-1e309", "\n5", "\r5", "\v5", "\f5", "5\n", "1 000", "3%", "0,5", "1e",
        "1e+", "e5", ".", "-", "+", "-.e1", "--1", "+-1", "1.2.3", "abc", "1d", "1f", "0b1",
        "\xc2\xa0" "5",               /* a no-break space is not a blank */
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double v = -99;
        ck_assert_msg(cx_csv_parse_number(good[i].s, &v) == 0, "'%s' refused", good[i].s);
        ck_assert_msg(v == good[i].v, "'%s' read as %.17g", good[i].s, v);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = -99;
        ck_assert_msg(cx_csv_parse_number(bad[i], &v) == -1, "'%s' taken", bad[i]);
        ck_assert_double_eq(v, -99);            /* left alone */
    }
}
END_TEST

/* What the writer quotes, the reader gives back unchanged. */
START_TEST(round_trip)
{
    const char *fields[] = {"plain", "with,comma", "with \"quote\"", "line\nbreak", "", "é"};
    char path[] = "/tmp/cxcsvXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_int_eq(cx_csv_row(f, fields, 6), 0);
    ck_assert_int_eq(cx_csv_row(f, fields, 6), 0);
    fclose(f);
    cx_csv_table *t = NULL;
    cx_error err;
    ck_assert_int_eq(cx_csv_read(path, &t, &err), CX_OK);
    ck_assert_uint_eq(cx_csv_rows(t), 2);
    ck_assert_uint_eq(cx_csv_line(t, 1), 3);
    for (size_t r = 0; r < 2; r++)
        for (size_t c = 0; c < 6; c++)
            ck_assert_str_eq(cx_csv_cell(t, r, c), fields[c]);
    cx_csv_table_free(t);
    unlink(path);
    ck_assert_int_eq(cx_csv_read(path, &t, &err), CX_ERR_IO);
    ck_assert_ptr_null(t);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot open"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("csv_table");
    TCase *tc = tcase_create("read");
    tcase_add_test(tc, fields_and_lines);
    tcase_add_test(tc, lone_cr);
    tcase_add_test(tc, empty_and_bom);
    tcase_add_test(tc, refusals);
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, parse_number);
    tcase_add_test(tc, round_trip);
    suite_add_tcase(s, tc);
    return cx_test_run(s);
}
