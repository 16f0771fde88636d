/* libxml2 text writers that append to a cb_buf, and the XHTML document frame shared by every
 * content document of the EPUB (polyglot: valid XML, served as application/xhtml+xml). */
#include <string.h>

#include "epub.h"

static int buf_write(void *ctx, const char *data, int len) {
  cb_buf_put((cb_buf *)ctx, data, (size_t)len);
  return len;
}

static int buf_close(void *ctx) {
  (void)ctx;
  return 0;
}

xmlTextWriterPtr cb_epub_xml_writer(cb_buf *out, bool indent) {
  xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(buf_write, buf_close, out, NULL);
  if (!ob) return NULL;
  xmlTextWriterPtr w = xmlNewTextWriter(ob); /* takes ownership of ob */
  if (!w) {
    xmlOutputBufferClose(ob);
    return NULL;
  }
  if (indent) {
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
  }
  return w;
}

int cb_epub_xml_finish(xmlTextWriterPtr w, int status) {
  if (!w) return -1;
  if (status >= 0 && xmlTextWriterEndDocument(w) < 0) status = -1;
  if (xmlTextWriterFlush(w) < 0) status = -1;
  xmlFreeTextWriter(w);
  return status < 0 ? -1 : 0;
}

/* Each call returns < 0 on failure; chains stop at the first one. */
#define TRY(x)                                                                                     \
  do {                                                                                             \
    if ((x) < 0) return -1;                                                                        \
  } while (0)

int cb_epub_xhtml_begin(xmlTextWriterPtr w, const char *lang, const char *title,
                        const char *css_href) {
  TRY(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL));
  TRY(xmlTextWriterWriteDTD(w, BAD_CAST "html", NULL, NULL, NULL));
  TRY(xmlTextWriterStartElement(w, BAD_CAST "html"));
  TRY(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/1999/xhtml"));
  TRY(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:epub",
                                  BAD_CAST "http://www.idpf.org/2007/ops"));
  TRY(xmlTextWriterWriteAttribute(w, BAD_CAST "lang", BAD_CAST lang));
  TRY(xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST lang));
  TRY(xmlTextWriterStartElement(w, BAD_CAST "head"));
  TRY(xmlTextWriterStartElement(w, BAD_CAST "meta"));
  TRY(xmlTextWriterWriteAttribute(w, BAD_CAST "charset", BAD_CAST "utf-8"));
  TRY(xmlTextWriterEndElement(w));
  TRY(xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST(title && *title ? title : "-")));
  if (css_href) {
    TRY(xmlTextWriterStartElement(w, BAD_CAST "link"));
    TRY(xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "stylesheet"));
    TRY(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "text/css"));
    TRY(xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST css_href));
    TRY(xmlTextWriterEndElement(w));
  }
  TRY(xmlTextWriterEndElement(w)); /* head */
  TRY(xmlTextWriterStartElement(w, BAD_CAST "body"));
  return 0;
}

int cb_epub_xhtml_end(xmlTextWriterPtr w) {
  TRY(xmlTextWriterEndElement(w)); /* body */
  TRY(xmlTextWriterEndElement(w)); /* html */
  return 0;
}

/* Text of the generated pages (title page, cover): Burmese break hints as U+200B, and runs in
 * the other language than the document's marked with lang. */
