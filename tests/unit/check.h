/* A minimal test harness: CHECK records a failure with file:line and keeps going; the test
 * program's exit status is the number of failures (capped), so ctest reports it. */
#ifndef CB_TEST_CHECK_H
#define CB_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int cb_test_failures;
static int cb_test_checks;

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    cb_test_checks++;                                                                              \
    if (!(cond)) {                                                                                 \
      cb_test_failures++;                                                                          \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                     \
    }                                                                                              \
  } while (0)

#define CHECK_STR(got, want)                                                                       \
  do {                                                                                             \
    const char *g_ = (got), *w_ = (want);                                                          \
    cb_test_checks++;                                                                              \
    if (!g_ || !w_ || strcmp(g_, w_) != 0) {                                                       \
      cb_test_failures++;                                                                          \
      fprintf(stderr, "%s:%d: %s\n  got:  \"%s\"\n  want: \"%s\"\n", __FILE__, __LINE__, #got,     \
              g_ ? g_ : "(null)", w_ ? w_ : "(null)");                                             \
    }                                                                                              \
  } while (0)

#define CHECK_INT(got, want)                                                                       \
  do {                                                                                             \
    long long g_ = (long long)(got), w_ = (long long)(want);                                       \
    cb_test_checks++;                                                                              \
    if (g_ != w_) {                                                                                \
      cb_test_failures++;                                                                          \
      fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_);          \
    }                                                                                              \
  } while (0)

#define TEST_DONE()                                                                                \
  do {                                                                                             \
    printf("%d checks, %d failed\n", cb_test_checks, cb_test_failures);                            \
    return cb_test_failures > 100 ? 100 : cb_test_failures;                                        \
  } while (0)

#endif
