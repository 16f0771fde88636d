/* The HTML handout: one self-contained HTML5 file (CSS inlined, images as data: URIs, the
 * Myanmar font optionally embedded as a subset), valid for the W3C Nu checker.  The body comes
 * from the shared writer in html_body.c. */
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "fonts.h"
#include "html_body.h"
#include "html_sanitize.h"
#include "resources.h"

#define X(s) ((const xmlChar *)(s))

/* Escaped by us: xmlTextWriter would write Burmese as character references. */
static void raw_escaped(xmlTextWriterPtr w, const char *s) {
  cb_buf b = CB_BUF_INIT;
  cb_html_escape(&b, s, strlen(s));
  if (b.len) xmlTextWriterWriteRawLen(w, X(b.data), (int)b.len);
  cb_buf_free(&b);
}

static void meta_tag(xmlTextWriterPtr w, const char *name, const char *content) {
  if (!content || !*content) return;
  xmlTextWriterStartElement(w, X("meta"));
  xmlTextWriterWriteAttribute(w, X("name"), X(name));
  xmlTextWriterStartAttribute(w, X("content"));
  raw_escaped(w, content);
  xmlTextWriterEndAttribute(w);
  xmlTextWriterEndElement(w);
  xmlTextWriterWriteRaw(w, X("\n"));
}

static void base64(cb_buf *out, const unsigned char *p, size_t len) {
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  cb_buf_grow(out, (len + 2) / 3 * 4 + 1);
  size_t i = 0;
  for (; i + 2 < len; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
    char q[4] = {b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], b64[v & 63]};
    cb_buf_put(out, q, 4);
  }
  if (i < len) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0);
    char q[4] = {b64[v >> 18], b64[(v >> 12) & 63], i + 1 < len ? b64[(v >> 6) & 63] : '=', '='};
    cb_buf_put(out, q, 4);
  }
}

/* One @font-face rule (on one line: easy to find in a handout) with a subset of file as a
 * data: URI.  false if the font could not be subset. */
static bool font_face(cb_buf *css, const char *family, const char *file, const char *weight,
                      const char *range, const uint32_t *cps, size_t n_cps, const char *rename) {
  size_t len = 0;
  unsigned char *sub = cb_font_subset(file, cps, n_cps, rename, &len);
  if (!sub) return false;
  cb_buf_printf(css,
                "@font-face { font-family: \"%s\"; font-style: normal; font-weight: %s; "
                "font-display: block; unicode-range: %s; src: url(\"data:font/ttf;base64,",
                family, weight, range);
  base64(css, sub, len);
  cb_buf_puts(css, "\") format(\"truetype\"); }\n");
  free(sub);
  return true;
}

static bool has_cp_in(const uint32_t *cps, size_t n, uint32_t lo, uint32_t hi) {
  for (size_t i = 0; i < n; i++)
    if (cps[i] >= lo && cps[i] <= hi) return true;
  return false;
}

/* --embed-font: @font-face rules with subsets of the Myanmar font (regular and bold) and, when
 * the text has emoji, of the emoji font, as data: URIs, under the private families
 * "coursebook Myanmar" / "coursebook Emoji" that styles/handout.css puts in its font stacks.
 * unicode-range keeps each to its own characters.  A font with an OFL Reserved Font Name
 * (Padauk) is renamed inside the subset, as the licence requires. */
