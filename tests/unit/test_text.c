/* The shared text layer: UTF-8, NFC, \p{Word}, script runs, emoji clusters, Burmese breaks,
 * language detection. */
#include "coursebook/text.h"

#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Segments rendered as a string: text as is, "|" for a break, "[..]" around emoji, "/" between
 * text runs of different scripts. */
typedef struct seg_log {
  char out[4096];
  size_t n, count, text, emoji, breaks, covered;
  const char *expect_next; /* segments must be contiguous */
  int contiguous;
  cb_script last;
} seg_log;

static void put(seg_log *l, const char *s, size_t n) {
  if (l->n + n < sizeof l->out) {
    memcpy(l->out + l->n, s, n);
    l->n += n;
    l->out[l->n] = '\0';
  }
}

static void on_seg(const cb_seg *s, void *ud) {
  seg_log *l = ud;
  if (l->expect_next && s->s != l->expect_next) l->contiguous = 0;
  l->expect_next = s->s + s->len;
  l->covered += s->len;
  l->count++;
  switch (s->kind) {
  case CB_SEG_TEXT:
    if (l->text && l->last != s->script && l->n && l->out[l->n - 1] != ']' &&
        l->out[l->n - 1] != '|')
      put(l, "/", 1);
    l->last = s->script;
    l->text++;
    put(l, s->s, s->len);
    break;
  case CB_SEG_EMOJI:
    l->emoji++;
    put(l, "[", 1);
    put(l, s->s, s->len);
    put(l, "]", 1);
    break;
  case CB_SEG_BREAK:
    l->breaks++;
    if (s->len != 0) l->contiguous = 0;
    put(l, "|", 1);
    break;
  }
}

static seg_log segs(const char *s, unsigned flags) {
  seg_log l;
  memset(&l, 0, sizeof l);
  l.contiguous = 1;
  cb_text_segments(s, strlen(s), flags, on_seg, &l);
  return l;
}

static void test_utf8(void) {
  const uint32_t cps[] = {0,      0x41,   0x7F,   0x80,   0x7FF,   0x800,   0x1000,  0x103A,
                          0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F96C, 0x10FFFF};
  for (size_t k = 0; k < sizeof cps / sizeof *cps; k++) {
    char b[4];
    size_t n, i = 0;
    cb_utf8_encode(cps[k], b, &n);
    CHECK_INT(cb_utf8_check(b, n), n);
    CHECK_INT(cb_utf8_next(b, n, &i), cps[k]);
    CHECK_INT(i, n);
  }
  char b[4];
  size_t n;
  cb_utf8_encode(0x1F96C, b, &n); /* 🥬 */
  CHECK(n == 4 && memcmp(b, "\xF0\x9F\xA5\xAC", 4) == 0);
  cb_utf8_encode(0xD800, b, &n); /* surrogates cannot be encoded: U+FFFD */
  CHECK(n == 3 && memcmp(b, "\xEF\xBF\xBD", 3) == 0);

  /* Invalid: overlong, surrogate, truncated, stray continuation, beyond U+10FFFF. */
  const char *bad[] = {"\xC0\xAF",         "\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\xED\xA0\x80",
                       "\xED\xBF\xBF",     "\xE1\x80",     "\xF0\x9F\xA5",     "\x80",
                       "\xF4\x90\x80\x80", "\xFF"};
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    size_t len = strlen(bad[k]), i = 0;
    char buf[16];
    snprintf(buf, sizeof buf, "ab%s", bad[k]);
    CHECK_INT(cb_utf8_check(buf, len + 2), 2);
    CHECK_INT(cb_utf8_next(bad[k], len, &i), 0xFFFD);
    CHECK_INT(i, 1); /* invalid bytes advance one at a time */
  }
  /* Truncation by length, not by NUL: the decoder must not read past len. */
  size_t i = 0;
  CHECK_INT(cb_utf8_next("\xE1\x80\x80", 2, &i), 0xFFFD);
  CHECK_INT(cb_utf8_check("\xE1\x80\x80", 2), 0);
  const char *ok = "Face ကို 🥬";
  CHECK_INT(cb_utf8_check(ok, strlen(ok)), strlen(ok));
}

