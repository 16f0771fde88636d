/* The EPUB package files: META-INF/container.xml, Apple's display options, the EPUB 3 package
 * document (metadata, manifest, spine), the navigation document (contents and landmarks) and
 * the EPUB 2 NCX for older readers.  Every file is written with libxml2's xmlTextWriter. */
#include <stdlib.h>
#include <string.h>

#include "epub.h"

#define TRY(x)                                                                                     \
  do {                                                                                             \
    if ((x) < 0) return -1;                                                                        \
  } while (0)
#define X(s) BAD_CAST(s)

/* ---- the item list ---- */

void cb_epub_init(cb_epub *e, cb_arena *a) {
  memset(e, 0, sizeof *e);
  e->a = a;
  e->images_all_alt = true;
}

void cb_epub_free(cb_epub *e) {
  for (size_t i = 0; i < e->n_items; i++)
    free(e->items[i].data);
  free(e->items);
  free(e->nav);
  e->items = NULL;
  e->nav = NULL;
  e->n_items = e->n_nav = 0;
}

cb_epub_item *cb_epub_add(cb_epub *e, const char *id, const char *href, const char *media_type,
                          char *data, size_t len) {
  if (e->n_items == e->cap_items) {
    e->cap_items = e->cap_items ? 2 * e->cap_items : 16;
    e->items = cb_xrealloc(e->items, e->cap_items * sizeof *e->items);
  }
  cb_epub_item *it = &e->items[e->n_items++];
  memset(it, 0, sizeof *it);
  it->id = cb_strdup(e->a, id);
  it->href = cb_strdup(e->a, href);
  it->media_type = media_type;
  it->data = data;
  it->len = len;
  it->linear = true;
  /* Already-compressed formats gain nothing from deflate. */
  it->compress = !(strcmp(media_type, "image/png") == 0 || strcmp(media_type, "image/jpeg") == 0 ||
                   strcmp(media_type, "image/gif") == 0 || strcmp(media_type, "image/webp") == 0);
  return it;
}

void cb_epub_add_nav(cb_epub *e, int level, const char *text, const char *href) {
  if (e->n_nav == e->cap_nav) {
    e->cap_nav = e->cap_nav ? 2 * e->cap_nav : 32;
    e->nav = cb_xrealloc(e->nav, e->cap_nav * sizeof *e->nav);
  }
  e->nav[e->n_nav++] = (cb_epub_navpt){level < 1 ? 1 : level, text, href};
}

/* Nav levels as nesting depths: a heading may not sit more than one level below the one
 * before it (h2 then h4 nests once), so every nested list has an entry. */
static int *nav_depths(const cb_epub *e) {
  int *depth = cb_xmalloc(sizeof *depth * (e->n_nav + 1));
  int prev = 0;
  int min_level = 7;
  for (size_t i = 0; i < e->n_nav; i++)
    if (e->nav[i].level < min_level) min_level = e->nav[i].level;
  for (size_t i = 0; i < e->n_nav; i++) {
    int d = e->nav[i].level - min_level + 1;
    if (d > prev + 1) d = prev + 1;
    depth[i] = d;
    prev = d;
  }
  return depth;
}

/* ---- META-INF ---- */

int cb_epub_write_container(cb_buf *out) {
  xmlTextWriterPtr w = cb_epub_xml_writer(out, true);
  if (!w) return -1;
  int st = 0;
  if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
      xmlTextWriterStartElement(w, X("container")) < 0 ||
      xmlTextWriterWriteAttribute(w, X("version"), X("1.0")) < 0 ||
      xmlTextWriterWriteAttribute(w, X("xmlns"),
                                  X("urn:oasis:names:tc:opendocument:xmlns:container")) < 0 ||
      xmlTextWriterStartElement(w, X("rootfiles")) < 0 ||
      xmlTextWriterStartElement(w, X("rootfile")) < 0 ||
      xmlTextWriterWriteAttribute(w, X("full-path"), X("OEBPS/content.opf")) < 0 ||
      xmlTextWriterWriteAttribute(w, X("media-type"), X("application/oebps-package+xml")) < 0)
    st = -1;
  return cb_epub_xml_finish(w, st);
}

