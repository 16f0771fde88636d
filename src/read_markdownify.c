/* Jekyll's markdownify where its HTML is what the page needs: a value inside raw HTML (a
 * `<figcaption>` line, an attribute) is not parsed as Markdown again, so it is rendered here,
 * by cmark-gfm with the options the page's own parse uses.  The HTML is untrusted like any
 * raw HTML of the page: backends sanitise it. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "read_internal.h"

const char *cb_markdownify_html(cb_arena *a, const char *md, size_t n) {
  cmark_gfm_core_extensions_ensure_registered();
  const int opts = CMARK_OPT_SMART | CMARK_OPT_UNSAFE | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
  cmark_parser *p = cmark_parser_new(opts);
  static const char *const exts[] = {"table", "strikethrough"};
  for (size_t k = 0; k < sizeof exts / sizeof *exts; k++) {
    cmark_syntax_extension *e = cmark_find_syntax_extension(exts[k]);
    if (e) cmark_parser_attach_syntax_extension(p, e);
  }
  cmark_parser_feed(p, md, n);
  cmark_node *doc = cmark_parser_finish(p);
  char *html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
  size_t len = strlen(html);
  /* kramdown ends the value with one line break; the line it lands in continues after it */
  while (len && html[len - 1] == '\n')
    len--;
  const char *out = cb_strndup(a, html, len);
  free(html);
  cmark_node_free(doc);
  cmark_parser_free(p);
  return out;
}
