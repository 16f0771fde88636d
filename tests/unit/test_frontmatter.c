/* Front matter: the example page's keys and types, Psych's scalar typing, and errors with the
 * file's own line:col. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "reader.h"
#include "resources.h"

/* The NFC form of the example's excerpt (the file has asat + dot below, NFC swaps them). */
static const char *const EXCERPT_NFC =
    "Machine Learning "
    "\xE1\x80\x9C\xE1\x80\xB1\xE1\x80\xB7\xE1\x80\x9C\xE1\x80\xAC\xE1\x80\x9E\xE1\x80\xB0\xE1\x80"
    "\x90\xE1\x80\xBD\xE1\x80\xB1\xE1\x80\xA1\xE1\x80\x90\xE1\x80\xBD\xE1\x80\x80\xE1\x80\xBA"
    " \xE1\x80\x99\xE1\x80\x96\xE1\x80\xBC\xE1\x80\x85\xE1\x80\xBA\xE1\x80\x99\xE1\x80\x94\xE1\x80"
    "\xB1"
    " \xE1\x80\x9E\xE1\x80\xAD\xE1\x80\x91\xE1\x80\xAC\xE1\x80\xB8\xE1\x80\x9E\xE1\x80\x84\xE1\x80"
    "\xB7\xE1\x80\xBA\xE1\x80\x90\xE1\x80\xB2\xE1\x80\xB7"
    " research paper \xE1\x80\x90\xE1\x80\xBD\xE1\x80\xB1\xE1\x80\x80\xE1\x80\xAD\xE1\x80\xAF"
    " \xE1\x80\xA1\xE1\x80\x90\xE1\x80\x90\xE1\x80\xBA\xE1\x80\x94\xE1\x80\xAD\xE1\x80\xAF\xE1\x80"
    "\x84\xE1\x80\xBA\xE1\x80\x86\xE1\x80\xAF\xE1\x80\xB6\xE1\x80\xB8"
    " \xE1\x80\x80\xE1\x80\xBC\xE1\x80\xAD\xE1\x80\xAF\xE1\x80\xB8\xE1\x80\x85\xE1\x80\xAC\xE1\x80"
    "\xB8\xE1\x80\x9B\xE1\x80\xBE\xE1\x80\x84\xE1\x80\xBA\xE1\x80\x95\xE1\x80\xBC\xE1\x80\x95\xE1"
    "\x80\xB1\xE1\x80\xB8\xE1\x80\x91\xE1\x80\xAC\xE1\x80\xB8\xE1\x80\x90\xE1\x80\xAC\xE1\x80\x80"
    "\xE1\x80\xAD\xE1\x80\xAF"
    " \xE1\x80\x85\xE1\x80\xAF\xE1\x80\x91\xE1\x80\xAC\xE1\x80\xB8\xE1\x80\x95\xE1\x80\xB1\xE1\x80"
    "\xB8\xE1\x80\x95\xE1\x80\xAB\xE1\x80\x90\xE1\x80\x9A\xE1\x80\xBA\xE1\x81\x8B";

static cb_arena *arena;
static char *msgs; /* diagnostics of the last parse */
static size_t msgs_len;
static int n_warnings;

static int parse(const char *src, cb_meta **m, size_t *off, int *line) {
  free(msgs);
  msgs = NULL;
  FILE *f = open_memstream(&msgs, &msgs_len);
  cb_diag d;
  cb_diag_init(&d);
  d.stream = f;
  size_t o;
  int l;
  int rc = cb_frontmatter_parse(arena, "in.md", src, strlen(src), m, off ? off : &o,
                                line ? line : &l, &d);
  fclose(f);
  n_warnings = d.warnings;
  return rc;
}

/* Parse and return the value of key (top level or dotted). */
static const cb_meta *val(const char *src, const char *key) {
  cb_meta *m;
  if (parse(src, &m, NULL, NULL) != 0) return NULL;
  return cb_meta_get(m, key);
}

static void check_error(const char *src, const char *prefix, const char *words) {
  cb_meta *m;
  CHECK_INT(parse(src, &m, NULL, NULL), -1);
  CHECK(msgs && strncmp(msgs, prefix, strlen(prefix)) == 0);
  CHECK(msgs && strstr(msgs, words));
  if (msgs && (strncmp(msgs, prefix, strlen(prefix)) != 0 || !strstr(msgs, words)))
    fprintf(stderr, "  message was: %s  wanted: %s... %s\n", msgs, prefix, words);
}

