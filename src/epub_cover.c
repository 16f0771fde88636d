/* Generated pages: the SVG cover (title and creators when the course has no cover image), the
 * cover page and the title page with the course's details. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "epub.h"

#define TRY(x)                                                                                     \
  do {                                                                                             \
    if ((x) < 0) return -1;                                                                        \
  } while (0)
#define X(s) BAD_CAST(s)

enum { COVER_W = 600, COVER_H = 900 };

/* Rough advance of a code point in em: enough to wrap a title onto a cover without a shaper.
 * Myanmar dependent signs and combining marks take no room of their own. */
static double advance(uint32_t cp) {
  if (cp >= 0x0300 && cp <= 0x036F) return 0;
  if (cp >= 0x102B && cp <= 0x103E) return cp == 0x1031 ? 0.45 : 0.05;
  if ((cp >= 0x1056 && cp <= 0x1059) || (cp >= 0x105E && cp <= 0x1060) ||
      (cp >= 0x1062 && cp <= 0x1064) || (cp >= 0x1067 && cp <= 0x106D) ||
      (cp >= 0x1071 && cp <= 0x1074) || (cp >= 0x1082 && cp <= 0x108D) || cp == 0x108F ||
      (cp >= 0x109A && cp <= 0x109D))
    return 0.05;
  if (cp == 0x200B || cp == 0xFE0F || cp == 0x200D) return 0;
  if (cp >= 0x1000 && cp <= 0x109F) return 0.75;
  if (cp >= 0x1F000) return 1.1; /* emoji */
  if (cp == ' ') return 0.28;
  if (cp >= 'A' && cp <= 'Z') return 0.66;
  if (cp == 'i' || cp == 'l' || cp == 'j' || cp == 't' || cp == 'f' || cp == '.' || cp == ',')
    return 0.3;
  if (cp == 'm' || cp == 'w') return 0.85;
  return 0.55;
}

static double width_em(const char *s, size_t len) {
  double w = 0;
  for (size_t i = 0; i < len;)
    w += advance(cb_utf8_next(s, len, &i));
  return w;
}

/* Greedy wrap at spaces and zero-width spaces into lines no wider than max_em; the lines'
 * (start, length) pairs go to out (at most max_lines; the last line takes the rest). */
typedef struct line {
  const char *s;
  size_t len;
} line;

static size_t wrap(const char *s, double max_em, line *out, size_t max_lines) {
  size_t n = 0, len = strlen(s);
  size_t start = 0;
  while (start < len && n < max_lines) {
    while (start < len && s[start] == ' ')
      start++;
    if (start >= len) break;
    if (n == max_lines - 1) {
      out[n++] = (line){s + start, len - start};
      break;
    }
    size_t best = 0; /* end of the longest fitting prefix that ends at a break */
    size_t i = start;
    while (i < len) {
      size_t j = i;
      uint32_t cp = cb_utf8_next(s, len, &j);
      bool brk = cp == ' ' || cp == 0x200B;
      if (brk) {
        if (width_em(s + start, i - start) <= max_em) {
          best = cp == 0x200B ? j : i;
        } else {
          break;
        }
      }
      i = j;
    }
    if (i >= len && width_em(s + start, len - start) <= max_em) best = len;
    if (!best) { /* one word longer than the line: keep it whole */
      best = start;
      while (best < len && s[best] != ' ')
        best++;
    }
    out[n++] = (line){s + start, best - start};
    start = best;
  }
  return n;
}

static int svg_text(xmlTextWriterPtr w, int x, double y, double size, const char *cls,
                    const char *s, size_t len) {
  char num[32];
  TRY(xmlTextWriterStartElement(w, X("text")));
  snprintf(num, sizeof num, "%d", x);
  TRY(xmlTextWriterWriteAttribute(w, X("x"), X(num)));
  snprintf(num, sizeof num, "%.0f", y);
  TRY(xmlTextWriterWriteAttribute(w, X("y"), X(num)));
  snprintf(num, sizeof num, "%.0f", size);
  TRY(xmlTextWriterWriteAttribute(w, X("font-size"), X(num)));
  TRY(xmlTextWriterWriteAttribute(w, X("class"), X(cls)));
  /* Break hints guided the wrapping; the text itself goes out without them. */
  cb_buf t = CB_BUF_INIT;
  for (size_t i = 0; i < len;) {
    size_t j = i;
    if (cb_utf8_next(s, len, &j) != 0x200B) cb_buf_put(&t, s + i, j - i);
    i = j;
  }
  int r = xmlTextWriterWriteString(w, X(t.data ? t.data : ""));
  cb_buf_free(&t);
  TRY(r);
  return xmlTextWriterEndElement(w);
}

