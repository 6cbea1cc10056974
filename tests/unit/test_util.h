/* test_util.h - helpers shared by the Check suites. */
#ifndef CX_TEST_UTIL_H
#define CX_TEST_UTIL_H

#include <stdlib.h>

#include <check.h>

/* Runs one suite in fork mode and returns the exit status. */
static inline int cx_test_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
