/* Markdown body -> model: Liquid (read_liquid.c), kramdown preprocessing (here), cmark-gfm
 * parse, then one walk over cmark's tree building the model.  See read_internal.h for the
 * placeholder scheme.
 *
 * kramdown behaviour reproduced (checked against ruby-kramdown 2.4 + GFM parser 1.1 with
 * Jekyll's options; see tests/unit/test_markdown.c):
 * - a block IAL line right after a block applies to that block (HTML blocks included);
 *   after a blank line (or at the start) it applies to the next block; IAL runs merge;
 *   ALDs `{:name: ...}` and references; `* TOC` + `{:toc}` becomes a contents node;
 * - a span IAL right after a link, image, emphasis, code span or inline HTML applies to it;
 *   after plain text kramdown prints it literally: we drop it with a warning instead;
 * - `# Heading {#id}`; GFM auto ids after parsing (kramdown's basic ids inside HTML
 *   elements with markdown="1"); `.notice*` classes wrap the block in a notice node;
 *   `.no_toc` marks a heading;
 * - `{::comment}`, `{::nomarkdown}` (raw HTML), `{::options}` (warned, not applied), EOB `^`;
 * - `$$...$$` math: display when it starts a block, inline otherwise;
 * - definition lists, abbreviations, footnotes (cmark numbers them as kramdown does);
 * - block HTML raw up to its end tag; markdown="1" elements parsed inside;
 * - where kramdown differs from CommonMark: no bare-URL autolinks, `1)` no list marker,
 *   lists start at 1, any `N.` interrupts a paragraph, a table or a `***` rule right after a
 *   paragraph line is text, setext headings only after a blank line, `|` in code spans does
 *   not split table cells, spaces allowed in link destinations, `~~` strikethrough only,
 *   `<<`/`>>` guillemets (cmark's smart punctuation does quotes, dashes and ellipses; an
 *   opening quote after punctuation becomes kramdown's closing one), `\|` in a code span in a
 *   table keeps its backslash;
 * - loose/tight per list item, by kramdown's rule (item.para in the model);
 * - a block IAL after an HTML block is written onto the element; span `{::nomarkdown}`;
 *   one-line `<p markdown="span">…</p>` / notice elements;
 * - images under the site's baseurl resolve in the site (the baseurl is taken off).
 * - a markdown="1" block element that is not a notice: a container node (div) with its
 *   attributes, except elements that do not hold blocks (p, lists, tables, ...): unwrapped;
 * Not reproduced: kramdown's HTML-tag-aware span parsing, kramdown's remaining smart-quote
 * rules (a quote before punctuation). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "coursebook/text.h"
#include "html_tag.h"
#include "read_internal.h"

/* ---- context ---- */

const char *cb_find_str(const char *s, size_t n, const char *pat) {
  size_t pl = strlen(pat);
  for (const char *p = s; n >= pl && (p = memchr(p, pat[0], n - (size_t)(p - s) - pl + 1)); p++)
    if (memcmp(p, pat, pl) == 0) return p;
  return NULL;
}

/* `</br>`, `</img>`, ...: an end tag of an element that has none. */
static bool void_end_tag(const char *t, size_t n) {
  char name[16];
  return cb_html_tag_kind(t, n, name) == CB_TAG_VOID_CLOSE;
}

/* Length of the start or end tag of a span-level element (kramdown's list) at the start of s,
 * else 0. */
