/* UTF-8 decoding, encoding and validation (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
 * Hand-written because it sits on every hot path and must never read past len. */
#include "coursebook/text.h"

/* Length of a well-formed sequence starting at s[i], or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len, size_t i, uint32_t *cp) {
  unsigned c = s[i];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, v = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, v = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, v = c & 0x07, min = 0x10000;
  } else {
    return 0; /* continuation byte, C0/C1 (always overlong) or F5..FF */
  }
  if (len - i < n) return 0; /* truncated */
  for (size_t k = 1; k < n; k++) {
    unsigned cc = s[i + k];
    if ((cc & 0xC0) != 0x80) return 0;
    v = (v << 6) | (cc & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

uint32_t cb_utf8_next(const char *s, size_t len, size_t *i) {
  uint32_t cp = 0xFFFD;
  size_t n = utf8_seq((const unsigned char *)s, len, *i, &cp);
  if (n == 0) {
    *i += 1;
    return 0xFFFD;
  }
  *i += n;
  return cp;
}

void cb_utf8_encode(uint32_t cp, char out[4], size_t *n) {
  unsigned char *o = (unsigned char *)out;
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    o[0] = (unsigned char)cp;
    *n = 1;
  } else if (cp < 0x800) {
    o[0] = (unsigned char)(0xC0 | (cp >> 6));
    o[1] = (unsigned char)(0x80 | (cp & 0x3F));
    *n = 2;
  } else if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12));
    o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    *n = 3;
  } else {
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    *n = 4;
  }
}

size_t cb_utf8_check(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (u[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    size_t n = utf8_seq(u, len, i, &cp);
    if (n == 0) return i;
    i += n;
  }
  return len;
}
