/* print.c - what every verb prints the same way (print.h). */
#include "print.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int cx_cli_fail(cx_status code, const char *msg)
{
    fprintf(stderr, "cxsim: %s\n", msg);
    return cx_error_exit_status(code);
}

void cx_cli_print_value(double x)
{
    if (isnan(x))
        printf(" %12s", "NA");
    else
        printf(" %12.4g", x);
}

#define PROSE_WIDTH 78

/* At a space before a unit ("18.7 k", "161 %"): not a place to break. */
static int unit_follows(const char *space)
{
    return space[1] && strchr("kMG%", space[1]) &&
           (space[2] == '\0' || strchr(" ,;.)", space[2]));
}

void cx_cli_print_wrapped(const char *text, int first, int rest)
{
    int indent = first;
    while (*text) {
        size_t room = PROSE_WIDTH > indent ? (size_t)(PROSE_WIDTH - indent) : 1;
        size_t n = strlen(text);
        if (n > room) {
            /* the last space within the room, else the first after it (a
             * word longer than the line goes whole) */
            size_t cut = room;
            while (cut > 0 && (text[cut] != ' ' || unit_follows(text + cut)))
                cut--;
            if (cut == 0)
                cut = strcspn(text, " ");
            n = cut;
        }
        printf("%*s%.*s\n", indent, "", (int)n, text);
        text += n;
        while (*text == ' ')
            text++;
        indent = rest;
    }
}
