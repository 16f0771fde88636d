/* Script runs, emoji clusters and Burmese line-break opportunities.
 *
 * Input is assumed NFC (the model holds NFC text; see cb_text_nfc): ICU's Burmese dictionary
 * breaks inside syllables of un-normalised text.  Pure ASCII never reaches ICU.  Otherwise the
 * text is converted to UTF-16 once, ICU's character iterator finds emoji clusters and its line
 * iterator (locale "my", dictionary based) finds break opportunities; ICU's UTF-16 offsets are
 * mapped back to UTF-8 by walking both encodings in step, so the whole pass is linear.  The break
 * iterators are opened once per thread and reused (opening the Burmese line breaker loads its
 * dictionary and is slow). */
#include "coursebook/text.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

static _Thread_local UBreakIterator *char_iter, *line_iter;

static UBreakIterator *get_iter(UBreakIterator **slot, UBreakIteratorType type, const char *loc) {
  if (!*slot) {
    UErrorCode err = U_ZERO_ERROR;
    *slot = ubrk_open(type, loc, NULL, 0, &err);
    if (U_FAILURE(err)) *slot = NULL;
  }
  return *slot;
}

/* Code points that may start (or be part of) an emoji cluster; cheap pre-filter before ICU's
 * cluster test. */
static bool emojiish(uint32_t cp) {
  if (cp < 0x80) return false;
  if (cp == 0x20E3 || cp == 0xFE0F) return true;
  return u_hasBinaryProperty((UChar32)cp, UCHAR_EMOJI) ||
         u_hasBinaryProperty((UChar32)cp, UCHAR_EXTENDED_PICTOGRAPHIC);
}

bool cb_text_needs_segmenting(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp = cb_utf8_next(s, len, &i);
    if (cb_char_is_myanmar(cp) || emojiish(cp)) return true;
  }
  return false;
}

static cb_script script_of(uint32_t cp) {
  if (cp < 0x80)
    return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ? CB_SCRIPT_LATIN : CB_SCRIPT_COMMON;
  if (cb_char_is_myanmar(cp)) return CB_SCRIPT_MYANMAR;
  if (cp == 0xFFFD) return CB_SCRIPT_COMMON;
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript((UChar32)cp, &err);
  if (U_FAILURE(err)) return CB_SCRIPT_COMMON;
  switch (sc) {
  case USCRIPT_COMMON:
  case USCRIPT_INHERITED:
  case USCRIPT_UNKNOWN: return CB_SCRIPT_COMMON;
  case USCRIPT_LATIN: return CB_SCRIPT_LATIN;
  case USCRIPT_MYANMAR: return CB_SCRIPT_MYANMAR;
  default: return CB_SCRIPT_OTHER;
  }
}

/* A growable list of UTF-8 offsets (pairs for emoji spans). */
typedef struct offs {
  size_t *v;
  size_t n, cap;
} offs;

static void offs_push(offs *o, size_t x) {
  if (o->n == o->cap) {
    o->cap = o->cap ? o->cap * 2 : 64;
    o->v = cb_xrealloc(o->v, o->cap * sizeof *o->v);
  }
  o->v[o->n++] = x;
}

/* Maps increasing UTF-16 offsets to UTF-8 offsets by walking both encodings together; the
 * UTF-16 text was produced with the same decoder, so code points line up. */
typedef struct cursor {
  const char *s;
  size_t len, u8;
  int32_t u16;
} cursor;

static size_t cursor_to(cursor *c, int32_t u16) {
  while (c->u16 < u16 && c->u8 < c->len) {
    uint32_t cp = cb_utf8_next(c->s, c->len, &c->u8);
    c->u16 += cp > 0xFFFF ? 2 : 1;
  }
  return c->u8;
}

static bool cluster_is_emoji(const UChar *u, int32_t a, int32_t b) {
  UChar32 first;
  int32_t k = a;
  U16_NEXT(u, k, b, first);
  if (!emojiish((uint32_t)first) && !(first < 0x80 && b - a > 1)) return false;
  if (u_stringHasBinaryProperty(u + a, b - a, UCHAR_RGI_EMOJI)) return true;
  /* Not in the RGI set (e.g. a newer or unusual sequence): still an emoji when it starts with
   * a pictograph that is shown as emoji by default or asks for emoji style with FE0F. */
  if (!u_hasBinaryProperty(first, UCHAR_EXTENDED_PICTOGRAPHIC)) return false;
  if (u_hasBinaryProperty(first, UCHAR_EMOJI_PRESENTATION)) return true;
  for (int32_t j = a; j < b; j++)
    if (u[j] == 0xFE0F) return true;
  return false;
}

/* Emoji clusters as [start, end) UTF-8 pairs. */
static void find_emoji(const char *s, size_t len, const UChar *u, int32_t n16, offs *out) {
  UBreakIterator *bi = get_iter(&char_iter, UBRK_CHARACTER, "");
  if (!bi) return;
  UErrorCode err = U_ZERO_ERROR;
  ubrk_setText(bi, u, n16, &err);
  if (U_FAILURE(err)) return;
  cursor c = {s, len, 0, 0};
  int32_t a = ubrk_first(bi);
  for (int32_t b = ubrk_next(bi); b != UBRK_DONE; a = b, b = ubrk_next(bi)) {
    /* Only clusters with a non-ASCII code point can be emoji (keycaps carry U+20E3). */
    bool any = false;
    for (int32_t j = a; j < b && !any; j++)
      any = u[j] >= 0x80;
    if (!any || !cluster_is_emoji(u, a, b)) continue;
    size_t x = cursor_to(&c, a);
    offs_push(out, x);
    offs_push(out, cursor_to(&c, b));
  }
  ubrk_setText(bi, NULL, 0, &err); /* drop the pointer to the caller's text */
}