size_t cb_md_span_tag(const char *s, size_t n) {
  static const char *const span[] = {
      "a",      "abbr", "acronym", "b",   "big", "bdo",   "br",  "button", "cite",  "code",
      "del",    "dfn",  "em",      "i",   "img", "input", "ins", "kbd",    "label", "mark",
      "option", "q",    "rb",      "rbc", "rp",  "rt",    "rtc", "ruby",   "samp",  "select",
      "small",  "span", "strong",  "sub", "sup", "tt",    "u",   "var"};
  if (n < 3 || s[0] != '<') return 0;
  size_t k = s[1] == '/' ? 2 : 1, k0 = k;
  while (k < n && (((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')))
    k++;
  size_t nl = k - k0;
  if (!nl || k >= n || (s[k] != '>' && s[k] != ' ' && s[k] != '\t' && s[k] != '/')) return 0;
  bool known = false;
  for (size_t i = 0; i < sizeof span / sizeof *span && !known; i++)
    known = strlen(span[i]) == nl && strncasecmp(span[i], s + k0, nl) == 0;
  if (!known) return 0;
  char q = 0; /* to the tag's end: the first '>' outside quotes */
  for (; k < n && (q || s[k] != '>'); k++)
    if (q ? s[k] == q : (s[k] == '"' || s[k] == '\'')) q = q ? 0 : s[k];
  return k < n ? k + 1 : 0;
}

/* For each backtick run in t (at its first byte): whether a run of its length follows, which
 * would close a code span it opens (one pass from the right: linear). */
static unsigned char *closing_runs(const char *t, size_t n) {
  unsigned char *closes = calloc(n + 1, 1), *seen = calloc(n + 1, 1);
  if (!closes || !seen) abort();
  for (size_t e = n; e > 0;) {
    if (t[e - 1] != '`') {
      e--;
      continue;
    }
    size_t r = e - 1;
    while (r > 0 && t[r - 1] == '`')
      r--;
    closes[r] = seen[e - r];
    seen[e - r] = 1;
    e = r;
  }
  free(seen);
  return closes;
}

/* Raw HTML whose `<!--` finds no `-->`: kramdown's HTML parser reads it as text (the HTML
 * parser would hide the rest of the element in it); its `<` is written as `&lt;`. */
static const char *open_comment_text(cb_arena *a, const char *t, size_t *n) {
  const char *p = t, *e = t + *n, *o;
  while ((o = cb_find_str(p, (size_t)(e - p), "<!--")) != NULL) {
    const char *c = cb_find_str(o + 4, (size_t)(e - o - 4), "-->");
    if (c) {
      p = c + 3;
      continue;
    }
    cb_buf b = CB_BUF_INIT; /* this one and any after it (none is closed) */
    cb_buf_put(&b, t, (size_t)(o - t));
    for (const char *q = o; q < e; q++) {
      if (*q == '<' && e - q >= 4 && memcmp(q, "<!--", 4) == 0)
        cb_buf_puts(&b, "&lt;");
      else
        cb_buf_putc(&b, *q);
    }
    const char *r = cb_strndup(a, b.data, b.len);
    *n = b.len;
    cb_buf_free(&b);
    return r;
  }
  return t;
}

/* Pipes of a table row outside code spans and span HTML elements and not escaped; the cells
 * GFM counts (an empty cell before a leading pipe or after a trailing one not counted). */
static size_t row_pipes(const char *s, size_t n) {
  size_t pipes = 0, open = 0;   /* open: length of the backtick run that opened a code span */
  unsigned char *closes = NULL; /* (a run with no closing run opens no span: see below) */
  for (size_t k = 0; k < n;) {
    if (s[k] == '\\') { /* a pipe right after a backslash is text (kramdown looks no further) */
      k += 1 + (k + 1 < n && s[k + 1] == '|');
      continue;
    }
    if (s[k] == '`') {
      size_t r0 = k;
      while (k < n && s[k] == '`')
        k++;
      if (!open && !closes) closes = closing_runs(s, n);
      open = !open ? (closes[r0] ? k - r0 : 0) : open == k - r0 ? 0 : open;
      continue;
    }
    if (!open && s[k] == '<') { /* kramdown counts no pipe inside a span HTML element */
      size_t e = cb_kd_span_element_end(s + k, n - k);
      if (e) {
        k += e;
        continue;
      }
    }
    pipes += !open && s[k] == '|';
    k++;
  }
  free(closes);
  return pipes;
}

static size_t row_cells(const char *s, size_t n) {
  size_t cells = row_pipes(s, n) + 1;
  if (n && s[0] == '|') cells--;
  if (n > 1 && s[n - 1] == '|' && s[n - 2] != '\\') cells--;
  return cells;
}

/* A letter, digit, '-' or any byte of a non-ASCII character: what may not stand next to a
 * run of underscores kramdown reads as emphasis. */
static bool is_word_byte(char ch) {
  unsigned char u = (unsigned char)ch;
  return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') ||
         ch == '-' || ch == '_';
}

/* A list item's marker at the start of s (`-`, `*`, `+` or `N.`, then a space, a tab or the
 * line's end): the length of the marker, else 0. */
static size_t list_marker(const char *s, size_t n) {
  size_t q = 0;
  while (q < n && q < 9 && s[q] >= '0' && s[q] <= '9')
    q++;
  size_t after = q == 0 && n && (s[0] == '*' || s[0] == '+' || s[0] == '-') ? 1
                 : q > 0 && q < n && s[q] == '.'                            ? q + 1
                                                                            : 0;
  return after && (after == n || s[after] == ' ' || s[after] == '\t' || s[after] == '\r') ? after
                                                                                          : 0;
}

/* Does a stage-1 placeholder `<!--TAG:N-->` start at p (before stop)? */
static bool ph_at(const cb_mdctx *c, const char *p, const char *stop) {
  size_t tl = strlen(c->tag);
  if ((size_t)(stop - p) < 4 + tl + 1 + 1 + 3 || memcmp(p, "<!--", 4) != 0 ||
      memcmp(p + 4, c->tag, tl) != 0 || p[4 + tl] != ':')
    return false;
  const char *q = p + 4 + tl + 1;
  while (q < stop && *q >= '0' && *q <= '9')
    q++;
  return q > p + 4 + tl + 1 && stop - q >= 3 && memcmp(q, "-->", 3) == 0;
}

/* Does the `-->` at close end a stage-1 placeholder (s is where the text starts)? */
static bool ph_before(const cb_mdctx *c, const char *s, const char *close) {
  const char *q = close;
  while (q > s && q[-1] >= '0' && q[-1] <= '9')
    q--;
  size_t tl = strlen(c->tag);
  return q < close && (size_t)(q - s) >= 4 + tl + 1 && q[-1] == ':' &&
         memcmp(q - 1 - tl, c->tag, tl) == 0 && memcmp(q - 1 - tl - 4, "<!--", 4) == 0;
}

static bool contains(const char *s, size_t n, const char *pat) {
  return cb_find_str(s, n, pat) != NULL;
}

void cb_mdctx_init(cb_mdctx *c, cb_arena *a, const char *file, const cb_meta *page, cb_diag *d,
                   const char *body, size_t len) {
  memset(c, 0, sizeof *c);
  c->a = a;
  c->file = file;
  c->page = page;
  c->d = d;
  /* A tag the author cannot have written, so placeholders cannot be forged: one more than
   * any `<!--cbK` / `<cbK` number in the body (one pass). */
  long max = -1;
  for (size_t k = 0; k + 3 < len; k++) {
    if (body[k] != '<') continue;
    size_t q = k + 1;
    if (q + 3 <= len && memcmp(body + q, "!--", 3) == 0) q += 3;
    if (q + 2 > len || body[q] != 'c' || body[q + 1] != 'b') continue;
    q += 2;
    long num = 0;
    int digits = 0;
    while (q < len && body[q] >= '0' && body[q] <= '9' && digits < 9) {
      num = num * 10 + (body[q++] - '0');
      digits++;
    }
    if (num > max) max = num;
  }
  if (max < 0)
    strcpy(c->tag, "cb");
  else
    snprintf(c->tag, sizeof c->tag, "cb%d", (int)(max + 1));
}

void cb_mdctx_free(cb_mdctx *c) {
  free(c->abbrs);
  c->abbrs = NULL;
  free(c->hl_lines);
  c->hl_lines = NULL;
  free(c->ph);
  free(c->line_map);
  c->ph = NULL;
  c->line_map = NULL;
}

bool cb_mdctx_highlight_line(const cb_mdctx *c, size_t line) {
  size_t lo = 0, hi = c->n_hl;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->hl_lines[mid] < line)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < c->n_hl && c->hl_lines[lo] == line;
}

cb_ph *cb_ph_new(cb_mdctx *c, cb_ph_kind kind, int line, size_t *index) {
  if (c->n_ph == c->cap_ph) {
    c->cap_ph = c->cap_ph ? c->cap_ph * 2 : 64;
    c->ph = cb_xrealloc(c->ph, c->cap_ph * sizeof *c->ph);
  }
  cb_ph *p = &c->ph[c->n_ph];
  memset(p, 0, sizeof *p);
  p->kind = kind;
  p->line = line;
  *index = c->n_ph++;
  return p;
}

void cb_ph_emit(const cb_mdctx *c, cb_buf *out, size_t index) {
  cb_buf_printf(out, "<!--%s:%zu-->", c->tag, index);
}

/* Inline form: an HTML tag cmark keeps as inline HTML and that never starts an HTML block
 * when text follows it on the line. */
static void ph_emit_inline(const cb_mdctx *c, cb_buf *out, size_t index) {
  cb_buf_printf(out, "<%s-%zu/>", c->tag, index);
}

/* An inline placeholder that produces nothing: it makes a line text for cmark (a tag alone
 * on its line would be an HTML block; a line of only a container prefix would be blank). */
static void emit_empty_text(cb_mdctx *c, cb_buf *out, int line) {
  size_t ix;
  cb_ph *tp = cb_ph_new(c, CB_PH_TEXT, line, &ix);
  tp->text = tp->orig = "";
  ph_emit_inline(c, out, ix);
}

/* A text placeholder for src[0..len) of a line, written as text (typo_end: see cb_ph). */
static void emit_text_ph(cb_mdctx *c, cb_buf *out, int line, const char *src, size_t len,
                         const char *text, size_t text_len, bool typo_end) {
  size_t ix;
  cb_ph *ph = cb_ph_new(c, CB_PH_TEXT, line, &ix);
  ph->text = text;
  ph->text_len = text_len;
  ph->orig = src;
  ph->orig_len = len;
  ph->typo_end = typo_end;
  ph_emit_inline(c, out, ix);
}

/* The line (its container prefix l[0..pl) kept) becomes a block placeholder that produces
 * nothing: an ALD, an EOB marker, a delimiter row kramdown skips, ... */
static void emit_none_line(cb_mdctx *c, cb_buf *out, const char *l, size_t pl, int line) {
  size_t ix;
  cb_ph_new(c, CB_PH_NONE, line, &ix);
  cb_buf_put(out, l, pl);
  cb_ph_emit(c, out, ix);
}

/* The last line written since out[from] holds, after its container prefix (quote marks, list
 * markers, indentation), one inline placeholder and nothing else: cmark would read that tag
 * as an HTML block. */
static bool lone_inline_ph(const cb_mdctx *c, const cb_buf *out, size_t from) {
  const char *b = out->data ? out->data + from : "";
  size_t n = out->len - from, k = n;
  while (k > 0 && b[k - 1] != '\n')
    k--;
  for (;;) {
    while (k < n && (b[k] == ' ' || b[k] == '\t' || b[k] == '>'))
      k++;
    size_t d = k;
    while (d < n && b[d] >= '0' && b[d] <= '9')
      d++;
    bool marker = d < n && (d > k ? (b[d] == '.' || b[d] == ')') && d - k <= 9
                                  : (b[d] == '-' || b[d] == '+' || b[d] == '*'));
    if (!marker || d + 1 >= n || (b[d + 1] != ' ' && b[d + 1] != '\t')) break;
    k = d + 1;
  }
  size_t tl = strlen(c->tag);
  if (n - k < tl + 4 || b[k] != '<' || memcmp(b + k + 1, c->tag, tl) != 0 || b[k + 1 + tl] != '-')
    return false;
  k += tl + 2;
  size_t d0 = k;
  while (k < n && b[k] >= '0' && b[k] <= '9')
    k++;
  if (k == d0 || k + 2 > n || b[k] != '/' || b[k + 1] != '>') return false;
  for (k += 2; k < n; k++)
    if (b[k] != ' ' && b[k] != '\t' && b[k] != '\r') return false;
  return true;
}

static bool parse_index(const cb_mdctx *c, const char *s, size_t n, size_t *k, size_t *ix) {
  size_t v = 0, d0 = *k;
  while (*k < n && s[*k] >= '0' && s[*k] <= '9' && *k - d0 < 9)
    v = v * 10 + (size_t)(s[(*k)++] - '0');
  if (*k == d0 || v >= c->n_ph) return false;
  *ix = v;
  return true;
}

cb_ph *cb_ph_lookup(const cb_mdctx *c, const char *s, size_t n) {
  size_t tl = strlen(c->tag), k, ix;
  while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  /* HTML blocks keep indentation beyond their container's */
  while (n && (*s == ' ' || *s == '\t'))
    s++, n--;
  if (n > 4 + tl + 1 && memcmp(s, "<!--", 4) == 0 && memcmp(s + 4, c->tag, tl) == 0 &&
      s[4 + tl] == ':') {
    k = 5 + tl;
    if (!parse_index(c, s, n, &k, &ix)) return NULL;
    /* a block placeholder's further lines hold only their container's prefix and a dot */
    while (k < n && (s[k] == '\n' || s[k] == ' ' || s[k] == '\t' || s[k] == '>' || s[k] == '.'))
      k++;
    if (k + 3 == n && memcmp(s + k, "-->", 3) == 0) return &c->ph[ix];
    return NULL;
  }
  if (n > 1 + tl + 1 && s[0] == '<' && memcmp(s + 1, c->tag, tl) == 0 && s[1 + tl] == '-') {
    k = 2 + tl;
    if (!parse_index(c, s, n, &k, &ix)) return NULL;
    if (k + 2 == n && s[k] == '/' && s[k + 1] == '>') return &c->ph[ix];
  }
  return NULL;
}

int cb_mdctx_src_line(const cb_mdctx *c, int out_line) {
  if (out_line < 1 || !c->n_lines) return out_line;
  size_t k = (size_t)out_line - 1;
  if (k >= c->n_lines) k = c->n_lines - 1;
  return c->line_map[k];
}

/* ---- stage 2: kramdown preprocessing, line count preserved ---- */

typedef struct pre {
  cb_mdctx *c;
  cb_buf *out;
  bool part;         /* pre_inline is given part of a line (not a rule however it looks) */
  bool dash_text;    /* the line is hyphen runs continuing a paragraph (see dash_text_line) */
  cb_strmap ald_idx; /* ALD name -> index into alds */
  cb_strmap defs;    /* link definition label (normalised) -> 1 + offset in out of its label */
  cb_attrs *alds;
  size_t *ald_mark; /* per ALD: the last resolve_refs pass that met it */
  size_t n_alds, cap_alds, mark;
  size_t ext_fail[3]; /* no stop tag for comment, nomarkdown, options after this */
  size_t html_fail;   /* an HTML element from here on had no end tag: stop looking */
  size_t lb;          /* the list prefix of the current line (read_lists.c), written already */
} pre;

/* Runs of hyphens with white space between them, the first of two or more (`-----  ---`):
 * under a paragraph line kramdown reads them as its text (a setext underline has no space
 * inside, and a rule does not end its paragraph) where cmark sees a rule. */
static bool dash_text_line(const char *s, size_t n) {
  size_t k = 0;
  while (k < n && s[k] == ' ')
    k++;
  size_t first = k;
  while (k < n && s[k] == '-')
    k++;
  if (k - first < 2) return false;
  bool gap = false, inner = false;
  for (; k < n; k++) {
    if (s[k] == ' ' || s[k] == '\t' || s[k] == '\r')
      gap = true;
    else if (s[k] == '-')
      inner = inner || gap;
    else
      return false;
  }
  return inner;
}

static bool memspn_eq(const char *s, char ch, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (s[k] != ch) return false;
  return true;
}

static bool blank_line(const char *s, size_t n) {
  for (size_t k = 0; k < n; k++)
    if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r') return false;
  return true;
}

/* Columns of white space at the end of the prefix l[0..pl) (after its last `>`). */
static size_t prefix_indent(const char *l, size_t pl) {
  size_t k = pl, w = 0;
  while (k > 0 && l[k - 1] != '>')
    w += l[--k] == '\t' ? 4 : 1;
  return w;
}

/* Of the prefix l[0..pl), the part up to its last quote marker: a markdown="1" element's tags
 * are written there, whatever their indentation (which cmark would read as a list item's
 * text). */
static size_t quote_part(const char *l, size_t pl) {
  while (pl && l[pl - 1] != '>')
    pl--;
  return pl;
}

/* Length of the container prefix: spaces, tabs and blockquote markers. */
static size_t prefix_len(const char *s, size_t n) {
  size_t k = 0;
  while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '>'))
    k++;
  return k;
}

static size_t rtrim_len(const char *s, size_t n) {
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    n--;
  return n;
}

/* kramdown strips math content. */
static const char *trim_dup(cb_arena *a, const char *s, size_t n, size_t *out_n) {
  while (n && (*s == ' ' || *s == '\t' || *s == '\n'))
    s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
    n--;
  *out_n = n;
  return cb_strndup(a, s, n);
}

/* Text of a multi-line construct without the container prefix (up to pl columns of spaces
 * and `>`) on its continuation lines. */
static const char *unprefix(cb_arena *a, const char *s, size_t n, size_t pl) {
  char *r = cb_alloc(a, n + 1);
  size_t o = 0;
  for (size_t k = 0; k < n; k++) {
    r[o++] = s[k];
    if (s[k] == '\n')
      for (size_t q = 0; q < pl && k + 1 < n && (s[k + 1] == ' ' || s[k + 1] == '>'); q++)
        k++;
  }
  r[o] = 0;
  return r;
}

/* Where a backslash keeps a table row r from starting another block in cmark (a quote, a list
 * item, a heading, a fence, an HTML block that may interrupt): its offset, or rl for none. */
static size_t row_escape_at(const char *r, size_t rl) {
  if (!rl) return rl;
  char ch = r[0];
  bool gap = rl > 1 && (r[1] == ' ' || r[1] == '\t');
  if (ch == '>' || ((ch == '-' || ch == '*' || ch == '+') && gap)) return 0;
  if (ch == '#') {
    size_t h = 0;
    while (h < rl && r[h] == '#')
      h++;
    if (h <= 6 && (h == rl || r[h] == ' ' || r[h] == '\t')) return 0;
  }
  if ((ch == '`' || ch == '~') && rl >= 3 && r[1] == ch && r[2] == ch) return 0;
  if (ch == '<' && rl >= 2 &&
      (r[1] == '!' || r[1] == '?' || cb_md_block_tag(r, rl, NULL) ||
       (r[1] == '/' && cb_md_block_tag(r + 1, rl - 1, NULL))))
    return 0;
  size_t d = 0;
  while (d < rl && d < 9 && isdigit((unsigned char)r[d]))
    d++;
  return d && d + 1 < rl && (r[d] == '.' || r[d] == ')') && (r[d + 1] == ' ' || r[d + 1] == '\t')
             ? d
             : rl;
}

/* The offset in a table row's container prefix l[0..pl) of a `>` beyond the table's own qd
 * quote markers (the row would start a quote), or pl for none. */
static size_t row_quote_at(const char *l, size_t pl, size_t qd) {
  for (size_t q = 0, seen = 0; q < pl; q++)
    if (l[q] == '>' && ++seen > qd) return q;
  return pl;
}

/* A line [l, e) that cmark reads as paragraph text but kramdown as a block of its own, after
 * its quote markers and indentation: a link or footnote definition (`[x]: …`, `[^x]: …`) or a
 * setext heading's underline. */
static bool kd_block_line(const char *l, const char *e) {
  if (!l) return false;
  const char *r = l + prefix_len(l, (size_t)(e - l));
  size_t rl = rtrim_len(r, (size_t)(e - r));
  if (!rl) return false;
  if (r[0] == '[') return contains(r, rl, "]:");
  size_t k = 0;
  while (k < rl && r[k] == r[0])
    k++;
  return (r[0] == '-' || r[0] == '=') && k == rl;
}

static int out_line_src(const pre *P, int out_line0) {
  return cb_mdctx_src_line(P->c, out_line0 + 1);
}

/* Each line break in [from, to) of the source: a line break and an empty text line of the
 * paragraph, for an element kramdown's paragraph goes on over (hidden: a script, a comment);
 * each line keeps its container prefix (out of its list item a line would start a block). */
static void empty_text_lines(const pre *P, cb_buf *out, const char *from, const char *to,
                             const char *end, int *line0) {
  for (const char *q = memchr(from, '\n', (size_t)(to - from)); q;
       q = memchr(q + 1, '\n', (size_t)(to - q - 1))) {
    cb_buf_putc(out, '\n');
    ++*line0;
    const char *qe = memchr(q + 1, '\n', (size_t)(end - q - 1));
    cb_buf_put(out, q + 1, prefix_len(q + 1, qe ? (size_t)(qe - q - 1) : (size_t)(end - q - 1)));
    emit_empty_text(P->c, out, out_line_src(P, *line0));
  }
}

static bool is_wch(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_';
}

/* `{::name ...}` / `{::name .../}`: returns the name length (name at s+3), 0 if not one. */
static size_t ext_start(const char *s, size_t n, bool *self_closing, size_t *end) {
  if (n < 4 || memcmp(s, "{::", 3) != 0) return 0;
  size_t k = 3;
  while (k < n && is_wch(s[k]))
    k++;
  size_t nl = k - 3;
  if (!nl) return 0;
  size_t e = k;
  while (e < n && s[e] != '}' && s[e] != '\n')
    e++;
  if (e >= n || s[e] != '}') return 0;
  *self_closing = e > k && s[e - 1] == '/';
  *end = e + 1;
  return nl;
}

/* Find the stop tag `{:/name}` or `{:/}` from s[k]; returns its position or n. */
static size_t ext_stop(const char *s, size_t n, size_t k, const char *name, size_t nl,
                       size_t *stop_end) {
  for (; k + 3 < n; k++) {
    if (s[k] != '{' || s[k + 1] != ':' || s[k + 2] != '/') continue;
    size_t j = k + 3;
    if (s[j] == '}') {
      *stop_end = j + 1;
      return k;
    }
    if (j + nl < n && memcmp(s + j, name, nl) == 0 && s[j + nl] == '}') {
      *stop_end = j + nl + 1;
      return k;
    }
  }
  return n;
}

/* Multi-line block placeholder keeping the line breaks of the replaced text; every line
 * repeats the first line's container prefix (indentation, `>`) so that the comment stays
 * inside its list item or blockquote. */
static void emit_block_ml(pre *P, size_t ix, const char *orig, size_t n, const char *prefix,
                          size_t pl) {
  cb_buf_printf(P->out, "<!--%s:%zu", P->c->tag, ix);
  for (size_t k = 0; k < n; k++)
    if (orig[k] == '\n') { /* continuation lines keep the line's container prefix, and a dot:
                            * a blank line would end a raw HTML block it may land in */
      cb_buf_putc(P->out, '\n');
      /* (an item's marker becomes spaces: the later lines are the item's text) */
      for (const char *q = prefix - P->lb; q < prefix; q++)
        cb_buf_putc(P->out, *q == '>' || *q == '\t' ? *q : ' ');
      cb_buf_put(P->out, prefix, pl);
      cb_buf_putc(P->out, '.');
    }
  cb_buf_puts(P->out, "-->");
}

/* Raw HTML text whose first line is line index `first`: a {% highlight %} block in it (the ~~~
 * fence the Liquid pass wrote, cb_mdctx_highlight_line) is Jekyll's code block there, so it
 * becomes <pre><code>; the rest is kept as it is. */
static const char *raw_highlights(const cb_mdctx *c, size_t first, const char *t, size_t n,
                                  size_t *out_n) {
  *out_n = n;
  if (!c->n_hl) return t;
  cb_buf b = CB_BUF_INIT;
  bool any = false;
  size_t k = 0, ln = first;
  while (k < n) {
    const char *e = memchr(t + k, '\n', n - k);
    size_t le = e ? (size_t)(e - t) : n, a = k;
    while (a < le && (t[a] == ' ' || t[a] == '\t'))
      a++;
    size_t tl = 0;
    while (a + tl < le && t[a + tl] == '~')
      tl++;
    size_t close = 0, close_end = 0, lines = 0;
    if (tl >= 3 && cb_mdctx_highlight_line(c, ln)) {
      for (size_t q = le + 1; q < n;) { /* the closing fence: as many tildes, alone */
        const char *e2 = memchr(t + q, '\n', n - q);
        size_t l2 = e2 ? (size_t)(e2 - t) : n, q0 = q;
        lines++;
        while (q0 < l2 && (t[q0] == ' ' || t[q0] == '\t'))
          q0++;
        size_t r = l2;
        while (r > q0 && (t[r - 1] == ' ' || t[r - 1] == '\t' || t[r - 1] == '\r'))
          r--;
        if (r - q0 == tl && memspn_eq(t + q0, '~', tl)) {
          close = q;
          close_end = l2;
          break;
        }
        q = l2 + 1;
      }
    }
    if (!close) {
      cb_buf_put(&b, t + k, le - k);
      if (e) cb_buf_putc(&b, '\n');
      k = le + 1;
      ln++;
      continue;
    }
    any = true;
    size_t l0 = a + tl, l1 = le;
    while (l0 < l1 && (t[l0] == ' ' || t[l0] == '\t'))
      l0++;
    while (l1 > l0 && (t[l1 - 1] == ' ' || t[l1 - 1] == '\t' || t[l1 - 1] == '\r'))
      l1--;
    cb_buf_puts(&b, "<pre><code");
    if (l1 > l0) {
      cb_buf_puts(&b, " class=\"language-");
      cb_buf_put(&b, t + l0, l1 - l0);
      cb_buf_putc(&b, '"');
    }
    cb_buf_putc(&b, '>');
    if (close > le + 1) /* the code, without its last line break */
      cb_md_html_escape(&b, t + le + 1, close - le - 2);
    cb_buf_puts(&b, "</code></pre>");
    if (close_end < n) cb_buf_putc(&b, '\n');
    ln += lines + 1;
    k = close_end + 1;
  }
  if (!any) {
    cb_buf_free(&b);
    return t;
  }
  const char *r = cb_strndup(c->a, b.data, b.len);
  *out_n = b.len;
  cb_buf_free(&b);
  return r;
}

/* A raw HTML block placeholder for r[0..n) (line index line0 on), its text as kramdown
 * writes it (in a list item without the item's indentation pl, as kramdown reads the item;
 * with its line break, as cmark). */
static cb_ph *raw_html_ph(pre *P, int line, size_t line0, const char *r, size_t n, size_t pl,
                          size_t *ix) {
  cb_mdctx *c = P->c;
  cb_ph *ph = cb_ph_new(c, CB_PH_RAW_HTML, line, ix);
  ph->orig = r; /* given back as written where it lands in raw HTML or code */
  ph->orig_len = n;
  ph->text = cb_sprintf(c->a, "%s\n", unprefix(c->a, r, n, pl));
  ph->text_len = strlen(ph->text);
  ph->text = raw_highlights(c, line0, ph->text, ph->text_len, &ph->text_len);
  ph->text = cb_kd_raw_html(c->a, ph->text, ph->text_len, &ph->text_len);
  ph->text = cb_raw_html_spans(c->a, ph->text, ph->text_len, &ph->text_len);
  return ph;
}

static void ald_define(pre *P, const char *name, size_t nl, const char *body, size_t bl) {
  bool ins;
  long *ix = cb_strmap_get(&P->ald_idx, name, nl, (long)P->n_alds, &ins);
  if (ins) {
    if (P->n_alds == P->cap_alds) {
      P->cap_alds = P->cap_alds ? P->cap_alds * 2 : 8;
      P->alds = cb_xrealloc(P->alds, P->cap_alds * sizeof *P->alds);
      P->ald_mark = cb_xrealloc(P->ald_mark, P->cap_alds * sizeof *P->ald_mark);
    }
    memset(&P->alds[P->n_alds], 0, sizeof *P->alds);
    P->ald_mark[P->n_alds] = 0;
    P->n_alds++;
  }
  cb_ial_parse(P->c->a, body, bl, &P->alds[*ix], NULL);
}

/* Resolve ALD references into the attributes (the IAL's own attributes win).  kramdown merges
 * at every reference; a repeated one adds no class and only re-sets its own keys.  So each ALD
 * is merged once, at its first use, and when some repeat, the keys are set again in the order
 * of each ALD's last use: the same attributes, without `{: r r r …}` costing refs x ALD size. */
static void resolve_refs(pre *P, cb_ph *ph) {
  if (!ph->refs || !P->n_alds) return;
  cb_attrs merged = {0};
  size_t n = 0, cap = 0, *used = NULL; /* ALD indexes in reference order */
  size_t first = ++P->mark;
  bool repeated = false;
  for (cb_strlist *r = ph->refs; r; r = r->next) {
    bool ins;
    long *ix = cb_strmap_get(&P->ald_idx, r->s, strlen(r->s), -1, &ins);
    if (ins || *ix < 0) continue;
    size_t k = (size_t)*ix;
    if (n == cap) used = cb_xrealloc(used, (cap = cap ? cap * 2 : 8) * sizeof *used);
    used[n++] = k;
    if (P->ald_mark[k] == first) {
      repeated = true;
      continue;
    }
    P->ald_mark[k] = first;
    cb_attrs_merge(P->c->a, &merged, &P->alds[k]);
  }
  if (repeated) {
    /* Walk backwards to find each ALD's last use, then set keys forwards in that order. */
    size_t last = ++P->mark, m = 0;
    size_t *order = cb_xmalloc(n * sizeof *order); /* distinct, latest last use first */
    for (size_t i = n; i-- > 0;)
      if (P->ald_mark[used[i]] != last) {
        P->ald_mark[used[i]] = last;
        order[m++] = used[i];
      }
    for (size_t i = m; i-- > 0;)
      for (const cb_kv *kv = P->alds[order[i]].kvs; kv; kv = kv->next)
        cb_attrs_set(P->c->a, &merged, kv->key, kv->value);
    free(order);
  }
  free(used);
  cb_attrs_merge(P->c->a, &merged, &ph->attrs);
  ph->attrs = merged;
}

/* The text up to s[k] written, then a backslash: the character at k is text for cmark. */
static void escape_at(pre *P, const char *s, size_t *lit, size_t k) {
  cb_buf_put(P->out, s + *lit, k - *lit);
  cb_buf_putc(P->out, '\\');
  *lit = k;
}

/* s (after a `&`) is `name;` with a name kramdown's entity pattern takes but does not know. */
static bool unknown_entity(const char *s, size_t n) {
  if (!n || !(isalnum((unsigned char)s[0]) || s[0] == '_' || s[0] == ':')) return false;
  size_t k = 1;
  while (k < n && k < 40 &&
         (isalnum((unsigned char)s[k]) || s[k] == '_' || s[k] == ':' || s[k] == '.' || s[k] == '-'))
    k++;
  return k < n && s[k] == ';' && !cb_kd_entity_known(s, k);
}

/* A span element whose text kramdown keeps raw (`<code>`, `<kbd>`, `<samp>`, `<var>`, `<option>`:
 * its span parser reads only HTML tags inside them) starting at s[k] and closed on the same line:
 * where its end tag starts, else 0.  fail[]: per name (by its first letter, which differs),
 * the search for its end tag failed from there; a later one fails too (one scan per name and
 * line). */
static size_t raw_span_end(const char *s, size_t n, size_t k, size_t fail[5]) {
  size_t nl = 0;
  while (k + 1 + nl < n && isalpha((unsigned char)s[k + 1 + nl]))
    nl++;
  if (!nl || k + 1 + nl >= n || !cb_md_span_tag(s + k, n - k) ||
      cb_kd_content_model(s + k + 1, nl) != 'r')
    return 0;
  const char *fi = strchr("cksvo", s[k + 1] | 0x20); /* code kbd samp var option */
  if (!fi) return 0;
  size_t *f = &fail[fi - "cksvo"];
  if (k >= *f) return 0;
  size_t t = cb_kd_start_tag(s + k, n - k);
  if (!t || t == CB_KD_TAG_UNDECIDED || s[k + t - 2] == '/') return 0;
  for (size_t q = k + t; q + nl + 2 < n; q++)
    if (s[q] == '<' && s[q + 1] == '/' && strncasecmp(s + q + 2, s + k + 1, nl) == 0 &&
        (s[q + 2 + nl] == '>' || s[q + 2 + nl] == ' '))
      return q;
  *f = k;
  return 0;
}

/* kramdown parses a span element's text on its own (its span parser stops at the end tag): a
 * run of `*` that is the only one in there is text for it, which cmark could pair with a run
 * outside the element (a C comment's opening and closing marks, each in a `<b>`).
 * closed on this line: where that run starts, else 0.  Code spans, escapes, tags and `$$` math
 * in its text are passed over. */
static size_t lone_star(const char *s, size_t n, size_t k) {
  size_t t = cb_kd_start_tag(s + k, n - k), nl = 0;
  if (!t || t == CB_KD_TAG_UNDECIDED || s[k + t - 2] == '/') return 0;
  while (k + 1 + nl < n && isalnum((unsigned char)s[k + 1 + nl]))
    nl++;
  if (cb_kd_no_body(s + k + 1, nl) || cb_kd_content_model(s + k + 1, nl) == 'r') return 0;
  /* (looked for within a bounded stretch: an element never closed on a long line of them
   * would make the line's scans quadratic; a longer element keeps cmark's reading) */
  size_t at = 0, runs = 0, lim = n - k - t > 512 ? k + t + 512 : n;
  for (size_t q = k + t; q < lim; q++) {
    char ch = s[q];
    if (ch == '\\') {
      q++;
    } else if (ch == '<' && q + 1 < n && s[q + 1] == '/' && q + 2 + nl <= n &&
               strncasecmp(s + q + 2, s + k + 1, nl) == 0) {
      return runs == 1 ? at : 0; /* its end tag (kramdown: the first of its name) */
    } else if (ch == '<' && q + 1 < n &&
               (isalpha((unsigned char)s[q + 1]) || s[q + 1] == '/' || s[q + 1] == '!')) {
      const char *gt = memchr(s + q, '>', lim - q);
      if (!gt) return 0;
      q = (size_t)(gt - s);
    } else if (ch == '`' || (ch == '$' && q + 1 < n && s[q + 1] == '$')) {
      size_t r = 1;
      while (q + r < lim && s[q + r] == ch)
        r++;
      size_t c2 = q + r;
      while (c2 < lim && !(s[c2] == ch && (c2 + r > n || memspn_eq(s + c2, ch, r))))
        c2++;
      if (c2 >= lim) return 0;
      q = c2 + r - 1;
    } else if (ch == '*') {
      if (!runs++) at = q;
      while (q + 1 < lim && s[q + 1] == '*')
        q++;
    }
  }
  return 0;
}

/* Inline constructs of one line: span IALs, inline math, span extensions.  Code spans and
 * backslash escapes are skipped.  Replacements keep the line a single line. */
static void pre_inline(pre *P, const char *s, size_t n, int line, bool table_row) {
  cb_mdctx *c = P->c;
  size_t k = 0, lit = 0;
  size_t body = prefix_len(s, n); /* `>>` before this is blockquote nesting */
  /* Linear-time guards: a forward search that failed on this line fails again later. */
  bool no_paren = false, no_dollar = false, no_ext = false;
  size_t raw_fail[5] = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
  size_t lone = 0;           /* a lone `*` run in a span element ahead (lone_star) */
  bool in_tag = false;       /* between an HTML tag's `<name` and its `>` */
  bool in_dest = false;      /* between a link's `](` and the end of its URL */
  size_t marks = (size_t)-1; /* `_` outside code spans on the line, once counted */
  /* a line of hyphens (and spaces) is a rule or an underline, not text with dashes */
  bool only_dashes = !P->part && !P->dash_text;
  for (size_t q = body; q < n && only_dashes; q++)
    only_dashes = s[q] == '-' || s[q] == ' ' || s[q] == '\t' || s[q] == '\r';
  size_t last_brace = 0;
  for (size_t q = n; q > 0; q--)
    if (s[q - 1] == '}') {
      last_brace = q;
      break;
    }
  while (k < n) {
    char ch = s[k];
    if (lone && k == lone) { /* written escaped: text, as kramdown reads it */
      lone = 0;
      while (k < n && s[k] == '*')
        escape_at(P, s, &lit, k++);
      continue;
    }
    if (lone && k > lone) lone = 0; /* (passed over by a construct: left alone) */
    if (ch == '<' && !lone && !in_tag && k >= body && k + 2 < n && isalpha((unsigned char)s[k + 1]))
      lone = lone_star(s, n, k);
    if (k >= body && (ch == '<' || ch == '>' || ch == ' ') && k + 1 < n) {
      /* kramdown's guillemets: `<< ` `<<` and ` >>` `>>` (a space becomes a no-break one) */
      const char *rep = NULL;
      size_t len = 0;
      if (ch == '<' && s[k + 1] == '<')
        rep = (k + 2 < n && s[k + 2] == ' ') ? "\u00ab\u00a0" : "\u00ab",
        len = (k + 2 < n && s[k + 2] == ' ') ? 3 : 2;
      else if (ch == ' ' && k + 2 < n && s[k + 1] == '>' && s[k + 2] == '>')
        rep = "\u00a0\u00bb", len = 3;
      else if (ch == '>' && s[k + 1] == '>')
        rep = "\u00bb", len = 2;
      if (rep) {
        cb_buf_put(P->out, s + lit, k - lit);
        emit_text_ph(c, P->out, line, s + k, len, rep, strlen(rep), true);
        k = lit = k + len;
        continue;
      }
    }
    if ((unsigned char)ch == 0xE2 && k + 2 < n && (unsigned char)s[k + 1] == 0x80 &&
        ((unsigned char)s[k + 2] >= 0x98 && (unsigned char)s[k + 2] <= 0x9D &&
         (unsigned char)s[k + 2] != 0x9A && (unsigned char)s[k + 2] != 0x9B)) {
      /* a typographic quote the author typed: kramdown keeps it as it is, so it must not meet
       * the converter's smart-quote correction (see add_cmark_text) */
      cb_buf_put(P->out, s + lit, k - lit);
      size_t ix;
      cb_ph *ph = cb_ph_new(c, CB_PH_TEXT, line, &ix);
      ph->text = cb_strndup(c->a, s + k, 3);
      ph->text_len = 3;
      ph->orig = s + k;
      ph->orig_len = 3;
      ph_emit_inline(c, P->out, ix);
      k = lit = k + 3;
      continue;
    }
    if (ch == '&' && !in_tag && !in_dest && k + 2 < n && unknown_entity(s + k + 1, n - k - 1)) {
      /* `&dash;`: HTML5 has it, kramdown does not (the site shows the text) */
      escape_at(P, s, &lit, k++);
      continue;
    }
    if (ch == '<' && k + 4 < n && memcmp(s + k, "<!--", 4) == 0) {
      /* a comment within the line: kramdown hides any (cmark refuses `<!--- x --->`); a
       * stage-1 placeholder looks like one and is not */
      const char *e = ph_at(c, s + k, s + n) ? NULL : cb_find_str(s + k + 4, n - k - 4, "-->");
      if (e) {
        cb_buf_put(P->out, s + lit, k - lit);
        emit_empty_text(c, P->out, line);
        lit = k = (size_t)(e - s) + 3;
        continue;
      }
    }
    if (ch == '<' && !in_tag && k >= body) {
      size_t raw = raw_span_end(s, n, k, raw_fail);
      if (raw) {
        /* `<code>`, `<kbd>`, `<samp>`, `<var>`: kramdown keeps their text as it is (no
         * smart quotes, dashes, emphasis or escapes); written escaped so cmark does too */
        size_t t = k + cb_kd_start_tag(s + k, n - k);
        cb_buf_put(P->out, s + lit, t - lit);
        for (size_t q = t; q < raw; q++) {
          if (s[q] == '<' && q + 1 < n && (isalpha((unsigned char)s[q + 1]) || s[q + 1] == '/')) {
            const char *gt = memchr(s + q, '>', raw - q); /* a tag inside: markup still */
            size_t e = gt ? (size_t)(gt - s) + 1 : q + 1;
            cb_buf_put(P->out, s + q, e - q);
            q = e - 1;
            continue;
          }
          if (s[q] == '&') { /* a reference stays one: the browser reads it there */
            size_t e = q + 1 + (q + 1 < raw && s[q + 1] == '#');
            while (e < raw && isalnum((unsigned char)s[e]))
              e++;
            if (e < raw && s[e] == ';' && e > q + 1) {
              cb_buf_put(P->out, s + q, e + 1 - q);
              q = e;
              continue;
            }
          }
          if (ispunct((unsigned char)s[q]) && s[q] != '&' && s[q] != '|') cb_buf_putc(P->out, '\\');
          cb_buf_putc(P->out, s[q]);
        }
        lit = k = raw;
        continue;
      }
    }
    if (ch == '<' && in_dest && k > 0 && s[k - 1] == '(') {
      /* `](<a b.png>)`: a destination in angle brackets, spaces and all, taken as it is */
      size_t e = k + 1;
      while (e < n && s[e] != '>' && s[e] != '\n' && s[e] != '<')
        e++;
      if (e < n && s[e] == '>') {
        k = e + 1;
        continue;
      }
    }
    if (ch == '<' && !in_tag) {
      bool mail;
      size_t al = cb_kd_autolink(s + k, n - k, &mail);
      if (al) { /* written as a link: kramdown's autolink may hold what cmark's may not */
        cb_buf_put(P->out, s + lit, k - lit);
        const char *u = s + k + 1;
        size_t ul = al - 2, t0 = !mail && ul > 7 && memcmp(u, "mailto:", 7) == 0 ? 7 : 0;
        /* `[<url>](url)`: kramdown nests the autolink in the link, and a browser shows one
         * link (HTML allows no link in a link): its text is the outer link's */
        bool nested =
            k > 0 && s[k - 1] == '[' && k + al + 1 < n && s[k + al] == ']' && s[k + al + 1] == '(';
        if (!nested) cb_buf_putc(P->out, '[');
        for (size_t q = t0; q < ul; q++) { /* the text as it is: punctuation escaped */
          if (ispunct((unsigned char)u[q])) cb_buf_putc(P->out, '\\');
          cb_buf_putc(P->out, u[q]);
        }
        if (nested) {
          lit = k = k + al;
          continue;
        }
        cb_buf_puts(P->out, mail ? "](<mailto:" : "](<");
        for (size_t q = 0; q < ul; q++) {
          if (u[q] == '<' || u[q] == '>' || u[q] == '\\') cb_buf_putc(P->out, '\\');
          cb_buf_putc(P->out, u[q]);
        }
        cb_buf_puts(P->out, ">)");
        lit = k = k + al;
        continue;
      }
      if (cb_cmark_autolink(s + k, n - k)) { /* `<ssh://h>`: no autolink for kramdown */
        escape_at(P, s, &lit, k++);
        continue;
      }
    }
    if (ch == '<' && k >= body && cb_kd_not_a_tag(s + k, n - k)) {
      /* a tag for cmark-gfm but not for kramdown (read_kd_tags.c): text */
      escape_at(P, s, &lit, k++);
      continue;
    }
    if (ch == '<' && k >= body && !in_tag && !in_dest) {
      size_t tl = cb_kd_only_tag(s + k, n - k);
      if (tl) { /* `<CUDA_PATH>`: an element for kramdown, dropped as the browser shows it */
        cb_warn(c->d, (cb_pos){c->file, line, 0},
                "'%.*s' is an HTML tag for kramdown, of no element HTML knows: dropped, as "
                "the site shows it",
                (int)tl, s + k);
        cb_buf_put(P->out, s + lit, k - lit);
        emit_empty_text(c, P->out, line);
        lit = k = k + tl;
        continue;
      }
    }
    /* an HTML tag's attributes are not Markdown: no escapes there (the tag ends at '>') */
    if (ch == '<' && k + 1 < n &&
        (((s[k + 1] | 0x20) >= 'a' && (s[k + 1] | 0x20) <= 'z') || s[k + 1] == '/'))
      in_tag = true;
    else if (ch == '>')
      in_tag = false;
    if (ch == ']' && k + 1 < n && s[k + 1] == '(')
      in_dest = true; /* a link destination: a URL, not text */
    else if (ch == ')' || ch == ' ')
      in_dest = false;
    if (ch == '_' && !in_tag && !in_dest &&
        (k == 0 || !is_word_byte(s[k - 1]) || (k >= 2 && s[k - 2] == '\\'))) {
      /* a blank to fill in (`name: ______`, alone on its line): kramdown's emphasis parser reads a
       * run of underscores as strong `__` pairs, then `_` `__` `_`, left over underscores as text
       * (6q + r: q strong, r = 4 an em, else r underscores); written so cmark reads the same,
       * an empty placeholder between the pieces so their asterisks do not merge */
      size_t e = k;
      while (e < n && s[e] == '_')
        e++;
      size_t run = e - k;
      /* with other underscores on the line kramdown pairs across them: counted once */
      if (run >= 4 && marks == (size_t)-1) {
        marks = 0;
        for (size_t q = 0, open = 0; q < n; q++) {
          if (s[q] == '\\' && !open) { /* nor escaped ones (`\_`): text for both parsers */
            q++;
            continue;
          }
          if (s[q] == '`') { /* code spans do not count */
            size_t r0 = q;
            while (q + 1 < n && s[q + 1] == '`')
              q++;
            open = !open ? q - r0 + 1 : open == q - r0 + 1 ? 0 : open;
            continue;
          }
          marks += !open && s[q] == '_';
        }
      }
      bool alone = run >= 4 && marks == run;
      if (run >= 4 && alone && (e == n || !is_word_byte(s[e]))) {
        cb_buf_put(P->out, s + lit, k - lit);
        for (size_t q = run / 6, first = 1; q || run % 6 == 4; first = 0) {
          if (!first) emit_empty_text(c, P->out, line);
          if (q) {
            cb_buf_puts(P->out, "**\\_\\_**");
            q--;
          } else {
            cb_buf_puts(P->out, "*\\_\\_*");
            break;
          }
        }
        for (size_t r = run % 6 == 4 ? 0 : run % 6; r; r--)
          cb_buf_puts(P->out, "\\_");
        k = lit = e;
        continue;
      }
      k = e;
      continue;
    }
    if (ch == '-' && k >= body && !in_tag && !in_dest && !only_dashes && !table_row) {
      /* a run of four or more hyphens: kramdown takes `---` then `--` from the left (`----`
       * is em dash + hyphen), cmark balances the run (`––`): written as kramdown does */
      size_t e = k;
      while (e < n && s[e] == '-')
        e++;
      /* (two or three before a quote too: the dash is then kramdown's, and the quote has no
       * character before it in kramdown's scan, see add_cmark_text) */
      if (e - k >= 4 ||
          (e - k >= 2 && (P->dash_text || (e < n && (s[e] == '"' || s[e] == '\''))))) {
        cb_buf_put(P->out, s + lit, k - lit);
        cb_buf b = CB_BUF_INIT;
        size_t run = e - k;
        for (; run >= 3; run -= 3)
          cb_buf_puts(&b, "\u2014");
        cb_buf_puts(&b, run == 2 ? "\u2013" : run == 1 ? "-" : "");
        /* (a hyphen left over is text) */
        emit_text_ph(c, P->out, line, s + k, e - k, cb_strndup(c->a, b.data, b.len), b.len,
                     (e - k) % 3 != 1);
        cb_buf_free(&b);
        k = lit = e;
        continue;
      }
      k = e;
      continue;
    }
    if (ch == '.' && k >= body && !in_tag && !in_dest && k + 3 < n && s[k + 1] == '.' &&
        s[k + 2] == '.' && (s[k + 3] == '"' || s[k + 3] == '\'') &&
        (k == 0 || (s[k - 1] != '.' && s[k - 1] != '\\'))) {
      /* `...` before a quote: kramdown's ellipsis, after which its quote scan has no character
       * (`..."word"` opens there; cmark's closes after the ellipsis) */
      cb_buf_put(P->out, s + lit, k - lit);
      emit_text_ph(c, P->out, line, s + k, 3, "\u2026", 3, true);
      k = lit = k + 3;
      continue;
    }
    if (ch == '\\' && k + 1 < n) {
      /* kramdown escapes fewer characters than CommonMark: before % & , / ; ? @ ^ the
       * backslash stays (doubled here, cmark prints one) */
      if ((memchr("%&,/;?@^", s[k + 1], 8) && !in_tag) || in_dest) {
        /* (in a link's URL kramdown takes no escape at all: `\(` stays) */
        escape_at(P, s, &lit, k);
      }
      k += 2;
      continue;
    }
    if (ch == '`' && k >= body && (k == body || s[k - 1] == ' ' || s[k - 1] == '\t') &&
        (k + 1 == n || s[k + 1] == ' ' || s[k + 1] == '\t') && (k == 0 || s[k - 1] != '`')) {
      /* kramdown: a lone backtick with white space on both sides opens no code span */
      escape_at(P, s, &lit, k++);
      continue;
    }
    if (ch == '`') {
      size_t r = k;
      while (r < n && s[r] == '`')
        r++;
      size_t run = r - k, j = r;
      /* kramdown ends the span at the first `run` backticks, also the start of a longer run
       * (`\`` is code `\` and a backtick); cmark only at a run of that length: there the
       * span is written again with a fence cmark ends where kramdown does */
      size_t kj = r, kje = r;
      while (kj < n) {
        if (s[kj] != '`') {
          kj++;
          continue;
        }
        kje = kj;
        while (kje < n && s[kje] == '`')
          kje++;
        if (kje - kj >= run) break;
        kj = kje;
      }
      if (kj < n && kje - kj > run) {
        size_t c0 = r, c1 = kj, longest = 0;
        if (run >= 2 && c1 > c0 && s[c0] == ' ') c0++; /* kramdown's own trimming */
        if (run >= 2 && c1 > c0 && s[c1 - 1] == ' ') c1--;
        for (size_t q = c0, cur = 0; q < c1; q++) {
          cur = s[q] == '`' ? cur + 1 : 0;
          if (cur > longest) longest = cur;
        }
        if (c1 > c0) {
          cb_buf_put(P->out, s + lit, k - lit);
          for (size_t q = 0; q <= longest; q++)
            cb_buf_putc(P->out, '`');
          cb_buf_putc(P->out, ' '); /* (cmark takes one space off each end) */
          for (size_t q = c0; q < c1; q++) {
            if (table_row && s[q] == '|') cb_buf_putc(P->out, '\\');
            cb_buf_putc(P->out, s[q]);
          }
          cb_buf_putc(P->out, ' ');
          for (size_t q = 0; q <= longest; q++)
            cb_buf_putc(P->out, '`');
          if (kje > kj + run) emit_empty_text(c, P->out, line); /* (the rest of the run apart) */
          lit = k = kj + run;
          continue;
        }
      }
      bool closed = false;
      while (j < n) {
        if (s[j] != '`') {
          j++;
          continue;
        }
        size_t e = j;
        while (e < n && s[e] == '`')
          e++;
        if (e - j == run) {
          closed = true;
          j = e;
          break;
        }
        j = e;
      }
      if (closed && table_row && memchr(s + r, '|', j - r)) {
        /* kramdown: `|` inside a code span does not split a cell; cmark-gfm needs `\|` */
        cb_buf_put(P->out, s + lit, k - lit);
        for (size_t q = k; q < j; q++) {
          if (s[q] == '\\' && q + 1 < j && s[q + 1] == '|') {
            /* the author's `\|` stays `\|` in kramdown's code span; cmark-gfm would
             * unescape it: a placeholder restored as the two characters inside code */
            size_t ix;
            cb_ph *ph = cb_ph_new(P->c, CB_PH_TEXT, line, &ix);
            ph->text = "|";
            ph->text_len = 1;
            ph->orig = s + q;
            ph->orig_len = 2;
            ph_emit_inline(P->c, P->out, ix);
            q++;
            continue;
          }
          if (s[q] == '|') cb_buf_putc(P->out, '\\');
          cb_buf_putc(P->out, s[q]);
        }
        lit = j;
      } else if (closed && run >= 2 && j - run > r) {
        /* kramdown takes one space off each end of a ``code`` span on its own; cmark only
         * when both ends have one: a lone one is dropped here */
        size_t c0 = r, c1 = j - run;
        bool lead = s[c0] == ' ', trail = s[c1 - 1] == ' ';
        if (lead != trail && c1 - c0 > 1) {
          cb_buf_put(P->out, s + lit, r - lit);
          cb_buf_put(P->out, s + c0 + lead, c1 - c0 - 1);
          lit = c1;
        }
      }
      k = closed ? j : r;
      continue;
    }
    if (ch == ']' && !no_paren && k + 2 < n && s[k + 1] == '(' && s[k + 2] != '<') {
      /* kramdown allows spaces in a link destination; CommonMark needs <...> for that */
      size_t j = k + 2, depth = 0;
      bool space = false;
      while (j < n && !(s[j] == ')' && depth == 0)) {
        if (s[j] == '(') depth++;
        if (s[j] == ')') depth--;
        if (s[j] == ' ') space = true;
        j++;
      }
      no_paren = j >= n;
      if (j < n && space) {
        size_t d0 = k + 2, d1 = j;
        while (d0 < d1 && s[d0] == ' ')
          d0++;
        while (d1 > d0 && s[d1 - 1] == ' ')
          d1--;
        size_t dest_end = d1;
        if (d1 > d0 && (s[d1 - 1] == '"' || s[d1 - 1] == '\'')) {
          /* a title: the destination ends before ` "` */
          char q = s[d1 - 1];
          size_t t = d1 - 1;
          while (t > d0 && s[t - 1] != q)
            t--;
          if (t > d0 + 1 && s[t - 2] == ' ')
            dest_end = t - 2;
          else
            dest_end = d0; /* malformed: leave it to cmark */
        }
        while (dest_end > d0 && s[dest_end - 1] == ' ')
          dest_end--;
        bool inner_space = memchr(s + d0, ' ', dest_end - d0) != NULL;
        if (dest_end > d0 && inner_space && !memchr(s + d0, '<', dest_end - d0) &&
            !memchr(s + d0, '>', dest_end - d0)) {
          cb_buf_put(P->out, s + lit, d0 - lit);
          cb_buf_putc(P->out, '<');
          cb_buf_put(P->out, s + d0, dest_end - d0);
          cb_buf_putc(P->out, '>');
          lit = k = dest_end;
          continue;
        }
      }
      k++;
      continue;
    }
    if (ch == '$' && !no_dollar && k + 1 < n && s[k + 1] == '$') {
      size_t j = k + 2;
      while (j + 1 < n && !(s[j] == '$' && s[j + 1] == '$'))
        j++;
      no_dollar = j + 1 >= n;
      /* kramdown splits a table row at its pipes first: math holding one is no math there */
      bool split = false;
      for (size_t q = k + 2; table_row && q < j && !split; q++)
        split = s[q] == '|' && s[q - 1] != '\\';
      if (j + 1 < n && j > k + 2 && !split) {
        cb_buf_put(P->out, s + lit, k - lit);
        size_t ix;
        cb_ph *ph = cb_ph_new(c, CB_PH_MATH_INLINE, line, &ix);
        ph->text = trim_dup(c->a, s + k + 2, j - k - 2, &ph->text_len);
        ph->orig = s + k;
        ph->orig_len = j + 2 - k;
        ph_emit_inline(c, P->out, ix);
        k = lit = j + 2;
        continue;
      }
      k += 2;
      continue;
    }
    if (ch == '{' && k + 1 < n && s[k + 1] == ':' && k < last_brace) {
      bool sc;
      size_t e;
      size_t nl = no_ext ? 0 : ext_start(s + k, n - k, &sc, &e);
      if (nl) {
        /* span extensions: comment / options dropped; others left alone */
        const char *name = s + k + 3;
        size_t stop = k + e, stop_end = k + e;
        if (!sc) stop = ext_stop(s, n, k + e, name, nl, &stop_end);
        no_ext = !sc && stop == n;
        bool known = (nl == 7 && memcmp(name, "comment", 7) == 0) ||
                     (nl == 7 && memcmp(name, "options", 7) == 0);
        if (nl == 10 && memcmp(name, "nomarkdown", 10) == 0 && !sc && stop < n) {
          /* span-level raw HTML */
          cb_buf_put(P->out, s + lit, k - lit);
          size_t ix;
          cb_ph *ph = cb_ph_new(c, CB_PH_RAW_HTML, line, &ix);
          cb_ial_parse(c->a, name + nl, e - 1 - 3 - nl, &ph->attrs, NULL);
          ph->text = cb_strndup(c->a, s + k + e, stop - k - e);
          ph->text_len = stop - k - e;
          ph->orig = s + k;
          ph->orig_len = stop_end - k;
          ph_emit_inline(c, P->out, ix);
          k = lit = stop_end;
          continue;
        }
        if (known && stop <= n) {
          cb_buf_put(P->out, s + lit, k - lit);
          k = lit = (sc || stop == n) ? k + e : stop_end;
          continue;
        }
      }
      size_t il = cb_ial_span_len(s + k, n - k);
      if (il) {
        /* the converter attaches it to the preceding element, or warns after text; inside
         * (indented) code it is restored */
        cb_buf_put(P->out, s + lit, k - lit);
        size_t ix;
        cb_ph *ph = cb_ph_new(c, CB_PH_IAL_SPAN, line, &ix);
        cb_ial_parse(c->a, s + k + 2, il - 3, &ph->attrs, &ph->refs);
        resolve_refs(P, ph);
        ph->orig = s + k;
        ph->orig_len = il;
        ph_emit_inline(c, P->out, ix);
        k = lit = k + il;
        continue;
      }
    }
    k++;
  }
  cb_buf_put(P->out, s + lit, n - lit);
}

/* `<tag ... markdown="1|block|span">` alone on a line (tl = length of the tag name): its
 * attributes, markdown removed. */
static bool html_markdown_open(cb_arena *a, const char *s, size_t n, size_t tl, cb_attrs *at,
                               size_t *tag_end) {
  if (s[n - 1] != '>') return false;
  /* the start tag ends at its first unquoted '>' (the line may hold content after it) */
  {
    char q = 0;
    size_t e = 1 + tl;
    for (; e < n && (q || s[e] != '>'); e++)
      if (q ? s[e] == q : (s[e] == '"' || s[e] == '\'')) q = q ? 0 : s[e];
    if (e >= n) return false;
    *tag_end = e;
    n = e + 1;
  }
  bool md = false;
  size_t k = 1 + tl;
  while (k < n - 1) {
    while (k < n - 1 && (s[k] == ' ' || s[k] == '\t'))
      k++;
    size_t k0 = k;
    while (k < n - 1 && s[k] != '=' && s[k] != ' ' && s[k] != '>' && s[k] != '/')
      k++;
    if (k == k0) {
      k++;
      continue;
    }
    const char *name = s + k0;
    size_t nl = k - k0;
    const char *val = "";
    size_t vl = 0;
    size_t eq = k; /* (HTML allows white space around the `=`: `id = "x"`) */
    while (eq < n - 1 && (s[eq] == ' ' || s[eq] == '\t'))
      eq++;
    if (eq < n - 1 && s[eq] == '=') {
      k = eq + 1;
      while (k < n - 1 && (s[k] == ' ' || s[k] == '\t'))
        k++;
      char q = (s[k] == '"' || s[k] == '\'') ? s[k++] : 0;
      size_t v0 = k;
      while (k < n - 1 && (q ? s[k] != q : (s[k] != ' ' && s[k] != '>')))
        k++;
      val = s + v0;
      vl = k - v0;
      if (q && k < n - 1) k++;
    }
    if (nl == 8 && memcmp(name, "markdown", 8) == 0) {
      md = (vl == 1 && val[0] == '1') || (vl == 5 && memcmp(val, "block", 5) == 0) ||
           (vl == 4 && memcmp(val, "span", 4) == 0);
    } else if (nl == 5 && memcmp(name, "class", 5) == 0) {
      for (size_t q = 0; q < vl;) {
        while (q < vl && val[q] == ' ')
          q++;
        size_t q0 = q;
        while (q < vl && val[q] != ' ')
          q++;
        if (q > q0) cb_attrs_add_class(a, at, cb_strndup(a, val + q0, q - q0));
      }
    } else if (nl == 2 && memcmp(name, "id", 2) == 0) {
      at->id = cb_strndup(a, val, vl);
    } else {
      cb_attrs_set(a, at, cb_strndup(a, name, nl), cb_strndup(a, val, vl));
    }
  }
  return md;
}

static bool ieq(const char *a, const char *b, size_t n) {
  for (size_t k = 0; k < n; k++) {
    char x = a[k], y = b[k];
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

/* kramdown's block-level HTML elements whose content stays raw (parse_block_html false). */
size_t cb_md_block_tag(const char *r, size_t rl, const char **name) {
  static const char *const tags[] = {
      "address", "article", "aside", "blockquote", "center", "details", "dialog", "div", "dl",
      "fieldset", "figure", "footer", "form", "header", "iframe", "main", "nav", "noscript", "ol",
      "p", "pre", "script", "section", "style", "table", "ul", "video", "audio",
      /* parts of the above, written on their own (a layout supplies the table or list) */
      "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "li", "dd", "dt", "h1",
      "h2", "h3", "h4", "h5", "h6", "hgroup", "summary", "figcaption", "legend", "menu", "svg",
      "canvas", "html", "body",
      /* block-level, without a body (see html_region_end) */
      "hr"};
  for (size_t t = 0; t < sizeof tags / sizeof *tags; t++) {
    size_t tl = strlen(tags[t]);
    if (rl > tl + 1 && ieq(r + 1, tags[t], tl) &&
        (r[tl + 1] == ' ' || r[tl + 1] == '>' || r[tl + 1] == '\t' || r[tl + 1] == '/')) {
      if (name) *name = tags[t];
      return tl;
    }
  }
  return 0;
}

/* End (before the line break) of the line holding the end tag that closes the element opened
 * at s[from] (on line index line0), as kramdown's raw HTML parser finds it (cb_raw_feed: an end
 * tag closes the element open innermost, or is text).  0 if never closed. */
static size_t html_region_end(const cb_mdctx *c, const char *s, size_t n, size_t from, size_t line0,
                              const char *name, size_t nl) {
  /* an element without a body (`<hr>`) is its start tag; the lines after it are Markdown
   * again (cmark would run the HTML block to a blank line) */
  if (cb_kd_no_body(name, nl)) {
    const char *gt = memchr(s + from, '>', n - from);
    const char *e = gt ? memchr(gt, '\n', (size_t)(s + n - gt)) : NULL;
    return !gt ? 0 : e ? (size_t)(e - s) : n;
  }
  for (;;) {
    cb_raw_feed F = {0};
    bool done = false;
    size_t k = from, ln = line0;
    while (!done && k < n) {
      const char *e = memchr(s + k, '\n', n - k);
      size_t le = e ? (size_t)(e - s) : n;
      done = cb_raw_feed_line(c, &F, ln++, s + k, le - k, k);
      k = le + 1;
    }
    done = done || cb_raw_feed_finish(&F);
    size_t a = F.end_who + F.end_off, tl;
    cb_raw_feed_free(&F);
    if (!done) return 0;
    const char *nx = memchr(s + a, '\n', n - a);
    size_t le = nx ? (size_t)(nx - s) : n;
    while (a < le && (s[a] == ' ' || s[a] == '\t'))
      a++;
    /* kramdown reads on right after the end tag: another block element's start tag there
     * (`</iframe><script>`) is a raw element of its own, up to its end tag, which the region
     * takes in (cmark would read its lines as Markdown) */
    if (a < le && s[a] == '<' && (tl = cb_md_block_tag(s + a, le - a, NULL)) &&
        !cb_kd_no_body(s + a + 1, tl)) {
      for (size_t q = from; q < a; q++)
        line0 += s[q] == '\n';
      from = a;
      continue;
    }
    return le;
  }
}

/* A link definition whose label r[1..] will be written at offset at of out: kramdown keeps the
 * last definition of a label, cmark the first, so an earlier one (written already) gets a
 * label no link names (its first byte becomes \x01).  Labels compare as kramdown's do: white
 * space runs as one space, letters in lower case (ASCII here). */
static void later_linkdef(pre *P, cb_buf *out, const char *r, size_t rl, size_t at) {
  const char *close = memchr(r + 1, ']', rl - 1);
  cb_buf key = CB_BUF_INIT;
  for (const char *q = r + 1; q < close; q++) {
    bool sp = *q == ' ' || *q == '\t' || *q == '\n';
    if (sp && key.len && key.data[key.len - 1] == ' ') continue;
    cb_buf_putc(&key, sp ? ' ' : (char)tolower((unsigned char)*q));
  }
  bool fresh;
  long *prev = cb_strmap_get(&P->defs, key.data ? key.data : "", key.len, 0, &fresh);
  if (!fresh && *prev > 0 && (size_t)*prev - 1 < out->len && out->data[*prev - 2] == '[')
    out->data[*prev - 1] = '\x01';
  *prev = (long)at + 1;
  cb_buf_free(&key);
}

/* kramdown's link definition on one line (parser/kramdown/link.rb): `[label]: ` then the URL,
 * `<…>` or any text up to the line's end (white space too), then perhaps a title in quotes
 * after white space, ending the line; a URL holding white space and a quote is no URL (the
 * line is text).  On success: the URL and the title (0 length when none) within r[0..rl). */
static bool kd_linkdef(const char *r, size_t rl, size_t *u0, size_t *u1, size_t *t0, size_t *t1) {
  if (rl < 4 || r[0] != '[' || r[1] == ']' || r[1] == '^') return false;
  const char *close = memchr(r + 1, ']', rl - 1);
  if (!close || memchr(r + 1, '[', (size_t)(close - r - 1)) || close + 1 >= r + rl ||
      close[1] != ':')
    return false;
  size_t k = (size_t)(close - r) + 2;
  while (k < rl && (r[k] == ' ' || r[k] == '\t'))
    k++;
  size_t e = rl;
  while (e > k && (r[e - 1] == ' ' || r[e - 1] == '\t' || r[e - 1] == '\r'))
    e--;
  if (k >= e) return false;
  *t0 = *t1 = e;
  char q = r[e - 1];
  if (q == '"' || q == '\'') { /* the title: from the first ` "` whose quote ends the line */
    for (size_t a = k + 1; a + 2 < e; a++) /* (a title holds at least one character) */
      if ((r[a - 1] == ' ' || r[a - 1] == '\t') && r[a] == q) {
        *t0 = a + 1, *t1 = e - 1;
        e = a - 1;
        while (e > k && (r[e - 1] == ' ' || r[e - 1] == '\t'))
          e--;
        break;
      }
  }
  if (k >= e) return false;
  if (r[k] == '<') {
    const char *gt = memchr(r + k, '>', e - k);
    if (gt && (size_t)(gt - r) + 1 == e) {
      *u0 = k + 1, *u1 = e - 1;
      return true;
    }
  }
  for (size_t a = k; a + 1 < e; a++) /* (kramdown: `[ \t]+["']` in the URL refuses it) */
    if ((r[a] == ' ' || r[a] == '\t') && (r[a + 1] == '"' || r[a + 1] == '\'')) return false;
  *u0 = k, *u1 = e;
  return true;
}

/* A line from s[from] up to close (a comment's `-->`) that ends a paragraph for kramdown's GFM
 * parser (a list item, a heading, a quote, a fence, a definition, an IAL, a start tag of a
 * block element): the comment then is not one, its `<!--` is text. */
static bool comment_breaks_para(const char *s, size_t from, const char *close) {
  for (const char *q = s + from; q && q < close;) {
    const char *t = q + 1, *e = memchr(t, '\n', (size_t)(close - t));
    size_t k = 0, n = e ? (size_t)(e - t) : (size_t)(close - t);
    while (k < n && k < 3 && t[k] == ' ')
      k++;
    const char *r = t + k;
    size_t rl = n - k, d = 0;
    while (d < rl && r[d] >= '0' && r[d] <= '9')
      d++;
    if (rl && (strchr("#>", r[0]) ||
               (rl >= 3 && (r[0] == '`' || r[0] == '~') && r[1] == r[0] && r[2] == r[0]) ||
               (rl >= 2 && (r[0] == '*' || r[0] == '-' || r[0] == '+' || r[0] == ':') &&
                (r[1] == ' ' || r[1] == '\t')) ||
               (d && d + 1 < rl && r[d] == '.' && (r[d + 1] == ' ' || r[d + 1] == '\t')) ||
               (rl >= 2 && r[0] == '{' && r[1] == ':') ||
               (rl >= 2 && r[0] == '<' && ((r[1] | 0x20) >= 'a' && (r[1] | 0x20) <= 'z') &&
                !cb_md_span_tag(r, rl))))
      return true;
    q = e;
  }
  return false;
}

/* A `<script` element starting at s[from], on a line that continues a paragraph: where the
 * line holding its end tag ends (nothing but white space after the tag), else 0.  The search
 * stops at a blank line (the paragraph's end); *stop is where a failed search stopped: one
 * starting before it fails too. */
static size_t para_script_end(const char *s, size_t n, size_t from, size_t *stop) {
  for (size_t k = from; k < n; k++) {
    if (s[k] == '\n') {
      size_t q = k + 1;
      while (q < n && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r'))
        q++;
      if (q >= n || s[q] == '\n') {
        *stop = q;
        return 0;
      }
      continue;
    }
    if (s[k] != '<' || k + 8 >= n || s[k + 1] != '/' || strncasecmp(s + k + 2, "script", 6) != 0)
      continue;
    size_t q = k + 8;
    while (q < n && (s[q] == ' ' || s[q] == '\t'))
      q++;
    if (q >= n || s[q] != '>') continue;
    const char *e = memchr(s + q, '\n', n - q);
    size_t le = e ? (size_t)(e - s) : n;
    if (!blank_line(s + q + 1, le - q - 1)) return 0;
    return le;
  }
  *stop = n;
  return 0;
}

/* A GFM table delimiter row: pipes, colons, dashes, spaces; at least one pipe and dash. */
static bool delim_row(const char *s, size_t n) {
  size_t k = prefix_len(s, n);
  bool pipe = false, dash = false;
  for (; k < n; k++) {
    char ch = s[k];
    if (ch == '|')
      pipe = true;
    else if (ch == '-')
      dash = true;
    else if (ch != ':' && ch != ' ' && ch != '\t' && ch != '\r' && ch != '+') /* `|---+---|` */
      return false;
  }
  return pipe && dash;
}

/* Where `$$` math opens on the line and is not closed on it (unescaped, outside code
 * spans), or (size_t)-1. */
static size_t open_math(const char *s, size_t n) {
  size_t open = (size_t)-1, code = 0;
  for (size_t k = 0; k < n; k++) {
    if (s[k] == '\\' && open == (size_t)-1) { /* `\$$` escapes an opener, not a closer */
      k++;
      continue;
    }
    if (s[k] == '`') {
      size_t r0 = k;
      while (k + 1 < n && s[k + 1] == '`')
        k++;
      size_t run = k - r0 + 1;
      code = !code ? run : code == run ? 0 : code;
      continue;
    }
    if (!code && s[k] == '$' && k + 1 < n && s[k + 1] == '$') {
      open = open == (size_t)-1 ? k : (size_t)-1;
      k++;
    }
  }
  return code ? (size_t)-1 : open;
}

/* The line starting at s[pos] is blank. */
static bool blank_line_at(const char *s, size_t n, size_t pos) {
  const char *e = memchr(s + pos, '\n', n - pos);
  return blank_line(s + pos, e ? (size_t)(e - s) - pos : n - pos);
}

/* The first `$$` at or after s[k] (not after a backslash), or (size_t)-1; *after: past it and
 * the spaces that follow. */
static size_t first_dollars(const char *s, size_t n, size_t k, size_t *after) {
  for (; k + 1 < n; k++) {
    if (s[k] == '$' && s[k + 1] == '$' && s[k - 1] != '\\') {
      size_t a = k + 2;
      while (a < n && (s[a] == ' ' || s[a] == '\t'))
        a++;
      *after = a;
      return k;
    }
  }
  return (size_t)-1;
}

/* kramdown's math block needs a block boundary after its closing line (at s[eol]): a blank
 * line, the end, an EOB marker `^` or a block IAL; otherwise the `$$` pair is inline math.
 * The next line is read after the container prefix (up to pl bytes) it shares. */
static bool math_block_boundary(const char *s, size_t n, size_t eol, size_t pl) {
  if (eol + 1 >= n) return true;
  const char *r = s + eol + 1;
  const char *e = memchr(r, '\n', n - eol - 1);
  size_t rl = e ? (size_t)(e - r) : n - eol - 1;
  for (size_t p = 0; p < pl && rl > 0 && (*r == ' ' || *r == '\t' || *r == '>'); p++, r++, rl--)
    ;
  if (blank_line(r, rl)) return true;
  while (rl > 0 && (r[rl - 1] == ' ' || r[rl - 1] == '\t' || r[rl - 1] == '\r'))
    rl--;
  size_t k = 0;
  while (k < 3 && k < rl && r[k] == ' ')
    k++;
  if (rl == k + 1 && r[k] == '^') return true;
  return rl >= k + 4 && r[k] == '{' && r[k + 1] == ':' && r[k + 2] != ':' && r[k + 2] != '/' &&
         r[rl - 1] == '}' && cb_ial_span_len(r + k, rl - k) == rl - k;
}

/* kramdown's indented code block at s[pos] (a block start, 4 spaces or a tab in): code lines,
 * blank lines before more code, and lazy lines (less indented text right after a code line,
 * not an IAL, an EOB marker or a block HTML tag), which kramdown joins to the line before with
 * a space.  Returns the end of its last line when it has a lazy line (cmark would end the
 * block there; the caller writes it as a placeholder), else 0.  *code: its text; *seen: where
 * the scan stopped. */
static size_t lazy_code_block(const char *s, size_t n, size_t pos, cb_buf *code, size_t *seen) {
  size_t q = pos, last = 0;
  bool lazy = false, prev_code = false;
  code->len = 0;
  while (q < n) {
    const char *e = memchr(s + q, '\n', n - q);
    size_t le = e ? (size_t)(e - s) : n, ll = le - q;
    size_t ind = 0;
    while (ind < ll && s[q + ind] == ' ')
      ind++;
    /* kramdown's indentation is a tab or four spaces at the line's start (`^( {4}|\t)`): one
     * to three spaces then a tab are no indentation (the line is lazy, kept whole) */
    bool tab = ind == 0 && ll && s[q] == '\t';
    bool space_tab = ind && ind < 4 && ind < ll && s[q + ind] == '\t';
    if (blank_line(s + q, ll)) {
      /* blank lines belong to the block only when more code follows */
      size_t r = le + 1;
      while (r < n && blank_line_at(s, n, r)) {
        const char *e2 = memchr(s + r, '\n', n - r);
        r = e2 ? (size_t)(e2 - s) + 1 : n;
      }
      size_t ri = 0;
      while (r + ri < n && s[r + ri] == ' ')
        ri++;
      if (r >= n || !(ri >= 4 || (r + ri < n && s[r + ri] == '\t'))) break;
      for (size_t b = q; b < r; b++)
        if (s[b] == '\n') cb_buf_putc(code, '\n');
      q = r;
      prev_code = false;
      continue;
    }
    if (ind >= 4 || tab) {
      size_t cut = tab ? 1 : 4;
      if (code->len) cb_buf_putc(code, '\n');
      cb_buf_put(code, s + q + cut, ll - cut);
      prev_code = true;
    } else if (space_tab && prev_code) {
      cb_buf_putc(code, '\n'); /* (no join: kramdown joins a lazy line that starts with text) */
      cb_buf_put(code, s + q, ll);
      lazy = true;
    } else {
      const char *t = s + q + ind;
      size_t tl = ll - ind;
      bool stop = !prev_code || (tl > 1 && t[0] == '{' && t[1] == ':') ||
                  (tl >= 1 && t[0] == '^' && blank_line(t + 1, tl - 1)) ||
                  (t[0] == '<' && tl > 1 && (isalpha((unsigned char)t[1]) || t[1] == '/') &&
                   !cb_md_span_tag(t, tl));
      if (stop) break;
      cb_buf_putc(code, ' '); /* kramdown: `\n( {0,3}\S)` becomes ` \1` */
      cb_buf_put(code, s + q, ll);
      lazy = true;
    }
    last = le;
    q = le + 1;
  }
  *seen = q; /* a block start before this finds the same run (linear time) */
  return lazy ? last : 0;
}

/* Length of the IAL `{: …}` starting a list item's text r[0..rl) (not an ALD `{:name: …}`),
 * else 0. */
static size_t item_ial_len(const char *r, size_t rl) {
  if (rl < 4 || r[0] != '{' || r[1] != ':') return 0;
  size_t k = 2;
  while (k < rl && (is_wch(r[k]) || (k > 2 && r[k] == '-')))
    k++;
  if (k < rl && r[k] == ':') return 0;
  return cb_ial_span_len(r, rl);
}

/* After the line ending at s[eol]: a row with pipes, then a delimiter row. */
static bool header_after(const char *s, size_t n, size_t eol) {
  if (eol + 1 >= n) return false;
  const char *a = s + eol + 1, *ae = memchr(a, '\n', (size_t)(s + n - a));
  if (!ae) return false;
  const char *b = ae + 1, *be = memchr(b, '\n', (size_t)(s + n - b));
  size_t al = (size_t)(ae - a), bl = be ? (size_t)(be - b) : (size_t)(s + n - b);
  return row_pipes(a, al) && !delim_row(a, al) && delim_row(b, bl);
}

/* A math block starts at s[k] (line length rl): `$$`, then a `$$` that ends its line before a
 * block boundary (else it is text, and may be a table row). */
static bool math_block_at(const char *s, size_t n, size_t k, size_t rl) {
  size_t after;
  if (rl < 2 || s[k] != '$' || s[k + 1] != '$') return false;
  size_t close = first_dollars(s, n, k + 2, &after);
  return close != (size_t)-1 && (after >= n || s[after] == '\n') &&
         math_block_boundary(s, n, after, 0);
}

/* Line k of a run of table rows whose first line has the container prefix lb (read_lists.c):
 * -1 when the container's text ends before it (a shorter prefix, or a sibling item: a block
 * boundary), 0 when it is deeper (a list in the container goes on right after the rows: no
 * table), else 1 and *b its prefix to skip. */
static int row_container(const cb_listmap *lm, size_t k, size_t lb, size_t *b) {
  *b = k < lm->n ? lm->base[k] : 0;
  if (*b < lb || (*b == lb && k < lm->n && lm->item[k])) return -1;
  return *b > lb ? 0 : 1;
}

/* kramdown reads lines holding pipes, between block boundaries, as a table even with no
 * delimiter row, or with one first (all its rows then are body rows); cmark-gfm needs one
 * after a header row.  At a block start
 * s[pos..]: the end of such a run of lines (before its last line break), or 0 when it is not
 * one (a delimiter row in it, a line with no pipe outside code, no blank line or end after). */
static size_t headerless_table_end(const char *s, size_t n, size_t pos, const cb_listmap *lm,
                                   size_t line0) {
  /* the first line must not start another block, which kramdown tries before tables */
  const char *r = s + pos;
  const char *e0 = memchr(r, '\n', n - pos);
  size_t rl = e0 ? (size_t)(e0 - r) : n - pos, i = 0;
  while (i < rl && i < 4 && r[i] == ' ')
    i++;
  r += i, rl -= i;
  size_t h = 0;
  while (h < rl && r[h] == '#')
    h++;
  if (!rl || (h && h <= 6 && (h == rl || r[h] == ' ' || r[h] == '\t')) || r[0] == '>' ||
      r[0] == ':' || list_marker(r, rl) || math_block_at(s, n, (size_t)(r - s), rl) ||
      (rl > 2 && (r[0] == '`' || r[0] == '~') && r[1] == r[0] && r[2] == r[0]) ||
      (r[0] == '<' && !cb_md_span_tag(r, rl)) || (r[0] == '[' && contains(r, rl, "]:")) ||
      (rl > 1 && r[0] == '*' && r[1] == '['))
    return 0;
  size_t q = pos, last = 0;
  /* (in a list or a quote every row has its container's prefix, read_lists.c: skipped) */
  size_t lb = line0 < lm->n ? lm->base[line0] : 0;
  for (size_t k = line0; q < n; k++) {
    if (k > line0) {
      size_t b;
      int in = row_container(lm, k, lb, &b);
      if (in < 0) break;
      if (!in) return 0;
      q += b;
    }
    const char *e = memchr(s + q, '\n', n - q);
    size_t le = e ? (size_t)(e - s) : n, ll = rtrim_len(s + q, le - q);
    if (blank_line(s + q, le - q) || (ll > 1 && s[q] == '{' && s[q + 1] == ':')) break;
    size_t ind = 0;
    while (ind < ll && s[q + ind] == ' ')
      ind++;
    /* a delimiter row may only come first (all rows are body rows then) */
    if (ind > 3 || (q != pos && delim_row(s + q, ll)) || !row_pipes(s + q + ind, ll - ind))
      return 0;
    if (q == pos && delim_row(s + q, ll) && (!e || le + 1 >= n || blank_line_at(s, n, le + 1)))
      return 0; /* a delimiter row alone */
    last = le;
    q = le + 1;
  }
  return last;
}

/* kramdown's table rows run while a line holds a pipe, and the table needs a block boundary
 * after them (a blank line, an IAL, `^`, the end of the text or of its container): else the
 * lines are paragraph text.  From the line at q (line k, container prefix lb): true if so;
 * *stop: where the rows stop (a later start among them stops there too: one scan per run).
 * *width: the most cells a row has (a row's leading pipe is an empty cell unless the table's
 * first line has one, lead; kramdown widens the table to it). */
static bool rows_end_at_boundary(const char *s, size_t n, size_t q, const cb_listmap *lm, size_t k,
                                 size_t lb, bool lead, size_t *stop, size_t *width) {
  for (;; k++) {
    *stop = q;
    if (q >= n) return true;
    size_t b;
    int in = row_container(lm, k, lb, &b);
    if (in <= 0) return in < 0;
    q += b;
    const char *e = memchr(s + q, '\n', n - q);
    size_t le = e ? (size_t)(e - s) : n, i = q;
    while (i < le && (s[i] == ' ' || s[i] == '\t'))
      i++;
    size_t rl = rtrim_len(s + i, le - i);
    if (!rl || (rl > 1 && s[i] == '{' && s[i + 1] == ':') || (rl == 1 && s[i] == '^')) return true;
    if (!memchr(s + q, '|', le - q)) return false;
    if (!delim_row(s + i, rl)) {
      size_t w = row_cells(s + i, rl) + (!lead && s[i] == '|');
      if (w > *width) *width = w;
    }
    q = le + 1;
  }
}

static void kramdown_pre(cb_mdctx *c, const char *s, size_t n, const cb_listmap *lm, cb_buf *out) {
  pre P = {.c = c,
           .out = out,
           .ext_fail = {(size_t)-1, (size_t)-1, (size_t)-1},
           .html_fail = (size_t)-1};
  cb_strmap_init(&P.ald_idx, c->a);
  cb_strmap_init(&P.defs, c->a);
  char fence_ch = 0;
  size_t fence_len = 0;
  bool prev_blank = true; /* start of document counts as after a blank line */
  size_t blank_lb = 0;    /* the container prefix (read_lists.c) of the last blank line */
  bool prev_ial_blank = true;
  bool prev_was_ial = false;
  bool prev_para = false;      /* the previous line was paragraph text */
  bool no_comment_end = false; /* no `-->` after an earlier comment start */
  size_t blank_memo = 0;       /* start of the first blank line at or after it was searched */
  size_t fence_pad = 0;        /* spaces put before the open fenced block's code lines */
  bool in_table = false;       /* inside a GFM table's rows */
  bool table_lead = false;     /* the table's first line starts with a pipe */
  size_t table_qd = 0;         /* the quote markers in its prefix */
  size_t table_row = 0;        /* 0 until the table's delimiter row is read */
  size_t table_cols = 0;       /* cells of the table's header row */
  bool break_delim = false;    /* the next line is a delimiter row kramdown does not honour */
  size_t rows_stop = 0;        /* table rows scanned up to here (rows_end_at_boundary) */
  size_t header_extra = 0;     /* empty cells to add to the table's header line */
  bool rows_ok = true;         /* and a block boundary is there */
  const char *md_tag[32];      /* open elements with markdown="1" (lowercase names) */
  size_t md_tag_len[32], n_md = 0;
  size_t md_raw_end[32] = {0}; /* a mixed container's end tag line (its own text is raw) */
  bool prev2_blank = true;
  /* the previous line was a block that is no block boundary for kramdown (an abbreviation or
   * ALD definition, a `{::nomarkdown}` block, an IAL given to the block before it, the end of
   * a markdown="1" element): a table, a setext heading or a math block may not start after it */
  bool prev_nb = false, prev2_nb = false;
  size_t code_seen = 0; /* indented code was looked at up to here */
  /* the line after one that ends a block for cmark (an HTML region's placeholder, a closing
   * fence, a comment's `-->`, an IAL, an ATX heading, a rule): an HTML region may start there */
  int block_next = -1;
  const char *prev_line = NULL, *prev_end = NULL; /* the previous line, its list markers too */
  size_t region_at = SIZE_MAX, region_at_end = 0; /* an element's end, found once */
  size_t script_stop = 0; /* a paragraph's <script> search failed up to here */
  int line0 = 0;          /* 0-based output line */
  size_t pos = 0;
  while (pos < n) {
    size_t out_start = out->len;
    const char *whole = s + pos; /* the line with its list markers */
    header_extra = 0;            /* (set on the table's header line, for that line only) */
    /* a line of a list (read_lists.c): its markers and indentation are the list's; the rest
     * is read as a line at the top level, and an item's start begins a block */
    P.lb = (size_t)line0 < lm->n ? lm->base[line0] : 0;
    if (P.lb) {
      cb_buf_put(out, s + pos, P.lb);
      pos += P.lb;
    }
    bool after_blank = prev_blank;
    if ((size_t)line0 < lm->n && lm->item[line0]) {
      prev_blank = prev2_blank = true;
      prev_para = in_table = false;
      table_row = 0;
    }
    const char *nlp = memchr(s + pos, '\n', n - pos);
    size_t end = nlp ? (size_t)(nlp - s) : n;
    const char *l = s + pos;
    size_t ll = end - pos;
    size_t pl = prefix_len(l, ll);
    const char *r = l + pl;
    size_t rl = rtrim_len(r, ll - pl);
    int line = out_line_src(&P, line0);
    if (prefix_indent(l, pl) <= 3 && cb_kd_hrule(r, rl)) block_next = line0 + 1;
    if (P.lb && lm->item[line0] >= 2) {
      /* a definition (read_lists.c): the mark makes its list a definition list; a definition
       * whose text starts with a list has it in that list's first item */
      size_t ix;
      cb_ph *dp = cb_ph_new(c, CB_PH_DL_DESC, line, &ix);
      dp->in_list = lm->item[line0] == 3;
      dp->after_blank = after_blank; /* its first paragraph is one (kramdown's first_as_para) */
      if (s[pos - 1] != ' ') cb_buf_putc(out, ' '); /* (an empty one: `-` alone) */
      ph_emit_inline(c, out, ix);
    }
    size_t il = P.lb && !pl && lm->item[line0] ? item_ial_len(r, rl) : 0;
    if (il) {
      /* kramdown: an IAL first in a list item's text is the item's */
      size_t ix;
      cb_ph *ph = cb_ph_new(c, CB_PH_ITEM_IAL, line, &ix);
      cb_ial_parse(c->a, r + 2, il - 3, &ph->attrs, &ph->refs);
      resolve_refs(&P, ph);
      ph_emit_inline(c, out, ix);
      while (il < rl && (r[il] == ' ' || r[il] == '\t'))
        il++;
      l += il, ll -= il, r += il, rl -= il;
    }
    /* kramdown's GFM parser: `[ ]` or `[x]` and white space first in a list item's text is
     * its task box (cmark-gfm's own task lists miss those in a quote) */
    if (P.lb && !pl && (size_t)line0 < lm->n && lm->item[line0] == 1 && rl > 3 && r[0] == '[' &&
        (r[1] == ' ' || r[1] == 'x' || r[1] == 'X') && r[2] == ']' &&
        (r[3] == ' ' || r[3] == '\t')) {
      size_t ix, tl = 3;
      cb_ph *ph = cb_ph_new(c, CB_PH_TASK, line, &ix);
      ph->start = r[1] != ' ';
      ph_emit_inline(c, out, ix);
      while (tl < rl && (r[tl] == ' ' || r[tl] == '\t'))
        tl++;
      l += tl, ll -= tl, r += tl, rl -= tl;
    }
    size_t consumed_end = end;   /* may grow for multi-line constructs */
    bool blank_m2 = prev2_blank; /* the line before the previous one was blank */
    prev2_blank = prev_blank;
    bool nb_m1 = prev_nb, nb_m2 = prev2_nb;
    prev2_nb = prev_nb;
    prev_nb = false;

    /* fenced code: copied verbatim */
    if (fence_ch) {
      size_t f = 0;
      while (f < rl && r[f] == fence_ch)
        f++;
      bool closing = f >= fence_len && blank_line(r + f, rl - f);
      if (closing) {
        fence_ch = 0;
        block_next = line0 + 1;
      }
      for (size_t q = 0; q < (closing ? 0 : fence_pad); q++)
        cb_buf_putc(out, ' ');
      cb_buf_put(out, l, ll);
      prev_blank = false;
      prev_was_ial = false;
      goto next;
    }
    bool nofence = (size_t)line0 < lm->n && lm->nofence[line0];
    if (nofence && rl >= 3 && (r[0] == '`' || r[0] == '~')) {
      /* kramdown finds no end for this fence in its block (or its info is two words): the line
       * is paragraph text, its backticks may open a code span */
      cb_buf_put(out, l, pl);
      emit_empty_text(c, out, line);
      ll -= pl;
      l += pl;
    } else if (rl >= 3 && (r[0] == '`' || r[0] == '~') && r[1] == r[0] && r[2] == r[0] &&
               prefix_indent(l, pl) <= 3) {
      size_t f = 0;
      while (f < rl && r[f] == r[0])
        f++;
      if (r[0] == '~' || !memchr(r + f, '`', rl - f)) {
        fence_ch = r[0];
        fence_len = f;
        /* kramdown keeps the code lines' indentation as written; cmark takes off as many
         * spaces as the fence is indented by: they are given back (in a list, read_lists.c
         * wrote the fence at its item's column already) */
        size_t ind = 0;
        while (ind < pl && l[ind] == ' ')
          ind++;
        fence_pad = ind == pl && ind <= 3 ? ind : 0;
        cb_buf_put(out, l, ll);
        prev_blank = false;
        prev_was_ial = false;
        goto next;
      }
    }

    if (blank_line(l, ll)) {
      if ((size_t)line0 < lm->n && lm->ends[line0])
        emit_none_line(c, out, l, 0, line); /* (ends the list for cmark; see cb_listmap) */
      else
        cb_buf_put(out, l, ll);
      /* an empty item's line (`* ` alone) is no blank line: an IAL after it is the list's */
      prev_blank = !(P.lb && (size_t)line0 < lm->n && lm->item[line0]);
      blank_lb = P.lb;
      prev_was_ial = false;
      goto next;
    }

    /* an indented code block that takes lazy lines (cmark would end it before them); a `>`
     * after the indentation is the code's (quotes are read_lists.c's, in the prefix) */
    size_t ws = 0;
    while (ws < ll && (l[ws] == ' ' || l[ws] == '\t'))
      ws++;
    if (prev_blank && !P.lb && pos >= code_seen &&
        (ws >= 4 || (ws < ll && memchr(l, '\t', ws + 1)))) {
      cb_buf code = CB_BUF_INIT;
      size_t ce = lazy_code_block(s, n, pos, &code, &code_seen);
      size_t lines = 0;
      for (size_t q = pos; ce && q < ce; q++)
        lines += s[q] == '\n';
      for (size_t k = 0; ce && k <= lines; k++) /* all outside lists */
        if ((size_t)line0 + k < lm->n && lm->base[line0 + k]) ce = 0;
      if (ce) {
        size_t ix;
        cb_ph *ph = cb_ph_new(c, CB_PH_CODE_BLOCK, line, &ix);
        ph->text = cb_strndup(c->a, code.data ? code.data : "", code.len);
        ph->text_len = code.len;
        ph->orig = l;
        ph->orig_len = ce - pos;
        emit_block_ml(&P, ix, l, ce - pos, l, 0);
        line0 += (int)lines;
        end = ce;
        cb_buf_free(&code);
        prev_blank = false;
        prev_was_ial = false;
        goto next_block;
      }
      cb_buf_free(&code);
    }

    /* indented code (four columns in, no paragraph going on): shown as it is, so none of the
     * rewrites below may touch it */
    size_t own = (size_t)line0 < lm->n && !lm->item[line0] && lm->base[line0] > lm->cont[line0]
                     ? lm->base[line0] - lm->cont[line0]
                     : 0; /* (in a list item, the list pass wrote it into the prefix) */
    if (!prev_para && !in_table && !memchr(l, '>', pl) && own + prefix_indent(l, pl) >= 4) {
      cb_buf_put(out, l, ll);
      prev_blank = false;
      prev_was_ial = false;
      goto next;
    }

    /* an HTML comment is one block up to its `-->`, whatever lines it holds (kramdown and
     * cmark agree); nothing inside is looked at, e.g. an HTML element it comments out */
    /* (a table's row that starts with one stays a row: see row_escape_at) */
    if (pl <= 3 && rl >= 4 && memcmp(r, "<!--", 4) == 0 &&
        !(in_table && table_row && memchr(r, '|', rl))) {
      size_t tl = strlen(c->tag);
      bool ours = rl > 4 + tl && memcmp(r + 4, c->tag, tl) == 0 && r[4 + tl] == ':';
      /* the comment ends at the first `-->` that does not end a stage-1 placeholder (an
       * include inside the comment: Jekyll hides its output with the comment) */
      const char *close = NULL, *from = r + 4;
      while (!ours && !no_comment_end &&
             (close = cb_find_str(from, (size_t)(s + n - from), "-->")) && ph_before(c, s, close))
        from = close + 3;
      if (!ours && !close) {
        no_comment_end = true; /* none later either: one scan at most */
        /* a comment never closed is text for kramdown (`<!–`); cmark would hide the rest of
         * the page in it */
        cb_buf_put(out, l, pl);
        cb_buf_putc(out, '\\');
        pre_inline(&P, r, ll - pl, line, false);
        prev_blank = false;
        prev_was_ial = false;
        prev_para = true;
        goto next_keep_para;
      }
      if (close && prev_para) {
        /* right under a paragraph line the comment is span-level for kramdown: it must end
         * within the paragraph, or it is text (and what it meant to hide shows) */
        if (blank_memo < pos) {
          size_t q = pos;
          while (q < n) {
            const char *e = memchr(s + q, '\n', n - q);
            size_t le = e ? (size_t)(e - s) : n;
            if (blank_line(s + q, le - q)) break;
            q = le + 1;
          }
          blank_memo = q < n ? q : n;
        }
        cb_buf_put(out, l, pl);
        if ((size_t)(close - s) > blank_memo) {
          cb_buf_putc(out, '\\');
        } else if (close >= s + end && !comment_breaks_para(s, (size_t)(s + end - s), close)) {
          /* over lines: hidden, each of its lines an empty text line of the paragraph (a
           * line of it starting with a tag, `</div>-->`, would start an HTML block) */
          const char *ce = close + 3, *e2 = memchr(ce, '\n', (size_t)(s + n - ce));
          size_t lend = e2 ? (size_t)(e2 - s) : n;
          emit_empty_text(c, out, line);
          empty_text_lines(&P, out, r, ce, s + n, &line0);
          P.part = true; /* (the rest of the comment's last line) */
          pre_inline(&P, ce, (size_t)(s + lend - ce), out_line_src(&P, line0), false);
          P.part = false;
          end = lend;
          prev_blank = false;
          prev_was_ial = false;
          goto next_keep_para;
        } else { /* hidden inside the paragraph: an empty placeholder keeps cmark from
                  * starting an HTML block with it */
          emit_empty_text(c, out, line);
        }
        pre_inline(&P, r, ll - pl, line, false);
        prev_blank = false;
        prev_was_ial = false;
        goto next_keep_para;
      }
      if (close && !ours && close + 3 < s + end &&
          !blank_line(close + 3, (size_t)(s + end - close - 3))) {
        /* text after the comment on its own line: kramdown starts a paragraph with it (the
         * comment is hidden in the line, as within a paragraph) */
        cb_buf_put(out, l, pl);
        pre_inline(&P, r, ll - pl, line, false);
        prev_blank = false;
        prev_was_ial = false;
        prev_para = true;
        goto next_keep_para;
      }
      if (close) {
        const char *e2 = memchr(close, '\n', (size_t)(s + n - close));
        consumed_end = e2 ? (size_t)(e2 - s) : n;
        /* copied without the placeholders, which would end it early for cmark */
        for (const char *q = l, *stop = s + consumed_end; q < stop;) {
          const char *ph = cb_find_str(q, (size_t)(stop - q), "<!--");
          while (ph && !ph_at(c, ph, stop))
            ph = cb_find_str(ph + 4, (size_t)(stop - ph - 4), "<!--");
          const char *upto = ph ? ph : stop;
          cb_buf_put(out, q, (size_t)(upto - q));
          q = ph ? cb_find_str(ph, (size_t)(stop - ph), "-->") + 3 : stop;
        }
        for (const char *q = l; q < s + consumed_end; q++)
          if (*q == '\n') line0++;
        end = consumed_end;
        prev_blank = false;
        prev_was_ial = false;
        block_next = line0 + 1; /* cmark's comment block ends on its `-->` line */
        goto next;
      }
    }

    /* EOB marker */
    if (rl == 1 && r[0] == '^' && pl <= 3) {
      emit_none_line(c, out, l, pl, line);
      prev_blank = true;
      prev_was_ial = false;
      goto next;
    }

    /* block extensions {::comment}..{:/comment}, {::nomarkdown}..{:/}, {::options /} */
    {
      bool sc;
      size_t e;
      size_t nl = ext_start(r, rl, &sc, &e);
      if (nl && (nl == 7 || nl == 10)) {
        const char *name = r + 3;
        bool is_comment = nl == 7 && memcmp(name, "comment", 7) == 0;
        bool is_options = nl == 7 && memcmp(name, "options", 7) == 0;
        bool is_nomd = nl == 10 && memcmp(name, "nomarkdown", 10) == 0;
        if (is_comment || is_options || is_nomd) {
          size_t abs0 = (size_t)(r - s) + e, stop = abs0, stop_end = abs0;
          if (!sc) {
            size_t *fail = &P.ext_fail[is_nomd ? 1 : is_options ? 2 : 0];
            stop = abs0 >= *fail ? n : ext_stop(s, n, abs0, name, nl, &stop_end);
            if (stop == n && abs0 < *fail) *fail = abs0;
          }
          /* text after the stop tag on its line: a span extension (kramdown) */
          size_t after = sc ? (size_t)(r - s) + e : stop_end;
          bool rest_blank = true;
          for (size_t q = after; q < n && s[q] != '\n'; q++)
            if (s[q] != ' ' && s[q] != '\t') rest_blank = false;
          /* right under a paragraph's line kramdown's paragraph goes on: the extension is its
           * span form, inside the paragraph, when no line up to its stop tag ends the
           * paragraph (else the paragraph shows the start tag as text) */
          bool under_para = prev_para && !in_table && !kd_block_line(prev_line, prev_end),
               span = under_para && (stop < n || sc);
          if (span) {
            const char *t = unprefix(c->a, s + abs0, stop_end - abs0, pl + P.lb);
            for (const char *q = t, *e3; span && (e3 = strchr(q, '\n')); q = e3 + 1)
              span = !cb_kd_para_ends(c, e3 + 1, strcspn(e3 + 1, "\n"));
          }
          if ((stop < n || sc) && rest_blank && (span || !under_para)) {
            size_t ix;
            if (is_options)
              cb_warn(c->d, (cb_pos){c->file, line, 0},
                      "{::options} is not supported: Jekyll's kramdown options stay in force");
            cb_ph *ph = cb_ph_new(c, is_nomd && !sc ? CB_PH_RAW_HTML : CB_PH_NONE, line, &ix);
            if (ph->kind == CB_PH_RAW_HTML) {
              /* {::nomarkdown type="latex"}: the options say which format the content is for */
              cb_ial_parse(c->a, name + nl, e - 1 - 3 - nl, &ph->attrs, NULL);
              /* (from the line break before the content: its first line loses its prefix) */
              size_t b0 = abs0;
              ph->text = unprefix(c->a, s + b0, stop - b0, pl + P.lb);
              if (b0 < stop && s[b0] == '\n') ph->text++;
              ph->text_len = strlen(ph->text);
            }
            /* consume through the end of the stop tag's line */
            const char *e2 = memchr(s + stop_end, '\n', n - stop_end);
            consumed_end = e2 ? (size_t)(e2 - s) : n;
            cb_buf_put(out, l, pl);
            /* (a comment at a line's start would end the paragraph: text goes before it) */
            if (span) emit_empty_text(c, out, line);
            emit_block_ml(&P, ix, l, consumed_end - pos, l, pl);
            prev_blank = !span;
            prev_nb = !span;
            prev_was_ial = false;
            for (const char *q = l; q < s + consumed_end; q++)
              if (*q == '\n') line0++;
            end = consumed_end;
            if (span) goto next_keep_para;
            goto next;
          }
        }
      }
    }

    /* the text of a container whose elements are markdown="1" ones and which has text of its
     * own (cb_kd_holds_md): kramdown keeps that text raw, up to the next such element */
    if (n_md && md_raw_end[n_md - 1] && (size_t)(l - s) < md_raw_end[n_md - 1] && rl &&
        !cb_kd_md_start(l, ll)) {
      size_t stop = md_raw_end[n_md - 1], seg_end = end;
      for (size_t k = end + 1; k < stop;) {
        const char *e2 = memchr(s + k, '\n', stop - k);
        size_t le = e2 ? (size_t)(e2 - s) : stop;
        if (cb_kd_md_start(s + k, le - k)) break;
        if (!blank_line(s + k, le - k)) seg_end = le;
        k = le + 1;
      }
      size_t ix;
      cb_ph *ph = raw_html_ph(&P, line, (size_t)line0, r, seg_end - (size_t)(r - s), 0, &ix);
      cb_buf_put(out, l, pl);
      emit_block_ml(&P, ix, r, ph->orig_len, l, pl);
      for (const char *q = l; q < s + seg_end; q++)
        if (*q == '\n') line0++;
      end = seg_end;
      prev_was_ial = false;
      block_next = line0 + 1;
      goto next_block;
    }

    /* a markdown="1" start tag written over several lines (its attributes wrapped) */
    if (pl <= 3 && !memchr(l, '>', pl) && !P.lb && rl >= 5 && r[0] == '<' &&
        n_md < sizeof md_tag / sizeof *md_tag) {
      const char *tname = NULL;
      size_t tl = cb_md_block_tag(r, rl, &tname), g = (size_t)(r - s) + 1 + tl, lines = 0;
      char q = 0;
      bool found = false;
      for (; tl && g < n; g++) { /* the first '>' outside quotes, within a few lines */
        if (q) {
          if (s[g] == q) q = 0;
        } else if (s[g] == '"' || s[g] == '\'') {
          q = s[g];
        } else if (s[g] == '>') {
          found = true;
          break;
        }
        if (s[g] == '\n' && (++lines > 8 || blank_line_at(s, n, g + 1))) break;
      }
      const char *ge = found && lines ? memchr(s + g, '\n', n - g) : NULL;
      size_t lend = ge ? (size_t)(ge - s) : n;
      if (found && lines && blank_line(s + g + 1, lend - g - 1)) {
        size_t tn = g + 1 - (size_t)(r - s);
        char *joined = cb_strndup(c->a, r, tn);
        for (size_t k = 0; k < tn; k++)
          if (joined[k] == '\n' || joined[k] == '\r') joined[k] = ' ';
        cb_attrs at = {0};
        size_t te = 0;
        if (html_markdown_open(c->a, joined, tn, tl, &at, &te)) {
          size_t ix;
          cb_ph *ph = cb_ph_new(c, CB_PH_DIV_OPEN, line, &ix);
          ph->attrs = at;
          ph->orig = r;
          ph->orig_len = lend - (size_t)(r - s);
          cb_buf_put(out, l, pl);
          emit_block_ml(&P, ix, r, ph->orig_len, l, pl);
          md_raw_end[n_md] = 0;
          md_tag[n_md] = tname;
          md_tag_len[n_md++] = tl;
          for (const char *x = r; x < s + lend; x++)
            if (*x == '\n') line0++;
          end = lend;
          prev_blank = true;
          prev_was_ial = false;
          goto next;
        }
      }
    }

    /* kramdown parses Markdown inside <div markdown="1"> (how notices are often written)
     * and any block element with that attribute */
    if (pl <= 3 && rl >= 5 && r[0] == '<' && n_md < sizeof md_tag / sizeof *md_tag) {
      const char *tname = NULL;
      size_t tl = cb_md_block_tag(r, rl, &tname);
      cb_attrs at = {0};
      size_t te = 0, mixed_end = 0;
      bool md_open = tl && html_markdown_open(c->a, r, rl, tl, &at, &te);
      if (!md_open && tl && te + 1 == rl && cb_div_tag(tname, tl) &&
          (size_t)(r - s) < P.html_fail) {
        /* a container of markdown="1" elements (cb_kd_transparent): read as one itself */
        size_t re = html_region_end(c, s, n, (size_t)(r - s), (size_t)line0, r + 1, tl),
               c0 = end + 1, c1 = re;
        region_at = (size_t)(r - s), region_at_end = re; /* (for the raw region below) */
        while (c1 > c0 && s[c1 - 1] != '\n')
          c1--;
        size_t en = rtrim_len(s + c1, re - c1), ep = prefix_len(s + c1, en);
        bool ends_alone = re > c0 && c1 > c0 && en - ep == tl + 3 && s[c1 + ep + 1] == '/';
        md_open = ends_alone && cb_kd_transparent(s + c0, c1 - c0);
        if (!md_open && ends_alone && !P.lb && !memchr(l, '>', pl) &&
            cb_kd_holds_md(s + c0, c1 - c0)) {
          /* with text of its own too: that stays raw (below), its elements are Markdown */
          md_open = true;
          mixed_end = c1;
        } else if (!re && !n_md && !P.lb && !memchr(l, '>', pl)) {
          /* never closed: kramdown's raw element takes the rest of the page, and parses the
           * markdown="1" elements in it as Markdown (a theme's grid `<div class="row">` whose
           * end tag the layout writes) */
          /* (searched once: after it the container is open to the end, or the raw region
           * below takes the rest) */
          if (cb_kd_holds_md(s + c0, n - c0)) {
            cb_warn(c->d, (cb_pos){c->file, line, (int)(r - l) + 1},
                    "HTML element <%.*s> is never closed; the rest of the page is its content "
                    "(as kramdown reads it)",
                    (int)tl, r + 1);
            md_open = true;
            mixed_end = n;
          }
        }
      }
      if (md_open && te + 1 < rl) {
        /* `<p markdown="span" ...>text</p>` on one line: the text is Markdown; the element's
         * attributes go to its paragraph (a p) or make it a notice (kramdown wraps it) */
        bool closes = rl >= te + 1 + tl + 3 && r[rl - tl - 3] == '<' && r[rl - tl - 2] == '/' &&
                      ieq(r + rl - tl - 1, tname, tl);
        if (closes) {
          cb_buf_put(out, l, pl);
          cb_buf_put(out, r + te + 1, rl - tl - 3 - te - 1);
          cb_notice_kind kind;
          bool notice = false;
          for (const cb_strlist *q = at.classes; q && !notice; q = q->next)
            notice = cb_notice_from_class(q->s, &kind);
          if ((tl == 1 && (tname[0] == 'p' || tname[0] == 'P')) || notice) {
            size_t ix;
            cb_ph *ph = cb_ph_new(c, CB_PH_IAL_BLOCK, line, &ix);
            ph->attrs = at;
            ph->orig = "";
            ph->orig_len = 0;
            ph_emit_inline(c, out, ix);
          }
          prev_blank = false;
          prev_was_ial = false;
          goto next;
        }
        md_open = false;
      }
      if (md_open) {
        size_t ix;
        cb_ph *ph = cb_ph_new(c, CB_PH_DIV_OPEN, line, &ix);
        ph->attrs = at;
        ph->orig = r;
        ph->orig_len = rl;
        cb_buf_put(out, l, quote_part(l, pl));
        cb_ph_emit(c, out, ix);
        md_raw_end[n_md] = mixed_end;
        md_tag[n_md] = tname;
        md_tag_len[n_md++] = tl;
        prev_blank = true;
        prev_was_ial = false;
        goto next;
      }
    }
    if (n_md && pl <= 3 && rl >= md_tag_len[n_md - 1] + 3 && r[0] == '<' && r[1] == '/' &&
        ieq(r + 2, md_tag[n_md - 1], md_tag_len[n_md - 1]) && r[md_tag_len[n_md - 1] + 2] == '>' &&
        cb_kd_only_comments(r + md_tag_len[n_md - 1] + 3, rl - md_tag_len[n_md - 1] - 3)) {
      /* (`</div><!-- /.columns -->`: kramdown reads the comment after it as a block of its
       * own, which shows nothing) */
      size_t ix;
      cb_ph *ph = cb_ph_new(c, CB_PH_DIV_CLOSE, line, &ix);
      prev_nb = true;
      ph->orig = r;
      ph->orig_len = rl;
      cb_buf_put(out, l, quote_part(l, pl));
      cb_ph_emit(c, out, ix);
      n_md--;
      prev_blank = true;
      prev_was_ial = false;
      goto next;
    }

    /* kramdown's paragraph goes on over a <script> element (its lazy-end rule passes span
     * elements and script; cmark's HTML block would end the paragraph); the element shows
     * nothing, so each of its lines is an empty text line of the paragraph */
    if (prev_para && !P.lb && !pl && rl >= 8 && r[0] == '<' &&
        strncasecmp(r + 1, "script", 6) == 0 && (r[7] == '>' || r[7] == ' ' || r[7] == '\t') &&
        (size_t)(r - s) >= script_stop) {
      size_t se = para_script_end(s, n, (size_t)(r - s), &script_stop);
      if (se) {
        cb_warn(c->d, (cb_pos){c->file, line, 1},
                "raw HTML: removed element script (in a paragraph, which goes on after it)");
        emit_empty_text(c, out, line);
        empty_text_lines(&P, out, l, s + se, s + n, &line0);
        end = se;
        goto next_keep_para;
      }
    }

    /* kramdown keeps a block-level HTML element raw up to its matching end tag, blank lines
     * and Markdown-looking text included (cmark-gfm would end the block at a blank line) */
    /* (after a blank line, a paragraph line the placeholder interrupts, or a line that ends a
     * block (block_next); right after another HTML line cmark would take the placeholder into
     * that HTML block) */
    if (pl <= 3 && !memchr(l, '>', pl) && rl >= 3 && r[0] == '<' &&
        (prev_blank || prev_para || line0 == block_next)) {
      size_t tl = cb_md_block_tag(r, rl, NULL);
      if (tl && (size_t)(r - s) >= P.html_fail) tl = 0;
      size_t region_end = !tl ? 0
                          : (size_t)(r - s) == region_at
                              ? region_at_end
                              : html_region_end(c, s, n, (size_t)(r - s), (size_t)line0, r + 1, tl);
      if (tl && !region_end && !n_md && (size_t)line0 < lm->n && lm->raw_end[line0]) {
        /* never closed: kramdown's raw element takes the rest of the text it parses there
         * (the page, or the item's), as it is (the list pass found where that ends) */
        cb_warn(c->d, (cb_pos){c->file, line, (int)(r - l) + 1},
                "HTML element <%.*s> is never closed; the rest of the %s is its raw content "
                "(as kramdown reads it)",
                (int)tl, r + 1, P.lb ? "list item" : "page");
        region_end = end;
        for (size_t k = (size_t)line0 + 1; k < lm->raw_end[line0] && region_end < n; k++) {
          const char *e2 = memchr(s + region_end + 1, '\n', n - region_end - 1);
          region_end = e2 ? (size_t)(e2 - s) : n;
        }
      }
      if (tl && !region_end) P.html_fail = (size_t)(r - s);
      if (region_end) {
        size_t ix;
        /* its lines lose the containers' prefixes (a quote's `> `, the item's indentation),
         * not the block's own indentation: kramdown keeps that (a `<pre>`'s text) */
        size_t quote_w = 0;
        for (size_t q = 0; q < pl; q++)
          if (l[q] == '>') quote_w = q + 1 + (q + 1 < pl && l[q + 1] == ' ');
        raw_html_ph(&P, line, (size_t)line0, r, region_end - (size_t)(r - s), quote_w + P.lb, &ix);
        consumed_end = region_end;
        cb_buf_put(out, l, pl);
        emit_block_ml(&P, ix, r, consumed_end - (size_t)(r - s), l, pl);
        for (const char *q = l; q < s + consumed_end; q++)
          if (*q == '\n') line0++;
        end = consumed_end;
        prev_was_ial = false;
        block_next = line0 + 1;
        goto next_block;
      }
    }

    /* a link definition kramdown reads and cmark would not (a URL with white space in it,
     * `[//]: [Show Solution](x.pdf)`, a comment idiom): written in cmark's `<…>` form */
    size_t u0, u1, t0, t1;
    if ((prev_blank || line0 == block_next) && pl <= 3 && rl >= 4 && r[0] == '[' &&
        kd_linkdef(r, rl, &u0, &u1, &t0, &t1)) {
      block_next = line0 + 1; /* kramdown ends the block after a definition */
      later_linkdef(&P, out, r, rl, out->len + (size_t)(r - l) + 1);
      bool spaced = false;
      for (size_t k = u0; k < u1 && !spaced; k++)
        spaced = r[k] == ' ' || r[k] == '\t';
      if (spaced) {
        cb_buf_put(out, l, (size_t)(r - l));
        cb_buf_put(out, r, (size_t)(memchr(r, ']', rl) - (const void *)r) + 2);
        cb_buf_puts(out, " <");
        for (size_t k = u0; k < u1; k++) {
          if (r[k] == '<' || r[k] == '>' || r[k] == '\\') cb_buf_putc(out, '\\');
          cb_buf_putc(out, r[k]);
        }
        cb_buf_putc(out, '>');
        if (t1 > t0) {
          cb_buf_puts(out, " \"");
          for (size_t k = t0; k < t1; k++) {
            if (r[k] == '"' || r[k] == '\\') cb_buf_putc(out, '\\');
            cb_buf_putc(out, r[k]);
          }
          cb_buf_putc(out, '"');
        }
        prev_blank = false;
        prev_was_ial = false;
        goto next;
      }
    }

    /* ALD {:name: attrs} and block IAL {: attrs} alone on a line */
    if (rl >= 4 && r[0] == '{' && r[1] == ':' && r[rl - 1] == '}' && cb_ial_span_len(r, rl) == rl) {
      size_t k = 2;
      while (k < rl && (is_wch(r[k]) || (k > 2 && r[k] == '-')))
        k++;
      size_t ix;
      if (k > 2 && k < rl && r[k] == ':') {
        ald_define(&P, r + 2, k - 2, r + k + 1, rl - k - 2);
        emit_none_line(c, out, l, pl, line);
        prev_blank = prev_nb = true; /* an ALD ends the block before it */
        prev_was_ial = false;
        goto next;
      }
      cb_ph *ph = cb_ph_new(c, CB_PH_IAL_BLOCK, line, &ix);
      if (cb_ial_parse(c->a, r + 2, rl - 3, &ph->attrs, &ph->refs) == 0)
        cb_warn(c->d, (cb_pos){c->file, line, 0}, "no or invalid attributes in IAL '%.*s'", (int)rl,
                r);
      resolve_refs(&P, ph);
      /* kramdown: after a blank line it is for the next block; a run of IAL lines shares
       * the first one's decision */
      /* (a blank line of a quote or list that has ended, `>` alone, is none out here) */
      ph->after_blank = prev_was_ial ? prev_ial_blank : prev_blank && P.lb >= blank_lb;
      prev_ial_blank = ph->after_blank;
      prev_nb = !ph->after_blank;
      ph->orig = r;
      ph->orig_len = rl;
      cb_buf_put(out, l, pl);
      cb_ph_emit(c, out, ix);
      prev_was_ial = true;
      prev_blank = false;
      block_next = line0 + 1; /* (its placeholder is a block of its own for cmark) */
      goto next;
    }

    /* display math: $$ at the start of a block, up to a line ending in $$ (blank lines
     * inside included: kramdown's math block runs to the next $$) */
    if (prev_blank && !nb_m1 && prefix_indent(l, pl) <= 3 && rl >= 2 && r[0] == '$' &&
        r[1] == '$') {
      size_t after, close = first_dollars(s, n, (size_t)(r - s) + 2, &after);
      bool found = false;
      if (close != (size_t)-1 && (after >= n || s[after] == '\n')) {
        /* the next line in another list item (or out of this one) ends the item's text */
        size_t nx = (size_t)line0 + 1;
        for (size_t q = pos; q < after; q++)
          nx += s[q] == '\n';
        /* (a list starting right after it is no boundary: kramdown's is a blank line, an IAL,
         * `^` or the end of the text, which a sibling item or a shorter prefix is) */
        bool item_ends = nx < lm->n && (lm->base[nx] < lm->base[line0] ||
                                        (lm->item[nx] && lm->base[nx] <= lm->base[line0]));
        found = item_ends || math_block_boundary(s, n, after, pl + P.lb);
      }
      if (found && close >= (size_t)(r - s) + 2) {
        size_t ix;
        cb_ph *ph = cb_ph_new(c, CB_PH_MATH_BLOCK, line, &ix);
        size_t b0 = (size_t)(r - s) + 2;
        const char *body = unprefix(c->a, s + b0, close - b0, pl + P.lb);
        ph->text = trim_dup(c->a, body, strlen(body), &ph->text_len);
        const char *e2 = memchr(s + close, '\n', n - close);
        consumed_end = e2 ? (size_t)(e2 - s) : n;
        ph->orig = r;
        ph->orig_len = consumed_end - (size_t)(r - s);
        cb_buf_put(out, l, pl);
        emit_block_ml(&P, ix, r, consumed_end - (size_t)(r - s), l, pl);
        for (const char *q = l; q < s + consumed_end; q++)
          if (*q == '\n') line0++;
        end = consumed_end;
        prev_blank = false;
        prev_was_ial = false;
        goto next;
      }
    }

    /* abbreviation definition `*[HTML]: Hyper Text Markup Language` */
    if (pl <= 3 && rl >= 5 && r[0] == '*' && r[1] == '[') {
      const char *close = NULL;
      for (size_t k = 3; k + 1 < rl; k++)
        if (r[k] == ']' && r[k + 1] == ':') {
          close = r + k;
          break;
        }
      if (close) {
        if (c->n_abbrs == c->cap_abbrs) {
          c->cap_abbrs = c->cap_abbrs ? c->cap_abbrs * 2 : 8;
          c->abbrs = cb_xrealloc(c->abbrs, c->cap_abbrs * sizeof *c->abbrs);
        }
        struct cb_abbr *ab = &c->abbrs[c->n_abbrs++];
        ab->key = cb_strndup(c->a, r + 2, (size_t)(close - r - 2));
        ab->key_len = (size_t)(close - r - 2);
        size_t tl;
        ab->title = trim_dup(c->a, close + 2, rl - (size_t)(close + 2 - r), &tl);
        emit_none_line(c, out, l, pl, line);
        prev_blank = prev_nb = true;
        prev_was_ial = false;
        goto next;
      }
    }

    /* a stage-1 block placeholder line: Jekyll's include output ends with blank lines */
    {
      char b1[24];
      int bl = snprintf(b1, sizeof b1, "<!--%s:", c->tag);
      bool is_ph = rl > (size_t)bl && memcmp(r, b1, (size_t)bl) == 0;
      bool has_pipe = memchr(r, '|', rl) != NULL;
      size_t ind = 0;
      while (ind < pl && l[ind] == ' ')
        ind++;
      if (!in_table && !break_delim && has_pipe && !is_ph && ind == pl &&
          (prev_blank || prev_was_ial) && delim_row(r, rl) && header_after(s, n, end)) {
        /* kramdown skips a table's leading delimiter row: the rows up to the next one are
         * its header */
        emit_none_line(c, out, l, pl, line);
        prev_blank = true;
        prev_was_ial = false;
        goto next;
      }
      if (!in_table && !break_delim && has_pipe && !is_ph && ind == pl &&
          (prev_blank || prev_was_ial)) {
        size_t te = headerless_table_end(s, n, pos, lm, (size_t)line0);
        if (te) {
          /* its rows' inline syntax prepared here, as any line's; the rows are split in
           * the converter (headerless_table) */
          cb_buf rows = CB_BUF_INIT, *saved = P.out;
          P.out = &rows;
          int k = 0;
          for (size_t q = pos; q < te; k++) {
            if (k) q += lm->base[line0 + k];
            const char *e = memchr(s + q, '\n', te - q);
            size_t le = e ? (size_t)(e - s) : te;
            pre_inline(&P, s + q, le - q, out_line_src(&P, line0 + k), true);
            cb_buf_putc(&rows, '\n');
            q = le + 1;
          }
          P.out = saved;
          size_t ix;
          cb_ph *ph = cb_ph_new(c, CB_PH_TABLE, line, &ix);
          ph->text = cb_strndup(c->a, rows.data, rows.len);
          ph->text_len = rows.len;
          ph->orig = l;
          ph->orig_len = te - pos;
          cb_buf_free(&rows);
          emit_block_ml(&P, ix, l, te - pos, l, 0);
          line0 += k - 1;
          end = te;
          prev_blank = false;
          prev_was_ial = false;
          goto next;
        }
      }
      if (in_table && !has_pipe) in_table = false;
      if (!in_table && has_pipe && !break_delim && end < n) {
        const char *nx = s + end + 1;
        const char *nxe = memchr(nx, '\n', n - end - 1);
        if (delim_row(nx, nxe ? (size_t)(nxe - nx) : n - end - 1)) {
          /* kramdown: a table needs a blank line (or a block IAL) before it; directly after
           * a paragraph line, a heading, a rule, a fence or an HTML line it is paragraph text,
           * and so is a table with no body row */
          /* and a body: kramdown ignores a table with none (text then) */
          const char *after = nxe ? nxe + 1 : s + n;
          const char *ae = after < s + n ? memchr(after, '\n', (size_t)(s + n - after)) : NULL;
          size_t al = after < s + n ? (ae ? (size_t)(ae - after) : (size_t)(s + n - after)) : 0;
          bool body = al && !blank_line(after, al) && memchr(after, '|', al);
          size_t width = 0;
          if ((size_t)(after - s) >= rows_stop)
            rows_ok = rows_end_at_boundary(s, n, (size_t)(after - s), lm, (size_t)line0 + 2, P.lb,
                                           r[0] == '|', &rows_stop, &width);
          if ((!prev_blank && !prev_was_ial) || nb_m1 || !body || !rows_ok) {
            break_delim = true;
          } else {
            in_table = true;
            table_lead = r[0] == '|';
            table_qd = 0;
            for (size_t q = 0; q < pl; q++)
              table_qd += l[q] == '>';
            table_row = 0;
            table_cols = row_cells(r, rl);
            /* a row with more cells widens the table (kramdown pads the others; cmark would
             * drop the row's extra cells): the header gets empty cells, the delimiter row
             * alignments (below) */
            header_extra = width > table_cols ? width - table_cols : 0;
            table_cols += header_extra;
          }
        }
      } else if (in_table && table_row == 0) {
        /* the delimiter row, written again as cmark needs it: one cell per column.  kramdown
         * finds the alignments as runs of `:?-+:?` anywhere on the line (TABLE_HSEP_ALIGN), so
         * `||`, `+` and `-:--:` need no cells of their own; missing ones are the default and
         * extra ones are ignored */
        table_row = 1;
        if (l <= r) {
          cb_buf_put(out, l, (size_t)(r - l));
          size_t k = 0, col = 0;
          for (; col < table_cols; col++) {
            bool left = false, right = false, found = false;
            while (k < rl && !found) {
              size_t q = k;
              if (r[q] == ':') q++;
              if (q < rl && r[q] == '-') {
                left = q > k;
                while (q < rl && r[q] == '-')
                  q++;
                right = q < rl && r[q] == ':';
                k = q + right;
                found = true;
              } else {
                k++;
              }
            }
            cb_buf_puts(out, !found          ? "|---"
                             : left && right ? "|:-:"
                             : left          ? "|:--"
                             : right         ? "|--:"
                                             : "|---");
          }
          cb_buf_putc(out, '|');
          l += ll;
          ll = 0;
        }
      } else if (in_table && delim_row(r, rl) && (end >= n || blank_line_at(s, n, end + 1))) {
        /* a delimiter row that ends the table: kramdown writes nothing for it */
        emit_none_line(c, out, l, pl, line);
        in_table = false;
        prev_was_ial = false;
        goto next_block;
      } else if (in_table && delim_row(r, rl) && l <= r) {
        /* a separator line among the rows: kramdown begins a new body there (cmark would
         * read a row of dashes); a row holding only the mark, dropped by the converter */
        size_t ix;
        cb_ph_new(c, CB_PH_ROW_SEP, line, &ix);
        cb_buf_put(out, l, (size_t)(r - l));
        cb_buf_puts(out, "| ");
        ph_emit_inline(c, out, ix);
        cb_buf_puts(out, " |");
        l += ll;
        ll = 0;
      } else if (in_table && !table_lead && r[0] == '|' && l <= r) {
        /* kramdown drops a row's empty first cell only when the table's first line starts
         * with a pipe; otherwise `|x` is an empty cell, then x (cmark: x) */
        cb_buf_put(out, l, (size_t)(r - l));
        cb_buf_putc(out, '|');
        ll -= (size_t)(r - l);
        l = r;
      } else if (in_table && table_row &&
                 (row_quote_at(l, pl, table_qd) < pl || row_escape_at(r, rl) < rl)) {
        /* a row cmark would read as the start of another block (`> x | y`, `- x | y`, a
         * comment): kramdown's table goes on while a line has a pipe; an escaped character
         * is text to cmark too (a `>` beyond the table's own quote prefix included) */
        size_t at = row_quote_at(l, pl, table_qd);
        if (at == pl) at = (size_t)(r - l) + row_escape_at(r, rl);
        cb_buf_put(out, l, at);
        cb_buf_putc(out, '\\');
        cb_buf_putc(out, l[at]); /* (past it: the rest of a comment is text then) */
        ll -= at + 1;
        l += at + 1;
      } else if (break_delim) {
        break_delim = false;
        const char *bar = memchr(l, '|', ll);
        if (bar) {
          P.part = true; /* text, dashes included, though not the whole line */
          pre_inline(&P, l, (size_t)(bar - l), line, false);
          P.part = false;
          cb_buf_putc(out, '\\');
          ll -= (size_t)(bar - l);
          l = bar;
        }
      }
      /* kramdown: a setext heading is one line of text after a blank line; other
       * underlines stay text (`---` typographic dashes, as kramdown prints them) */
      if (prev_para && (!blank_m2 || nb_m2) && ind == pl && ind + own <= 3 && rl >= 1 &&
          (r[0] == '-' || r[0] == '=')) {
        size_t q = 0;
        while (q < rl && r[q] == r[0])
          q++;
        if (q == rl) {
          cb_buf_put(out, l, pl);
          if (r[0] == '=') {
            cb_buf_putc(out, '\\');
            cb_buf_put(out, r, rl);
          } else {
            size_t d = rl;
            for (; d >= 3; d -= 3)
              cb_buf_puts(out, "\u2014");
            if (d == 2) cb_buf_puts(out, "\u2013");
            if (d == 1) cb_buf_putc(out, '-');
          }
          prev_blank = false;
          prev_was_ial = false;
          prev_para = true;
          goto next_keep_para;
        }
      }
      /* kramdown: a `***` / `___` rule needs a blank line before it; after a paragraph
       * line it is text */
      if (prev_para && ind == pl && ind + own <= 3 && rl >= 3 && (r[0] == '*' || r[0] == '_')) {
        size_t cnt = 0;
        bool only = true;
        for (size_t q = 0; q < rl && only; q++) {
          if (r[q] == r[0])
            cnt++;
          else if (r[q] != ' ' && r[q] != '\t')
            only = false;
        }
        bool spaced = r[1] == ' ' || r[1] == '\t';
        if (only && cnt >= 3 && !(r[0] == '*' && spaced)) {
          /* `* * *` starts a list item for kramdown, which ends the paragraph: then a rule */
          cb_buf_put(out, l, pl);
          cb_buf_putc(out, '\\');
          l += pl;
          ll -= pl;
        }
      }
      /* kramdown: `##` with nothing after it is text, not an empty heading */
      {
        size_t h = 0;
        while (h < rl && h < 7 && r[h] == '#')
          h++;
        /* (and so is a heading indented at all: kramdown's ATX_HEADER_START is at column 0) */
        /* (four columns in, it is code or a paragraph's text: nothing to do) */
        if (h && h <= 6 && ind == pl && pl < 4 && l <= r &&
            (blank_line(r + h, rl - h) || (pl > 0 && (h == rl || r[h] == ' ' || r[h] == '\t')))) {
          cb_buf_put(out, l, (size_t)(r - l));
          cb_buf_putc(out, '\\');
          ll -= (size_t)(r - l);
          l = r;
        }
      }
      /* `</br>` alone on a line that continues a paragraph: text for kramdown (as inside a
       * line, see the converter); cmark would end a list item or quote with it (lazy line) */
      if (prev_para && ind == pl && void_end_tag(r, rl) && l <= r) {
        cb_warn(c->d, (cb_pos){c->file, line, (int)(r - l) + 1},
                "'%.*s' closes no element; kept as text, as kramdown does", (int)rl, r);
        cb_buf_put(out, l, (size_t)(r - l));
        cb_buf_putc(out, '\\');
        ll -= (size_t)(r - l);
        l = r;
      }
      /* kramdown: a marker with nothing after it (`1.` or `-` alone on its line) starts no
       * list (its PATTERN_TAIL wants a space); cmark would read an empty item */
      {
        size_t le = ll && l[ll - 1] == '\r' ? ll - 1 : ll, m = pl;
        while (m < le && l[m] >= '0' && l[m] <= '9')
          m++;
        bool bare = (m > pl && m - pl <= 9 && m + 1 == le && l[m] == '.') ||
                    (le == pl + 1 && (l[pl] == '-' || l[pl] == '*' || l[pl] == '+'));
        if (bare && !prev_para && ind == pl && ind + own <= 3) {
          size_t at = m > pl ? m : pl; /* (before the `.`: a digit takes no escape) */
          cb_buf_put(out, l, at);
          cb_buf_putc(out, '\\');
          l += at;
          ll -= at;
        }
      }
      /* kramdown: `1)` is no list marker */
      size_t dg = pl;
      while (dg < ll && l[dg] >= '0' && l[dg] <= '9')
        dg++;
      if (ind == pl && ind + own <= 3 && dg > pl && dg - pl <= 9 && dg < ll && l[dg] == ')' &&
          (dg + 1 == ll || l[dg + 1] == ' ' || l[dg + 1] == '\t')) {
        cb_buf_put(out, l, dg);
        cb_buf_putc(out, '\\');
        l += dg;
        ll -= dg;
      }
      /* kramdown: any `N.` item interrupts a paragraph (CommonMark: only `1.`); the number
       * does not matter to kramdown anyway */
      size_t d = pl;
      while (d < ll && l[d] >= '0' && l[d] <= '9')
        d++;
      if (prev_para && ind == pl && ind + own <= 3 && d > pl && d - pl <= 9 && d + 1 < ll &&
          l[d] == '.' && (l[d + 1] == ' ' || l[d + 1] == '\t') && !(d == pl + 1 && l[pl] == '1')) {
        cb_buf_put(out, l, pl);
        cb_buf_putc(out, '1');
        ll -= d;
        l += d;
      }
      /* kramdown's span parser sees the paragraph, not the line: `$$` math left open on
       * this line closes on a later line of it; the math (line breaks and all) becomes one
       * placeholder here, and the lines it spans keep the paragraph going */
      size_t mo = !in_table ? open_math(l, ll) : (size_t)-1;
      if (mo != (size_t)-1) {
        size_t q = end + 1, close = 0, close_le = 0;
        int lines = 0;
        while (q < n) {
          const char *e = memchr(s + q, '\n', n - q);
          size_t le = e ? (size_t)(e - s) : n;
          size_t li = (size_t)line0 + (size_t)lines + 1;
          if (blank_line(s + q, le - q) || (li < lm->n && lm->item[li])) break;
          lines++;
          const char *dd = cb_find_str(s + q, le - q, "$$");
          if (dd) {
            close = (size_t)(dd - s);
            close_le = le;
            break;
          }
          q = le + 1;
        }
        if (close) {
          pre_inline(&P, l, mo, line, false);
          size_t ix, b0 = (size_t)(l - s) + mo + 2;
          cb_ph *ph = cb_ph_new(c, CB_PH_MATH_INLINE, line, &ix);
          const char *body = unprefix(c->a, s + b0, close - b0, pl + P.lb);
          ph->text = trim_dup(c->a, body, strlen(body), &ph->text_len);
          ph->orig = l + mo;
          ph->orig_len = close + 2 - b0 + 2;
          ph->breaks = lines;
          ph_emit_inline(c, out, ix);
          if (blank_line(l, mo)) emit_empty_text(c, out, line); /* not an HTML block */
          /* each further line: its prefix and an empty placeholder (text for cmark) */
          size_t p2 = end + 1;
          for (int k = 0; k < lines; k++) {
            const char *e = memchr(s + p2, '\n', n - p2);
            size_t le = e ? (size_t)(e - s) : n;
            cb_buf_putc(out, '\n');
            size_t pre2 = prefix_len(s + p2, le - p2);
            cb_buf_put(out, s + p2, pre2);
            emit_empty_text(c, out, out_line_src(&P, line0 + k + 1));
            if (k == lines - 1)
              pre_inline(&P, s + close + 2, close_le - close - 2, out_line_src(&P, line0 + k + 1),
                         false);
            p2 = le + 1;
          }
          line0 += lines;
          end = close_le;
          prev_blank = false;
          prev_was_ial = false;
          prev_para = true;
          goto next_keep_para;
        }
      }
      /* kramdown's GFM parser breaks the line at a `\\` ending it (cmark reads an escaped
       * backslash): two spaces say the same to cmark.  Backslashes before it pair up as
       * escapes, so an even run breaks (`\\\\` is `\` and a break); an odd one ends in
       * backslash-newline, a break for both. */
      bool bs_break = false;
      size_t bs_run = 0;
      while (bs_run < rl && r[rl - 1 - bs_run] == '\\')
        bs_run++;
      if (!in_table && bs_run >= 2 && bs_run % 2 == 0 && end < n) {
        const char *nx = s + end + 1, *nxe = memchr(nx, '\n', n - end - 1);
        bs_break = !blank_line(nx, nxe ? (size_t)(nxe - nx) : n - end - 1);
        if (bs_break) ll = (size_t)(r - l) + rl - 2;
      }
      /* kramdown: a line starting with a span-level element (<br>, <img>, <span>, …) is
       * paragraph text; cmark makes a tag alone on its line an HTML block unless something
       * follows it: an empty placeholder does */
      size_t span_tag = !prev_para && !in_table ? cb_md_span_tag(r, rl) : 0;
      /* a rule starting a block (no blank to fill in, see pre_inline; no paragraph after it) */
      bool rule = !prev_para && !in_table && cb_kd_hrule(r, rl);
      P.dash_text = prev_para && !in_table && dash_text_line(r, rl);
      if (rule)
        cb_buf_put(out, l, ll);
      else
        pre_inline(&P, l, ll, line, in_table);
      P.dash_text = false;
      for (size_t k = 0; header_extra && k <= header_extra && rl; k++) /* (see table_cols) */
        if (k || r[rl - 1] != '|') cb_buf_puts(out, " |");
      /* (a line of only `\\`: spaces alone would make it blank, a backslash is a break too) */
      if (bs_break) cb_buf_puts(out, blank_line(l, ll) ? "\\" : "  ");
      if (span_tag && blank_line(r + span_tag, rl - span_tag)) emit_empty_text(c, out, line);
      prev_blank = is_ph;
      prev_was_ial = false;
      prev_para =
          !is_ph && !in_table && !rule && r[0] != '#' && (r[0] != '<' || cb_md_span_tag(r, rl));
      if (!in_table && !P.lb && pl == 0 && r[0] == '#') block_next = line0 + 1; /* (ATX) */
      goto next_keep_para;
    }
  next_block: /* a block ended on this line: an IAL right after applies to it */
    prev_para = false;
    in_table = false;
    prev_blank = false;
    goto advance;
  next:
    prev_para = false;
    in_table = in_table && !blank_line(l, ll);
    goto advance;
  next_keep_para:
  advance:
    prev_line = whole;
    prev_end = s + end;
    if (lone_inline_ph(c, out, out_start)) emit_empty_text(c, out, line);
    line0++;
    pos = end;
    if (pos < n) {
      cb_buf_putc(out, '\n');
      pos++;
    }
  }
  cb_strmap_free(&P.ald_idx);
  cb_strmap_free(&P.defs);
  free(P.alds);
  free(P.ald_mark);
}

/* h (after `scheme://`) starts with a host name made of letters, digits, `-` and `.` (UTF-8
 * letters too), with an optional port: a typo such as `cs3451=f21.github.io` is no host. */
static bool url_host_ok(const char *h) {
  size_t k = 0;
  while (h[k] && h[k] != '/' && h[k] != ':' && h[k] != '?' && h[k] != '#') {
    unsigned char ch = (unsigned char)h[k++];
    if (!(isalnum(ch) || ch == '-' || ch == '.' || ch >= 0x80)) return false;
  }
  return k > 0;
}

/* ---- stage 3: cmark-gfm tree -> model ---- */

/* The container (CB_NODE_DIV) element for a block element with markdown="1" (kramdown keeps
 * the element around the Markdown it parses inside), or NULL: elements with their own content
 * model (p, lists, tables, pre, media) hold no blocks, their content joins the parent. */
static const char *div_element(const char *name, size_t n) {
  static const char *const as_div[] = {"center", "dialog", "fieldset", "form", "main"};
  const char *t = cb_div_tag(name, n);
  for (size_t i = 0; !t && i < sizeof as_div / sizeof *as_div; i++)
    if (strlen(as_div[i]) == n && strncasecmp(as_div[i], name, n) == 0) t = "div";
  return t;
}

/* Marks a heading inside <div markdown="1"> until assign_ids gives it kramdown's basic id. */
static const char basic_id_pending[] = "";

typedef struct conv {
  int eat_breaks;  /* line breaks an inline math placeholder took (dropped, see below) */
  bool sep_row;    /* the table row being read is a separator line (CB_PH_ROW_SEP) */
  bool group_next; /* and so the next row begins a new group */
  cb_mdctx *c;
  cb_arena *a;
  const char *buf;  /* the text cmark parsed */
  size_t buf_len;   /* its length (buf holds no NUL before it) */
  size_t *line_off; /* start offset of each line of buf (0-based) */
  size_t n_line_off;
  cb_node **stack;
  /* stack entry opened by <div markdown="1"> (not by a cmark node): 1 = kramdown's basic
   * heading ids inside; 2 = opened for a markdownify value (GFM ids, as its own rendering) */
  unsigned char *is_div;
  cb_ph *line_ial; /* attributes for the paragraph being read (one-line markdown element) */
  size_t depth, cap;
  cb_buf text; /* consecutive text, merged into one node */
  cb_pos text_pos;
  bool have_text;
  size_t typo_end; /* text.len + 1 right after a typographic placeholder's text (0: none) */
  /* a block IAL waiting for the next block of the container it was found in */
  cb_node *pend_parent;
  cb_attrs pend;
  cb_strlist *pend_refs;
  bool have_pend;
  /* footnotes: cmark numbers refs in order of first reference and emits the definitions in
   * that order; def_by_num[k-1] is the k-th definition */
  cb_node **defs;
  size_t n_defs, cap_defs;
  cb_node **refs;
  size_t n_refs, cap_refs;
  int cell_col;            /* column of the next cell in the current table row */
  const cb_pos *force_pos; /* position for every node (a figure caption's own parse) */
  cb_node **dls; /* lists made of `: definition` items, turned into definition lists after */
  size_t n_dls, cap_dls;
  /* the page's link definitions (label -> line of buf), for cells parsed on their own */
  cb_strmap refdefs;
  bool have_refdefs;
  const char **refdef_at;
  size_t n_refdef, cap_refdef;
} conv;

/* kramdown closes a span-level HTML element left open at the end of its paragraph, heading or
 * table cell (with a warning): the element then holds the rest of that text.  The closing
 * tags are added to the block, so a backend pairs them as written ones. */
static void close_open_tags(conv *v, cb_node *block) {
  typedef char tag_name[16];
  tag_name *open = NULL;
  size_t n = 0, cap = 0;
  for (cb_node *c = block->first; c; c = c->next) {
    tag_name name;
    int k = c->type == CB_NODE_HTML_INLINE ? cb_html_tag_kind(c->text, c->text_len, name) : 0;
    if (k == CB_TAG_OPEN) {
      if (n == cap) {
        cap = cap ? cap * 2 : 8;
        open = cb_xrealloc(open, cap * sizeof *open);
      }
      memcpy(open[n++], name, sizeof name);
    } else if (k == CB_TAG_CLOSE) {
      size_t d = n;
      while (d && strcmp(open[d - 1], name) != 0)
        d--;
      if (d) {
        n = d - 1; /* closes it and what was left open inside it */
      } else {
        /* kramdown's span parser shows an end tag that closes nothing as text (and warns) */
        cb_warn(v->c->d, c->pos, "'%.*s' closes no element; kept as text, as kramdown does",
                (int)c->text_len, c->text);
        c->type = CB_NODE_TEXT;
      }
    }
  }
  if (n)
    cb_warn(v->c->d, block->pos, "HTML element <%s>%s never closed; closed at the end of the block",
            open[n - 1], n > 1 ? " (and others) is" : " is");
  while (n--) {
    cb_node *cl = cb_node_new(v->a, CB_NODE_HTML_INLINE, block->pos);
    cl->text = cb_sprintf(v->a, "</%s>", open[n]);
    cl->text_len = strlen(cl->text);
    cb_node_append(block, cl);
  }
  free(open);
}

static cb_node *top(conv *v) {
  return v->stack[v->depth - 1];
}

static void push_kind(conv *v, cb_node *n, unsigned char div) {
  if (v->depth == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 32;
    v->stack = cb_xrealloc(v->stack, v->cap * sizeof *v->stack);
    v->is_div = cb_xrealloc(v->is_div, v->cap * sizeof *v->is_div);
  }
  v->is_div[v->depth] = div;
  v->stack[v->depth++] = n;
}

static void push(conv *v, cb_node *n) {
  push_kind(v, n, false);
}

/* Close the <div markdown="1"> entries on top of the stack (at their </div>, or unclosed at
 * the end of the cmark container that holds them). */
static void pop_divs(conv *v, bool one) {
  while (v->depth > 1 && v->is_div[v->depth - 1]) {
    v->depth--;
    if (one) break;
  }
}

static cb_pos node_pos(conv *v, cmark_node *n) {
  if (v->force_pos) return *v->force_pos;
  return (cb_pos){v->c->file, cb_mdctx_src_line(v->c, cmark_node_get_start_line(n)),
                  cmark_node_get_start_column(n)};
}

static bool has_non_ascii(const char *s, size_t n) {
  for (size_t k = 0; k < n; k++)
    if ((unsigned char)s[k] >= 0x80) return true;
  return false;
}

/* NFC (input is NFC, but entities and joins may not be). */
static const char *nfc(conv *v, const char *s, size_t n, size_t *out_n) {
  if (!has_non_ascii(s, n)) {
    *out_n = n;
    return cb_strndup(v->a, s, n);
  }
  return cb_text_nfc(v->a, s, n, out_n);
}

static void flush_text(conv *v) {
  if (!v->have_text) return;
  size_t n;
  const char *t = nfc(v, v->text.data ? v->text.data : "", v->text.len, &n);
  cb_node *tn = cb_node_new(v->a, CB_NODE_TEXT, v->text_pos);
  tn->text = t;
  tn->text_len = n;
  cb_node_append(top(v), tn);
  cb_buf_clear(&v->text);
  v->have_text = false;
  v->typo_end = 0;
}

static void add_text(conv *v, const char *s, size_t n, cb_pos pos) {
  if (!n) return;
  if (!v->have_text) {
    v->have_text = true;
    v->text_pos = pos;
  }
  cb_buf_put(&v->text, s, n);
}

/* kramdown's smart quotes differ from CommonMark's after punctuation: a quote is a closing one
 * after any character but a space, tab, line end, `[`, `{`, `(`, `-` or a backslash (so
 * `:"x"` and `၊"x"` give ” where cmark's flanking rules give “), unless emphasis follows it.
 * Text nodes keep cmark's quotes; an opening quote in such a place is turned around. */
static bool quote_closes_after(uint32_t prev) {
  return !(prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r' || prev == '[' ||
           prev == '{' || prev == '(' || prev == '-' || prev == '\\');
}

static uint32_t last_cp(const char *s, size_t n) {
  size_t k = n;
  while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
    k--;
  if (!k) return 0;
  k--;
  size_t i = k;
  return cb_utf8_next(s, n, &i);
}

/* kramdown's SQ_PUNCT: ASCII punctuation but `&` */
#define SQ_PUNCT "!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~"

/* kramdown's smart-quote scan (parser/kramdown/smart_quotes.rb, with Ruby's ASCII \w and \s)
 * over t[0..n), straight quotes only; kind[i] for each quote: 'l' opening, 'r' closing, 't'
 * kept as text.  A non-ASCII character stands as one byte (see sq_class): 0x81 when it is a
 * word character for \b and \B (Unicode there), else 0x80; neither is ASCII \w, space or
 * punctuation. */
static bool sq_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
static bool sq_bword(char c) { /* \b's word: ASCII \w, or a non-ASCII word character (0x81) */
  return sq_word(c) || (unsigned char)c == 0x81;
}
static bool sq_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static bool sq_quote(char c) {
  return c == '\'' || c == '"';
}

static void kd_quote_scan(const char *t, size_t n, char *kind) {
  size_t p = 0;
#define C(i) (st + (i) < n ? t[st + (i)] : 0)
  while (p < n) {
    size_t st = p; /* where SMART_QUOTES_RE, /[^\\]?["']/, matches next */
    while (st < n && !(t[st] != '\\' && st + 1 < n && sq_quote(t[st + 1])) && !sq_quote(t[st]))
      st += t[st] == '\\' ? 2 : 1; /* (an escaped character is text) */
    if (st >= n) break;
    char c0 = C(0), c1 = C(1), c2 = C(2), c3 = C(3);
    size_t o = sq_space(c0) ? 1 : 0;
    if (sq_quote(c0) && (c1 == '_' || c1 == '*') &&
        ((c2 && !sq_space(c2)) || ((c2 == '_' || c2 == '*') && c3 && !sq_space(c3)))) {
      kind[st] = 'l', p = st + 1;
    } else if (sq_quote(c0) && c1 && strchr(SQ_PUNCT, c1) && !(c2 == '.' && c3 == '.') &&
               sq_bword(c1) == sq_bword(c2)) {
      kind[st] = 'r', p = st + 1;
    } else if (sq_quote(C(o)) && sq_quote(C(o + 1)) && C(o) != C(o + 1) && sq_word(C(o + 2))) {
      kind[st + o] = kind[st + o + 1] = 'l', p = st + o + 2; /* `"'word` and `'"word` */
    } else if (C(o) == '\'' && C(o + 1) >= '0' && C(o + 1) <= '9' && C(o + 2) >= '0' &&
               C(o + 2) <= '9' && C(o + 3) == 's') { /* the '80s */
      kind[st + o] = 'r', p = st + o + 1;
    } else if (sq_space(c0) && sq_quote(c1) && sq_word(c2)) {
      kind[st + 1] = 'l', p = st + 2;
    } else if (c0 && !strchr(" \\\t\r\n[{(-", c0) && sq_quote(c1)) {
      if (sq_quote(c0)) kind[st] = 't';
      kind[st + 1] = 'r', p = st + 2;
    } else if (sq_quote(c0) && (!c1 || sq_space(c1) || (c1 == 's' && !sq_bword(c2)))) {
      kind[st] = 'r', p = st + 1;
    } else if (c1 == '\'' || (c1 == '"' && c0 != '\'')) { /* (.?)' then (.?)" */
      if (sq_quote(c0)) kind[st] = 't';
      kind[st + 1] = 'l', p = st + 2;
    } else {
      kind[st] = 'l', p = st + 1;
    }
  }
#undef C
}

/* A character as kd_quote_scan takes it: ASCII as itself, cmark's curly quotes as the
 * straight ones kramdown saw, other characters 0x81 (a word character for \b) or 0x80. */
static char sq_class(uint32_t cp) {
  if (cp < 0x80) return (char)cp;
  if (cp == 0x2018 || cp == 0x2019) return '\'';
  if (cp == 0x201C || cp == 0x201D) return '"';
  return (char)(cb_char_is_word(cp) ? 0x81 : 0x80);
}

/* Appends cp to t[*m..cap) as kd_quote_scan takes it; cmark's dashes and ellipsis stand for
 * the `--`, `---` and `...` kramdown saw. */
static void sq_put(char *t, size_t *m, size_t cap, uint32_t cp) {
  const char *src = cp == 0x2013 ? "--" : cp == 0x2014 ? "---" : cp == 0x2026 ? "..." : NULL;
  if (!src) {
    if (*m < cap) t[(*m)++] = sq_class(cp);
    return;
  }
  for (; *src && *m < cap; src++)
    t[(*m)++] = *src;
}

/* kramdown's first smart-quote rules, for a quote with no character before it in its scan,
 * given what follows it (f, possibly empty: the block's end): emphasis opens, punctuation (not
 * followed by `..`) before a boundary's absence (\B) closes, a space, `s` + boundary or the end
 * closes, anything else opens. */
static bool kd_quote_opens(const char *f, size_t fn) {
  char g[3];
  size_t gn = 0;
  for (size_t i = 0; i < fn && gn < sizeof g;)
    sq_put(g, &gn, sizeof g, cb_utf8_next(f, fn, &i));
  if (!gn) return false;
  if ((g[0] == '_' || g[0] == '*') && gn > 1 && !sq_space(g[1])) return true;
  bool word_after = gn > 1 && sq_bword(g[1]);
  if (g[0] && strchr(SQ_PUNCT, g[0]) && !(gn > 2 && g[1] == '.' && g[2] == '.') &&
      word_after == (g[0] == '_'))
    return false;
  if (sq_space(g[0]) || (g[0] == 's' && !word_after)) return false;
  return true;
}

/* A run of two or more quotes cmark made curly at w[k] (len of them): their forms as
 * kramdown's scan gives them, from the character before the run (prev, 0 for none), the text
 * after it and then tail (what follows the text node), written into o. */
static void kd_quote_run(cb_buf *o, const char *w, size_t n, size_t k, size_t len, uint32_t prev,
                         const char *tail) {
  char t[32], kind[32] = {0};
  size_t m = 0;
  if (prev) t[m++] = sq_class(prev); /* (a typed dash: itself; `--"` is a placeholder) */
  size_t q0 = m;
  for (size_t i = 0; i < len; i++)
    t[m++] = (unsigned char)w[k + 3 * i + 2] >= 0x9C ? '"' : '\'';
  size_t a = k + 3 * len;
  while (a < n && m < sizeof t)
    sq_put(t, &m, sizeof t, cb_utf8_next(w, n, &a));
  for (size_t b = 0, tn = a >= n && tail ? strlen(tail) : 0; b < tn && m < sizeof t;)
    sq_put(t, &m, sizeof t, cb_utf8_next(tail, tn, &b));
  kd_quote_scan(t, m, kind);
  for (size_t i = 0; i < len; i++) {
    char qc = t[q0 + i], kd = kind[q0 + i];
    if (kd == 't')
      cb_buf_putc(o, qc);
    else if (qc == '"')
      cb_buf_puts(o, kd == 'l' ? "\u201C" : "\u201D");
    else
      cb_buf_puts(o, kd == 'l' ? "\u2018" : "\u2019");
  }
}

/* What kramdown's quote rules see after text node cn ends (la, NUL-terminated): the start of
 * the next inline as written in the source, a line break, or its emphasis's closing
 * delimiter. */
static void next_lookahead(cmark_node *cn, char *la, size_t size) {
  cmark_node *nx = cmark_node_next(cn);
  cmark_node_type nt = nx ? cmark_node_get_type(nx) : CMARK_NODE_NONE;
  const char *lit = nx ? cmark_node_get_literal(nx) : NULL;
  cmark_node *up = cmark_node_parent(cn);
  cmark_node_type ut = up ? cmark_node_get_type(up) : CMARK_NODE_NONE;
  la[0] = 0;
  if (nt == CMARK_NODE_TEXT || nt == CMARK_NODE_HTML_INLINE) {
    /* (cmark splits text at `<`, `&`, `[`, …: the following text nodes too) */
    size_t m = 0;
    for (; nx && m + 1 < size; nx = cmark_node_next(nx)) {
      nt = cmark_node_get_type(nx);
      if (nt != CMARK_NODE_TEXT && nt != CMARK_NODE_HTML_INLINE) break;
      for (lit = cmark_node_get_literal(nx); lit && *lit && m + 1 < size; lit++)
        la[m++] = *lit;
    }
    la[m] = 0;
  } else if (nt == CMARK_NODE_CODE) {
    snprintf(la, size, "`%s", lit ? lit : "");
  } else if (nt == CMARK_NODE_EMPH || nt == CMARK_NODE_STRONG) {
    snprintf(la, size, "*x");
  } else if (nt == CMARK_NODE_LINK || nt == CMARK_NODE_IMAGE) {
    snprintf(la, size, nt == CMARK_NODE_LINK ? "[x" : "!x");
  } else if (nt == CMARK_NODE_SOFTBREAK || nt == CMARK_NODE_LINEBREAK) {
    snprintf(la, size, "\n");
  } else if (!nx && ut == CMARK_NODE_STRONG) {
    snprintf(la, size, "**"); /* the closing delimiter follows it */
  } else if (!nx && ut == CMARK_NODE_EMPH) {
    cmark_node *after = cmark_node_next(up);
    const char *al = after ? cmark_node_get_literal(after) : NULL;
    char c = !after ? 0 : cmark_node_get_type(after) == CMARK_NODE_TEXT && al ? al[0] : 'x';
    snprintf(la, size, "*%c", c);
  }
}

/* w[k..] starts with a curly quote (‘ ’ “ ”). */
static bool curly_at(const char *w, size_t n, size_t k) {
  unsigned char q3 = k + 2 < n ? (unsigned char)w[k + 2] : 0;
  return k + 2 < n && (unsigned char)w[k] == 0xE2 && (unsigned char)w[k + 1] == 0x80 &&
         (q3 == 0x98 || q3 == 0x99 || q3 == 0x9C || q3 == 0x9D);
}

/* Line ln (1-based) of what cmark read: buf[*lo..*hi), without its line break. */
static bool line_span(const conv *v, int ln, size_t *lo, size_t *hi) {
  if (ln < 1 || (size_t)ln > v->n_line_off) return false;
  *lo = v->line_off[ln - 1];
  *hi = (size_t)ln < v->n_line_off ? v->line_off[ln] - 1 : v->buf_len;
  return true;
}

/* Up to max bytes of the source after the straight quote q that starts text node cn, as cmark
 * read it; 0 when cmark's position does not point at that quote (it can be off on a
 * paragraph's later lines).  The text has its escapes resolved where kramdown's quote rules
 * see them (`"\\n"` is `\n` after the quote for cmark's text, `\\n` for kramdown). */
static size_t src_after_quote(const conv *v, cmark_node *cn, char q, char *out, size_t max) {
  int col = cmark_node_get_start_column(cn);
  size_t lo, hi;
  if (!line_span(v, cmark_node_get_start_line(cn), &lo, &hi) || col < 1) return 0;
  lo += (size_t)(col - 1);
  if (lo >= hi || v->buf[lo] != q) return 0;
  size_t m = 0;
  for (; m < max && lo + 1 + m < hi; m++)
    out[m] = v->buf[lo + 1 + m];
  return m;
}

/* The character kramdown's quote scan sees before the quote at w[k] of text node cn, or 0
 * when it sees none: at the start of a block, after another inline (code span, link, …) whose
 * source the scan does not look into, after what kramdown's typographic, link or escape
 * parsers took (`--`, `[`, `\\`), or right after a quote its rules consumed. */
static uint32_t quote_prev(const conv *v, cmark_node *cn, const char *w, size_t k,
                           bool after_typo) {
  uint32_t prev = 0;
  if (k > 0) {
    prev = last_cp(w, k);
  } else if (after_typo) {
    return 0;
  } else if (v->have_text && v->text.len) {
    prev = last_cp(v->text.data, v->text.len);
  } else {
    cmark_node *pv = cmark_node_previous(cn);
    cmark_node_type pt = pv ? cmark_node_get_type(pv) : CMARK_NODE_NONE;
    return pt == CMARK_NODE_SOFTBREAK || pt == CMARK_NODE_LINEBREAK ? '\n' : 0;
  }
  /* (a curly quote after a backslash was `\\"`: `\"` stays straight) */
  if (prev == '[' || prev == '\\' || prev == 0x2018 || prev == 0x2019 || prev == 0x201C ||
      prev == 0x201D)
    return 0;
  return prev;
}

static void add_cmark_text(conv *v, cmark_node *cn, const char *s, size_t n, cb_pos pos) {
  bool any = false;
  for (size_t k = 0; k + 2 < n && !any; k++)
    any = (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80 &&
          ((unsigned char)s[k + 2] >= 0x98 && (unsigned char)s[k + 2] <= 0x9D);
  if (!any) {
    add_text(v, s, n, pos);
    return;
  }
  char *w = cb_strndup(v->a, s, n);
  bool after_typo = v->have_text && v->typo_end == v->text.len + 1;
  cb_buf runs = CB_BUF_INIT; /* the text rebuilt around runs of quotes (one may stay text) */
  size_t done = 0;
  for (size_t k = 0; k + 2 < n; k++) {
    unsigned char q3 = (unsigned char)w[k + 2];
    if (!curly_at(w, n, k)) continue;
    size_t len = 1;
    while (len < 8 && curly_at(w, n, k + 3 * len))
      len++;
    if (len >= 2) { /* two or more quotes together: kramdown's own scan decides each */
      uint32_t prev = quote_prev(v, cn, w, k, after_typo);
      cb_buf_put(&runs, w + done, k - done);
      char tail[8] = {0};
      if (k + 3 * len >= n) next_lookahead(cn, tail, sizeof tail);
      kd_quote_run(&runs, w, n, k, len, prev, tail);
      done = k + 3 * len;
      k = done - 1;
      continue;
    }
    bool opening = q3 == 0x98 || q3 == 0x9C;
    uint32_t prev = quote_prev(v, cn, w, k, after_typo);
    bool emph_next = k + 3 == n && cmark_node_next(cn) &&
                     (cmark_node_get_type(cmark_node_next(cn)) == CMARK_NODE_EMPH ||
                      cmark_node_get_type(cmark_node_next(cn)) == CMARK_NODE_STRONG);
    if (!prev) {
      /* no character before it in kramdown's scan: its first rules decide from what follows
       * (in this text, else the start of the next inline as written in the source) */
      char la[4] = {0};
      const char *f = w + k + 3;
      size_t fn = n - k - 3;
      if (!k && fn && f[0] == '\\') { /* (an escape after it: as the source has it) */
        size_t m = src_after_quote(v, cn, q3 >= 0x9C ? '"' : '\'', la, 3);
        if (m) f = la, fn = m;
      }
      if (!fn) {
        next_lookahead(cn, la, sizeof la);
        f = la;
        fn = strlen(la);
      }
      bool opens = kd_quote_opens(f, fn);
      if (opens != opening) w[k + 2] = (char)(opens ? q3 - 1 : q3 + 1);
      k += 2;
      continue;
    }
    if (opening && quote_closes_after(prev) && !emph_next) {
      w[k + 2] = (char)(q3 + 1); /* “ -> ”, ‘ -> ’ */
    } else if (!opening && !quote_closes_after(prev)) {
      /* after a space or an opening bracket kramdown's quote opens, whatever follows it
       * (cmark closes one before punctuation: ` '?x'`, `('&'s)`), except in '90s */
      bool decade = q3 == 0x99 && k + 5 < n && w[k + 3] >= '0' && w[k + 3] <= '9' &&
                    w[k + 4] >= '0' && w[k + 4] <= '9' && w[k + 5] == 's';
      if (!decade) w[k + 2] = (char)(q3 - 1); /* ” -> “, ’ -> ‘ */
    }
    k += 2;
  }
  if (done) {
    cb_buf_put(&runs, w + done, n - done);
    add_text(v, runs.data, runs.len, pos);
  } else {
    add_text(v, w, n, pos);
  }
  cb_buf_free(&runs);
}

/* Restore placeholders that ended up inside code or raw HTML to the text they replaced. */
static const char *restore(conv *v, const char *s, size_t n, size_t *out_n) {
  char b1[24], b2[24];
  snprintf(b1, sizeof b1, "<!--%s:", v->c->tag);
  snprintf(b2, sizeof b2, "<%s-", v->c->tag);
  if (!contains(s, n, b1) && !contains(s, n, b2)) {
    *out_n = n;
    return cb_strndup(v->a, s, n);
  }
  cb_buf b = CB_BUF_INIT;
  size_t k = 0;
  while (k < n) {
    if (s[k] == '<') {
      /* try both forms: find the end of a candidate */
      size_t e = k + 1;
      const char *end_pat = NULL;
      if (n - k > strlen(b1) && memcmp(s + k, b1, strlen(b1)) == 0)
        end_pat = "-->";
      else if (n - k > strlen(b2) && memcmp(s + k, b2, strlen(b2)) == 0)
        end_pat = "/>";
      if (end_pat) {
        size_t pl = strlen(end_pat);
        while (e + pl <= n && memcmp(s + e, end_pat, pl) != 0)
          e++;
        if (e + pl <= n) {
          cb_ph *ph = cb_ph_lookup(v->c, s + k, e + pl - k);
          if (ph) {
            if (ph->kind == CB_PH_VIDEO || ph->kind == CB_PH_TOC || ph->kind == CB_PH_FIGURE)
              cb_warn(v->c->d, (cb_pos){v->c->file, ph->line, 0},
                      "Liquid include inside code or raw HTML dropped");
            else if (ph->orig)
              cb_buf_put(&b, ph->orig, ph->orig_len);
            else /* multi-line placeholders keep their lines */
              for (size_t q = k; q < e; q++)
                if (s[q] == '\n') cb_buf_putc(&b, '\n');
            k = e + pl;
            continue;
          }
        }
      }
    }
    cb_buf_putc(&b, s[k++]);
  }
  const char *r = cb_strndup(v->a, b.data ? b.data : "", b.len);
  *out_n = b.len;
  cb_buf_free(&b);
  return r;
}

/* Raw HTML's text for the model: placeholders restored, HTML5's named references numeric. */
static const char *restore_html(conv *v, const char *s, size_t n, size_t *out_n) {
  size_t rn;
  const char *r = restore(v, s, n, &rn);
  return cb_html5_refs_numeric(v->a, r, rn, out_n);
}

static void wrap_notice(conv *v, cb_node *blk, cb_notice_kind kind) {
  cb_node *parent = blk->parent;
  cb_node *note = cb_node_new(v->a, CB_NODE_NOTICE, blk->pos);
  note->as.notice.kind = kind;
  /* the notice takes the block's attributes (its id, other classes, key-values) */
  note->attrs = blk->attrs;
  memset(&blk->attrs, 0, sizeof blk->attrs);
  if (note->attrs.id == basic_id_pending) { /* a heading's id-to-be stays on the heading */
    note->attrs.id = NULL;
    blk->attrs.id = basic_id_pending;
  }
  for (int k = CB_NOTICE_PLAIN; k <= CB_NOTICE_DANGER; k++)
    cb_attrs_remove_class(&note->attrs, cb_notice_class((cb_notice_kind)k));
  if (parent) {
    cb_node_insert_after(blk, note);
    cb_node_unlink(blk);
  }
  cb_node_append(note, blk);
}

static const char *html_add_attrs(cb_arena *a, const char *t, size_t *len, const cb_attrs *at);

/* kramdown removes the markdown="0" attribute from the element it leaves raw: the first start
 * tag loses ` markdown="0"` (or '0'); anything else is returned unchanged. */
static const char *drop_markdown_attr(cb_arena *a, const char *t, size_t *len) {
  size_t n = *len, k = 0;
  while (k < n && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n'))
    k++;
  if (k >= n || t[k] != '<') return t;
  const char *gt = memchr(t + k, '>', n - k);
  if (!gt) return t;
  size_t end = (size_t)(gt - t);
  for (size_t j = k; j + 13 <= end + 1; j++) {
    if ((t[j] == ' ' || t[j] == '\t' || t[j] == '\n') && strncmp(t + j + 1, "markdown=", 9) == 0 &&
        (t[j + 10] == '"' || t[j + 10] == '\'') && t[j + 11] == '0' && t[j + 12] == t[j + 10]) {
      char *r = cb_alloc(a, n - 13 + 1);
      memcpy(r, t, j);
      memcpy(r + j, t + j + 13, n - j - 13);
      r[n - 13] = 0;
      *len = n - 13;
      return r;
    }
  }
  return t;
}

/* Apply a block IAL to blk (already in the tree). */
static void apply_block_ial(conv *v, cb_node *blk, const cb_attrs *at, cb_strlist *refs) {
  if (blk->type == CB_NODE_HTML_BLOCK && blk->text)
    blk->text = html_add_attrs(v->a, blk->text, &blk->text_len, at);
  for (cb_strlist *r = refs; r; r = r->next)
    if (strcmp(r->s, "toc") == 0 && blk->type == CB_NODE_LIST) {
      /* kramdown's `* TOC` + `{:toc}`: the list becomes the contents */
      cb_node *toc = cb_node_new(v->a, CB_NODE_TOC, blk->pos);
      cb_attrs_merge(v->a, &toc->attrs, at);
      cb_node_insert_after(blk, toc);
      cb_node_unlink(blk);
      return;
    }
  cb_attrs_merge(v->a, &blk->attrs, at);
  const char *start = cb_attrs_get(&blk->attrs, "start");
  if (blk->type == CB_NODE_LIST && blk->as.list.ordered && start) blk->as.list.start = atoi(start);
  if (blk->type == CB_NODE_HEADING && cb_attrs_has_class(&blk->attrs, "no_toc"))
    blk->as.heading.no_toc = true;
  cb_notice_kind kind;
  bool found = false;
  for (const cb_strlist *l = blk->attrs.classes; l; l = l->next)
    if (cb_notice_from_class(l->s, &kind)) {
      found = true;
      break;
    }
  if (!found) return;
  if (blk->type == CB_NODE_NOTICE) {
    blk->as.notice.kind = kind;
    for (int k = CB_NOTICE_PLAIN; k <= CB_NOTICE_DANGER; k++)
      cb_attrs_remove_class(&blk->attrs, cb_notice_class((cb_notice_kind)k));
    return;
  }
  wrap_notice(v, blk, kind);
}

/* Append a block to the current container, applying a pending IAL. */
static void append_block(conv *v, cb_node *blk) {
  flush_text(v);
  cb_node *parent = top(v);
  cb_node_append(parent, blk);
  if (v->have_pend && v->pend_parent == parent) {
    v->have_pend = false;
    apply_block_ial(v, blk, &v->pend, v->pend_refs);
  }
}

static void append_inline(conv *v, cb_node *n) {
  flush_text(v);
  cb_node_append(top(v), n);
}

static void convert(conv *v, cmark_node *root);

static void convert(conv *v, cmark_node *root);

/* Markdown text converted into parent: the inlines of its first paragraph. */
static void markdown_inlines(conv *v, const char *md, cb_node *parent, cb_pos pos) {
  cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_SMART);
  cmark_node *para = cmark_node_first_child(doc);
  if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH) {
    conv sub = {.c = v->c, .a = v->a, .buf = md, .force_pos = &pos};
    push(&sub, parent);
    convert(&sub, para);
    free(sub.stack);
    free(sub.is_div);
    cb_buf_free(&sub.text);
  }
  cmark_node_free(doc);
}

/* Text one of the theme's includes markdownifies (a caption, an excerpt) converted into
 * parent: read as kramdown reads a document (span IALs, its escapes and typography), through
 * the page's passes, then the inlines of its first paragraph. */
static void include_inlines(conv *v, const char *md, cb_node *parent, cb_pos pos) {
  cb_buf l1 = CB_BUF_INIT, l2 = CB_BUF_INIT;
  cb_listmap lm = {0};
  size_t n_hl = v->c->n_hl; /* (the page's highlight lines are no lines of this text) */
  v->c->n_hl = 0;
  cb_kramdown_lists(v->c, md, strlen(md), &l1, &lm);
  /* (the placeholders keep pointers into the text: it lives as long as they do) */
  const char *kept = cb_strndup(v->a, l1.data ? l1.data : "", l1.len);
  kramdown_pre(v->c, kept, l1.len, &lm, &l2);
  v->c->n_hl = n_hl;
  cb_listmap_free(&lm);
  cb_buf_free(&l1);
  markdown_inlines(v, cb_strndup(v->a, l2.data ? l2.data : "", l2.len), parent, pos);
  cb_buf_free(&l2);
}

/* A link label as CommonMark matches it: ASCII case folded, white space runs as one space. */
static const char *norm_label(cb_arena *a, const char *s, size_t n, size_t *out_n) {
  char *r = cb_alloc(a, n + 1);
  size_t o = 0;
  bool sp = false;
  for (size_t k = 0; k < n; k++) {
    char ch = s[k];
    if (ch == ' ' || ch == '\t' || ch == '\n') {
      sp = o > 0;
      continue;
    }
    if (sp) r[o++] = ' ';
    sp = false;
    r[o++] = (char)tolower((unsigned char)ch);
  }
  r[o] = 0;
  *out_n = o;
  return r;
}

/* The link definitions `[label]: url` of the whole page, found once. */
static void find_refdefs(conv *v) {
  v->have_refdefs = true;
  cb_strmap_init(&v->refdefs, v->a);
  for (size_t ln = 0; ln < v->n_line_off; ln++) {
    const char *t = v->buf + v->line_off[ln];
    const char *e = strchr(t, '\n');
    size_t tl = e ? (size_t)(e - t) : strlen(t), k = 0;
    while (k < tl && k < 3 && t[k] == ' ')
      k++;
    if (k >= tl || t[k] != '[') continue;
    const char *close = memchr(t + k + 1, ']', tl - k - 1);
    if (!close || close + 1 >= t + tl || close[1] != ':' || close == t + k + 1) continue;
    size_t nl;
    const char *lab = norm_label(v->a, t + k + 1, (size_t)(close - t - k - 1), &nl);
    bool ins;
    cb_strmap_get(&v->refdefs, lab, nl, (long)v->n_refdef, &ins);
    if (!ins) continue; /* the first definition counts, as in the page's own parse */
    if (v->n_refdef == v->cap_refdef) {
      v->cap_refdef = v->cap_refdef ? v->cap_refdef * 2 : 16;
      v->refdef_at = cb_xrealloc(v->refdef_at, v->cap_refdef * sizeof *v->refdef_at);
    }
    v->refdef_at[v->n_refdef++] = cb_strndup(v->a, t, tl);
  }
}

/* The definitions of the labels a cell's brackets name, appended to its Markdown: a cell
 * parsed on its own still finds the page's reference links. */
static void add_cell_refdefs(conv *v, const char *md, size_t n, cb_buf *b) {
  if (!memchr(md, ']', n)) return;
  if (!v->have_refdefs) find_refdefs(v);
  if (!v->n_refdef) return;
  bool any = false;
  size_t open = (size_t)-1; /* the last `[` (a label holds no bracket): one pass */
  for (size_t k = 0; k < n; k++) {
    if (md[k] == '[') open = k;
    if (md[k] != ']' || open == (size_t)-1) continue;
    size_t nl;
    const char *lab = norm_label(v->a, md + open + 1, k - open - 1, &nl);
    open = (size_t)-1;
    bool ins;
    long *ix = nl ? cb_strmap_get(&v->refdefs, lab, nl, -1, &ins) : NULL;
    if (ix && *ix >= 0) {
      cb_buf_puts(b, any ? "\n" : "\n\n");
      cb_buf_puts(b, v->refdef_at[*ix]);
      any = true;
    }
  }
}

/* A backtick run with a backtick after it: no fence for cmark (its info string holds none),
 * a code span ```` ```x``` ```` perhaps, which an escape would break. */
static bool fence_info_tick(const char *md, size_t n) {
  size_t k = 0;
  while (k < n && md[k] == '`')
    k++;
  return memchr(md + k, '`', n - k) != NULL;
}

/* A cell's Markdown parsed as span content: text that would start a block (`# `, `- `, `> `,
 * `1. `, a fence) is escaped first, since a cell holds no blocks. */
static void cell_inlines(conv *v, const char *md, size_t n, cb_node *cell, cb_pos pos) {
  cb_buf b = CB_BUF_INIT;
  size_t d = 0;
  while (d < n && md[d] >= '0' && md[d] <= '9')
    d++;
  bool block = n && (md[0] == '#' || md[0] == '>' || md[0] == '=' ||
                     ((md[0] == '-' || md[0] == '+' || md[0] == '*') &&
                      (n == 1 || md[1] == ' ' || md[1] == '\t' || md[1] == md[0])) ||
                     (n >= 3 && (md[0] == '`' || md[0] == '~') && md[1] == md[0] &&
                      md[2] == md[0] && (md[0] == '~' || !fence_info_tick(md, n))) ||
                     (d && d < n && (md[d] == '.' || md[d] == ')')));
  /* the escape goes before the punctuation: `1\.` (a backslash before a digit is text) */
  size_t esc = !block ? (size_t)-1 : d && d < n ? d : 0;
  /* GFM's table rule: `\|` in a cell is a pipe (kramdown's too) */
  for (size_t k = 0; k < n; k++) {
    if (k == esc) cb_buf_putc(&b, '\\');
    if (md[k] == '\\' && k + 1 < n && md[k + 1] == '|') continue;
    cb_buf_putc(&b, md[k]);
  }
  if (lone_inline_ph(v->c, &b, 0)) emit_empty_text(v->c, &b, pos.line); /* (not HTML) */
  add_cell_refdefs(v, md, n, &b);
  markdown_inlines(v, b.data ? b.data : "", cell, pos);
  cb_buf_free(&b);
}

/* kramdown's table without a delimiter row (see headerless_table_end): body rows only, cells
 * split at pipes outside code spans, a leading empty cell dropped when the first line starts
 * with a pipe, a trailing one always, rows padded to the widest. */
static void headerless_table(conv *v, cb_ph *ph, cb_pos pos) {
  const char *t = ph->text, *end = ph->text + ph->text_len;
  while (t < end && (*t == ' ' || *t == '\t'))
    t++;
  bool lead = t < end && *t == '|';
  cb_node *tbl = cb_node_new(v->a, CB_NODE_TABLE, pos);
  int columns = 0;
  /* a delimiter row first is skipped (kramdown then applies no alignment either) */
  const char *fe = memchr(ph->text, '\n', (size_t)(end - ph->text));
  if (!fe) fe = end;
  bool has_delim = delim_row(ph->text, (size_t)(fe - ph->text));
  for (const char *l = has_delim ? (fe < end ? fe + 1 : end) : ph->text; l < end;) {
    const char *e = memchr(l, '\n', (size_t)(end - l));
    if (!e) e = end;
    const char *a = l, *b = e;
    while (a < b && (*a == ' ' || *a == '\t'))
      a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
      b--;
    cb_node *row = cb_node_new(v->a, CB_NODE_TABLE_ROW, pos);
    int cells = 0;
    size_t open = 0; /* backtick run of an open code span */
    unsigned char *closes = closing_runs(a, (size_t)(b - a));
    for (const char *c0 = a, *q = a;; q++) {
      if (q < b && *q == '\\' && q + 1 < b && q[1] == '|') { /* `\|`: a pipe in the cell */
        q++;
        continue;
      }
      if (q < b && *q == '`') {
        const char *r0 = q;
        while (q + 1 < b && q[1] == '`')
          q++;
        size_t run = (size_t)(q - r0) + 1;
        open = !open ? (closes[r0 - a] ? run : 0) : open == run ? 0 : open;
        continue;
      }
      if (q < b && (*q != '|' || open)) continue;
      bool first = c0 == a, last = q >= b;
      const char *x = c0, *y = q;
      while (x < y && (*x == ' ' || *x == '\t'))
        x++;
      while (y > x && (y[-1] == ' ' || y[-1] == '\t'))
        y--;
      if (!((first && lead && x == y) || (last && x == y && !first))) {
        cb_node *cell = cb_node_new(v->a, CB_NODE_TABLE_CELL, pos);
        cell_inlines(v, x, (size_t)(y - x), cell, pos);
        cb_node_append(row, cell);
        cells++;
      }
      if (last) break;
      c0 = q + 1;
    }
    free(closes);
    if (cells > columns) columns = cells;
    cb_node_append(tbl, row);
    l = e + 1;
  }
  for (cb_node *row = tbl->first; row; row = row->next) {
    int cells = 0;
    for (cb_node *c = row->first; c; c = c->next)
      cells++;
    for (; cells < columns; cells++)
      cb_node_append(row, cb_node_new(v->a, CB_NODE_TABLE_CELL, pos));
  }
  tbl->as.table.columns = columns;
  tbl->as.table.aligns = cb_alloc(v->a, (size_t)(columns ? columns : 1) * sizeof(cb_align));
  append_block(v, tbl);
}

/* gallery: a figure per image (caption: its title), then the gallery's caption;
 * feature_row: per item its image, title, excerpt and button link. */
static void items_placeholder(conv *v, cb_ph *ph, cb_pos pos) {
  bool gallery = ph->kind == CB_PH_GALLERY;
  for (const cb_meta *it = ph->items->first; it; it = it->next) {
    if (it->type != CB_META_MAP) continue;
    const char *img = cb_meta_str(it, "image_path"), *alt = cb_meta_str(it, "alt");
    const char *title = cb_meta_str(it, "title"), *url = cb_meta_str(it, "url");
    if (img) {
      cb_node *fig = cb_node_new(v->a, CB_NODE_FIGURE, pos);
      fig->as.link.url = cb_liquid_relative_url(v->a, img); /* (a file of the site) */
      fig->as.link.alt = alt;
      fig->attrs = ph->attrs;
      if (gallery && title) include_inlines(v, title, fig, pos);
      append_block(v, fig);
    }
    if (gallery) continue;
    if (title) {
      cb_node *p = cb_node_new(v->a, CB_NODE_PARAGRAPH, pos);
      cb_node *st = cb_node_new(v->a, CB_NODE_STRONG, pos);
      include_inlines(v, title, st, pos);
      cb_node_append(p, st);
      append_block(v, p);
    }
    const char *excerpt = cb_meta_str(it, "excerpt");
    if (excerpt) {
      cb_node *p = cb_node_new(v->a, CB_NODE_PARAGRAPH, pos);
      include_inlines(v, excerpt, p, pos);
      append_block(v, p);
    }
    if (url) {
      cb_node *p = cb_node_new(v->a, CB_NODE_PARAGRAPH, pos);
      cb_node *a = cb_node_new(v->a, CB_NODE_LINK, pos);
      a->as.link.url = cb_site_url(v->c, url, false);
      const char *label = cb_meta_str(it, "btn_label");
      cb_node_append(a, cb_node_new_text(v->a, label ? label : "Learn more",
                                         strlen(label ? label : "Learn more"), pos));
      cb_attrs_add_class(v->a, &a->attrs, "btn");
      const char *bc = cb_meta_str(it, "btn_class");
      if (bc) {
        for (const char *q = bc; *q;) {
          while (*q == ' ')
            q++;
          const char *e = q;
          while (*e && *e != ' ')
            e++;
          if (e > q) cb_attrs_add_class(v->a, &a->attrs, cb_strndup(v->a, q, (size_t)(e - q)));
          q = e;
        }
      }
      cb_node_append(p, a);
      append_block(v, p);
    }
  }
  if (gallery && ph->title && *ph->title) {
    cb_node *p = cb_node_new(v->a, CB_NODE_PARAGRAPH, pos);
    include_inlines(v, ph->title, p, pos);
    append_block(v, p);
  }
}

static void block_placeholder(conv *v, cb_ph *ph, cb_pos pos) {
  cb_node *n = NULL;
  switch (ph->kind) {
  case CB_PH_VIDEO:
    n = cb_node_new(v->a, CB_NODE_VIDEO, pos);
    n->as.video.provider = ph->provider;
    n->as.video.id = ph->id;
    n->as.video.start = ph->start;
    break;
  case CB_PH_TOC:
    n = cb_node_new(v->a, CB_NODE_TOC, pos);
    n->as.toc.title = ph->title;
    n->as.toc.icon = ph->icon;
    break;
  case CB_PH_FIGURE: {
    n = cb_node_new(v->a, CB_NODE_FIGURE, pos);
    n->as.link.url = ph->url ? ph->url : "";
    n->as.link.alt = ph->alt;
    n->attrs = ph->attrs;
    /* the caption is Markdown (the theme markdownifies it) */
    if (ph->title && *ph->title) include_inlines(v, ph->title, n, pos);
    break;
  }
  case CB_PH_GALLERY:
  case CB_PH_FEATURE_ROW: items_placeholder(v, ph, pos); return;
  case CB_PH_TABLE: headerless_table(v, ph, pos); return;
  case CB_PH_CODE_BLOCK:
    n = cb_node_new(v->a, CB_NODE_CODE_BLOCK, pos);
    n->text = ph->text;
    n->text_len = ph->text_len;
    break;
  case CB_PH_MATH_BLOCK:
    n = cb_node_new(v->a, CB_NODE_MATH_BLOCK, pos);
    n->text = ph->text;
    n->text_len = ph->text_len;
    break;
  case CB_PH_RAW_HTML:
    n = cb_node_new(v->a, CB_NODE_HTML_BLOCK, pos);
    n->text = restore_html(v, ph->text, ph->text_len, &n->text_len);
    n->text = open_comment_text(v->a, n->text, &n->text_len);
    n->attrs = ph->attrs;
    if (!cb_attrs_get(&ph->attrs, "type"))
      n->text = drop_markdown_attr(v->a, n->text, &n->text_len);
    break;
  case CB_PH_DIV_OPEN: {
    cb_notice_kind kind;
    bool notice = false;
    for (const cb_strlist *l = ph->attrs.classes; l && !notice; l = l->next)
      notice = cb_notice_from_class(l->s, &kind);
    /* the element's name, from its start tag */
    const char *tn = ph->orig && ph->orig_len > 1 ? ph->orig + 1 : "";
    size_t tl = 0;
    while (tl + 1 < ph->orig_len && ((tn[tl] | 0x20) >= 'a' && (tn[tl] | 0x20) <= 'z'))
      tl++;
    cb_node *box = top(v);
    const char *div_tag = notice ? NULL : div_element(tn, tl);
    bool quote = !notice && tl == 10 && strncasecmp(tn, "blockquote", 10) == 0;
    if (notice || quote || div_tag) {
      box = cb_node_new(v->a,
                        notice  ? CB_NODE_NOTICE
                        : quote ? CB_NODE_BLOCKQUOTE
                                : CB_NODE_DIV,
                        pos);
      box->attrs = ph->attrs;
      if (notice) {
        box->as.notice.kind = kind;
        for (int k = CB_NOTICE_PLAIN; k <= CB_NOTICE_DANGER; k++)
          cb_attrs_remove_class(&box->attrs, cb_notice_class((cb_notice_kind)k));
      } else if (!quote) {
        box->as.div.tag = div_tag;
      }
      append_block(v, box);
    }
    /* other elements (p, lists, tables, ...) have no model node: their content joins the
     * container */
    unsigned char kind2 = cb_attrs_get(&ph->attrs, "data-cb-markdownify") ? 2 : 1;
    if (box != top(v) && kind2 == 2) { /* the marker is ours, not the author's */
      for (cb_kv **kp = &box->attrs.kvs; *kp;) {
        if (strcmp((*kp)->key, "data-cb-markdownify") == 0)
          *kp = (*kp)->next;
        else
          kp = &(*kp)->next;
      }
    }
    push_kind(v, box, kind2);
    return;
  }
  case CB_PH_DIV_CLOSE:
    flush_text(v);
    pop_divs(v, true);
    return;
  case CB_PH_IAL_BLOCK: {
    cb_node *parent = top(v);
    flush_text(v);
    if (!ph->after_blank && parent->last) {
      apply_block_ial(v, parent->last, &ph->attrs, ph->refs);
    } else {
      if (!v->have_pend || v->pend_parent != parent) {
        memset(&v->pend, 0, sizeof v->pend);
        v->pend_refs = NULL;
      }
      cb_attrs_merge(v->a, &v->pend, &ph->attrs);
      for (cb_strlist *r = ph->refs; r; r = r->next) {
        cb_strlist *x = cb_alloc(v->a, sizeof *x);
        x->s = r->s;
        x->next = v->pend_refs;
        v->pend_refs = x;
      }
      v->pend_parent = parent;
      v->have_pend = true;
    }
    return;
  }
  default: return;
  }
  append_block(v, n);
}

/* A span IAL kramdown shows as text: its quotes typographic as kramdown's scan makes them
 * (after a space or `{` one opens, after anything else it closes: `='_blank'` gives ’_blank’). */
static void add_ial_text(conv *v, const char *s, size_t n, cb_pos pos) {
  cb_buf b = CB_BUF_INIT;
  for (size_t k = 0; k < n; k++) {
    if (s[k] != '\'' && s[k] != '"') {
      cb_buf_putc(&b, s[k]);
      continue;
    }
    bool closes = k > 0 && quote_closes_after((unsigned char)s[k - 1]);
    static const char *const q[2][2] = {{"\xE2\x80\x98", "\xE2\x80\x99"},
                                        {"\xE2\x80\x9C", "\xE2\x80\x9D"}};
    cb_buf_put(&b, q[s[k] == '"'][closes], 3);
  }
  add_text(v, b.data ? b.data : "", b.len, pos);
  cb_buf_free(&b);
}

static void inline_placeholder(conv *v, cb_ph *ph, cb_pos pos) {
  switch (ph->kind) {
  case CB_PH_TABLE:
    /* a definition that is a table (`: a | b`): its mark made cmark see a paragraph; the
     * table takes the paragraph's place when the paragraph ends */
    if (top(v)->type == CB_NODE_PARAGRAPH && !top(v)->first && !v->have_text)
      headerless_table(v, ph, pos);
    return;
  case CB_PH_IAL_SPAN: {
    cb_node *parent = top(v);
    if (v->have_text || !parent->last) {
      /* kramdown ignores it and shows it as text; so does the site */
      cb_warn(v->c->d, pos,
              "span IAL '%.*s' does not follow a link, image, emphasis or code span; kept as "
              "text (as kramdown does)",
              (int)ph->orig_len, ph->orig);
      add_ial_text(v, ph->orig, ph->orig_len, pos);
      return;
    }
    cb_node *target = parent->last;
    if (target->type == CB_NODE_HTML_INLINE && target->text_len > 2 && target->text[0] == '<' &&
        target->text[1] == '/') {
      /* after an element's end tag kramdown gives the attributes to the element: its start
       * tag, the nearest one before it of that name (nested ones of the name counted) */
      const char *nm = target->text + 2;
      size_t nl = 0;
      while (nl + 2 < target->text_len && isalnum((unsigned char)nm[nl]))
        nl++;
      int depth = 0, steps = 0; /* a bounded look back keeps long paragraphs linear */
      for (cb_node *q = target->prev; q && nl && steps < 256; q = q->prev, steps++) {
        if (q->type != CB_NODE_HTML_INLINE || q->text_len < nl + 2 || q->text[0] != '<') continue;
        bool cl = q->text[1] == '/';
        const char *qn = q->text + 1 + cl;
        if ((size_t)(q->text_len - 1 - cl) < nl || strncasecmp(qn, nm, nl) != 0 ||
            isalnum((unsigned char)qn[nl]))
          continue;
        if (cl) {
          depth++;
        } else if (depth-- == 0) {
          q->text = html_add_attrs(v->a, q->text, &q->text_len, &ph->attrs);
          return;
        }
      }
    }
    cb_attrs_merge(v->a, &target->attrs, &ph->attrs);
    return;
  }
  case CB_PH_TEXT:
    add_text(v, ph->text, ph->text_len, pos);
    if (ph->typo_end) v->typo_end = v->text.len + 1;
    return;
  case CB_PH_IAL_BLOCK: /* a one-line markdown element's attributes, for its paragraph */
    if (top(v)->type == CB_NODE_PARAGRAPH) v->line_ial = ph;
    return;
  case CB_PH_RAW_HTML: { /* span {::nomarkdown} */
    cb_node *n = cb_node_new(v->a, CB_NODE_HTML_INLINE, pos);
    n->text = ph->text;
    n->text_len = ph->text_len;
    n->attrs = ph->attrs;
    append_inline(v, n);
    return;
  }
  case CB_PH_ITEM_IAL: /* stack: ..., item, paragraph */
    if (v->depth >= 3 && top(v)->type == CB_NODE_PARAGRAPH && !v->have_text &&
        v->stack[v->depth - 2]->type == CB_NODE_ITEM)
      cb_attrs_merge(v->a, &v->stack[v->depth - 2]->attrs, &ph->attrs);
    return;
  case CB_PH_TASK: /* stack: ..., item, paragraph */
    if (v->depth >= 3 && top(v)->type == CB_NODE_PARAGRAPH && !top(v)->first && !v->have_text &&
        v->stack[v->depth - 2]->type == CB_NODE_ITEM && v->stack[v->depth - 2]->first == top(v))
      v->stack[v->depth - 2]->as.item.task = ph->start ? 2 : 1;
    return;
  case CB_PH_ROW_SEP: v->sep_row = true; return;
  case CB_PH_DL_DESC: {
    /* stack: ..., list, item, paragraph (a list's text: ..., list, item, list, item, para) */
    size_t up = ph->in_list ? 2 : 0;
    if (v->depth >= 4 + up && top(v)->type == CB_NODE_PARAGRAPH && !top(v)->first &&
        !v->have_text && v->stack[v->depth - 2 - up]->type == CB_NODE_ITEM &&
        v->stack[v->depth - 3 - up]->type == CB_NODE_LIST) {
      cb_node *list = v->stack[v->depth - 3 - up];
      v->stack[v->depth - 2 - up]->as.item.para = ph->after_blank ? 2 : 1;
      if (!v->n_dls || v->dls[v->n_dls - 1] != list) {
        if (v->n_dls == v->cap_dls) {
          v->cap_dls = v->cap_dls ? v->cap_dls * 2 : 8;
          v->dls = cb_xrealloc(v->dls, v->cap_dls * sizeof *v->dls);
        }
        v->dls[v->n_dls++] = list;
      }
    }
    return;
  }
  case CB_PH_MATH_INLINE: {
    cb_node *n = cb_node_new(v->a, CB_NODE_MATH_INLINE, pos);
    n->text = ph->text;
    n->text_len = ph->text_len;
    append_inline(v, n);
    v->eat_breaks = ph->breaks; /* the math holds those line breaks */
    return;
  }
  default: return;
  }
}

/* `# Heading {#id}`: kramdown takes the id off the end of the heading text. */
static void heading_explicit_id(conv *v, cb_node *h) {
  cb_node *t = h->last;
  if (!t || t->type != CB_NODE_TEXT || t->text_len < 4) return;
  const char *s = t->text;
  size_t n = t->text_len;
  if (s[n - 1] != '}') return;
  size_t k = n - 1;
  while (k > 0 && s[k - 1] != '{')
    k--;
  if (k < 2 || s[k] != '#' || (s[k - 2] != ' ' && s[k - 2] != '\t')) return;
  size_t id0 = k + 1, id1 = n - 1;
  if (id0 >= id1) return;
  unsigned char c0 = (unsigned char)s[id0];
  if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_' || c0 == ':' ||
        c0 >= 0x80))
    return;
  for (size_t q = id0; q < id1; q++) {
    unsigned char ch = (unsigned char)s[q];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
          ch == '_' || ch == ':' || ch == '-' || ch == '.' || ch >= 0x80))
      return;
  }
  h->attrs.id = cb_strndup(v->a, s + id0, id1 - id0);
  size_t cut = k - 1;
  while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == '\t'))
    cut--;
  if (cut == 0) {
    cb_node_unlink(t);
  } else {
    t->text = cb_strndup(v->a, s, cut);
    t->text_len = cut;
  }
}

