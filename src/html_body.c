/* The model → polyglot HTML/XHTML body writer (see html_body.h).  One cmark-style walk per
 * block range; every element goes through xmlTextWriter so escaping and well-formedness are
 * libxml2's job, not ours. */
#include "html_body.h"

#include "html_allow.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book_paths.h"
#include "html_sanitize.h"
#include "html_tag.h"
#include "qr.h"
#include "resources.h"

#define X(s) ((const xmlChar *)(s))

/* ==== ids ================================================================================= */

typedef struct id_slot {
  const void *key; /* node pointer (by-node table) or string (by-name tables) */
  const char *val; /* final id (by-node) */
  const cb_node *node;
} id_slot;

/* Slots live in the ids' arena (the registry has no free function; old slot arrays left
 * behind by growth sum to less than the final one). */
typedef struct id_table {
  id_slot *slots;
  size_t cap, n; /* cap: power of two */
  cb_arena *a;
} id_table;

struct cb_html_ids {
  id_table by_node; /* node → final id */
  id_table used;    /* final id → node (every id written) */
  id_table asked;   /* id as written in the page → first node that asked for it */
  cb_arena *a;
  unsigned flags;
};

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static uint64_t hash_ptr(const void *p) {
  uint64_t h = (uint64_t)(uintptr_t)p;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

static void table_grow(id_table *t, bool strings);

/* Find the slot for key (existing or the empty one where it would go). */
static id_slot *table_find(id_table *t, const void *key, bool strings) {
  if (!t->cap) table_grow(t, strings);
  size_t mask = t->cap - 1;
  size_t i = (size_t)(strings ? hash_str(key) : hash_ptr(key)) & mask;
  for (;;) {
    id_slot *s = &t->slots[i];
    if (!s->key) return s;
    if (strings ? strcmp(s->key, key) == 0 : s->key == key) return s;
    i = (i + 1) & mask;
  }
}

static void table_grow(id_table *t, bool strings) {
  id_table nt = {NULL, t->cap ? t->cap * 2 : 64, 0, t->a};
  nt.slots = cb_alloc(t->a, nt.cap * sizeof *nt.slots);
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->slots[i].key) continue;
    *table_find(&nt, t->slots[i].key, strings) = t->slots[i];
    nt.n++;
  }
  *t = nt;
}

static id_slot *table_insert(id_table *t, const void *key, bool strings) {
  if ((t->n + 1) * 2 > t->cap) table_grow(t, strings);
  id_slot *s = table_find(t, key, strings);
  if (!s->key) {
    s->key = key;
    t->n++;
  }
  return s;
}

static const id_slot *table_get(const id_table *t, const void *key, bool strings) {
  if (!t->cap) return NULL;
  id_slot *s = table_find((id_table *)t, key, strings);
  return s->key ? s : NULL;
}

/* An XML NCName from an id: ':' and other non-name characters become '-', a start that
 * cannot begin a name gets a '_' prefix.  Non-ASCII letters are name characters. */
static const char *xml_name(cb_arena *a, const char *id) {
  size_t n = strlen(id);
  char *out = cb_alloc(a, n + 2), *o = out;
  unsigned char c0 = (unsigned char)id[0];
  bool ok_start = (c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z') || c0 == '_' || c0 >= 0x80;
  if (!ok_start) *o++ = '_';
  for (const char *p = id; *p; p++) {
    unsigned char c = (unsigned char)*p;
    bool ok = c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    *o++ = ok ? (char)c : '-';
  }
  *o = '\0';
  return out;
}

/* HTML ids may not be empty or contain whitespace. */
static const char *html_name(cb_arena *a, const char *id) {
  if (!*id) return "_";
  if (!strpbrk(id, " \t\n\r\f")) return id;
  char *out = cb_strdup(a, id);
  for (char *p = out; *p; p++)
    if (strchr(" \t\n\r\f", *p)) *p = '-';
  return out;
}

static void ids_add(cb_html_ids *ids, const cb_node *node, const char *asked, cb_diag *d) {
  if (!asked) return;
  id_slot *as = table_insert(&ids->asked, asked, true);
  if (!as->node) as->node = node;
  const char *base =
      (ids->flags & CB_HTML_IDS_XML) ? xml_name(ids->a, asked) : html_name(ids->a, asked);
  const char *id = base;
  id_slot *u = table_insert(&ids->used, id, true);
  if (u->node) {
    /* Taken: suffix until free.  Each probe is O(1), and suffixes only grow with the number
     * of clashes on this one name. */
    for (int k = 2;; k++) {
      id = cb_sprintf(ids->a, "%s-%d", base, k);
      u = table_insert(&ids->used, id, true);
      if (!u->node) break;
    }
    cb_warn(d, node->pos, "duplicate id \"%s\" (also at line %d); this one is written as \"%s\"",
            asked, as->node->pos.line, id);
  }
  u->node = node;
  id_slot *bn = table_insert(&ids->by_node, node, false);
  bn->val = id;
  bn->node = node;
}

static const char *note_label(cb_arena *a, const cb_node *n) {
  const char *l = n->as.footnote.label;
  return (l && *l) ? l : cb_sprintf(a, "%d", n->as.footnote.number);
}

cb_html_ids *cb_html_ids_build_ex(const cb_book *book, cb_arena *a, cb_diag *d, unsigned flags) {
  cb_html_ids *ids = cb_alloc(a, sizeof *ids);
  ids->a = a;
  ids->flags = flags;
  ids->by_node.a = ids->used.a = ids->asked.a = a;
  /* Per footnote definition, how many references were numbered so far (fnref:x:2, …). */
  id_table refcount = {.a = a};
  for (const cb_node *ch = book->first; ch; ch = ch->next) {
    cb_iter it;
    const cb_node *n;
    cb_event ev;
    cb_iter_init(&it, ch);
    while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE) {
      if (ev != CB_EVENT_ENTER) continue;
      if (n->type == CB_NODE_FOOTNOTE_DEF) {
        ids_add(ids, n, cb_sprintf(a, "fn:%s", note_label(a, n)), d);
      } else if (n->type == CB_NODE_FOOTNOTE_REF) {
        const cb_node *def = n->as.footnote.def;
        if (!def) continue;
        id_slot *rc = table_insert(&refcount, def, false);
        rc->val = (const char *)((uintptr_t)rc->val + 1); /* a counter in the pointer slot */
        uintptr_t k = (uintptr_t)rc->val;
        const char *lab = note_label(a, def);
        ids_add(ids, n,
                k == 1 ? cb_sprintf(a, "fnref:%s", lab)
                       : cb_sprintf(a, "fnref:%s:%u", lab, (unsigned)k),
                d);
      } else if (n->attrs.id && *n->attrs.id) {
        ids_add(ids, n, n->attrs.id, d);
      }
    }
  }
  return ids;
}

cb_html_ids *cb_html_ids_build(const cb_book *book, cb_arena *a, cb_diag *d) {
  return cb_html_ids_build_ex(book, a, d, 0);
}

bool cb_html_ids_claim(cb_html_ids *ids, const char *id) {
  if (!ids) return true;
  /* the registry is complete before any writing: raw HTML's ids only join its set of used
   * ids, so that none is written twice */
  if (table_get(&ids->used, id, true)) return false;
  id_slot *sl = table_insert(&ids->used, cb_strdup(ids->a, id), true);
  sl->node = NULL;
  return true;
}

const char *cb_html_id_of(const cb_html_ids *ids, const cb_node *node) {
  if (!ids) return NULL;
  const id_slot *s = table_get(&ids->by_node, node, false);
  return s ? s->val : NULL;
}

const cb_node *cb_html_node_for_id(const cb_html_ids *ids, const char *id) {
  if (!ids || !id) return NULL;
  const id_slot *s = table_get(&ids->asked, id, true);
  return s ? s->node : NULL;
}

/* ==== context and writer helpers ============================================================ */

struct cb_html_note {
  const cb_node *def;
  cb_html_note *next;
};

