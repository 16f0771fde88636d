/* Stable publication identifiers: an RFC 4122 version-5 UUID (SHA-1, name-based) of the
 * book's title, creators and date, so rebuilding the same course keeps its identifier and
 * reading systems keep its reading position.  SHA-1 here is an identifier hash, not security;
 * written from FIPS 180-4 because none of the project's libraries exposes it. */
#include <stdint.h>
#include <string.h>

#include "epub.h"

static uint32_t rol(uint32_t x, int n) {
  return (x << n) | (x >> (32 - n));
}

static void sha1_block(uint32_t h[5], const unsigned char *p) {
  uint32_t w[80];
  for (int t = 0; t < 16; t++)
    w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 |
           (uint32_t)p[4 * t + 3];
  for (int t = 16; t < 80; t++)
    w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
  for (int t = 0; t < 80; t++) {
    uint32_t f, k;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5A827999u;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ED9EBA1u;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8F1BBCDCu;
    } else {
      f = b ^ c ^ d;
      k = 0xCA62C1D6u;
    }
    uint32_t tmp = rol(a, 5) + f + e + k + w[t];
    e = d;
    d = c;
    c = rol(b, 30);
    b = a;
    a = tmp;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
}

void cb_sha1(const void *data, size_t len, unsigned char out[20]) {
  uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  const unsigned char *p = data;
  size_t left = len;
  for (; left >= 64; p += 64, left -= 64)
    sha1_block(h, p);
  /* Padding: 0x80, zeros, then the message length in bits, big-endian, in one or two blocks. */
  unsigned char tail[128] = {0};
  memcpy(tail, p, left);
  tail[left] = 0x80;
  size_t tail_len = left + 1 + 8 <= 64 ? 64 : 128;
  uint64_t bits = (uint64_t)len * 8;
  for (int i = 0; i < 8; i++)
    tail[tail_len - 1 - i] = (unsigned char)(bits >> (8 * i));
  sha1_block(h, tail);
  if (tail_len == 128) sha1_block(h, tail + 64);
  for (int i = 0; i < 5; i++) {
    out[4 * i] = (unsigned char)(h[i] >> 24);
    out[4 * i + 1] = (unsigned char)(h[i] >> 16);
    out[4 * i + 2] = (unsigned char)(h[i] >> 8);
    out[4 * i + 3] = (unsigned char)h[i];
  }
}

const char *cb_epub_uuid5(cb_arena *a, const unsigned char ns[16], const char *name, size_t len) {
  /* RFC 4122 §4.3: SHA-1 over namespace bytes then the name. */
  unsigned char *msg = cb_alloc(a, 16 + len + 1);
  memcpy(msg, ns, 16);
  memcpy(msg + 16, name, len);
  unsigned char d[20];
  cb_sha1(msg, 16 + len, d);
  d[6] = (unsigned char)((d[6] & 0x0F) | 0x50); /* version 5 */
  d[8] = (unsigned char)((d[8] & 0x3F) | 0x80); /* RFC 4122 variant */
  return cb_sprintf(a,
                    "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12],
                    d[13], d[14], d[15]);
}
