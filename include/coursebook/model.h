/* The document model: the only thing readers and backends share.
 *
 * A book holds chapters (one course page each); a chapter holds block nodes, blocks hold
 * blocks or inline nodes, exactly like cmark's tree.  Every string in the model is NFC UTF-8,
 * NUL-terminated, and owned by the book's arena, so the whole model is freed at once.
 * Nothing here knows about kramdown, Liquid, cmark or any output format. */
#ifndef COURSEBOOK_MODEL_H
#define COURSEBOOK_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "coursebook/arena.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a node or value came from, for messages: file:line:col (1-based; 0 = unknown). */
typedef struct cb_pos {
  const char *file;
  int line;
  int col;
} cb_pos;

/* ---- Metadata: a typed tree built from YAML front matter ---------------------------- */

typedef enum cb_meta_type {
  CB_META_NULL,
  CB_META_STRING,
  CB_META_NUMBER,
  CB_META_BOOL,
  CB_META_DATE,
  CB_META_LIST,
  CB_META_MAP
} cb_meta_type;

typedef struct cb_date {
  int year, month, day;
  bool has_time;
  int hour, min, sec;
  bool has_tz;    /* an explicit offset or Z was given */
  int tz_minutes; /* offset east of UTC */
} cb_date;

typedef struct cb_meta cb_meta;
struct cb_meta {
  cb_meta_type type;
  const char *key;              /* set when this value is an entry of a map */
  const char *str;              /* scalars: the text as written (NFC); NULL for lists and maps */
  double number;                /* CB_META_NUMBER */
  bool boolean;                 /* CB_META_BOOL */
  cb_date date;                 /* CB_META_DATE */
  cb_meta *first, *last, *next; /* children of lists and maps, in source order */
  size_t count;                 /* number of children */
  cb_pos pos;
};

/* Map lookup by key, dotted paths allowed ("header.teaser"); NULL if absent. */
const cb_meta *cb_meta_get(const cb_meta *map, const char *path);
/* map's entry for key[0..n) (no dots: one step); a repeated key's last entry, as in Jekyll. */
const cb_meta *cb_meta_key(const cb_meta *map, const char *key, size_t n);
/* The scalar text of path, or NULL when absent, null, empty, or not a scalar. */
const char *cb_meta_str(const cb_meta *map, const char *path);
/* Set or replace a string value at a top-level key (used by -M KEY=VALUE). */
void cb_meta_set_str(cb_arena *a, cb_meta *map, const char *key, const char *value);
/* Builders (readers use these). */
cb_meta *cb_meta_new(cb_arena *a, cb_meta_type type, cb_pos pos);
void cb_meta_append(cb_meta *parent, cb_meta *child);

/* ---- Attributes (kramdown IALs and the like) ---------------------------------------- */

typedef struct cb_kv cb_kv;
struct cb_kv {
  const char *key;
  const char *value;
  cb_kv *next;
};

typedef struct cb_strlist cb_strlist;
struct cb_strlist {
  const char *s;
  cb_strlist *next;
};

typedef struct cb_attrs {
  const char *id;      /* NULL when none */
  cb_strlist *classes; /* in order, no duplicates */
  cb_kv *kvs;          /* other key="value" pairs, in order (e.g. target="_blank") */
} cb_attrs;

bool cb_attrs_has_class(const cb_attrs *at, const char *cls);
/* At most CB_ATTRS_MAX classes and CB_ATTRS_MAX key-value pairs per element; adding beyond
 * that returns false and changes nothing (readers warn). */
#define CB_ATTRS_MAX 64
bool cb_attrs_add_class(cb_arena *a, cb_attrs *at, const char *cls);
void cb_attrs_remove_class(cb_attrs *at, const char *cls);
const char *cb_attrs_get(const cb_attrs *at, const char *key);
bool cb_attrs_set(cb_arena *a, cb_attrs *at, const char *key, const char *value);