/* kramdown's alt text is the raw description between `![` and `]` (markup and straight
 * quotes kept; backslash escapes resolved).  cmark-gfm reports where the image starts; when
 * that does not point at `![` (it can be off for multi-line descriptions), the plain text of
 * the description is used instead. */
static const char *image_alt_raw(conv *v, cmark_node *img) {
  int ln = cmark_node_get_start_line(img), col = cmark_node_get_start_column(img);
  if (ln < 1 || col < 1 || (size_t)ln > v->n_line_off) return NULL;
  const char *s = v->buf + v->line_off[ln - 1] + (col - 1);
  const char *end = v->buf + strlen(v->buf);
  cmark_node *para = cmark_node_parent(img);
  while (para && cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
    para = cmark_node_parent(para);
  int pcol = para ? cmark_node_get_start_column(para) : 0;
  if (para && ln != cmark_node_get_start_line(para) && col >= pcol &&
      !(s + 2 <= end && s[0] == '!' && s[1] == '[')) {
    /* on a paragraph's later line cmark counts the column from the paragraph's own column
     * plus the offset in the line without its container prefix and indentation */
    const char *ls = v->buf + v->line_off[ln - 1];
    while (ls < end && (*ls == ' ' || *ls == '\t' || *ls == '>'))
      ls++;
    s = ls + (col - pcol);
  }
  if (s + 2 > end || s[0] != '!' || s[1] != '[') return NULL;
  int depth = 0;
  const char *p = s + 2;
  for (; p < end; p++) {
    if (*p == '\\' && p + 1 < end) {
      p++;
      continue;
    }
    if (*p == '[') depth++;
    if (*p == ']' && depth-- == 0) break;
  }
  if (p >= end) return NULL;
  cb_buf b = CB_BUF_INIT;
  for (const char *q = s + 2; q < p; q++) {
    if (*q == '\\' && q + 1 < p && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", q[1])) q++;
    cb_buf_putc(&b, *q == '\n' ? ' ' : *q);
  }
  size_t n;
  const char *r = restore(v, b.data ? b.data : "", b.len, &n);
  cb_buf_free(&b);
  return nfc(v, r, n, &n);
}

static const char *image_alt(conv *v, cmark_node *img) {
  const char *raw = v->force_pos ? NULL : image_alt_raw(v, img);
  if (raw) return raw;
  cb_buf b = CB_BUF_INIT;
  cmark_iter *it = cmark_iter_new(img);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *x = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER) continue;
    switch (cmark_node_get_type(x)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE: cb_buf_puts(&b, cmark_node_get_literal(x)); break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK: cb_buf_putc(&b, ' '); break;
    default: break;
    }
  }
  cmark_iter_free(it);
  size_t n;
  const char *r = nfc(v, b.data ? b.data : "", b.len, &n);
  cb_buf_free(&b);
  return r;
}

