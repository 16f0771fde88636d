/* Jekyll's markdownify where its HTML is what the page needs: a value inside raw HTML (a
 * `<figcaption>` line, an attribute) is not parsed as Markdown again, so it is rendered here,
 * by cmark-gfm with the options the page's own parse uses.  The HTML is untrusted like any
 * raw HTML of the page: backends sanitise it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "read_internal.h"

/* Where the source is read up to: headings come in document order, so each is found by
 * going on from the last (linear in the text, however many headings). */
typedef struct {
  int line; /* 1-based line that starts at off */
  size_t off;
} cursor;

void cb_md_html_escape(cb_buf *b, const char *s, size_t n) {
  for (size_t k = 0; k < n; k++) {
    switch (s[k]) {
    case '"': cb_buf_puts(b, "&quot;"); break;
    case '&': cb_buf_puts(b, "&amp;"); break;
    case '<': cb_buf_puts(b, "&lt;"); break;
    case '>': cb_buf_puts(b, "&gt;"); break;
    default: cb_buf_putc(b, s[k]);
    }
  }
}

/* kramdown's raw text of the heading h (the source line after its `#` marks, without closing
 * ones; a setext heading's first line), HTML-attribute escaped. */
static void heading_source(cb_buf *b, const char *md, size_t n, cmark_node *h, cursor *at) {
  int line = cmark_node_get_start_line(h);
  size_t k = at->off;
  for (int ln = at->line; ln < line && k < n; ln++) {
    const char *e = memchr(md + k, '\n', n - k);
    k = e ? (size_t)(e - md) + 1 : n;
  }
  at->line = line > at->line ? line : at->line;
  at->off = k;
  const char *e = memchr(md + k, '\n', n - k);
  size_t end = e ? (size_t)(e - md) : n;
  while (k < end && (md[k] == ' ' || md[k] == '\t'))
    k++;
  if (k < end && md[k] == '#') {
    while (k < end && md[k] == '#')
      k++;
    while (end > k && (md[end - 1] == ' ' || md[end - 1] == '\t' || md[end - 1] == '#'))
      end--;
  }
  while (k < end && (md[k] == ' ' || md[k] == '\t'))
    k++;
  while (end > k && (md[end - 1] == ' ' || md[end - 1] == '\t' || md[end - 1] == '\r'))
    end--;
  cb_md_html_escape(b, md + k, end - k);
}

/* Headings become custom blocks that write `<hN data-cb-hid="raw text">`: the model's id
 * pass (read_markdown.c) turns the mark into the id kramdown's converter gives.  The
 * replaced headings are kept in *old until rendering is done (their text lives there). */
static void mark_headings(cb_arena *a, cmark_node *doc, const char *md, size_t n,
                          cmark_node **old) {
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  cmark_node *hs = NULL, *last = NULL;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *h = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(h) != CMARK_NODE_HEADING) continue;
    /* collected first: the tree is not changed while it is walked */
    cmark_node_set_user_data(h, NULL);
    if (last)
      cmark_node_set_user_data(last, h);
    else
      hs = h;
    last = h;
  }
  cmark_iter_free(it);
  cursor at = {1, 0};
  for (cmark_node *h = hs, *nx; h; h = nx) {
    nx = cmark_node_get_user_data(h);
    int lv = cmark_node_get_heading_level(h);
    cb_buf b = CB_BUF_INIT;
    cb_buf_printf(&b, "<h%d " CB_RAW_HEADING_MARK "=\"", lv);
    heading_source(&b, md, n, h, &at);
    cb_buf_puts(&b, "\">");
    cmark_node *cb = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(cb, cb_strndup(a, b.data, b.len));
    cmark_node_set_on_exit(cb, cb_sprintf(a, "</h%d>", lv));
    cb_buf_free(&b);
    cmark_node *ch;
    while ((ch = cmark_node_first_child(h)))
      cmark_node_append_child(cb, ch);
    cmark_node_replace(h, cb);
    cmark_node_set_user_data(h, *old);
    *old = h;
  }
}

