/* The model → HTML body writer shared by the HTML handout and the EPUB backend.
 *
 * Output is *polyglot* markup, valid both as HTML5 and as XHTML: every element is written with
 * libxml2's xmlTextWriter (never concatenated strings), non-void elements always get an end tag
 * (<div></div>, never <div/>), void elements are self-closed (<br/>, <img/>), boolean
 * attributes are written as name="name".  The caller owns the writer and the enclosing
 * document (<html>, <head>, <body>); these functions write elements inside it.
 *
 * Typical use (HTML handout):
 *
 *   xmlBufferPtr xb = xmlBufferCreate();
 *   xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
 *   cb_html_ids *ids = cb_html_ids_build(book, arena, diag);
 *   cb_html_ctx c;
 *   cb_html_ctx_init(&c, w, book, opt, diag, arena, ids);
 *   c.lang = book->lang;
 *   cb_html_write_title_block(&c, &info);  // cb_course_info_get(book, &info)
 *   for (chapter...) cb_html_write_chapter(&c, chapter);  // blocks + its footnotes section
 *   cb_html_ctx_finish(&c);
 *   xmlFreeTextWriter(w);  // flushes into xb
 *
 * EPUB: set c.xhtml = true (adds epub:type and xml:lang; the document's root element must
 * declare xmlns:epub), c.href_for_id (links across split documents) and c.image_src (packaged
 * image paths); write a range of sibling blocks per content document with
 * cb_html_write_blocks(), then cb_html_write_footnotes() for the notes referenced in that range.
 *
 * Classes a stylesheet can rely on (styles/handout.css styles them all):
 *   header.title-block (h1.title-block__title, p.title-block__excerpt, dl.title-block__details
 *     with dt/dd classes creator, publisher, date, modified, difficulty, audience, license,
 *     tags > ul.tags__list); div.notice.notice--KIND[role=note]; nav.toc > p.toc__title +
 *     ul.toc__menu; div.video-card.video-card--PROVIDER > svg.video-card__qr +
 *     div.video-card__body > p.video-card__provider + p.video-card__link > a.video-card__url
 *     (with --embed-video: div.video-embed > iframe + p.video-embed__link);
 *     span.image-placeholder (image not shown: its alt text); .math.math--inline / --display;
 *     div.footnotes (XHTML: section.footnotes > aside) with a.footnote / a.reversefootnote;
 *     li.task-list-item > span.task-list-item__box; pre > code.language-X. */
#ifndef CB_HTML_BODY_H
#define CB_HTML_BODY_H

#include <stdbool.h>

#include <libxml/xmlwriter.h>

#include "coursebook/coursebook.h"

/* ---- Unique ids, by construction ---------------------------------------------------------
 * One pass over the whole book assigns every node that will carry an id in the output
 * (attrs.id of any node, footnote definitions and references) an id unique in the book.
 * A clash gets a "-2", "-3", … suffix and a warning at the node's file:line.  Footnote ids
 * follow kramdown: "fn:LABEL" on the note, "fnref:LABEL" on its first reference
 * ("fnref:LABEL:2", … on later ones). */
typedef struct cb_html_ids cb_html_ids;

cb_html_ids *cb_html_ids_build(const cb_book *book, cb_arena *a, cb_diag *d);
/* The same with options.  CB_HTML_IDS_XML: every id is made a valid XML NCName (EPUB:
 * epubcheck rejects ids with colons or a leading '-' or digit): "fn:1" becomes "fn-1",
 * "-metric-learning" becomes "_-metric-learning".  Links written by this module still reach
 * them (a "#frag" link is looked up by the id the page asked for). */
enum { CB_HTML_IDS_XML = 1 };
cb_html_ids *cb_html_ids_build_ex(const cb_book *book, cb_arena *a, cb_diag *d, unsigned flags);
/* The id the node is written with, or NULL if it carries none. */
const char *cb_html_id_of(const cb_html_ids *ids, const cb_node *node);
/* An id from raw HTML: true (and now taken) if no element of the book has it yet. */
bool cb_html_ids_claim(cb_html_ids *ids, const char *id);
/* The node an id (as written in the page, e.g. a "#frag" link target) lands on: the first
 * node that asked for it.  NULL if no node has that id. */
const cb_node *cb_html_node_for_id(const cb_html_ids *ids, const char *id);

/* ---- Callbacks for the EPUB backend ------------------------------------------------------ */

/* href for a link to a fragment id inside the book (id = the final, unique id; node = the
 * element carrying it).  Return NULL for the default "#id" (same document). */
typedef const char *(*cb_html_href_fn)(void *ud, const char *id, const cb_node *target);

/* src for a local image that exists inside the course root (path = canonical absolute path
 * from cb_book_resolve_url).  Return NULL to show the alt-text placeholder instead (the
 * callback reports why).  Default (NULL callback): a base64 data: URI of the file, so the
 * HTML handout is self-contained.  Also called for <img> in raw HTML, with a temporary IMAGE
 * node (url, alt, pos of the raw HTML).  Remote, missing and outside-the-root images never
 * reach it: they are warned about here and shown as their alt text. */