void cb_html_ctx_init(cb_html_ctx *c, xmlTextWriterPtr w, const cb_book *book,
                      const cb_options *opt, cb_diag *d, cb_arena *scratch, cb_html_ids *ids) {
  memset(c, 0, sizeof *c);
  c->w = w;
  c->book = book;
  c->opt = opt;
  c->diag = d;
  c->scratch = scratch;
  c->ids = ids;
  c->embed_video = opt ? opt->embed_video : false;
  c->break_hints = opt ? opt->break_hints : true;
  c->lang = book && book->lang ? book->lang : "en";
}

int cb_html_ctx_finish(cb_html_ctx *c) {
  cb_buf_free(&c->tmp);
  free(c->note_refs);
  c->note_refs = NULL;
  c->note_refs_cap = 0;
  c->notes_first = c->notes_last = NULL;
  return c->err;
}

static void chk(cb_html_ctx *c, int rc) {
  if (rc < 0 && !c->err) c->err = rc;
}

static void start(cb_html_ctx *c, const char *name) {
  chk(c, xmlTextWriterStartElement(c->w, X(name)));
}
static void end(cb_html_ctx *c) {
  chk(c, xmlTextWriterFullEndElement(c->w));
}
/* Void elements: <br/>, <img/>, <hr/> (an element with no content ends as "/>"). */
static void end_void(cb_html_ctx *c) {
  chk(c, xmlTextWriterEndElement(c->w));
}
/* Attribute values are escaped here rather than by xmlTextWriterWriteAttribute, which turns
 * every non-ASCII character into a character reference (eight times the bytes for Burmese). */
static void attr(cb_html_ctx *c, const char *name, const char *value) {
  if (!value) return;
  cb_buf *b = &c->tmp;
  cb_buf_clear(b);
  cb_html_escape(b, value, strlen(value));
  chk(c, xmlTextWriterStartAttribute(c->w, X(name)));
  if (b->len) chk(c, xmlTextWriterWriteRawLen(c->w, X(b->data), (int)b->len));
  chk(c, xmlTextWriterEndAttribute(c->w));
}
static void text(cb_html_ctx *c, const char *s, size_t len) {
  if (!len) return;
  /* Escaped by us, like attributes: segments are not NUL-terminated, and non-ASCII text stays
   * UTF-8. */
  cb_buf *b = &c->tmp;
  cb_buf_clear(b);
  cb_html_escape(b, s, len);
  chk(c, xmlTextWriterWriteRawLen(c->w, X(b->data), (int)b->len));
}
/* href/src values: cleaned into a valid URL (see cb_url_clean), then escaped. */
static void url_attr(cb_html_ctx *c, const char *name, const char *url) {
  if (!url) return;
  cb_buf u = CB_BUF_INIT;
  cb_url_clean(&u, url);
  attr(c, name, u.data ? u.data : "");
  cb_buf_free(&u);
}
static void textz(cb_html_ctx *c, const char *s) {
  if (s) text(c, s, strlen(s));
}
static void raw(cb_html_ctx *c, const char *s, size_t len) {
  if (len) chk(c, xmlTextWriterWriteRawLen(c->w, X(s), (int)len));
}
static void nl(cb_html_ctx *c) {
  raw(c, "\n", 1);
}
static void lang_attr(cb_html_ctx *c, const char *lang) {
  attr(c, "lang", lang);
  if (c->xhtml) attr(c, "xml:lang", lang);
}

/* Attribute names from pages: ASCII name characters only, so they are valid in HTML and XML. */
static bool safe_attr_name(const char *k) {
  if (!k || !*k) return false;
  if (!((k[0] | 0x20) >= 'a' && (k[0] | 0x20) <= 'z')) return false;
  for (const char *p = k; *p; p++) {
    unsigned char ch = (unsigned char)*p;
    if (!((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') && !(ch >= '0' && ch <= '9') && ch != '-' &&
        ch != '_' && ch != '.')
      return false;
  }
  return true;
}

static bool ieq_prefix(const char *s, const char *p) {
  for (; *p; s++, p++)
    if ((*s | 0x20) != *p) return false;
  return true;
}

/* id, class (extra classes first, then the node's own, without duplicates) and the node's
 * safe key-values. */
/* Is key one of the space-separated words of taken (attributes the element writes itself)? */
static bool taken_has(const char *taken, const char *key) {
  if (!taken) return false;
  size_t l = strlen(key);
  for (const char *p = taken; *p;) {
    size_t w = strcspn(p, " ");
    if (w == l && strncmp(p, key, l) == 0) return true;
    p += w;
    while (*p == ' ')
      p++;
  }
  return false;
}

static void node_attrs_t(cb_html_ctx *c, const char *el, const cb_node *n, const char *extra_class,
                         const char *taken) {
  const char *id = cb_html_id_of(c->ids, n);
  if (id) attr(c, "id", id);
  cb_buf cls = CB_BUF_INIT;
  if (extra_class) cb_buf_puts(&cls, extra_class);
  for (const cb_strlist *s = n->attrs.classes; s; s = s->next) {
    if (!s->s || !*s->s) continue;
    /* The extra classes are few and short: a scan of them per class is constant work. */
    bool dup = false;
    if (extra_class) {
      size_t l = strlen(s->s);
      for (const char *p = extra_class; (p = strstr(p, s->s)); p += l)
        if ((p == extra_class || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\0')) dup = true;
    }
    if (dup) continue;
    if (cls.len) cb_buf_putc(&cls, ' ');
    cb_buf_puts(&cls, s->s);
  }
  if (cls.len) attr(c, "class", cls.data);
  cb_buf_free(&cls);
  for (const cb_kv *kv = n->attrs.kvs; kv; kv = kv->next) {
    const char *k = kv->key, *v = kv->value ? kv->value : "";
    if (!safe_attr_name(k) || strcmp(k, "id") == 0 || strcmp(k, "class") == 0 ||
        strcmp(k, "markdown") == 0 || strcmp(k, "xmlns") == 0 || taken_has(taken, k))
      continue; /* a second attribute of the same name would make the element invalid */
    if (ieq_prefix(k, "on")) {
      cb_warn(c->diag, n->pos, "event-handler attribute %s dropped", k);
      continue;
    }
    if ((strcmp(k, "href") == 0 || strcmp(k, "src") == 0) && !cb_url_is_safe(v)) {
      cb_warn(c->diag, n->pos, "unsafe URL in attribute %s dropped", k);
      continue;
    }
    if (strcmp(k, "style") == 0 && !cb_html_style_is_safe(v)) {
      cb_warn(c->diag, n->pos, "style attribute dropped (it could load or run something)");
      continue;
    }
    if (strcmp(k, "lang") == 0) {
      lang_attr(c, v);
      continue;
    }
    /* an IAL's attribute HTML5 does not allow on the element (`target` on a link written as
     * a span, `width="50%"` on an image): checkers reject it */
    if (!cb_html_attr_allowed(el, k) || !cb_html_attr_value_ok(k, v)) {
      cb_warn(c->diag, n->pos, "attribute %s=\"%.40s\" is not valid on <%s>; dropped", k, v, el);
      continue;
    }
    attr(c, k, v);
  }
}

static void start_node_t(cb_html_ctx *c, const char *name, const cb_node *n, const char *cls,
                         const char *taken) {
  start(c, name);
  node_attrs_t(c, name, n, cls, taken);
}

static void start_node(cb_html_ctx *c, const char *name, const cb_node *n, const char *cls) {
  start_node_t(c, name, n, cls, NULL);
}

/* ==== text ================================================================================== */

typedef struct seg_state {
  cb_html_ctx *c;
  const char *open_lang; /* lang of the <span> open, or NULL */
} seg_state;

static const char *seg_lang(const cb_html_ctx *c, cb_script s) {
  if (s != CB_SCRIPT_LATIN && s != CB_SCRIPT_MYANMAR) return NULL;
  const char *l = cb_script_lang(s);
  if (!l || !c->lang) return NULL;
  /* "my-MM" is still Burmese: compare the primary subtag. */
  size_t n = strcspn(c->lang, "-_");
  return (strlen(l) == n && strncmp(l, c->lang, n) == 0) ? NULL : l;
}

static void seg_fn(const cb_seg *seg, void *ud) {
  seg_state *st = ud;
  cb_html_ctx *c = st->c;
  if (seg->kind == CB_SEG_BREAK) {
    raw(c, "\xE2\x80\x8B", 3); /* U+200B ZERO WIDTH SPACE */
    return;
  }
  /* Emoji and script-neutral runs (spaces, digits, punctuation) stay in the open span. */
  const char *want = seg->kind == CB_SEG_TEXT && seg->script != CB_SCRIPT_COMMON
                         ? seg_lang(c, seg->script)
                         : st->open_lang;
  if (want != st->open_lang && !(want && st->open_lang && strcmp(want, st->open_lang) == 0)) {
    if (st->open_lang) end(c);
    st->open_lang = NULL;
    if (want) {
      start(c, "span");
      lang_attr(c, want);
      st->open_lang = want;
    }
  }
  text(c, seg->s, seg->len);
}

static bool has_latin_letter(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] | 0x20) >= 'a' && ((unsigned char)s[i] | 0x20) <= 'z') return true;
  return false;
}

int cb_html_write_text(cb_html_ctx *c, const char *s, size_t len) {
  if (!s || !len) return c->err;
  if (!cb_text_needs_segmenting(s, len)) {
    /* No Myanmar, no emoji: a Latin run at most.  Mark it when the document is not English. */
    const char *l = has_latin_letter(s, len) ? seg_lang(c, CB_SCRIPT_LATIN) : NULL;
    if (l) {
      start(c, "span");
      lang_attr(c, l);
    }
    text(c, s, len);
    if (l) end(c);
    return c->err;
  }
  seg_state st = {c, NULL};
  cb_text_segments(s, len, c->break_hints ? CB_SEG_WANT_BREAKS : 0, seg_fn, &st);
  if (st.open_lang) end(c);
  return c->err;
}

/* ==== images ================================================================================ */

static const char *data_uri(cb_html_ctx *c, const char *path, const char *mime) {
  size_t len = 0;
  char *data = cb_file_read(path, &len);
  if (!data) return NULL;
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t prefix = strlen(mime) + 13;
  char *out = cb_alloc(c->scratch, prefix + (len + 2) / 3 * 4 + 1);
  int k = snprintf(out, prefix + 1, "data:%s;base64,", mime);
  char *o = out + k;
  const unsigned char *p = (const unsigned char *)data;
  size_t i = 0;
  for (; i + 2 < len; i += 3) {
    uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
    *o++ = b64[v >> 18];
    *o++ = b64[(v >> 12) & 63];
    *o++ = b64[(v >> 6) & 63];
    *o++ = b64[v & 63];
  }
  if (i < len) {
    uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < len ? (uint32_t)p[i + 1] << 8 : 0);
    *o++ = b64[v >> 18];
    *o++ = b64[(v >> 12) & 63];
    *o++ = i + 1 < len ? b64[(v >> 6) & 63] : '=';
    *o++ = '=';
  }
  *o = '\0';
  free(data);
  return out;
}