static void hint_seg(const cb_seg *seg, void *ud) {
  cb_buf *b = ud;
  if (seg->kind == CB_SEG_BREAK)
    cb_buf_puts(b, "\xE2\x80\x8B");
  else
    cb_buf_put(b, seg->s, seg->len);
}

/* The <svg> element of the cover, for a standalone file or inline in the cover page. */
static int cover_svg_elem(xmlTextWriterPtr w, const cb_epub_meta *m, const char *font_family,
                          const char *font_href, bool standalone) {
  char vb[64];
  snprintf(vb, sizeof vb, "0 0 %d %d", COVER_W, COVER_H);
  TRY(xmlTextWriterStartElement(w, X("svg")));
  TRY(xmlTextWriterWriteAttribute(w, X("xmlns"), X("http://www.w3.org/2000/svg")));
  TRY(xmlTextWriterWriteAttribute(w, X("version"), X("1.1")));
  TRY(xmlTextWriterWriteAttribute(w, X("viewBox"), X(vb)));
  if (standalone) {
    TRY(xmlTextWriterWriteAttribute(w, X("width"), X("600")));
    TRY(xmlTextWriterWriteAttribute(w, X("height"), X("900")));
  }
  TRY(xmlTextWriterWriteAttribute(w, X("preserveAspectRatio"), X("xMidYMid meet")));
  TRY(xmlTextWriterWriteAttribute(w, X("role"), X("img")));
  TRY(xmlTextWriterWriteAttribute(w, X("aria-label"), X(m->title)));
  TRY(xmlTextWriterWriteElement(w, X("title"), X(m->title)));

  cb_buf css = CB_BUF_INIT;
  if (standalone && font_family && font_href)
    cb_buf_printf(&css, "@font-face{font-family:\"%s\";src:url(\"%s\");}", font_family, font_href);
  cb_buf_puts(&css, "text{font-family:");
  if (font_family) cb_buf_printf(&css, "\"%s\",", font_family);
  cb_buf_puts(&css, "\"Padauk\",\"Noto Sans Myanmar\",\"DejaVu Sans\",sans-serif;"
                    "text-anchor:middle;}.t{fill:#ffffff;font-weight:bold;}.c{fill:#f2f3f3;}"
                    ".p{fill:#c9d6df;}");
  int r = xmlTextWriterStartElement(w, X("style"));
  if (r >= 0) r = xmlTextWriterWriteAttribute(w, X("type"), X("text/css"));
  if (r >= 0) r = xmlTextWriterWriteString(w, X(css.data));
  if (r >= 0) r = xmlTextWriterEndElement(w);
  cb_buf_free(&css);
  TRY(r);

  /* Background in the theme's dark tone with a band of the info colour. */
  TRY(xmlTextWriterStartElement(w, X("rect")));
  TRY(xmlTextWriterWriteAttribute(w, X("width"), X("600")));
  TRY(xmlTextWriterWriteAttribute(w, X("height"), X("900")));
  TRY(xmlTextWriterWriteAttribute(w, X("fill"), X("#252a34")));
  TRY(xmlTextWriterEndElement(w));
  TRY(xmlTextWriterStartElement(w, X("rect")));
  TRY(xmlTextWriterWriteAttribute(w, X("y"), X("610")));
  TRY(xmlTextWriterWriteAttribute(w, X("width"), X("600")));
  TRY(xmlTextWriterWriteAttribute(w, X("height"), X("12")));
  TRY(xmlTextWriterWriteAttribute(w, X("fill"), X("#3b9cba")));
  TRY(xmlTextWriterEndElement(w));

  /* Burmese titles have few spaces: wrap at the text layer's break opportunities too. */
  cb_buf hinted = CB_BUF_INIT;
  cb_text_segments(m->title, strlen(m->title), CB_SEG_WANT_BREAKS, hint_seg, &hinted);
  const char *title = hinted.data ? hinted.data : m->title;
  line lines[6];
  double size = 56;
  size_t n = wrap(title, 520.0 / size, lines, 6);
  if (n > 4) {
    size = 40;
    n = wrap(title, 520.0 / size, lines, 6);
  }
  double lh = size * 1.35, y = 300 - (double)(n - 1) * lh / 2;
  int lr = 0;
  for (size_t i = 0; i < n && lr >= 0; i++)
    lr = svg_text(w, 300, y + i * lh, size, "t", lines[i].s, lines[i].len);
  cb_buf_free(&hinted);
  TRY(lr);

  double cy = 690;
  for (size_t i = 0; i < m->creators.n && i < 4; i++, cy += 40)
    TRY(svg_text(w, 300, cy, 30, "c", m->creators.v[i], strlen(m->creators.v[i])));
  if (m->publishers.n)
    TRY(svg_text(w, 300, 850, 22, "p", m->publishers.v[0], strlen(m->publishers.v[0])));
  return xmlTextWriterEndElement(w); /* svg */
}

