/* kramdown's list structure, given to cmark-gfm as explicit indentation.
 *
 * kramdown splits a list into items by its own line rules (parser/kramdown/list.rb): an item's
 * content column is the marker's width plus the spaces after it; a later line belongs to the
 * item when indented that far, or lazily whatever it starts while no blank line came between;
 * a new item of the list is any marker of the list's kind indented less than the content
 * column (at most 3); the item's text is then parsed again as blocks, which finds the nested
 * lists.  CommonMark's rules differ (a bullet changes the list, lazy lines are paragraph text
 * only, a nested marker must reach the content column), so every page with an unusual
 * indentation nested differently.
 *
 * This pass runs that algorithm, recursively, and writes every line of a list again: each
 * item's marker at its list's column (`-` or `1.`, then one space) and each line of its content
 * at the item's content column, followed by the line's own indentation inside the item as
 * kramdown computes it.  Lines keep their number, so source lines stay right.  Lines outside
 * lists are copied as they are.  Definitions are items of the same kind (a `- ` the reader
 * marks as a definition), and a quote's lines are written again as `> ` and their text at
 * the quote's level, since kramdown parses a quote's text (lazy lines included) as blocks.
 * The block kinds that hide list markers (fenced, indented and math code, HTML blocks and
 * comments, extensions, tables) are recognised at every level so that nothing inside them is
 * taken for a list.
 *
 * Time and memory are linear in the input times the nesting depth, which is capped. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read_internal.h"

#define MAX_DEPTH 24
/* markdown="1" elements read inside one another at most this deep (each level scans its
 * element's lines once more to find the end tag: bounded work) */
#define MAX_MD_NEST 8

typedef struct {
  const char *p;
  size_t n;      /* the line without its line break */
  size_t rn, tn; /* its length without a final \r, and without trailing white space */
} line_t;

/* One line as one level of the parse sees it: `ind` columns of indentation, then the original
 * line's bytes from `off`. */
typedef struct {
  uint32_t idx, ind, off;
} vline;

typedef struct {
  char *p;
  uint32_t n, cap;
} prefix_t;

typedef struct {
  line_t *ln;
  prefix_t *pre; /* what this pass writes before the line's text */
  uint32_t *off; /* where the line's own text resumes; UINT32_MAX: copied as it is */
  unsigned char *item;
  unsigned char *esc;     /* a backslash goes before the text (see the item's first line) */
  unsigned char *nofence; /* looks like a fence, but kramdown finds no end for it */
  uint32_t *start;        /* where the line's text begins inside its quotes (after `> `) */
  uint32_t *raw_end;      /* see cb_listmap */
  uint32_t *cont;         /* see cb_listmap */
  unsigned char *ends;    /* see cb_listmap */
  int md_nest;            /* markdown="1" elements being read inside one another */
  const cb_mdctx *c;      /* for Liquid's block placeholders */
} st_t;

static void pre_add(prefix_t *q, const char *s, size_t n) {
  if (q->n + n + 1 > q->cap) {
    q->cap = (uint32_t)((q->n + n + 1) * 2);
    q->p = realloc(q->p, q->cap);
    if (!q->p) abort();
  }
  memcpy(q->p + q->n, s, n);
  q->n += (uint32_t)n;
}

static void pre_spaces(prefix_t *q, size_t n) {
  static const char sp[] = "                                ";
  while (n) {
    size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
    pre_add(q, sp, k);
    n -= k;
  }
}

/* The line's text at this level, without trailing white space; vraw: with it (kramdown's
 * marker needs the space after it). */
static const char *vtext(const st_t *S, vline v, size_t *n, bool raw) {
  const line_t *L = &S->ln[v.idx];
  size_t e = raw ? L->rn : L->tn;
  *n = v.off < e ? e - v.off : 0;
  return L->p + (v.off < L->n ? v.off : L->n);
}

static const char *vt(const st_t *S, vline v, size_t *n) {
  return vtext(S, v, n, false);
}

static const char *vraw(const st_t *S, vline v, size_t *n) {
  return vtext(S, v, n, true);
}

static bool vblank(const st_t *S, vline v) {
  size_t n;
  vt(S, v, &n);
  return n == 0;
}

/* A line's leading white space as kramdown's patterns see it: a tab at the start is four
 * spaces (its INDENT, and list.rb's `sub!(/^(\t+)/)`), spaces count one each, and a tab after
 * a space is left where it is (it is neither `\t` nor ` {4}` there: no indentation, no block
 * start).  *cols: the spaces; *off: where the rest (a tab, or the text) starts. */
static void lead(const char *p, size_t n, uint32_t *cols, uint32_t *off) {
  uint32_t c = 0;
  size_t k = 0;
  for (; k < n && p[k] == '\t'; k++)
    c += 4;
  for (; k < n && p[k] == ' '; k++)
    c++;
  *cols = c;
  *off = (uint32_t)k;
}

/* kramdown's content_re for an item whose content column is w: the line starts with w/4 groups
 * (a tab, or four spaces) and w%4 spaces, or with w/4+1 groups.  v's white space is v.ind
 * spaces, then the line's bytes from v.off. */
