/* coursebook: Jekyll course pages (Markdown + kramdown + Liquid) to EPUB 3, LaTeX/PDF and HTML.
 *
 *   cb_book *book = cb_book_new();
 *   cb_read_file(book, "page.md", &opt, &diag);      // readers build the model
 *   cb_render(book, &opt, &out, &diag);              // a backend writes out.data/out.len
 *   cb_book_free(book);
 */
#ifndef COURSEBOOK_H
#define COURSEBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "coursebook/arena.h"
#include "coursebook/diag.h"
#include "coursebook/model.h"
#include "coursebook/text.h"

#ifdef __cplusplus
extern "C" {
#endif

#define COURSEBOOK_VERSION "0.1.0"

typedef enum cb_format {
  CB_FORMAT_NONE = 0,
  CB_FORMAT_HTML,
  CB_FORMAT_EPUB,
  CB_FORMAT_LATEX,
  CB_FORMAT_PDF
} cb_format;

/* "html", "epub", "latex"/"tex", "pdf" -> format; CB_FORMAT_NONE if unknown. */
cb_format cb_format_from_name(const char *name);
/* From an output file name's extension (.html/.htm, .epub, .tex, .pdf). */
cb_format cb_format_from_path(const char *path);
const char *cb_format_name(cb_format f);
bool cb_format_is_binary(cb_format f);

typedef struct cb_options {
  cb_format format;
  bool embed_video;            /* HTML: the player iframe instead of the offline card */
  bool embed_font;             /* HTML: inline the Myanmar font (subset) into the handout */
  bool break_hints;            /* mark Burmese line-break opportunities (default true) */
  const char *pdf_engine;      /* "xelatex" (default) or "lualatex" */
  const char *paper;           /* "a4" (default), "a5", "letter" */
  int font_size;               /* base size in pt; 0 = the backend's default */
  const char *data_dir;        /* where styles/ and fonts/ are; NULL = found automatically */
  const char *site_root;       /* course/site root; NULL = found from the page upward */
  long long source_date_epoch; /* seconds; -1 = unset (taken from $SOURCE_DATE_EPOCH) */
  bool allow_raw_latex;        /* pass {::nomarkdown type="latex"} through (off by default) */
  const char *link_notes;      /* LaTeX: "footnote" (default), "qr", "none" */
  const char *const *metadata; /* -M "KEY=VALUE" overrides, applied by cb_book_finish */
  size_t n_metadata;
} cb_options;

void cb_options_init(cb_options *o);

/* Readers: add one chapter per call.  path "-" reads stdin.  0 on success; on failure the
 * errors were reported through d (file:line:col) and the book is unchanged. */
int cb_read_file(cb_book *book, const char *path, const cb_options *opt, cb_diag *d);
int cb_read_buffer(cb_book *book, const char *name, const char *data, size_t len,
                   const cb_options *opt, cb_diag *d);
/* After all chapters are read: builds book->meta (first chapter's front matter, then the -M
 * overrides), book->lang (front matter `lang`, else detected from the text) and book->root. */
void cb_book_finish(cb_book *book, const cb_options *opt);

/* Backends: render the whole book into out (bytes; for binary formats too).  0 on success. */
int cb_render(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d);

/* Write data to path atomically: a temporary file beside it, fsync, rename.  An existing file
 * is replaced only on success.  path "-" writes stdout.  0 on success, -1 with errno set. */
int cb_write_file_atomic(const char *path, const char *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
