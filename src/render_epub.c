/* EPUB 3 backend: the book as a package of XHTML content documents (one or more per chapter,
 * split at headings so that none grows past about 256 KB), a cover, a title page, the
 * navigation document and NCX, the stylesheet with the embedded Myanmar font, and the images,
 * zipped reproducibly.  The body of every content document comes from the shared model →
 * XHTML writer (html_body.h); this file decides what goes where and how files refer to
 * each other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "book_paths.h"
#include "epub.h"
#include "fonts.h"
#include "html_body.h"
#include "resources.h"

#define CSS_HREF    "epub.css"
#define FONT_FAMILY "CB Myanmar"

/* Content documents should stay under ~256 KB (older readers load a document whole). Sizes
 * are estimated before writing; a document is cut at a heading once it passes SOFT, and at
 * any block once it would pass HARD. */
enum { SPLIT_SOFT = 96 * 1024, SPLIT_HARD = 160 * 1024 };

typedef struct epub_doc {
  const cb_node *chapter;
  const cb_node *first, *last; /* top-level blocks, inclusive; first NULL = empty chapter */
  const char *id, *href, *title;
  bool chapter_start; /* first document of its chapter */
} epub_doc;

typedef struct epub_ctx {
  const cb_book *book;
  const cb_options *opt;
  cb_diag *d;
  cb_arena *a;
  cb_epub e;
  cb_html_ids *ids;
  epub_doc *docs;
  size_t n_docs, cap_docs;
  cb_epub_map block_doc; /* top-level block → doc index + 1 */
  cb_epub_map images;    /* canonical path → packaged href */
  size_t n_images;
  size_t cur_doc;
} epub_ctx;

/* ---- splitting ---- */

/* A rough size in bytes of a block's XHTML: its text (Burmese grows by a third with break
 * hints and span markup) plus markup per node; a video card carries a QR code. */
static size_t block_size(const cb_node *block, size_t *headings) {
  size_t size = 0;
  cb_iter it;
  const cb_node *n;
  cb_event ev;
  cb_iter_init(&it, block);
  while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE) {
    if (ev != CB_EVENT_ENTER) continue;
    size += 48 + n->text_len + n->text_len / 3;
    if (n->type == CB_NODE_LINK || n->type == CB_NODE_IMAGE)
      size += n->as.link.url ? strlen(n->as.link.url) : 0;
    if (n->type == CB_NODE_VIDEO) size += 6000;
    if (n->type == CB_NODE_HEADING) *headings += 1;
  }
  return size;
}

static epub_doc *new_doc(epub_ctx *c, const cb_node *chapter, const cb_node *first) {
  if (c->n_docs == c->cap_docs) {
    c->cap_docs = c->cap_docs ? 2 * c->cap_docs : 8;
    c->docs = cb_xrealloc(c->docs, c->cap_docs * sizeof *c->docs);
  }
  epub_doc *doc = &c->docs[c->n_docs++];
  memset(doc, 0, sizeof *doc);
  doc->chapter = chapter;
  doc->first = first;
  doc->id = cb_sprintf(c->a, "doc%03zu", c->n_docs);
  doc->href = cb_sprintf(c->a, "doc%03zu.xhtml", c->n_docs);
  return doc;
}

static void split_chapters(epub_ctx *c) {
  size_t *sizes = NULL, cap = 0;
  for (const cb_node *ch = c->book->first; ch; ch = ch->next) {
    /* Sizes first: an in-text contents list grows with the chapter's headings. */
    size_t n = 0, headings = 0;
    for (const cb_node *b = ch->first; b; b = b->next, n++) {
      if (n == cap) {
        cap = cap ? 2 * cap : 256;
        sizes = cb_xrealloc(sizes, cap * sizeof *sizes);
      }
      sizes[n] = block_size(b, &headings);
    }
    epub_doc *doc = new_doc(c, ch, ch->first);
    doc->chapter_start = true;
    size_t size = 0, i = 0;
    for (const cb_node *b = ch->first; b; b = b->next, i++) {
      size_t bs = sizes[i] + (b->type == CB_NODE_TOC ? headings * 160 : 0);
      bool cut = b != doc->first &&
                 ((b->type == CB_NODE_HEADING && size >= SPLIT_SOFT) || size + bs > SPLIT_HARD);
      if (cut) {
        doc->last = b->prev;
        doc = new_doc(c, ch, b);
        size = 0;
      }
      size += bs;
      cb_epub_map_put(&c->block_doc, b, 0, (void *)(uintptr_t)c->n_docs);
    }
    doc->last = ch->last;
  }
  free(sizes);
}

