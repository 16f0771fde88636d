/* Diagnostics: warnings and errors as `file:line:col: level: message` on stderr. */
#ifndef COURSEBOOK_DIAG_H
#define COURSEBOOK_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "coursebook/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cb_diag {
  FILE *stream; /* where messages go (stderr by default; NULL = nowhere) */
  bool quiet;   /* -q: suppress warnings (errors are still printed) */
  int warnings;
  int errors;
} cb_diag;

void cb_diag_init(cb_diag *d);
/* pos.line / pos.col of 0 are omitted from the prefix. */
void cb_warn(cb_diag *d, cb_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void cb_error(cb_diag *d, cb_pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
