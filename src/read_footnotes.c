/* kramdown's footnote definition ends where its indented lines end: a line that is not
 * indented right after `[^x]: text` starts a paragraph of the page (parser/kramdown/footnote.rb
 * takes the first line and the code-block-like lines after it).  cmark-gfm reads that line as
 * a lazy continuation of the definition's paragraph, so the page loses it into the note.
 *
 * This pass runs between the Liquid pass and the list pass: such a run of definitions, after a
 * blank line, is moved below the paragraph lines that follow it (up to the next blank line).
 * cmark-gfm lets a definition interrupt a paragraph, and a note's place in the text changes
 * nothing (notes are numbered by their first reference and written at the end).  The source
 * line map moves with the lines, so messages keep their line numbers.  Only plain paragraph
 * lines are moved over: a line that could start a block of its own (a list, a heading, HTML,
 * a table, an IAL, a fence, a rule, a definition) leaves the page as it is, and so do lines in
 * fenced code.  One pass, linear in the text. */
#include <stdlib.h>
#include <string.h>

#include "read_internal.h"

typedef struct {
  size_t at, len; /* a line's bytes, without its line break */
} line;

static bool blank(const char *s, line l) {
  for (size_t k = 0; k < l.len; k++)
    if (s[l.at + k] != ' ' && s[l.at + k] != '\t' && s[l.at + k] != '\r') return false;
  return true;
}

static bool indented(const char *s, line l) {
  return l.len && (s[l.at] == '\t' || (l.len >= 4 && memcmp(s + l.at, "    ", 4) == 0));
}

/* `[label]:` at the line's start (a footnote definition when the label starts with `^`). */
static bool definition(const char *s, line l, bool note) {
  const char *t = s + l.at;
  if (l.len < 4 || t[0] != '[' || (note && t[1] != '^')) return false;
  for (size_t k = 1 + note; k + 1 < l.len; k++) {
    if (t[k] == ']') return k > 1 + (size_t)note && t[k + 1] == ':';
    if (t[k] == '[' || (note && (t[k] == ' ' || t[k] == '\t'))) return false;
  }
  return false;
}

/* A fence line: its character and length, else 0. */
static size_t fence(const char *s, line l, char *ch) {
  size_t k = 0;
  while (k < l.len && k < 3 && s[l.at + k] == ' ')
    k++;
  char c = k < l.len ? s[l.at + k] : 0;
  if (c != '`' && c != '~') return 0;
  size_t r = 0;
  while (k + r < l.len && s[l.at + k + r] == c)
    r++;
  if (r < 3) return 0;
  *ch = c;
  return r;
}

/* Plain paragraph text for kramdown and cmark alike: nothing there starts a block. */
static bool plain(const char *s, line l) {
  const char *t = s + l.at;
  size_t n = l.len, k = 0;
  while (k < n && k < 3 && t[k] == ' ')
    k++;
  if (k >= n || definition(s, l, false)) return false;
  char c = t[k];
  if (strchr("#>|<{:=`~$", c)) return false;
  if (c == '-' || c == '*' || c == '+' || c == '_') {
    if (k + 1 >= n || t[k + 1] == ' ' || t[k + 1] == '\t') return false; /* a list item */
    bool rule = true; /* `***`, `- - -`, `___`: a rule or a setext underline */
    for (size_t q = k; q < n && rule; q++)
      rule = t[q] == c || t[q] == ' ' || t[q] == '\t' || t[q] == '\r';
    if (rule) return false;
  }
  size_t d = k;
  while (d < n && c >= '0' && c <= '9' && t[d] >= '0' && t[d] <= '9')
    d++;
  if (d > k && d < n && (t[d] == '.' || t[d] == ')')) return false; /* an ordered item */
  return true;
}

void cb_footnote_order(cb_mdctx *c, cb_buf *text) {
  const char *s = text->data;
  size_t n = text->len, nl = 0, cap = 0;
  if (!s || !memchr(s, '[', n)) return;
  line *v = NULL;
  for (size_t k = 0; k <= n;) {
    const char *e = k < n ? memchr(s + k, '\n', n - k) : NULL;
    size_t le = e ? (size_t)(e - s) : n;
    if (nl == cap) v = cb_xrealloc(v, (cap = cap ? cap * 2 : 64) * sizeof *v);
    v[nl++] = (line){k, le - k};
    if (!e) break;
    k = le + 1;
  }
  if (nl > c->n_lines) nl = c->n_lines; /* (the map covers every line; a guard only) */
  size_t *order = NULL; /* the new order of lines, built only when something moves */
  char fch = 0;
  size_t flen = 0;
  for (size_t i = 0; i < nl; i++) {
    char ch;
    size_t fl = fence(s, v[i], &ch);
    if (flen) {
      if (fl >= flen && ch == fch) flen = 0;
      continue;
    }
    if (fl) {
      flen = fl, fch = ch;
      continue;
    }
    if (!definition(s, v[i], true) || (i && !blank(s, v[i - 1]))) continue;
    /* the run of definitions with their indented lines (blank lines between them included) */
    size_t j = i + 1;
    for (;;) {
      size_t q = j;
      while (q < nl && blank(s, v[q]))
        q++;
      if (q < nl && (indented(s, v[q]) || (q == j && definition(s, v[q], true)))) {
        j = q + 1;
        continue;
      }
      break;
    }
    if (j >= nl || blank(s, v[j]) || !plain(s, v[j])) {
      i = j - 1;
      continue;
    }
    size_t p = j;
    while (p < nl && !blank(s, v[p]) && plain(s, v[p]))
      p++;
    bool hl = false; /* a `{% highlight %}` fence among them keeps its line (a guard) */
    for (size_t q = i; q < p && !hl; q++)
      hl = cb_mdctx_highlight_line(c, q);
    if ((p < nl && !blank(s, v[p])) || hl) { /* a block starts right under the text */
      i = p - 1;
      continue;
    }
    if (!order) {
      order = cb_xmalloc(nl * sizeof *order);
      for (size_t q = 0; q < nl; q++)
        order[q] = q;
    }
    size_t w = i;
    for (size_t q = j; q < p; q++)
      order[w++] = q;
    for (size_t q = i; q < j; q++)
      order[w++] = q;
    i = p - 1;
  }
  if (order) {
    cb_buf b = CB_BUF_INIT;
    int *map = cb_xmalloc(nl * sizeof *map);
    for (size_t q = 0; q < nl; q++) {
      if (q) cb_buf_putc(&b, '\n');
      cb_buf_put(&b, s + v[order[q]].at, v[order[q]].len);
      map[q] = c->line_map[order[q]];
    }
    if (v[nl - 1].at + v[nl - 1].len < n) /* the lines the map does not cover, as they were */
      cb_buf_put(&b, s + v[nl - 1].at + v[nl - 1].len, n - v[nl - 1].at - v[nl - 1].len);
    memcpy(c->line_map, map, nl * sizeof *map);
    free(map);
    cb_buf_free(text);
    *text = b;
  }
  free(order);
  free(v);
}