/* ---- Nodes ---------------------------------------------------------------------------- */

typedef enum cb_node_type {
  CB_NODE_NONE = 0,
  /* blocks */
  CB_NODE_CHAPTER,        /* children: blocks; as.chapter */
  CB_NODE_PARAGRAPH,      /* children: inlines */
  CB_NODE_HEADING,        /* children: inlines; as.heading; attrs.id = kramdown-style id */
  CB_NODE_BLOCKQUOTE,     /* children: blocks */
  CB_NODE_LIST,           /* children: ITEM; as.list */
  CB_NODE_ITEM,           /* children: blocks; as.item */
  CB_NODE_CODE_BLOCK,     /* text = code; as.code */
  CB_NODE_HTML_BLOCK,     /* text = raw HTML (untrusted: backends sanitise); an attribute
                             type="latex" (kramdown's nomarkdown type) marks raw content for
                             that format instead: other backends leave it out */
  CB_NODE_THEMATIC_BREAK, /* no children */
  CB_NODE_TABLE,          /* children: TABLE_ROW; as.table */
  CB_NODE_TABLE_ROW,      /* children: TABLE_CELL; as.row */
  CB_NODE_TABLE_CELL,     /* children: inlines; as.cell */
  CB_NODE_NOTICE,         /* children: blocks; as.notice */
  CB_NODE_VIDEO,          /* no children; as.video */
  CB_NODE_TOC,            /* contents list of the chapter's headings; as.toc */
  CB_NODE_FIGURE,         /* children: caption inlines; as.link = image (url, title, alt) */
  CB_NODE_MATH_BLOCK,     /* text = TeX source (display) */
  CB_NODE_FOOTNOTE_DEF,   /* children: blocks; as.footnote */
  CB_NODE_DEF_LIST,       /* children: DEF_TERM and DEF_DESC in order */
  CB_NODE_DEF_TERM,       /* children: inlines */
  CB_NODE_DEF_DESC,       /* children: blocks */
  CB_NODE_DIV,            /* children: blocks; as.div: a container the author named (kramdown's
                             HTML element with markdown="1" that is not a notice) */
  /* inlines */
  CB_NODE_TEXT,          /* text */
  CB_NODE_SOFTBREAK,     /* a line ending inside a paragraph */
  CB_NODE_LINEBREAK,     /* a hard line break */
  CB_NODE_CODE,          /* text = code span contents */
  CB_NODE_HTML_INLINE,   /* text = raw HTML (untrusted); type= as for HTML_BLOCK */
  CB_NODE_EMPH,          /* children: inlines */
  CB_NODE_STRONG,        /* children: inlines */
  CB_NODE_STRIKETHROUGH, /* children: inlines */
  CB_NODE_LINK,          /* children: inlines; as.link */
  CB_NODE_IMAGE,         /* as.link (alt = plain text of the description) */
  CB_NODE_MATH_INLINE,   /* text = TeX source */
  CB_NODE_FOOTNOTE_REF,  /* as.footnote; as.footnote.def points at the definition */
  CB_NODE_ABBR,          /* children: inlines; as.abbr (expansion) */
  CB_NODE_TYPE_COUNT
} cb_node_type;

bool cb_node_type_is_block(cb_node_type t);
const char *cb_node_type_name(cb_node_type t);

typedef enum cb_notice_kind {
  CB_NOTICE_PLAIN, /* .notice */
  CB_NOTICE_PRIMARY,
  CB_NOTICE_INFO,
  CB_NOTICE_WARNING,
  CB_NOTICE_SUCCESS,
  CB_NOTICE_DANGER
} cb_notice_kind;

/* "notice", "notice--info", ...; and back (NULL / false if cls is not a notice class). */
const char *cb_notice_class(cb_notice_kind k);
bool cb_notice_from_class(const char *cls, cb_notice_kind *out);