int cb_epub_write_display_options(cb_buf *out) {
  /* Apple Books uses embedded fonts only when the publisher asks for it here. */
  xmlTextWriterPtr w = cb_epub_xml_writer(out, true);
  if (!w) return -1;
  int st = 0;
  if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
      xmlTextWriterStartElement(w, X("display_options")) < 0 ||
      xmlTextWriterStartElement(w, X("platform")) < 0 ||
      xmlTextWriterWriteAttribute(w, X("name"), X("*")) < 0 ||
      xmlTextWriterStartElement(w, X("option")) < 0 ||
      xmlTextWriterWriteAttribute(w, X("name"), X("specified-fonts")) < 0 ||
      xmlTextWriterWriteString(w, X("true")) < 0)
    st = -1;
  return cb_epub_xml_finish(w, st);
}

/* ---- content.opf ---- */

static int meta_prop(xmlTextWriterPtr w, const char *property, const char *value) {
  TRY(xmlTextWriterStartElement(w, X("meta")));
  TRY(xmlTextWriterWriteAttribute(w, X("property"), X(property)));
  TRY(xmlTextWriterWriteString(w, X(value)));
  return xmlTextWriterEndElement(w);
}

static int dc_elem(xmlTextWriterPtr w, const char *name, const char *id, const char *value) {
  TRY(xmlTextWriterStartElementNS(w, X("dc"), X(name), NULL));
  if (id) TRY(xmlTextWriterWriteAttribute(w, X("id"), X(id)));
  TRY(xmlTextWriterWriteString(w, X(value)));
  return xmlTextWriterEndElement(w);
}

static const char *cover_image_id(const cb_epub *e) {
  for (size_t i = 0; i < e->n_items; i++)
    if (e->items[i].properties && strstr(e->items[i].properties, "cover-image"))
      return e->items[i].id;
  return NULL;
}

static int opf_metadata(xmlTextWriterPtr w, const cb_epub *e) {
  const cb_epub_meta *m = &e->meta;
  char id[32];
  TRY(xmlTextWriterStartElement(w, X("metadata")));
  TRY(xmlTextWriterWriteAttribute(w, X("xmlns:dc"), X("http://purl.org/dc/elements/1.1/")));
  TRY(dc_elem(w, "identifier", "pub-id", m->identifier));
  TRY(dc_elem(w, "title", "title", m->title));
  for (size_t i = 0; i < m->creators.n; i++) {
    snprintf(id, sizeof id, "creator%zu", i + 1);
    TRY(dc_elem(w, "creator", id, m->creators.v[i]));
    char ref[40];
    snprintf(ref, sizeof ref, "#%s", id);
    TRY(xmlTextWriterStartElement(w, X("meta")));
    TRY(xmlTextWriterWriteAttribute(w, X("refines"), X(ref)));
    TRY(xmlTextWriterWriteAttribute(w, X("property"), X("role")));
    TRY(xmlTextWriterWriteAttribute(w, X("scheme"), X("marc:relators")));
    TRY(xmlTextWriterWriteString(w, X("aut")));
    TRY(xmlTextWriterEndElement(w));
  }
  for (size_t i = 0; i < m->publishers.n; i++)
    TRY(dc_elem(w, "publisher", NULL, m->publishers.v[i]));
  if (m->date) TRY(dc_elem(w, "date", NULL, m->date));
  TRY(dc_elem(w, "language", NULL, m->lang));
  if (m->description) TRY(dc_elem(w, "description", NULL, m->description));
  for (size_t i = 0; i < m->subjects.n; i++)
    TRY(dc_elem(w, "subject", NULL, m->subjects.v[i]));
  if (m->rights) TRY(dc_elem(w, "rights", NULL, m->rights));
  TRY(meta_prop(w, "dcterms:modified", m->modified));
  if (m->rights_url) TRY(meta_prop(w, "dcterms:license", m->rights_url));

  /* schema.org educational metadata, as plain text values. */
  if (m->difficulty) TRY(meta_prop(w, "schema:educationalLevel", m->difficulty));
  for (size_t i = 0; i < m->audiences.n; i++)
    TRY(meta_prop(w, "schema:audience", m->audiences.v[i]));
  if (m->interactivity) TRY(meta_prop(w, "schema:interactivityType", m->interactivity));
  if (m->resource_type) TRY(meta_prop(w, "schema:learningResourceType", m->resource_type));

  /* EPUB Accessibility 1.1: only what is true of what we wrote. */
  TRY(meta_prop(w, "schema:accessMode", "textual"));
  if (e->has_images) TRY(meta_prop(w, "schema:accessMode", "visual"));
  if (!e->has_images || e->images_all_alt) {
    TRY(meta_prop(w, "schema:accessModeSufficient", "textual"));
  } else {
    TRY(meta_prop(w, "schema:accessModeSufficient", "textual,visual"));
  }
  TRY(meta_prop(w, "schema:accessibilityFeature", "structuralNavigation"));
  TRY(meta_prop(w, "schema:accessibilityFeature", "tableOfContents"));
  TRY(meta_prop(w, "schema:accessibilityFeature", "readingOrder"));
  if (e->has_images && e->images_all_alt)
    TRY(meta_prop(w, "schema:accessibilityFeature", "alternativeText"));
  TRY(meta_prop(w, "schema:accessibilityHazard", "none"));
  {
    cb_buf s = CB_BUF_INIT;
    cb_buf_puts(&s, "Reflowable text with headings, a table of contents and a logical reading "
                    "order.");
    if (e->has_images)
      cb_buf_puts(&s, e->images_all_alt ? " Every image has a text alternative."
                                        : " Some images lack a text alternative.");
    if (e->has_video) cb_buf_puts(&s, " Videos are given as links with QR codes.");
    cb_buf_puts(&s, " No flashing, motion or sound.");
    int r = meta_prop(w, "schema:accessibilitySummary", s.data);
    cb_buf_free(&s);
    TRY(r);
  }
  const char *cover = cover_image_id(e);
  if (cover) { /* EPUB 2 readers find the cover through this. */
    TRY(xmlTextWriterStartElement(w, X("meta")));
    TRY(xmlTextWriterWriteAttribute(w, X("name"), X("cover")));
    TRY(xmlTextWriterWriteAttribute(w, X("content"), X(cover)));
    TRY(xmlTextWriterEndElement(w));
  }
  return xmlTextWriterEndElement(w);
}