/* ---- callbacks for the body writer ---- */

static const char *href_for_id(void *ud, const char *id, const cb_node *target) {
  epub_ctx *c = ud;
  const cb_node *n = target;
  if (!n) return NULL;
  /* Footnotes are written in every document that cites them. */
  while (n->parent && n->parent->type != CB_NODE_CHAPTER) {
    if (n->type == CB_NODE_FOOTNOTE_DEF) return NULL;
    n = n->parent;
  }
  if (n->type == CB_NODE_FOOTNOTE_DEF) return NULL;
  size_t k = (size_t)(uintptr_t)cb_epub_map_get(&c->block_doc, n, 0);
  if (!k && n->type == CB_NODE_CHAPTER) {
    for (size_t i = 0; i < c->n_docs; i++)
      if (c->docs[i].chapter == n) {
        k = i + 1;
        break;
      }
  }
  if (!k || k - 1 == c->cur_doc) return NULL;
  return cb_sprintf(c->a, "%s#%s", c->docs[k - 1].href, id);
}

/* Media type from the file's first bytes: the extension may lie, and EPUB readers and
 * epubcheck go by content.  Only EPUB core image types are packaged. */
static const char *sniff_image(const unsigned char *p, size_t n) {
  if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
  if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return "image/jpeg";
  if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0)) return "image/gif";
  size_t i = 0;
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
    i++;
  if (i < n && p[i] == '<') {
    size_t lim = n < 4096 ? n : 4096;
    for (size_t j = i; j + 4 <= lim; j++)
      if (memcmp(p + j, "<svg", 4) == 0) return "image/svg+xml";
  }
  return NULL;
}

static const char *ext_of(const char *type) {
  if (strcmp(type, "image/png") == 0) return "png";
  if (strcmp(type, "image/jpeg") == 0) return "jpg";
  if (strcmp(type, "image/gif") == 0) return "gif";
  return "svg";
}

/* Package an image file once; its href relative to OEBPS/, or NULL (with a warning). */
static const char *package_image(epub_ctx *c, const char *path, cb_pos pos, const char *what,
                                 const char *url) {
  size_t plen = strlen(path);
  const char *href = cb_epub_map_get(&c->images, path, plen);
  if (href) return href;
  size_t len;
  char *data = cb_file_read(path, &len);
  if (!data) {
    cb_warn(c->d, pos, "%s %s cannot be read; its text alternative is shown", what, url);
    return NULL;
  }
  const char *type = sniff_image((const unsigned char *)data, len);
  if (type && strcmp(type, "image/svg+xml") == 0) {
    cb_buf clean = CB_BUF_INIT;
    if (cb_epub_svg_clean(data, len, &clean, c->d, pos) < 0) {
      free(data);
      cb_buf_free(&clean);
      cb_warn(c->d, pos, "%s %s is not a well-formed SVG; its text alternative is shown", what,
              url);
      return NULL;
    }
    free(data);
    data = cb_buf_detach(&clean, &len);
  }
  if (!type) {
    free(data);
    cb_warn(c->d, pos,
            "%s %s is not PNG, JPEG, GIF or SVG (EPUB's core image types); its text "
            "alternative is shown",
            what, url);
    return NULL;
  }
  c->n_images++;
  const char *id = cb_sprintf(c->a, "img%03zu", c->n_images);
  href = cb_sprintf(c->a, "images/img%03zu.%s", c->n_images, ext_of(type));
  cb_epub_add(&c->e, id, href, type, data, len);
  cb_epub_map_put(&c->images, cb_strdup(c->a, path), plen, (void *)href);
  return href;
}

static const char *image_src(void *ud, const cb_node *image, const cb_node *chapter,
                             const char *path) {
  epub_ctx *c = ud;
  (void)chapter;
  const char *href = package_image(c, path, image->pos, "image", image->as.link.url);
  if (!href) return NULL;
  c->e.has_images = true;
  const char *alt = image->as.link.alt;
  if (!alt || !*alt) c->e.images_all_alt = false;
  return href; /* documents live beside images/ in OEBPS/ */
}

/* ---- content documents ---- */