static void embed_font(const cb_book *book, const cb_options *opt, cb_buf *css, cb_diag *d) {
  static const char myanmar_range[] = "U+1000-109F, U+A9E0-A9FF, U+AA60-AA7F, U+200B-200D, U+25CC";
  static const char emoji_range[] = "U+200D, U+20E3, U+2190-21FF, U+2300-23FF, U+2600-27BF, "
                                    "U+2B00-2BFF, U+FE0F, U+1F000-1FAFF, U+E0020-E007F";
  cb_arena *a = cb_arena_new();
  cb_fonts fonts;
  if (cb_fonts_load(a, opt, &fonts, d) < 0) {
    cb_arena_free(a);
    return;
  }
  size_t n_cps = 0;
  uint32_t *cps = cb_book_codepoints(book, &n_cps);
  const cb_font *f = &fonts.role[CB_FONT_MYANMAR];
  if (!has_cp_in(cps, n_cps, 0x1000, 0x109F) && !has_cp_in(cps, n_cps, 0xA9E0, 0xA9FF) &&
      !has_cp_in(cps, n_cps, 0xAA60, 0xAA7F)) {
    /* No Burmese in this course: nothing to embed for it. */
  } else if (!f->path) {
    cb_warn(d, (cb_pos){0},
            "--embed-font: no Myanmar font file found (install fonts-noto-core or "
            "fonts-sil-padauk); the handout relies on the reader's fonts");
  } else {
    const char *rename = f->reserved_name ? "coursebook Myanmar" : NULL;
    if (!font_face(css, "coursebook Myanmar", f->path, "normal", myanmar_range, cps, n_cps, rename))
      cb_warn(d, (cb_pos){0}, "--embed-font: could not subset %s", f->path);
    if (f->bold_path && !font_face(css, "coursebook Myanmar", f->bold_path, "bold", myanmar_range,
                                   cps, n_cps, rename))
      cb_warn(d, (cb_pos){0}, "--embed-font: could not subset %s", f->bold_path);
  }
  const cb_font *e = &fonts.role[CB_FONT_EMOJI];
  if (e->path && has_cp_in(cps, n_cps, 0x1F000, 0x1FAFF)) {
    if (!font_face(css, "coursebook Emoji", e->path, "normal", emoji_range, cps, n_cps,
                   e->reserved_name ? "coursebook Emoji" : NULL))
      cb_warn(d, (cb_pos){0}, "--embed-font: could not subset %s", e->path);
  }
  free(cps);
  cb_arena_free(a);
}

/* The creators as one line for <meta name="author">: a string, or a list joined by commas. */
static const char *creators_of(cb_arena *a, const cb_meta *m) {
  if (!m) return NULL;
  if (m->type != CB_META_LIST) return m->str;
  cb_buf b = CB_BUF_INIT;
  for (const cb_meta *i = m->first; i; i = i->next) {
    if (!i->str || !*i->str) continue;
    if (b.len) cb_buf_puts(&b, ", ");
    cb_buf_puts(&b, i->str);
  }
  const char *r = b.len ? cb_strndup(a, b.data, b.len) : NULL;
  cb_buf_free(&b);
  return r;
}

