/* Regression tests for what fuzzing and the scaling checks found in the reader: each input
 * here once crashed, hung or took super-linear time. */
#include <string.h>
#include <time.h>

#include "check.h"
#include "md_helpers.h"

/* The paragraph's attributes as the dump shows them (its first line). */
static char *para_attrs(const char *body) {
  md_doc m;
  CHECK_INT(md_read(&m, body), 0);
  char *got = md_dump(&m);
  char *nl = strchr(got, '\n');
  if (nl) *nl = '\0';
  md_free(&m);
  return got;
}

/* Repeated ALD references: kramdown merges at every reference, so the last use of an ALD
 * decides a shared key, and classes keep their first-use order. */
static void test_ald_repeats(void) {
  char *a = para_attrs("{:a: .x k=\"1\"}\n{:b: .y k=\"2\" j=\"b\"}\n\nP\n{: a b a}\n");
  CHECK_STR(a, "paragraph .x .y k=1 j=b");
  free(a);
  a = para_attrs("{:a: .x k=\"1\"}\n{:b: .y k=\"2\"}\n\nP\n{: a b a b}\n");
  CHECK_STR(a, "paragraph .x .y k=2");
  free(a);
  a = para_attrs("{:a: .x k=\"1\"}\n{:b: .y k=\"2\"}\n\nP\n{: b a a a k=\"own\"}\n");
  CHECK_STR(a, "paragraph .y .x k=own");
  free(a);
}

/* An ALD of n classes referenced n times cost n^3 (each reference re-merged every class,
 * each with a duplicate check): 3000 took minutes.  Now each ALD is merged once. */
static void test_ald_many_refs(void) {
  cb_buf b = CB_BUF_INIT;
  cb_buf_puts(&b, "{:r: ");
  for (int i = 0; i < 3000; i++)
    cb_buf_printf(&b, ".c%d ", i);
  cb_buf_puts(&b, "}\n\nP\n{: ");
  for (int i = 0; i < 3000; i++)
    cb_buf_puts(&b, "r ");
  cb_buf_puts(&b, "}\n");
  cb_buf_putc(&b, '\0');
  clock_t t0 = clock();
  md_doc m;
  CHECK_INT(md_read(&m, b.data), 0);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CHECK(secs < 5.0);
  char *got = md_dump(&m);
  CHECK(strstr(got, ".c0 .c1 .c2 ") != NULL);
  free(got);
  md_free(&m);
  cb_buf_free(&b);
}

/* {: r r r …}: each reference was appended by walking the whole list. */
static void test_ial_many_refs(void) {
  cb_buf b = CB_BUF_INIT;
  cb_buf_puts(&b, "P\n{: ");
  for (int i = 0; i < 200000; i++)
    cb_buf_puts(&b, "r ");
  cb_buf_puts(&b, "}\n");
  cb_buf_putc(&b, '\0');
  clock_t t0 = clock();
  md_doc m;
  CHECK_INT(md_read(&m, b.data), 0);
  CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
  md_free(&m);
  cb_buf_free(&b);
}

/* A Liquid tag inside a capture body was kept in the variable and printed as text.  The body
 * is rendered: an `if` never closed there ends with the capture (it does not hide the page
 * after it), and a capture in it that is never closed is dropped. */
static void test_capture_tags(void) {
  md_doc m;
  CHECK_INT(md_read(&m, "{% capture a %}x{% if y %}z{% capture b %}w{% endcapture %}{{ a }}\n"), 0);
  char *got = md_dump(&m);
  CHECK(strstr(got, "{%") == NULL);
  CHECK(strstr(got, "x") != NULL && strstr(got, "z") == NULL && strstr(got, "w") == NULL);
  CHECK(strstr(md_errors(&m), "never closed inside the capture") != NULL);
  free(got);
  md_free(&m);
  /* an unclosed `{%` in a capture body is dropped with a warning, as on the page (linear) */
  CHECK_INT(md_read(&m, "{% capture a %}x {% y{% endcapture %}{{ a }}\n"), 0);
  got = md_dump(&m);
  CHECK(strstr(got, "x  y") != NULL && strstr(got, "{%") == NULL);
  CHECK(strstr(md_errors(&m), "'{%' is never closed") != NULL);
  free(got);
  md_free(&m);
}

int main(void) {
  test_capture_tags();
  test_ald_repeats();
  test_ald_many_refs();
  test_ial_many_refs();
  TEST_DONE();
}
