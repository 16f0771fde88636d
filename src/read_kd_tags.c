/* kramdown's grammar of an HTML tag (its HTML_TAG_RE and HTML_TAG_CLOSE_RE, names as REXML's):
 * an unquoted attribute value must be a word.  Browsers, libxml2 and cmark-gfm read
 * `<th width=5%>` or `<img src=pics/a.png>` as markup; kramdown reads no tag there and the
 * Jekyll site shows the text, so the reader keeps it as text too. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read_internal.h"

static bool name_start(unsigned char c) {
  return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c >= 0x80;
}

static bool name_char(unsigned char c) {
  return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool word_char(unsigned char c) {
  return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

static bool space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* End of the (optionally prefixed) name starting at s[k], which is a name start. */
static size_t uname_end(const char *s, size_t n, size_t k) {
  while (k < n && name_char((unsigned char)s[k]))
    k++;
  if (k + 1 < n && s[k] == ':' && name_start((unsigned char)s[k + 1])) {
    k++;
    while (k < n && name_char((unsigned char)s[k]))
      k++;
  }
  return k;
}

size_t cb_kd_start_tag(const char *s, size_t n) {
  if (n < 2) return CB_KD_TAG_UNDECIDED;
  if (s[0] != '<' || !name_start((unsigned char)s[1])) return 0;
  size_t k = uname_end(s, n, 1);
  for (;;) {
    size_t sp = k;
    while (k < n && space(s[k]))
      k++;
    if (k >= n) return CB_KD_TAG_UNDECIDED;
    if (s[k] == '>') return k + 1;
    if (s[k] == '/') return k + 1 >= n ? CB_KD_TAG_UNDECIDED : s[k + 1] == '>' ? k + 2 : 0;
    /* an attribute: after white space, a name, then `=` and a word or a quoted value */
    if (k == sp || !name_start((unsigned char)s[k])) return 0;
    k = uname_end(s, n, k);
    size_t v = k;
    while (v < n && space(s[v]))
      v++;
    if (v >= n) return CB_KD_TAG_UNDECIDED;
    if (s[v] != '=') continue;
    for (v++; v < n && space(s[v]); v++)
      ;
    if (v >= n) return CB_KD_TAG_UNDECIDED;
    if (s[v] == '"' || s[v] == '\'') {
      const char *q = memchr(s + v + 1, s[v], n - v - 1);
      if (!q) return CB_KD_TAG_UNDECIDED;
      k = (size_t)(q - s) + 1;
    } else if (word_char((unsigned char)s[v])) {
      while (v < n && word_char((unsigned char)s[v]))
        v++;
      k = v;
    } else {
      return 0;
    }
  }
}

/* `<` + scheme + `:` or a `@` before the next `>`: an autolink for kramdown and cmark-gfm. */
static bool autolink_like(const char *s, size_t n) {
  size_t k = 1;
  while (k < n && (word_char((unsigned char)s[k]) || s[k] == '+' || s[k] == '.' || s[k] == '-'))
    k++;
  if (k < n && s[k] == ':') return true;
  for (; k < n && s[k] != '>' && !space(s[k]); k++)
    if (s[k] == '@') return true;
  return false;
}

bool cb_kd_not_a_tag(const char *s, size_t n) {
  return n >= 2 && s[0] == '<' && name_start((unsigned char)s[1]) && cb_kd_start_tag(s, n) == 0 &&
         !autolink_like(s, n);
}

/* A start or end tag kramdown reads but cmark-gfm does not, whose name has a character
 * outside cmark's [A-Za-z0-9-] (`<CUDA_INSTALL_PATH>`, `<my.tag>`, `</x:y>`): its length, else
 * 0.  kramdown writes it as an element the browser does not know, so the site shows the text
 * around it and not the tag. */