static bool groups(const st_t *S, vline v, size_t q, size_t r) {
  const line_t *L = &S->ln[v.idx];
  size_t sp = v.ind, o = v.off;
  for (size_t g = 0; g <= q; g++) {
    while (sp < 4 && o < L->n && L->p[o] == ' ') /* (spaces are spaces, as written or not) */
      sp++, o++;
    if (g == q) return sp >= r;
    if (sp >= 4)
      sp -= 4;
    else if (!sp && o < L->n && L->p[o] == '\t')
      o++;
    else
      return false;
  }
  return false;
}

static bool kd_content(const st_t *S, vline v, size_t w) {
  return groups(S, v, w / 4, w % 4) || groups(S, v, w / 4 + 1, 0);
}

/* v without w of its (at least w) leading spaces; a tab then first is four more, as kramdown
 * reads a line that starts with one. */
static vline unindent(const st_t *S, vline v, size_t w) {
  v.ind -= (uint32_t)w;
  if (!v.ind) {
    const line_t *L = &S->ln[v.idx];
    uint32_t cols, skip;
    lead(L->p + v.off, L->n - v.off, &cols, &skip);
    v.ind = cols;
    v.off += skip;
  }
  return v;
}

/* kramdown's LIST_START at the text t (indentation already checked): the marker's length, 0
 * if none.  `[-+*]` or `\d+\.`, then a space, a tab or a pipe (its PATTERN_TAIL). */
static size_t list_start(const char *t, size_t n, bool *ordered) {
  size_t q = 0;
  while (q < n && t[q] >= '0' && t[q] <= '9')
    q++;
  size_t m = q == 0 && n && (t[0] == '-' || t[0] == '+' || t[0] == '*') ? 1
             : q > 0 && q < n && t[q] == '.'                            ? q + 1
                                                                        : 0;
  if (!m || m >= n || (t[m] != ' ' && t[m] != '\t' && t[m] != '|')) return 0;
  *ordered = q > 0;
  return m;
}

bool cb_kd_hrule(const char *t, size_t n) {
  if (!n || (t[0] != '*' && t[0] != '-' && t[0] != '_')) return false;
  size_t c = 0;
  for (size_t k = 0; k < n; k++) {
    if (t[k] == t[0])
      c++;
    else if (t[k] != ' ' && t[k] != '\t')
      return false;
  }
  return c >= 3;
}

static bool atx(const char *t, size_t n) {
  size_t h = 0;
  while (h < n && t[h] == '#')
    h++;
  return h >= 1 && h <= 6 && (h == n || t[h] == ' ' || t[h] == '\t');
}

/* kramdown's end-of-block marker `^` alone on a line. */
static bool eob(uint32_t ind, const char *t, size_t n) {
  return ind == 0 && n == 1 && t[0] == '^';
}

/* A block IAL line `{: ...}` (not `{::` nor `{:/`). */
static bool ial_line(const char *t, size_t n) {
  return n > 3 && t[0] == '{' && t[1] == ':' && t[2] != ':' && t[2] != '/' && t[n - 1] == '}';
}

/* kramdown's LAZY_END_HTML_START / _STOP: a tag of an element that is not span-level.  A
 * theme include (video, toc, figure, gallery, feature_row) and a `{% highlight %}` block are
 * ones too: Jekyll puts its HTML there, which starts with a block tag or blank lines. */
static bool html_stop(const cb_mdctx *c, size_t idx, const char *t, size_t n) {
  if (c && cb_mdctx_highlight_line(c, idx)) return true; /* `<figure class=highlight>` */
  if (n < 2 || t[0] != '<') return false;
  if (t[1] == '!') {
    const cb_ph *ph = c ? cb_ph_lookup(c, t, n) : NULL;
    return ph && (ph->kind == CB_PH_VIDEO || ph->kind == CB_PH_TOC || ph->kind == CB_PH_FIGURE ||
                  ph->kind == CB_PH_GALLERY || ph->kind == CB_PH_FEATURE_ROW);
  }
  size_t k = t[1] == '/' ? 2 : 1;
  if (k >= n || !((t[k] | 0x20) >= 'a' && (t[k] | 0x20) <= 'z')) return false;
  if (cb_md_span_tag(t, n)) return false;
  if (n >= 7 && strncasecmp(t + k, "script", 6) == 0) return false;
  return true;
}

/* An unescaped pipe (kramdown's TABLE_LINE). */
static bool has_pipe(const char *t, size_t n) {
  for (size_t k = 0; k < n; k++) {
    if (t[k] == '\\')
      k++;
    else if (t[k] == '|')
      return true;
  }
  return false;
}

/* The fence at t: its character and run length, 0 if none. */
static size_t fence(const char *t, size_t n, char *ch) {
  if (n < 3 || (t[0] != '`' && t[0] != '~')) return 0;
  size_t f = 0;
  while (f < n && t[f] == t[0])
    f++;
  if (f < 3 || (t[0] == '`' && memchr(t + f, '`', n - f))) return 0;
  *ch = t[0];
  return f;
}

