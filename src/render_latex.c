/* LaTeX backend: a standalone document for XeLaTeX and LuaLaTeX.
 *
 * The preamble is data (styles/latex/preamble.tex, @@NAME@@ placeholders).  The body is written
 * here from the model.  All page text goes through cb_latex_put_text (latex_escape.c), Myanmar
 * runs get \mybrk{} at the shared text layer's break opportunities, emoji become \emo{}{}{}.
 * Every block is preceded by a "% cb-src FILE:LINE" comment so that render_pdf.c can map a TeX
 * error back to the page.  Footnotes carry explicit numbers: inside boxes, tables and headings
 * (where \footnote does not work) a mark is printed and the text is set after the box. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "book_paths.h"
#include "fonts.h"
#include "latex_escape.h"
#include "qr.h"
#include "resources.h"

typedef struct ltx {
  const cb_book *book;
  const cb_options *opt;
  cb_diag *d;
  cb_arena *a;
  cb_buf *out;            /* where output goes now */
  const cb_node *chapter; /* the chapter being written */
  int rank[7];            /* heading level -> sectioning rank among the levels used */
  int box;                /* > 0: inside a box, table, heading or footnote */
  cb_buf pending;         /* \footnotetext of notes marked inside boxes */
  int fn_last;            /* last footnote number used */
  int *fn_num;            /* model footnote number -> our number (0 = not yet) */
  size_t fn_cap;
  int strike;       /* inside strikethrough */
  bool plain;       /* heading text for the contents and bookmarks: no notes */
  int heading;      /* inside a heading */
  int lists;        /* open list-like environments (itemize, enumerate, quote, ...) */
  int deep;         /* list-like nodes beyond MAX_LISTS: written flat */
  int notices;      /* open notice boxes */
  int deep_notices; /* notices beyond MAX_NOTICES: written without a box */
  int notes;        /* inside a footnote's text */
  int term;         /* inside a definition term (an \\item label: no line breaks) */
} ltx;

/* LaTeX allows 20 nested list environments (enumitem, see the preamble) and TeX 255 groups;
 * Markdown has no limit.  Deeper structures are written flat rather than failing. */
#define MAX_LISTS   15
#define MAX_NOTICES 6

static const char *const section_cmds[] = {"section", "subsection", "subsubsection", "paragraph",
                                           "subparagraph"};

/* ---- text ---------------------------------------------------------------------------- */

typedef struct seg_ctx {
  ltx *L;
  unsigned flags;
} seg_ctx;

static void put_emoji(cb_buf *b, const char *s, size_t len) {
  cb_buf_puts(b, "\\emo{");
  for (size_t i = 0; i < len;) { /* ActualText: UTF-16 hex, the cluster as written */
    uint32_t cp = cb_utf8_next(s, len, &i);
    if (cp >= 0x10000) {
      uint32_t v = cp - 0x10000;
      cb_buf_printf(b, "%04X%04X", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
    } else {
      cb_buf_printf(b, "%04X", cp);
    }
  }
  cb_buf_puts(b, "}{");
  bool first = true; /* twemoji key: lower-case code points without FE0F */
  for (size_t i = 0; i < len;) {
    uint32_t cp = cb_utf8_next(s, len, &i);
    if (cp == 0xFE0F) continue;
    cb_buf_printf(b, first ? "%x" : "-%x", cp);
    first = false;
  }
  cb_buf_puts(b, "}{");
  cb_latex_put_text(b, s, len, 0);
  cb_buf_puts(b, "}");
}

/* Text with strikethrough: one box per word so that lines still break between words. */
static void put_struck(cb_buf *b, const char *s, size_t len, unsigned flags) {
  size_t i = 0;
  while (i < len) {
    if (s[i] == ' ') {
      cb_buf_putc(b, ' ');
      i++;
      continue;
    }
    size_t j = i;
    while (j < len && s[j] != ' ')
      j++;
    cb_buf_puts(b, "\\cbsout{");
    cb_latex_put_text(b, s + i, j - i, flags);
    cb_buf_puts(b, "}");
    i = j;
  }
}

static void seg_cb(const cb_seg *g, void *ud) {
  seg_ctx *c = ud;
  cb_buf *b = c->L->out;
  switch (g->kind) {
  case CB_SEG_TEXT:
    if (c->L->strike)
      put_struck(b, g->s, g->len, c->flags);
    else
      cb_latex_put_text(b, g->s, g->len, c->flags);
    break;
  case CB_SEG_BREAK:
    if (!c->L->plain) cb_buf_puts(b, "\\mybrk{}");
    break;
  case CB_SEG_EMOJI:
    if (c->L->strike) cb_buf_puts(b, "\\cbsout{");
    put_emoji(b, g->s, g->len);
    if (c->L->strike) cb_buf_puts(b, "}");
    break;
  }
}

/* Page text: escaped, with Burmese break points and emoji.  LaTeX always asks for the break
 * points: LuaTeX has no Burmese line breaking of its own. */
static void put_text(ltx *L, const char *s, size_t len, unsigned flags) {
  if (!s) return;
  if (!cb_text_needs_segmenting(s, len)) {
    if (L->strike)
      put_struck(L->out, s, len, flags);
    else
      cb_latex_put_text(L->out, s, len, flags);
    return;
  }
  seg_ctx c = {L, flags};
  cb_text_segments(s, len, CB_SEG_WANT_BREAKS | CB_SEG_WANT_EMOJI, seg_cb, &c);
}

static void put_str(ltx *L, const char *s) {
  put_text(L, s, s ? strlen(s) : 0, 0);
}

static void ensure_newline(cb_buf *b) {
  if (b->len && b->data[b->len - 1] != '\n') cb_buf_puts(b, "%\n");
}

static void put_marker(ltx *L, const cb_node *n) {
  if (!n->pos.line) return;
  ensure_newline(L->out);
  cb_buf_puts(L->out, "% cb-src ");
  const char *f = n->pos.file ? n->pos.file : L->chapter->as.chapter.file;
  for (const char *p = f ? f : "?"; *p; p++)
    cb_buf_putc(L->out, (*p == '\n' || *p == '\r') ? '?' : *p);
  cb_buf_printf(L->out, ":%d\n", n->pos.line);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void put_label(cb_buf *b, const char *id, size_t len) {
  static const char hex[] = "0123456789abcdef";
  cb_buf_puts(b, "cb:");
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)id[i];
    cb_buf_putc(b, hex[c >> 4]);
    cb_buf_putc(b, hex[c & 15]);
  }
}

