/* Input validation: NUL bytes and binary files refused at their line:col, invalid UTF-8 and
 * control characters replaced with one warning each, BOM skipped, line ends normalised. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "read_input.h"
#include "reader.h"

static char *msgs;
static size_t msgs_len;
static cb_diag d;

/* Run cb_input_prepare on len bytes; the messages land in msgs. */
static char *prep(const char *data, size_t len, size_t *out_len) {
  free(msgs);
  msgs = NULL;
  FILE *f = open_memstream(&msgs, &msgs_len);
  cb_diag_init(&d);
  d.stream = f;
  size_t ol;
  char *out = cb_input_prepare("in.md", data, len, out_len ? out_len : &ol, &d);
  fclose(f);
  return out;
}

#define PREP(lit, outlen) prep(lit, sizeof lit - 1, outlen)

static void expect_error(const char *data, size_t len, const char *prefix, const char *words) {
  char *out = prep(data, len, NULL);
  CHECK(out == NULL);
  free(out);
  CHECK_INT(d.errors, 1);
  bool ok = msgs && strncmp(msgs, prefix, strlen(prefix)) == 0 && strstr(msgs, words);
  CHECK(ok);
  if (!ok) fprintf(stderr, "  message was: %s  wanted: %s... %s\n", msgs, prefix, words);
}

static void test_nul(void) {
  expect_error("ab\ncd\0ef", 8, "in.md:2:3: error:", "NUL byte");
  expect_error("a\r\nb\0", 5, "in.md:2:2: error:", "binary file?");
  expect_error("a\rb\rc\0", 6, "in.md:3:2: error:", "NUL byte");
  /* Columns count code points, not bytes; the BOM is not a column. */
  expect_error("\xE1\x80\x80\xE1\x80\x80\0", 7, "in.md:1:3: error:", "NUL byte");
  expect_error("\xEF\xBB\xBF"
               "ab\0",
               6, "in.md:1:3: error:", "NUL byte");
  /* A PNG: the first NUL is in its header. */
  expect_error("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "in.md:3:1: error:", "NUL byte");
  /* UTF-16 text is full of NULs. */
  expect_error("\xFF\xFE-\0-\0-\0", 8, "in.md:1:4: error:", "NUL byte");
}

static void test_binary(void) {
  char bin[300];
  for (size_t i = 0; i < sizeof bin; i++)
    bin[i] = (char)(i % 3 ? 0x01 + i % 7 : 'a' + i % 26);
  bin[0] = 'x';
  expect_error(bin, sizeof bin, "in.md:1:2: error:", "binary file?");
  /* Random high bytes: mostly invalid UTF-8. */
  char hi[200];
  for (size_t i = 0; i < sizeof hi; i++)
    hi[i] = (char)(0x80 + (i * 37) % 0x7F);
  hi[0] = 'A';
  hi[1] = '\n';
  expect_error(hi, sizeof hi, "in.md:2:1: error:", "not text");
}

static void test_invalid_utf8(void) {
  size_t n;
  char *out = PREP("ok\n\xff\xfe x \xc3\nend\n", &n);
  CHECK(out != NULL);
  CHECK_STR(out, "ok\n\xEF\xBF\xBD\xEF\xBF\xBD x \xEF\xBF\xBD\nend\n");
  CHECK_INT(n, strlen("ok\n\xEF\xBF\xBD\xEF\xBF\xBD x \xEF\xBF\xBD\nend\n"));
  CHECK_INT(d.warnings, 1); /* once per file, with the count */
  CHECK_INT(d.errors, 0);
  CHECK(msgs && strncmp(msgs, "in.md:2:1: warning: invalid UTF-8: 3 bytes", 42) == 0);
  free(out);
  /* Latin-1 text: replaced, not refused. */
  out = PREP("caf\xe9 cr\xe8me br\xfbl\xe9\x65\n", NULL);
  CHECK_STR(out, "caf\xEF\xBF\xBD cr\xEF\xBF\xBDme br\xEF\xBF\xBDl\xEF\xBF\xBD\x65\n");
  CHECK(msgs && strstr(msgs, "in.md:1:4: warning: invalid UTF-8: 4 bytes"));
  free(out);
  /* An encoded U+FFFD is text, not an error; so is Burmese. */
  out = PREP("a \xEF\xBF\xBD b \xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\xE1\x80\xBA\n", NULL);
  CHECK_STR(out, "a \xEF\xBF\xBD b \xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\xE1\x80\xBA\n");
  CHECK_INT(d.warnings, 0);
  free(out);
  /* Overlong encodings and surrogates are invalid. */
  out = PREP("x\xC0\xAFy\xED\xA0\x80z", NULL);
  CHECK(out && !strstr(out, "\xC0\xAF") && !strstr(out, "\xED\xA0\x80"));
  CHECK(out && out[0] == 'x' && out[strlen(out) - 1] == 'z');
  CHECK_INT(d.warnings, 1);
  free(out);
}

static void test_controls(void) {
  char *out = PREP("a\x01"
                   "b\tc\n\xC2\x85x\xEF\xBF\xBEy\x7F\n",
                   NULL);
  /* controls dropped (a browser shows none), the non-character U+FFFE shown as U+FFFD */
  CHECK_STR(out, "ab\tc\nx\xEF\xBF\xBDy\n");
  CHECK_INT(d.warnings, 1);
  CHECK(msgs && strncmp(msgs, "in.md:1:2: warning: 4 control characters", 40) == 0);
  free(out);
  CHECK(cb_input_cp_is_bad(0x0C));
  CHECK(cb_input_cp_is_bad(0xFDD0));
  CHECK(cb_input_cp_is_bad(0x10FFFF));
  CHECK(!cb_input_cp_is_bad('\t'));
  CHECK(!cb_input_cp_is_bad(0xA0));
  CHECK(!cb_input_cp_is_bad(0x1000));
  CHECK(!cb_input_cp_is_bad(0x1F96C)); /* an emoji */
}

static void test_bom_and_line_ends(void) {
  size_t n;
  char *out = PREP("\xEF\xBB\xBF---\ntitle: x\n---\n", &n);
  CHECK_STR(out, "---\ntitle: x\n---\n");
  CHECK_INT(n, 17);
  CHECK_INT(d.warnings, 0);
  free(out);
  out = PREP("a\r\nb\rc\n\r\rd", &n);
  CHECK_STR(out, "a\nb\nc\n\n\nd");
  free(out);
  /* Windows line ends through the front matter: lines and values as on Unix. */
  out = PREP("---\r\ntitle: Hi\r\nlist:\r\n  - a\r\n---\r\nbody\r\n", &n);
  cb_arena *a = cb_arena_new();
  cb_meta *m;
  size_t off;
  int line;
  CHECK_INT(cb_frontmatter_parse(a, "in.md", out, n, &m, &off, &line, &d), 0);
  CHECK_STR(cb_meta_str(m, "title"), "Hi");
  CHECK_INT(line, 6);
  CHECK_STR(out + off, "body\n");
  cb_arena_free(a);
  free(out);
}

static void test_empty(void) {
  expect_error("", 0, "in.md:1:1: error:", "empty input");
  expect_error(" \n\t\r\n  ", 7, "in.md:1:1: error:", "empty input");
  expect_error("\xEF\xBB\xBF", 3, "in.md:1:1: error:", "empty input");
  expect_error("\xEF\xBB\xBF\n\n", 5, "in.md:1:1: error:", "empty input");
}

int main(void) {
  test_nul();
  test_binary();
  test_invalid_utf8();
  test_controls();
  test_bom_and_line_ends();
  test_empty();
  free(msgs);
  TEST_DONE();
}