static void test_example(void) {
  /* CB_TEST_DATA is <source>/tests/data; the example lives in <source>/examples. */
  const char *dir = getenv("CB_TEST_DATA");
  char path[4096];
  size_t n = dir ? strlen(dir) : 0;
  if (n >= 11 && strcmp(dir + n - 11, "/tests/data") == 0) n -= 11;
  snprintf(path, sizeof path, "%.*s%sexamples/machine-learning-paper-reading.md", (int)n,
           dir ? dir : "", n ? "/" : "");
  size_t len;
  char *src = cb_file_read(path, &len);
  CHECK(src != NULL);
  if (!src) return;
  cb_meta *m;
  size_t off;
  int line;
  CHECK_INT(parse(src, &m, &off, &line), 0);
  CHECK_INT(line, 33);
  CHECK(strncmp(src + off, "\nPre-perquisite:", 16) == 0);
  CHECK_STR(cb_meta_str(m, "title"), "Machine Learning Paper Reading");
  CHECK_STR(cb_meta_str(m, "excerpt"), EXCERPT_NFC);
  const cb_meta *pub = cb_meta_get(m, "publisher");
  CHECK(pub && pub->type == CB_META_LIST && pub->count == 1);
  if (pub && pub->first) CHECK_STR(pub->first->str, "Alex Snow School");
  const cb_meta *cr = cb_meta_get(m, "creator");
  CHECK(cr && cr->type == CB_META_LIST && cr->count == 1);
  if (cr && cr->first) CHECK_STR(cr->first->str, "Alex Snow");
  const cb_meta *date = cb_meta_get(m, "date");
  CHECK(date && date->type == CB_META_DATE);
  if (date) {
    CHECK_INT(date->date.year, 2023);
    CHECK_INT(date->date.month, 12);
    CHECK_INT(date->date.day, 13);
    CHECK(!date->date.has_time);
    CHECK_INT(date->pos.line, 8); /* the key's position in the file */
    CHECK_INT(date->pos.col, 1);
  }
  const cb_meta *mod = cb_meta_get(m, "modified");
  CHECK(mod && mod->type == CB_META_DATE && mod->date.year == 2024 && mod->date.month == 6 &&
        mod->date.day == 28);
  const cb_meta *state = cb_meta_get(m, "state");
  CHECK(state && state->type == CB_META_STRING);
  CHECK_STR(cb_meta_str(m, "state"), "ready");
  const cb_meta *of = cb_meta_get(m, "header.overlay_filter");
  CHECK(of && of->type == CB_META_NUMBER && fabs(of->number - 0.2) < 1e-12);
  const cb_meta *bu = cb_meta_get(m, "based_url");
  CHECK(bu && bu->type == CB_META_NULL);
  CHECK(cb_meta_str(m, "based_url") == NULL);
  const cb_meta *anchor = cb_meta_get(m, "anchor");
  CHECK(anchor && anchor->type == CB_META_BOOL && anchor->boolean);
  CHECK_STR(cb_meta_str(m, "header.teaser"), "/assets/images/intro-to-ml-square.png");
  const cb_meta *cap = cb_meta_get(m, "header.caption");
  CHECK(cap && cap->type == CB_META_NULL);
  const cb_meta *aud = cb_meta_get(m, "audience");
  CHECK(aud && aud->count == 3);
  const cb_meta *topic = cb_meta_get(m, "topic");
  CHECK(topic && topic->count == 1 && topic->first->type == CB_META_STRING);
  CHECK_STR(cb_meta_str(m, "license"), "PD");
  free(src);
}