/* ---- footnotes and link notes -------------------------------------------------------- */

static void flush_pending(ltx *L) {
  if (L->box || !L->pending.len) return;
  ensure_newline(L->out);
  cb_buf_put(L->out, L->pending.data, L->pending.len);
  cb_buf_clear(&L->pending);
}

/* Place a note whose text is already in `text`: \footnote where that works, else a mark now
 * and the text after the enclosing box. */
static void place_note(ltx *L, int num, const cb_buf *text) {
  const char *t = text->data ? text->data : "";
  if (L->box) {
    cb_buf_printf(L->out, "\\cbfnmark{%d}", num);
    cb_buf_printf(&L->pending, "\\footnotetext[%d]{%s}\n", num, t);
  } else {
    cb_buf_printf(L->out, "\\footnote[%d]{%s}", num, t);
    flush_pending(L);
  }
}

static void put_qr(cb_buf *b, const char *text, const char *width) {
  cb_qr qr;
  if (!cb_qr_encode(text, &qr)) return;
  int total = qr.size + 8; /* 4-module quiet zone on each side */
  cb_buf_printf(b, "\\cbqr{%d}{%s}{%%\n", total, width);
  for (int r = 0; r < qr.size; r++) {
    int y = qr.size - 1 - r + 4;
    for (int c = 0; c < qr.size;) {
      if (!qr.dark[r * qr.size + c]) {
        c++;
        continue;
      }
      int s = c;
      while (c < qr.size && qr.dark[r * qr.size + c])
        c++;
      cb_buf_printf(b, "\\cbqm{%d}{%d}{%d}", s + 4, y, c - s);
    }
    cb_buf_puts(b, "%\n");
  }
  cb_buf_puts(b, "}");
  cb_qr_free(&qr);
}

static bool linkable_scheme(const char *url) {
  return strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0 ||
         strncmp(url, "mailto:", 7) == 0 || strncmp(url, "ftp://", 6) == 0;
}

/* A printed, clickable URL. */
static void put_printed_url(ltx *L, const char *url) {
  cb_buf *b = L->out;
  if (linkable_scheme(url)) {
    cb_buf_puts(b, "\\href{");
    cb_latex_put_url(b, url);
    cb_buf_puts(b, "}{\\cburl{");
    put_text(L, url, strlen(url), CB_LTX_URL);
    cb_buf_puts(b, "}}");
  } else {
    cb_buf_puts(b, "\\cburl{");
    put_text(L, url, strlen(url), CB_LTX_URL);
    cb_buf_puts(b, "}");
  }
}

static void link_note(ltx *L, const cb_node *link) {
  const char *url = cb_link_resolve(L->a, L->chapter, link->as.link.url);
  const char *how = L->opt->link_notes ? L->opt->link_notes : "footnote";
  if (!url || !*url || url[0] == '#' || strcmp(how, "none") == 0) return;
  /* the link text already shows the target */
  const char *txt = cb_node_plain_text(L->a, link);
  if (strcmp(txt, url) == 0 || (strncmp(url, "mailto:", 7) == 0 && strcmp(txt, url + 7) == 0))
    return;
  cb_buf text = CB_BUF_INIT;
  cb_buf *saved = L->out;
  L->out = &text;
  if (strcmp(how, "qr") == 0 && linkable_scheme(url)) {
    cb_buf_puts(&text, "\\cbqrnote{");
    put_qr(&text, url, "1.8cm");
    cb_buf_puts(&text, "}{");
    put_printed_url(L, url);
    cb_buf_puts(&text, "}");
  } else {
    cb_buf_puts(&text, "\\raggedright ");
    put_printed_url(L, url);
  }
  L->out = saved;
  place_note(L, ++L->fn_last, &text);
  cb_buf_free(&text);
}

static void walk(ltx *L, const cb_node *root);

static void footnote_ref(ltx *L, const cb_node *ref) {
  const cb_node *def = ref->as.footnote.def;
  if (!def) {
    cb_warn(L->d, ref->pos, "footnote [^%s] has no definition",
            ref->as.footnote.label ? ref->as.footnote.label : "");
    cb_buf_puts(L->out, "{[}\\textasciicircum{}");
    put_str(L, ref->as.footnote.label);
    cb_buf_puts(L->out, "{]}");
    return;
  }
  int k = ref->as.footnote.number > 0 ? ref->as.footnote.number : def->as.footnote.number;
  if (k > 0 && (size_t)k >= L->fn_cap) {
    size_t cap = (size_t)k * 2 + 8;
    L->fn_num = cb_xrealloc(L->fn_num, cap * sizeof *L->fn_num);
    memset(L->fn_num + L->fn_cap, 0, (cap - L->fn_cap) * sizeof *L->fn_num);
    L->fn_cap = cap;
  }
  if (k > 0 && L->fn_num[k]) { /* already set (or being set): the same number again */
    cb_buf_printf(L->out, "\\cbfnmark{%d}", L->fn_num[k]);
    return;
  }
  int num = ++L->fn_last;
  if (k > 0) L->fn_num[k] = num;
  cb_buf text = CB_BUF_INIT;
  cb_buf *saved = L->out;
  L->out = &text;
  L->box++; /* notes inside the note go after it */
  L->notes++;
  walk(L, def);
  L->notes--;
  L->box--;
  L->out = saved;
  while (text.len && (text.data[text.len - 1] == '\n'))
    text.data[--text.len] = '\0';
  place_note(L, num, &text);
  cb_buf_free(&text);
}

/* ---- math ---------------------------------------------------------------------------- */

static bool starts_display_env(const char *s, size_t len) {
  static const char *const envs[] = {"align",   "gather",  "equation", "multline",
                                     "flalign", "alignat", NULL};
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
    i++;
  if (len - i < 7 || memcmp(s + i, "\\begin{", 7) != 0) return false;
  for (const char *const *e = envs; *e; e++)
    if (strncmp(s + i + 7, *e, strlen(*e)) == 0) return true;
  return false;
}

static void put_code_lines(ltx *L, const char *code, size_t len);

