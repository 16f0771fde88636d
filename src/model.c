/* The document model: tree building, walking, attributes, metadata lookup, video URLs. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "coursebook/coursebook.h"

/* ---- metadata ---- */

cb_meta *cb_meta_new(cb_arena *a, cb_meta_type type, cb_pos pos) {
  cb_meta *m = cb_alloc(a, sizeof *m);
  m->type = type;
  m->pos = pos;
  return m;
}

void cb_meta_append(cb_meta *parent, cb_meta *child) {
  child->next = NULL;
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
  parent->count++;
}

const cb_meta *cb_meta_key(const cb_meta *map, const char *key, size_t n) {
  if (!map || map->type != CB_META_MAP) return NULL;
  const cb_meta *found = NULL;
  /* YAML maps may repeat a key; the last one wins, as in Jekyll. */
  for (const cb_meta *c = map->first; c; c = c->next)
    if (c->key && strlen(c->key) == n && memcmp(c->key, key, n) == 0) found = c;
  return found;
}

const cb_meta *cb_meta_get(const cb_meta *map, const char *path) {
  const cb_meta *cur = map;
  while (cur && *path) {
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    cur = cb_meta_key(cur, path, n);
    path += n + (dot ? 1 : 0);
  }
  return cur;
}

const char *cb_meta_str(const cb_meta *map, const char *path) {
  const cb_meta *m = cb_meta_get(map, path);
  if (!m || m->type == CB_META_NULL || m->type == CB_META_LIST || m->type == CB_META_MAP)
    return NULL;
  if (!m->str || !m->str[0]) return NULL;
  return m->str;
}

void cb_meta_set_str(cb_arena *a, cb_meta *map, const char *key, const char *value) {
  cb_meta *v = cb_meta_new(a, CB_META_STRING, (cb_pos){"-M", 0, 0});
  v->key = cb_strdup(a, key);
  v->str = cb_strdup(a, value);
  /* Drop earlier entries with this key so lookups see exactly one. */
  cb_meta **pp = &map->first;
  map->last = NULL;
  map->count = 0;
  while (*pp) {
    if ((*pp)->key && strcmp((*pp)->key, key) == 0) {
      *pp = (*pp)->next;
      continue;
    }
    map->last = *pp;
    map->count++;
    pp = &(*pp)->next;
  }
  cb_meta_append(map, v);
}

/* ---- attributes ---- */

bool cb_attrs_has_class(const cb_attrs *at, const char *cls) {
  for (const cb_strlist *l = at->classes; l; l = l->next)
    if (strcmp(l->s, cls) == 0) return true;
  return false;
}

/* Duplicate checks walk the list, so a list is capped at CB_ATTRS_MAX entries: each addition
 * then costs at most a constant, and a hostile page with thousands of classes on one element
 * stays linear.  No real page comes near the cap. */
bool cb_attrs_add_class(cb_arena *a, cb_attrs *at, const char *cls) {
  if (!cls || !*cls) return true;
  cb_strlist **pp = &at->classes;
  size_t n = 0;
  for (; *pp; pp = &(*pp)->next, n++)
    if (strcmp((*pp)->s, cls) == 0) return true;
  if (n >= CB_ATTRS_MAX) return false;
  cb_strlist *item = cb_alloc(a, sizeof *item);
  item->s = cb_strdup(a, cls);
  *pp = item;
  return true;
}

void cb_attrs_remove_class(cb_attrs *at, const char *cls) {
  for (cb_strlist **pp = &at->classes; *pp;) {
    if (strcmp((*pp)->s, cls) == 0)
      *pp = (*pp)->next;
    else
      pp = &(*pp)->next;
  }
}

const char *cb_attrs_get(const cb_attrs *at, const char *key) {
  for (const cb_kv *kv = at->kvs; kv; kv = kv->next)
    if (strcmp(kv->key, key) == 0) return kv->value;
  return NULL;
}

bool cb_attrs_set(cb_arena *a, cb_attrs *at, const char *key, const char *value) {
  cb_kv **pp = &at->kvs;
  size_t n = 0;
  for (; *pp; pp = &(*pp)->next, n++)
    if (strcmp((*pp)->key, key) == 0) {
      (*pp)->value = cb_strdup(a, value);
      return true;
    }
  if (n >= CB_ATTRS_MAX) return false;
  cb_kv *kv = cb_alloc(a, sizeof *kv);
  kv->key = cb_strdup(a, key);
  kv->value = cb_strdup(a, value);
  *pp = kv;
  return true;
}