static void test_types(void) {
  const cb_meta *v;
  v = val("---\na: \"true\"\n---\n", "a");
  CHECK(v && v->type == CB_META_STRING);
  v = val("---\na: 'yes'\n---\n", "a");
  CHECK(v && v->type == CB_META_STRING);
  v = val("---\na: !!str 12\n---\n", "a");
  CHECK(v && v->type == CB_META_STRING);
  v = val("---\na: |\n  true\n---\n", "a");
  CHECK(v && v->type == CB_META_STRING);
  const char *trues[] = {"true", "True", "TRUE", "yes", "Yes", "on", "ON", "tRuE"};
  for (size_t i = 0; i < sizeof trues / sizeof *trues; i++) {
    char src[64];
    snprintf(src, sizeof src, "---\na: %s\n---\n", trues[i]);
    v = val(src, "a");
    CHECK(v && v->type == CB_META_BOOL && v->boolean);
  }
  const char *falses[] = {"false", "No", "OFF", "off"};
  for (size_t i = 0; i < sizeof falses / sizeof *falses; i++) {
    char src[64];
    snprintf(src, sizeof src, "---\na: %s\n---\n", falses[i]);
    v = val(src, "a");
    CHECK(v && v->type == CB_META_BOOL && !v->boolean);
  }
  const char *nulls[] = {"~", "null", "Null", "NULL", ""};
  for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++) {
    char src[64];
    snprintf(src, sizeof src, "---\na: %s\n---\n", nulls[i]);
    v = val(src, "a");
    CHECK(v && v->type == CB_META_NULL);
  }
  const char *strs[] = {"y", "n", "PD", "1e5", "2024-13-01", "2024-02-30", "09", "0b", "1.2.3", ".",
                        "+", "-x", "yes please", "ready",
                        /* Psych 4 (Ruby 3.1) agrees on these edge cases: */
                        "1_", "1,", "1__2", "0x", "12e", "1_,2"};
  for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
    char src[64];
    snprintf(src, sizeof src, "---\na: %s\n---\n", strs[i]);
    v = val(src, "a");
    CHECK(v && v->type == CB_META_STRING);
    if (v) CHECK_STR(v->str, strs[i]);
  }
  struct {
    const char *s;
    double n;
  } nums[] = {{"42", 42},       {"-7", -7},        {"+3", 3},    {"1_000", 1000}, {"1,000", 1000},
              {"0x1F", 31},     {"0755", 493},     {"0b101", 5}, {"0", 0},        {"3.5e+2", 350},
              {".2", 0.2},      {"-1.5", -1.5},    {"1.", 1},    {"1:30", 5400},  {"1:30:15", 5415},
              {"-1:30", -1800}, {"1_0:30", 37800}, {"1,5", 15},  {"-0", 0},       {"0_7", 7}};
  for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
    char src[64];
    snprintf(src, sizeof src, "---\na: %s\n---\n", nums[i].s);
    v = val(src, "a");
    CHECK(v && v->type == CB_META_NUMBER);
    if (v && v->type == CB_META_NUMBER && v->number != nums[i].n)
      fprintf(stderr, "  %s -> %g, want %g\n", nums[i].s, v->number, nums[i].n);
    CHECK(v && v->number == nums[i].n);
    if (v) CHECK_STR(v->str, nums[i].s); /* the text as written is kept */
  }
  v = val("---\na: .inf\n---\n", "a");
  CHECK(v && v->type == CB_META_NUMBER && isinf(v->number) && v->number > 0);
  v = val("---\na: -.Inf\n---\n", "a");
  CHECK(v && v->type == CB_META_NUMBER && isinf(v->number) && v->number < 0);
  v = val("---\na: .NaN\n---\n", "a");
  CHECK(v && v->type == CB_META_NUMBER && isnan(v->number));
}

static void test_dates(void) {
  const cb_meta *v = val("---\nt: 2024-01-02T03:04:05Z\n---\n", "t");
  CHECK(v && v->type == CB_META_DATE);
  if (v) {
    CHECK(v->date.has_time && v->date.has_tz);
    CHECK_INT(v->date.hour, 3);
    CHECK_INT(v->date.min, 4);
    CHECK_INT(v->date.sec, 5);
    CHECK_INT(v->date.tz_minutes, 0);
  }
  v = val("---\nt: 2024-01-02 03:04:05.25 +07:00\n---\n", "t");
  CHECK(v && v->type == CB_META_DATE && v->date.has_tz && v->date.tz_minutes == 420);
  v = val("---\nt: 2001-12-14t21:59:43.10-05:00\n---\n", "t");
  CHECK(v && v->type == CB_META_DATE && v->date.has_tz && v->date.tz_minutes == -300);
  if (v) CHECK_INT(v->date.hour, 21);
  v = val("---\nt: 2024-06-28 10:00:00 +0530\n---\n", "t");
  CHECK(v && v->type == CB_META_DATE && v->date.tz_minutes == 330);
  v = val("---\nt: 2024-06-28 10:00:00 -5\n---\n", "t");
  CHECK(v && v->type == CB_META_DATE && v->date.tz_minutes == -300);
  v = val("---\nt: 2024-1-2 3:04:05\n---\n", "t");
  CHECK(v && v->type == CB_META_DATE && v->date.has_time && !v->date.has_tz);
  if (v) CHECK_INT(v->date.day, 2);
  v = val("---\nt: 2024-02-29\n---\n", "t"); /* a leap day */
  CHECK(v && v->type == CB_META_DATE);
  v = val("---\nt: 2023-02-29\n---\n", "t");
  CHECK(v && v->type == CB_META_STRING);
  v = val("---\nt: 2024-01-02T25:00:00\n---\n", "t");
  CHECK(v && v->type == CB_META_STRING);
  v = val("---\nt: \"2024-01-02\"\n---\n", "t");
  CHECK(v && v->type == CB_META_STRING);
}