static void math(ltx *L, const cb_node *n, bool display) {
  const char *src = n->text ? n->text : "";
  size_t len = n->text ? n->text_len : 0;
  const char *why = cb_latex_math_refusal(L->a, src, len);
  if (why) {
    cb_warn(L->d, n->pos, "math refused (%s): printed as its source", why);
    if (display) {
      put_code_lines(L, src, len);
    } else {
      cb_buf_puts(L->out, "\\texttt{");
      put_text(L, src, len, CB_LTX_CODE);
      cb_buf_puts(L->out, "}");
    }
    return;
  }
  cb_buf *b = L->out;
  if (display) {
    ensure_newline(b);
    bool env = starts_display_env(src, len);
    cb_buf_puts(b, env ? "" : "\\[");
    cb_latex_put_math(b, src, len);
    cb_buf_puts(b, env ? "\n" : "\\]\n");
  } else if (L->heading) {
    cb_buf_puts(b, "\\texorpdfstring{\\(");
    cb_latex_put_math(b, src, len);
    cb_buf_puts(b, "\\)}{");
    cb_latex_put_text(b, src, len, 0);
    cb_buf_puts(b, "}");
  } else {
    cb_buf_puts(b, "\\(");
    cb_latex_put_math(b, src, len);
    cb_buf_puts(b, "\\)");
  }
}

/* ---- blocks -------------------------------------------------------------------------- */

static void put_code_lines(ltx *L, const char *code, size_t len) {
  cb_buf *b = L->out;
  ensure_newline(b);
  /* a breakable box cannot sit in a footnote: plain monospace lines there */
  cb_buf_puts(b, L->notes ? "{\\ttfamily\\small\n" : "\\begin{cbcode}\n");
  while (len && code[len - 1] == '\n')
    len--;
  size_t i = 0;
  do {
    size_t j = i;
    while (j < len && code[j] != '\n')
      j++;
    size_t e = j;
    if (e > i && code[e - 1] == '\r') e--;
    cb_buf_puts(b, "\\cbcl{");
    put_text(L, code + i, e - i, CB_LTX_CODE);
    cb_buf_puts(b, "}\n");
    i = j + 1;
  } while (i <= len);
  cb_buf_puts(b, L->notes ? "}\n" : "\\end{cbcode}\n");
}

static void video(ltx *L, const cb_node *n) {
  cb_buf *b = L->out;
  const char *url = cb_video_watch_url(L->a, n);
  ensure_newline(b);
  cb_buf_puts(b, "\\begin{cbvideo}\\begin{minipage}[c]{\\linewidth-2.9cm}\\raggedright\n");
  cb_buf_puts(b, "\\textbf{Video (");
  put_str(L, cb_video_provider_name(n->as.video.provider));
  cb_buf_puts(b, ")}\\par\n");
  if (n->as.video.start > 0) {
    long t = n->as.video.start;
    cb_buf_printf(b, "{\\small Starts at %ld:%02ld}\\par\n", t / 60, t % 60);
  }
  put_printed_url(L, url);
  cb_buf_puts(b, "\n\\end{minipage}\\hfill\\begin{minipage}[c]{2.6cm}\n");
  put_qr(b, url, "2.6cm");
  cb_buf_puts(b, "\n\\end{minipage}\\end{cbvideo}\n");
}

static bool nested_in_box(const cb_node *n) {
  for (const cb_node *p = n->parent; p; p = p->parent)
    if (p->type == CB_NODE_NOTICE || p->type == CB_NODE_FOOTNOTE_DEF) return true;
  return false;
}

static void table(ltx *L, const cb_node *t) {
  cb_buf *b = L->out;
  int cols = t->as.table.columns;
  if (cols <= 0) {
    for (const cb_node *r = t->first; r; r = r->next) {
      int k = 0;
      for (const cb_node *c = r->first; c; c = c->next)
        k++;
      if (k > cols) cols = k;
    }
  }
  if (cols <= 0) return;
  /* Column widths from the cells' text, in tenths of a Latin character: the longest cell
   * (capped) sets the share, the longest unbreakable word a minimum.  Myanmar letters are
   * wider than Latin ones and their marks take no width of their own; Burmese breaks between
   * syllables, so its words count at most a few letters. */
  size_t *w = cb_alloc(L->a, sizeof *w * (size_t)cols);
  size_t *word = cb_alloc(L->a, sizeof *word * (size_t)cols);
  for (const cb_node *r = t->first; r; r = r->next) {
    int k = 0;
    for (const cb_node *c = r->first; c && k < cols; c = c->next, k++) {
      const char *s = cb_node_plain_text(L->a, c);
      size_t n = 0, cur = 0, my = 0;
      for (size_t i = 0, len = strlen(s); i < len;) {
        uint32_t cp = cb_utf8_next(s, len, &i);
        size_t cw = cp >= 0x102B && cp <= 0x103E ? 0 : cb_char_is_myanmar(cp) ? 17 : 10;
        if (cp == ' ') {
          cur = my = 0;
        } else if (cb_char_is_myanmar(cp)) {
          if (my < 60) cur += cw, my += cw;
        } else {
          cur += cw;
        }
        n += cw;
        size_t wc = cur > 200 ? 200 : cur;
        if (wc + 15 > word[k]) word[k] = wc + 15;
      }
      if (n > w[k]) w[k] = n;
    }
  }
  size_t sum = 0;
  for (int k = 0; k < cols; k++) {
    if (w[k] < 40) w[k] = 40;
    if (w[k] > 400) w[k] = 400;
    if (w[k] < word[k]) w[k] = word[k];
    sum += w[k];
  }
  bool longtab = !nested_in_box(t);
  ensure_newline(b);
  if (!longtab) cb_buf_puts(b, "\\par\\noindent");
  cb_buf_printf(b, "\\begin{%s}{@{}", longtab ? "longtable" : "tabular");
  for (int k = 0; k < cols; k++) {
    cb_align al = t->as.table.aligns ? t->as.table.aligns[k] : CB_ALIGN_NONE;
    const char *how = al == CB_ALIGN_CENTER  ? "\\centering"
                      : al == CB_ALIGN_RIGHT ? "\\raggedleft"
                                             : "\\raggedright";
    cb_buf_printf(b, ">{%s\\arraybackslash}p{\\dimexpr(\\linewidth-%d\\tabcolsep)*%zu/1000\\relax}",
                  how, 2 * cols, w[k] * 1000 / sum);
  }
  cb_buf_puts(b, "@{}}\n\\hline\n");
  L->box++;
  bool had_header = false, in_body = false;
  for (const cb_node *r = t->first; r; r = r->next) {
    bool header = r->as.row.header;
    if (!header && !in_body) {
      if (had_header) cb_buf_puts(b, longtab ? "\\hline\n\\endhead\n" : "\\hline\n");
      in_body = true;
    } else if (!header && r->as.row.group) {
      cb_buf_puts(b, "\\hline\n"); /* a new group of rows */
    }
    put_marker(L, r);
    int k = 0;
    for (const cb_node *c = r->first; c && k < cols; c = c->next, k++) {
      if (k) cb_buf_puts(b, " & ");
      cb_buf_puts(b, header ? "{}\\bfseries " : "{}"); /* {}: a cell starting with * or [ */
      walk(L, c);
    }
    for (; k < cols; k++)
      cb_buf_puts(b, " & {}");
    cb_buf_puts(b, " \\\\\n");
    had_header |= header;
  }
  cb_buf_printf(b, "\\hline\n\\end{%s}\n", longtab ? "longtable" : "tabular");
  if (!longtab) cb_buf_puts(b, "\\par\n");
  L->box--;
  flush_pending(L);
}