/* The byte at (line, col) of what cmark read, col 0 being the line break before the line and
 * a col past the line's end its line break (as cmark reports a code span's ends). */
static char src_char(const conv *v, int ln, int col) {
  size_t lo, hi;
  if (!line_span(v, ln, &lo, &hi) || col < 0) return 0;
  if (col == 0) return '\n';
  return (size_t)col <= hi - lo ? v->buf[lo + (size_t)col - 1] : '\n';
}

/* A code span over several lines (``, line break, code, line break, ``): kramdown keeps the
 * line breaks at its ends, where cmark turns them into spaces and then takes one space off
 * each end; the page shows a space there.  (On one line the pre-pass has settled the ends.) */
static const char *code_span_ends(conv *v, cmark_node *x, const char *t, size_t *len) {
  int sl = cmark_node_get_start_line(x), sc = cmark_node_get_start_column(x);
  int el = cmark_node_get_end_line(x), ec = cmark_node_get_end_column(x);
  if (sl == el || sl < 1 || sc < 1) return t;
  char f = src_char(v, sl, sc), l = src_char(v, el, ec);
  if (l == '`') /* (after a single backtick cmark reports the closing one as the end) */
    l = ec > 1 ? src_char(v, el, ec - 1) : '\n';
  bool fsp = f == ' ' || f == '\n', lsp = l == ' ' || l == '\n';
  if (!fsp || !lsp || (f != '\n' && l != '\n')) return t; /* (cmark took nothing off) */
  size_t run = 0; /* the opening backticks, right before the content */
  while ((int)run + 1 < sc && src_char(v, sl, sc - 1 - (int)run) == '`')
    run++;
  /* kramdown takes a space (not a line break) off each end of a span of two or more */
  bool lead = f == '\n' || run == 1, trail = l == '\n' || run == 1;
  if (!lead && !trail) return t;
  char *r = cb_sprintf(v->a, "%s%.*s%s", lead ? " " : "", (int)*len, t, trail ? " " : "");
  *len = strlen(r);
  return r;
}