/* kramdown-parser-gfm opens a fence only when its info string is one word (`python`, not
 * `{code-cell} ipython3`); otherwise the line is text. */
static bool info_one_word(const char *t, size_t n) {
  size_t k = 0;
  while (k < n && (t[k] == ' ' || t[k] == '\t'))
    k++;
  while (k < n && t[k] != ' ' && t[k] != '\t')
    k++;
  while (k < n && (t[k] == ' ' || t[k] == '\t'))
    k++;
  return k == n;
}

static bool find(const char *t, size_t n, const char *pat) {
  size_t pl = strlen(pat);
  for (size_t k = 0; k + pl <= n; k++)
    if (strncasecmp(t + k, pat, pl) == 0) return true;
  return false;
}

/* Scan memos of one level: a construct that found no end once finds none later either, so
 * it is not looked for again (keeps the pass linear on unclosed constructs). */
typedef struct {
  size_t fence_fail[2]; /* shortest ` / ~ fence run that found no closing fence */
  bool comment_fail, math_fail;
  bool grid_fail; /* the rest of the text after a never-closed element was no container */
  const char *tag_fail[8];
  size_t n_tag_fail;
} memo_t;

/* End (exclusive index into v) of the region starting at v[i], or 0 if it is not closed. */
static size_t close_fence(const st_t *S, const vline *v, size_t m, size_t i, char ch, size_t f) {
  for (size_t j = i + 1; j < m; j++) {
    size_t n;
    const char *t = vt(S, v[j], &n);
    if (v[j].ind > 3) continue;
    size_t k = 0;
    while (k < n && t[k] == ch)
      k++;
    if (k >= f && k == n) return j + 1;
  }
  return 0;
}

/* The line after the one where the element whose start tag begins line i ends, as kramdown's
 * raw HTML parser finds it (cb_raw_feed), else 0. */
static size_t close_html(const st_t *S, const vline *v, size_t m, size_t i) {
  cb_raw_feed F = {0};
  bool done = false;
  for (size_t j = i; j < m && !done; j++) {
    size_t n;
    const char *t = vt(S, v[j], &n);
    done = cb_raw_feed_line(S->c, &F, v[j].idx, t, n, j);
  }
  done = done || cb_raw_feed_finish(&F);
  size_t e = done ? F.end_who + 1 : 0;
  cb_raw_feed_free(&F);
  return e;
}

/* A start tag alone on its line, with markdown="1" or "block" (its content: blocks). */
static bool md_block(const char *t, size_t n) {
  if (memchr(t, '>', n) != t + n - 1) return false; /* more after the start tag */
  size_t a0, a1, vn;
  const char *v;
  return cb_md_attr(t, n, &a0, &a1, &v, &vn) &&
         ((vn == 1 && v[0] == '1') || (vn == 5 && strncasecmp(v, "block", 5) == 0));
}

/* The lines from a to b (one run of the page) hold only markdown="1" elements and tags (see
 * cb_kd_transparent). */
static bool transparent(const st_t *S, vline a, vline b) {
  const line_t *A = &S->ln[a.idx], *B = &S->ln[b.idx];
  return B->p >= A->p && cb_kd_transparent(A->p, (size_t)(B->p + B->n - A->p));
}

/* Line v is the end tag of name and nothing else. */
static bool own_line_close(const st_t *S, vline v, const char *name) {
  size_t n, nl = strlen(name);
  const char *t = vt(S, v, &n);
  return n >= nl + 3 && t[0] == '<' && t[1] == '/' && strncasecmp(t + 2, name, nl) == 0 &&
         t[nl + 2] == '>' && cb_kd_only_comments(t + nl + 3, n - nl - 3);
}

static size_t close_str(const st_t *S, const vline *v, size_t m, size_t i, size_t from,
                        const char *pat) {
  for (size_t j = i; j < m; j++) {
    size_t n;
    const char *t = vt(S, v[j], &n);
    size_t o = j == i ? from : 0;
    if (o <= n && find(t + o, n - o, pat)) return j + 1;
  }
  return 0;
}

static void level(st_t *S, vline *v, size_t m, int depth);

/* Lines of a quote (up to a blank line, an IAL or an HTML line) or of a table (lines with a
 * pipe): the end of the run starting at v[i]. */
static size_t run_end(const st_t *S, const vline *v, size_t m, size_t i, bool table) {
  size_t j = i + 1;
  for (; j < m; j++) {
    size_t n;
    const char *t = vt(S, v[j], &n);
    if (!n || (table ? !has_pipe(t, n)
                     : ial_line(t, n) || (v[j].ind <= 3 && html_stop(S->c, v[j].idx, t, n))))
      break;
  }
  return j;
}

/* A line that is not (or no longer) looked into: written at its indentation. */
static void term(st_t *S, vline v, int depth) {
  if (depth == 0) return; /* outside lists: copied as it is */
  S->off[v.idx] = v.off;
  S->cont[v.idx] = S->pre[v.idx].n;
  if (!vblank(S, v)) pre_spaces(&S->pre[v.idx], v.ind);
}

