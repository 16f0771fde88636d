/* Helpers shared by the Markdown reader tests: read a body into a fresh book and dump the
 * model as an indented outline (for readable failures). */
#ifndef CB_TEST_MD_HELPERS_H
#define CB_TEST_MD_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coursebook/coursebook.h"
#include "read_internal.h"

typedef struct md_doc {
  cb_book *book;
  cb_node *ch;
  cb_diag diag;
  char *err; /* captured diagnostics */
  size_t err_len;
  FILE *errf;
} md_doc;

static inline cb_meta *md_page(cb_arena *a) {
  return cb_meta_new(a, CB_META_MAP, (cb_pos){"t.md", 1, 1});
}

static inline void md_page_set(cb_arena *a, cb_meta *page, const char *key, const char *val) {
  cb_meta_set_str(a, page, key, val);
}

static inline int md_read_page(md_doc *m, const char *body, int first_line, cb_meta *page) {
  m->book = cb_book_new();
  cb_diag_init(&m->diag);
  m->err = NULL;
  m->err_len = 0;
  m->errf = open_memstream(&m->err, &m->err_len);
  m->diag.stream = m->errf;
  if (!page) page = md_page(m->book->arena);
  m->ch = cb_node_new(m->book->arena, CB_NODE_CHAPTER, (cb_pos){"t.md", 1, 1});
  m->ch->as.chapter.file = "t.md";
  m->ch->as.chapter.meta = page;
  cb_book_add_chapter(m->book, m->ch);
  cb_options opt;
  cb_options_init(&opt);
  int rc = cb_markdown_read(m->book->arena, "t.md", body, strlen(body), first_line, page, &opt,
                            m->ch, &m->diag);
  fflush(m->errf);
  return rc;
}

static inline int md_read(md_doc *m, const char *body) {
  return md_read_page(m, body, 1, NULL);
}

static inline void md_free(md_doc *m) {
  fclose(m->errf);
  free(m->err);
  cb_book_free(m->book);
}

static inline const char *md_errors(md_doc *m) {
  fflush(m->errf);
  return m->err ? m->err : "";
}

static inline void md_dump_node(cb_buf *b, const cb_node *n, int depth) {
  for (int i = 0; i < depth; i++)
    cb_buf_puts(b, "  ");
  cb_buf_puts(b, cb_node_type_name(n->type));
  if (n->type == CB_NODE_HEADING) cb_buf_printf(b, " h%d", n->as.heading.level);
  if (n->type == CB_NODE_NOTICE) cb_buf_printf(b, " %s", cb_notice_class(n->as.notice.kind));
  if (n->type == CB_NODE_DIV) cb_buf_printf(b, " <%s>", n->as.div.tag);
  if (n->type == CB_NODE_VIDEO)
    cb_buf_printf(b, " %s:%s@%ld", cb_video_provider_key(n->as.video.provider), n->as.video.id,
                  n->as.video.start);
  if (n->type == CB_NODE_TOC) cb_buf_printf(b, " \"%s\"", n->as.toc.title ? n->as.toc.title : "");
  if ((n->type == CB_NODE_LINK || n->type == CB_NODE_IMAGE || n->type == CB_NODE_FIGURE) &&
      n->as.link.url)
    cb_buf_printf(b, " <%s>", n->as.link.url);
  if ((n->type == CB_NODE_IMAGE || n->type == CB_NODE_FIGURE) && n->as.link.alt)
    cb_buf_printf(b, " alt=\"%s\"", n->as.link.alt);
  if (n->attrs.id) cb_buf_printf(b, " #%s", n->attrs.id);
  for (const cb_strlist *l = n->attrs.classes; l; l = l->next)
    cb_buf_printf(b, " .%s", l->s);
  for (const cb_kv *kv = n->attrs.kvs; kv; kv = kv->next)
    cb_buf_printf(b, " %s=%s", kv->key, kv->value);
  if (n->text) cb_buf_printf(b, " \"%.*s\"", (int)n->text_len, n->text);
  cb_buf_putc(b, '\n');
  for (const cb_node *c = n->first; c; c = c->next)
    md_dump_node(b, c, depth + 1);
}

/* Outline of the chapter's blocks; caller frees. */
static inline char *md_dump(const md_doc *m) {
  cb_buf b = CB_BUF_INIT;
  for (const cb_node *c = m->ch->first; c; c = c->next)
    md_dump_node(&b, c, 0);
  return cb_buf_detach(&b, NULL);
}

static inline char *md_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  cb_buf b = CB_BUF_INIT;
  char tmp[4096];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
    cb_buf_put(&b, tmp, n);
  fclose(f);
  return cb_buf_detach(&b, len);
}

/* Count nodes of a type in the chapter. */
static inline int md_count(const md_doc *m, cb_node_type t) {
  int k = 0;
  cb_iter it;
  const cb_node *n;
  cb_event ev;
  cb_iter_init(&it, m->ch);
  while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE)
    if (ev == CB_EVENT_ENTER && n->type == t) k++;
  return k;
}

/* The n-th (0-based) node of a type in document order. */
static inline const cb_node *md_nth(const md_doc *m, cb_node_type t, int nth) {
  cb_iter it;
  const cb_node *n;
  cb_event ev;
  cb_iter_init(&it, m->ch);
  while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE)
    if (ev == CB_EVENT_ENTER && n->type == t && nth-- == 0) return n;
  return NULL;
}

#endif