static void heading(ltx *L, const cb_node *h) {
  cb_buf *b = L->out;
  int lv = h->as.heading.level < 1 ? 1 : h->as.heading.level > 6 ? 6 : h->as.heading.level;
  int rank = L->rank[lv];
  const char *cmd = section_cmds[rank > 4 ? 4 : rank];
  /* the text twice: plain (contents, bookmarks) and full (with note marks) */
  cb_buf plain = CB_BUF_INIT, full = CB_BUF_INIT;
  cb_buf *saved = L->out;
  L->heading++;
  L->box++;
  L->plain = true;
  L->out = &plain;
  walk(L, h);
  L->plain = false;
  L->out = &full;
  walk(L, h);
  L->out = saved;
  L->box--;
  L->heading--;
  const char *pt = plain.data ? plain.data : "";
  const char *ft = full.data ? full.data : "";
  ensure_newline(b);
  if (h->as.heading.no_toc) {
    /* out of the contents, still in the bookmarks */
    cb_buf_printf(b, "\\%s*{%s}\\pdfbookmark[%d]{%s}{", cmd, ft, (rank > 4 ? 4 : rank) + 1, pt);
    if (h->attrs.id)
      put_label(b, h->attrs.id, strlen(h->attrs.id));
    else
      cb_buf_printf(b, "cb:line%d", h->pos.line);
    cb_buf_puts(b, "-bm}");
  } else if (strcmp(pt, ft) != 0) {
    cb_buf_printf(b, "\\%s[%s]{%s}", cmd, pt, ft);
  } else {
    cb_buf_printf(b, "\\%s{%s}", cmd, ft);
  }
  if (h->attrs.id && *h->attrs.id) {
    cb_buf_puts(b, "\\label{");
    put_label(b, h->attrs.id, strlen(h->attrs.id));
    cb_buf_puts(b, "}");
  }
  cb_buf_puts(b, "\n");
  cb_buf_free(&plain);
  cb_buf_free(&full);
  flush_pending(L);
}

static bool safe_path(const char *p) {
  for (; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          strchr("/._-+", *p)))
      return false;
  return true;
}

static bool graphic_ext(const char *p) {
  const char *dot = strrchr(p, '.');
  if (!dot) return false;
  static const char *const ok[] = {".png", ".jpg", ".jpeg", ".pdf", ".PNG", ".JPG", ".JPEG", NULL};
  for (const char *const *e = ok; *e; e++)
    if (strcmp(dot, *e) == 0) return true;
  return false;
}

static void image(ltx *L, const cb_node *n) {
  cb_buf *b = L->out;
  const char *url = n->as.link.url ? n->as.link.url : "";
  const char *alt = n->as.link.alt && *n->as.link.alt ? n->as.link.alt : url;
  if (L->plain) {
    put_str(L, alt);
    return;
  }
  const char *path = NULL;
  cb_url_kind k = cb_book_resolve_url(L->book, L->chapter, url, L->a, &path);
  const char *problem = NULL;
  switch (k) {
  case CB_URL_LOCAL:
    if (!graphic_ext(path))
      problem = "LaTeX can include PNG, JPEG and PDF images only";
    else if (!safe_path(path))
      problem = "its path has characters LaTeX cannot take in a file name";
    break;
  case CB_URL_REMOTE:
    cb_warn(L->d, n->pos, "remote image %s is not downloaded: printed as a link", url);
    cb_buf_puts(b, "[");
    put_str(L, alt);
    cb_buf_puts(b, "]");
    {
      cb_node tmp = *n; /* link note for the image's URL */
      tmp.first = tmp.last = NULL;
      tmp.type = CB_NODE_LINK;
      link_note(L, &tmp);
    }
    return;
  case CB_URL_MISSING: problem = "the file does not exist"; break;
  case CB_URL_OUTSIDE: problem = "it is outside the course root (refused)"; break;
  case CB_URL_FRAGMENT: problem = "it is not a file"; break;
  }
  if (problem) {
    cb_warn(L->d, n->pos, "image %s not included: %s", url, problem);
    if (L->box || L->heading) {
      cb_buf_puts(b, "\\fbox{");
      put_str(L, alt);
      cb_buf_puts(b, "}");
    } else {
      cb_buf_puts(b, "\\cbmissing{Image: ");
      put_str(L, alt);
      cb_buf_puts(b, "\\\\\\cburl{");
      put_text(L, url, strlen(url), CB_LTX_URL);
      cb_buf_puts(b, "}}");
    }
    return;
  }
  cb_buf_printf(b, "\\cbimg{%s}", path);
}

static void put_list_begin(ltx *L, const cb_node *n) {
  cb_buf *b = L->out;
  ensure_newline(b);
  cb_buf_printf(b, "\\begin{%s}", n->as.list.ordered ? "enumerate" : "itemize");
  bool tight = n->as.list.tight;
  bool start = n->as.list.ordered && n->as.list.start != 1;
  if (tight || start) {
    cb_buf_puts(b, "[");
    if (tight) cb_buf_puts(b, "noitemsep,topsep=2pt,parsep=0pt");
    if (start) cb_buf_printf(b, "%sstart=%d", tight ? "," : "", n->as.list.start);
    cb_buf_puts(b, "]");
  }
  cb_buf_puts(b, "\n");
}