size_t cb_kd_only_tag(const char *s, size_t n) {
  if (n < 3 || s[0] != '<') return 0;
  size_t k0 = s[1] == '/' ? 2 : 1;
  if (k0 >= n || !name_start((unsigned char)s[k0])) return 0;
  size_t e = uname_end(s, n, k0), len;
  bool cmark_name = ((s[k0] | 0x20) >= 'a' && (s[k0] | 0x20) <= 'z');
  for (size_t k = k0; k < e && cmark_name; k++)
    cmark_name = isalnum((unsigned char)s[k]) || s[k] == '-';
  if (cmark_name) return 0;
  if (k0 == 2) { /* HTML_TAG_CLOSE_RE: </name\s*> */
    while (e < n && space(s[e]))
      e++;
    return e < n && s[e] == '>' ? e + 1 : 0;
  }
  len = cb_kd_start_tag(s, n);
  return len == CB_KD_TAG_UNDECIDED || autolink_like(s, n) ? 0 : len;
}

static bool name_in(const char *name, size_t nl, const char *const *v, size_t nv) {
  for (size_t i = 0; i < nv; i++)
    if (strlen(v[i]) == nl && strncasecmp(v[i], name, nl) == 0) return true;
  return false;
}

char cb_kd_content_model(const char *name, size_t nl) {
  /* HTML_CONTENT_MODEL_RAW and HTML_CONTENT_MODEL_SPAN */
  static const char *const raw[] = {"script", "style", "math", "option", "textarea",
                                    "pre",    "code",  "kbd",  "samp",   "var"};
  static const char *const span[] = {
      "a",   "abbr",  "acronym", "b",        "bdo",  "big",    "button", "cite", "caption", "del",
      "dfn", "dt",    "em",      "h1",       "h2",   "h3",     "h4",     "h5",   "h6",      "i",
      "ins", "label", "legend",  "optgroup", "p",    "q",      "rb",     "rbc",  "rp",      "rt",
      "rtc", "ruby",  "select",  "small",    "span", "strong", "sub",    "sup",  "th",      "tt"};
  return name_in(name, nl, raw, sizeof raw / sizeof *raw)      ? 'r'
         : name_in(name, nl, span, sizeof span / sizeof *span) ? 's'
                                                               : 'b';
}

/* kramdown writes these without an end tag (HTML_ELEMENTS_WITHOUT_BODY). */
bool cb_kd_no_body(const char *name, size_t nl) {
  static const char *const v[] = {"area",  "base",   "br",    "col",    "command", "embed",
                                  "hr",    "img",    "input", "keygen", "link",    "meta",
                                  "param", "source", "track", "wbr"};
  for (size_t i = 0; i < sizeof v / sizeof *v; i++)
    if (strlen(v[i]) == nl && strncasecmp(v[i], name, nl) == 0) return true;
  return false;
}

bool cb_kd_block_tag(const char *s, size_t n) {
  static const char *const block[] = {
      "address",    "article",  "aside",  "applet", "body",    "blockquote", "caption",
      "col",        "colgroup", "dd",     "div",    "dl",      "dt",         "fieldset",
      "figcaption", "footer",   "form",   "h1",     "h2",      "h3",         "h4",
      "h5",         "h6",       "header", "hgroup", "hr",      "html",       "head",
      "iframe",     "legend",   "menu",   "li",     "main",    "map",        "nav",
      "ol",         "optgroup", "p",      "pre",    "section", "summary",    "table",
      "tbody",      "td",       "th",     "thead",  "tfoot",   "tr",         "ul"};
  if (n < 3 || s[0] != '<') return false;
  size_t k = s[1] == '/' ? 2 : 1, e = k;
  while (e < n && isalnum((unsigned char)s[e]))
    e++;
  if (e == k || e >= n || !(s[e] == '>' || s[e] == '/' || space(s[e]))) return false;
  for (size_t i = 0; i < sizeof block / sizeof *block; i++)
    if (strlen(block[i]) == e - k && strncasecmp(block[i], s + k, e - k) == 0) return true;
  return false;
}