static const char *opt_str(conv *v, const char *s) {
  if (!s || !*s) return NULL;
  size_t n;
  return nfc(v, s, strlen(s), &n);
}

/* A footnote definition's label, read from its source line (`[^label]:`): cmark-gfm does not
 * expose it. */
static const char *footnote_label(conv *v, cmark_node *def) {
  int ln = cmark_node_get_start_line(def);
  if (ln < 1 || (size_t)ln > v->n_line_off) return NULL;
  const char *s = v->buf + v->line_off[ln - 1];
  const char *nl = strchr(s, '\n');
  size_t n = nl ? (size_t)(nl - s) : strlen(s);
  for (size_t k = 0; k + 2 < n; k++) {
    if (s[k] != '[' || s[k + 1] != '^') continue;
    const char *e = memchr(s + k + 2, ']', n - k - 2);
    if (!e || e + 1 >= s + n || e[1] != ':') return NULL;
    return cb_strndup(v->a, s + k + 2, (size_t)(e - s - k - 2));
  }
  return NULL;
}

/* An image under the site's baseurl (`{{ "/x.png" | relative_url }}`) is a file of the site:
 * its path without the baseurl, so it resolves against the site root. */
static const char *site_path(const cb_mdctx *c, const char *url) {
  const char *base = c->site ? cb_meta_str(c->site, "baseurl") : NULL;
  if (!base || !url) return url;
  size_t bl = strlen(base);
  while (bl && base[bl - 1] == '/')
    bl--;
  if (bl < 2 || base[0] != '/') return url;
  if (strncmp(url, base, bl) == 0 && url[bl] == '/') return url + bl;
  return url;
}