static char *read_example(size_t *len) {
  const char *dir = getenv("COURSEBOOK_DATA_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/examples/machine-learning-paper-reading.md", dir ? dir : ".");
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = malloc(1 << 20);
  *len = fread(buf, 1, (1 << 20) - 1, f);
  buf[*len] = '\0';
  fclose(f);
  return buf;
}

static void test_nfc(void) {
  cb_arena *a = cb_arena_new();
  size_t n;
  /* သင့်တဲ့ as the example page stores it: U+103A U+1037 (asat before dot below). */
  const char *raw = "\xe1\x80\x9e\xe1\x80\x84\xe1\x80\xba\xe1\x80\xb7\xe1\x80\x90\xe1\x80\xb2"
                    "\xe1\x80\xb7";
  const char *nfc = "\xe1\x80\x9e\xe1\x80\x84\xe1\x80\xb7\xe1\x80\xba\xe1\x80\x90\xe1\x80\xb2"
                    "\xe1\x80\xb7";
  CHECK(!cb_text_is_nfc(raw, strlen(raw)));
  CHECK(cb_text_is_nfc(nfc, strlen(nfc)));
  char *got = cb_text_nfc(a, raw, strlen(raw), &n);
  CHECK_INT(n, strlen(nfc));
  CHECK_STR(got, nfc);
  /* On the raw text ICU breaks inside the syllable; after NFC it breaks between words. */
  CHECK_STR(
      segs(raw, CB_SEG_WANT_BREAKS).out,
      "\xe1\x80\x9e|\xe1\x80\x84\xe1\x80\xba\xe1\x80\xb7|\xe1\x80\x90\xe1\x80\xb2\xe1\x80\xb7");
  CHECK_STR(segs(got, CB_SEG_WANT_BREAKS).out, "သင့်|တဲ့");

  /* Fast paths give equal copies. */
  CHECK_STR(cb_text_nfc(a, "plain ascii", 11, &n), "plain ascii");
  CHECK_STR(cb_text_nfc(a, "ကို", strlen("ကို"), &n), "ကို");
  CHECK_STR(cb_text_nfc(a, "e\xcc\x81", 3, &n), "\xc3\xa9"); /* e + U+0301 → é */
  CHECK_INT(n, 2);
  CHECK(cb_text_is_nfc("", 0));

  size_t len;
  char *page = read_example(&len);
  CHECK(page != NULL);
  if (page) {
    CHECK(!cb_text_is_nfc(page, len));
    char *p = cb_text_nfc(a, page, len, &n);
    CHECK(cb_text_is_nfc(p, n));
    CHECK(strstr(page, "\xe1\x80\xba\xe1\x80\xb7") != NULL);
    CHECK(strstr(p, "\xe1\x80\xba\xe1\x80\xb7") == NULL);
    CHECK(strstr(p, "\xe1\x80\xb7\xe1\x80\xba") != NULL);
    CHECK_INT(n, len); /* reordering only */
    /* Language: the page is Burmese prose with English terms. */
    cb_script_counts c = {0};
    cb_text_count_scripts(&c, p, n);
    CHECK(c.myanmar > 0 && c.latin > c.myanmar);
    CHECK_STR(cb_text_lang_from_counts(&c), "my");
    free(page);
  }
  cb_arena_free(a);
}