size_t cb_kd_span_element_end(const char *s, size_t n) {
  size_t tl = cb_kd_start_tag(s, n);
  if (!tl || tl == CB_KD_TAG_UNDECIDED || cb_kd_block_tag(s, n)) return 0;
  size_t ne = uname_end(s, n, 1), nl = ne - 1;
  if (s[tl - 2] == '/' || cb_kd_no_body(s + 1, nl)) return tl;
  for (size_t k = tl; k + 2 + nl < n; k++) { /* kramdown: the first end tag of that name */
    if (s[k] != '<' || s[k + 1] != '/' || strncasecmp(s + k + 2, s + 1, nl) != 0) continue;
    size_t e = k + 2 + nl;
    while (e < n && space(s[e]))
      e++;
    if (e < n && s[e] == '>') return e + 1;
  }
  return n;
}

bool cb_kd_swallows_rest(const char *t, size_t n, const char *name, size_t nl) {
  if (cb_kd_no_body(name, nl)) return false;
  const char *gt = memchr(t, '>', n);
  size_t a0, a1, vn;
  const char *v;
  /* with markdown="1" (or block, span) kramdown parses the rest as Markdown instead */
  if (cb_md_attr(t, gt ? (size_t)(gt - t) + 1 : n, &a0, &a1, &v, &vn) && !(vn == 1 && v[0] == '0'))
    return false;
  return !gt || gt == t || gt[-1] != '/'; /* `<div/>` is closed */
}

/* One token of the raw parse at h[k] == '<' (see cb_kd_raw): its length, or 0 when h ends
 * inside it and more text may follow (!final); *text: the `<` is text for kramdown. */
static size_t raw_token(cb_kd_raw *R, const char *h, size_t n, size_t k, bool final, bool *text) {
  *text = false;
  if (n - k < 4 && !final && memcmp(h + k, "<!--", n - k) == 0) return 0;
  /* (a token waiting for more text is searched on from where the last call stopped: fed a
   * line at a time, a comment over many lines is read once) */
  size_t from = R->pend_k == k + 1 ? R->pend_to : 0;
  R->pend_k = 0;
  if (n - k >= 4 && memcmp(h + k, "<!--", 4) == 0) { /* a comment: as written */
    size_t f = from > k + 6 ? from - 2 : k + 4;
    const char *e = cb_find_str(h + f, n - f, "-->");
    if (e) return (size_t)(e - h) + 3 - k;
    if (!final) {
      R->pend_k = k + 1, R->pend_to = n;
      return 0;
    }
    *text = true; /* never closed: no comment, its `<` is text */
    return 1;
  }
  bool close = k + 1 < n && h[k + 1] == '/';
  size_t nm = k + 1 + close;
  size_t ne = nm < n && name_start((unsigned char)h[nm]) ? uname_end(h, n, nm) : nm;
  if (ne == n && !final) return 0;
  size_t tl = 0;
  if (close && ne > nm) {
    size_t e = ne;
    while (e < n && space(h[e]))
      e++;
    if (e == n && !final) return 0;
    if (e < n && h[e] == '>') tl = e + 1 - k;
  } else if (!close) {
    tl = cb_kd_start_tag(h + k, n - k);
    if (tl == CB_KD_TAG_UNDECIDED) {
      if (!final) return 0;
      tl = 0;
    }
  }
  if (!tl) {
    /* not a tag for kramdown: `<` + name is text (`a < b` is text for everyone) */
    *text = ne > nm && !close && !autolink_like(h + k, n - k);
    return 1;
  }
  if (close) { /* an end tag closes the element open innermost, or it is text */
    size_t cl = ne - nm < sizeof R->st->name ? ne - nm : sizeof R->st->name;
    if (R->depth && R->st[R->depth - 1].len == ne - nm &&
        strncasecmp(R->st[R->depth - 1].name, h + nm, cl) == 0) {
      R->depth--;
      R->closed = true;
    } else {
      *text = true;
    }
    return tl;
  }
  if (h[k + tl - 2] == '/' || cb_kd_no_body(h + nm, ne - nm)) return tl;
  if (R->depth == R->cap) {
    R->cap = R->cap ? R->cap * 2 : 16;
    R->st = cb_xrealloc(R->st, R->cap * sizeof *R->st);
  }
  /* (the name is kept as a copy, a long one its start and length: a caller may scan text it
   * builds line by line) */
  size_t nl = ne - nm < sizeof R->st->name ? ne - nm : sizeof R->st->name;
  memcpy(R->st[R->depth].name, h + nm, nl);
  R->st[R->depth++].len = ne - nm;
  if (cb_kd_content_model(h + nm, ne - nm) == 'r') { /* skipped to its end tag */
    size_t p = k + tl;
    if (from > p + 2 + (ne - nm)) p = from - 2 - (ne - nm);
    while (p + 2 + (ne - nm) < n &&
           !(h[p] == '<' && h[p + 1] == '/' && strncasecmp(h + p + 2, h + nm, ne - nm) == 0))
      p++;
    if (p + 2 + (ne - nm) >= n && !final) {
      R->depth--;
      R->pend_k = k + 1, R->pend_to = n;
      return 0;
    }
    return p - k;
  }
  return tl;
}