/* Raw content marked type="latex" ({::nomarkdown type="latex"}): the author's own LaTeX, passed
 * through only with --allow-raw-latex (it can run any TeX), else left out with a warning.
 * true when n is such content, whatever was done with it. */
static bool raw_latex(ltx *L, const cb_node *n) {
  const char *type = cb_attrs_get(&n->attrs, "type");
  if (!type || strcmp(type, "latex") != 0) return false;
  if (!L->opt->allow_raw_latex) {
    cb_warn(L->d, n->pos, "raw LaTeX left out (--allow-raw-latex passes it through)");
  } else if (n->text) {
    if (n->type == CB_NODE_HTML_BLOCK) ensure_newline(L->out);
    cb_buf_put(L->out, n->text, n->text_len);
  }
  return true;
}

static bool is_br(const char *html) {
  if (!html) return false;
  return strncmp(html, "<br>", 4) == 0 || strncmp(html, "<br/>", 5) == 0 ||
         strncmp(html, "<br />", 6) == 0;
}

/* Returns true when the node's children were handled (the walk skips them). */
static bool enter(ltx *L, const cb_node *n) {
  cb_buf *b = L->out;
  if (cb_node_type_is_block(n->type) && n->type != CB_NODE_FOOTNOTE_DEF && !L->heading)
    put_marker(L, n);
  switch (n->type) {
  case CB_NODE_PARAGRAPH:
  case CB_NODE_CHAPTER:
  case CB_NODE_TABLE_ROW:
  case CB_NODE_TABLE_CELL:
  case CB_NODE_DEF_DESC:
  case CB_NODE_ABBR:
  case CB_NODE_NONE:
  case CB_NODE_TYPE_COUNT: return false;
  case CB_NODE_HEADING: heading(L, n); return true;
  case CB_NODE_DIV: /* a group of blocks: no box of its own on paper */
    ensure_newline(b);
    cb_buf_puts(b, "\\par\n");
    return false;
  case CB_NODE_BLOCKQUOTE:
  case CB_NODE_LIST:
  case CB_NODE_DEF_LIST:
    if (L->deep || L->lists >= MAX_LISTS) {
      L->deep++;
      cb_buf_puts(b, "\\par\n");
      return false;
    }
    L->lists++;
    if (n->type == CB_NODE_LIST)
      put_list_begin(L, n);
    else if (n->type == CB_NODE_BLOCKQUOTE)
      cb_buf_puts(b, "\\begin{quote}\n");
    else
      cb_buf_puts(b, "\\begin{description}\n");
    return false;
  case CB_NODE_ITEM:
    if (L->deep)
      cb_buf_puts(b, "\\par\\textbullet\\ ");
    else
      cb_buf_puts(b, n->as.item.task == 1   ? "\\item[\\(\\square\\)] "
                     : n->as.item.task == 2 ? "\\item[\\(\\boxtimes\\)] "
                                            : "\\item ");
    return false;
  case CB_NODE_CODE_BLOCK:
    put_code_lines(L, n->text ? n->text : "", n->text ? n->text_len : 0);
    return true;
  case CB_NODE_HTML_BLOCK:
    if (raw_latex(L, n))
      cb_buf_puts(b, "\n");
    else
      cb_warn(L->d, n->pos, "raw HTML block left out of the LaTeX output");
    return true;
  case CB_NODE_THEMATIC_BREAK:
    cb_buf_puts(b, "\\begin{center}\\rule{0.5\\linewidth}{0.4pt}\\end{center}\n");
    return true;
  case CB_NODE_TABLE: table(L, n); return true;
  case CB_NODE_NOTICE:
    if (L->deep_notices || L->notices >= MAX_NOTICES) {
      L->deep_notices++;
      return false;
    }
    L->notices++;
    cb_buf_printf(b, "\\begin{cbnotice}{cb%s}\n",
                  strchr(cb_notice_class(n->as.notice.kind), '-')
                      ? strchr(cb_notice_class(n->as.notice.kind), '-') + 2
                      : "notice");
    L->box++;
    return false;
  case CB_NODE_VIDEO: video(L, n); return true;
  case CB_NODE_TOC:
    ensure_newline(b);
    cb_buf_puts(b, "\\renewcommand\\contentsname{");
    put_str(L, n->as.toc.title && *n->as.toc.title ? n->as.toc.title : "Contents");
    cb_buf_puts(b, "}\n\\tableofcontents\n");
    return true;
  case CB_NODE_FIGURE:
    cb_buf_puts(b, "\\begin{center}\n");
    image(L, n);
    cb_buf_puts(b, "\\par\\small ");
    return false;
  case CB_NODE_MATH_BLOCK: math(L, n, true); return true;
  case CB_NODE_FOOTNOTE_DEF: return true; /* written where it is referenced */
  case CB_NODE_DEF_TERM:
    cb_buf_puts(b, L->deep ? "\\par\\textbf{" : "\\item[{");
    L->box++;
    L->term++;
    return false;
  case CB_NODE_TEXT: put_text(L, n->text, n->text_len, 0); return true;
  case CB_NODE_SOFTBREAK: cb_buf_putc(b, '\n'); return true;
  case CB_NODE_LINEBREAK:
    if (L->heading || L->term || !n->prev)
      cb_buf_putc(b, ' ');
    else
      cb_buf_puts(b, "\\newline\n");
    return true;
  case CB_NODE_CODE:
    cb_buf_puts(b, "\\texttt{");
    put_text(L, n->text, n->text_len, CB_LTX_CODE);
    cb_buf_puts(b, "}");
    return true;
  case CB_NODE_HTML_INLINE:
    if (raw_latex(L, n)) {
      /* the author's own LaTeX (type="latex"), written or refused by raw_latex() */
    } else if (is_br(n->text)) {
      if (!L->heading && !L->term && n->prev) cb_buf_puts(b, "\\newline\n");
    } else if (!L->plain) {
      cb_warn(L->d, n->pos, "raw HTML left out of the LaTeX output");
    }
    return true;
  case CB_NODE_EMPH: cb_buf_puts(b, "\\emph{"); return false;
  case CB_NODE_STRONG: cb_buf_puts(b, "\\textbf{"); return false;
  case CB_NODE_STRIKETHROUGH: L->strike++; return false;
  case CB_NODE_LINK: {
    const char *url = cb_link_resolve(L->a, L->chapter, n->as.link.url ? n->as.link.url : "");
    if (L->plain) return false;
    if (url[0] == '#') {
      /* an anchor of this book: a heading's label */
      cb_buf_puts(b, "\\hyperref[");
      /* the fragment %-decoded: labels are made from the heading ids' bytes */
      char *dec = cb_strdup(L->a, url + 1);
      size_t k = 0;
      for (size_t i = 0; dec[i]; i++) {
        int hi = dec[i] == '%' ? hexval(dec[i + 1]) : -1;
        int lo = hi >= 0 ? hexval(dec[i + 2]) : -1;
        if (lo >= 0) {
          dec[k++] = (char)(hi * 16 + lo);
          i += 2;
        } else {
          dec[k++] = dec[i];
        }
      }
      put_label(b, dec, k);
      cb_buf_puts(b, "]{");
    } else if (linkable_scheme(url)) {
      cb_buf_puts(b, "\\href{");
      cb_latex_put_url(b, url);
      cb_buf_puts(b, "}{");
    } else {
      cb_buf_puts(b, "{"); /* relative or other scheme: no clickable action in the PDF */
    }
    return false;
  }
  case CB_NODE_IMAGE: image(L, n); return true;
  case CB_NODE_MATH_INLINE: math(L, n, false); return true;
  case CB_NODE_FOOTNOTE_REF:
    if (!L->plain) footnote_ref(L, n);
    return true;
  }
  return false;
}