/* ---- nodes ---- */

bool cb_node_type_is_block(cb_node_type t) {
  return t >= CB_NODE_CHAPTER && t < CB_NODE_TEXT;
}

static const char *const type_names[CB_NODE_TYPE_COUNT] = {
    [CB_NODE_NONE] = "none",
    [CB_NODE_CHAPTER] = "chapter",
    [CB_NODE_PARAGRAPH] = "paragraph",
    [CB_NODE_HEADING] = "heading",
    [CB_NODE_BLOCKQUOTE] = "blockquote",
    [CB_NODE_LIST] = "list",
    [CB_NODE_ITEM] = "item",
    [CB_NODE_CODE_BLOCK] = "code_block",
    [CB_NODE_HTML_BLOCK] = "html_block",
    [CB_NODE_THEMATIC_BREAK] = "thematic_break",
    [CB_NODE_TABLE] = "table",
    [CB_NODE_TABLE_ROW] = "table_row",
    [CB_NODE_TABLE_CELL] = "table_cell",
    [CB_NODE_NOTICE] = "notice",
    [CB_NODE_VIDEO] = "video",
    [CB_NODE_TOC] = "toc",
    [CB_NODE_FIGURE] = "figure",
    [CB_NODE_MATH_BLOCK] = "math_block",
    [CB_NODE_FOOTNOTE_DEF] = "footnote_def",
    [CB_NODE_DEF_LIST] = "def_list",
    [CB_NODE_DEF_TERM] = "def_term",
    [CB_NODE_DEF_DESC] = "def_desc",
    [CB_NODE_DIV] = "div",
    [CB_NODE_TEXT] = "text",
    [CB_NODE_SOFTBREAK] = "softbreak",
    [CB_NODE_LINEBREAK] = "linebreak",
    [CB_NODE_CODE] = "code",
    [CB_NODE_HTML_INLINE] = "html_inline",
    [CB_NODE_EMPH] = "emph",
    [CB_NODE_STRONG] = "strong",
    [CB_NODE_STRIKETHROUGH] = "strikethrough",
    [CB_NODE_LINK] = "link",
    [CB_NODE_IMAGE] = "image",
    [CB_NODE_MATH_INLINE] = "math_inline",
    [CB_NODE_FOOTNOTE_REF] = "footnote_ref",
    [CB_NODE_ABBR] = "abbr",
};

const char *cb_node_type_name(cb_node_type t) {
  return (t >= 0 && t < CB_NODE_TYPE_COUNT && type_names[t]) ? type_names[t] : "?";
}

bool cb_node_is_container(cb_node_type t) {
  switch (t) {
  case CB_NODE_CHAPTER:
  case CB_NODE_PARAGRAPH:
  case CB_NODE_HEADING:
  case CB_NODE_BLOCKQUOTE:
  case CB_NODE_LIST:
  case CB_NODE_ITEM:
  case CB_NODE_TABLE:
  case CB_NODE_TABLE_ROW:
  case CB_NODE_TABLE_CELL:
  case CB_NODE_NOTICE:
  case CB_NODE_FIGURE:
  case CB_NODE_FOOTNOTE_DEF:
  case CB_NODE_DEF_LIST:
  case CB_NODE_DEF_TERM:
  case CB_NODE_DEF_DESC:
  case CB_NODE_DIV:
  case CB_NODE_EMPH:
  case CB_NODE_STRONG:
  case CB_NODE_STRIKETHROUGH:
  case CB_NODE_LINK:
  case CB_NODE_IMAGE:
  case CB_NODE_ABBR: return true;
  default: return false;
  }
}

cb_node *cb_node_new(cb_arena *a, cb_node_type type, cb_pos pos) {
  cb_node *n = cb_alloc(a, sizeof *n);
  n->type = type;
  n->pos = pos;
  return n;
}

cb_node *cb_node_new_text(cb_arena *a, const char *s, size_t len, cb_pos pos) {
  cb_node *n = cb_node_new(a, CB_NODE_TEXT, pos);
  n->text = cb_strndup(a, s, len);
  n->text_len = len;
  return n;
}

void cb_node_append(cb_node *parent, cb_node *child) {
  cb_node_unlink(child);
  child->parent = parent;
  child->prev = parent->last;
  if (parent->last)
    parent->last->next = child;
  else
    parent->first = child;
  parent->last = child;
}