typedef const char *(*cb_html_image_fn)(void *ud, const cb_node *image, const cb_node *chapter,
                                        const char *path);

/* ---- The writer context ------------------------------------------------------------------- */

typedef struct cb_html_note cb_html_note; /* private: footnotes referenced, in order */

typedef struct cb_html_ctx {
  xmlTextWriterPtr w;
  const cb_book *book;
  const cb_options *opt;
  cb_diag *diag;
  cb_arena *scratch; /* temporary strings (URLs, ids); freed by the caller */
  cb_html_ids *ids;  /* raw HTML's ids join its set as they are written (cb_html_ids_claim) */

  bool xhtml;       /* EPUB: epub:type attributes, xml:lang beside lang */
  bool embed_video; /* the player <iframe> instead of the offline card (link + QR) */
  bool break_hints; /* U+200B at Burmese line-break opportunities */
  const char *lang; /* language of the enclosing document ("my", "en"); other-language
                       runs are wrapped in <span lang="…"> */

  cb_html_href_fn href_for_id;
  void *href_ud;
  cb_html_image_fn image_src;
  void *image_ud;

  /* private state */
  const cb_node *chapter; /* chapter being written (for image resolution, messages) */
  /* Open headings as (source level, written level): a skipped level (## then ####) is written
   * one below its parent, since HTML checkers reject skipped heading levels. */
  int head_src[7], head_out[7], head_depth;
  int in_link;                  /* depth of <a> elements open (no nested links) */
  int in_raw_phrasing;          /* depth of raw phrasing elements (<strong>, …) open around */
  const cb_node *backlink_para; /* paragraph that ends the footnote being written */
  const cb_node *backlink_def;
  cb_html_note *notes_first, *notes_last; /* footnotes referenced since the last section */
  int *note_refs;                         /* by footnote number: already listed */
  size_t note_refs_cap;
  cb_buf tmp;      /* reused scratch buffer (QR SVG, sanitised HTML, data: URIs) */
  unsigned warned; /* one-time warnings already given (bit set) */
  int err;         /* first xmlTextWriter failure (<0), else 0 */
} cb_html_ctx;

/* Defaults: xhtml false, embed_video and break_hints from opt, lang = book->lang. */
void cb_html_ctx_init(cb_html_ctx *c, xmlTextWriterPtr w, const cb_book *book,
                      const cb_options *opt, cb_diag *d, cb_arena *scratch, cb_html_ids *ids);
/* Release the context's heap buffers (not the writer).  Returns c->err. */
int cb_html_ctx_finish(cb_html_ctx *c);

/* ---- Writing ------------------------------------------------------------------------------ */

/* A whole chapter: its blocks, then a footnotes section for the notes it references.
 * 0 on success, <0 if the writer failed. */
int cb_html_write_chapter(cb_html_ctx *c, const cb_node *chapter);

/* Sibling blocks first..last inclusive (last NULL = to the end of the parent) of chapter.
 * Footnote definitions found in the range are not written in place: they are collected,
 * like the references, for cb_html_write_footnotes(). */
int cb_html_write_blocks(cb_html_ctx *c, const cb_node *chapter, const cb_node *first,
                         const cb_node *last);

/* <div class="footnotes"> (EPUB: <section epub:type="footnotes">, each note an <aside
 * epub:type="footnote">) with the notes referenced since the last call, in reference order,
 * with back-links; nothing if none.  Called by cb_html_write_chapter.  A note is written once,
 * after the first range that references it (links to it and back go through href_for_id). */
int cb_html_write_footnotes(cb_html_ctx *c);

/* The inline children of a node (paragraph, heading, cell, …). */
int cb_html_write_inlines(cb_html_ctx *c, const cb_node *parent);

/* A text run through the shared text layer: NFC text escaped, U+200B at Burmese break
 * opportunities (c->break_hints), runs in the other language wrapped in <span lang="…">. */
int cb_html_write_text(cb_html_ctx *c, const char *s, size_t len);

/* <header class="title-block">: title, excerpt, creators, publishers (empty ones skipped),
 * dates, difficulty, audience, licence (PD → "Public Domain" linked), tags, from the details
 * cb_course_info_get() resolved. */
int cb_html_write_title_block(cb_html_ctx *c, const cb_course_info *ci);

/* <nav class="toc"> with title (NULL = "Contents") and a nested list of the chapter's
 * headings (levels 1–6, no_toc ones left out) linking to their ids. */
int cb_html_write_toc(cb_html_ctx *c, const cb_node *chapter, const char *title);

/* Just the nested <ul> of a chapter's headings (for a package's nav document too). */
int cb_html_write_toc_list(cb_html_ctx *c, const cb_node *chapter);

#endif
