/* Private interfaces of the Markdown reader (Liquid, kramdown IALs, cmark-gfm conversion).
 *
 * Reading is three linear stages:
 *   1. Liquid (read_liquid.c): tags and output are evaluated on the raw body.  Tags that
 *      become blocks (video, toc, figure, gallery, feature_row) are replaced by a
 *      placeholder line; a line map remembers which source line every output line came from.
 *   2. kramdown preprocessing (read_markdown.c, using read_ial.c): block and span IALs, the
 *      {::...} extensions, math, markdown="1" elements, raw HTML elements, definitions,
 *      abbreviations and guillemets become placeholders; the line count is preserved.
 *   3. cmark-gfm parses the result; the converter walks cmark's tree once, turning
 *      placeholders back into model nodes and attributes.
 * Block placeholders are HTML comments `<!--TAG:N-->` on a line of their own: cmark keeps
 * them verbatim (smart punctuation never touches them) and such a line is an HTML block that
 * may interrupt a paragraph.  Inline placeholders are tags `<TAG-N/>`: inline HTML that never
 * starts an HTML block when text follows it.  TAG is chosen so that the author's text cannot
 * contain it.  A placeholder that lands inside code or raw HTML is turned back into the text
 * it replaced. */
#ifndef CB_READ_INTERNAL_H
#define CB_READ_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reader.h"

/* ---- Placeholders ---- */

typedef enum cb_ph_kind {
  CB_PH_NONE,        /* produces nothing (comment, unknown provider, EOB marker, ...) */
  CB_PH_VIDEO,       /* block */
  CB_PH_TOC,         /* block */
  CB_PH_FIGURE,      /* block: image + caption (Markdown) */
  CB_PH_IAL_BLOCK,   /* attaches to the previous (or, after a blank line, next) block */
  CB_PH_IAL_SPAN,    /* attaches to the preceding inline */
  CB_PH_MATH_BLOCK,  /* text = TeX */
  CB_PH_MATH_INLINE, /* text = TeX */
  CB_PH_RAW_HTML,    /* text = raw HTML ({::nomarkdown}) */
  CB_PH_DIV_OPEN,    /* <div markdown="1" ...>: attrs; Markdown inside, up to DIV_CLOSE */
  CB_PH_DIV_CLOSE,   /* its </div> */
  CB_PH_TEXT,        /* inline: text = replacement text (kramdown's << >> guillemets) */
  CB_PH_DL_DESC,     /* inline, first in a list item: the item is a definition (`: def`) */
  CB_PH_ROW_SEP,     /* inline, alone in a table row: the row is a separator line (dropped;
                      * the next row begins a new group) */
  CB_PH_GALLERY,     /* block: items = front matter list; title = caption (Markdown) */
  CB_PH_FEATURE_ROW, /* block: items = front matter list */
  CB_PH_ITEM_IAL,    /* inline, first in a list item: attrs are the item's (`- {: .x} text`) */
  CB_PH_TASK,        /* inline, first in a list item: a task box (`[ ] `; start = 1 when `[x] `) */
  CB_PH_CODE_BLOCK,  /* block: text = code (an indented block with lazy lines, as kramdown) */
  CB_PH_TABLE        /* block: a table with no header row; text = its rows, one per line */
} cb_ph_kind;

typedef struct cb_ph {
  cb_ph_kind kind;
  int line;         /* source line of the construct */
  const char *orig; /* the source text it replaced (restored when it lands in code) */
  size_t orig_len;
  bool after_blank; /* block IAL: preceded by a blank line (applies to the next block);
                     * DL_DESC: the definition follows a blank line (a paragraph first) */
  cb_attrs attrs;   /* IALs; figure: class */
  cb_strlist *refs; /* IAL references (ALD names, "toc") */
  cb_video_provider provider;
  const char *id;       /* video id (without ?start=) */
  long start;           /* video start, seconds */
  const char *title;    /* toc title; figure caption (Markdown) */
  const char *icon;     /* toc icon */
  const char *url;      /* figure image_path */
  const char *alt;      /* figure alt */
  const cb_meta *items; /* gallery / feature_row: the front matter array */
  const char *text;     /* math / raw HTML */
  size_t text_len;
  int breaks;    /* inline math over several lines: the line breaks it took */
  bool in_list;  /* DL_DESC: the definition's text is a list (the mark sits in its first item) */
  bool typo_end; /* TEXT: ends in a symbol kramdown's typographic parser took (`--`, `...`,
                  * `<<`): a quote right after it has no character before it in kramdown's scan */
} cb_ph;