static void leave(ltx *L, const cb_node *n) {
  cb_buf *b = L->out;
  switch (n->type) {
  case CB_NODE_PARAGRAPH: cb_buf_puts(b, "\n\n"); break;
  case CB_NODE_BLOCKQUOTE:
  case CB_NODE_LIST:
  case CB_NODE_DEF_LIST:
    ensure_newline(b);
    if (L->deep) { /* this one was written flat (see enter) */
      L->deep--;
      cb_buf_puts(b, "\\par\n");
      break;
    }
    L->lists--;
    if (n->type == CB_NODE_LIST)
      cb_buf_printf(b, "\\end{%s}\n", n->as.list.ordered ? "enumerate" : "itemize");
    else
      cb_buf_puts(b, n->type == CB_NODE_BLOCKQUOTE ? "\\end{quote}\n" : "\\end{description}\n");
    break;
  case CB_NODE_NOTICE:
    if (L->deep_notices) {
      L->deep_notices--;
      break;
    }
    L->notices--;
    ensure_newline(b);
    cb_buf_puts(b, "\\end{cbnotice}\n");
    L->box--;
    flush_pending(L);
    break;
  case CB_NODE_FIGURE: cb_buf_puts(b, "\n\\end{center}\n"); break;
  case CB_NODE_DEF_TERM:
    cb_buf_puts(b, L->deep ? "}\\par\n" : "}]\n");
    L->box--;
    L->term--;
    flush_pending(L);
    break;
  case CB_NODE_EMPH:
  case CB_NODE_STRONG: cb_buf_puts(b, "}"); break;
  case CB_NODE_STRIKETHROUGH: L->strike--; break;
  case CB_NODE_LINK:
    if (L->plain) break;
    cb_buf_puts(b, "}");
    if (!L->heading) link_note(L, n);
    break;
  default: break;
  }
}

static void walk(ltx *L, const cb_node *root) {
  cb_iter it;
  const cb_node *n;
  cb_event ev;
  cb_iter_init(&it, root);
  while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE) {
    if (n == root) continue;
    if (ev == CB_EVENT_ENTER) {
      if (enter(L, n)) cb_iter_skip(&it);
    } else {
      leave(L, n);
    }
  }
}

/* ---- front matter -------------------------------------------------------------------- */

/* Scalars and lists of scalars (empty items skipped), joined with ", ". */
static bool meta_text(ltx *L, const cb_meta *m) {
  if (!m) return false;
  if (m->type == CB_META_LIST) {
    bool any = false;
    for (const cb_meta *c = m->first; c; c = c->next) {
      if (c->type == CB_META_LIST || c->type == CB_META_MAP || c->type == CB_META_NULL) continue;
      if (c->type != CB_META_DATE && (!c->str || !*c->str)) continue;
      if (any) cb_buf_puts(L->out, ", ");
      any |= meta_text(L, c);
    }
    return any;
  }
  if (m->type == CB_META_DATE) {
    cb_buf_printf(L->out, "%04d-%02d-%02d", m->date.year, m->date.month, m->date.day);
    return true;
  }
  if (m->type == CB_META_MAP || m->type == CB_META_NULL || !m->str || !*m->str) return false;
  put_str(L, m->str);
  return true;
}

static void meta_row(ltx *L, const char *label, const cb_meta *m) {
  if (!m) return;
  cb_buf probe = CB_BUF_INIT;
  cb_buf *saved = L->out;
  L->out = &probe;
  bool any = meta_text(L, m);
  L->out = saved;
  if (any) cb_buf_printf(L->out, "\\item[%s] %s\n", label, probe.data);
  cb_buf_free(&probe);
}

static void title_block(ltx *L) {
  cb_course_info ci;
  cb_course_info_get(L->book, &ci);
  cb_buf *b = L->out;
  cb_buf_puts(b, "\\begin{center}\n");
  if (ci.title) {
    cb_buf_puts(b, "{\\LARGE\\bfseries ");
    put_str(L, ci.title);
    cb_buf_puts(b, "\\par}\n");
  }
  if (ci.excerpt) {
    cb_buf_puts(b, "\\vspace{0.6em}{\\large ");
    put_str(L, ci.excerpt);
    cb_buf_puts(b, "\\par}\n");
  }
  cb_buf_puts(b, "\\end{center}\n\\begin{description}[style=sameline,leftmargin=6.5em,"
                 "font=\\normalfont\\bfseries,noitemsep]\n");
  meta_row(L, "By", ci.creators);
  meta_row(L, "Publisher", ci.publishers);
  meta_row(L, "Published", ci.date);
  meta_row(L, "Updated", ci.modified);
  meta_row(L, "Difficulty", ci.difficulty);
  meta_row(L, "Audience", ci.audience);
  if (ci.license) {
    const cb_license *l = ci.license_known;
    cb_buf_puts(b, "\\item[Licence] ");
    if (l) {
      put_str(L, l->name);
      cb_buf_puts(b, " (");
      put_printed_url(L, l->url);
      cb_buf_puts(b, ")");
    } else {
      put_str(L, ci.license);
    }
    cb_buf_puts(b, "\n");
  }
  meta_row(L, "Tags", ci.tags);
  cb_buf_puts(b, "\\item[]\\end{description}\n\\bigskip\n\n");
}