static void nav_from_doc(epub_ctx *c, const epub_doc *doc) {
  if (c->book->n_chapters > 1 && doc->chapter_start) {
    const char *t = doc->chapter->as.chapter.title;
    cb_epub_add_nav(&c->e, 0, t && *t ? t : doc->title, doc->href);
  }
  if (!doc->first) return;
  for (const cb_node *b = doc->first;; b = b->next) {
    cb_iter it;
    const cb_node *n;
    cb_event ev;
    cb_iter_init(&it, b);
    while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE) {
      if (ev != CB_EVENT_ENTER) continue;
      if (n->type == CB_NODE_FOOTNOTE_DEF) { /* written where cited, not here */
        cb_iter_skip(&it);
        continue;
      }
      if (n->type == CB_NODE_VIDEO) c->e.has_video = true;
      if (n->type == CB_NODE_TOC && !c->e.toc_title && n->as.toc.title)
        c->e.toc_title = n->as.toc.title;
      if (n->type != CB_NODE_HEADING) continue;
      const char *id = cb_html_id_of(c->ids, n);
      const char *text = cb_node_plain_text(c->a, n);
      while (*text == ' ')
        text++;
      cb_epub_add_nav(&c->e, n->as.heading.level + (c->book->n_chapters > 1), *text ? text : "-",
                      id ? cb_sprintf(c->a, "%s#%s", doc->href, id) : doc->href);
      cb_iter_skip(&it);
    }
    if (b == doc->last) break;
  }
}

static const char *doc_title(epub_ctx *c, const epub_doc *doc) {
  for (const cb_node *b = doc->first; b; b = b->next) {
    if (b->type == CB_NODE_HEADING) {
      const char *t = cb_node_plain_text(c->a, b);
      while (*t == ' ')
        t++;
      if (*t) return t;
    }
    if (b == doc->last) break;
  }
  const char *t = doc->chapter->as.chapter.title;
  return t && *t ? t : c->e.meta.title;
}

static int write_doc(epub_ctx *c, size_t k, cb_buf *out) {
  epub_doc *doc = &c->docs[k];
  const char *lang = doc->chapter->as.chapter.lang ? doc->chapter->as.chapter.lang : c->e.meta.lang;
  xmlTextWriterPtr w = cb_epub_xml_writer(out, false);
  if (!w) return -1;
  int st = cb_epub_xhtml_begin(w, lang, doc->title, CSS_HREF);
  cb_html_ctx h;
  cb_html_ctx_init(&h, w, c->book, c->opt, c->d, c->a, c->ids);
  h.xhtml = true;
  h.embed_video = false; /* no iframes in EPUB: the offline card */
  h.break_hints = c->opt->break_hints;
  h.lang = lang;
  h.href_for_id = href_for_id;
  h.href_ud = c;
  h.image_src = image_src;
  h.image_ud = c;
  c->cur_doc = k;
  if (st >= 0 && c->book->n_chapters > 1 && doc->chapter_start && doc->chapter->as.chapter.title) {
    /* Several pages in one book: each starts with its own title. */
    st = xmlTextWriterStartElement(w, BAD_CAST "h1");
    if (st >= 0) {
      const char *t = doc->chapter->as.chapter.title;
      st = cb_html_write_text(&h, t, strlen(t));
    }
    if (st >= 0) st = xmlTextWriterEndElement(w);
  }
  if (st >= 0 && doc->first) st = cb_html_write_blocks(&h, doc->chapter, doc->first, doc->last);
  if (st >= 0) st = cb_html_write_footnotes(&h);
  int hs = cb_html_ctx_finish(&h);
  if (st >= 0 && hs < 0) st = hs;
  if (st >= 0) st = cb_epub_xhtml_end(w);
  return cb_epub_xml_finish(w, st);
}

static int add_xhtml(epub_ctx *c, const char *id, const char *href, cb_buf *b, bool spine) {
  size_t len;
  char *data = cb_buf_detach(b, &len);
  cb_epub_item *it = cb_epub_add(&c->e, id, href, "application/xhtml+xml", data, len);
  it->spine = spine;
  return 0;
}

/* Manifest properties a content document needs: "svg" for inline SVG (QR codes), "mathml"
 * for MathML.  One pass over the written bytes. */
