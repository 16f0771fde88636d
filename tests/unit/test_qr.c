/* QR codes: libqrencode matrix and its SVG drawing. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "coursebook/coursebook.h"
#include "qr.h"

/* Sum of the horizontal run lengths in the SVG path ("M x yhNv1h-Nz" per run). */
static long svg_dark_modules(const char *svg, int *runs) {
  const char *d = strstr(svg, " d=\"");
  long total = 0;
  *runs = 0;
  if (!d) return -1;
  for (const char *p = d + 4; *p && *p != '"'; p++) {
    if (*p == 'h' && p[1] != '-') {
      total += strtol(p + 1, NULL, 10);
      (*runs)++;
    }
  }
  return total;
}

int main(void) {
  cb_qr qr;
  /* A watch URL of the example page: 43 bytes in 8-bit mode at level M needs version 4
   * (version 3 holds 42), i.e. 33 modules a side. */
  const char *url = "https://www.youtube.com/watch?v=w05oosmFsxM";
  CHECK(cb_qr_encode(url, &qr));
  CHECK_INT(qr.size, 33);

  /* Finder pattern at the top-left corner: a dark 7x7 ring, light ring, dark 3x3 core. */
  CHECK(qr.dark[0] && qr.dark[6] && qr.dark[6 * 33] && qr.dark[6 * 33 + 6]);
  CHECK(!qr.dark[1 * 33 + 1] && !qr.dark[1 * 33 + 5] && !qr.dark[5 * 33 + 1]);
  CHECK(qr.dark[3 * 33 + 3] && qr.dark[2 * 33 + 2] && qr.dark[4 * 33 + 4]);
  /* Separator is light; the timing pattern on row 6 alternates between the finders. */
  CHECK(!qr.dark[7] && !qr.dark[7 * 33]);
  for (int x = 8; x < 33 - 8; x++)
    CHECK_INT(qr.dark[6 * 33 + x], (x % 2) == 0);
  /* Top-right and bottom-left finders too. */
  CHECK(qr.dark[32] && qr.dark[26] && qr.dark[32 * 33] && !qr.dark[32 * 33 + 7]);

  long dark = 0;
  for (int i = 0; i < 33 * 33; i++)
    dark += qr.dark[i];
  CHECK(dark > 33 * 33 / 4 && dark < 33 * 33 * 3 / 4);

  cb_buf svg = CB_BUF_INIT;
  cb_qr_svg(&svg, &qr, "Watch <\"video\"> & learn", "qr");
  CHECK(strstr(svg.data, "viewBox=\"0 0 41 41\"") != NULL); /* 33 + 2 * 4 quiet zone */
  CHECK(strstr(svg.data, "role=\"img\"") != NULL);
  CHECK(strstr(svg.data, "xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
  CHECK(strstr(svg.data, "<title>Watch &lt;&quot;video&quot;&gt; &amp; learn</title>") != NULL);
  CHECK(strstr(svg.data, "class=\"qr\"") != NULL);
  /* Exactly one path; its runs cover exactly the dark modules. */
  const char *first = strstr(svg.data, "<path");
  CHECK(first && !strstr(first + 1, "<path"));
  int runs = 0;
  CHECK_INT(svg_dark_modules(svg.data, &runs), dark);
  CHECK(runs > 0 && runs < dark);
  /* The quiet zone: the first run starts at x >= 4, y = 4 (row 0 of the symbol). */
  CHECK(strstr(svg.data, " d=\"M4 4h7v1h-7z") != NULL);
  /* Non-void elements are closed explicitly (HTML5 + XHTML polyglot). */
  CHECK(strstr(svg.data, "</path></svg>") != NULL);
  CHECK(strstr(svg.data, "/>") == NULL);
  cb_buf_free(&svg);
  cb_qr_free(&qr);
  CHECK(qr.dark == NULL);

  /* Longer text: bigger symbol; deterministic. */
  cb_qr a, b;
  CHECK(cb_qr_encode("https://drive.google.com/file/d/1TwXJgNqA-nfcGyrZ_OlpBIshMgiJu82z/view", &a));
  CHECK(cb_qr_encode("https://drive.google.com/file/d/1TwXJgNqA-nfcGyrZ_OlpBIshMgiJu82z/view", &b));
  CHECK(a.size > 33);
  CHECK(a.size == b.size && memcmp(a.dark, b.dark, (size_t)a.size * (size_t)a.size) == 0);
  cb_qr_free(&a);
  cb_qr_free(&b);

  /* Burmese text encodes as UTF-8 bytes. */
  CHECK(cb_qr_encode("မြန်မာ", &a));
  CHECK_INT(a.size, 25); /* 18 bytes: version 1-M holds 14, version 2 (25 modules) 26 */
  cb_qr_free(&a);

  CHECK(!cb_qr_encode("", &a));
  CHECK(!cb_qr_encode(NULL, &a));
  TEST_DONE();
}