int cb_epub_cover_svg(const cb_epub_meta *m, const char *font_family, const char *font_href,
                      cb_buf *out) {
  xmlTextWriterPtr w = cb_epub_xml_writer(out, false);
  if (!w) return -1;
  int st = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
  if (st >= 0) st = cover_svg_elem(w, m, font_family, font_href, true);
  return cb_epub_xml_finish(w, st);
}

int cb_epub_cover_page(const cb_epub_meta *m, const char *image_href, const char *font_family,
                       const char *css_href, cb_buf *out) {
  xmlTextWriterPtr w = cb_epub_xml_writer(out, false);
  if (!w) return -1;
  int st = -1;
  do {
    if (cb_epub_xhtml_begin(w, m->lang, m->title, css_href) < 0) break;
    if (xmlTextWriterStartElement(w, X("section")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("epub:type"), X("cover")) < 0 ||
        xmlTextWriterWriteAttribute(w, X("class"), X("cover")) < 0)
      break;
    if (image_href) {
      if (xmlTextWriterStartElement(w, X("img")) < 0 ||
          xmlTextWriterWriteAttribute(w, X("src"), X(image_href)) < 0 ||
          xmlTextWriterWriteAttribute(w, X("alt"), X(m->title)) < 0 ||
          xmlTextWriterEndElement(w) < 0)
        break;
    } else if (cover_svg_elem(w, m, font_family, NULL, false) < 0) {
      break;
    }
    if (xmlTextWriterEndElement(w) < 0 || cb_epub_xhtml_end(w) < 0) break;
    st = 0;
  } while (0);
  return cb_epub_xml_finish(w, st);
}

/* ---- text of the generated pages ---- */

/* Same primary language subtag ("en" and "en-GB")? */
static bool same_lang(const char *a, const char *b) {
  size_t na = strcspn(a, "-_"), nb = strcspn(b, "-_");
  return na == nb && strncasecmp(a, b, na) == 0;
}

typedef struct text_ctx {
  xmlTextWriterPtr w;
  const char *doc_lang;
  bool hints;
  cb_buf run;
  int status;
} text_ctx;

static void flush_run(text_ctx *c) {
  if (c->run.len && c->status >= 0 && xmlTextWriterWriteString(c->w, BAD_CAST c->run.data) < 0)
    c->status = -1;
  cb_buf_clear(&c->run);
}

static void on_seg(const cb_seg *seg, void *ud) {
  text_ctx *c = ud;
  if (seg->kind == CB_SEG_BREAK) {
    if (c->hints) cb_buf_puts(&c->run, "\xE2\x80\x8B");
    return;
  }
  const char *lang = seg->kind == CB_SEG_TEXT ? cb_script_lang(seg->script) : NULL;
  bool other = lang && seg->script != CB_SCRIPT_COMMON && seg->script != CB_SCRIPT_OTHER &&
               !same_lang(lang, c->doc_lang);
  if (!other) {
    cb_buf_put(&c->run, seg->s, seg->len);
    return;
  }
  flush_run(c);
  if (c->status < 0) return;
  if (xmlTextWriterStartElement(c->w, BAD_CAST "span") < 0 ||
      xmlTextWriterWriteAttribute(c->w, BAD_CAST "lang", BAD_CAST lang) < 0 ||
      xmlTextWriterWriteAttribute(c->w, BAD_CAST "xml:lang", BAD_CAST lang) < 0)
    c->status = -1;
  cb_buf_put(&c->run, seg->s, seg->len);
  flush_run(c);
  if (c->status >= 0 && xmlTextWriterEndElement(c->w) < 0) c->status = -1;
}

int cb_epub_write_text(xmlTextWriterPtr w, const char *s, size_t len, const char *doc_lang,
                       bool break_hints) {
  if (!cb_text_needs_segmenting(s, len)) {
    /* ASCII-only text in a non-English document is still English. */
    bool latin = false;
    for (size_t i = 0; i < len && !latin; i++)
      latin = (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z');
    bool span = latin && doc_lang && !same_lang(doc_lang, "en");
    if (span && (xmlTextWriterStartElement(w, BAD_CAST "span") < 0 ||
                 xmlTextWriterWriteAttribute(w, BAD_CAST "lang", BAD_CAST "en") < 0 ||
                 xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST "en") < 0))
      return -1;
    if (xmlTextWriterWriteFormatString(w, "%.*s", (int)len, s) < 0) return -1;
    return span ? xmlTextWriterEndElement(w) : 0;
  }
  text_ctx c = {w, doc_lang ? doc_lang : "", break_hints, CB_BUF_INIT, 0};
  cb_text_segments(s, len, CB_SEG_WANT_BREAKS, on_seg, &c);
  flush_run(&c);
  cb_buf_free(&c.run);
  return c.status;
}