int cb_epub_write_opf(const cb_epub *e, cb_buf *out) {
  xmlTextWriterPtr w = cb_epub_xml_writer(out, true);
  if (!w) return -1;
  int st = -1;
  do {
    if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0) break;
    if (xmlTextWriterStartElement(w, X("package")) < 0) break;
    if (xmlTextWriterWriteAttribute(w, X("xmlns"), X("http://www.idpf.org/2007/opf")) < 0) break;
    if (xmlTextWriterWriteAttribute(w, X("version"), X("3.0")) < 0) break;
    if (xmlTextWriterWriteAttribute(w, X("unique-identifier"), X("pub-id")) < 0) break;
    if (xmlTextWriterWriteAttribute(w, X("xml:lang"), X(e->meta.lang)) < 0) break;
    if (opf_metadata(w, e) < 0) break;

    if (xmlTextWriterStartElement(w, X("manifest")) < 0) break;
    size_t i;
    for (i = 0; i < e->n_items; i++) {
      const cb_epub_item *it = &e->items[i];
      if (xmlTextWriterStartElement(w, X("item")) < 0 ||
          xmlTextWriterWriteAttribute(w, X("id"), X(it->id)) < 0 ||
          xmlTextWriterWriteAttribute(w, X("href"), X(it->href)) < 0 ||
          xmlTextWriterWriteAttribute(w, X("media-type"), X(it->media_type)) < 0 ||
          (it->properties &&
           xmlTextWriterWriteAttribute(w, X("properties"), X(it->properties)) < 0) ||
          xmlTextWriterEndElement(w) < 0)
        break;
    }
    if (i < e->n_items || xmlTextWriterEndElement(w) < 0) break;

    const char *ncx = NULL;
    for (i = 0; i < e->n_items; i++)
      if (strcmp(e->items[i].media_type, "application/x-dtbncx+xml") == 0) ncx = e->items[i].id;
    if (xmlTextWriterStartElement(w, X("spine")) < 0) break;
    if (ncx && xmlTextWriterWriteAttribute(w, X("toc"), X(ncx)) < 0) break;
    for (i = 0; i < e->n_items; i++) {
      const cb_epub_item *it = &e->items[i];
      if (!it->spine) continue;
      if (xmlTextWriterStartElement(w, X("itemref")) < 0 ||
          xmlTextWriterWriteAttribute(w, X("idref"), X(it->id)) < 0 ||
          (!it->linear && xmlTextWriterWriteAttribute(w, X("linear"), X("no")) < 0) ||
          xmlTextWriterEndElement(w) < 0)
        break;
    }
    if (i < e->n_items || xmlTextWriterEndElement(w) < 0) break;
    st = 0;
  } while (0);
  return cb_epub_xml_finish(w, st);
}