/* The line before s[k] (which starts a line): a fence's closing line, or a paragraph's? */
static int line_before(const char *md, size_t k) {
  if (k < 2) return 0;
  size_t e = k - 1, b = e; /* md[e] is its line break */
  while (b > 0 && md[b - 1] != '\n')
    b--;
  size_t q = b;
  while (q < e && md[q] == ' ')
    q++;
  if (q == e || q - b > 3) return 0;
  if ((md[q] == '`' || md[q] == '~') && e - q >= 3) {
    size_t f = q;
    while (f < e && md[f] == md[q])
      f++;
    while (f < e && (md[f] == ' ' || md[f] == '\t' || md[f] == '\r'))
      f++;
    if (f == e && (size_t)(f - q) >= 3) return 'f';
  }
  return strchr("-*+>#|<:", md[q]) || (md[q] >= '0' && md[q] <= '9') ? 0 : 'p';
}

/* md without kramdown's IALs, which plain cmark would print: a span IAL right after a link,
 * image, emphasis or code span, and a block IAL alone on its line.  A block IAL right after a
 * fenced code block or a paragraph line stays, on a line of its own (see apply_ials); the
 * others' attributes are not applied here (this text becomes raw HTML). */
static const char *without_ials(cb_arena *a, const char *md, size_t *n) {
  cb_buf b = CB_BUF_INIT;
  size_t k = 0, done = 0;
  while (k + 2 < *n) {
    const char *o = memchr(md + k, '{', *n - k);
    if (!o) break;
    k = (size_t)(o - md);
    size_t l = md[k + 1] == ':' && md[k + 2] != ':' ? cb_ial_span_len(md + k, *n - k) : 0;
    bool line_start = k == 0 || md[k - 1] == '\n';
    size_t e = k + l;
    bool line_alone = line_start && l && (e == *n || md[e] == '\n' || md[e] == '\r');
    bool after_span = l && k > 0 && md[k - 1] && strchr(")]*_`", md[k - 1]);
    size_t w = k + 2; /* an ALD `{:name: ...}` defines, it does not apply */
    while (w < e && (md[w] == '-' || md[w] == '_' || isalnum((unsigned char)md[w])))
      w++;
    int before = line_alone && !(w > k + 2 && w < e && md[w] == ':') ? line_before(md, k) : 0;
    if (before) {
      /* kept for apply_ials: after a paragraph line it goes to a paragraph of its own */
      cb_buf_put(&b, md + done, k - done);
      if (before == 'p') cb_buf_putc(&b, '\n');
      cb_buf_put(&b, md + k, l);
      done = e;
    } else if (line_alone || after_span) {
      cb_buf_put(&b, md + done, k - done);
      done = e;
    }
    k = l ? e : k + 1;
  }
  if (!done) return md;
  cb_buf_put(&b, md + done, *n - done);
  const char *r = cb_strndup(a, b.data, b.len);
  *n = b.len;
  cb_buf_free(&b);
  return r;
}

static void attr_html(cb_buf *b, const cb_attrs *at) {
  if (at->id) {
    cb_buf_puts(b, " id=\"");
    cb_md_html_escape(b, at->id, strlen(at->id));
    cb_buf_putc(b, '"');
  }
  if (at->classes) {
    cb_buf_puts(b, " class=\"");
    for (const cb_strlist *c = at->classes; c; c = c->next) {
      if (c != at->classes) cb_buf_putc(b, ' ');
      cb_md_html_escape(b, c->s, strlen(c->s));
    }
    cb_buf_putc(b, '"');
  }
}

/* A paragraph that is only a block IAL (kept by without_ials) gives its id and classes to
 * the paragraph or fenced code block before it, as kramdown's do; the IAL itself goes.  That
 * block is written as cmark writes it, the attributes in its first tag. */
static void apply_ials(cb_arena *a, cmark_node *doc, int opts, cmark_llist *exts) {
  cmark_node *n = cmark_node_first_child(doc), *nx;
  for (; n; n = nx) {
    nx = cmark_node_next(n);
    cmark_node *t =
        cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH ? cmark_node_first_child(n) : NULL;
    const char *lit = t && !cmark_node_next(t) && cmark_node_get_type(t) == CMARK_NODE_TEXT
                          ? cmark_node_get_literal(t)
                          : NULL;
    size_t ln = lit ? strlen(lit) : 0;
    if (ln < 4 || lit[0] != '{' || lit[1] != ':' || cb_ial_span_len(lit, ln) != ln) continue;
    cb_attrs at = {0};
    cb_ial_parse(a, lit + 2, ln - 3, &at, NULL);
    cmark_node *prev = cmark_node_previous(n);
    cmark_node_type pt = prev ? cmark_node_get_type(prev) : CMARK_NODE_NONE;
    if ((at.id || at.classes) && (pt == CMARK_NODE_CODE_BLOCK || pt == CMARK_NODE_PARAGRAPH)) {
      char *h = cmark_render_html(prev, opts, exts);
      size_t tn = pt == CMARK_NODE_PARAGRAPH ? 2 : 4; /* after `<p` or `<pre` */
      cb_buf b = CB_BUF_INIT;
      cb_buf_put(&b, h, tn);
      attr_html(&b, &at);
      cb_buf_puts(&b, h + tn);
      free(h);
      cmark_node *cb = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
      cmark_node_set_on_enter(cb, cb_strndup(a, b.data, b.len));
      cb_buf_free(&b);
      cmark_node_replace(prev, cb);
      cmark_node_free(prev);
    }
    cmark_node_free(n); /* (unlinks it) */
  }
}