/* kramdown puts a block IAL that follows an HTML block on the element itself: the IAL's
 * classes join the first start tag's class attribute, its id and keys are added when the tag
 * has none of that name.  Text that does not start with a start tag is returned unchanged. */
static const char *html_add_attrs(cb_arena *a, const char *t, size_t *len, const cb_attrs *at) {
  size_t n = *len, k = 0;
  while (k < n && (t[k] == ' ' || t[k] == '\t' || t[k] == '\n'))
    k++;
  if (k + 1 >= n || t[k] != '<' || !((t[k + 1] | 0x20) >= 'a' && (t[k + 1] | 0x20) <= 'z'))
    return t;
  /* end of the start tag (quotes respected) and its class attribute's value, if any */
  size_t j = k + 1, cls_end = 0;
  char q = 0;
  bool has_id = false;
  for (; j < n && (q || t[j] != '>'); j++) {
    if (q) {
      if (t[j] == q) q = 0;
      continue;
    }
    if (t[j] == '"' || t[j] == '\'') {
      q = t[j];
      if (j >= 6 && strncasecmp(t + j - 6, "class=", 6) == 0 &&
          (t[j - 7] == ' ' || t[j - 7] == '\t' || t[j - 7] == '\n')) {
        const char *e = memchr(t + j + 1, q, n - j - 1);
        if (e) cls_end = (size_t)(e - t);
      }
      if (j >= 3 && strncasecmp(t + j - 3, "id=", 3) == 0 &&
          (t[j - 4] == ' ' || t[j - 4] == '\t' || t[j - 4] == '\n'))
        has_id = true;
    }
  }
  if (j >= n) return t;
  size_t ins = j > k && t[j - 1] == '/' ? j - 1 : j;
  cb_buf b = CB_BUF_INIT;
  if (cls_end) {
    cb_buf_put(&b, t, cls_end);
    for (const cb_strlist *c = at->classes; c; c = c->next) {
      cb_buf_putc(&b, ' ');
      cb_md_html_escape(&b, c->s, strlen(c->s));
    }
    cb_buf_put(&b, t + cls_end, ins - cls_end);
  } else {
    cb_buf_put(&b, t, ins);
    if (at->classes) {
      cb_buf_puts(&b, " class=\"");
      for (const cb_strlist *c = at->classes; c; c = c->next) {
        if (c != at->classes) cb_buf_putc(&b, ' ');
        cb_md_html_escape(&b, c->s, strlen(c->s));
      }
      cb_buf_putc(&b, '"');
    }
  }
  if (at->id && !has_id) {
    cb_buf_puts(&b, " id=\"");
    cb_md_html_escape(&b, at->id, strlen(at->id));
    cb_buf_putc(&b, '"');
  }
  for (const cb_kv *kv = at->kvs; kv; kv = kv->next) {
    cb_buf_printf(&b, " %s=\"", kv->key);
    cb_md_html_escape(&b, kv->value, strlen(kv->value));
    cb_buf_putc(&b, '"');
  }
  cb_buf_put(&b, t + ins, n - ins);
  const char *r = cb_strndup(a, b.data, b.len);
  *len = b.len;
  cb_buf_free(&b);
  return r;
}

