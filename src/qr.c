/* QR codes with libqrencode, drawn as one SVG path of unit squares.  Used for video and link
 * URLs so that a printed handout or an e-ink reader still leads to the resource. */
#include "qr.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "html_sanitize.h"

bool cb_qr_encode(const char *text, cb_qr *out) {
  out->size = 0;
  out->dark = NULL;
  if (!text || !*text) return false;
  /* 8-bit mode keeps URLs byte-exact (no Kanji/alnum guessing); level M survives smudged
   * prints while keeping the symbol small. */
  QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
  if (!q) return false;
  size_t n = (size_t)q->width * (size_t)q->width;
  out->dark = cb_xmalloc(n);
  for (size_t i = 0; i < n; i++)
    out->dark[i] = q->data[i] & 1; /* bit 0 = dark */
  out->size = q->width;
  QRcode_free(q);
  return true;
}

void cb_qr_free(cb_qr *qr) {
  free(qr->dark);
  qr->dark = NULL;
  qr->size = 0;
}

void cb_qr_svg(cb_buf *out, const cb_qr *qr, const char *title, const char *css_class) {
  const int quiet = 4, total = qr->size + 2 * quiet;
  /* The xmlns makes the fragment valid XHTML too; HTML5 accepts it on an inline svg. */
  cb_buf_printf(out,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                "role=\"img\" shape-rendering=\"crispEdges\"",
                total, total);
  if (css_class && *css_class) {
    cb_buf_puts(out, " class=\"");
    cb_html_escape(out, css_class, strlen(css_class));
    cb_buf_putc(out, '"');
  }
  cb_buf_puts(out, "><title>");
  if (title) cb_html_escape(out, title, strlen(title));
  cb_buf_printf(out,
                "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"></rect>"
                "<path fill=\"#000\" d=\"",
                total, total);
  /* One subpath per horizontal run of dark modules: the same picture as unit squares with
   * far fewer path commands. */
  for (int y = 0; y < qr->size; y++) {
    const unsigned char *row = qr->dark + (size_t)y * (size_t)qr->size;
    for (int x = 0; x < qr->size;) {
      if (!row[x]) {
        x++;
        continue;
      }
      int x0 = x;
      while (x < qr->size && row[x])
        x++;
      cb_buf_printf(out, "M%d %dh%dv1h-%dz", x0 + quiet, y + quiet, x - x0, x - x0);
    }
  }
  cb_buf_puts(out, "\"></path></svg>");
}
