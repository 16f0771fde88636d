/* NFC normalisation through ICU.  Most text is already NFC (and most of it ASCII), so the
 * common path is a plain copy: ASCII needs no check, and ICU's quick check settles the rest
 * without normalising.  Lengths beyond INT32_MAX cannot go through ICU's int32_t API; such text
 * is copied unchanged (no course page comes near 2 GB). */
#include "coursebook/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static bool is_ascii(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] >= 0x80) return false;
  return true;
}

/* UTF-8 → UTF-16 in a malloc'd buffer (a UTF-16 text never has more units than UTF-8 bytes). */
static UChar *to_utf16(const char *s, size_t len, int32_t *n16) {
  UChar *u = cb_xmalloc((len + 1) * sizeof(UChar));
  UErrorCode err = U_ZERO_ERROR;
  u_strFromUTF8WithSub(u, (int32_t)(len + 1), n16, s, (int32_t)len, 0xFFFD, NULL, &err);
  if (U_FAILURE(err)) *n16 = -1;
  return u;
}

bool cb_text_is_nfc(const char *s, size_t len) {
  if (is_ascii(s, len) || len >= INT32_MAX) return true;
  UErrorCode err = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
  if (U_FAILURE(err)) return true;
  int32_t n16;
  UChar *u = to_utf16(s, len, &n16);
  bool ok = n16 < 0 || unorm2_isNormalized(nfc, u, n16, &err);
  free(u);
  return ok || U_FAILURE(err);
}

char *cb_text_nfc(cb_arena *a, const char *s, size_t len, size_t *out_len) {
  if (out_len) *out_len = len;
  if (is_ascii(s, len) || len >= INT32_MAX / 3) return cb_strndup(a, s, len);
  UErrorCode err = U_ZERO_ERROR;
  const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
  if (U_FAILURE(err)) return cb_strndup(a, s, len);
  int32_t n16;
  UChar *u = to_utf16(s, len, &n16);
  if (n16 < 0 || unorm2_spanQuickCheckYes(nfc, u, n16, &err) == n16 || U_FAILURE(err)) {
    free(u);
    return cb_strndup(a, s, len);
  }
  /* NFC rarely grows text; preflight handles the cases where it does. */
  int32_t cap = n16 + 16;
  UChar *d = cb_xmalloc((size_t)cap * sizeof(UChar));
  err = U_ZERO_ERROR;
  int32_t dn = unorm2_normalize(nfc, u, n16, d, cap, &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    free(d);
    cap = dn;
    d = cb_xmalloc((size_t)cap * sizeof(UChar));
    err = U_ZERO_ERROR;
    dn = unorm2_normalize(nfc, u, n16, d, cap, &err);
  }
  free(u);
  if (U_FAILURE(err)) {
    free(d);
    return cb_strndup(a, s, len);
  }
  int32_t n8 = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8(NULL, 0, &n8, d, dn, &err); /* preflight */
  char *out = cb_alloc(a, (size_t)n8 + 1);
  err = U_ZERO_ERROR;
  u_strToUTF8(out, n8 + 1, &n8, d, dn, &err);
  free(d);
  if (U_FAILURE(err)) return cb_strndup(a, s, len);
  out[n8] = '\0';
  if (out_len) *out_len = (size_t)n8;
  return out;
}
