/* time.c - timestamps of event logs: ISO 8601 date-times and epoch
 * seconds, to seconds since 1970-01-01T00:00:00Z. */
#include "fit_internal.h"

#include <ctype.h>
#include <string.h>

#include "cxsim/csv_table.h"

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms",
 * days_from_civil). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

/* n digits at *s into *v; advances *s. */
static int digits(const char **s, int n, long *v)
{
    *v = 0;
    for (int i = 0; i < n; i++, (*s)++) {
        if (!isdigit((unsigned char)**s))
            return -1;
        *v = *v * 10 + (**s - '0');
    }
    return 0;
}

static int days_in(long y, long m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : d[m - 1];
}

/* "+HH:MM", "+HHMM", "+HH", "Z" or nothing: the offset in seconds. */
static int zone(const char *s, double *off)
{
    long h = 0, m = 0;
    *off = 0;
    if (*s == '\0' || (s[0] == 'Z' && s[1] == '\0'))
        return 0;
    if (*s != '+' && *s != '-')
        return -1;
    int sign = *s++ == '-' ? -1 : 1;
    if (digits(&s, 2, &h) != 0)
        return -1;
    if (*s == ':')
        s++;
    if (*s && digits(&s, 2, &m) != 0)
        return -1;
    if (*s || h > 23 || m > 59)
        return -1;
    *off = sign * (double)(h * 3600 + m * 60);
    return 0;
}

/* "HH:MM[:SS[.fff]]" then a zone. */
static int clock_of(const char *s, double *sec)
{
    long h, mi, se = 0;
    double frac = 0, off;
    if (digits(&s, 2, &h) != 0 || *s++ != ':' || digits(&s, 2, &mi) != 0)
        return -1;
    if (*s == ':') {
        s++;
        if (digits(&s, 2, &se) != 0)
            return -1;
        if (*s == '.' || *s == ',') {
            double scale = 0.1;
            s++;
            if (!isdigit((unsigned char)*s))
                return -1;
            for (; isdigit((unsigned char)*s); s++, scale /= 10)
                frac += (*s - '0') * scale;
        }
    }
    if (h > 24 || mi > 59 || se > 60 || (h == 24 && (mi || se || frac > 0)))
        return -1;
    if (zone(s, &off) != 0)
        return -1;
    *sec = (double)(h * 3600 + mi * 60 + se) + frac - off;
    return 0;
}

int cx_fit_parse_iso(const char *s, double *out)
{
    long y, m, d;
    double sec = 0;
    if (digits(&s, 4, &y) != 0 || *s++ != '-' || digits(&s, 2, &m) != 0 || *s++ != '-' ||
        digits(&s, 2, &d) != 0)
        return -1;
    if (m < 1 || m > 12 || d < 1 || d > days_in(y, m))
        return -1;
    if (*s == 'T' || *s == 't' || *s == ' ') {
        s++;
        if (clock_of(s, &sec) != 0)
            return -1;
    } else if (*s != '\0') {
        return -1;
    }
    *out = (double)days_from_civil(y, (unsigned)m, (unsigned)d) * 86400.0 + sec;
    return 0;
}

int cx_fit_parse_time(const char *s, double *out, int *kind)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (n >= 10 && buf[4] == '-' && cx_fit_parse_iso(buf, out) == 0) {
        *kind = CX_FIT_TIME_ISO;
        return 0;
    }
    if (cx_csv_parse_number(buf, out) == 0) {
        *kind = CX_FIT_TIME_EPOCH;
        return 0;
    }
    return -1;
}

int cx_fit_parse_duration(const char *s, double *out)
{
    char *end;
    double scale = 1;
    if (!s || !*s)
        return -1;
    size_t n = strlen(s);
    switch (s[n - 1]) {
    case 's': scale = 1; break;
    case 'm': scale = 60; break;
    case 'h': scale = 3600; break;
    case 'd': scale = 86400; break;
    default:
        if (!isdigit((unsigned char)s[n - 1]) && s[n - 1] != '.')
            return -1;
    }
    char buf[64];
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, s, n + 1);
    if (!isdigit((unsigned char)buf[n - 1]) && buf[n - 1] != '.')
        buf[n - 1] = '\0';
    double v;
    if (cx_csv_parse_number(buf, &v) != 0 || !(v > 0))
        return -1;
    (void)end;
    *out = v * scale;
    return 0;
}