/* hyperref's document information; the text is escaped like any other page text. */
static void pdf_info(ltx *L, cb_buf *info) {
  cb_course_info ci;
  cb_course_info_get(L->book, &ci);
  cb_buf *saved = L->out;
  L->out = info;
  L->plain = true;
  if (ci.title) {
    cb_buf_puts(info, "pdftitle={");
    put_str(L, ci.title);
    cb_buf_puts(info, "},");
  }
  if (ci.creators) {
    cb_buf_puts(info, "pdfauthor={");
    meta_text(L, ci.creators);
    cb_buf_puts(info, "},");
  }
  if (ci.excerpt) {
    cb_buf_puts(info, "pdfsubject={");
    put_str(L, ci.excerpt);
    cb_buf_puts(info, "},");
  }
  if (ci.tags) {
    cb_buf_puts(info, "pdfkeywords={");
    meta_text(L, ci.tags);
    cb_buf_puts(info, "},");
  }
  const char *lang =
      L->book->lang && cb_latex_safe_name(L->book->lang) && !strpbrk(L->book->lang, " /+")
          ? L->book->lang
          : "en";
  cb_buf_printf(info, "pdflang={%s}", lang);
  L->plain = false;
  L->out = saved;
}

/* ---- preamble template --------------------------------------------------------------- */

typedef struct subst {
  const char *name, *value;
} subst;

static int fill_template(const char *tpl, const subst *subs, size_t n, cb_buf *out, cb_diag *d) {
  const char *p = tpl;
  for (;;) {
    const char *at = strstr(p, "@@");
    if (!at) {
      cb_buf_puts(out, p);
      return 0;
    }
    cb_buf_put(out, p, (size_t)(at - p));
    const char *end = strstr(at + 2, "@@");
    size_t k = end ? (size_t)(end - at - 2) : 0;
    const subst *hit = NULL;
    for (size_t i = 0; end && i < n; i++)
      if (strlen(subs[i].name) == k && memcmp(subs[i].name, at + 2, k) == 0) hit = &subs[i];
    if (!hit) {
      cb_error(d, (cb_pos){"styles/latex/preamble.tex", 0, 0}, "unknown placeholder %.*s",
               (int)(end ? k + 4 : 2), at);
      return -1;
    }
    cb_buf_puts(out, hit->value);
    p = end + 2;
  }
}

/* A font for fontspec: installed system fonts by family name (fontconfig and luaotfload find
 * them with their bold and italic faces), any other file (e.g. bundled in fonts/) by file
 * name with Path= and its bold file. */
static void font_spec(ltx *L, const cb_font *f, const char **name, const char **opts) {
  *name = f->family;
  *opts = "";
  const char *p = f->path;
  if (!p || strncmp(p, "/usr/share/fonts/", 17) == 0 ||
      strncmp(p, "/usr/local/share/fonts/", 23) == 0)
    return;
  const char *slash = strrchr(p, '/');
  if (!slash || !slash[1] || !cb_latex_safe_name(slash + 1)) return;
  /* absolute: the engine runs in another directory */
  char *dir = cb_strndup(L->a, p, (size_t)(slash - p));
  char *abs = realpath(*dir ? dir : "/", NULL);
  if (!abs) return;
  if (cb_latex_safe_name(abs)) {
    *name = slash + 1;
    *opts = cb_sprintf(L->a, ",Path=%s/", strcmp(abs, "/") == 0 ? "" : abs);
    const char *bp = f->bold_path, *bs = bp ? strrchr(bp, '/') : NULL;
    if (bs && (size_t)(bs - bp) == (size_t)(slash - p) && strncmp(bp, p, (size_t)(bs - bp)) == 0 &&
        cb_latex_safe_name(bs + 1))
      *opts = cb_sprintf(L->a, "%s,BoldFont=%s", *opts, bs + 1);
  }
  free(abs);
}

/* Does the LaTeX text hold Chinese, Japanese or Korean (the preamble then sets up their font)? */
static bool has_cjk(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    if (cb_char_is_cjk(cb_utf8_next(s, n, &i))) return true;
  }
  return false;
}

/* \cbclass calls (see the preamble) putting the characters of the ranges in class cls. */
static const char *class_ranges(ltx *L, const cb_range *r, size_t n, const char *cls) {
  cb_buf b = CB_BUF_INIT;
  for (size_t i = 0; i < n; i++)
    cb_buf_printf(&b, "\\cbclass{\"%X}{\"%X}%s", (unsigned)r[i].from, (unsigned)r[i].to, cls);
  const char *s = cb_strndup(L->a, b.data ? b.data : "", b.len);
  cb_buf_free(&b);
  return s;
}