static bool is_mark(uint32_t cp) {
  return (U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK) != 0 || cp == 0x200D || cp == 0x200C;
}

/* Line-break opportunities strictly between two Myanmar characters, never before a mark or
 * joiner nor after the stacking virama U+1039 (so never inside a syllable cluster). */
static void find_breaks(const char *s, size_t len, const UChar *u, int32_t n16, offs *out) {
  UBreakIterator *bi = get_iter(&line_iter, UBRK_LINE, "my");
  if (!bi) return;
  UErrorCode err = U_ZERO_ERROR;
  ubrk_setText(bi, u, n16, &err);
  if (U_FAILURE(err)) return;
  cursor c = {s, len, 0, 0};
  for (int32_t b = ubrk_next(bi); b != UBRK_DONE && b < n16; b = ubrk_next(bi)) {
    UChar32 before, after;
    int32_t k = b;
    U16_PREV(u, 0, k, before);
    k = b;
    U16_NEXT(u, k, n16, after);
    if (!cb_char_is_myanmar((uint32_t)before) || !cb_char_is_myanmar((uint32_t)after)) continue;
    if (is_mark((uint32_t)after) || before == 0x1039) continue;
    offs_push(out, cursor_to(&c, b));
  }
  ubrk_setText(bi, NULL, 0, &err);
}

static void emit(cb_seg_fn fn, void *ud, cb_seg_kind k, cb_script sc, const char *s, size_t len) {
  cb_seg seg = {k, sc, s, len};
  fn(&seg, ud);
}

void cb_text_segments(const char *s, size_t len, unsigned flags, cb_seg_fn fn, void *ud) {
  if (len == 0) return;
  /* Pre-pass: what does the text contain?  ASCII-only text is one run, without ICU. */
  bool ascii = true, has_my = false, has_emoji = false, has_latin = false;
  for (size_t i = 0; i < len;) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') has_latin = true;
      i++;
      continue;
    }
    ascii = false;
    uint32_t cp = cb_utf8_next(s, len, &i);
    if (cb_char_is_myanmar(cp))
      has_my = true;
    else if (emojiish(cp))
      has_emoji = true;
  }
  if (ascii) {
    emit(fn, ud, CB_SEG_TEXT, has_latin ? CB_SCRIPT_LATIN : CB_SCRIPT_COMMON, s, len);
    return;
  }

  offs emo = {0}, brk = {0};
  bool want_emoji = (flags & CB_SEG_WANT_EMOJI) && has_emoji;
  bool want_breaks = (flags & CB_SEG_WANT_BREAKS) && has_my;
  if ((want_emoji || want_breaks) && len < INT32_MAX / 2) {
    UChar *u = cb_xmalloc((len + 1) * sizeof(UChar));
    int32_t n16 = 0;
    for (size_t i = 0; i < len;) {
      uint32_t cp = cb_utf8_next(s, len, &i);
      U16_APPEND_UNSAFE(u, n16, cp);
    }
    if (want_emoji) find_emoji(s, len, u, n16, &emo);
    if (want_breaks) find_breaks(s, len, u, n16, &brk);
    free(u);
  }

  /* Main walk: cut runs where the script changes, around emoji and at break points. */
  size_t start = 0, ei = 0, bi = 0, i = 0;
  cb_script run = CB_SCRIPT_COMMON;
  while (i < len) {
    if (ei < emo.n && emo.v[ei] == i) {
      if (i > start) emit(fn, ud, CB_SEG_TEXT, run, s + start, i - start);
      emit(fn, ud, CB_SEG_EMOJI, CB_SCRIPT_COMMON, s + i, emo.v[ei + 1] - i);
      i = start = emo.v[ei + 1];
      ei += 2;
      run = CB_SCRIPT_COMMON;
      continue;
    }
    while (bi < brk.n && brk.v[bi] < i)
      bi++;
    if (bi < brk.n && brk.v[bi] == i && run == CB_SCRIPT_MYANMAR && i > start) {
      emit(fn, ud, CB_SEG_TEXT, run, s + start, i - start);
      emit(fn, ud, CB_SEG_BREAK, run, s + i, 0);
      start = i;
      bi++;
    }
    size_t at = i;
    cb_script sc = script_of(cb_utf8_next(s, len, &i));
    if (sc == CB_SCRIPT_COMMON || sc == run) continue;
    if (run == CB_SCRIPT_COMMON) { /* leading common characters join the first real run */
      run = sc;
      continue;
    }
    emit(fn, ud, CB_SEG_TEXT, run, s + start, at - start);
    start = at;
    run = sc;
  }
  if (len > start) emit(fn, ud, CB_SEG_TEXT, run, s + start, len - start);
  free(emo.v);
  free(brk.v);
}
