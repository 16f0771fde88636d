/* libFuzzer harness: arbitrary bytes as a course page, read through cb_read_buffer and rendered
 * to HTML, LaTeX and EPUB in memory.  Beyond crashes, hangs and leaks, the outputs are checked
 * by the oracles in fuzz_oracle.h (no script, no dangerous TeX, nothing from outside the
 * course).  The page lives in a sandboxed course (fuzz_oracle.h) next to a planted secret. */
#include <stdint.h>
#include <stdlib.h>

#include "backend.h"
#include "coursebook/coursebook.h"
#include "fuzz_oracle.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_sandbox();
  return 0;
}

static bool judge_paths;

static void render(const cb_book *book, cb_options *opt, cb_format f, cb_diag *d) {
  opt->format = f;
  cb_buf out = CB_BUF_INIT;
  int rc = cb_render(book, opt, &out, d);
  if (rc == 0) {
    if (judge_paths) fuzz_check_secret(out.data, out.len);
    if (f == CB_FORMAT_HTML) fuzz_check_html(out.data, out.len);
    if (f == CB_FORMAT_LATEX) fuzz_check_latex(out.data, out.len);
  }
  free(out.data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* Options from the first byte, so option-dependent paths are explored too. */
  unsigned flags = size ? data[0] : 0;
  cb_options opt;
  cb_options_init(&opt);
  opt.data_dir = CB_SOURCE_DATADIR;
  opt.site_root = fuzz_site;
  opt.source_date_epoch = 1719532800;
  opt.break_hints = !(flags & 1);
  opt.link_notes = (flags & 6) == 2 ? "qr" : (flags & 6) == 4 ? "none" : "footnote";
  /* embed_video would add iframes by design; the font embedding is slow and input-blind. */
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  judge_paths = !fuzz_input_names_secret((const char *)data, size);
  cb_book *book = cb_book_new();
  if (cb_read_buffer(book, fuzz_page, (const char *)data, size, &opt, &d) == 0) {
    cb_book_finish(book, &opt);
    render(book, &opt, CB_FORMAT_HTML, &d);
    render(book, &opt, CB_FORMAT_LATEX, &d);
    render(book, &opt, CB_FORMAT_EPUB, &d);
  }
  cb_book_free(book);
  return 0;
}
