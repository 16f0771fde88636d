/* kramdown's GFM auto heading ids (kramdown-parser-gfm 1.1 generate_gfm_header_id):
 *   text.downcase.gsub(/[^\p{Word}\- \t]/, '').tr(" \t", '-') + "-N" for the N-th repeat.
 * The text is the heading's "raw text": text, code spans, math, entities and typographic
 * characters of its children (link URLs and image alts are not part of it), which is what
 * the model's plain text of a heading gives.  Also a small string hash map used for the
 * duplicate counter and for footnote labels. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "read_internal.h"

/* ---- string map ---- */

struct cb_strmap_slot {
  const char *key;
  size_t len;
  uint64_t hash;
  long value;
};

static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

void cb_strmap_init(cb_strmap *m, cb_arena *a) {
  m->a = a;
  m->slots = NULL;
  m->cap = m->count = 0;
}

void cb_strmap_free(cb_strmap *m) {
  free(m->slots);
  m->slots = NULL;
  m->cap = m->count = 0;
}

static void strmap_grow(cb_strmap *m) {
  size_t ncap = m->cap ? m->cap * 2 : 64;
  struct cb_strmap_slot *ns = cb_xmalloc(ncap * sizeof *ns);
  memset(ns, 0, ncap * sizeof *ns);
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->slots[i].key) continue;
    size_t j = m->slots[i].hash & (ncap - 1);
    while (ns[j].key)
      j = (j + 1) & (ncap - 1);
    ns[j] = m->slots[i];
  }
  free(m->slots);
  m->slots = ns;
  m->cap = ncap;
}

long *cb_strmap_get(cb_strmap *m, const char *key, size_t len, long init, bool *inserted) {
  if ((m->count + 1) * 2 > m->cap) strmap_grow(m);
  uint64_t h = hash_bytes(key, len);
  size_t j = h & (m->cap - 1);
  while (m->slots[j].key) {
    struct cb_strmap_slot *s = &m->slots[j];
    if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) {
      if (inserted) *inserted = false;
      return &s->value;
    }
    j = (j + 1) & (m->cap - 1);
  }
  m->slots[j].key = cb_strndup(m->a, key, len);
  m->slots[j].len = len;
  m->slots[j].hash = h;
  m->slots[j].value = init;
  m->count++;
  if (inserted) *inserted = true;
  return &m->slots[j].value;
}

/* ---- ids ---- */

/* Ruby's String#downcase is full Unicode case mapping; ICU's root-locale u_strToLower is the
 * same mapping.  ASCII-only text takes a fast path. */
static char *downcase(cb_arena *a, const char *s, size_t n, size_t *out_len) {
  bool ascii = true;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) {
    char *r = cb_strndup(a, s, n);
    for (size_t i = 0; i < n; i++)
      if (r[i] >= 'A' && r[i] <= 'Z') r[i] = (char)(r[i] - 'A' + 'a');
    *out_len = n;
    return r;
  }
  UErrorCode st = U_ZERO_ERROR;
  int32_t ulen = 0;
  u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)n, &st);
  st = U_ZERO_ERROR;
  UChar *u = cb_xmalloc(((size_t)ulen + 1) * sizeof *u);
  u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)n, &st);
  /* Lowercasing may lengthen the text (e.g. U+0130); size it first. */
  st = U_ZERO_ERROR;
  int32_t llen = u_strToLower(NULL, 0, u, ulen, "", &st);
  st = U_ZERO_ERROR;
  UChar *l = cb_xmalloc(((size_t)llen + 1) * sizeof *l);
  u_strToLower(l, llen + 1, u, ulen, "", &st);
  st = U_ZERO_ERROR;
  int32_t blen = 0;
  u_strToUTF8(NULL, 0, &blen, l, llen, &st);
  st = U_ZERO_ERROR;
  char *r = cb_alloc(a, (size_t)blen + 1);
  u_strToUTF8(r, blen + 1, NULL, l, llen, &st);
  free(u);
  free(l);
  *out_len = U_SUCCESS(st) ? (size_t)blen : 0;
  r[*out_len] = 0;
  return r;
}

char *cb_gfm_id_base(cb_arena *a, const char *text, size_t len) {
  size_t dn;
  char *low = downcase(a, text, len, &dn);
  char *out = cb_alloc(a, dn + 1);
  size_t o = 0;
  for (size_t i = 0; i < dn;) {
    size_t start = i;
    uint32_t cp = cb_utf8_next(low, dn, &i);
    if (cp == ' ' || cp == '\t') {
      out[o++] = '-';
    } else if (cp == '-' || cb_char_is_word(cp)) {
      memcpy(out + o, low + start, i - start);
      o += i - start;
    }
  }
  out[o] = 0;
  return out;
}

const char *cb_gfm_id(cb_strmap *seen, const char *text, size_t len) {
  char *base = cb_gfm_id_base(seen->a, text, len);
  size_t bl = strlen(base);
  /* kramdown counts per generated base (Hash.new(-1)); an explicit id does not count. */
  long *n = cb_strmap_get(seen, base, bl, -1, NULL);
  ++*n;
  if (*n == 0) return base;
  return cb_sprintf(seen->a, "%s-%ld", base, *n);
}
