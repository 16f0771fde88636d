/* EPUB 3 backend internals: the package (OPF, nav, NCX, container), the ZIP container, the
 * metadata taken from front matter, the generated cover and the content documents.
 * Only render_epub.c and the epub_*.c files use this header. */
#ifndef CB_EPUB_H
#define CB_EPUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "coursebook/coursebook.h"

/* ---- Metadata (epub_meta.c) ----------------------------------------------------------- */

typedef struct cb_epub_strs {
  const char **v;
  size_t n;
} cb_epub_strs;

typedef struct cb_epub_meta {
  const char *title;
  cb_epub_strs creators;
  cb_epub_strs publishers; /* empty entries skipped */
  const char *date;        /* dc:date: W3CDTF as written (YYYY[-MM[-DD]]), or NULL */
  const char *date_human;  /* for the title page: "2023-12-13" */
  const char *modified;    /* dcterms:modified: YYYY-MM-DDThh:mm:ssZ (always set) */
  const char *modified_human;
  time_t modified_time;      /* the same instant, for ZIP timestamps */
  const char *description;   /* excerpt as plain text, or NULL */
  cb_epub_strs subjects;     /* tags then topics */
  const char *rights;        /* licence name ("Public Domain"), or the code as written */
  const char *rights_url;    /* licence URL, or NULL */
  const char *lang;          /* BCP 47, never NULL */
  const char *identifier;    /* front matter `identifier`, else urn:uuid:… derived */
  const char *difficulty;    /* schema:educationalLevel */
  cb_epub_strs audiences;    /* schema:audience */
  const char *interactivity; /* schema:interactivityType */
  const char *resource_type; /* schema:learningResourceType */
} cb_epub_meta;

/* Fill m from book->meta.  now = the build time (used only when neither `modified` nor
 * SOURCE_DATE_EPOCH is given). */
void cb_epub_meta_collect(cb_arena *a, const cb_book *book, const cb_options *opt, time_t now,
                          cb_epub_meta *m);

/* A UUID (RFC 4122 version 5: SHA-1, name-based) of name in the given namespace, formatted
 * "urn:uuid:xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx" (arena). */
const char *cb_epub_uuid5(cb_arena *a, const unsigned char ns[16], const char *name, size_t len);
/* SHA-1 (FIPS 180-4) of data. */
void cb_sha1(const void *data, size_t len, unsigned char out[20]);

/* ---- The package --------------------------------------------------------------------- */

/* One file of the publication under OEBPS/ (manifest item + ZIP entry). */
typedef struct cb_epub_item {
  const char *id;         /* manifest id (XML NCName) */
  const char *href;       /* relative to OEBPS/ ("text/ch001.xhtml") */
  const char *media_type; /* "application/xhtml+xml", "image/png", … */
  const char *properties; /* manifest properties ("nav", "cover-image", "svg"), or NULL */
  char *data;             /* bytes (malloc'd, owned by the package) */
  size_t len;
  bool spine;  /* listed in the reading order */
  bool linear; /* spine itemref linear="yes" (false: linear="no") */
  bool compress;
} cb_epub_item;

/* A navigation point: every heading of every document, plus the title page. */
typedef struct cb_epub_navpt {
  int level;        /* 1 = top */
  const char *text; /* plain text */
  const char *href; /* "text/ch001.xhtml#id" relative to OEBPS/ */
} cb_epub_navpt;

typedef struct cb_epub {
  cb_arena *a;
  cb_epub_meta meta;
  cb_epub_item *items;
  size_t n_items, cap_items;
  cb_epub_navpt *nav;
  size_t n_nav, cap_nav;
  /* landmarks (hrefs relative to OEBPS/, NULL when absent) */
  const char *cover_href, *titlepage_href, *bodymatter_href, *toc_title;
  bool has_images, images_all_alt, has_math, has_video;
} cb_epub;

void cb_epub_init(cb_epub *e, cb_arena *a);
void cb_epub_free(cb_epub *e);
/* Append an item; data is taken over (free()d by cb_epub_free).  Returns the item. */
cb_epub_item *cb_epub_add(cb_epub *e, const char *id, const char *href, const char *media_type,
                          char *data, size_t len);
