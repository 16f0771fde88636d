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
#include <unicode/utf16.h>

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

long *cb_strmap_find(const cb_strmap *m, const char *key, size_t len) {
  if (!m->cap) return NULL;
  uint64_t h = hash_bytes(key, len);
  for (size_t j = h & (m->cap - 1); m->slots[j].key; j = (j + 1) & (m->cap - 1))
    if (m->slots[j].hash == h && m->slots[j].len == len && memcmp(m->slots[j].key, key, len) == 0)
      return &m->slots[j].value;
  return NULL;
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

/* Ruby's String#downcase: full Unicode case mapping of each character, without context
 * (so no final-sigma rule: "ΣΑΣ" -> "σασ").  ICU's root-locale u_strToLower applied to one
 * code point at a time gives exactly that.  ASCII takes a fast path. */
static char *downcase(cb_arena *a, const char *s, size_t n, size_t *out_len) {
  cb_buf b = CB_BUF_INIT;
  cb_buf_grow(&b, n + 1);
  for (size_t i = 0; i < n;) {
    unsigned char ch = (unsigned char)s[i];
    if (ch < 0x80) {
      cb_buf_putc(&b, (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
      i++;
      continue;
    }
    size_t start = i;
    uint32_t cp = cb_utf8_next(s, n, &i);
    UChar in[2], low[8];
    int32_t il = 0;
    UBool err = 0;
    U16_APPEND(in, il, 2, (UChar32)cp, err);
    UErrorCode st = U_ZERO_ERROR;
    int32_t ll = err ? -1 : u_strToLower(low, 8, in, il, "", &st);
    if (ll < 0 || U_FAILURE(st)) {
      cb_buf_put(&b, s + start, i - start);
      continue;
    }
    for (int32_t k = 0; k < ll;) {
      UChar32 c;
      U16_NEXT(low, k, ll, c);
      char enc[4];
      size_t en;
      cb_utf8_encode((uint32_t)c, enc, &en);
      cb_buf_put(&b, enc, en);
    }
  }
  *out_len = b.len;
  char *r = cb_strndup(a, b.data ? b.data : "", b.len);
  cb_buf_free(&b);
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
