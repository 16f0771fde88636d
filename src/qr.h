/* QR codes (libqrencode) for video and link URLs, drawn as vector graphics by each backend. */
#ifndef CB_QR_H
#define CB_QR_H

#include <stdbool.h>

#include "coursebook/arena.h"

typedef struct cb_qr {
  int size;            /* modules per side (without the quiet zone) */
  unsigned char *dark; /* size*size bytes, row-major, 1 = dark module (malloc'd) */
} cb_qr;

bool cb_qr_encode(const char *text, cb_qr *out);
void cb_qr_free(cb_qr *qr);
/* An inline SVG (one <path>, 4-module quiet zone, viewBox in modules) with a <title>.
 * xml_safe output: valid both in HTML5 and XHTML. */
void cb_qr_svg(cb_buf *out, const cb_qr *qr, const char *title, const char *css_class);

#endif
