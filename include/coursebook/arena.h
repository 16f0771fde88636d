/* Arena allocation and growable byte buffers.  The model is built once and freed at once,
 * so nodes and strings come from an arena: no per-node free, linear time and memory. */
#ifndef COURSEBOOK_ARENA_H
#define COURSEBOOK_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cb_arena cb_arena;

cb_arena *cb_arena_new(void);
void cb_arena_free(cb_arena *a);
/* Zeroed memory, aligned for any type; aborts with a message on out-of-memory. */
void *cb_alloc(cb_arena *a, size_t size);
char *cb_strdup(cb_arena *a, const char *s);
char *cb_strndup(cb_arena *a, const char *s, size_t n);
char *cb_sprintf(cb_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A growable buffer (heap, not arena: backends build whole outputs in one). */
typedef struct cb_buf {
  char *data; /* always NUL-terminated when non-NULL */
  size_t len, cap;
} cb_buf;

#define CB_BUF_INIT                                                                                \
  { NULL, 0, 0 }
void cb_buf_grow(cb_buf *b, size_t extra);
void cb_buf_put(cb_buf *b, const char *s, size_t n);
void cb_buf_puts(cb_buf *b, const char *s);
void cb_buf_putc(cb_buf *b, char c);
void cb_buf_printf(cb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cb_buf_vprintf(cb_buf *b, const char *fmt, va_list ap);
void cb_buf_clear(cb_buf *b);
void cb_buf_free(cb_buf *b);
/* Hand the data to the caller (free() it); the buffer is left empty. */
char *cb_buf_detach(cb_buf *b, size_t *len);

/* Out-of-memory: print and abort.  There is no sensible recovery for a converter. */
_Noreturn void cb_oom(void);
void *cb_xmalloc(size_t n);
void *cb_xrealloc(void *p, size_t n);

#ifdef __cplusplus
}
#endif
#endif