/* A visible stand-in for an image that cannot be shown: its alt text, and for a remote image
 * its URL as a link (as text inside a link). */
static void image_placeholder(cb_html_ctx *c, const cb_node *n, const char *url) {
  bool no_alt = !n->as.link.alt || !*n->as.link.alt;
  start(c, "span");
  /* (--no-alt: the word "image" stands for an image without alt text) */
  attr(c, "class", no_alt ? "image-placeholder image-placeholder--no-alt" : "image-placeholder");
  /* Plain visible text (not role="img"): it may hold a link, and it is read as is. */
  const char *alt = no_alt ? "image" : n->as.link.alt;
  cb_html_write_text(c, alt, strlen(alt));
  if (url && cb_url_is_safe(url)) {
    /* inside a link (an image that links somewhere) the URL is text: links do not nest */
    textz(c, " ");
    start(c, c->in_link ? "span" : "a");
    if (!c->in_link) url_attr(c, "href", url);
    attr(c, "class", "image-placeholder__url");
    textz(c, url);
    end(c);
  }
  end(c);
}

/* The src for an image node, with a warning when there is none: local files through
 * c->image_src or as a data: URI.  *remote is set for a URL that is not fetched. */
static const char *resolve_image(cb_html_ctx *c, const cb_node *n, bool *remote) {
  const char *url = n->as.link.url;
  const char *path = NULL;
  cb_url_kind kind = cb_book_resolve_url(c->book, c->chapter, url, c->scratch, &path);
  const char *src = NULL;
  *remote = false;
  switch (kind) {
  case CB_URL_LOCAL: {
    if (c->image_src) {
      src = c->image_src(c->image_ud, n, c->chapter, path);
    } else {
      const char *mime = cb_media_type(path);
      if (!mime || strncmp(mime, "image/", 6) != 0)
        cb_warn(c->diag, n->pos, "image %s: not a known image type; shown as its alt text", url);
      else if (!(src = data_uri(c, path, mime)))
        cb_warn(c->diag, n->pos, "image %s: cannot read %s; shown as its alt text", url, path);
    }
    break;
  }
  case CB_URL_REMOTE:
    cb_warn(c->diag, n->pos,
            "remote image %s not embedded (no network access); shown as its alt text", url);
    *remote = true;
    return NULL;
  case CB_URL_OUTSIDE:
    cb_warn(c->diag, n->pos, "image %s refused: it is outside the course root", url);
    break;
  case CB_URL_MISSING:
  case CB_URL_FRAGMENT:
    cb_warn(c->diag, n->pos, "image %s not found; shown as its alt text", url ? url : "");
    break;
  }
  return src;
}

/* <img/> (or its placeholder) for an IMAGE or FIGURE node. */
static void write_image(cb_html_ctx *c, const cb_node *n, bool with_attrs) {
  bool remote;
  const char *src = resolve_image(c, n, &remote);
  if (!src) {
    image_placeholder(c, n, remote ? n->as.link.url : NULL);
    return;
  }
  start(c, "img");
  if (with_attrs) node_attrs_t(c, "img", n, NULL, n->as.link.title ? "src alt title" : "src alt");
  url_attr(c, "src", src);
  attr(c, "alt", n->as.link.alt ? n->as.link.alt : "");
  if (n->as.link.title) attr(c, "title", n->as.link.title);
  end_void(c);
}

/* ==== links ================================================================================= */

static const char *fragment_href(cb_html_ctx *c, const cb_node *target) {
  const char *id = cb_html_id_of(c->ids, target);
  if (!id) return NULL;
  const char *h = c->href_for_id ? c->href_for_id(c->href_ud, id, target) : NULL;
  return h ? h : cb_sprintf(c->scratch, "#%s", id);
}

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f') return (ch | 0x20) - 'a' + 10;
  return -1;
}

/* "#%E1%80%80…" as browsers resolve it: the percent-decoded id (Burmese ids in links). */
static const char *pct_decode(cb_arena *a, const char *s) {
  char *out = cb_alloc(a, strlen(s) + 1), *o = out;
  for (const char *p = s; *p; p++) {
    int hi = p[0] == '%' ? hexval(p[1]) : -1, lo = hi >= 0 ? hexval(p[2]) : -1;
    if (lo >= 0 && (hi || lo)) { /* never decode to NUL */
      *o++ = (char)(hi * 16 + lo);
      p += 2;
    } else {
      *o++ = *p;
    }
  }
  *o = '\0';
  return out;
}

/* A URL with no scheme, or one of the registered schemes a book links to. */
static bool known_scheme(const char *u) {
  size_t k = 0;
  while (u[k] && u[k] != ':' && u[k] != '/' && u[k] != '?' && u[k] != '#')
    k++;
  if (u[k] != ':') return true;
  static const char *const ok[] = {"http", "https", "mailto", "ftp", "tel", "data",
                                   "urn",  "news",  "irc",    "geo", "sms", NULL};
  for (const char *const *p = ok; *p; p++)
    if (strlen(*p) == k && strncasecmp(u, *p, k) == 0) return true;
  return false;
}

