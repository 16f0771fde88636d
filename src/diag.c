/* Messages in the compiler convention (file:line:col: level: text) so editors can jump to them. */
#include "coursebook/diag.h"

#include <stdarg.h>

void cb_diag_init(cb_diag *d) {
  d->stream = stderr;
  d->quiet = false;
  d->warnings = 0;
  d->errors = 0;
}

static void emit(cb_diag *d, cb_pos pos, const char *level, const char *fmt, va_list ap) {
  if (!d->stream) return;
  if (pos.file) {
    fputs(pos.file, d->stream);
    if (pos.line > 0) {
      fprintf(d->stream, ":%d", pos.line);
      if (pos.col > 0) fprintf(d->stream, ":%d", pos.col);
    }
    fputs(": ", d->stream);
  } else {
    fputs("coursebook: ", d->stream);
  }
  fprintf(d->stream, "%s: ", level);
  vfprintf(d->stream, fmt, ap);
  fputc('\n', d->stream);
}

void cb_warn(cb_diag *d, cb_pos pos, const char *fmt, ...) {
  d->warnings++;
  if (d->quiet) return;
  va_list ap;
  va_start(ap, fmt);
  emit(d, pos, "warning", fmt, ap);
  va_end(ap);
}

void cb_error(cb_diag *d, cb_pos pos, const char *fmt, ...) {
  d->errors++;
  va_list ap;
  va_start(ap, fmt);
  emit(d, pos, "error", fmt, ap);
  va_end(ap);
}