/* Element names a CB_NODE_DIV may carry (NULL-terminated); cb_div_tag() maps a name
 * (any case, n bytes) to its entry, NULL when it is not one of them. */
extern const char *const cb_div_tags[];
const char *cb_div_tag(const char *name, size_t n);

typedef enum cb_video_provider {
  CB_VIDEO_YOUTUBE,
  CB_VIDEO_VIMEO,
  CB_VIDEO_GOOGLE_DRIVE,
  CB_VIDEO_BILIBILI
} cb_video_provider;

typedef enum cb_align { CB_ALIGN_NONE, CB_ALIGN_LEFT, CB_ALIGN_CENTER, CB_ALIGN_RIGHT } cb_align;

typedef struct cb_node cb_node;
struct cb_node {
  cb_node_type type;
  cb_node *parent, *first, *last, *prev, *next;
  cb_attrs attrs;
  cb_pos pos;
  const char *text; /* literal content (see the type list); NULL if none */
  size_t text_len;
  union {
    struct {
      const char *file;  /* source path as given */
      const char *title; /* from front matter (may be NULL) */
      cb_meta *meta;     /* the page's front matter (a map; never NULL) */
      const char *lang;  /* BCP 47: front matter `lang`, else detected ("my", "en") */
      /* the Jekyll site's address (`url` of _config.yml: scheme and host, no trailing slash)
       * for links written relative to the site; NULL if unknown */
      const char *site_url;
    } chapter;
    struct {
      int level;   /* 1..6 */
      bool no_toc; /* {: .no_toc} */
    } heading;
    struct {
      bool ordered;
      int start;
      bool tight;
    } list;
    struct {
      /* 0 = not a task item, 1 = unchecked, 2 = checked, 3 = no box but in a task list after
       * its first task item (kramdown marks those items as task items too) */
      int task;
      /* (a definition, CB_NODE_DEF_DESC, uses this too)
       * kramdown decides per item whether its first paragraph is bare text (no <p>):
       * 0 = as the list's tight flag says (every paragraph), 1 = the first paragraph is bare,
       * the others are paragraphs, 2 = every paragraph is a paragraph. */
      int para;
    } item;
    struct {
      const char *lang; /* first word of the info string, or NULL */
      const char *info; /* whole info string, or NULL */
    } code;
    struct {
      const char *url;
      const char *title; /* NULL if none */
      const char *alt;   /* images and figures: plain-text description */
    } link;
    struct {
      cb_notice_kind kind;
    } notice;
    struct {
      cb_video_provider provider;
      const char *id; /* without ?start= */
      long start;     /* seconds; 0 = from the beginning */
    } video;
    struct {
      const char *title; /* NULL = backend's default ("Contents") */
      const char *icon;  /* theme icon name, or NULL */
    } toc;
    struct {
      int columns;
      cb_align *aligns; /* columns entries */
    } table;
    struct {
      bool header;
      bool group; /* a body row that begins a new group of rows (kramdown: a separator line
                   * among the rows; HTML: a new tbody) */
    } row;
    struct {
      cb_align align;
    } cell;
    struct {
      const char *label;
      int number;   /* 1-based, in order of first reference */
      cb_node *def; /* refs: the FOOTNOTE_DEF (NULL if undefined) */
    } footnote;
    struct {
      const char *title; /* expansion */
    } abbr;
    struct {
      /* the element's name, one of cb_div_tags (readers map others to "div"); backends
       * that have no such element treat it as a plain group of blocks */
      const char *tag;
    } div;
  } as;
};

/* Tree building (readers). */
cb_node *cb_node_new(cb_arena *a, cb_node_type type, cb_pos pos);
void cb_node_append(cb_node *parent, cb_node *child);
void cb_node_insert_after(cb_node *sibling, cb_node *node);
void cb_node_unlink(cb_node *node);
cb_node *cb_node_new_text(cb_arena *a, const char *s, size_t len, cb_pos pos);