/* The first line of an HTML block: at the level's column, without its own indentation, which
 * kramdown ignores there (up to three spaces) and which would put it, for cmark, in a list
 * item the line has just ended. */
static void term_html(st_t *S, vline v, int depth) {
  v.ind = 0;
  term(S, v, depth);
}

/* The lines v[from..to) not looked into (to = 0: the construct found no end, only its first
 * line); the index after them. */
static size_t terms(st_t *S, const vline *v, size_t from, size_t to, int depth) {
  if (!to) to = from + 1;
  for (size_t k = from; k < to; k++)
    term(S, v[k], depth);
  return to;
}

/* One item's content: its lines as the item sees them.  kramdown keeps an item's text in
 * chunks, a new one where an indented line starts a list before any blank line; each is parsed
 * apart, so no block goes on from one to the next.  Grown as needed (a list's size, not the
 * rest of the page's: many small lists stay linear). */
typedef struct {
  vline *v;
  bool *chunk; /* v[k] starts a chunk */
  size_t n, cap;
} item_t;

static void item_add(item_t *it, vline l, bool chunk) {
  if (it->n == it->cap) {
    it->cap = it->cap ? it->cap * 2 : 16;
    it->v = realloc(it->v, it->cap * sizeof *it->v);
    it->chunk = realloc(it->chunk, it->cap * sizeof *it->chunk);
    if (!it->v || !it->chunk) abort();
  }
  it->v[it->n] = l;
  it->chunk[it->n++] = chunk;
}

/* The item whose marker is on line `first` is complete: its content lines go to the content
 * column (w) and each chunk is parsed as blocks one level down. */
static void item_flush(st_t *S, item_t *it, uint32_t first, size_t w, int depth) {
  while (it->n && vblank(S, it->v[it->n - 1])) /* blank lines ending it are not its content */
    it->n--;
  /* (a blank line too: kramdown keeps its white space, which a code block then shows) */
  for (size_t q = 0; q < it->n; q++)
    if (it->v[q].idx != first) pre_spaces(&S->pre[it->v[q].idx], w);
  for (size_t c0 = 0, c1; c0 < it->n; c0 = c1) {
    for (c1 = c0 + 1; c1 < it->n && !it->chunk[c1]; c1++)
      ;
    level(S, it->v + c0, c1 - c0, depth + 1);
  }
  it->n = 0;
}

/* kramdown's DEFINITION_LIST_START at the text t: the marker's length (1), 0 if none. */
static size_t def_start(const char *t, size_t n) {
  return n > 1 && t[0] == ':' && (t[1] == ' ' || t[1] == '\t' || t[1] == '|') ? 1 : 0;
}

/* kramdown's parse_list (kind 'u' or 'o') or parse_definition_list (kind 'd') from v[i] (a
 * list start, or a definition after its terms, which level() checked): writes the list and
 * returns the index after it.  A definition is written as a bullet item marked in S->item
 * (see cb_listmap); its text is never split in chunks, and a rule does not end the list. */
