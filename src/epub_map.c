/* A small open-addressing hash map (keys: byte strings or pointers) for the EPUB backend's
 * lookups — block → document, image path → packaged href — so each lookup is O(1) and the
 * backend stays linear in the size of the book. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"

static uint64_t hash_bytes(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= s[i];
    h *= 1099511628211ull;
  }
  return h ^ (h >> 29);
}

void cb_epub_map_init(cb_epub_map *m) {
  memset(m, 0, sizeof *m);
}

void cb_epub_map_free(cb_epub_map *m) {
  free(m->slots);
  memset(m, 0, sizeof *m);
}

/* klen 0: the key is the pointer itself (identity), else klen bytes at key. */
static cb_epub_map_slot *find(const cb_epub_map *m, const void *key, size_t klen) {
  if (!m->cap) return NULL;
  size_t mask = m->cap - 1;
  uintptr_t kp = (uintptr_t)key;
  uint64_t h = klen ? hash_bytes(key, klen) : hash_bytes(&kp, sizeof kp);
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    cb_epub_map_slot *s = &m->slots[i];
    if (!s->key) return s;
    if (s->klen != klen) continue;
    if (klen ? memcmp(s->key, key, klen) == 0 : s->key == key) return s;
  }
}

static void grow(cb_epub_map *m) {
  cb_epub_map old = *m;
  m->cap = old.cap ? old.cap * 2 : 64;
  m->slots = cb_xmalloc(m->cap * sizeof *m->slots);
  memset(m->slots, 0, m->cap * sizeof *m->slots);
  m->n = 0;
  for (size_t i = 0; i < old.cap; i++)
    if (old.slots[i].key) *find(m, old.slots[i].key, old.slots[i].klen) = old.slots[i], m->n++;
  free(old.slots);
}

void *cb_epub_map_get(const cb_epub_map *m, const void *key, size_t klen) {
  cb_epub_map_slot *s = find(m, key, klen);
  return s && s->key ? s->value : NULL;
}

void cb_epub_map_put(cb_epub_map *m, const void *key, size_t klen, void *value) {
  if (2 * (m->n + 1) > m->cap) grow(m);
  cb_epub_map_slot *s = find(m, key, klen);
  if (!s->key) {
    s->key = key;
    s->klen = klen;
    m->n++;
  }
  s->value = value;
}