static void test_structure(void) {
  cb_meta *m;
  size_t off;
  int line;
  /* Null list items are nil, kept (Liquid's loops go over them; the backends skip empty
   * items); quoted empty strings are values. */
  CHECK_INT(parse("---\npublisher:\n  -\n  - X\n  - ~\n  - ''\n---\n", &m, NULL, NULL), 0);
  const cb_meta *p = cb_meta_get(m, "publisher");
  CHECK(p && p->count == 4);
  if (p && p->first) CHECK(p->first->type == CB_META_NULL);
  if (p && p->first && p->first->next) CHECK_STR(p->first->next->str, "X");
  /* Nested maps, key positions. */
  CHECK_INT(parse("---\nheader:\n  teaser: a.png\n  deep:\n    er: 1\n---\n", &m, NULL, NULL), 0);
  CHECK_STR(cb_meta_str(m, "header.teaser"), "a.png");
  const cb_meta *er = cb_meta_get(m, "header.deep.er");
  CHECK(er && er->type == CB_META_NUMBER && er->pos.line == 5 && er->pos.col == 5);
  /* No front matter: an empty map and the whole file as body. */
  CHECK_INT(parse("# Title\n\ntext\n", &m, &off, &line), 0);
  CHECK(m->type == CB_META_MAP && m->count == 0);
  CHECK_INT(off, 0);
  CHECK_INT(line, 1);
  CHECK_INT(parse("---", &m, &off, &line), 0); /* no line end: a thematic break, not YAML */
  CHECK_INT(off, 0);
  CHECK_INT(parse("----\na: 1\n---\n", &m, &off, &line), 0);
  CHECK_INT(off, 0);
  /* Opener with trailing blanks,  closer, body position. */
  CHECK_INT(parse("---  \na: 1\n...\nbody\n", &m, &off, &line), 0);
  CHECK_INT(m->count, 1);
  CHECK_INT(line, 4);
  CHECK_INT(off, 15);
  CHECK_INT(parse("---\n---\nbody", &m, &off, &line), 0); /* empty front matter */
  CHECK_INT(m->count, 0);
  CHECK_INT(line, 3);
  CHECK_INT(parse("---\n# just a comment\n---\n", &m, &off, &line), 0);
  CHECK_INT(m->count, 0);
  CHECK_INT(off, 25);
  /* Aliases: copied where used. */
  CHECK_INT(parse("---\na: &x [p, q]\nb: *x\nc: &s hi\nd: *s\n---\n", &m, NULL, NULL), 0);
  const cb_meta *b = cb_meta_get(m, "b");
  CHECK(b && b->type == CB_META_LIST && b->count == 2);
  CHECK_STR(cb_meta_str(m, "d"), "hi");
  /* Merge keys, with Psych's answers (checked with Ruby 3.1). */
  CHECK_INT(parse("---\na: 1\n<<: {a: 2, b: 3}\nc: 4\n---\n", &m, NULL, NULL), 0);
  CHECK_STR(cb_meta_str(m, "a"), "2");
  CHECK_STR(cb_meta_str(m, "b"), "3");
  CHECK(cb_meta_get(m, "<<") == NULL);
  CHECK_INT(parse("---\nx: &x {a: 1, b: 2}\ny:\n  <<: *x\n  b: 5\n---\n", &m, NULL, NULL), 0);
  CHECK_STR(cb_meta_str(m, "y.a"), "1");
  CHECK_STR(cb_meta_str(m, "y.b"), "5");
  CHECK_STR(cb_meta_str(m, "x.b"), "2");
  CHECK_INT(
      parse("---\nx: &x {a: 1}\nz: &z {a: 9, q: 1}\ny:\n  <<: [*x, *z]\n---\n", &m, NULL, NULL), 0);
  CHECK_STR(cb_meta_str(m, "y.a"), "1");
  CHECK_STR(cb_meta_str(m, "y.q"), "1");
  CHECK_INT(parse("---\n<<: 5\n'<<': {k: v}\n---\n", &m, NULL, NULL), 0);
  CHECK_INT(m->count, 2); /* merging a scalar is no merge; a quoted '<<' merges */
  CHECK_STR(cb_meta_str(m, "<<"), "5");
  CHECK_STR(cb_meta_str(m, "k"), "v");
  /* Unicode values and keys are NFC (e + combining acute; Myanmar asat + dot below). */
  CHECK_INT(parse("---\nname: Caf\x65\xCC\x81\nmy: \xE1\x80\x80\xE1\x80\xBA\xE1\x80\xB7\n---\n", &m,
                  NULL, NULL),
            0);
  CHECK_STR(cb_meta_str(m, "name"), "Caf\xC3\xA9");
  CHECK_STR(cb_meta_str(m, "my"), "\xE1\x80\x80\xE1\x80\xB7\xE1\x80\xBA");
  /* Escapes cannot smuggle NUL or control characters into the model. */
  CHECK_INT(parse("---\na: \"x\\0y\\x01z\"\n---\n", &m, NULL, NULL), 0);
  CHECK_STR(cb_meta_str(m, "a"), "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
  CHECK_INT(n_warnings, 1);
  /* a second YAML document (a slide deck's `--- &twocol`): the first one is the page's, as
   * Jekyll's loader reads it, with a warning */
  CHECK_INT(parse("---\na: 1\n--- &twocol\nb: [2\n---\nbody\n", &m, NULL, NULL), 0);
  CHECK_STR(cb_meta_str(m, "a"), "1");
  CHECK(cb_meta_get(m, "b") == NULL);
  CHECK_INT(n_warnings, 1);
  CHECK(msgs && strstr(msgs, "in.md:3:1: warning: a second YAML document") != NULL);
  /* a list or map as a key (`[//]: # (…)`, a Markdown comment idiom, seen on a real course
   * page): Psych takes it and Jekyll builds the page; no Liquid name reaches that entry */
  CHECK_INT(parse("---\ntitle: a\n[//]: # (date: x)\n? {k: v}\n: [1]\nb: 2\n---\n", &m, NULL, NULL),
            0);
  CHECK_STR(cb_meta_str(m, "title"), "a");
  CHECK_STR(cb_meta_str(m, "b"), "2");
  CHECK_INT((int)m->count, 2);
  CHECK_INT(n_warnings, 2);
  CHECK(msgs && strstr(msgs, "in.md:3:") && strstr(msgs, "a key that is a list or a map") != NULL);
}

static void test_errors(void) {
  check_error("---\ntitle: x\n  bad: y\n---\nbody\n",
              "in.md:3:6: error:", "mapping values are not allowed");
  check_error("---\ntitle: \"abc\nfoo: bar\n---\nbody\n",
              "in.md:2:8: error:", "quoted scalar that starts here is never closed");
  /* a title closed with a typographic quote (seen in a real course page): the hint says so */
  check_error("---\ntitle: \"Deep Dive\xE2\x80\x9D\ntags: x\n---\nbody\n", "in.md:2:8: error:",
              "never closed (a typographic quote such as \xE2\x80\x9D does not close it)");
  check_error("---\ntitle: x\n\nbody with no closing line\n", "in.md:1:1: error:", "never closed");
  check_error("---\n- a\n- b\n---\n", "in.md:2:1: error:", "must be a map");
  check_error("---\njust text\n---\n", "in.md:2:1: error:", "must be a map");
  check_error("---\ntitle: x\n\tfoo: y\n---\n", "in.md:3:1: error:", "tab");
  check_error("---\n\ttitle: x\n---\n", "in.md:2:1: error:", "cannot start any token");
  check_error("---\na: [1, 2\n---\n", "in.md:3:1: error:", "did not find expected");
  check_error("---\na: 1\nb: *nope\n---\n", "in.md:3:4: error:", "unknown alias *nope");
  check_error("---\na: &r [x, *r]\n---\n", "in.md:2:11: error:", "contains it");
  /* Deep nesting is refused, not recursed into. */
  char deep[2100];
  memcpy(deep, "---\na: ", 7);
  size_t k = 7;
  for (int i = 0; i < 1000; i++)
    deep[k++] = '[';
  memcpy(deep + k, "\n---\n", 6);
  check_error(deep, "in.md:2:", "nested more than");
}

static void test_billion_laughs(void) {
  const char *src = "---\n"
                    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
                    "---\n";
  clock_t t0 = clock();
  cb_meta *m;
  CHECK_INT(parse(src, &m, NULL, NULL), -1);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  CHECK(secs < 2.0);
  CHECK(msgs && strstr(msgs, "billion"));
  CHECK(msgs && strncmp(msgs, "in.md:", 6) == 0);
}

int main(void) {
  arena = cb_arena_new();
  test_example();
  test_types();
  test_dates();
  test_structure();
  test_errors();
  test_billion_laughs();
  cb_arena_free(arena);
  free(msgs);
  TEST_DONE();
}