static size_t list(st_t *S, vline *v, size_t m, size_t i, char kind, int depth) {
  const bool def = kind == 'd', ordered = kind == 'o';
  size_t max_lead = 3;
  size_t indentation = 0;
  bool nested = false, last_blank = false;
  item_t it = {0};
  uint32_t item_first = v[i].idx;   /* the current item's marker line */
  const size_t w = ordered ? 3 : 2; /* content column of the items as written */

  size_t j = i;
  for (; j < m; j++) {
    size_t n;
    const char *t = vt(S, v[j], &n);
    bool blank = n == 0;
    bool ord = false;
    size_t rn;
    const char *rt = vraw(S, v[j], &rn);
    size_t ls = blank ? 0 : list_start(rt, rn, &ord); /* LIST_START, wherever it stands */
    size_t mk = v[j].ind > max_lead ? 0 : def ? def_start(rt, rn) : ord == ordered ? ls : 0;
    if (!def && last_blank && v[j].ind <= 3 && cb_kd_hrule(t, n)) break;
    if (eob(v[j].ind, t, n)) { /* end-of-block marker: the list's (a definition list's parent's) */
      if (!def) term(S, v[j++], depth);
      break;
    }
    if (mk) {
      item_flush(S, &it, item_first, w, depth);
      item_first = v[j].idx;
      /* the content after the marker and its spaces (tabs to kramdown's stops) */
      uint32_t col = v[j].ind + (uint32_t)mk, o = v[j].off + (uint32_t)mk;
      const line_t *L = &S->ln[v[j].idx];
      while (o < L->n && (L->p[o] == ' ' || L->p[o] == '\t')) {
        col = L->p[o] == '\t' ? (col / 4 + 1) * 4 : col + 1;
        o++;
      }
      size_t cn;
      const char *ct = vt(S, (vline){v[j].idx, 0, o}, &cn);
      bool empty = cn == 0 || (cn > 2 && ct[0] == '{' && ct[1] == ':' && ct[cn - 1] == '}' &&
                               cb_ial_span_len(ct, cn) == cn);
      indentation = empty ? 4 : col;
      max_lead = indentation <= 1 ? 0 : indentation - 1 > 3 ? 3 : indentation - 1;
      pre_add(&S->pre[v[j].idx], ordered ? "1." : "-", ordered ? 2 : 1);
      bool o2;
      nested = cn && list_start(ct, cn, &o2) != 0;
      if (def || !S->item[v[j].idx]) /* (a list first in a definition: still a definition) */
        S->item[v[j].idx] = !def ? 1 : nested ? 3 : 2;
      if (cn) {
        pre_add(&S->pre[v[j].idx], " ", 1);
        item_add(&it, (vline){v[j].idx, 0, o}, false);
        /* kramdown: a marker alone is paragraph text; cmark would read an empty item */
        if (cn == 1 && (ct[0] == '*' || ct[0] == '+' || ct[0] == '-')) S->esc[v[j].idx] = 1;
      } else {
        S->off[v[j].idx] = (uint32_t)L->n;
      }
      last_blank = false;
      continue;
    }
    bool indented = !blank && kd_content(S, v[j], indentation);
    bool lazy = !blank && !indented && !last_blank &&
                !(v[j].ind <= (indentation < 3 ? indentation : 3) &&
                  (ial_line(t, n) || html_stop(S->c, v[j].idx, t, n)));
    if (indented || lazy) {
      vline c = v[j];
      /* the item's indentation goes when the line has that many spaces (its tabs at the start
       * already four each); a tab then first is four spaces more */
      bool found = indented && c.ind >= indentation;
      if (found) c = unindent(S, c, indentation);
      bool starts = !def && c.ind <= 3 && ls;
      bool new_chunk = !nested && found && starts;
      if (new_chunk)
        nested = true;
      else if (nested && !found && starts)
        c.ind += (uint32_t)indentation + 4;
      item_add(&it, c, new_chunk);
      last_blank = false;
      continue;
    }
    if (blank) {
      nested = true;
      last_blank = true;
      item_add(&it, v[j], false);
      continue;
    }
    break;
  }
  item_flush(S, &it, item_first, w, depth);
  free(it.v);
  free(it.chunk);
  /* after a blank line kramdown's list ended at v[j]: cmark would take it into the last item
   * as written when it is indented to that item's content column (w), or, after definitions
   * (written as `-` items), when it starts a bullet list; so the blank line gets a mark that
   * ends the list for cmark too */
  if (j < m && j > i && !vblank(S, v[j]) && vblank(S, v[j - 1])) {
    const line_t *L = &S->ln[v[j].idx];
    size_t rn;
    const char *rt = vraw(S, v[j], &rn);
    bool o2 = false;
    bool bullets = def && v[j].ind <= 3 && list_start(rt, rn, &o2) && !o2;
    if (v[j].ind >= w || (v[j].off < L->n && L->p[v[j].off] == '\t') || bullets)
      S->ends[v[j - 1].idx] = 1;
  }
  for (size_t k = i; k < j; k++)
    if (vblank(S, v[k])) S->off[v[k].idx] = S->start[v[k].idx];
  return j;
}

/* kramdown's parse_blockquote over the run v[0..m): its lines lose `> ?` (those that have it;
 * the others are lazy lines of the quote, whatever they start) and are parsed as blocks.  Each
 * line is written again as `> ` and its text at the quote's level, so cmark finds in the quote
 * what kramdown finds: a lazy list or heading line is the quote's, not the end of it. */
static void quote(st_t *S, const vline *v, size_t m, int depth) {
  vline *q = malloc(m * sizeof *q);
  if (!q) abort();
  for (size_t k = 0; k < m; k++) {
    size_t n;
    const char *t = vt(S, v[k], &n);
    q[k] = v[k];
    if (v[k].ind <= 3 && n && t[0] == '>') {
      const line_t *L = &S->ln[v[k].idx];
      uint32_t o = v[k].off + 1, cols, skip;
      if (o < L->n && L->p[o] == ' ') o++;
      S->start[v[k].idx] = o;
      lead(L->p + o, L->n - o, &cols, &skip);
      q[k].ind = cols;
      q[k].off = o + skip;
    }
    pre_add(&S->pre[v[k].idx], "> ", 2);
  }
  level(S, q, m, depth + 1);
  free(q);
}

/* kramdown's FOOTNOTE_DEFINITION_START at t: `[^name]:`; the length up to the colon's end,
 * else 0. */
static size_t fn_start(const char *t, size_t n) {
  if (n < 5 || t[0] != '[' || t[1] != '^') return 0;
  size_t k = 2;
  while (k < n && (isalnum((unsigned char)t[k]) || t[k] == '_' || t[k] == '-'))
    k++;
  return k > 2 && k + 1 < n && t[k] == ']' && t[k + 1] == ':' ? k + 2 : 0;
}

/* A footnote definition at v[i] (fn_start): its text is the rest of the line, then groups of
 * indented lines (after blank lines or not), each with the lazy lines that follow it, as
 * kramdown's CODEBLOCK_MATCH takes them; parsed as blocks, one indentation removed.  Written
 * at cmark's footnote column (4), the way list items are.  Returns the index after it. */