size_t cb_kd_raw_scan(cb_kd_raw *R, const char *h, size_t n, size_t k, bool final, bool *done) {
  *done = false;
  while (k < n) {
    const char *lt = memchr(h + k, '<', n - k);
    if (!lt) return n;
    k = (size_t)(lt - h);
    bool text;
    size_t t = raw_token(R, h, n, k, final, &text);
    if (!t) return k;
    if (text && !R->opened && !R->depth && k + 1 < n && name_start((unsigned char)h[k + 1])) {
      /* a start tag kramdown's grammar refuses (`<div class=a/b>`) that the reader took for
       * one: its element is opened all the same */
      size_t ne = uname_end(h, n, k + 1), nl = ne - k - 1;
      if (!R->cap) R->st = cb_xrealloc(R->st, (R->cap = 16) * sizeof *R->st);
      memcpy(R->st[0].name, h + k + 1, nl < sizeof R->st->name ? nl : sizeof R->st->name);
      R->st[R->depth++].len = nl;
      text = false;
    }
    k += t;
    if (R->closed && !R->depth) {
      *done = true;
      return k;
    }
    if (!text && R->depth) R->opened = true;
    if (!R->opened) { /* the first tag opened nothing (`<hr>`, `<div/>`): it is the element */
      *done = true;
      return k;
    }
  }
  return n;
}

void cb_kd_raw_free(cb_kd_raw *R) {
  free(R->st);
  *R = (cb_kd_raw){0};
}

static bool tildes_alone(const char *t, size_t n, size_t *len) {
  size_t a = 0, e = n;
  while (a < n && (t[a] == ' ' || t[a] == '\t'))
    a++;
  while (e > a && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r'))
    e--;
  size_t k = a;
  while (k < e && t[k] == '~')
    k++;
  *len = k - a;
  return k - a >= 3;
}

static bool feed_found(cb_raw_feed *F, size_t e) {
  size_t lo = 0, hi = F->n; /* the fed line holding b[e - 1] (the end tag's `>`) */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (F->starts[mid] < e)
      lo = mid;
    else
      hi = mid;
  }
  F->end_who = F->who[lo];
  F->end_off = e - F->starts[lo];
  return true;
}

bool cb_raw_feed_line(const cb_mdctx *c, cb_raw_feed *F, size_t idx, const char *t, size_t n,
                      size_t who) {
  size_t tl;
  if (F->fence) { /* a {% highlight %} block: Jekyll's HTML there has no tags of its text */
    if (tildes_alone(t, n, &tl) && tl == F->fence) F->fence = 0;
    return false;
  }
  if (F->n && c && cb_mdctx_highlight_line(c, idx) && tildes_alone(t, n, &tl)) {
    F->fence = tl;
    return false;
  }
  if (F->n == F->cap) {
    F->cap = F->cap ? F->cap * 2 : 16;
    F->starts = cb_xrealloc(F->starts, F->cap * sizeof *F->starts);
    F->who = cb_xrealloc(F->who, F->cap * sizeof *F->who);
  }
  if (F->n) cb_buf_putc(&F->b, '\n');
  F->starts[F->n] = F->b.len;
  F->who[F->n++] = who;
  cb_buf_put(&F->b, t, n);
  bool done;
  F->k = cb_kd_raw_scan(&F->R, F->b.data, F->b.len, F->k, false, &done);
  return done && feed_found(F, F->k);
}