/* Where a link written as url goes in this output: an anchor of the book (in the EPUB, in the
 * document that holds it), a site-relative URL made absolute with the site's address, else as
 * written; NULL in the EPUB for a relative URL that names nothing in it (a link there must
 * resolve: epubcheck), which the caller writes as text. */
static const char *link_href(cb_html_ctx *c, const char *url, cb_pos pos) {
  if (url[0] == '#' && url[1]) {
    const cb_node *t = cb_html_node_for_id(c->ids, url + 1);
    if (!t && strchr(url, '%')) t = cb_html_node_for_id(c->ids, pct_decode(c->scratch, url + 1));
    const char *h = t ? fragment_href(c, t) : NULL;
    if (!h) cb_warn(c->diag, pos, "link to %s: no element has that id", url);
    /* a dangling fragment is harmless in a web page, an error in an EPUB (epubcheck) */
    return h ? h : c->xhtml ? NULL : url;
  }
  const char *href = cb_link_resolve(c->scratch, c->chapter, url);
  if (!cb_url_has_host(href)) { /* `https:://x`: no page, and no valid document either */
    cb_warn(c->diag, pos, "link to %s: no host after the scheme; its text is kept", url);
    return NULL;
  }
  size_t sk = 0; /* `mailto:` and nothing else (`mailto:{{ site.email }}` with no address) */
  while (isalnum((unsigned char)href[sk]) || href[sk] == '+' || href[sk] == '.' || href[sk] == '-')
    sk++;
  if (sk && href[sk] == ':' && !href[sk + 1]) {
    cb_warn(c->diag, pos, "link to %s: nothing after the scheme; its text is kept", url);
    return NULL;
  }
  if (c->xhtml && *href && href[0] != '#' && !cb_url_is_absolute(href)) {
    cb_warn(c->diag, pos, "link to %s: relative, and nothing in the book; its text is kept", url);
    return NULL;
  }
  if (c->xhtml && !known_scheme(href)) { /* `htts://`: epubcheck warns (HTM-025) */
    cb_warn(c->diag, pos, "link to %s: not a known URL scheme; its text is kept", url);
    return NULL;
  }
  return href;
}

/* The sanitiser's hook for href in raw HTML: the same rule as for links. */
static const char *raw_href(void *ud, const char *href, cb_pos pos) {
  return link_href(ud, href, pos);
}

static void start_link(cb_html_ctx *c, const cb_node *n) {
  const char *url = n->as.link.url ? n->as.link.url : "";
  const char *href = cb_url_is_safe(url) ? link_href(c, url, n->pos) : NULL;
  if (!href) {
    if (!cb_url_is_safe(url)) cb_warn(c->diag, n->pos, "unsafe link URL dropped (%.40s)", url);
    start_node(c, "span", n, NULL);
    c->in_link++; /* balanced by leave() */
    return;
  }
  start(c, "a");
  url_attr(c, "href", href);
  if (n->as.link.title) attr(c, "title", n->as.link.title);
  node_attrs_t(c, "a", n, NULL, n->as.link.title ? "href title" : "href");
  c->in_link++;
}

/* ==== semantic blocks ====================================================================== */

static const char *video_label(cb_html_ctx *c, const cb_node *n) {
  const char *name = cb_video_provider_name(n->as.video.provider);
  long t = n->as.video.start;
  if (t > 0) return cb_sprintf(c->scratch, "%s video (from %ld:%02ld)", name, t / 60, t % 60);
  return cb_sprintf(c->scratch, "%s video", name);
}

static void write_video(cb_html_ctx *c, const cb_node *n) {
  const char *key = cb_video_provider_key(n->as.video.provider);
  const char *watch = cb_video_watch_url(c->scratch, n);
  const char *label = video_label(c, n);
  if (c->embed_video) {
    start_node(c, "div", n, cb_sprintf(c->scratch, "video-embed video-embed--%s", key));
    start(c, "iframe");
    url_attr(c, "src", cb_video_embed_url(c->scratch, n));
    attr(c, "title", label);
    attr(c, "allowfullscreen", "allowfullscreen");
    attr(c, "loading", "lazy");
    end(c);
    /* The watch link stays under the player: it is what a printout shows. */
    start(c, "p");
    attr(c, "class", "video-embed__link");
    start(c, "a");
    url_attr(c, "href", watch);
    textz(c, watch);
    end(c);
    end(c);
    end(c);
    nl(c);
    return;
  }
  start_node_t(c, "div", n, cb_sprintf(c->scratch, "video-card video-card--%s", key),
               "role aria-label");
  attr(c, "role", "group");
  attr(c, "aria-label", label);
  cb_qr qr;
  if (cb_qr_encode(watch, &qr)) {
    cb_buf_clear(&c->tmp);
    cb_qr_svg(&c->tmp, &qr, cb_sprintf(c->scratch, "QR code: %s", watch), "video-card__qr");
    /* Our own generator's output: well-formed, escaped, polyglot. */
    chk(c, xmlTextWriterWriteRawLen(c->w, X(c->tmp.data), (int)c->tmp.len));
    cb_qr_free(&qr);
  }
  start(c, "div");
  attr(c, "class", "video-card__body");
  start(c, "p");
  attr(c, "class", "video-card__provider");
  cb_html_write_text(c, label, strlen(label));
  end(c);
  start(c, "p");
  attr(c, "class", "video-card__link");
  start(c, "a");
  url_attr(c, "href", watch);
  attr(c, "class", "video-card__url");
  textz(c, watch);
  end(c);
  end(c);
  end(c);
  end(c);
  nl(c);
}

/* Headings for the contents list, in document order (one walk of the chapter). */
int cb_html_write_toc_list(cb_html_ctx *c, const cb_node *chapter) {
  struct {
    int level;
    bool sub; /* a nested <ul> is open inside this <li> */
  } stack[8];
  int depth = 0;
  bool any = false;
  cb_iter it;
  const cb_node *n;
  cb_event ev;
  cb_iter_init(&it, chapter);
  while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE) {
    if (ev != CB_EVENT_ENTER) continue;
    if (n->type == CB_NODE_FOOTNOTE_DEF) {
      cb_iter_skip(&it);
      continue;
    }
    if (n->type != CB_NODE_HEADING) continue;
    cb_iter_skip(&it);
    const char *id = cb_html_id_of(c->ids, n);
    if (!id || n->as.heading.no_toc) continue;
    int level = n->as.heading.level < 1 ? 1 : n->as.heading.level > 6 ? 6 : n->as.heading.level;
    /* kramdown's rule: an entry nests under the nearest preceding entry of a smaller level. */
    while (depth > 0 && stack[depth - 1].level >= level) {
      if (stack[depth - 1].sub) end(c); /* </ul> */
      end(c);                           /* </li> */
      depth--;
    }
    if (!any) {
      start(c, "ul");
      attr(c, "class", "toc__menu");
      any = true;
    } else if (depth > 0 && !stack[depth - 1].sub) {
      start(c, "ul");
      stack[depth - 1].sub = true;
    }
    start(c, "li");
    stack[depth].level = level;
    stack[depth].sub = false;
    depth++;
    start(c, "a");
    url_attr(c, "href", fragment_href(c, n));
    const char *t = cb_node_plain_text(c->scratch, n);
    cb_html_write_text(c, t, strlen(t));
    end(c);
  }
  while (depth > 0) {
    if (stack[depth - 1].sub) end(c);
    end(c);
    depth--;
  }
  if (any) end(c);
  return c->err;
}

int cb_html_write_toc(cb_html_ctx *c, const cb_node *chapter, const char *title) {
  const char *t = title && *title ? title : "Contents";
  start(c, "nav");
  attr(c, "class", "toc");
  attr(c, "aria-label", t);
  start(c, "p");
  attr(c, "class", "toc__title");
  cb_html_write_text(c, t, strlen(t));
  end(c);
  cb_html_write_toc_list(c, chapter);
  end(c);
  nl(c);
  return c->err;
}

/* ==== footnotes ============================================================================= */