static size_t footnote(st_t *S, vline *v, size_t m, size_t i, size_t mk, int depth) {
  size_t j = i + 1;
  for (;;) {
    size_t k = j;
    while (k < m && vblank(S, v[k]))
      k++;
    if (k >= m || v[k].ind < 4) break;
    while (k < m && !vblank(S, v[k]) && v[k].ind >= 4)
      k++;
    for (size_t n2; k < m; k++) { /* lazy lines */
      const char *t2 = vt(S, v[k], &n2);
      if (!n2 || ial_line(t2, n2) || eob(v[k].ind, t2, n2) ||
          (v[k].ind <= 3 && html_stop(S->c, v[k].idx, t2, n2)))
        break;
    }
    j = k;
  }
  item_t it = {0};
  const line_t *L = &S->ln[v[i].idx];
  uint32_t o = v[i].off + (uint32_t)mk;
  pre_add(&S->pre[v[i].idx], L->p + v[i].off, mk); /* `[^name]:` */
  if (o < L->n && (L->p[o] == ' ' || L->p[o] == '\t')) pre_add(&S->pre[v[i].idx], " ", 1);
  while (o < L->n && (L->p[o] == ' ' || L->p[o] == '\t'))
    o++;
  item_add(&it, (vline){v[i].idx, 0, o}, false);
  for (size_t k = i + 1; k < j; k++) {
    item_add(&it, v[k].ind >= 4 ? unindent(S, v[k], 4) : v[k], false);
    size_t n2;
    const char *t2 = vt(S, v[k], &n2);
    /* a lazy line is the footnote's text, a definition's start too (cmark would begin one) */
    if (v[k].ind < 4 && fn_start(t2, n2)) S->esc[v[k].idx] = 1;
  }
  item_flush(S, &it, v[i].idx, 4, depth);
  free(it.v);
  free(it.chunk);
  for (size_t k = i; k < j; k++)
    if (vblank(S, v[k])) S->off[v[k].idx] = S->start[v[k].idx];
  return j;
}

/* A paragraph's line whose spaces are followed by a tab: kramdown reads no block start there
 * (its patterns want spaces only), but cmark counts the tab to its tab stop.  The white space
 * goes, and a backslash keeps cmark from reading a marker in the text. */
static void tab_text(st_t *S, vline *v) {
  const line_t *L = &S->ln[v->idx];
  if (v->off >= L->n || L->p[v->off] != '\t') return;
  while (v->off < L->n && (L->p[v->off] == ' ' || L->p[v->off] == '\t'))
    v->off++;
  if (v->off < L->n && strchr("*+-#>|=_`~<:", L->p[v->off])) S->esc[v->idx] = 1;
}

/* kramdown's GFM PARAGRAPH_END at a line's text t (n long without its trailing white space,
 * rn with it), indented ind columns: an IAL, `^`, an HTML start, a list item, an ATX heading,
 * a quote, a definition or a fence.  (A blank line ends it too: the caller's check.) */
static bool para_ends(const cb_mdctx *c, size_t idx, uint32_t ind, const char *t, size_t n,
                      size_t rn) {
  bool o;
  return ial_line(t, n) || eob(ind, t, n) ||
         (ind <= 3 && (html_stop(c, idx, t, n) || list_start(t, rn, &o) || (!ind && atx(t, n)) ||
                       t[0] == '>' || def_start(t, rn) || fence(t, n, &(char){0})));
}

bool cb_kd_para_ends(const cb_mdctx *c, const char *line, size_t len) {
  uint32_t cols, skip;
  lead(line, len, &cols, &skip);
  size_t rn = len - skip, n = rn;
  while (n &&
         (line[skip + n - 1] == ' ' || line[skip + n - 1] == '\t' || line[skip + n - 1] == '\r'))
    n--;
  return !n || para_ends(c, SIZE_MAX, cols, line + skip, n, rn);
}

