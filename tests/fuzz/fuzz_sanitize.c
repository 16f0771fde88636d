/* libFuzzer harness for the raw-HTML sanitiser and the URL/style checks shared by the HTML and
 * EPUB backends.  The first byte picks HTML or XHTML serialisation; the output must carry no
 * script, handler or javascript: URL (fuzz_oracle.h), and the XHTML form must be well-formed
 * XML (the EPUB's content documents depend on it). */
#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "coursebook/coursebook.h"
#include "fuzz_oracle.h"
#include "html_sanitize.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  xmlSetGenericErrorFunc(NULL, quiet);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  bool xhtml = data[0] & 1;
  const char *html = (const char *)data + 1;
  size_t len = size - 1;
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;

  cb_buf out = CB_BUF_INIT;
  cb_html_sanitize(html, len, xhtml, &out, &d, (cb_pos){"in.md", 1, 1});
  fuzz_check_html(out.data ? out.data : "", out.len);
  if (xhtml) {
    cb_buf doc = CB_BUF_INIT;
    cb_buf_puts(&doc, "<div xmlns=\"http://www.w3.org/1999/xhtml\">");
    cb_buf_put(&doc, out.data ? out.data : "", out.len);
    cb_buf_puts(&doc, "</div>");
    xmlDocPtr x = xmlReadMemory(doc.data, (int)doc.len, "in.xhtml", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!x) {
      fprintf(stderr, "\n*** oracle: XHTML output is not well-formed:\n%.*s\n", (int)out.len,
              out.data ? out.data : "");
      abort();
    }
    xmlFreeDoc(x);
    cb_buf_free(&doc);
  }
  cb_buf_free(&out);

  /* The same bytes as a URL and as a style value: must not crash; javascript: is refused. */
  char *s = malloc(len + 1);
  memcpy(s, html, len);
  s[len] = '\0';
  if (cb_url_is_safe(s) && fuzz_dangerous_url(s, strlen(s), false)) {
    fprintf(stderr, "\n*** oracle: cb_url_is_safe accepted '%s'\n", s);
    abort();
  }
  (void)cb_html_style_is_safe(s);
  cb_buf esc = CB_BUF_INIT;
  cb_html_escape(&esc, html, len);
  for (size_t i = 0; i < esc.len; i++)
    if (esc.data[i] == '<' || esc.data[i] == '>' || esc.data[i] == '"' || esc.data[i] == '\'')
      abort();
  cb_buf_free(&esc);
  free(s);
  return 0;
}
