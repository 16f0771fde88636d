/* Placeholder until the pdf backend lands (replaced wholesale by its owner). */
#include "backend.h"

int cb_render_pdf(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d) {
  (void)book; (void)opt; (void)out;
  cb_error(d, (cb_pos){0}, "the pdf backend is not in this build yet");
  return -1;
}
