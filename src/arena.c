/* Arena and buffer: the model is freed in one go, outputs grow geometrically (amortised O(1)). */
#include "coursebook/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CB_ARENA_BLOCK (64 * 1024)

typedef struct cb_block {
  struct cb_block *prev;
  size_t used, cap;
  max_align_t data[]; /* flexible, aligned for anything */
} cb_block;

struct cb_arena {
  cb_block *head;
};

_Noreturn void cb_oom(void) {
  fputs("coursebook: out of memory\n", stderr);
  abort();
}

void *cb_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) cb_oom();
  return p;
}

void *cb_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) cb_oom();
  return q;
}

cb_arena *cb_arena_new(void) {
  cb_arena *a = cb_xmalloc(sizeof *a);
  a->head = NULL;
  return a;
}

void cb_arena_free(cb_arena *a) {
  if (!a) return;
  for (cb_block *b = a->head, *prev; b; b = prev) {
    prev = b->prev;
    free(b);
  }
  free(a);
}

void *cb_alloc(cb_arena *a, size_t size) {
  const size_t align = sizeof(max_align_t);
  size = (size + align - 1) & ~(align - 1);
  if (size == 0) size = align;
  cb_block *b = a->head;
  if (!b || b->cap - b->used < size) {
    /* Large requests get a block of their own so the current block keeps its free space. */
    size_t cap = size > CB_ARENA_BLOCK / 4 ? size : CB_ARENA_BLOCK;
    cb_block *nb = cb_xmalloc(sizeof *nb + cap);
    nb->used = 0;
    nb->cap = cap;
    if (b && size > CB_ARENA_BLOCK / 4) {
      nb->prev = b->prev; /* insert below the current block */
      b->prev = nb;
    } else {
      nb->prev = b;
      a->head = nb;
    }
    b = nb;
  }
  void *p = (char *)b->data + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
}

char *cb_strndup(cb_arena *a, const char *s, size_t n) {
  char *p = cb_alloc(a, n + 1);
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *cb_strdup(cb_arena *a, const char *s) {
  return s ? cb_strndup(a, s, strlen(s)) : NULL;
}

char *cb_sprintf(cb_arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  char *p = cb_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

void cb_buf_grow(cb_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) {
    if (cap > SIZE_MAX / 2) cb_oom();
    cap *= 2;
  }
  b->data = cb_xrealloc(b->data, cap);
  b->cap = cap;
}

void cb_buf_put(cb_buf *b, const char *s, size_t n) {
  cb_buf_grow(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void cb_buf_puts(cb_buf *b, const char *s) {
  cb_buf_put(b, s, strlen(s));
}

void cb_buf_putc(cb_buf *b, char c) {
  cb_buf_grow(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = '\0';
}

void cb_buf_vprintf(cb_buf *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n > 0) {
    cb_buf_grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    b->len += (size_t)n;
  }
  va_end(ap2);
}

void cb_buf_printf(cb_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cb_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void cb_buf_clear(cb_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

void cb_buf_free(cb_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *cb_buf_detach(cb_buf *b, size_t *len) {
  char *p = b->data;
  if (!p) {
    p = cb_xmalloc(1);
    p[0] = '\0';
  }
  if (len) *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}