int cb_render_html(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d) {
  size_t css_len = 0;
  char *css_file = cb_resource_read(opt, "styles/handout.css", &css_len, d);
  if (!css_file) return -1;
  cb_buf css = CB_BUF_INIT;
  if (opt && opt->embed_font) embed_font(book, opt, &css, d);
  cb_buf_put(&css, css_file, css_len);
  free(css_file);
  /* The stylesheet is our own data file, but a </style> in it would end the element early. */
  if (strstr(css.data, "</")) {
    cb_error(d, (cb_pos){0}, "styles/handout.css must not contain \"</\"");
    cb_buf_free(&css);
    return -1;
  }

  cb_arena *scratch = cb_arena_new();
  xmlBufferPtr xb = xmlBufferCreate();
  /* libxml2's default for xmlBuffer is exact growth (+10 bytes a resize): quadratic copying
   * whenever realloc cannot remap in place (it can in glibc for large blocks, not under ASan). */
  if (xb) xmlBufferSetAllocationScheme(xb, XML_BUFFER_ALLOC_DOUBLEIT);
  xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
  if (!w) {
    if (xb) xmlBufferFree(xb);
    cb_arena_free(scratch);
    cb_buf_free(&css);
    cb_error(d, (cb_pos){0}, "out of memory creating the HTML writer");
    return -1;
  }
  cb_course_info info;
  cb_course_info_get(book, &info);
  const char *lang = book->lang && *book->lang ? book->lang : "en";
  const char *title = info.title ? info.title : "Handout";

  cb_html_ids *ids = cb_html_ids_build(book, scratch, d);
  cb_html_ctx c;
  cb_html_ctx_init(&c, w, book, opt, d, scratch, ids);
  c.lang = lang;

  xmlTextWriterWriteRaw(w, X("<!DOCTYPE html>\n"));
  xmlTextWriterStartElement(w, X("html"));
  xmlTextWriterWriteAttribute(w, X("lang"), X(lang));
  xmlTextWriterWriteRaw(w, X("\n"));
  xmlTextWriterStartElement(w, X("head"));
  xmlTextWriterWriteRaw(w, X("\n"));
  xmlTextWriterStartElement(w, X("meta"));
  xmlTextWriterWriteAttribute(w, X("charset"), X("utf-8"));
  xmlTextWriterEndElement(w);
  xmlTextWriterWriteRaw(w, X("\n"));
  meta_tag(w, "viewport", "width=device-width, initial-scale=1");
  xmlTextWriterStartElement(w, X("title"));
  raw_escaped(w, title);
  xmlTextWriterFullEndElement(w);
  xmlTextWriterWriteRaw(w, X("\n"));
  meta_tag(w, "description", info.excerpt);
  meta_tag(w, "author", creators_of(scratch, info.creators));
  meta_tag(w, "generator", "coursebook " COURSEBOOK_VERSION);
  xmlTextWriterStartElement(w, X("style"));
  xmlTextWriterWriteRaw(w, X("\n"));
  xmlTextWriterWriteRawLen(w, X(css.data), (int)css.len);
  xmlTextWriterFullEndElement(w);
  xmlTextWriterWriteRaw(w, X("\n"));
  cb_buf_free(&css);
  xmlTextWriterFullEndElement(w); /* head */
  xmlTextWriterWriteRaw(w, X("\n"));

  xmlTextWriterStartElement(w, X("body"));
  xmlTextWriterWriteRaw(w, X("\n"));
  xmlTextWriterStartElement(w, X("main"));
  xmlTextWriterWriteAttribute(w, X("class"), X("handout"));
  xmlTextWriterWriteRaw(w, X("\n"));
  cb_html_write_title_block(&c, &info);
  for (const cb_node *ch = book->first; ch; ch = ch->next) {
    xmlTextWriterStartElement(w, X("article"));
    xmlTextWriterWriteAttribute(w, X("class"), X("chapter"));
    const char *cl = ch->as.chapter.lang;
    if (cl && *cl && strcmp(cl, lang) != 0) {
      xmlTextWriterWriteAttribute(w, X("lang"), X(cl));
      c.lang = cl;
    }
    xmlTextWriterWriteRaw(w, X("\n"));
    /* The first chapter's title is the handout's title (title block); later ones get their
     * own heading. */
    if (ch != book->first && ch->as.chapter.title) {
      xmlTextWriterStartElement(w, X("h1"));
      xmlTextWriterWriteAttribute(w, X("class"), X("chapter__title"));
      cb_html_write_text(&c, ch->as.chapter.title, strlen(ch->as.chapter.title));
      xmlTextWriterFullEndElement(w);
      xmlTextWriterWriteRaw(w, X("\n"));
    }
    cb_html_write_chapter(&c, ch);
    c.lang = lang;
    xmlTextWriterFullEndElement(w); /* article */
    xmlTextWriterWriteRaw(w, X("\n"));
  }
  xmlTextWriterFullEndElement(w); /* main */
  xmlTextWriterWriteRaw(w, X("\n"));
  xmlTextWriterFullEndElement(w); /* body */
  xmlTextWriterWriteRaw(w, X("\n"));
  xmlTextWriterFullEndElement(w); /* html */
  xmlTextWriterWriteRaw(w, X("\n"));
  int err = cb_html_ctx_finish(&c);
  if (xmlTextWriterFlush(w) < 0) err = -1;
  xmlFreeTextWriter(w);
  if (!err) cb_buf_put(out, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
  xmlBufferFree(xb);
  cb_arena_free(scratch);
  if (err) {
    cb_error(d, (cb_pos){0}, "writing the HTML failed");
    return -1;
  }
  return 0;
}