static int preamble(ltx *L, cb_buf *out, bool cjk) {
  const cb_options *opt = L->opt;
  cb_fonts fonts;
  memset(&fonts, 0, sizeof fonts);
  if (cb_fonts_load(L->a, opt, &fonts, L->d) != 0) return -1;
  static const cb_font_role need[] = {CB_FONT_SERIF, CB_FONT_SANS, CB_FONT_MONO, CB_FONT_MYANMAR,
                                      CB_FONT_MYANMAR_SANS};
  for (size_t i = 0; i < sizeof need / sizeof *need; i++)
    if (!cb_latex_safe_name(fonts.role[need[i]].family)) {
      cb_error(L->d, (cb_pos){"fonts/fonts.conf", 0, 0},
               "font family '%s' is missing or not usable in LaTeX",
               fonts.role[need[i]].family ? fonts.role[need[i]].family : "");
      return -1;
    }
  const cb_font *emo = &fonts.role[CB_FONT_EMOJI];
  const char *emoji = emo->path && cb_latex_safe_name(emo->path)
                          ? cb_sprintf(L->a, "[%s]", emo->path)
                      : cb_latex_safe_name(emo->family) ? cb_sprintf(L->a, "name:%s", emo->family)
                                                        : "name:Noto Color Emoji";
  const char *paper = opt->paper ? opt->paper : "a4";
  const char *paper_opt = "a4paper", *margin = "margin=22mm";
  int size = 11;
  if (strcmp(paper, "a5") == 0) {
    paper_opt = "a5paper";
    margin = "margin=14mm";
    size = 10;
  } else if (strcmp(paper, "letter") == 0) {
    paper_opt = "letterpaper";
    margin = "margin=0.9in";
  } else if (strcmp(paper, "a4") != 0) {
    cb_warn(L->d, (cb_pos){0}, "unknown paper size '%s': using A4", paper);
  }
  if (opt->font_size) {
    size = opt->font_size < 10 ? 10 : opt->font_size > 12 ? 12 : opt->font_size;
    if (size != opt->font_size)
      cb_warn(L->d, (cb_pos){0}, "font size %dpt not available: using %dpt", opt->font_size, size);
  }
  cb_buf info = CB_BUF_INIT;
  pdf_info(L, &info);
  const char *fn[4], *fo[4];
  static const cb_font_role roles[4] = {CB_FONT_SERIF, CB_FONT_SANS, CB_FONT_MONO, CB_FONT_MYANMAR};
  for (int i = 0; i < 4; i++)
    font_spec(L, &fonts.role[roles[i]], &fn[i], &fo[i]);
  subst subs[] = {
      {"CLASSOPTIONS", cb_sprintf(L->a, "%s,%dpt", paper_opt, size)},
      {"GEOMETRY", cb_sprintf(L->a, "%s,%s", paper_opt, margin)},
      {"SERIF", fn[0]},
      {"SERIFOPTS", fo[0]},
      {"SANS", fn[1]},
      {"SANSOPTS", fo[1]},
      {"MONO", fn[2]},
      {"MONOOPTS", fo[2]},
      {"MYANMAR", fn[3]},
      {"MYANMAROPTS", fo[3]},
      {"EMOJIFONT", emoji},
      {"CJK", cjk ? "true" : "false"},
      {"MYMRCLASSES", class_ranges(L, cb_myanmar_ranges, cb_n_myanmar_ranges, "\\MymrClass")},
      {"CJKCLASSES", class_ranges(L, cb_cjk_ranges, cb_n_cjk_ranges, "\\CJKClass")},
      {"PDFINFO", info.data ? info.data : ""},
  };
  size_t len;
  char *tpl = cb_resource_read(opt, "styles/latex/preamble.tex", &len, L->d);
  int rc = tpl ? fill_template(tpl, subs, sizeof subs / sizeof *subs, out, L->d) : -1;
  free(tpl);
  cb_buf_free(&info);
  return rc;
}

/* ---- document ------------------------------------------------------------------------ */

int cb_render_latex(const cb_book *book, const cb_options *opt, cb_buf *out, cb_diag *d) {
  ltx L;
  memset(&L, 0, sizeof L);
  L.book = book;
  L.opt = opt;
  L.d = d;
  L.a = cb_arena_new();
  L.out = out;
  int errors_before = d->errors;

  /* sectioning from the heading levels the book actually uses */
  bool used[7] = {false};
  for (const cb_node *ch = book->first; ch; ch = ch->next) {
    cb_iter it;
    const cb_node *n;
    cb_event ev;
    cb_iter_init(&it, ch);
    while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE)
      if (ev == CB_EVENT_ENTER && n->type == CB_NODE_HEADING && n->as.heading.level >= 1 &&
          n->as.heading.level <= 6)
        used[n->as.heading.level] = true;
  }
  for (int lv = 1, r = 0; lv <= 6; lv++) {
    L.rank[lv] = r;
    if (used[lv]) r++;
  }

  /* the body first: the preamble sets up a CJK font only for a text that needs one (loading
   * it costs LuaLaTeX seconds) */
  cb_buf body = CB_BUF_INIT;
  L.out = &body;
  cb_buf_puts(&body, "\\begin{document}\n");
  L.chapter = book->first;
  title_block(&L);
  int chno = 0;
  for (const cb_node *ch = book->first; ch; ch = ch->next) {
    L.chapter = ch;
    chno++;
    if (book->n_chapters > 1) {
      const char *t = ch->as.chapter.title ? ch->as.chapter.title : ch->as.chapter.file;
      cb_buf_puts(&body, chno > 1 ? "\\clearpage\n" : "");
      cb_buf_puts(&body, "\\begin{center}\\Large\\bfseries ");
      put_str(&L, t);
      cb_buf_printf(&body, "\\end{center}\\pdfbookmark[0]{");
      L.plain = true;
      put_str(&L, t);
      L.plain = false;
      cb_buf_printf(&body, "}{cb-chapter-%d}\n", chno);
    }
    walk(&L, ch);
    ensure_newline(&body);
  }
  flush_pending(&L);
  L.out = out;
  int rc = preamble(&L, out, has_cjk(body.data, body.len));
  if (rc == 0) {
    cb_buf_put(out, body.data, body.len);
    /* LuaTeX derives the PDF's /ID from the time and the output path (a temporary
     * directory): give it one from the content so that rebuilds are identical */
    uint64_t h1 = 1469598103934665603ull, h2 = 1099511628211ull * 7;
    for (size_t i = 0; i < out->len; i++) {
      h1 = (h1 ^ (unsigned char)out->data[i]) * 1099511628211ull;
      h2 = (h2 ^ (unsigned char)out->data[i]) * 1099511628211ull + (h1 >> 29);
    }
    cb_buf_printf(out,
                  "\\ifLuaTeX\\pdfvariable trailerid{[<%016llX%016llX> <%016llX%016llX>]}\\fi\n",
                  (unsigned long long)h1, (unsigned long long)h2, (unsigned long long)h1,
                  (unsigned long long)h2);
    cb_buf_puts(out, "\\end{document}\n");
  }
  cb_buf_free(&body);
  free(L.fn_num);
  cb_buf_free(&L.pending);
  cb_arena_free(L.a);
  return rc != 0 || d->errors > errors_before ? -1 : 0;
}