bool cb_raw_feed_finish(cb_raw_feed *F) {
  bool done;
  if (!F->n) return false;
  F->k = cb_kd_raw_scan(&F->R, F->b.data, F->b.len, F->k, true, &done);
  return done && feed_found(F, F->k);
}

void cb_raw_feed_free(cb_raw_feed *F) {
  cb_kd_raw_free(&F->R);
  cb_buf_free(&F->b);
  free(F->starts);
  free(F->who);
  *F = (cb_raw_feed){0};
}

const char *cb_kd_raw_html(cb_arena *a, const char *h, size_t n, size_t *out_n) {
  cb_buf b = CB_BUF_INIT;
  cb_kd_raw R = {0};
  size_t done = 0;
  for (size_t k = 0; k < n;) {
    const char *lt = memchr(h + k, '<', n - k);
    if (!lt) break;
    k = (size_t)(lt - h);
    bool text;
    size_t t = raw_token(&R, h, n, k, true, &text);
    if (text) {
      cb_buf_put(&b, h + done, k - done);
      cb_buf_puts(&b, "&lt;");
      done = k + 1;
    }
    k += t;
  }
  cb_kd_raw_free(&R);
  return cb_rewrite_end(a, &b, h, n, done, out_n);
}

/* kramdown's ACHARS: [[:alnum:]] (any letter or digit; bytes of UTF-8 taken as such), - _ . */
static bool achar(unsigned char c) {
  return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c >= 0x80;
}

size_t cb_kd_autolink(const char *s, size_t n, bool *mail) {
  static const char *const schemes[] = {"mailto:", "https:", "http:", "ftps:", "ftp:"};
  if (n < 3 || s[0] != '<') return 0;
  for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
    size_t sl = strlen(schemes[i]);
    if (n > sl + 2 && memcmp(s + 1, schemes[i], sl) == 0) {
      /* `.+?>`: at least one character, up to the first `>` on the line */
      const char *gt = memchr(s + sl + 2, '>', n - sl - 2);
      const char *nl = memchr(s + 1, '\n', n - 1);
      if (!gt || (nl && nl < gt)) return 0;
      *mail = false;
      return (size_t)(gt - s) + 1;
    }
  }
  size_t k = 1;
  while (k < n && achar((unsigned char)s[k]))
    k++;
  if (k == 1 || k >= n || s[k] != '@') return 0;
  size_t d = ++k;
  while (k < n && achar((unsigned char)s[k]))
    k++;
  if (k == d || k >= n || s[k] != '>') return 0;
  *mail = true;
  return k + 1;
}