void cb_node_insert_after(cb_node *sibling, cb_node *node) {
  cb_node_unlink(node);
  node->parent = sibling->parent;
  node->prev = sibling;
  node->next = sibling->next;
  if (sibling->next)
    sibling->next->prev = node;
  else if (sibling->parent)
    sibling->parent->last = node;
  sibling->next = node;
}

void cb_node_unlink(cb_node *node) {
  if (node->prev)
    node->prev->next = node->next;
  else if (node->parent)
    node->parent->first = node->next;
  if (node->next)
    node->next->prev = node->prev;
  else if (node->parent)
    node->parent->last = node->prev;
  node->parent = node->prev = node->next = NULL;
}

void cb_iter_init(cb_iter *it, const cb_node *root) {
  it->root = root;
  it->cur = NULL;
  it->ev = CB_EVENT_NONE;
}

cb_event cb_iter_next(cb_iter *it, const cb_node **node) {
  const cb_node *cur = it->cur;
  if (it->ev == CB_EVENT_NONE) {
    cur = it->root;
    it->ev = CB_EVENT_ENTER;
  } else if (it->ev == CB_EVENT_ENTER && cb_node_is_container(cur->type)) {
    if (cur->first) {
      cur = cur->first;
      it->ev = CB_EVENT_ENTER;
    } else {
      it->ev = CB_EVENT_EXIT;
    }
  } else if (cur == it->root) {
    *node = NULL;
    return CB_EVENT_NONE;
  } else if (cur->next) {
    cur = cur->next;
    it->ev = CB_EVENT_ENTER;
  } else {
    cur = cur->parent;
    it->ev = CB_EVENT_EXIT;
  }
  if (!cur) {
    *node = NULL;
    return CB_EVENT_NONE;
  }
  it->cur = cur;
  *node = cur;
  return it->ev;
}

void cb_iter_skip(cb_iter *it) {
  if (it->ev == CB_EVENT_ENTER && it->cur && cb_node_is_container(it->cur->type))
    it->ev = CB_EVENT_EXIT;
}

const char *cb_node_plain_text(cb_arena *a, const cb_node *node) {
  cb_buf b = CB_BUF_INIT;
  cb_iter it;
  const cb_node *n;
  cb_event ev;
  cb_iter_init(&it, node);
  while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE) {
    if (ev != CB_EVENT_ENTER) continue;
    switch (n->type) {
    case CB_NODE_TEXT:
    case CB_NODE_CODE:
    case CB_NODE_MATH_INLINE:
      if (n->text) cb_buf_put(&b, n->text, n->text_len);
      break;
    case CB_NODE_SOFTBREAK:
    case CB_NODE_LINEBREAK: cb_buf_putc(&b, ' '); break;
    case CB_NODE_IMAGE:
      if (n->as.link.alt) cb_buf_puts(&b, n->as.link.alt);
      cb_iter_skip(&it);
      break;
    case CB_NODE_FOOTNOTE_REF:
    case CB_NODE_HTML_INLINE: break;
    default:
      if (cb_node_type_is_block(n->type) && n != node && b.len && b.data[b.len - 1] != ' ')
        cb_buf_putc(&b, ' ');
      break;
    }
  }
  const char *s = cb_strndup(a, b.data ? b.data : "", b.len);
  cb_buf_free(&b);
  return s;
}

/* ---- notices ---- */

static const char *const notice_classes[] = {"notice",          "notice--primary",
                                             "notice--info",    "notice--warning",
                                             "notice--success", "notice--danger"};

const char *cb_notice_class(cb_notice_kind k) {
  return (unsigned)k < sizeof notice_classes / sizeof *notice_classes ? notice_classes[k]
                                                                      : "notice";
}

bool cb_notice_from_class(const char *cls, cb_notice_kind *out) {
  for (size_t i = 0; i < sizeof notice_classes / sizeof *notice_classes; i++)
    if (strcmp(cls, notice_classes[i]) == 0) {
      *out = (cb_notice_kind)i;
      return true;
    }
  return false;
}

/* ---- links ---- */