static const char *doc_properties(const char *s, size_t len) {
  bool svg = false, math = false;
  for (const char *p = s, *end = s + len; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
    size_t left = (size_t)(end - p);
    if (left > 5 && memcmp(p + 1, "svg", 3) == 0 && (p[4] == ' ' || p[4] == '>')) svg = true;
    if (left > 6 && memcmp(p + 1, "math", 4) == 0 && (p[5] == ' ' || p[5] == '>')) math = true;
  }
  return svg && math ? "mathml svg" : svg ? "svg" : math ? "mathml" : NULL;
}

/* ---- fonts and stylesheet ---- */

/* The Myanmar font, subset to the book's code points, as @font-face rules in css.  Only for
 * books with Burmese text: others would carry a font they never use. */
static void add_fonts(epub_ctx *c, cb_buf *css) {
  size_t n_cps = 0;
  uint32_t *cps = cb_book_codepoints(c->book, &n_cps);
  bool myanmar = false;
  for (size_t i = 0; i < n_cps && !myanmar; i++)
    myanmar = cb_char_is_myanmar(cps[i]);
  cb_fonts fonts;
  if (!myanmar) {
    free(cps);
    return;
  }
  if (cb_fonts_load(c->a, c->opt, &fonts, c->d) != 0 || !fonts.role[CB_FONT_MYANMAR].path) {
    cb_warn(c->d, (cb_pos){0},
            "no Myanmar font found (fonts/fonts.conf): the EPUB relies on "
            "the reading system's fonts for Burmese");
    free(cps);
    return;
  }
  const cb_font *f = &fonts.role[CB_FONT_MYANMAR];
  const char *paths[2] = {f->path, f->bold_path};
  const char *weights[2] = {"normal", "bold"};
  for (int i = 0; i < 2; i++) {
    if (!paths[i]) continue;
    size_t len = 0;
    /* A subset of a font with Reserved Font Names must not keep the name (OFL); if subsetting
     * fails, the unmodified font may be embedded as it is. */
    char *data =
        (char *)cb_font_subset(paths[i], cps, n_cps, f->reserved_name ? FONT_FAMILY : NULL, &len);
    if (!data) data = cb_file_read(paths[i], &len);
    if (!data) {
      cb_warn(c->d, (cb_pos){paths[i], 0, 0}, "cannot read the Myanmar font; not embedded");
      continue;
    }
    const char *href = i ? "fonts/myanmar-bold.ttf" : "fonts/myanmar.ttf";
    cb_epub_add(&c->e, i ? "font-myanmar-bold" : "font-myanmar", href, "font/ttf", data, len);
    /* unicode-range: Latin text keeps the reader's own font where that is supported. */
    cb_buf_printf(css,
                  "@font-face {\n  font-family: \"%s\";\n  font-weight: %s;\n"
                  "  font-style: normal;\n  src: url(\"%s\");\n"
                  "  unicode-range: U+1000-109F, U+A9E0-A9FF, U+AA60-AA7F, U+200B-200D, "
                  "U+25CC;\n}\n",
                  FONT_FAMILY, weights[i], href);
  }
  free(cps);
}

static int add_fonts_and_css(epub_ctx *c) {
  cb_buf css = CB_BUF_INIT;
  add_fonts(c, &css);
  size_t len;
  char *base = cb_resource_read(c->opt, "styles/epub.css", &len, c->d);
  if (!base) {
    cb_buf_free(&css);
    return -1;
  }
  cb_buf_put(&css, base, len);
  free(base);
  size_t clen;
  char *data = cb_buf_detach(&css, &clen);
  cb_epub_add(&c->e, "css", CSS_HREF, "text/css", data, clen);
  return 0;
}

/* ---- cover and title page ---- */