static const char *render(cb_arena *a, const char *md, size_t n, bool headings) {
  cmark_gfm_core_extensions_ensure_registered();
  const int opts = CMARK_OPT_SMART | CMARK_OPT_UNSAFE | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
  cmark_parser *p = cmark_parser_new(opts);
  static const char *const exts[] = {"table", "strikethrough"};
  for (size_t k = 0; k < sizeof exts / sizeof *exts; k++) {
    cmark_syntax_extension *e = cmark_find_syntax_extension(exts[k]);
    if (e) cmark_parser_attach_syntax_extension(p, e);
  }
  md = without_ials(a, md, &n);
  cmark_parser_feed(p, md, n);
  cmark_node *doc = cmark_parser_finish(p);
  apply_ials(a, doc, opts, cmark_parser_get_syntax_extensions(p));
  cmark_node *old = NULL;
  if (headings) mark_headings(a, doc, md, n, &old);
  char *html = cmark_render_html(doc, opts, cmark_parser_get_syntax_extensions(p));
  size_t len = strlen(html);
  /* kramdown ends the value with one line break; the line it lands in continues after it */
  while (len && html[len - 1] == '\n')
    len--;
  const char *out = cb_strndup(a, html, len);
  free(html);
  while (old) {
    cmark_node *nx = cmark_node_get_user_data(old);
    cmark_node_free(old);
    old = nx;
  }
  cmark_node_free(doc);
  cmark_parser_free(p);
  return out;
}

const char *cb_markdownify_html(cb_arena *a, const char *md, size_t n) {
  const char *h = render(a, md, n, false);
  if (!*h) return h;
  /* kramdown's value ends with a line break, and a blank first line is a blank element,
   * another: white space around the blocks where the value lands (`<div>` / `<p>…</p>` /
   * `</div>`), written as a space (the line it lands in goes on) */
  size_t b0 = 0;
  while (b0 < n && (md[b0] == ' ' || md[b0] == '\t'))
    b0++;
  bool lead = b0 < n && (md[b0] == '\n' || md[b0] == '\r');
  cb_buf b = CB_BUF_INIT;
  if (lead) cb_buf_putc(&b, ' ');
  cb_buf_puts(&b, h);
  cb_buf_putc(&b, ' ');
  const char *out = cb_strndup(a, b.data, b.len);
  cb_buf_free(&b);
  return out;
}

bool cb_md_attr(const char *t, size_t tn, size_t *a0, size_t *a1, const char **v, size_t *vn) {
  for (size_t k = 1; k + 10 < tn; k++) {
    if ((t[k - 1] != ' ' && t[k - 1] != '\t' && t[k - 1] != '\n') ||
        strncasecmp(t + k, "markdown=", 9) != 0)
      continue;
    char q = t[k + 9];
    if (q != '"' && q != '\'') return false;
    const char *e = memchr(t + k + 10, q, tn - k - 10);
    if (!e) return false;
    *a0 = k - 1;
    *a1 = (size_t)(e - t) + 1;
    *v = t + k + 10;
    *vn = (size_t)(e - *v);
    return true;
  }
  return false;
}

const char *cb_rewrite_end(cb_arena *a, cb_buf *b, const char *h, size_t n, size_t done,
                           size_t *out_n) {
  if (!done) {
    cb_buf_free(b);
    *out_n = n;
    return h;
  }
  cb_buf_put(b, h + done, n - done);
  const char *r = cb_strndup(a, b->data, b->len);
  *out_n = b->len;
  cb_buf_free(b);
  return r;
}