/* A link's target as a reader of the output can follow it: a site-relative URL ("/docs/x/")
 * of a chapter whose site address is known becomes absolute, a protocol-relative one
 * ("//host/x") https; anything else is returned as written (callers decide about relative URLs
 * they cannot resolve). */
const char *cb_link_resolve(cb_arena *a, const cb_node *chapter, const char *url);
/* Does url name its scheme ("https:", "mailto:") or a host ("//host")? */
bool cb_url_is_absolute(const char *url);
/* Does a web URL (http, https, ftp, ftps, ws, wss) name its host ("https://host/…")?  Any
 * other URL: true.  `https:://host` names none: browsers cannot follow it, validators refuse. */
bool cb_url_has_host(const char *url);

/* Plain text of a subtree (text, code, math; breaks as spaces), arena-allocated. */
const char *cb_node_plain_text(cb_arena *a, const cb_node *node);

/* Walking, cmark style: every node is visited on ENTER; nodes that can have children are
 * visited again on EXIT.  cb_iter_skip() after an ENTER skips that node's children. */
typedef enum cb_event { CB_EVENT_NONE, CB_EVENT_ENTER, CB_EVENT_EXIT } cb_event;
typedef struct cb_iter {
  const cb_node *root, *cur;
  cb_event ev;
} cb_iter;
void cb_iter_init(cb_iter *it, const cb_node *root);
cb_event cb_iter_next(cb_iter *it, const cb_node **node);
void cb_iter_skip(cb_iter *it);
bool cb_node_is_container(cb_node_type t);

/* Video URLs: for on-screen embedding and for print / e-readers (the latter honours start). */
const char *cb_video_embed_url(cb_arena *a, const cb_node *video);
const char *cb_video_watch_url(cb_arena *a, const cb_node *video);
const char *cb_video_provider_name(cb_video_provider p); /* "YouTube", "Vimeo", ... */
const char *cb_video_provider_key(cb_video_provider p);  /* "youtube", "vimeo", ... */
bool cb_video_provider_from_key(const char *key, cb_video_provider *out);

/* ---- The book --------------------------------------------------------------------------- */

typedef struct cb_book {
  cb_arena *arena;
  cb_node *first, *last; /* CHAPTER nodes */
  size_t n_chapters;
  cb_meta *meta;    /* book-level metadata: the first chapter's front matter plus -M overrides */
  const char *lang; /* book language (BCP 47) */
  const char *root; /* course/site root directory (resources must stay inside it) */
} cb_book;

cb_book *cb_book_new(void);
void cb_book_free(cb_book *b);
void cb_book_add_chapter(cb_book *b, cb_node *chapter);

/* Licence codes from front matter ("PD", "CC-BY-4.0", ...) to a name and URL; NULL if unknown. */
typedef struct cb_license {
  const char *code, *name, *url;
} cb_license;
const cb_license *cb_license_lookup(const char *code);

/* What backends show of a course (title block, package metadata), resolved in one place from
 * the book's front matter with its aliases (creator/author, modified/last_modified_at,
 * license/licence, excerpt/description).  Absent fields are NULL. */
typedef struct cb_course_info {
  const char *title;         /* title, else the first chapter's title */
  const char *excerpt;       /* excerpt, else description */
  const cb_meta *creators;   /* creator, else author: a string or a list */
  const cb_meta *publishers; /* a string or a list (empty items possible in lists) */
  const cb_meta *date;       /* publication date */
  const cb_meta *modified;   /* modified, else last_modified_at */
  const cb_meta *difficulty; /* a string or a list */
  const cb_meta *audience;   /* a string or a list */
  const cb_meta *tags, *topic, *categories;
  const char *license;             /* the code as written (license, else licence) */
  const cb_license *license_known; /* cb_license_lookup(license), NULL if unknown */
} cb_course_info;

void cb_course_info_get(const cb_book *book, cb_course_info *ci);

#ifdef __cplusplus
}
#endif
#endif
