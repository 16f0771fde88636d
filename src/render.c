/* Format names and the backend table: one renderer per format, chosen here only. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend.h"

static const struct {
  cb_format format;
  const char *name;
  cb_render_fn render;
  bool binary;
} backends[] = {
    {CB_FORMAT_HTML, "html", cb_render_html, false},
    {CB_FORMAT_EPUB, "epub", cb_render_epub, true},
    {CB_FORMAT_LATEX, "latex", cb_render_latex, false},
    {CB_FORMAT_PDF, "pdf", cb_render_pdf, true},
};

void cb_options_init(cb_options *o) {
  memset(o, 0, sizeof *o);
  o->break_hints = true;
  o->pdf_engine = "xelatex";
  o->paper = "a4";
  o->link_notes = "footnote";
  o->source_date_epoch = -1;
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    long long v = strtoll(sde, &end, 10);
    if (*end == '\0' && v >= 0) o->source_date_epoch = v;
  }
}

cb_format cb_format_from_name(const char *name) {
  if (!name) return CB_FORMAT_NONE;
  if (strcasecmp(name, "tex") == 0) return CB_FORMAT_LATEX;
  if (strcasecmp(name, "htm") == 0 || strcasecmp(name, "html5") == 0) return CB_FORMAT_HTML;
  if (strcasecmp(name, "epub3") == 0) return CB_FORMAT_EPUB;
  for (size_t i = 0; i < sizeof backends / sizeof *backends; i++)
    if (strcasecmp(name, backends[i].name) == 0) return backends[i].format;
  return CB_FORMAT_NONE;
}

cb_format cb_format_from_path(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  return dot ? cb_format_from_name(dot + 1) : CB_FORMAT_NONE;
}

const char *cb_format_name(cb_format f) {
  for (size_t i = 0; i < sizeof backends / sizeof *backends; i++)
    if (backends[i].format == f) return backends[i].name;
  return "none";
}

bool cb_format_is_binary(cb_format f) {
  for (size_t i = 0; i < sizeof backends / sizeof *backends; i++)
    if (backends[i].format == f) return backends[i].binary;
  return false;
}

int cb_render(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d) {
  for (size_t i = 0; i < sizeof backends / sizeof *backends; i++)
    if (backends[i].format == opt->format) return backends[i].render(book, opt, out, d);
  cb_error(d, (cb_pos){0}, "no backend for this output format");
  return -1;
}