/* ---- title page ---- */

static int detail_start(xmlTextWriterPtr w, const char *label) {
  TRY(xmlTextWriterStartElement(w, X("dt")));
  TRY(xmlTextWriterWriteAttribute(w, X("lang"), X("en")));
  TRY(xmlTextWriterWriteAttribute(w, X("xml:lang"), X("en")));
  TRY(xmlTextWriterWriteString(w, X(label)));
  TRY(xmlTextWriterEndElement(w));
  return xmlTextWriterStartElement(w, X("dd"));
}

static int detail_list(xmlTextWriterPtr w, const char *one, const char *many, cb_epub_strs v,
                       const char *lang, bool hints) {
  if (!v.n) return 0;
  TRY(detail_start(w, v.n > 1 ? many : one));
  for (size_t i = 0; i < v.n; i++) {
    if (i) TRY(xmlTextWriterWriteString(w, X(", ")));
    TRY(cb_epub_write_text(w, v.v[i], strlen(v.v[i]), lang, hints));
  }
  return xmlTextWriterEndElement(w);
}

static int detail_date(xmlTextWriterPtr w, const char *label, const char *date) {
  if (!date) return 0;
  TRY(detail_start(w, label));
  TRY(xmlTextWriterStartElement(w, X("time")));
  TRY(xmlTextWriterWriteAttribute(w, X("datetime"), X(date)));
  TRY(xmlTextWriterWriteString(w, X(date)));
  TRY(xmlTextWriterEndElement(w));
  return xmlTextWriterEndElement(w);
}

static int title_body(xmlTextWriterPtr w, const cb_epub_meta *m, bool hints) {
  TRY(xmlTextWriterStartElement(w, X("section")));
  TRY(xmlTextWriterWriteAttribute(w, X("epub:type"), X("titlepage")));
  TRY(xmlTextWriterWriteAttribute(w, X("class"), X("titlepage")));
  TRY(xmlTextWriterStartElement(w, X("h1")));
  TRY(xmlTextWriterWriteAttribute(w, X("class"), X("title")));
  TRY(cb_epub_write_text(w, m->title, strlen(m->title), m->lang, hints));
  TRY(xmlTextWriterEndElement(w));
  if (m->description) {
    TRY(xmlTextWriterStartElement(w, X("p")));
    TRY(xmlTextWriterWriteAttribute(w, X("class"), X("excerpt")));
    TRY(cb_epub_write_text(w, m->description, strlen(m->description), m->lang, hints));
    TRY(xmlTextWriterEndElement(w));
  }
  TRY(xmlTextWriterStartElement(w, X("dl")));
  TRY(xmlTextWriterWriteAttribute(w, X("class"), X("course-details")));
  TRY(detail_list(w, "Author", "Authors", m->creators, m->lang, hints));
  TRY(detail_list(w, "Publisher", "Publishers", m->publishers, m->lang, hints));
  TRY(detail_date(w, "Published", m->date_human));
  TRY(detail_date(w, "Updated", m->modified_human));
  if (m->difficulty) {
    const char *diff[1] = {m->difficulty};
    cb_epub_strs one = {diff, 1};
    TRY(detail_list(w, "Difficulty", "Difficulty", one, m->lang, hints));
  }
  TRY(detail_list(w, "Audience", "Audience", m->audiences, m->lang, hints));
  if (m->rights) {
    TRY(detail_start(w, "Licence"));
    if (m->rights_url) {
      TRY(xmlTextWriterStartElement(w, X("a")));
      TRY(xmlTextWriterWriteAttribute(w, X("href"), X(m->rights_url)));
    }
    TRY(cb_epub_write_text(w, m->rights, strlen(m->rights), m->lang, hints));
    if (m->rights_url) TRY(xmlTextWriterEndElement(w));
    TRY(xmlTextWriterEndElement(w));
  }
  TRY(detail_list(w, "Subject", "Subjects", m->subjects, m->lang, hints));
  TRY(xmlTextWriterEndElement(w));   /* dl */
  return xmlTextWriterEndElement(w); /* section */
}

int cb_epub_title_page(const cb_epub_meta *m, const char *css_href, bool break_hints, cb_buf *out) {
  xmlTextWriterPtr w = cb_epub_xml_writer(out, false);
  if (!w) return -1;
  int st = -1;
  if (cb_epub_xhtml_begin(w, m->lang, m->title, css_href) >= 0 &&
      title_body(w, m, break_hints) >= 0 && cb_epub_xhtml_end(w) >= 0)
    st = 0;
  return cb_epub_xml_finish(w, st);
}
