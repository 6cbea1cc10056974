/* pngstat.c - what tests/cli/report_browser_test.sh needs to know of a
 * screenshot: is anything drawn on it? A test-only tool, never installed.
 *
 *   pngstat FILE.png [RRGGBB]
 *
 * prints "WIDTH HEIGHT INKED COLOURS [MATCHES]": INKED the pixels that
 * differ from the top-left pixel (the page's background) per thousand,
 * COLOURS the number of distinct colours, and with RRGGBB the number of
 * pixels of exactly that colour (a chart's fill: the palette's blue is
 * 0072B2). Exit status 1 when the file is not a PNG libpng can read.
 * Reads with libpng's simplified API (png_image, libpng 1.6) as 8-bit RGB.
 */
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static uint32_t pixel(const unsigned char *p)
{
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: pngstat FILE.png [RRGGBB]\n");
        return 2;
    }
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, argv[1])) {
        fprintf(stderr, "pngstat: %s: %s\n", argv[1], img.message);
        return 1;
    }
    img.format = PNG_FORMAT_RGB;
    size_t n = (size_t)img.width * img.height;
    unsigned char *buf = malloc(PNG_IMAGE_SIZE(img));
    uint32_t *all = malloc(n * sizeof *all);
    if (!buf || !all || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        fprintf(stderr, "pngstat: %s: %s\n", argv[1], buf && all ? img.message : "no memory");
        return 1;
    }
    uint32_t bg = pixel(buf), want = argc == 3 ? (uint32_t)strtoul(argv[2], NULL, 16) : 0;
    size_t inked = 0, matches = 0, colours = 0;
    for (size_t i = 0; i < n; i++) {
        all[i] = pixel(buf + 3 * i);
        inked += all[i] != bg;
        matches += all[i] == want;
    }
    qsort(all, n, sizeof *all, cmp_u32);
    for (size_t i = 0; i < n; i++)
        colours += i == 0 || all[i] != all[i - 1];
    printf("%u %u %zu %zu", img.width, img.height, n ? inked * 1000 / n : 0, colours);
    if (argc == 3)
        printf(" %zu", matches);
    printf("\n");
    free(buf);
    free(all);
    return 0;
}