/* kramdown's parse_blocks over v (one level), as far as finding lists needs. */
static void level(st_t *S, vline *v, size_t m, int depth) {
  memo_t M = {{(size_t)-1, (size_t)-1}, false, false, false, {0}, 0};
  bool para = false;
  bool para_blank = false; /* a paragraph, then one empty line: a definition may follow */
  size_t i = 0;
  while (i < m) {
    size_t n;
    const char *t = vt(S, v[i], &n);
    uint32_t ind = v[i].ind;
    if (n == 0) {
      const line_t *L = &S->ln[v[i].idx];
      if (depth > 0) S->off[v[i].idx] = (uint32_t)L->n;
      para_blank = para && L->rn == S->start[v[i].idx]; /* (kramdown: a blank of just "\n") */
      para = false;
      i++;
      continue;
    }
    /* kramdown's ATX heading starts at the line's first column: indented, it is text (the
     * indentation goes into the prefix here, so the reader could not tell) */
    if (depth > 0 && ind >= 1 && ind <= 3 && atx(t, n)) S->esc[v[i].idx] = 1;
    if (depth >= MAX_DEPTH) { /* deeper than any real page: left to cmark */
      term(S, v[i++], depth);
      continue;
    }
    size_t rn0;
    const char *rt0 = vraw(S, v[i], &rn0);
    if ((para || para_blank) && ind <= 3 && def_start(rt0, rn0)) {
      /* definitions after their terms: items, as a list's */
      i = list(S, v, m, i, 'd', depth);
      para = para_blank = false;
      continue;
    }
    para_blank = false;
    if (para) { /* kramdown's GFM paragraph goes on unless a block starts */
      if (!para_ends(S->c, v[i].idx, ind, t, n, rn0)) {
        vline pc = v[i++];
        if (depth > 0) tab_text(S, &pc);
        term(S, pc, depth);
        continue;
      }
      para = false;
    }
    if (ind >= 4) { /* indented code, with kramdown's lazy lines */
      size_t j = i + 1;
      while (j < m) {
        size_t n2;
        const char *t2 = vt(S, v[j], &n2);
        if (n2 == 0) {
          size_t k = j;
          while (k < m && vblank(S, v[k]))
            k++;
          if (k < m && v[k].ind >= 4) {
            j = k;
            continue;
          }
          break;
        }
        if (v[j].ind < 4 &&
            (ial_line(t2, n2) || eob(v[j].ind, t2, n2) || html_stop(S->c, v[j].idx, t2, n2)))
          break;
        j++;
      }
      i = terms(S, v, i, j, depth);
      continue;
    }
    char ch = 0;
    size_t f = fence(t, n, &ch);
    if (f) {
      size_t *fail = &M.fence_fail[ch == '~'];
      size_t e = f < *fail && info_one_word(t + f, n - f) ? close_fence(S, v, m, i, ch, f) : 0;
      if (e) {
        /* the fence at the item's column: cmark then keeps the code lines' indentation, as
         * kramdown does */
        vline fv = v[i];
        fv.ind = 0;
        term(S, fv, depth);
        i = terms(S, v, i + 1, e, depth);
        continue;
      }
      if (f < *fail && info_one_word(t + f, n - f)) *fail = f;
      S->nofence[v[i].idx] = 1;
      term(S, v[i++], depth);
      para = true;
      continue;
    }
    if (t[0] == '>') {
      size_t e = run_end(S, v, m, i, false);
      quote(S, v + i, e - i, depth);
      i = e;
      continue;
    }
    if (atx(t, n) || cb_kd_hrule(t, n) || ial_line(t, n) || eob(ind, t, n)) {
      term(S, v[i++], depth);
      continue;
    }
    bool ordered = false;
    if (list_start(rt0, rn0, &ordered)) {
      i = list(S, v, m, i, ordered ? 'o' : 'u', depth);
      continue;
    }
    size_t fk = ind <= 3 ? fn_start(t, n) : 0;
    if (fk) {
      i = footnote(S, v, m, i, fk, depth);
      continue;
    }
    if (n >= 4 && memcmp(t, "<!--", 4) == 0) {
      size_t e = M.comment_fail ? 0 : close_str(S, v, m, i, 4, "-->");
      M.comment_fail = !e;
      i = terms(S, v, i, e, depth);
      continue;
    }
    const char *name = NULL;
    if (t[0] == '<' && cb_md_block_tag(t, n, &name)) {
      bool failed = false;
      for (size_t k = 0; k < M.n_tag_fail; k++)
        failed |= M.tag_fail[k] == name;
      size_t e = failed ? 0 : close_html(S, v, m, i);
      if (!e && !failed && M.n_tag_fail < 8) M.tag_fail[M.n_tag_fail++] = name;
      if (e > i + 2 && S->md_nest < MAX_MD_NEST &&
          (md_block(t, n) || (cb_div_tag(name, strlen(name)) && memchr(t, '>', n) == t + n - 1 &&
                              transparent(S, v[i + 1], v[e - 2]))) &&
          own_line_close(S, v[e - 1], name)) {
        /* markdown="1": kramdown parses the lines between the tags as blocks, lists too */
        term(S, v[i], depth);
        S->md_nest++;
        level(S, v + i + 1, e - 1 - (i + 1), depth);
        S->md_nest--;
        term(S, v[e - 1], depth);
        i = e;
        continue;
      }
      /* never closed, holding markdown="1" elements and tags only: kramdown's raw element
       * takes the rest of the page and parses those elements as blocks (a theme's grid row
       * whose end tag the layout writes; read_markdown.c reads it so too) */
      if (!e && !S->md_nest && !depth && !M.grid_fail && i + 1 < m &&
          cb_div_tag(name, strlen(name)) && memchr(t, '>', n) == t + n - 1 && !md_block(t, n) &&
          !(M.grid_fail = !transparent(S, v[i + 1], v[m - 1]))) { /* (one scan a level) */
        term(S, v[i], depth);
        S->md_nest++;
        level(S, v + i + 1, m - (i + 1), depth);
        S->md_nest--;
        i = m;
        continue;
      }
      /* never closed: kramdown's raw element takes the rest of the text it parses (the page,
       * an item's text, a quote's) */
      if (!e && !S->md_nest && cb_kd_swallows_rest(t, n, name, strlen(name))) {
        S->raw_end[v[i].idx] = v[m - 1].idx + 1;
        e = m;
      }
      term_html(S, v[i], depth);
      i = terms(S, v, i + 1, e ? e : i + 1, depth);
      continue;
    }
    if (html_stop(S->c, v[i].idx, t, n)) {
      term_html(S, v[i++], depth);
      continue;
    }
    if (n >= 2 && t[0] == '$' && t[1] == '$') {
      size_t e = M.math_fail ? 0 : close_str(S, v, m, i, 2, "$$");
      M.math_fail = !e;
      i = terms(S, v, i, e, depth);
      continue;
    }
    if (n >= 3 && t[0] == '{' && t[1] == ':' && t[2] == ':') { /* {::comment} ... {:/} */
      i = terms(S, v, i, close_str(S, v, m, i, 3, "{:/"), depth);
      continue;
    }
    if (has_pipe(t, n)) { /* a table */
      i = terms(S, v, i, run_end(S, v, m, i, true), depth);
      continue;
    }
    /* a paragraph starts: its 1-3 spaces mean nothing to kramdown, but cmark would count them
     * towards a list just before (after a blank line, a line at that list's content column
     * is that list's); written at the level's own column */
    vline pv = v[i++];
    if (depth > 0 && pv.ind <= 3) {
      pv.ind = 0;
      tab_text(S, &pv);
    }
    term(S, pv, depth);
    para = true;
  }
}