static bool note_seen(cb_html_ctx *c, int number) {
  if (number < 1) return true;
  size_t k = (size_t)number;
  if (k >= c->note_refs_cap) {
    size_t cap = c->note_refs_cap ? c->note_refs_cap : 16;
    while (cap <= k)
      cap *= 2;
    c->note_refs = cb_xrealloc(c->note_refs, cap * sizeof *c->note_refs);
    memset(c->note_refs + c->note_refs_cap, 0, (cap - c->note_refs_cap) * sizeof *c->note_refs);
    c->note_refs_cap = cap;
  }
  if (c->note_refs[k]) return true;
  c->note_refs[k] = 1;
  return false;
}

static void write_footnote_ref(cb_html_ctx *c, const cb_node *n) {
  const cb_node *def = n->as.footnote.def;
  if (!def) {
    cb_warn(c->diag, n->pos, "footnote [^%s] has no definition",
            n->as.footnote.label ? n->as.footnote.label : "");
    cb_html_write_text(c, "[^", 2);
    textz(c, n->as.footnote.label);
    textz(c, "]");
    return;
  }
  if (!note_seen(c, def->as.footnote.number)) {
    cb_html_note *nt = cb_alloc(c->scratch, sizeof *nt);
    nt->def = def;
    if (c->notes_last)
      c->notes_last->next = nt;
    else
      c->notes_first = nt;
    c->notes_last = nt;
  }
  start(c, "sup");
  const char *id = cb_html_id_of(c->ids, n);
  if (id) attr(c, "id", id);
  start(c, "a");
  const char *href = fragment_href(c, def);
  url_attr(c, "href", href);
  attr(c, "class", "footnote");
  attr(c, "role", "doc-noteref");
  if (c->xhtml) attr(c, "epub:type", "noteref");
  char num[24];
  snprintf(num, sizeof num, "%d", def->as.footnote.number);
  textz(c, num);
  end(c);
  end(c);
}

/* Back-links from a note to each of its references (found by walking the book once per
 * note would be quadratic; refs are found from the ids registry by their kramdown ids). */
static void write_backlinks(cb_html_ctx *c, const cb_node *def) {
  const char *lab = note_label(c->scratch, def);
  for (unsigned k = 1;; k++) {
    const char *asked = k == 1 ? cb_sprintf(c->scratch, "fnref:%s", lab)
                               : cb_sprintf(c->scratch, "fnref:%s:%u", lab, k);
    const cb_node *ref = cb_html_node_for_id(c->ids, asked);
    if (!ref || ref->type != CB_NODE_FOOTNOTE_REF || ref->as.footnote.def != def) break;
    textz(c, " ");
    start(c, "a");
    url_attr(c, "href", fragment_href(c, ref));
    attr(c, "class", "reversefootnote");
    attr(c, "role", "doc-backlink");
    attr(c, "aria-label", "Back to the text");
    textz(c, "\xE2\x86\xA9\xEF\xB8\x8E"); /* ↩ as text, not emoji */
    end(c);
  }
}

static int write_range(cb_html_ctx *c, const cb_node *first, const cb_node *last);

int cb_html_write_footnotes(cb_html_ctx *c) {
  if (!c->notes_first) return c->err;
  if (c->xhtml) {
    start(c, "section");
    attr(c, "class", "footnotes");
    attr(c, "epub:type", "footnotes");
    attr(c, "role", "doc-endnotes");
  } else {
    start(c, "div");
    attr(c, "class", "footnotes");
    attr(c, "role", "doc-endnotes");
    start(c, "ol");
  }
  nl(c);
  int expect = 0;
  /* Notes referenced from inside notes are appended while we walk: the loop picks them up. */
  for (cb_html_note *nt = c->notes_first; nt; nt = nt->next) {
    const cb_node *def = nt->def;
    int num = def->as.footnote.number;
    start(c, c->xhtml ? "aside" : "li");
    const char *id = cb_html_id_of(c->ids, def);
    if (id) attr(c, "id", id);
    if (c->xhtml) {
      attr(c, "epub:type", "footnote");
      attr(c, "role", "doc-footnote"); /* the role ARIA in HTML allows on <aside> */
    } else if (num != expect + 1) {
      char v[24];
      snprintf(v, sizeof v, "%d", num);
      attr(c, "value", v);
    }
    expect = num;
    if (c->xhtml) {
      char v[24];
      snprintf(v, sizeof v, "%d. ", num);
      start(c, "span");
      attr(c, "class", "footnote__number");
      textz(c, v);
      end(c);
    }
    c->backlink_def = def;
    c->backlink_para = def->last && def->last->type == CB_NODE_PARAGRAPH ? def->last : NULL;
    if (def->first) write_range(c, def->first, NULL);
    if (!c->backlink_para) write_backlinks(c, def);
    c->backlink_def = c->backlink_para = NULL;
    end(c);
    nl(c);
  }
  if (!c->xhtml) end(c); /* </ol> */
  end(c);
  nl(c);
  c->notes_first = c->notes_last = NULL;
  return c->err;
}

/* ==== title block =========================================================================== */

static const char *meta_text(cb_arena *a, const cb_meta *m) {
  if (!m) return NULL;
  if (m->type == CB_META_DATE) {
    const cb_date *d = &m->date;
    return cb_sprintf(a, "%04d-%02d-%02d", d->year, d->month, d->day);
  }
  return m->str && *m->str ? m->str : NULL;
}

/* A list (or a single scalar) as "a, b, c", empty items skipped; NULL if nothing is left. */
static const char *meta_join(cb_arena *a, const cb_meta *m, size_t *count) {
  *count = 0;
  if (!m) return NULL;
  if (m->type != CB_META_LIST) {
    const char *s = meta_text(a, m);
    *count = s ? 1 : 0;
    return s;
  }
  cb_buf b = CB_BUF_INIT;
  for (const cb_meta *i = m->first; i; i = i->next) {
    const char *s = i->type == CB_META_MAP ? cb_meta_str(i, "name") : meta_text(a, i);
    if (!s) continue;
    if (b.len) cb_buf_puts(&b, ", ");
    cb_buf_puts(&b, s);
    (*count)++;
  }
  const char *r = b.len ? cb_strndup(a, b.data, b.len) : NULL;
  cb_buf_free(&b);
  return r;
}

static void detail(cb_html_ctx *c, const char *cls, const char *label, const char *value) {
  if (!value) return;
  start(c, "dt");
  attr(c, "class", cls);
  cb_html_write_text(c, label, strlen(label));
  end(c);
  start(c, "dd");
  attr(c, "class", cls);
  cb_html_write_text(c, value, strlen(value));
  end(c);
}

static void date_detail(cb_html_ctx *c, const char *cls, const char *label, const cb_meta *m) {
  const char *s = meta_text(c->scratch, m);
  if (!s) return;
  start(c, "dt");
  attr(c, "class", cls);
  cb_html_write_text(c, label, strlen(label));
  end(c);
  start(c, "dd");
  attr(c, "class", cls);
  if (m->type == CB_META_DATE) {
    start(c, "time");
    attr(c, "datetime", s);
    textz(c, s);
    end(c);
  } else {
    cb_html_write_text(c, s, strlen(s));
  }
  end(c);
}