/* Shared state of one cb_markdown_read call. */
typedef struct cb_mdctx {
  cb_arena *a;
  const char *file;
  cb_diag *d;
  const cb_meta *page;
  char tag[16]; /* placeholder tag, chosen so that `<!--TAG:` never occurs in the body */
  cb_ph *ph;    /* heap array */
  size_t n_ph, cap_ph;
  int *line_map; /* stage-1 output line (0-based) -> source line */
  size_t n_lines, cap_lines;
  bool warned_site;
  const char *site_root; /* the Jekyll site's root directory, or NULL */
  const cb_meta *site;   /* its _config.yml (site.*), or NULL */
  /* abbreviations `*[HTML]: Hyper Text` (kramdown marks every occurrence) */
  struct cb_abbr {
    const char *key, *title;
    size_t key_len;
  } * abbrs;
  size_t n_abbrs, cap_abbrs;
  /* stage-1 output lines (0-based, ascending) where a `{% highlight %}` block's fence opens:
   * Jekyll writes HTML there, which ends a list item's or a quote's lazy lines */
  size_t *hl_lines;
  size_t n_hl, cap_hl;
} cb_mdctx;

void cb_mdctx_init(cb_mdctx *c, cb_arena *a, const char *file, const cb_meta *page, cb_diag *d,
                   const char *body, size_t len);
void cb_mdctx_free(cb_mdctx *c);
/* A new placeholder record (zeroed but for kind/line); its index is the number in the tag. */
cb_ph *cb_ph_new(cb_mdctx *c, cb_ph_kind kind, int line, size_t *index);
/* Append `<!--TAG:N-->` to out. */
void cb_ph_emit(const cb_mdctx *c, cb_buf *out, size_t index);
/* If s (an HTML node's literal) is exactly one of our placeholders, its record; else NULL. */
cb_ph *cb_ph_lookup(const cb_mdctx *c, const char *s, size_t len);
/* Does a `{% highlight %}` block open on this stage-1 output line (0-based)? */
bool cb_mdctx_highlight_line(const cb_mdctx *c, size_t line);
/* Source line of a stage-1 output line (1-based in, 1-based out). */
int cb_mdctx_src_line(const cb_mdctx *c, int out_line);
/* Stage-1 text: a footnote definition that a paragraph line follows goes below that paragraph,
 * lines and line map alike (read_footnotes.c: kramdown ends the note there, cmark would not). */
void cb_footnote_order(cb_mdctx *c, cb_buf *text);

/* ---- The site (read_site.c) ---- */

/* The site root: opt->site_root, else the nearest directory at or above the page's holding
 * _config.yml (absolute), else NULL. */
const char *cb_site_root(cb_arena *a, const char *file, const cb_options *opt);
/* root/rel read into the arena (validated like a page), or NULL when absent, unsafe (absolute,
 * `..`, a link leading outside root) or unreadable. */
char *cb_site_read(cb_arena *a, const char *root, const char *rel, size_t *out_len, cb_diag *d);
/* Jekyll's include_relative: the file name beside the page file, read as cb_site_read reads
 * (never outside the site root; with no root, never outside the page's folder), or NULL. */
char *cb_site_read_beside(cb_arena *a, const char *root, const char *file, const char *name,
                          size_t *out_len, cb_diag *d);
/* root/_config.yml parsed, or NULL (absent, or an error already reported). */
const cb_meta *cb_site_config(cb_arena *a, const char *root, cb_diag *d);

/* ---- Stage 1: Liquid (read_liquid.c) ---- */

/* Evaluate the Liquid subset on body into out; fills c->line_map.  Never fails: problems are
 * warnings (unknown tags, unclosed raw/comment, unknown video provider) and the construct is
 * dropped or kept literal as documented there. */
void cb_liquid_expand(cb_mdctx *c, const char *body, size_t len, int first_line, cb_buf *out);
/* Markdown rendered to HTML as Jekyll's markdownify gives it (read_markdownify.c), for a
 * value that lands inside raw HTML; arena-allocated, without the final line break. */
const char *cb_markdownify_html(cb_arena *a, const char *md, size_t n);
/* Raw HTML h[0..n) with the content of each element marked markdown="span", "1" or "block"
 * rendered as Markdown (kramdown parses it even inside a raw block) and the attribute
 * removed; h itself when there is none.  Headings there carry CB_RAW_HEADING_MARK="raw text"
 * until the model's id pass gives them their ids. */
#define CB_RAW_HEADING_MARK "data-cb-hid"
/* The markdown attribute's value at a start tag t[0..tn) (`<name ... markdown="v" ...>`):
 * v[0..vn), and where the attribute starts and ends (with its leading space); else false. */
