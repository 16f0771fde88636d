/* Character classes and script/language counting.  ASCII is classified without ICU. */
#include "coursebook/text.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

/* (the LaTeX preamble sets its font classes from these same tables) */
const cb_range cb_myanmar_ranges[] = {{0x1000, 0x10A0}, {0xA9E0, 0xAA00}, {0xAA60, 0xAA80}};
const size_t cb_n_myanmar_ranges = sizeof cb_myanmar_ranges / sizeof *cb_myanmar_ranges;
const cb_range cb_cjk_ranges[] = {{0x1100, 0x1200}, {0x2E80, 0x2FE0},  {0x3000, 0xA000},
                                  {0xAC00, 0xD7B0}, {0xF900, 0xFB00},  {0xFE30, 0xFE50},
                                  {0xFF00, 0xFFF0}, {0x20000, 0x2A6E0}};
const size_t cb_n_cjk_ranges = sizeof cb_cjk_ranges / sizeof *cb_cjk_ranges;

static bool in_ranges(uint32_t cp, const cb_range *r, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (cp >= r[i].from && cp < r[i].to) return true;
  return false;
}

bool cb_char_is_cjk(uint32_t cp) {
  return cp >= 0x1100 && in_ranges(cp, cb_cjk_ranges, cb_n_cjk_ranges);
}

bool cb_char_is_myanmar(uint32_t cp) {
  return cp >= 0x1000 && in_ranges(cp, cb_myanmar_ranges, cb_n_myanmar_ranges);
}

/* Onigmo's \p{Word} as Ruby (and so Jekyll/kramdown ids) uses it: general categories L*, M*,
 * Nd and Pc. */
bool cb_char_is_word(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  if (cp > 0x10FFFF) return false;
  uint32_t mask = U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK;
  return (U_GET_GC_MASK((UChar32)cp) & mask) != 0;
}

const char *cb_script_lang(cb_script s) {
  switch (s) {
  case CB_SCRIPT_LATIN: return "en";
  case CB_SCRIPT_MYANMAR: return "my";
  default: return NULL;
  }
}

/* Letters of a script, as written: Burmese writes vowels as combining signs (ကာ = consonant +
 * U+102C), so Myanmar marks count as letters just as Latin vowels do. */
void cb_text_count_scripts(cb_script_counts *c, const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
      if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') c->latin++;
      i++;
      continue;
    }
    uint32_t cp = cb_utf8_next(s, len, &i);
    uint32_t gc = U_GET_GC_MASK((UChar32)cp);
    if (cb_char_is_myanmar(cp)) {
      if (gc & (U_GC_L_MASK | U_GC_M_MASK)) c->myanmar++;
      continue;
    }
    if (!(gc & U_GC_L_MASK)) continue;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)cp, &err);
    if (sc == USCRIPT_LATIN)
      c->latin++;
    else
      c->other++;
  }
}

/* Burmese technical prose embeds English terms, titles and names, which are long in letters,
 * while English text rarely embeds Burmese.  So a text is Burmese once Myanmar letters reach a
 * fifth of the Latin ones (the example course page has about 1 Myanmar letter to 4 Latin ones,
 * and every paragraph of it is Burmese). */
const char *cb_text_lang_from_counts(const cb_script_counts *c) {
  size_t total = c->latin + c->myanmar + c->other;
  if (total == 0) return NULL;
  if (c->other > c->latin && c->other > c->myanmar) return NULL;
  if (c->myanmar > 0 && c->myanmar * 5 >= c->latin) return "my";
  if (c->latin > 0) return "en";
  return NULL;
}