int cb_html_write_title_block(cb_html_ctx *c, const cb_course_info *ci) {
  cb_arena *a = c->scratch;
  const char *title = ci->title;
  start(c, "header");
  attr(c, "class", "title-block");
  nl(c);
  if (title) {
    start(c, "h1");
    attr(c, "class", "title-block__title");
    cb_html_write_text(c, title, strlen(title));
    end(c);
    nl(c);
  }
  const char *excerpt = ci->excerpt;
  if (excerpt) {
    start(c, "p");
    attr(c, "class", "title-block__excerpt");
    cb_html_write_text(c, excerpt, strlen(excerpt));
    end(c);
    nl(c);
  }
  size_t n_creators, n_pub, n;
  const char *creators = meta_join(a, ci->creators, &n_creators);
  const char *publishers = meta_join(a, ci->publishers, &n_pub);
  const cb_meta *date = ci->date;
  const cb_meta *modified = ci->modified;
  const char *difficulty = meta_join(a, ci->difficulty, &n);
  const char *audience = meta_join(a, ci->audience, &n);
  const char *lic = ci->license;
  const cb_meta *tags = ci->tags;

  start(c, "dl");
  attr(c, "class", "title-block__details");
  detail(c, "creator", n_creators > 1 ? "Authors" : "Author", creators);
  detail(c, "publisher", n_pub > 1 ? "Publishers" : "Publisher", publishers);
  date_detail(c, "date", "Published", date);
  date_detail(c, "modified", "Updated", modified);
  detail(c, "difficulty", "Difficulty", difficulty);
  detail(c, "audience", "Audience", audience);
  if (lic) {
    const cb_license *l = ci->license_known;
    start(c, "dt");
    attr(c, "class", "license");
    cb_html_write_text(c, "Licence", 7);
    end(c);
    start(c, "dd");
    attr(c, "class", "license");
    if (l) {
      start(c, "a");
      url_attr(c, "href", l->url);
      attr(c, "rel", "license");
      cb_html_write_text(c, l->name, strlen(l->name));
      end(c);
    } else {
      cb_html_write_text(c, lic, strlen(lic));
    }
    end(c);
  }
  size_t n_tags = 0;
  if (tags) meta_join(a, tags, &n_tags);
  if (n_tags) {
    start(c, "dt");
    attr(c, "class", "tags");
    cb_html_write_text(c, "Tags", 4);
    end(c);
    start(c, "dd");
    attr(c, "class", "tags");
    start(c, "ul");
    attr(c, "class", "tags__list");
    for (const cb_meta *t = tags->type == CB_META_LIST ? tags->first : tags; t;
         t = tags->type == CB_META_LIST ? t->next : NULL) {
      const char *s = meta_text(a, t);
      if (!s) continue;
      start(c, "li");
      cb_html_write_text(c, s, strlen(s));
      end(c);
    }
    end(c);
    end(c);
  }
  end(c); /* dl */
  nl(c);
  end(c); /* header */
  nl(c);
  return c->err;
}

/* ==== the walk ============================================================================== */

/* A task list item's check box (1 to do, 2 done): text a reader sees, not a form control. */
static void task_box(cb_html_ctx *c, int task) {
  start(c, "span");
  attr(c, "class", "task-list-item__box");
  attr(c, "role", "img");
  attr(c, "aria-label", task == 2 ? "done" : "to do");
  textz(c, task == 2 ? "\xE2\x98\x91 " : "\xE2\x98\x90 "); /* ☑ ☐ */
  end(c);
}

static bool tight_item_para(const cb_node *n) {
  const cb_node *item = n->parent;
  if (item && (item->type == CB_NODE_ITEM || item->type == CB_NODE_DEF_DESC) &&
      item->as.item.para) /* decided per item */
    return item->as.item.para == 1 && n == item->first;
  return item && item->type == CB_NODE_ITEM && item->parent && item->parent->type == CB_NODE_LIST &&
         item->parent->as.list.tight;
}

static const char *align_style(cb_align a) {
  switch (a) {
  case CB_ALIGN_LEFT: return "text-align: left";
  case CB_ALIGN_CENTER: return "text-align: center";
  case CB_ALIGN_RIGHT: return "text-align: right";
  default: return NULL;
  }
}

/* <img src> inside raw HTML resolves like a Markdown image (embedded, packaged, or refused). */
static const char *raw_img_src(void *ud, const char *src, const char *alt, cb_pos pos) {
  cb_html_ctx *c = ud;
  cb_node *img = cb_node_new(c->scratch, CB_NODE_IMAGE, pos);
  img->as.link.url = cb_strdup(c->scratch, src);
  img->as.link.alt = cb_strdup(c->scratch, alt);
  bool remote;
  if (strncmp(src, "data:", 5) == 0) return src; /* already inline (an image type: checked) */
  return resolve_image(c, img, &remote);
}

/* Raw inline HTML tags: opening, closing, or other (void, comment, several tags). */
enum { TAG_OTHER = CB_TAG_OTHER, TAG_OPEN = CB_TAG_OPEN, TAG_CLOSE = CB_TAG_CLOSE };
enum { PAIR_SEARCH_LIMIT = 256 };

/* An inline HTML node as one tag (see html_tag.h); `</br>` counts as a closing tag. */
static int tag_kind(const cb_node *n, char name[16]) {
  name[0] = '\0';
  if (n->type != CB_NODE_HTML_INLINE || !n->text) return TAG_OTHER;
  int k = cb_html_tag_kind(n->text, n->text_len, name);
  return k == CB_TAG_VOID_CLOSE ? TAG_CLOSE : k;
}

static int heading_out_level(cb_html_ctx *c, int l);

static bool raw_claim_id(void *ud, const char *id) {
  return cb_html_ids_claim(((cb_html_ctx *)ud)->ids, id);
}

static int raw_heading_level(void *ud, int level) {
  return heading_out_level((cb_html_ctx *)ud, level);
}

static void sanitize_raw(cb_html_ctx *c, const char *html, size_t len, bool phrasing, cb_buf *out,
                         cb_pos pos) {
  cb_html_san_hooks h = {raw_img_src, raw_href, raw_claim_id, raw_heading_level, c, phrasing};
  cb_html_sanitize_hooks(html, len, c->xhtml, out, c->diag, pos, &h);
}

/* Is raw inline HTML at n in phrasing content: inside a span-level node, or right in a
 * paragraph written as a <p> or in a heading (a tight item's text and a cell take blocks)? */
static bool in_phrasing(const cb_html_ctx *c, const cb_node *n) {
  const cb_node *p = n->parent;
  if (c->in_raw_phrasing) return true; /* inside a raw <strong>…</strong> pair */
  if (p && (p->type == CB_NODE_EMPH || p->type == CB_NODE_STRONG ||
            p->type == CB_NODE_STRIKETHROUGH || p->type == CB_NODE_LINK || p->type == CB_NODE_ABBR))
    return true;
  return p && (p->type == CB_NODE_HEADING || (p->type == CB_NODE_PARAGRAPH && !tight_item_para(p)));
}

static void write_raw_html(cb_html_ctx *c, const cb_node *n) {
  if (!n->text || !n->text_len) return;
  char name[16];
  if (c->in_link && tag_kind(n, name) != TAG_OTHER && strcmp(name, "a") == 0)
    return; /* a link's tag inside a link: HTML forbids the nesting; the text stays */
  /* Raw content for another format ({::nomarkdown type="latex"}) is not HTML. */
  const char *type = cb_attrs_get(&n->attrs, "type");
  if (type && strcmp(type, "html") != 0) return;
  cb_buf b = CB_BUF_INIT; /* not c->tmp: text() reuses that one */
  sanitize_raw(c, n->text, n->text_len, n->type == CB_NODE_HTML_INLINE && in_phrasing(c, n), &b,
               n->pos);
  raw(c, b.data, b.len);
  cb_buf_free(&b);
}

/* Per-walk table state: which row group is open, and the column of the next cell. */
typedef struct walk {
  int part; /* 0 none, 1 thead, 2 tbody */
  int col;
} walk;

/* Math stays TeX source (no MathML): shown as text, and named as math for assistive tech. */
static void write_math(cb_html_ctx *c, const cb_node *n, const char *tag, const char *cls) {
  start_node_t(c, tag, n, cls, "role aria-label");
  attr(c, "role", "math");
  attr(c, "aria-label", n->text ? n->text : "");
  text(c, n->text ? n->text : "", n->text ? n->text_len : 0);
  end(c);
}

/* The level to write for a heading of source level l: never more than one below the enclosing
 * heading (the page title counts as level 1), so h2 then h4 is written h2, h3 while the
 * nesting stays the author's.  Siblings keep equal levels. */
static int heading_out_level(cb_html_ctx *c, int l) {
  while (c->head_depth > 0 && c->head_src[c->head_depth - 1] >= l)
    c->head_depth--;
  int parent = c->head_depth > 0 ? c->head_out[c->head_depth - 1] : 1;
  int out = l < parent + 1 ? l : parent + 1;
  if (c->head_depth < 7) {
    c->head_src[c->head_depth] = l;
    c->head_out[c->head_depth] = out;
    c->head_depth++;
  }
  return out;
}