void cb_epub_add_nav(cb_epub *e, int level, const char *text, const char *href);

/* XML files of the package (epub_package.c), each a complete document written with
 * libxml2's xmlTextWriter.  0 on success. */
int cb_epub_write_container(cb_buf *out);
int cb_epub_write_display_options(cb_buf *out);
int cb_epub_write_opf(const cb_epub *e, cb_buf *out);
int cb_epub_write_nav(const cb_epub *e, const char *css_href, cb_buf *out);
int cb_epub_write_ncx(const cb_epub *e, cb_buf *out);

/* The whole container (epub_zip.c): mimetype first and stored, META-INF files, then the items
 * in order, every entry stamped with mtime.  The archive's bytes are appended to out. */
int cb_epub_zip(const cb_epub *e, cb_buf *out, cb_diag *d);

/* ---- Generated pages (epub_cover.c) -------------------------------------------------- */

/* A cover image as a standalone SVG document: title and creators, wrapped to fit.
 * font_family: the embedded font's private family name (or NULL). */
int cb_epub_cover_svg(const cb_epub_meta *m, const char *font_family, const char *font_href,
                      cb_buf *out);
/* The cover page XHTML: image_href (relative to the page; alt = title), or without one the
 * generated cover inline, its text in font_family (declared by the page's stylesheet). */
int cb_epub_cover_page(const cb_epub_meta *m, const char *image_href, const char *font_family,
                       const char *css_href, cb_buf *out);
/* (epub_cover.c) Write text of a generated page: U+200B at Burmese break opportunities when
 * break_hints is set, runs in another language than doc_lang in <span lang xml:lang>. */
int cb_epub_write_text(xmlTextWriterPtr w, const char *s, size_t len, const char *doc_lang,
                       bool break_hints);
/* The title page: title, excerpt, creators, publishers, dates, difficulty, audience,
 * licence, tags. */
int cb_epub_title_page(const cb_epub_meta *m, const char *css_href, bool break_hints, cb_buf *out);

/* An untrusted SVG image made safe to package (epub_svg.c): parsed without network or entity
 * expansion; script, foreignObject, event handlers and external references removed (warning
 * at pos).  -1 if it is not a well-formed SVG document. */
int cb_epub_svg_clean(const char *data, size_t len, cb_buf *out, cb_diag *d, cb_pos pos);

/* ---- Hash map (epub_map.c) ----------------------------------------------------------
 * Keys are borrowed (must outlive the map): klen bytes at key, or, with klen 0, the pointer
 * key itself (identity, e.g. a model node).  Keys must not be NULL. */
typedef struct cb_epub_map_slot {
  const void *key;
  size_t klen;
  void *value;
} cb_epub_map_slot;
typedef struct cb_epub_map {
  cb_epub_map_slot *slots;
  size_t n, cap;
} cb_epub_map;
void cb_epub_map_init(cb_epub_map *m);
void cb_epub_map_free(cb_epub_map *m);
void *cb_epub_map_get(const cb_epub_map *m, const void *key, size_t klen);
void cb_epub_map_put(cb_epub_map *m, const void *key, size_t klen, void *value);

/* ---- XML helpers (epub_xml.c) --------------------------------------------------------- */

/* A text writer whose output is appended to out; indent for the package files. */
xmlTextWriterPtr cb_epub_xml_writer(cb_buf *out, bool indent);
/* Finish the document and free the writer; 0 on success, -1 if any write failed. */
int cb_epub_xml_finish(xmlTextWriterPtr w, int status);
/* Start an XHTML content document: <?xml?>, <!DOCTYPE html>, <html xmlns xmlns:epub lang
 * xml:lang>, <head> with <meta charset>, <title>, the stylesheet link, then <body>. */
int cb_epub_xhtml_begin(xmlTextWriterPtr w, const char *lang, const char *title,
                        const char *css_href);
/* Close body and html. */
int cb_epub_xhtml_end(xmlTextWriterPtr w);

#endif