/* ---- nav.xhtml ---- */

static int nav_link(xmlTextWriterPtr w, const char *type, const char *href, const char *text) {
  TRY(xmlTextWriterStartElement(w, X("li")));
  TRY(xmlTextWriterStartElement(w, X("a")));
  if (type) TRY(xmlTextWriterWriteAttribute(w, X("epub:type"), X(type)));
  TRY(xmlTextWriterWriteAttribute(w, X("href"), X(href)));
  TRY(xmlTextWriterWriteString(w, X(text && *text ? text : "-")));
  TRY(xmlTextWriterEndElement(w));
  return xmlTextWriterEndElement(w);
}

static int nav_toc(xmlTextWriterPtr w, const cb_epub *e) {
  int *depth = nav_depths(e);
  int st = -1, open = 0; /* open = number of <ol> open */
  size_t i;
  do {
    if (xmlTextWriterStartElement(w, X("nav")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("epub:type"), X("toc")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("id"), X("toc")) < 0 ||
        xmlTextWriterWriteElement(w, X("h1"), X(e->toc_title ? e->toc_title : "Contents")) < 0)
      break;
    for (i = 0; i < e->n_nav; i++) {
      int d = depth[i];
      /* Close deeper levels (each: </li></ol>), then the previous sibling's <li>. */
      while (open > d) {
        if (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0) goto fail;
        open--;
      }
      if (open == d && xmlTextWriterEndElement(w) < 0) goto fail; /* </li> */
      if (open < d) {
        if (xmlTextWriterStartElement(w, X("ol")) < 0) goto fail;
        open++;
      }
      /* Link text with its other-language runs marked, as in the documents. */
      const char *t = *e->nav[i].text ? e->nav[i].text : "-";
      if (xmlTextWriterStartElement(w, X("li")) < 0 || xmlTextWriterStartElement(w, X("a")) < 0 ||
          xmlTextWriterWriteAttribute(w, X("href"), X(e->nav[i].href)) < 0 ||
          cb_epub_write_text(w, t, strlen(t), e->meta.lang, false) < 0 ||
          xmlTextWriterEndElement(w) < 0)
        goto fail;
    }
    while (open > 0) {
      if (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0) goto fail;
      open--;
    }
    if (xmlTextWriterEndElement(w) < 0) break; /* nav */
    st = 0;
  } while (0);
fail:
  free(depth);
  return st;
}

int cb_epub_write_nav(const cb_epub *e, const char *css_href, cb_buf *out) {
  xmlTextWriterPtr w = cb_epub_xml_writer(out, false);
  if (!w) return -1;
  int st = -1;
  do {
    if (cb_epub_xhtml_begin(w, e->meta.lang, e->meta.title, css_href) < 0) break;
    if (nav_toc(w, e) < 0) break;
    /* Landmarks: machine-readable, hidden from the reading view. */
    if (xmlTextWriterStartElement(w, X("nav")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("epub:type"), X("landmarks")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("hidden"), X("hidden")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("lang"), X("en")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("xml:lang"), X("en")) < 0 ||
        xmlTextWriterWriteElement(w, X("h1"), X("Landmarks")) < 0 ||
        xmlTextWriterStartElement(w, X("ol")) < 0)
      break;
    if (e->cover_href && nav_link(w, "cover", e->cover_href, "Cover") < 0) break;
    if (e->titlepage_href && nav_link(w, "titlepage", e->titlepage_href, "Title page") < 0) break;
    /* No "toc" landmark: the navigation document is not in the spine, and epubcheck wants
     * links to spine items only (reading systems find the toc nav by itself). */
    if (e->bodymatter_href && nav_link(w, "bodymatter", e->bodymatter_href, "Start") < 0) break;
    if (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0) break;
    if (cb_epub_xhtml_end(w) < 0) break;
    st = 0;
  } while (0);
  return cb_epub_xml_finish(w, st);
}