/* Whether stage-2 line ln (1-based) exists and is blank. */
static bool line_blank(const conv *v, int ln) {
  if (ln < 1 || (size_t)ln > v->n_line_off) return false;
  const char *s = v->buf + v->line_off[ln - 1];
  while (*s == ' ' || *s == '\t' || *s == '>')
    s++;
  return *s == '\n' || *s == 0;
}

/* kramdown's per-item rule (its list parser): an item's first paragraph is bare text unless a
 * blank line follows it inside the list (the last item's trailing blank does not count when
 * nothing else follows in it); the last of several items is bare only if an earlier item is
 * bare or does not start with a paragraph. */
static bool item_first_bare(const conv *v, cmark_node *item) {
  cmark_node *fc = cmark_node_first_child(item);
  if (!fc || cmark_node_get_type(fc) != CMARK_NODE_PARAGRAPH) return false;
  bool blank_after = line_blank(v, cmark_node_get_end_line(fc) + 1);
  bool last = cmark_node_next(item) == NULL;
  bool more = cmark_node_next(fc) != NULL;
  if (blank_after && !(last && !more)) return false;
  if (!last || !cmark_node_previous(item)) return true;
  for (cmark_node *p = cmark_node_previous(item); p; p = cmark_node_previous(p)) {
    cmark_node *pf = cmark_node_first_child(p);
    if (!pf || cmark_node_get_type(pf) != CMARK_NODE_PARAGRAPH) return true;
    if (!line_blank(v, cmark_node_get_end_line(pf) + 1)) return true;
  }
  return false;
}

