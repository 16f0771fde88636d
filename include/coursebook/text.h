/* The shared text layer (ICU): NFC, UTF-8, script runs, Burmese line-break opportunities and
 * emoji clusters.  Burmese is handled here once, for every reader and backend. */
#ifndef COURSEBOOK_TEXT_H
#define COURSEBOOK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coursebook/arena.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- UTF-8 ---- */
/* Decode one code point at s[*i] (advancing *i); invalid bytes give U+FFFD and advance 1. */
uint32_t cb_utf8_next(const char *s, size_t len, size_t *i);
void cb_utf8_encode(uint32_t cp, char out[4], size_t *n);
/* Byte offset of the first invalid UTF-8 sequence, or len if the text is valid. */
size_t cb_utf8_check(const char *s, size_t len);

/* ---- Normalisation ---- */
/* NFC of s (arena copy; fast path when already NFC).  Invalid UTF-8 must be repaired first. */
char *cb_text_nfc(cb_arena *a, const char *s, size_t len, size_t *out_len);
bool cb_text_is_nfc(const char *s, size_t len);

/* ---- Character classes ---- */
/* Ruby/Onigmo \p{Word}: letters, marks, decimal digits, connector punctuation. */
bool cb_char_is_word(uint32_t cp);
/* Code point ranges [from, to). */
typedef struct cb_range {
  uint32_t from, to;
} cb_range;
/* Myanmar: U+1000-109F, U+A9E0-A9FF, U+AA60-AA7F. */
extern const cb_range cb_myanmar_ranges[];
extern const size_t cb_n_myanmar_ranges;
bool cb_char_is_myanmar(uint32_t cp);
/* Chinese, Japanese and Korean letters and their punctuation and full-width forms: Hangul
 * jamo and syllables, CJK radicals, symbols, kana, ideographs (and extension B), compatibility
 * forms. */
extern const cb_range cb_cjk_ranges[];
extern const size_t cb_n_cjk_ranges;
bool cb_char_is_cjk(uint32_t cp);

/* ---- Scripts and language ---- */
typedef enum cb_script {
  CB_SCRIPT_COMMON = 0, /* spaces, punctuation, digits: take the surrounding run's script */
  CB_SCRIPT_LATIN,
  CB_SCRIPT_MYANMAR,
  CB_SCRIPT_OTHER
} cb_script;

/* BCP 47 tag conventionally used for a script's run ("en" for Latin, "my" for Myanmar). */
const char *cb_script_lang(cb_script s);

typedef struct cb_script_counts {
  size_t latin, myanmar, other; /* letters counted */
} cb_script_counts;
void cb_text_count_scripts(cb_script_counts *c, const char *s, size_t len);
/* "my" when Myanmar letters are the majority, "en" for Latin, NULL when undecided. */
const char *cb_text_lang_from_counts(const cb_script_counts *c);

/* ---- Segmentation for backends ----
 * Cuts text into script runs, emoji clusters and (inside Myanmar runs only) zero-length line
 * break opportunities from ICU's dictionary-based line breaker, after NFC.  Segments come in
 * text order and cover the input exactly (BREAK segments have len 0).  The input must already
 * be NFC (model text is; see cb_text_nfc): on other text ICU may break inside a syllable. */
typedef enum cb_seg_kind {
  CB_SEG_TEXT,  /* a run of one script (common characters joined to their neighbours) */
  CB_SEG_EMOJI, /* one emoji cluster (RGI emoji, with modifiers/ZWJ/FE0F) */
  CB_SEG_BREAK  /* a break opportunity between two Myanmar syllables (len 0) */
} cb_seg_kind;

typedef struct cb_seg {
  cb_seg_kind kind;
  cb_script script; /* TEXT: the run's script */
  const char *s;    /* points into the input */
  size_t len;
} cb_seg;

enum {
  CB_SEG_WANT_BREAKS = 1, /* report Myanmar break opportunities */
  CB_SEG_WANT_EMOJI = 2   /* split emoji clusters out of text runs */
};

typedef void (*cb_seg_fn)(const cb_seg *seg, void *ud);
void cb_text_segments(const char *s, size_t len, unsigned flags, cb_seg_fn fn, void *ud);

/* Does the text contain anything a backend must segment (Myanmar or emoji)?  Cheap check
 * so pure-ASCII text skips ICU entirely. */
bool cb_text_needs_segmenting(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