bool cb_md_attr(const char *t, size_t tn, size_t *a0, size_t *a1, const char **v, size_t *vn);
/* The end of a rewrite of h[0..n) into b, which holds h's first `done` bytes rewritten:
 * h itself when nothing was (done == 0), else b plus the rest, in the arena; b is freed. */
const char *cb_rewrite_end(cb_arena *a, cb_buf *b, const char *h, size_t n, size_t done,
                           size_t *out_n);
const char *cb_raw_html_spans(cb_arena *a, const char *h, size_t n, size_t *out_n);
/* (read_liquid_arrays.c) Liquid's array filters sort, sort_natural, reverse, where, map,
 * first, last, uniq, compact on the list m: the result (a new list, or the item of first /
 * last); on nil (m NULL or null) nil or an empty list, as Liquid gives; NULL when m is no
 * list or name none of them. */
const cb_meta *cb_liquid_array_filter(cb_arena *a, const char *name, const cb_meta *m,
                                      const char *arg, const char *arg2);
/* Is name one of those array filters? */
bool cb_liquid_is_array_filter(const char *name);
/* Liquid's text filters truncate, truncatewords, url_encode, escape_once, slice, newline_to_br,
 * lstrip and rstrip (read_liquid_text.c); *handled is false for any other name. */
const char *cb_liquid_text_filter(cb_arena *a, const char *name, const char *v, const char *arg,
                                  const char *arg2, bool *handled);

/* Liquid's date filter on a text that is no YAML date: Ruby's Time.parse reading of it
 * (read_liquid_date.c), missing parts from the current time (SOURCE_DATE_EPOCH when set); *utc_zone
 * is false for a time with a fixed offset (Ruby's %Z prints nothing then). */
bool cb_liquid_parse_date(const char *v, size_t n, cb_date *out, bool *utc_zone);
/* Jekyll's `relative_url` filter with an empty baseurl (NULL stays NULL). */
const char *cb_liquid_relative_url(cb_arena *a, const char *v);
/* Jekyll's relative_url / absolute_url: site.baseurl (and for absolute_url site.url) in front
 * of a site path; a URL with a scheme is left alone (the theme's includes write their paths
 * through relative_url). */
const char *cb_site_url(const cb_mdctx *c, const char *v, bool absolute);

/* ---- kramdown's HTML tags (read_kd_tags.c) ---- */

/* First occurrence of pat in s[0..n), or NULL (read_markdown.c). */
const char *cb_find_str(const char *s, size_t n, const char *pat);
#define CB_KD_TAG_UNDECIDED ((size_t)-1)
/* Length of the start tag kramdown reads at s (s[0] == '<'), 0 if it reads none there, or
 * CB_KD_TAG_UNDECIDED when s ends first (a tag may span lines). */
size_t cb_kd_start_tag(const char *s, size_t n);
/* s starts with `<` and a name that is no tag for kramdown (nor an autolink): text. */
bool cb_kd_not_a_tag(const char *s, size_t n);
/* A start or end tag at s kramdown reads but cmark-gfm does not (a name with `_`, `.`, `:`):
 * its length, else 0. */
size_t cb_kd_only_tag(const char *s, size_t n);
/* A span-level element's start tag at s (kramdown's span HTML: not a block element's): the
 * end of its element (after the first end tag of its name, or the tag alone for a void or
 * self-closed one; n when never closed), else 0.  A pipe in there splits no table cell. */
size_t cb_kd_span_element_end(const char *s, size_t n);
/* Raw HTML h[0..n) with the `<` kramdown reads as text written `&lt;`: a start tag its
 * grammar refuses, an end tag that does not close the element open innermost; h itself when
 * there is none. */
const char *cb_kd_raw_html(cb_arena *a, const char *h, size_t n, size_t *out_n);
/* kramdown's raw HTML parse (parse_raw_html): each start tag opens an element (but one without
 * a body or closed by `/>`), an end tag closes the element open innermost or is text, an
 * element of raw content (`script`, `pre`, ...) is skipped to its end tag, comments are
 * skipped.  Its state, so that text can be fed as it comes (a line at a time). */
typedef struct {
  struct {
    char name[24];
    size_t len;
  } * st;
  size_t depth, cap;
  bool opened, closed;    /* an element was opened; one was closed */
  size_t pend_k, pend_to; /* a comment or raw text waiting at pend_k - 1, searched to pend_to */
} cb_kd_raw;
/* Scans h[k..n) on from R's state, h[k] being where the last call stopped (a fresh state: h
 * starts with the element's start tag).  Returns where the element that tag opened ends, after
 * its end tag (*done; the tag alone when it opens nothing), else where h ends or, unless
 * final, where a tag or comment that the text after h may complete starts. */