static int item_para(const conv *v, cmark_node *item) {
  return item_first_bare(v, item) ? 1 : 2;
}

/* kramdown reads no strong inside a strong, and no emphasis inside an emphasis: an inner one
 * written with the other character (`**__x__**`, `*_y_*`) keeps its delimiters as text.  That
 * character, or 0.  (With the same character kramdown ends the outer one early: left as
 * cmark reads it.) */
static char nested_delim(const conv *v, cmark_node *cn) {
  cmark_node_type t = cmark_node_get_type(cn);
  if (t != CMARK_NODE_STRONG && t != CMARK_NODE_EMPH) return 0;
  cmark_node *p = cmark_node_parent(cn);
  for (int up = 0; p && up < 16 && cmark_node_get_type(p) != t; up++)
    p = cmark_node_parent(p);
  if (!p || cmark_node_get_type(p) != t) return 0;
  char c = src_char(v, cmark_node_get_start_line(cn), cmark_node_get_start_column(cn));
  char pc = src_char(v, cmark_node_get_start_line(p), cmark_node_get_start_column(p));
  return (c == '*' || c == '_') && (pc == '*' || pc == '_') && c != pc ? c : 0;
}

static void convert(conv *v, cmark_node *root) {
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *cn = cmark_iter_get_node(it);
    if (cn == root) continue;
    cmark_node_type t = cmark_node_get_type(cn);
    const char *ts = cmark_node_get_type_string(cn);
    char nd = nested_delim(v, cn);
    if (nd) { /* its delimiters, where it starts and where it ends, as text */
      char d[2] = {nd, nd};
      add_text(v, d, t == CMARK_NODE_STRONG ? 2 : 1, node_pos(v, cn));
      continue;
    }
    if (ev == CMARK_EVENT_EXIT) {
      flush_text(v);
      pop_divs(v, false);
      cb_node *n = top(v);
      /* (only at the block's own end: other exits may leave it on top) */
      if ((t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING ||
           (ts && strcmp(ts, "table_cell") == 0)) &&
          (n->type == CB_NODE_PARAGRAPH || n->type == CB_NODE_HEADING ||
           n->type == CB_NODE_TABLE_CELL))
        close_open_tags(v, n);
      if (n->type == CB_NODE_HEADING) heading_explicit_id(v, n);
      if (n->type == CB_NODE_PARAGRAPH && !v->line_ial && n->first && n->first == n->last &&
          n->first->type == CB_NODE_TABLE) { /* (see CB_PH_TABLE in inline_placeholder) */
        cb_node *tb = n->first;
        cb_node_unlink(tb);
        cb_node_insert_after(n, tb);
        cb_node_unlink(n);
        if (v->have_pend && v->pend_parent == n) v->have_pend = false;
        v->depth--;
        continue;
      }
      if (n->type == CB_NODE_PARAGRAPH && v->line_ial) {
        cb_ph *lp = v->line_ial;
        v->line_ial = NULL;
        if (v->have_pend && v->pend_parent == n) v->have_pend = false;
        v->depth--; /* the paragraph is complete: attributes (a notice wraps it) */
        apply_block_ial(v, n, &lp->attrs, NULL);
        continue;
      }
      if (v->have_pend && v->pend_parent == n) v->have_pend = false;
      v->depth--;
      if (n->type == CB_NODE_TABLE_ROW && v->sep_row) { /* a separator line: no row */
        v->sep_row = false;
        v->group_next = true;
        cb_node_unlink(n);
      }
      continue;
    }
    cb_pos pos = node_pos(v, cn);
    const char *lit = cmark_node_get_literal(cn);
    size_t litn = lit ? strlen(lit) : 0;
    cb_node *n = NULL;
    bool container = true, block = true, exit_follows = false;
    switch (t) {
    case CMARK_NODE_PARAGRAPH: n = cb_node_new(v->a, CB_NODE_PARAGRAPH, pos); break;
    case CMARK_NODE_HEADING:
      n = cb_node_new(v->a, CB_NODE_HEADING, pos);
      n->as.heading.level = cmark_node_get_heading_level(cn);
      /* in a markdown="1" element or a footnote, kramdown's GFM parser gives no id (it sets
       * ids on the page's tree only): the converter's basic one (see assign_ids) */
      for (size_t k = 1; k < v->depth; k++)
        if (v->is_div[k] == 1 || v->stack[k]->type == CB_NODE_FOOTNOTE_DEF)
          n->attrs.id = basic_id_pending;
      break;
    case CMARK_NODE_BLOCK_QUOTE: n = cb_node_new(v->a, CB_NODE_BLOCKQUOTE, pos); break;
    case CMARK_NODE_LIST:
      n = cb_node_new(v->a, CB_NODE_LIST, pos);
      n->as.list.ordered = cmark_node_get_list_type(cn) == CMARK_ORDERED_LIST;
      /* kramdown ignores the first number (lists start at 1; an IAL start="n" changes it) */
      n->as.list.start = n->as.list.ordered ? 1 : 0;
      n->as.list.tight = cmark_node_get_list_tight(cn);
      break;
    case CMARK_NODE_ITEM:
      n = cb_node_new(v->a, CB_NODE_ITEM, pos);
      n->as.item.para = item_para(v, cn);
      /* kramdown: once an item of the list has a task box, the later ones are task items */
      if (v->depth && top(v)->type == CB_NODE_LIST && top(v)->last && top(v)->last->as.item.task)
        n->as.item.task = 3;
      break;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
      n = cb_node_new(v->a, CB_NODE_FOOTNOTE_DEF, pos);
      n->as.footnote.label = footnote_label(v, cn);
      if (v->n_defs == v->cap_defs) {
        v->cap_defs = v->cap_defs ? v->cap_defs * 2 : 16;
        v->defs = cb_xrealloc(v->defs, v->cap_defs * sizeof *v->defs);
      }
      v->defs[v->n_defs++] = n;
      n->as.footnote.number = (int)v->n_defs;
      break;
    case CMARK_NODE_CODE_BLOCK: {
      n = cb_node_new(v->a, CB_NODE_CODE_BLOCK, pos);
      container = false;
      n->text = restore(v, lit ? lit : "", litn, &n->text_len);
      const char *info = cmark_node_get_fence_info(cn);
      if (info && *info) {
        n->as.code.info = opt_str(v, info);
        size_t w = 0;
        /* kramdown-parser-gfm: the language is the word before a `?` (`ruby?line=3`) */
        while (info[w] && info[w] != ' ' && info[w] != '\t' && (info[w] != '?' || !w))
          w++;
        n->as.code.lang = cb_strndup(v->a, info, w);
      }
      break;
    }
    case CMARK_NODE_HTML_BLOCK: {
      cb_ph *ph = cb_ph_lookup(v->c, lit ? lit : "", litn);
      if (ph) {
        block_placeholder(v, ph, (cb_pos){v->c->file, ph->line, 0});
        continue;
      }
      n = cb_node_new(v->a, CB_NODE_HTML_BLOCK, pos);
      container = false;
      /* kramdown: an IAL line right after an HTML block applies to it; cmark-gfm keeps the
       * line inside the block (HTML blocks run to a blank line) */
      cb_attrs html_ial = {0};
      while (litn) {
        size_t e = litn;
        while (e && lit[e - 1] == '\n')
          e--;
        size_t b = e;
        while (b && lit[b - 1] != '\n')
          b--;
        cb_ph *iph = b ? cb_ph_lookup(v->c, lit + b, e - b) : NULL;
        if (!iph || iph->kind != CB_PH_IAL_BLOCK || iph->after_blank) break;
        cb_attrs tmp = iph->attrs;
        cb_attrs_merge(v->a, &tmp, &html_ial);
        html_ial = tmp;
        litn = b;
      }
      n->text = restore_html(v, lit ? lit : "", litn, &n->text_len);
      n->text = drop_markdown_attr(v->a, n->text, &n->text_len);
      append_block(v, n);
      if (html_ial.id || html_ial.classes || html_ial.kvs) {
        apply_block_ial(v, n, &html_ial, NULL);
      }
      continue;
    }
    case CMARK_NODE_THEMATIC_BREAK:
      n = cb_node_new(v->a, CB_NODE_THEMATIC_BREAK, pos);
      container = false;
      break;
    case CMARK_NODE_TEXT: add_cmark_text(v, cn, lit ? lit : "", litn, pos); continue;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      if (v->eat_breaks > 0 && t == CMARK_NODE_SOFTBREAK) {
        v->eat_breaks--;
        continue;
      }
      n = cb_node_new(v->a, t == CMARK_NODE_SOFTBREAK ? CB_NODE_SOFTBREAK : CB_NODE_LINEBREAK, pos);
      container = block = false;
      break;
    case CMARK_NODE_CODE:
      n = cb_node_new(v->a, CB_NODE_CODE, pos);
      n->text = restore(v, lit ? lit : "", litn, &n->text_len);
      n->text = code_span_ends(v, cn, n->text, &n->text_len);
      container = block = false;
      break;
    case CMARK_NODE_HTML_INLINE: {
      cb_ph *ph = cb_ph_lookup(v->c, lit ? lit : "", litn);
      if (ph) {
        inline_placeholder(v, ph, pos);
        continue;
      }
      if (void_end_tag(lit, litn)) {
        /* `</br>` closes nothing: kramdown shows it as text (and warns), browsers would
         * read a line break; the page shows what its Jekyll site showed */
        cb_warn(v->c->d, pos, "'%.*s' closes no element; kept as text, as kramdown does", (int)litn,
                lit);
        add_text(v, lit, litn, pos);
        continue;
      }
      if (cb_kd_block_tag(lit, litn)) {
        /* kramdown's span parser shows a block element's tag as text (and warns) */
        cb_warn(v->c->d, pos,
                "block-level tag '%.*s' in running text; kept as text, as kramdown does", (int)litn,
                lit);
        add_text(v, lit, litn, pos);
        continue;
      }
      n = cb_node_new(v->a, CB_NODE_HTML_INLINE, pos);
      n->text = restore_html(v, lit ? lit : "", litn, &n->text_len);
      container = block = false;
      break;
    }
    case CMARK_NODE_EMPH:
      n = cb_node_new(v->a, CB_NODE_EMPH, pos);
      block = false;
      break;
    case CMARK_NODE_STRONG:
      n = cb_node_new(v->a, CB_NODE_STRONG, pos);
      block = false;
      break;
    case CMARK_NODE_LINK:
      n = cb_node_new(v->a, CB_NODE_LINK, pos);
      n->as.link.url = opt_str(v, cmark_node_get_url(cn));
      if (!n->as.link.url) n->as.link.url = "";
      n->as.link.title = opt_str(v, cmark_node_get_title(cn));
      block = false;
      break;
    case CMARK_NODE_IMAGE:
      n = cb_node_new(v->a, CB_NODE_IMAGE, pos);
      n->as.link.url = opt_str(v, cmark_node_get_url(cn));
      if (!n->as.link.url) n->as.link.url = "";
      n->as.link.title = opt_str(v, cmark_node_get_title(cn));
      n->as.link.alt = image_alt(v, cn);
      n->as.link.url = site_path(v->c, n->as.link.url);
      /* the description is the alt text: skip cmark's children and the image's EXIT */
      cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
      container = block = false;
      break;
    case CMARK_NODE_FOOTNOTE_REFERENCE: {
      n = cb_node_new(v->a, CB_NODE_FOOTNOTE_REF, pos);
      n->as.footnote.number = lit ? atoi(lit) : 0;
      if (v->n_refs == v->cap_refs) {
        v->cap_refs = v->cap_refs ? v->cap_refs * 2 : 16;
        v->refs = cb_xrealloc(v->refs, v->cap_refs * sizeof *v->refs);
      }
      v->refs[v->n_refs++] = n;
      container = block = false;
      exit_follows = true; /* not a leaf for cmark's iterator */
      break;
    }
    default:
      if (ts && strcmp(ts, "table") == 0) {
        n = cb_node_new(v->a, CB_NODE_TABLE, pos);
        v->group_next = false;
        int cols = cmark_gfm_extensions_get_table_columns(cn);
        uint8_t *al = cmark_gfm_extensions_get_table_alignments(cn);
        n->as.table.columns = cols;
        n->as.table.aligns = cb_alloc(v->a, (size_t)(cols ? cols : 1) * sizeof(cb_align));
        for (int k = 0; k < cols; k++)
          n->as.table.aligns[k] = !al            ? CB_ALIGN_NONE
                                  : al[k] == 'l' ? CB_ALIGN_LEFT
                                  : al[k] == 'c' ? CB_ALIGN_CENTER
                                  : al[k] == 'r' ? CB_ALIGN_RIGHT
                                                 : CB_ALIGN_NONE;
      } else if (ts && (strcmp(ts, "table_row") == 0 || strcmp(ts, "table_header") == 0)) {
        n = cb_node_new(v->a, CB_NODE_TABLE_ROW, pos);
        n->as.row.header = cmark_gfm_extensions_get_table_row_is_header(cn);
        n->as.row.group = v->group_next && !n->as.row.header;
        v->group_next = false;
        v->cell_col = 0;
      } else if (ts && strcmp(ts, "table_cell") == 0) {
        n = cb_node_new(v->a, CB_NODE_TABLE_CELL, pos);
        cb_node *row = top(v);
        int col = v->cell_col++;
        cb_node *tbl = row->parent;
        if (tbl && tbl->type == CB_NODE_TABLE && col < tbl->as.table.columns)
          n->as.cell.align = tbl->as.table.aligns[col];
      } else if (ts && strcmp(ts, "strikethrough") == 0) {
        n = cb_node_new(v->a, CB_NODE_STRIKETHROUGH, pos);
        block = false;
      } else {
        /* unknown node: its children go to the current container; its EXIT pops this */
        push(v, top(v));
        continue;
      }
    }
    if (block)
      append_block(v, n);
    else
      append_inline(v, n);
    /* cmark sends the matching EXIT for every non-leaf node, even when empty */
    if (container)
      push(v, n);
    else if (exit_follows)
      push(v, top(v));
  }
  cmark_iter_free(it);
  flush_text(v);
}

/* ---- after the walk ---- */

/* kramdown's basic id algorithm (its HTML converter's generate_id): leading non-letters
 * dropped, only [a-zA-Z0-9 -] kept, spaces to '-', downcased; "section" when empty. */
static const char *basic_id(cb_strmap *used, const char *t) {
  size_t n = strlen(t), o = 0;
  char *r = cb_alloc(used->a, n + 1);
  size_t k = 0;
  while (k < n && !((t[k] >= 'a' && t[k] <= 'z') || (t[k] >= 'A' && t[k] <= 'Z')))
    k++;
  for (; k < n; k++) {
    char ch = t[k];
    if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')
      r[o++] = ch;
    else if (ch == ' ')
      r[o++] = '-';
  }
  r[o] = 0;
  const char *base = o ? r : "section";
  bool ins;
  long *cnt = cb_strmap_get(used, base, strlen(base), 0, &ins);
  if (ins) return base;
  return cb_sprintf(used->a, "%s-%ld", base, ++*cnt);
}

/* kramdown's raw text of a heading: text, code spans and math of its descendants (image alts
 * are not part of it; a line break inside a setext heading is, and then dropped). */
static const char *heading_raw_text(cb_arena *a, const cb_node *h) {
  cb_buf b = CB_BUF_INIT;
  cb_iter it;
  const cb_node *n;
  cb_event ev;
  cb_iter_init(&it, h);
  while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE) {
    if (ev != CB_EVENT_ENTER) continue;
    switch (n->type) {
    case CB_NODE_TEXT:
    case CB_NODE_CODE:
    case CB_NODE_MATH_INLINE: cb_buf_put(&b, n->text, n->text_len); break;
    case CB_NODE_SOFTBREAK:
    case CB_NODE_LINEBREAK: cb_buf_putc(&b, '\n'); break;
    case CB_NODE_IMAGE: cb_iter_skip(&it); break;
    default: break;
    }
  }
  const char *r = cb_strndup(a, b.data ? b.data : "", b.len);
  cb_buf_free(&b);
  return r;
}

/* Headings Markdown made inside raw HTML (see cb_raw_html_spans) carry their raw text in a
 * mark; kramdown's converter gives them basic ids, counted with the other basic ones. */
static void raw_heading_ids(cb_node *n, cb_strmap *used) {
  static const char mark[] = " " CB_RAW_HEADING_MARK "=\"";
  const size_t ml = sizeof mark - 1;
  const char *t = n->text, *end = n->text + n->text_len, *m;
  if (!t || !(m = cb_find_str(t, n->text_len, mark))) return;
  cb_buf out = CB_BUF_INIT, raw = CB_BUF_INIT;
  for (; m; m = cb_find_str(t, (size_t)(end - t), mark)) {
    const char *v = m + ml, *q = memchr(v, '"', (size_t)(end - v));
    if (!q) break;
    raw.len = 0;
    for (const char *p = v; p < q; p++) { /* the mark's value, unescaped */
      static const struct {
        const char *ent;
        char ch;
      } ents[] = {{"&quot;", '"'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}};
      size_t e = 0;
      while (e < 4 && strncmp(p, ents[e].ent, strlen(ents[e].ent)) != 0)
        e++;
      cb_buf_putc(&raw, e < 4 ? ents[e].ch : *p);
      if (e < 4) p += strlen(ents[e].ent) - 1;
    }
    cb_buf_putc(&raw, 0);
    cb_buf_put(&out, t, (size_t)(m - t));
    cb_buf_printf(&out, " id=\"%s\"", basic_id(used, raw.data));
    t = q + 1;
  }
  cb_buf_put(&out, t, (size_t)(end - t));
  n->text = cb_strndup(used->a, out.data, out.len);
  n->text_len = out.len;
  cb_buf_free(&out);
  cb_buf_free(&raw);
}

/* Ids after parsing, as kramdown: the GFM parser names every heading it reaches; headings
 * inside <div markdown="1"> (HTML elements, which the GFM parser's pass skips) get the HTML
 * converter's basic ids, counted separately. */
static void assign_ids(conv *v, cb_node *from) {
  cb_strmap seen, used;
  cb_strmap_init(&seen, v->a);
  cb_strmap_init(&used, v->a);
  for (cb_node *blk = from; blk; blk = blk->next) {
    cb_iter it;
    const cb_node *cn;
    cb_event ev;
    cb_iter_init(&it, blk);
    while ((ev = cb_iter_next(&it, &cn)) != CB_EVENT_NONE) {
      if (ev != CB_EVENT_ENTER) continue;
      if (!cb_node_type_is_block(cn->type)) {
        cb_iter_skip(&it);
        continue;
      }
      if (cn->type == CB_NODE_HTML_BLOCK) raw_heading_ids((cb_node *)cn, &used);
      if (cn->type != CB_NODE_HEADING) continue;
      cb_node *h = (cb_node *)cn;
      if (h->attrs.id == basic_id_pending) {
        h->attrs.id = basic_id(&used, heading_raw_text(v->a, h));
      } else if (!h->attrs.id) {
        const char *txt = heading_raw_text(v->a, h);
        const char *id = cb_gfm_id(&seen, txt, strlen(txt));
        /* kramdown writes no id attribute for an empty one (and lists no TOC entry) */
        h->attrs.id = *id ? id : NULL;
      }
      cb_iter_skip(&it);
    }
  }
  cb_strmap_free(&seen);
  cb_strmap_free(&used);
}

/* Lists of `: definition` items become definition lists: the paragraph right before holds
 * the terms, one per line; consecutive groups share one list (as in kramdown).  An IAL right
 * after a group (the list's attributes) is the whole list's, and ends it: kramdown puts an
 * end-of-block marker after it, so the next group starts a list of its own. */
static void build_def_lists(conv *v) {
  const cb_node *ended = NULL; /* the list an IAL ended */
  for (size_t k = 0; k < v->n_dls; k++) {
    cb_node *list = v->dls[k];
    cb_node *terms = list->prev && list->prev->type == CB_NODE_PARAGRAPH ? list->prev : NULL;
    cb_node *before = terms ? terms->prev : list->prev;
    cb_node *dl;
    if (before && before->type == CB_NODE_DEF_LIST && before != ended) {
      dl = before;
    } else {
      dl = cb_node_new(v->a, CB_NODE_DEF_LIST, terms ? terms->pos : list->pos);
      if (terms) dl->attrs = terms->attrs;
      cb_node_insert_after(terms ? terms : list, dl);
    }
    if (list->attrs.id || list->attrs.classes || list->attrs.kvs) {
      cb_attrs_merge(v->a, &dl->attrs, &list->attrs);
      ended = dl;
    }
    if (terms) {
      cb_node *term = NULL;
      for (cb_node *in = terms->first; in;) {
        cb_node *nx = in->next;
        if (in->type == CB_NODE_SOFTBREAK) {
          term = NULL;
        } else {
          if (!term) {
            term = cb_node_new(v->a, CB_NODE_DEF_TERM, in->pos);
            cb_node_append(dl, term);
          }
          cb_node_append(term, in);
        }
        in = nx;
      }
      cb_node_unlink(terms);
    }
    for (cb_node *item = list->first; item;) {
      cb_node *nx = item->next;
      cb_node *desc = cb_node_new(v->a, CB_NODE_DEF_DESC, item->pos);
      desc->attrs = item->attrs;
      desc->as.item.para = item->as.item.para;
      for (cb_node *b = item->first; b;) {
        cb_node *bn = b->next;
        cb_node_append(desc, b);
        b = bn;
      }
      cb_node_append(dl, desc);
      item = nx;
    }
    cb_node_unlink(list);
  }
}

static bool ascii_word(unsigned char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_';
}

static int abbr_cmp(const void *x, const void *y) {
  const struct cb_abbr *a = x, *b = y;
  return a->key_len < b->key_len ? 1 : a->key_len > b->key_len ? -1 : 0;
}

/* kramdown marks every occurrence of an abbreviation standing on ASCII word boundaries,
 * longest first, in text (not code). */
static void mark_abbrs(conv *v, cb_node *from) {
  cb_mdctx *c = v->c;
  qsort(c->abbrs, c->n_abbrs, sizeof *c->abbrs, abbr_cmp);
  for (cb_node *blk = from; blk; blk = blk->next) {
    cb_iter it;
    const cb_node *cn;
    cb_event ev;
    cb_iter_init(&it, blk);
    while ((ev = cb_iter_next(&it, &cn)) != CB_EVENT_NONE) {
      if (ev != CB_EVENT_ENTER || cn->type != CB_NODE_TEXT) continue;
      cb_node *t = (cb_node *)cn;
      const char *s = t->text;
      size_t n = t->text_len, lit = 0;
      cb_node *last = t;
      for (size_t p = 0; p < n;) {
        const struct cb_abbr *hit = NULL;
        if (p == 0 || !ascii_word((unsigned char)s[p - 1]))
          for (size_t q = 0; q < c->n_abbrs && !hit; q++) {
            const struct cb_abbr *ab = &c->abbrs[q];
            if (ab->key_len && ab->key_len <= n - p && memcmp(s + p, ab->key, ab->key_len) == 0 &&
                (p + ab->key_len == n || !ascii_word((unsigned char)s[p + ab->key_len])))
              hit = ab;
          }
        if (!hit) {
          p++;
          continue;
        }
        if (p > lit) {
          cb_node *head = cb_node_new_text(v->a, s + lit, p - lit, t->pos);
          cb_node_insert_after(last, head);
          last = head;
        }
        cb_node *ab = cb_node_new(v->a, CB_NODE_ABBR, t->pos);
        ab->as.abbr.title = hit->title;
        cb_node_append(ab, cb_node_new_text(v->a, hit->key, hit->key_len, t->pos));
        cb_node_insert_after(last, ab);
        last = ab;
        p += hit->key_len;
        lit = p;
      }
      if (last == t) continue;
      if (lit < n) cb_node_insert_after(last, cb_node_new_text(v->a, s + lit, n - lit, t->pos));
      /* continue the walk after the pieces: the original node leaves the tree */
      it.cur = last;
      it.ev = CB_EVENT_ENTER;
      if (last->type == CB_NODE_ABBR) it.ev = CB_EVENT_EXIT;
      cb_node_unlink(t);
    }
  }
}

int cb_markdown_read(cb_arena *a, const char *file, const char *body, size_t len, int first_line,
                     const cb_meta *page, const cb_options *opt, cb_node *chapter, cb_diag *d) {
  cb_mdctx c;
  cb_mdctx_init(&c, a, file, page, d, body, len);
  c.site_root = cb_site_root(a, file, opt);
  if (c.site_root) c.site = cb_site_config(a, c.site_root, d);
  /* the site's address, for links written relative to it (absolute http(s) URLs only) */
  const char *su = c.site ? cb_meta_str(c.site, "url") : NULL;
  bool web = su && (strncmp(su, "https://", 8) == 0 || strncmp(su, "http://", 7) == 0);
  if (web && !url_host_ok(su + (su[4] == 's' ? 8 : 7))) {
    cb_warn(d, (cb_pos){file, 0, 0},
            "the site's url '%s' has no valid host; links to the site "
            "are kept as written",
            su);
  } else if (web) {
    size_t sl = strlen(su);
    while (sl > 8 && su[sl - 1] == '/')
      sl--;
    chapter->as.chapter.site_url = cb_strndup(a, su, sl);
  }
  cb_buf s1 = CB_BUF_INIT, s2 = CB_BUF_INIT;
  cb_liquid_expand(&c, body, len, first_line, &s1);
  cb_footnote_order(&c, &s1);
  cb_buf s1l = CB_BUF_INIT;
  cb_listmap lm = {0};
  cb_kramdown_lists(&c, s1.data ? s1.data : "", s1.len, &s1l, &lm);
  kramdown_pre(&c, s1l.data ? s1l.data : "", s1l.len, &lm, &s2); /* records point into s1l */
  cb_listmap_free(&lm);
  const char *src = s2.data ? s2.data : "";
  if (getenv("CB_DEBUG_PRE")) fprintf(stderr, "%s\n----\n%s\n", s1l.data ? s1l.data : "", src);

  cmark_gfm_core_extensions_ensure_registered();
  /* kramdown always does typographic substitution; no autolink: kramdown has none */
  /* kramdown's GFM strikethrough needs two tildes */
  cmark_parser *parser =
      cmark_parser_new(CMARK_OPT_SMART | CMARK_OPT_FOOTNOTES | CMARK_OPT_SOURCEPOS |
                       CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE);
  static const char *const exts[] = {"table", "strikethrough"};
  for (size_t k = 0; k < sizeof exts / sizeof *exts; k++) {
    cmark_syntax_extension *e = cmark_find_syntax_extension(exts[k]);
    if (e) cmark_parser_attach_syntax_extension(parser, e);
  }
  cmark_parser_feed(parser, src, s2.len);
  cmark_node *doc = cmark_parser_finish(parser);

  conv v = {.c = &c, .a = a, .buf = src, .buf_len = s2.len};
  size_t nl = 1;
  for (size_t k = 0; k < s2.len; k++)
    nl += src[k] == '\n';
  v.line_off = cb_xmalloc(nl * sizeof *v.line_off);
  v.line_off[v.n_line_off++] = 0;
  for (size_t k = 0; k < s2.len; k++)
    if (src[k] == '\n') v.line_off[v.n_line_off++] = k + 1;

  cb_node *before = chapter->last;
  push(&v, chapter);
  convert(&v, doc);
  cb_node *first = before ? before->next : chapter->first;

  /* footnote refs point at their definitions (cmark numbers both the same way) */
  for (size_t k = 0; k < v.n_refs; k++) {
    int num = v.refs[k]->as.footnote.number;
    if (num >= 1 && (size_t)num <= v.n_defs) {
      v.refs[k]->as.footnote.def = v.defs[num - 1];
      v.refs[k]->as.footnote.label = v.defs[num - 1]->as.footnote.label;
    }
  }
  build_def_lists(&v);
  first = before ? before->next : chapter->first;
  assign_ids(&v, first);
  if (c.n_abbrs) mark_abbrs(&v, first);

  /* front matter `toc: true`: the theme's sidebar contents, placed first */
  const cb_meta *toc = cb_meta_get(page, "toc");
  if (toc && toc->type == CB_META_BOOL && toc->boolean) {
    cb_node *t = cb_node_new(a, CB_NODE_TOC, (cb_pos){file, toc->pos.line, 0});
    t->as.toc.title = cb_meta_str(page, "toc_label");
    t->as.toc.icon = cb_meta_str(page, "toc_icon");
    if (first) {
      cb_node_insert_after(first, t);
      cb_node_unlink(first);
      cb_node_insert_after(t, first);
    } else {
      cb_node_append(chapter, t);
    }
  }

  cmark_node_free(doc);
  cmark_parser_free(parser);
  free(v.line_off);
  free(v.stack);
  free(v.is_div);
  free(v.defs);
  free(v.refs);
  free(v.dls);
  free(v.refdef_at);
  if (v.have_refdefs) cb_strmap_free(&v.refdefs);
  cb_buf_free(&v.text);
  cb_buf_free(&s1);
  cb_buf_free(&s1l);
  cb_buf_free(&s2);
  cb_mdctx_free(&c);
  return 0;
}