static void test_classes(void) {
  const char *word = "ကိုစိတ်ဝင်စား_abcZ09é"; /* letters, vowel signs, asat, Pc, digits */
  for (size_t i = 0, len = strlen(word); i < len;)
    CHECK(cb_char_is_word(cb_utf8_next(word, len, &i)));
  CHECK(cb_char_is_word(0x1040)); /* Myanmar digit zero (Nd) */
  CHECK(cb_char_is_word(0x103A)); /* asat (Mn) */
  CHECK(cb_char_is_word(0x102C)); /* vowel sign aa (Mc) */
  CHECK(cb_char_is_word(0x203F)); /* undertie (Pc) */
  CHECK(!cb_char_is_word('-'));
  CHECK(!cb_char_is_word(' '));
  CHECK(!cb_char_is_word(0x104B));  /* ။ section mark */
  CHECK(!cb_char_is_word(0x1F96C)); /* 🥬 */
  CHECK(!cb_char_is_word(0x1F469));
  CHECK(!cb_char_is_word(0x1F3FB)); /* skin tone modifier (Sk) */
  CHECK(cb_char_is_word(0xFE0F));   /* variation selector is Mn: Onigmo keeps it */
  CHECK(!cb_char_is_word(0x200B));
  CHECK(cb_char_is_myanmar(0x1000) && cb_char_is_myanmar(0x109F) && cb_char_is_myanmar(0xA9E0) &&
        cb_char_is_myanmar(0xAA7F));
  CHECK(!cb_char_is_myanmar(0x0FFF) && !cb_char_is_myanmar(0x10A0) && !cb_char_is_myanmar('a'));
  CHECK_STR(cb_script_lang(CB_SCRIPT_LATIN), "en");
  CHECK_STR(cb_script_lang(CB_SCRIPT_MYANMAR), "my");
  CHECK(cb_script_lang(CB_SCRIPT_OTHER) == NULL && cb_script_lang(CB_SCRIPT_COMMON) == NULL);

  cb_script_counts c = {0};
  cb_text_count_scripts(&c, "Hello, world 123", 16);
  CHECK_INT(c.latin, 10);
  CHECK_STR(cb_text_lang_from_counts(&c), "en");
  memset(&c, 0, sizeof c);
  cb_text_count_scripts(&c, "123 !? 🥬", strlen("123 !? 🥬"));
  CHECK(cb_text_lang_from_counts(&c) == NULL);
  memset(&c, 0, sizeof c);
  const char *my = "စိတ်ဝင်စားသူ";
  cb_text_count_scripts(&c, my, strlen(my));
  CHECK_INT(c.myanmar, 12); /* 4 consonants + 8 vowel signs/asats/visarga */
  CHECK_STR(cb_text_lang_from_counts(&c), "my");
  memset(&c, 0, sizeof c);
  const char *ru = "Привет мир";
  cb_text_count_scripts(&c, ru, strlen(ru));
  CHECK_INT(c.other, 9);
  CHECK(cb_text_lang_from_counts(&c) == NULL);
  /* A long English text quoting one Burmese word stays English. */
  memset(&c, 0, sizeof c);
  const char *en = "The Burmese word for curious is စိတ်ဝင်စား and it is used often in the "
                   "course pages about machine learning.";
  cb_text_count_scripts(&c, en, strlen(en));
  CHECK_STR(cb_text_lang_from_counts(&c), "en");
}