/* A container's element: the author's, except a details without its summary first (HTML
 * requires one; the text of a summary cannot be made up) and a figcaption that is not a
 * figure's first or last child (HTML allows it nowhere else), which are divs. */
static const char *div_element(const cb_node *n) {
  const char *t = n->as.div.tag ? n->as.div.tag : "div";
  if (strcmp(t, "figcaption") == 0) {
    const cb_node *f = n->parent;
    bool in_figure = f && f->type == CB_NODE_DIV && f->as.div.tag &&
                     strcmp(f->as.div.tag, "figure") == 0 && (f->first == n || f->last == n);
    return in_figure ? t : "div";
  }
  if (strcmp(t, "details") == 0) {
    const cb_node *f = n->first;
    const char *h = f && f->type == CB_NODE_HTML_BLOCK && f->text ? f->text : "";
    while (*h == ' ' || *h == '\t' || *h == '\n')
      h++;
    if (!ieq_prefix(h, "<summary")) return "div";
  }
  return t;
}

static void enter(cb_html_ctx *c, cb_iter *it, const cb_node *n, walk *ws) {
  char buf[32];
  switch (n->type) {
  case CB_NODE_CHAPTER: break;
  case CB_NODE_PARAGRAPH: {
    const cb_node *li = n->parent;
    int box = li && li->type == CB_NODE_ITEM && li->first == n ? li->as.item.task : 0;
    if (box == 3) box = 0; /* (a task list's item with no box of its own) */
    if (tight_item_para(n) && !n->attrs.id && !n->attrs.classes && !n->attrs.kvs &&
        n != c->backlink_para) {
      if (box) task_box(c, box);
      break;
    }
    start_node(c, "p", n, NULL);
    if (box) task_box(c, box);
    break;
  }
  case CB_NODE_HEADING: {
    int l = n->as.heading.level < 1 ? 1 : n->as.heading.level > 6 ? 6 : n->as.heading.level;
    l = heading_out_level(c, l);
    snprintf(buf, sizeof buf, "h%d", l);
    start_node(c, buf, n, NULL);
    break;
  }
  case CB_NODE_BLOCKQUOTE: start_node(c, "blockquote", n, NULL); break;
  case CB_NODE_LIST:
    start_node_t(c, n->as.list.ordered ? "ol" : "ul", n, NULL, "start");
    if (n->as.list.ordered && n->as.list.start != 1) {
      snprintf(buf, sizeof buf, "%d", n->as.list.start);
      attr(c, "start", buf);
    }
    nl(c);
    break;
  case CB_NODE_ITEM:
    start_node(c, "li", n, n->as.item.task ? "task-list-item" : NULL);
    /* the box goes in the item's first paragraph when there is one (as kramdown writes it) */
    if ((n->as.item.task == 1 || n->as.item.task == 2) &&
        !(n->first && n->first->type == CB_NODE_PARAGRAPH))
      task_box(c, n->as.item.task);
    break;
  case CB_NODE_CODE_BLOCK:
    start_node(c, "pre", n, NULL);
    start(c, "code");
    /* A class token may hold anything but whitespace (c++, objective-c, …). */
    if (n->as.code.lang && *n->as.code.lang && !strpbrk(n->as.code.lang, " \t\n\r\f"))
      attr(c, "class", cb_sprintf(c->scratch, "language-%s", n->as.code.lang));
    text(c, n->text ? n->text : "", n->text ? n->text_len : 0);
    end(c);
    end(c);
    nl(c);
    break;
  case CB_NODE_HTML_BLOCK:
    write_raw_html(c, n);
    nl(c);
    break;
  case CB_NODE_THEMATIC_BREAK:
    start_node(c, "hr", n, NULL);
    end_void(c);
    nl(c);
    break;
  case CB_NODE_TABLE:
    start_node(c, "table", n, NULL);
    nl(c);
    ws->part = 0;
    break;
  case CB_NODE_TABLE_ROW: {
    int want = n->as.row.header ? 1 : 2;
    if (ws->part != want || (want == 2 && n->as.row.group)) {
      if (ws->part) end(c);
      start(c, want == 1 ? "thead" : "tbody");
      ws->part = want;
    }
    ws->col = 0;
    start_node(c, "tr", n, NULL);
    break;
  }
  case CB_NODE_TABLE_CELL: {
    bool head = n->parent && n->parent->as.row.header;
    start_node(c, head ? "th" : "td", n, NULL);
    cb_align al = n->as.cell.align;
    int col = ws->col++;
    if (al == CB_ALIGN_NONE && n->parent && n->parent->parent &&
        n->parent->parent->type == CB_NODE_TABLE) {
      /* Fall back to the column's alignment. */
      const cb_node *tbl = n->parent->parent;
      if (col < tbl->as.table.columns && tbl->as.table.aligns) al = tbl->as.table.aligns[col];
    }
    if (!cb_attrs_get(&n->attrs, "style")) attr(c, "style", align_style(al));
    break;
  }
  case CB_NODE_NOTICE: {
    cb_notice_kind k = n->as.notice.kind;
    const char *cls =
        k == CB_NOTICE_PLAIN ? "notice" : cb_sprintf(c->scratch, "notice %s", cb_notice_class(k));
    start_node_t(c, "div", n, cls, "role");
    attr(c, "role", "note");
    nl(c);
    break;
  }
  case CB_NODE_VIDEO: write_video(c, n); break;
  case CB_NODE_TOC:
    cb_html_write_toc(c, c->chapter ? c->chapter : n->parent, n->as.toc.title);
    break;
  case CB_NODE_FIGURE:
    start_node(c, "figure", n, NULL);
    write_image(c, n, false);
    if (n->first) {
      start(c, "figcaption");
    } else {
      cb_iter_skip(it);
      end(c);
      nl(c);
    }
    break;
  case CB_NODE_MATH_BLOCK:
    write_math(c, n, "div", "math math--display");
    nl(c);
    break;
  case CB_NODE_FOOTNOTE_DEF:
    /* Written in the footnotes section, after the text that refers to it. */
    cb_iter_skip(it);
    break;
  case CB_NODE_DEF_LIST:
    start_node(c, "dl", n, NULL);
    nl(c);
    break;
  case CB_NODE_DEF_TERM: start_node(c, "dt", n, NULL); break;
  case CB_NODE_DEF_DESC: start_node(c, "dd", n, NULL); break;
  case CB_NODE_DIV:
    start_node(c, div_element(n), n, NULL);
    nl(c);
    break;
  case CB_NODE_TEXT: cb_html_write_text(c, n->text, n->text_len); break;
  case CB_NODE_SOFTBREAK: raw(c, "\n", 1); break;
  case CB_NODE_LINEBREAK:
    start(c, "br");
    end_void(c);
    raw(c, "\n", 1);
    break;
  case CB_NODE_CODE:
    start_node(c, "code", n, NULL);
    text(c, n->text ? n->text : "", n->text ? n->text_len : 0);
    end(c);
    break;
  case CB_NODE_HTML_INLINE: write_raw_html(c, n); break;
  case CB_NODE_EMPH: start_node(c, "em", n, NULL); break;
  case CB_NODE_STRONG: start_node(c, "strong", n, NULL); break;
  case CB_NODE_STRIKETHROUGH: start_node(c, "del", n, NULL); break;
  case CB_NODE_LINK:
    if (c->in_link) {
      /* A link inside a link (only possible through raw HTML or odd input): HTML forbids it;
       * keep the text. */
      start_node(c, "span", n, NULL);
      c->in_link++;
    } else {
      start_link(c, n);
    }
    break;
  case CB_NODE_IMAGE:
    write_image(c, n, true);
    cb_iter_skip(it);
    break;
  case CB_NODE_MATH_INLINE: write_math(c, n, "span", "math math--inline"); break;
  case CB_NODE_FOOTNOTE_REF: write_footnote_ref(c, n); break;
  case CB_NODE_ABBR:
    start_node_t(c, "abbr", n, NULL, "title");
    if (n->as.abbr.title) attr(c, "title", n->as.abbr.title);
    break;
  case CB_NODE_NONE:
  case CB_NODE_TYPE_COUNT: break;
  }
}