/* Elements nested this deep in markdown="…" elements are left raw (bounded work). */
enum { MAX_MD_NESTING = 8 };

static const char *spans(cb_arena *a, const char *h, size_t n, size_t *out_n, int level);

const char *cb_raw_html_spans(cb_arena *a, const char *h, size_t n, size_t *out_n) {
  return spans(a, h, n, out_n, 0);
}

static const char *spans(cb_arena *a, const char *h, size_t n, size_t *out_n, int level) {
  cb_buf b = CB_BUF_INIT;
  size_t k = 0, done = 0;
  while (k < n) {
    const char *lt = memchr(h + k, '<', n - k);
    if (!lt) break;
    size_t s0 = (size_t)(lt - h), q = s0 + 1, nm = q;
    while (q < n &&
           (((h[q] | 0x20) >= 'a' && (h[q] | 0x20) <= 'z') || (h[q] >= '0' && h[q] <= '9')))
      q++;
    size_t nl = q - nm;
    const char *gt = nl ? memchr(h + q, '>', n - q) : NULL;
    size_t a0, a1, vn;
    const char *v;
    if (!gt || !cb_md_attr(h + s0, (size_t)(gt - h) - s0, &a0, &a1, &v, &vn)) {
      k = s0 + 1;
      continue;
    }
    /* "1" is the element's own content model: span for `p`, headings, … */
    bool one = vn == 1 && v[0] == '1', one_span = one && cb_kd_content_model(h + nm, nl) == 's';
    bool span = (vn == 4 && strncasecmp(v, "span", 4) == 0) || one_span;
    bool block = (one && !one_span) || (vn == 5 && strncasecmp(v, "block", 5) == 0);
    if (!span && !block) {
      k = s0 + 1;
      continue;
    }
    /* the matching end tag: same name, nested ones counted */
    size_t te = (size_t)(gt - h) + 1, c0 = te, c1 = 0, after = 0;
    long depth = 1;
    for (size_t p = te; p + nl + 2 <= n; p++) {
      if (h[p] != '<') continue;
      bool cl = h[p + 1] == '/';
      size_t x = p + 1 + cl;
      if (x + nl > n || strncasecmp(h + x, h + nm, nl) != 0) continue;
      char z = x + nl < n ? h[x + nl] : ' ';
      if (z != '>' && z != ' ' && z != '\t' && z != '\n' && z != '/') continue;
      depth += cl ? -1 : 1;
      if (!depth) {
        c1 = p;
        const char *g2 = memchr(h + x, '>', n - x);
        after = g2 ? (size_t)(g2 - h) + 1 : n;
        break;
      }
    }
    if (!c1) break; /* not closed: neither is any later one looked for (linear time) */
    /* span: kramdown reads the content as span-level text (lines joined, indentation
     * ignored); block: as blocks, lines as written */
    cb_buf md = CB_BUF_INIT;
    for (size_t p = c0; p < c1;) {
      while (span && p < c1 && (h[p] == ' ' || h[p] == '\t'))
        p++;
      const char *e = memchr(h + p, '\n', c1 - p);
      size_t le = e ? (size_t)(e - h) : c1;
      cb_buf_put(&md, h + p, le - p);
      if (e) cb_buf_putc(&md, '\n');
      p = le + 1;
    }
    /* elements inside marked markdown="…" are read first, as kramdown's parser reaches them */
    size_t ml = md.len;
    const char *mt = md.data ? md.data : "";
    if (level < MAX_MD_NESTING) mt = spans(a, mt, ml, &ml, level + 1);
    const char *html = render(a, mt, ml, block);
    size_t hl = strlen(html);
    if (span && hl >= 7 && memcmp(html, "<p>", 3) == 0 && memcmp(html + hl - 4, "</p>", 4) == 0 &&
        strstr(html + 3, "<p>") == NULL) {
      html += 3;
      hl -= 7;
    }
    cb_buf_free(&md);
    cb_buf_put(&b, h + done, s0 + a0 - done);  /* up to the attribute */
    cb_buf_put(&b, h + s0 + a1, te - s0 - a1); /* the rest of the start tag */
    cb_buf_put(&b, html, hl);
    cb_buf_put(&b, h + c1, after - c1); /* the end tag */
    done = k = after;
  }
  return cb_rewrite_end(a, &b, h, n, done, out_n);
}