bool cb_url_is_absolute(const char *url) {
  if (!url) return false;
  if (url[0] == '/' && url[1] == '/') return true;
  const char *p = url;
  if (!((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')) return false;
  while (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9') || *p == '+' ||
         *p == '-' || *p == '.')
    p++;
  return *p == ':';
}

bool cb_url_has_host(const char *url) {
  static const char *const web[] = {"http", "https", "ftp", "ftps", "ws", "wss"};
  if (!url) return true;
  size_t k = 0;
  while (url[k] && url[k] != ':' && url[k] != '/' && url[k] != '?' && url[k] != '#')
    k++;
  if (url[k] != ':') return true;
  bool is_web = false;
  for (size_t i = 0; i < sizeof web / sizeof *web && !is_web; i++)
    is_web = strlen(web[i]) == k && strncasecmp(url, web[i], k) == 0;
  if (!is_web) return true;
  const char *h = url + k + 1;
  return h[0] == '/' && h[1] == '/' && h[2] && !strchr("/:?#@ \t", h[2]);
}

const char *cb_link_resolve(cb_arena *a, const cb_node *chapter, const char *url) {
  const char *site =
      chapter && chapter->type == CB_NODE_CHAPTER ? chapter->as.chapter.site_url : NULL;
  if (url && url[0] == '/' && url[1] == '/') /* protocol-relative: away from the web, https */
    return cb_sprintf(a, "https:%s", url);
  if (!url || url[0] != '/' || !site) return url;
  return cb_sprintf(a, "%s%s", site, url);
}

/* ---- generic containers ---- */

const char *const cb_div_tags[] = {"div", "section", "article",    "aside",   "header", "footer",
                                   "nav", "figure",  "figcaption", "details", NULL};

const char *cb_div_tag(const char *name, size_t n) {
  for (size_t i = 0; cb_div_tags[i]; i++)
    if (strlen(cb_div_tags[i]) == n && strncasecmp(cb_div_tags[i], name, n) == 0)
      return cb_div_tags[i];
  return NULL;
}

/* ---- videos (URLs as the Minimal Mistakes theme builds them; see shared notes) ---- */

static const struct {
  const char *key, *name;
} providers[] = {
    [CB_VIDEO_YOUTUBE] = {"youtube", "YouTube"},
    [CB_VIDEO_VIMEO] = {"vimeo", "Vimeo"},
    [CB_VIDEO_GOOGLE_DRIVE] = {"google-drive", "Google Drive"},
    [CB_VIDEO_BILIBILI] = {"bilibili", "bilibili"},
};

const char *cb_video_provider_name(cb_video_provider p) {
  return providers[p].name;
}
const char *cb_video_provider_key(cb_video_provider p) {
  return providers[p].key;
}

bool cb_video_provider_from_key(const char *key, cb_video_provider *out) {
  for (size_t i = 0; i < sizeof providers / sizeof *providers; i++)
    if (strcmp(key, providers[i].key) == 0) {
      *out = (cb_video_provider)i;
      return true;
    }
  return false;
}

const char *cb_video_embed_url(cb_arena *a, const cb_node *v) {
  const char *id = v->as.video.id;
  long t = v->as.video.start;
  switch (v->as.video.provider) {
  case CB_VIDEO_YOUTUBE:
    return t ? cb_sprintf(a, "https://www.youtube-nocookie.com/embed/%s?start=%ld", id, t)
             : cb_sprintf(a, "https://www.youtube-nocookie.com/embed/%s", id);
  case CB_VIDEO_VIMEO:
    return t ? cb_sprintf(a, "https://player.vimeo.com/video/%s?dnt=true#t=%lds", id, t)
             : cb_sprintf(a, "https://player.vimeo.com/video/%s?dnt=true", id);
  case CB_VIDEO_GOOGLE_DRIVE:
    return cb_sprintf(a, "https://drive.google.com/file/d/%s/preview", id);
  case CB_VIDEO_BILIBILI:
    return t ? cb_sprintf(a,
                          "https://player.bilibili.com/player.html?bvid=%s&page=1&as_wide=1&"
                          "high_quality=1&danmaku=0&t=%ld",
                          id, t)
             : cb_sprintf(a,
                          "https://player.bilibili.com/player.html?bvid=%s&page=1&as_wide=1&"
                          "high_quality=1&danmaku=0",
                          id);
  }
  return "";
}

const char *cb_video_watch_url(cb_arena *a, const cb_node *v) {
  const char *id = v->as.video.id;
  long t = v->as.video.start;
  switch (v->as.video.provider) {
  case CB_VIDEO_YOUTUBE:
    return t ? cb_sprintf(a, "https://www.youtube.com/watch?v=%s&t=%lds", id, t)
             : cb_sprintf(a, "https://www.youtube.com/watch?v=%s", id);
  case CB_VIDEO_VIMEO:
    return t ? cb_sprintf(a, "https://vimeo.com/%s#t=%lds", id, t)
             : cb_sprintf(a, "https://vimeo.com/%s", id);
  case CB_VIDEO_GOOGLE_DRIVE: return cb_sprintf(a, "https://drive.google.com/file/d/%s/view", id);
  case CB_VIDEO_BILIBILI:
    return t ? cb_sprintf(a, "https://www.bilibili.com/video/%s?t=%ld", id, t)
             : cb_sprintf(a, "https://www.bilibili.com/video/%s", id);
  }
  return "";
}

/* ---- licences ---- */

static const cb_license licenses[] = {
    {"PD", "Public Domain", "https://creativecommons.org/publicdomain/mark/1.0/"},
    {"CC0", "CC0 1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"},
    {"CC-BY", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"},
    {"CC-BY-4.0", "Creative Commons Attribution 4.0",
     "https://creativecommons.org/licenses/by/4.0/"},
    {"CC-BY-SA", "Creative Commons Attribution-ShareAlike 4.0",
     "https://creativecommons.org/licenses/by-sa/4.0/"},
    {"CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0",
     "https://creativecommons.org/licenses/by-sa/4.0/"},
    {"CC-BY-NC", "Creative Commons Attribution-NonCommercial 4.0",
     "https://creativecommons.org/licenses/by-nc/4.0/"},
    {"CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0",
     "https://creativecommons.org/licenses/by-nc/4.0/"},
    {"CC-BY-NC-SA", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0",
     "https://creativecommons.org/licenses/by-nc-sa/4.0/"},
    {"CC-BY-NC-SA-4.0", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0",
     "https://creativecommons.org/licenses/by-nc-sa/4.0/"},
    {"MIT", "MIT License", "https://opensource.org/licenses/MIT"},
};

const cb_license *cb_license_lookup(const char *code) {
  if (!code) return NULL;
  for (size_t i = 0; i < sizeof licenses / sizeof *licenses; i++)
    if (strcasecmp(code, licenses[i].code) == 0) return &licenses[i];
  return NULL;
}

/* ---- course details ---- */

static const cb_meta *meta_either(const cb_meta *m, const char *key, const char *alias) {
  const cb_meta *v = cb_meta_get(m, key);
  return v && v->type != CB_META_NULL ? v : cb_meta_get(m, alias);
}

void cb_course_info_get(const cb_book *book, cb_course_info *ci) {
  const cb_meta *m = book->meta;
  memset(ci, 0, sizeof *ci);
  ci->title = cb_meta_str(m, "title");
  if (!ci->title && book->first) ci->title = book->first->as.chapter.title;
  ci->excerpt = cb_meta_str(m, "excerpt");
  if (!ci->excerpt) ci->excerpt = cb_meta_str(m, "description");
  ci->creators = meta_either(m, "creator", "author");
  ci->publishers = cb_meta_get(m, "publisher");
  ci->date = cb_meta_get(m, "date");
  ci->modified = meta_either(m, "modified", "last_modified_at");
  ci->difficulty = cb_meta_get(m, "difficulty");
  ci->audience = cb_meta_get(m, "audience");
  ci->tags = cb_meta_get(m, "tags");
  ci->topic = cb_meta_get(m, "topic");
  ci->categories = cb_meta_get(m, "categories");
  ci->license = cb_meta_str(m, "license");
  if (!ci->license) ci->license = cb_meta_str(m, "licence");
  ci->license_known = cb_license_lookup(ci->license);
}

/* ---- book ---- */

cb_book *cb_book_new(void) {
  cb_arena *a = cb_arena_new();
  cb_book *b = cb_alloc(a, sizeof *b);
  b->arena = a;
  b->meta = cb_meta_new(a, CB_META_MAP, (cb_pos){0});
  return b;
}

void cb_book_free(cb_book *b) {
  if (b) cb_arena_free(b->arena);
}

void cb_book_add_chapter(cb_book *b, cb_node *ch) {
  ch->parent = NULL;
  ch->next = NULL;
  ch->prev = b->last;
  if (b->last)
    b->last->next = ch;
  else
    b->first = ch;
  b->last = ch;
  b->n_chapters++;
}