size_t cb_kd_raw_scan(cb_kd_raw *R, const char *h, size_t n, size_t k, bool final, bool *done);
void cb_kd_raw_free(cb_kd_raw *R);
/* The raw element whose start tag begins the first line fed, found a line at a time: each
 * line t[0..n) (stage-1 line index idx, `who` being the caller's name for it) is fed in turn,
 * and cb_raw_feed_finish after the last.  true: the element ends on line end_who, after its
 * end tag at end_off.  A `{% highlight %}` block's lines are left out (Jekyll's HTML there
 * escapes its text).  Never true: kramdown's element takes the rest of the text. */
typedef struct {
  cb_kd_raw R;
  cb_buf b;             /* the lines fed, joined by line breaks */
  size_t k;             /* where the scan goes on */
  size_t fence;         /* inside a highlight block: its fence's length */
  size_t *starts, *who; /* per line fed: its start in b, the caller's name for it */
  size_t n, cap;
  size_t end_who, end_off;
} cb_raw_feed;
bool cb_raw_feed_line(const cb_mdctx *c, cb_raw_feed *F, size_t idx, const char *t, size_t n,
                      size_t who);
bool cb_raw_feed_finish(cb_raw_feed *F);
void cb_raw_feed_free(cb_raw_feed *F);

/* kramdown's content model of the element name[0..nl): 'r' raw text up to its end tag
 * (`script`, `pre`, `code`, `kbd`, ...), 's' spans (`p`, headings, `th`, ...), 'b' blocks. */
char cb_kd_content_model(const char *name, size_t nl);
/* An element kramdown writes without a body or end tag (HTML_ELEMENTS_WITHOUT_BODY: `hr`,
 * `img`, `br`, ...), its name being name[0..nl). */
bool cb_kd_no_body(const char *name, size_t nl);
/* A block-level start tag t[0..n) (of the element `name`) that never finds its end tag takes
 * the rest of its text as raw content (kramdown's parse_raw_html auto-closes it only at the
 * end); false for an element without a body, a tag closed by `/>`, or one whose markdown
 * attribute asks kramdown to parse its content. */
bool cb_kd_swallows_rest(const char *t, size_t n, const char *name, size_t nl);
/* s[0..n) is a start or end tag of an element kramdown calls block-level (HTML_BLOCK_ELEMENTS:
 * `div`, `p`, `li`, `table`, `hr`, ...): in running text kramdown shows such a tag as text. */
bool cb_kd_block_tag(const char *s, size_t n);
/* The content s[0..n) of a block element without a markdown attribute holds, on lines of their
 * own, elements with markdown="1" (or "block") and otherwise only block-level tags, comments
 * and blank lines: kramdown reads those elements' Markdown inside the raw element, and the
 * readers take the element for a container (read as Markdown, which changes none of its own
 * lines). */
bool cb_kd_transparent(const char *s, size_t n);
/* A line that starts an element with markdown="1" (or "block"), its start tag on the line or
 * going on over the next lines. */
bool cb_kd_md_start(const char *t, size_t n);
/* Some line of s[0..n) starts such an element: inside a raw block element kramdown still reads
 * its Markdown (the raw element's own text stays raw). */
bool cb_kd_holds_md(const char *s, size_t n);
/* s[0..n) is white space and complete HTML comments only (what may follow an end tag that
 * closes a markdown="1" element: `</div><!-- /.columns -->`). */
bool cb_kd_only_comments(const char *s, size_t n);
/* kramdown's autolink at s (`<http…>`, `<mailto:…>`, `<ftp…>`, `<a@b.c>`): its length, with
 * the `>`, or 0; *mail: an address without a scheme. */
size_t cb_kd_autolink(const char *s, size_t n, bool *mail);
/* cmark-gfm reads an autolink at s (`<scheme:…>` with no space). */
bool cb_cmark_autolink(const char *s, size_t n);

/* kramdown knows the entity &name; (read_entities.c: HTML 4's names, not HTML5's). */
bool cb_kd_entity_known(const char *name, size_t n);
/* Raw HTML with each named reference that HTML5 has and HTML 4.01 lacks (`&plus;`) written as
 * numeric ones: a browser reads them, but the sanitiser's parser knows only HTML 4.01's and
 * would show them as text.  s itself when there is none. */
const char *cb_html5_refs_numeric(cb_arena *a, const char *s, size_t n, size_t *out_n);