void cb_kramdown_lists(const cb_mdctx *c, const char *s, size_t n, cb_buf *out, cb_listmap *map) {
  st_t S = {0};
  S.c = c;
  size_t nl = 1;
  for (size_t k = 0; k < n; k++)
    nl += s[k] == '\n';
  S.ln = malloc(nl * sizeof *S.ln);
  vline *v = malloc(nl * sizeof *v);
  S.pre = calloc(nl, sizeof *S.pre);
  S.off = malloc(nl * sizeof *S.off);
  S.item = calloc(nl, 1);
  S.esc = calloc(nl, 1);
  S.nofence = calloc(nl, 1);
  S.start = calloc(nl, sizeof *S.start);
  S.raw_end = calloc(nl, sizeof *S.raw_end);
  S.cont = calloc(nl, sizeof *S.cont);
  S.ends = calloc(nl, 1);
  if (!S.ln || !v || !S.pre || !S.off || !S.item || !S.esc || !S.nofence || !S.start ||
      !S.raw_end || !S.cont || !S.ends)
    abort();
  size_t pos = 0;
  for (size_t k = 0; k < nl; k++) {
    const char *e = memchr(s + pos, '\n', n - pos);
    size_t end = e ? (size_t)(e - s) : n;
    size_t rn = end - pos, tn;
    if (rn && s[pos + rn - 1] == '\r') rn--;
    for (tn = rn;
         tn && (s[pos + tn - 1] == ' ' || s[pos + tn - 1] == '\t' || s[pos + tn - 1] == '\r'); tn--)
      ;
    S.ln[k] = (line_t){s + pos, end - pos, rn, tn};
    S.off[k] = UINT32_MAX;
    lead(S.ln[k].p, S.ln[k].n, &v[k].ind, &v[k].off);
    v[k].idx = (uint32_t)k;
    pos = end + 1;
  }
  level(&S, v, nl, 0);

  map->n = nl;
  map->base = calloc(nl, sizeof *map->base);
  map->item = S.item;
  map->nofence = S.nofence;
  map->raw_end = S.raw_end;
  map->cont = S.cont;
  map->ends = S.ends;
  if (!map->base) abort();
  for (size_t k = 0; k < nl; k++) {
    if (S.off[k] == UINT32_MAX) {
      cb_buf_put(out, S.ln[k].p, S.ln[k].n);
    } else {
      const line_t *L = &S.ln[k];
      size_t o = S.off[k] < L->n ? S.off[k] : L->n;
      if (o < L->n || S.pre[k].n) {
        cb_buf_put(out, S.pre[k].p ? S.pre[k].p : "", S.pre[k].n);
        map->base[k] = S.pre[k].n;
        if (S.esc[k]) cb_buf_putc(out, '\\');
        cb_buf_put(out, L->p + o, L->n - o);
      }
    }
    if (k + 1 < nl) cb_buf_putc(out, '\n');
    free(S.pre[k].p);
  }
  free(S.pre);
  free(S.off);
  free(S.esc);
  free(S.start);
  free(S.ln);
  free(v);
}

void cb_listmap_free(cb_listmap *m) {
  free(m->base);
  free(m->item);
  free(m->nofence);
  free(m->raw_end);
  free(m->cont);
  free(m->ends);
  m->ends = NULL;
  m->raw_end = NULL;
  m->cont = NULL;
  m->base = NULL;
  m->item = NULL;
  m->nofence = NULL;
  m->n = 0;
}
