/* The backend interface: each renderer turns the whole book into bytes.  Backends see only the
 * document model and the shared text layer, never reader details. */
#ifndef CB_BACKEND_H
#define CB_BACKEND_H

#include "coursebook/coursebook.h"

typedef int (*cb_render_fn)(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d);

int cb_render_html(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d);
int cb_render_epub(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d);
int cb_render_latex(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d);
int cb_render_pdf(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d);

#endif