/* ---- IALs (read_ial.c) ---- */

/* Parse the inside of `{: ...}` (without braces and the colon) as kramdown does: `.cls`,
 * `#id`, `key="v"` / `key='v'` (only `\}` and backslash-quote unescaped), bare names as refs.
 * Attributes are added to *at (classes appended, id / keys replaced).  Returns the number of
 * attributes found; 0 means kramdown would warn "no or invalid attributes". */
int cb_ial_parse(cb_arena *a, const char *s, size_t n, cb_attrs *at, cb_strlist **refs);
/* Length of an IAL `{:...}` starting at s (s[0]=='{', s[1]==':'), or 0 if there is none:
 * not `{::` / `{:/`, at least one char, closed by an unescaped `}` on the same line. */
size_t cb_ial_span_len(const char *s, size_t n);
/* Merge src into dst (classes appended, id and keys replaced). */
void cb_attrs_merge(cb_arena *a, cb_attrs *dst, const cb_attrs *src);

/* ---- kramdown GFM heading ids (read_ids.c) ---- */

/* A string -> integer hash map (open addressing, grows), for duplicate ids and footnote
 * labels.  Keys are copied into the arena. */
typedef struct cb_strmap {
  cb_arena *a;
  struct cb_strmap_slot *slots;
  size_t cap, count;
} cb_strmap;
void cb_strmap_init(cb_strmap *m, cb_arena *a);
void cb_strmap_free(cb_strmap *m);
/* Pointer to the value for key (inserted as `init` when absent). */
long *cb_strmap_get(cb_strmap *m, const char *key, size_t len, long init, bool *inserted);
/* Pointer to the value for key, or NULL when absent (nothing inserted). */
long *cb_strmap_find(const cb_strmap *m, const char *key, size_t len);

/* The id kramdown's GFM parser gives a heading whose text is text: downcase, drop what is not
 * \p{Word}, '-', space or tab, spaces/tabs -> '-', then `-N` for the N-th duplicate. */
char *cb_gfm_id_base(cb_arena *a, const char *text, size_t len);
const char *cb_gfm_id(cb_strmap *seen, const char *text, size_t len);

/* ---- kramdown's block structure (read_markdown.c, read_lists.c) ---- */

/* Length of the start or end tag of a span-level element (kramdown's list) at the start of s,
 * else 0. */
size_t cb_md_span_tag(const char *s, size_t n);
/* Length of the name of a block-level element (whose content kramdown keeps raw) whose tag
 * starts r (`<name`), else 0; *name (if not NULL) is the name's static lowercase string. */
size_t cb_md_block_tag(const char *r, size_t rl, const char **name);

/* s written again, line for line, so that cmark-gfm reads the lists kramdown reads (see
 * read_lists.c).  base[k]: length of the prefix (markers, indentation) the pass wrote on line
 * k, 0 where the line was copied as it is; item[k]: a list item starts on line k (1), a
 * definition (2), a definition whose text starts with a list (3);
 * nofence[k]: line k looks like a fence but is text for kramdown (its block has no end for
 * it); raw_end[k]: line k starts an HTML element never closed, which takes the lines up to
 * raw_end[k] (exclusive: the rest of the text kramdown parses there), else 0. */
/* kramdown's HR_START at the text t (indentation checked by the caller): three or more of one
 * of `*-_`, spaces and tabs between (read_lists.c). */
bool cb_kd_hrule(const char *t, size_t n);
typedef struct cb_listmap {
  uint32_t *base;
  unsigned char *item;
  unsigned char *nofence; /* a fence-like line kramdown reads as text (no end for it) */
  uint32_t *raw_end;
  uint32_t *cont;      /* of base[k], the part that is the containers' (the rest: the line's own
                        * indentation inside its item) */
  unsigned char *ends; /* blank line k is the last before a line that kramdown's list does
                        * not take but cmark would (indented to its item's content) */
  size_t n;
} cb_listmap;
void cb_kramdown_lists(const cb_mdctx *c, const char *s, size_t n, cb_buf *out, cb_listmap *map);
void cb_listmap_free(cb_listmap *m);
/* Does the line (its container prefix removed) end a kramdown paragraph, or is it blank? */
bool cb_kd_para_ends(const cb_mdctx *c, const char *line, size_t len);
/* s[0..n) escaped for HTML text or an attribute value (`"` `&` `<` `>`), for the raw HTML a
 * reader writes as the page's own (read_markdownify.c). */
void cb_md_html_escape(cb_buf *b, const char *s, size_t n);

#endif