static int add_cover(epub_ctx *c) {
  static const char *const keys[] = {"header.teaser", "header.overlay_image", "header.image",
                                     "image", "cover"};
  const char *image_href = NULL;
  /* The generated cover names the embedded font only when there is one to name. */
  bool font = false;
  for (size_t i = 0; i < c->e.n_items && !font; i++)
    font = strcmp(c->e.items[i].href, "fonts/myanmar.ttf") == 0;
  const char *font_family = font ? FONT_FAMILY : NULL;
  for (size_t i = 0; i < sizeof keys / sizeof *keys && !image_href; i++) {
    const char *url = cb_meta_str(c->book->meta, keys[i]);
    if (!url) continue;
    const cb_meta *m = cb_meta_get(c->book->meta, keys[i]);
    const char *path;
    cb_url_kind k = cb_book_resolve_url(c->book, c->book->first, url, c->a, &path);
    if (k == CB_URL_OUTSIDE)
      cb_warn(c->d, m->pos, "cover image %s is outside the course root; refused", url);
    if (k != CB_URL_LOCAL) continue;
    image_href = package_image(c, path, m->pos, "cover image", url);
  }
  cb_buf b = CB_BUF_INIT;
  cb_epub_item *img;
  if (image_href) {
    img = &c->e.items[c->e.n_items - 1];
    for (size_t i = 0; i < c->e.n_items; i++)
      if (strcmp(c->e.items[i].href, image_href) == 0) img = &c->e.items[i];
  } else {
    if (cb_epub_cover_svg(&c->e.meta, font_family, font ? "../fonts/myanmar.ttf" : NULL, &b) < 0) {
      cb_buf_free(&b);
      return -1;
    }
    size_t len;
    char *data = cb_buf_detach(&b, &len);
    img = cb_epub_add(&c->e, "cover-image", "images/cover.svg", "image/svg+xml", data, len);
  }
  img->properties = "cover-image";
  if (cb_epub_cover_page(&c->e.meta, image_href, font_family, CSS_HREF, &b) < 0) {
    cb_buf_free(&b);
    return -1;
  }
  bool svg = !image_href;
  add_xhtml(c, "cover", "cover.xhtml", &b, true);
  if (svg) c->e.items[c->e.n_items - 1].properties = "svg";
  c->e.cover_href = "cover.xhtml";
  return 0;
}

int cb_render_epub(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d) {
  if (!book->first) {
    cb_error(d, (cb_pos){0}, "epub: the book has no pages");
    return -1;
  }
  epub_ctx c;
  memset(&c, 0, sizeof c);
  c.book = book;
  c.opt = opt;
  c.d = d;
  c.a = cb_arena_new();
  cb_epub_init(&c.e, c.a);
  cb_epub_map_init(&c.block_doc);
  cb_epub_map_init(&c.images);
  cb_epub_meta_collect(c.a, book, opt, time(NULL), &c.e.meta);
  int st = -1;
  cb_buf b = CB_BUF_INIT;

  c.ids = cb_html_ids_build(book, c.a, d);
  if (!c.ids) goto done;
  if (add_fonts_and_css(&c) < 0) goto done;
  if (add_cover(&c) < 0) goto done;

  if (cb_epub_title_page(&c.e.meta, CSS_HREF, opt->break_hints, &b) < 0) goto done;
  add_xhtml(&c, "titlepage", "titlepage.xhtml", &b, true);
  c.e.titlepage_href = "titlepage.xhtml";

  split_chapters(&c);
  for (size_t k = 0; k < c.n_docs; k++) {
    c.docs[k].title = doc_title(&c, &c.docs[k]);
    nav_from_doc(&c, &c.docs[k]);
  }
  for (size_t k = 0; k < c.n_docs; k++) {
    if (write_doc(&c, k, &b) < 0) {
      cb_error(d, (cb_pos){c.docs[k].chapter->as.chapter.file, 0, 0},
               "epub: cannot write a content document");
      goto done;
    }
    const char *props = doc_properties(b.data, b.len);
    if (props && strstr(props, "mathml")) c.e.has_math = true;
    add_xhtml(&c, c.docs[k].id, c.docs[k].href, &b, true);
    c.e.items[c.e.n_items - 1].properties = props;
  }
  c.e.bodymatter_href = c.docs[0].href;
  if (!c.e.n_nav) cb_epub_add_nav(&c.e, 1, c.e.meta.title, c.docs[0].href);

  if (cb_epub_write_nav(&c.e, CSS_HREF, &b) < 0) goto done;
  add_xhtml(&c, "nav", "nav.xhtml", &b, false);
  c.e.items[c.e.n_items - 1].properties = "nav";
  if (cb_epub_write_ncx(&c.e, &b) < 0) goto done;
  {
    size_t len;
    char *data = cb_buf_detach(&b, &len);
    cb_epub_add(&c.e, "ncx", "toc.ncx", "application/x-dtbncx+xml", data, len);
  }
  st = cb_epub_zip(&c.e, out, d);
done:
  if (st < 0 && !d->errors) cb_error(d, (cb_pos){0}, "epub: cannot write the package");
  cb_buf_free(&b);
  cb_epub_map_free(&c.block_doc);
  cb_epub_map_free(&c.images);
  free(c.docs);
  cb_epub_free(&c.e);
  cb_arena_free(c.a);
  return st;
}