static void leave(cb_html_ctx *c, const cb_node *n, walk *ws) {
  switch (n->type) {
  case CB_NODE_PARAGRAPH:
    if (n == c->backlink_para) write_backlinks(c, c->backlink_def);
    if (tight_item_para(n) && !n->attrs.id && !n->attrs.classes && !n->attrs.kvs &&
        n != c->backlink_para) {
      if (n->next) nl(c); /* (its text must not run into a raw block after it) */
      break;
    }
    end(c);
    if (!tight_item_para(n)) nl(c);
    break;
  case CB_NODE_HEADING:
  case CB_NODE_BLOCKQUOTE:
  case CB_NODE_LIST:
  case CB_NODE_ITEM:
  case CB_NODE_TABLE_ROW:
  case CB_NODE_NOTICE:
  case CB_NODE_DEF_LIST:
  case CB_NODE_DEF_TERM:
  case CB_NODE_DEF_DESC:
  case CB_NODE_DIV:
    end(c);
    nl(c);
    break;
  case CB_NODE_TABLE:
    if (ws->part) end(c);
    ws->part = 0;
    end(c);
    nl(c);
    break;
  case CB_NODE_TABLE_CELL:
  case CB_NODE_EMPH:
  case CB_NODE_STRONG:
  case CB_NODE_STRIKETHROUGH:
  case CB_NODE_ABBR: end(c); break;
  case CB_NODE_LINK:
    c->in_link--;
    end(c);
    break;
  case CB_NODE_FIGURE:
    end(c); /* figcaption */
    end(c); /* figure */
    nl(c);
    break;
  default: break;
  }
}

/* ---- raw inline HTML spanning Markdown: <span style="…">text *em*</span> ----
 * The model holds each tag of inline HTML as its own node, so sanitising them one by one would
 * turn "<kbd>", "Ctrl", "</kbd>" into "<kbd></kbd>Ctrl".  An opening tag is paired with its
 * closing sibling; what lies between is rendered by this writer, and the three pieces go
 * through the sanitiser together.  The search is bounded, so the pass stays linear. */

/* The closing sibling of an opening tag n, not beyond stop (NULL = the end), or NULL. */
static const cb_node *closing_tag(const cb_node *n, const cb_node *stop) {
  char name[16], other[16];
  if (tag_kind(n, name) != TAG_OPEN || n == stop) return NULL;
  int depth = 0, steps = 0;
  for (const cb_node *m = n->next; m && steps < PAIR_SEARCH_LIMIT; m = m->next, steps++) {
    int k = tag_kind(m, other);
    if (k != TAG_OTHER && strcmp(name, other) == 0) {
      if (k == TAG_OPEN)
        depth++;
      else if (depth-- == 0)
        return m;
    }
    if (m == stop) break;
  }
  return NULL;
}

static void write_tree(cb_html_ctx *c, const cb_node *root);

/* The tags are sanitised around a marker, and the Markdown between them, rendered by this
 * writer (so already safe), takes the marker's place.  If the sanitiser removed the element
 * (script, form, …), its content goes with it, as for any removed element. */
static void write_html_pair(cb_html_ctx *c, const cb_node *open, const cb_node *close);

/* The nodes between a paired opening and closing tag, nested pairs paired in turn. */
static void write_between(cb_html_ctx *c, const cb_node *open, const cb_node *close) {
  for (const cb_node *m = open->next; m && m != close && !c->err; m = m->next) {
    const cb_node *cl = closing_tag(m, close->prev);
    if (cl) {
      write_html_pair(c, m, cl);
      m = cl;
    } else {
      write_tree(c, m);
    }
  }
}

static void write_html_pair(cb_html_ctx *c, const cb_node *open, const cb_node *close) {
  static const char mark[] = "\xEE\x80\x80"
                             "cb-inner"
                             "\xEE\x80\x80"; /* U+E000: private use */
  char name[16];
  bool anchor = tag_kind(open, name) == TAG_OPEN && strcmp(name, "a") == 0;
  if (anchor && c->in_link) { /* a link inside a link: its content only (HTML forbids it) */
    write_between(c, open, close);
    return;
  }
  xmlBufferPtr xb = xmlBufferCreate();
  /* libxml2's default for xmlBuffer is exact growth (+10 bytes a resize): quadratic copying
   * whenever realloc cannot remap in place (it can in glibc for large blocks, not under ASan). */
  if (xb) xmlBufferSetAllocationScheme(xb, XML_BUFFER_ALLOC_DOUBLEIT);
  xmlTextWriterPtr sub = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
  if (!sub) {
    if (xb) xmlBufferFree(xb);
    c->err = -1;
    return;
  }
  xmlTextWriterPtr saved = c->w;
  c->w = sub;
  c->in_link += anchor;
  bool phrasing = cb_html_phrasing_only(name);
  c->in_raw_phrasing += phrasing;
  write_between(c, open, close);
  c->in_raw_phrasing -= phrasing;
  chk(c, xmlTextWriterFlush(sub));
  c->in_link -= anchor;
  c->w = saved;
  cb_buf frag = CB_BUF_INIT, b = CB_BUF_INIT;
  cb_buf_put(&frag, open->text, open->text_len);
  cb_buf_put(&frag, mark, sizeof mark - 1);
  cb_buf_put(&frag, close->text, close->text_len);
  sanitize_raw(c, frag.data, frag.len, in_phrasing(c, open), &b, open->pos);
  const char *at = b.data ? strstr(b.data, mark) : NULL;
  if (at) {
    raw(c, b.data, (size_t)(at - b.data));
    raw(c, (const char *)xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
    at += sizeof mark - 1;
    raw(c, at, b.len - (size_t)(at - b.data));
  } else {
    raw(c, b.data, b.len);
  }
  xmlFreeTextWriter(sub);
  xmlBufferFree(xb);
  cb_buf_free(&b);
  cb_buf_free(&frag);
}

/* Walk one subtree. */
static void write_tree(cb_html_ctx *c, const cb_node *root) {
  cb_iter it;
  const cb_node *n;
  cb_event ev;
  walk ws = {0, 0};
  cb_iter_init(&it, root);
  while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE && !c->err) {
    if (ev == CB_EVENT_ENTER) {
      const cb_node *close;
      if (n != root && n->type == CB_NODE_HTML_INLINE && (close = closing_tag(n, NULL))) {
        write_html_pair(c, n, close);
        /* Continue after the closing tag: it is a leaf, so the walk goes on to its next
         * sibling (or up to its parent's EXIT). */
        it.cur = close;
        it.ev = CB_EVENT_ENTER;
        continue;
      }
      /* enter() may cb_iter_skip() a container (image, figure without caption, footnote
       * definition): the iterator then moves on without an EXIT for it. */
      enter(c, &it, n, &ws);
    } else if (ev == CB_EVENT_EXIT) {
      leave(c, n, &ws);
    }
  }
}

static int write_range(cb_html_ctx *c, const cb_node *first, const cb_node *last) {
  for (const cb_node *n = first; n && !c->err; n = n->next) {
    const cb_node *close = closing_tag(n, last);
    if (close) {
      write_html_pair(c, n, close);
      n = close;
    } else {
      write_tree(c, n);
    }
    if (n == last) break;
  }
  return c->err;
}

int cb_html_write_blocks(cb_html_ctx *c, const cb_node *chapter, const cb_node *first,
                         const cb_node *last) {
  c->chapter = chapter;
  return write_range(c, first, last);
}

int cb_html_write_inlines(cb_html_ctx *c, const cb_node *parent) {
  return parent && parent->first ? write_range(c, parent->first, NULL) : c->err;
}

int cb_html_write_chapter(cb_html_ctx *c, const cb_node *chapter) {
  c->chapter = chapter;
  c->head_depth = 0;
  if (chapter->first) write_range(c, chapter->first, NULL);
  cb_html_write_footnotes(c);
  return c->err;
}