/* ---- toc.ncx ---- */

static int ncx_meta(xmlTextWriterPtr w, const char *name, const char *content) {
  TRY(xmlTextWriterStartElement(w, X("meta")));
  TRY(xmlTextWriterWriteAttribute(w, X("name"), X(name)));
  TRY(xmlTextWriterWriteAttribute(w, X("content"), X(content)));
  return xmlTextWriterEndElement(w);
}

static int ncx_text(xmlTextWriterPtr w, const char *elem, const char *text) {
  TRY(xmlTextWriterStartElement(w, X(elem)));
  TRY(xmlTextWriterWriteElement(w, X("text"), X(text && *text ? text : "-")));
  return xmlTextWriterEndElement(w);
}

int cb_epub_write_ncx(const cb_epub *e, cb_buf *out) {
  xmlTextWriterPtr w = cb_epub_xml_writer(out, true);
  if (!w) return -1;
  int *depth = nav_depths(e);
  int max_depth = 1;
  for (size_t i = 0; i < e->n_nav; i++)
    if (depth[i] > max_depth) max_depth = depth[i];
  char num[32];
  int st = -1, open = 0;
  do {
    if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
        xmlTextWriterStartElement(w, X("ncx")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("xmlns"), X("http://www.daisy.org/z3986/2005/ncx/")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("version"), X("2005-1")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("xml:lang"), X(e->meta.lang)) < 0 ||
        xmlTextWriterStartElement(w, X("head")) < 0 ||
        ncx_meta(w, "dtb:uid", e->meta.identifier) < 0)
      break;
    snprintf(num, sizeof num, "%d", max_depth);
    if (ncx_meta(w, "dtb:depth", num) < 0 || ncx_meta(w, "dtb:totalPageCount", "0") < 0 ||
        ncx_meta(w, "dtb:maxPageNumber", "0") < 0 || xmlTextWriterEndElement(w) < 0 ||
        ncx_text(w, "docTitle", e->meta.title) < 0)
      break;
    size_t i;
    for (i = 0; i < e->meta.creators.n; i++)
      if (ncx_text(w, "docAuthor", e->meta.creators.v[i]) < 0) break;
    if (i < e->meta.creators.n) break;
    if (xmlTextWriterStartElement(w, X("navMap")) < 0) break;
    for (i = 0; i < e->n_nav; i++) {
      while (open >= depth[i]) { /* close siblings and deeper points */
        if (xmlTextWriterEndElement(w) < 0) goto fail;
        open--;
      }
      snprintf(num, sizeof num, "np%zu", i + 1);
      if (xmlTextWriterStartElement(w, X("navPoint")) < 0 ||
          xmlTextWriterWriteAttribute(w, X("id"), X(num)) < 0)
        goto fail;
      snprintf(num, sizeof num, "%zu", i + 1);
      if (xmlTextWriterWriteAttribute(w, X("playOrder"), X(num)) < 0 ||
          ncx_text(w, "navLabel", e->nav[i].text) < 0 ||
          xmlTextWriterStartElement(w, X("content")) < 0 ||
          xmlTextWriterWriteAttribute(w, X("src"), X(e->nav[i].href)) < 0 ||
          xmlTextWriterEndElement(w) < 0)
        goto fail;
      open++;
    }
    while (open > 0) {
      if (xmlTextWriterEndElement(w) < 0) goto fail;
      open--;
    }
    if (xmlTextWriterEndElement(w) < 0) break; /* navMap */
    st = 0;
  } while (0);
fail:
  free(depth);
  return cb_epub_xml_finish(w, st);
}