static void test_segments(void) {
  seg_log l = segs("Face Recognition ကို စိတ်ဝင်စားသူတိုင်လေ့လာ", CB_SEG_WANT_BREAKS | CB_SEG_WANT_EMOJI);
  CHECK_STR(l.out, "Face Recognition /ကို စိတ်ဝင်စား|သူ|တိုင်|လေ့လာ");
  CHECK(l.contiguous);
  CHECK_INT(l.breaks, 3);
  CHECK_INT(l.emoji, 0);
  /* Without WANT_BREAKS: just two runs, Latin then Myanmar. */
  l = segs("Face Recognition ကို စိတ်ဝင်စားသူတိုင်လေ့လာ", 0);
  CHECK_STR(l.out, "Face Recognition /ကို စိတ်ဝင်စားသူတိုင်လေ့လာ");
  CHECK_INT(l.count, 2);

  l = segs("### 🥬 Metric", CB_SEG_WANT_EMOJI);
  CHECK_STR(l.out, "### [🥬] Metric");
  CHECK_INT(l.emoji, 1);
  CHECK_INT(l.count, 3);
  l = segs("👩🏻🎓 Knowledge", CB_SEG_WANT_EMOJI | CB_SEG_WANT_BREAKS);
  CHECK_STR(l.out, "[👩🏻][🎓] Knowledge");
  CHECK_INT(l.emoji, 2);
  l = segs("👩🏻🎓 Knowledge", 0); /* emoji not wanted: stay in the text */
  CHECK_INT(l.emoji, 0);
  /* ZWJ sequence stays one cluster; digits and '#' are emoji only as keycaps. */
  l = segs("a👩🏻‍🎓b # 1 #️⃣ 1️⃣", CB_SEG_WANT_EMOJI);
  CHECK_STR(l.out, "a[👩🏻‍🎓]b # 1 [#️⃣] [1️⃣]");
  CHECK_INT(l.emoji, 3);
  /* Text-style symbols (no FE0F) are not emoji; with FE0F they are. */
  l = segs("© ☺ ☺️", CB_SEG_WANT_EMOJI);
  CHECK_STR(l.out, "© ☺ [☺️]");

  /* Flags and emoji inside Burmese: the run is cut around the emoji and resumes after it. */
  l = segs("🇲🇲 စိတ်ဝင်စား🥬သူ",
           CB_SEG_WANT_EMOJI | CB_SEG_WANT_BREAKS);
  CHECK_STR(l.out, "[🇲🇲] စိတ်ဝင်စား[🥬]သူ");
  CHECK_INT(l.breaks, 0);
  /* A break never lands before a joiner (ZWNJ here) or a mark. */
  l = segs("စိတ်\u200cဝင်စားသူ", CB_SEG_WANT_BREAKS);
  CHECK(strstr(l.out, "|\u200c") == NULL);
  CHECK(l.contiguous);

  /* Pure ASCII: one run, Latin or common. */
  l = segs("plain text, 42", CB_SEG_WANT_BREAKS | CB_SEG_WANT_EMOJI);
  CHECK_INT(l.count, 1);
  CHECK_INT(l.last, CB_SCRIPT_LATIN);
  l = segs("42 !", 3);
  CHECK_INT(l.last, CB_SCRIPT_COMMON);
  CHECK(!cb_text_needs_segmenting("plain text", 10));
  CHECK(!cb_text_needs_segmenting("café", strlen("café")));
  CHECK(cb_text_needs_segmenting("a ကို", strlen("a ကို")));
  CHECK(cb_text_needs_segmenting("x 🥬", strlen("x 🥬")));

  /* Breaks never at a run edge or before a mark; no break between Myanmar and Latin. */
  l = segs("ကိုabcလေ့လာ", CB_SEG_WANT_BREAKS);
  CHECK_STR(l.out, "ကို/abc/လေ့လာ");
  CHECK_INT(l.breaks, 0);
  /* Other scripts get their own runs; combining marks stay in their run. */
  l = segs("Привет e\xcc\x81t\xc3\xa9", 0);
  CHECK_STR(l.out, "Привет /e\xcc\x81té");
  /* Invalid UTF-8 is covered byte for byte. */
  const char *bad = "ab\xff\xe1\x80ကို\xc0 x";
  l = segs(bad, 3);
  CHECK(l.contiguous);
  CHECK_INT(l.covered, strlen(bad));
}

static void test_large(void) {
  /* About 1 MB of mixed text: segments must cover it exactly, in order. */
  const char *unit = "Face Recognition ကို စိတ်ဝင်စားသူတိုင်လေ့လာ သင့်တဲ့ paper "
                     "🥬 "
                     "👩🏻🎓 "
                     "ok. ";
  size_t ul = strlen(unit), reps = (1 << 20) / ul;
  char *big = malloc(ul * reps + 1);
  for (size_t k = 0; k < reps; k++)
    memcpy(big + k * ul, unit, ul);
  big[ul * reps] = '\0';
  seg_log per;
  memset(&per, 0, sizeof per);
  per.contiguous = 1;
  cb_text_segments(unit, ul, 3, on_seg, &per);
  seg_log l;
  memset(&l, 0, sizeof l);
  l.contiguous = 1;
  cb_text_segments(big, ul * reps, 3, on_seg, &l);
  CHECK(l.contiguous);
  CHECK_INT(l.covered, ul * reps);
  CHECK_INT(l.emoji, per.emoji * reps);
  CHECK(per.breaks >= 4);
  /* Each repetition gives the same breaks (the boundary between repetitions is a space). */
  CHECK_INT(l.breaks, per.breaks * reps);
  free(big);
}

int main(void) {
  test_utf8();
  test_nfc();
  test_classes();
  test_segments();
  test_large();
  TEST_DONE();
}