bool cb_cmark_autolink(const char *s, size_t n) {
  /* CommonMark: `<` scheme (2-32 of [A-Za-z0-9+.-], a letter first) `:` and no space, `<`
   * or control character up to `>` */
  size_t k = 1;
  if (n < 4 || s[0] != '<' || !((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z')) return false;
  while (k < n && k <= 33 &&
         (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z') || (s[k] >= '0' && s[k] <= '9') ||
          s[k] == '+' || s[k] == '.' || s[k] == '-'))
    k++;
  if (k < 3 || k > 33 || k >= n || s[k] != ':') return false;
  for (k++; k < n && s[k] != '>'; k++)
    if ((unsigned char)s[k] <= ' ' || s[k] == '<') return false;
  return k < n;
}

/* The start tag alone on line t[0..n) (trimmed) has markdown="1" or "block": its name's
 * length, else 0. */
/* A markdown attribute asking for block content: "1" or "block". */
static bool md_block_value(const char *v, size_t vn) {
  return (vn == 1 && v[0] == '1') || (vn == 5 && strncasecmp(v, "block", 5) == 0);
}

static size_t md_start_line(const char *t, size_t n, const char **name) {
  size_t tl = cb_md_block_tag(t, n, name), a0, a1, vn;
  const char *v;
  if (!tl || memchr(t, '>', n) != t + n - 1 || !cb_md_attr(t, n, &a0, &a1, &v, &vn)) return 0;
  return md_block_value(v, vn) ? tl : 0;
}

bool cb_kd_md_start(const char *t, size_t n) {
  while (n && (*t == ' ' || *t == '\t'))
    t++, n--;
  while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r'))
    n--;
  const char *name = NULL;
  if (!n || t[0] != '<') return false;
  if (md_start_line(t, n, &name)) return true;
  /* (a start tag going on over the next lines: its attributes so far) */
  size_t a0, a1, vn;
  const char *v;
  return cb_md_block_tag(t, n, &name) && !memchr(t, '>', n) &&
         cb_md_attr(t, n, &a0, &a1, &v, &vn) && md_block_value(v, vn);
}

bool cb_kd_holds_md(const char *s, size_t n) {
  for (size_t k = 0; k < n;) {
    const char *e = memchr(s + k, '\n', n - k);
    size_t le = e ? (size_t)(e - s) : n;
    if (cb_kd_md_start(s + k, le - k)) return true;
    k = le + 1;
  }
  return false;
}

bool cb_kd_only_comments(const char *s, size_t n) {
  size_t k = 0;
  for (;;) {
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
      k++;
    if (k == n) return true;
    if (n - k < 7 || memcmp(s + k, "<!--", 4) != 0) return false;
    size_t e = k + 4;
    while (e + 2 < n && memcmp(s + e, "-->", 3) != 0)
      e++;
    if (e + 2 >= n) return false;
    k = e + 3;
  }
}

bool cb_kd_transparent(const char *s, size_t n) {
  bool seen = false;
  const char *md = NULL; /* the markdown="1" element being skipped, and its depth */
  size_t ml = 0;
  long depth = 0;
  for (size_t k = 0; k <= n;) {
    const char *e = memchr(s + k, '\n', n - k);
    size_t le = e ? (size_t)(e - s) : n;
    const char *t = s + k;
    size_t tn = le - k;
    while (tn && (*t == ' ' || *t == '\t'))
      t++, tn--;
    while (tn && (t[tn - 1] == ' ' || t[tn - 1] == '\t' || t[tn - 1] == '\r'))
      tn--;
    const char *name = NULL;
    if (md) {
      if (tn > ml + 1 && t[0] == '<' && strncasecmp(t + 1, md, ml) == 0 &&
          (t[ml + 1] == ' ' || t[ml + 1] == '>'))
        depth++;
      else if (tn >= ml + 3 && t[0] == '<' && t[1] == '/' && strncasecmp(t + 2, md, ml) == 0 &&
               t[ml + 2] == '>' && cb_kd_only_comments(t + ml + 3, tn - ml - 3) && --depth == 0)
        md = NULL;
    } else if (tn) {
      size_t tl;
      if (t[0] != '<') return false; /* text: kramdown keeps it raw, Markdown would not */
      if ((tl = md_start_line(t, tn, &name))) {
        md = name;
        ml = tl;
        depth = 1;
        seen = true;
      } else if (!cb_md_block_tag(t, tn, NULL) &&
                 !(tn > 2 && t[1] == '/' && cb_md_block_tag(t + 1, tn - 1, NULL)) &&
                 !(tn > 3 && memcmp(t, "<!--", 4) == 0)) {
        return false; /* a span element or text would be a paragraph's */
      }
    }
    if (!e) break;
    k = le + 1;
  }
  return seen && !md;
}
