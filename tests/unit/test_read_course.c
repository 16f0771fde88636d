/* The course reader end to end: chapters, language, atomic failure, -M overrides, site root. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "reader.h"

static char *msgs;
static size_t msgs_len;
static FILE *msg_stream;
static cb_diag d;

static void diag_begin(void) {
  free(msgs);
  msgs = NULL;
  msg_stream = open_memstream(&msgs, &msgs_len);
  cb_diag_init(&d);
  d.stream = msg_stream;
}
static void diag_end(void) {
  fclose(msg_stream);
}

static int read_str(cb_book *b, const char *name, const char *src, const cb_options *o) {
  diag_begin();
  int rc = cb_read_buffer(b, name, src, strlen(src), o, &d);
  diag_end();
  return rc;
}

/* Does any text node of the chapter contain s? */
static bool has_text(const cb_node *ch, const char *s) {
  cb_iter it;
  const cb_node *n;
  cb_iter_init(&it, ch);
  while (cb_iter_next(&it, &n) != CB_EVENT_NONE)
    if (n->type == CB_NODE_TEXT && n->text && strstr(n->text, s)) return true;
  return false;
}

static void test_chapter(void) {
  cb_options o;
  cb_options_init(&o);
  cb_book *b = cb_book_new();
  CHECK_INT(read_str(b, "p.md",
                     "---\ntitle: Caf\x65\xCC\x81 \xE1\x80\x80\xE1\x80\xBA\xE1\x80\xB7\n---\n\n"
                     "Hello Caf\x65\xCC\x81, an English paragraph with enough Latin letters.\n",
                     &o),
            0);
  CHECK_INT(b->n_chapters, 1);
  const cb_node *ch = b->first;
  CHECK(ch && ch->type == CB_NODE_CHAPTER);
  if (!ch) return;
  CHECK_STR(ch->as.chapter.file, "p.md");
  CHECK_STR(ch->as.chapter.title, "Caf\xC3\xA9 \xE1\x80\x80\xE1\x80\xB7\xE1\x80\xBA");
  CHECK(ch->as.chapter.meta && ch->as.chapter.meta->type == CB_META_MAP);
  CHECK(has_text(ch, "Caf\xC3\xA9")); /* the body is NFC too */
  CHECK(!has_text(ch, "Caf\x65\xCC\x81"));
  CHECK(ch->first && ch->first->pos.line == 5); /* file lines, past the front matter */
  CHECK_STR(ch->as.chapter.lang, "en");
  cb_book_free(b);
}

static void test_lang(void) {
  cb_options o;
  cb_options_init(&o);
  cb_book *b = cb_book_new();
  /* Mostly Myanmar letters: "my" (the example page's case). */
  CHECK_INT(read_str(b, "a.md",
                     "\xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\xE1\x80\xBA\xE1\x80\x99\xE1\x80\xAC "
                     "\xE1\x80\x85\xE1\x80\xAC ok\n",
                     &o),
            0);
  /* Declared lang wins over detection. */
  CHECK_INT(read_str(b, "b.md", "---\nlang: en\n---\n\xE1\x80\x99\xE1\x80\xBC\xE1\x80\x94\n", &o),
            0);
  /* Not a language tag: warned and ignored. */
  CHECK_INT(read_str(b, "c.md", "---\nlang: \"<b>\"\n---\nplain words\n", &o), 0);
  CHECK(msgs && strstr(msgs, "c.md:2:1: warning:"));
  /* No letters at all: undecided until cb_book_finish. */
  CHECK_INT(read_str(b, "d.md", "12345\n", &o), 0);
  CHECK_INT(b->n_chapters, 4);
  const cb_node *ch = b->first;
  CHECK_STR(ch->as.chapter.lang, "my");
  CHECK_STR(ch->next->as.chapter.lang, "en");
  CHECK_STR(ch->next->next->as.chapter.lang, "en");
  CHECK(ch->next->next->next->as.chapter.lang == NULL);
  cb_book_finish(b, &o);
  CHECK_STR(b->lang, "my"); /* the first chapter's */
  CHECK_STR(ch->next->next->next->as.chapter.lang, "my");
  cb_book_free(b);
}

/* Only registered shapes of language tags reach lang attributes (the validators check them
 * against the IANA registry): `lang: python` (a held-out page) is warned about and ignored. */
static void test_lang_tags(void) {
  cb_options o;
  cb_options_init(&o);
  cb_book *b = cb_book_new();
  CHECK_INT(read_str(b, "p.md", "---\nlang: python\n---\nplain words\n", &o), 0);
  CHECK(msgs && strstr(msgs, "p.md:2:1: warning: lang 'python'"));
  CHECK_INT(read_str(b, "q.md", "---\nlang: pt-BR\n---\npalavras\n", &o), 0);
  CHECK_INT(read_str(b, "r.md", "---\nlang: zh-Hant-TW\n---\nwords\n", &o), 0);
  CHECK_INT(read_str(b, "s.md", "---\nlang: en-python\n---\nwords\n", &o), 0);
  const cb_node *ch = b->first;
  CHECK_STR(ch->as.chapter.lang, "en"); /* told from the text */
  CHECK_STR(ch->next->as.chapter.lang, "pt-BR");
  CHECK_STR(ch->next->next->as.chapter.lang, "zh-Hant-TW");
  CHECK_STR(ch->next->next->next->as.chapter.lang, "en");
  cb_book_free(b);
}

static void test_atomic(void) {
  cb_options o;
  cb_options_init(&o);
  cb_book *b = cb_book_new();
  CHECK_INT(read_str(b, "good.md", "---\ntitle: One\n---\ntext\n", &o), 0);
  const cb_meta *meta_before = b->meta;
  const char *bad[] = {"---\ntitle: [\n---\n", "---\ntitle: x\n", "", "a\0b", "---\n- a\n---\n"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    diag_begin();
    size_t len = i == 3 ? 3 : strlen(bad[i]);
    CHECK_INT(cb_read_buffer(b, "bad.md", bad[i], len, &o, &d), -1);
    diag_end();
    CHECK(msgs && strncmp(msgs, "bad.md:", 7) == 0 && strstr(msgs, "error:"));
    CHECK_INT(d.errors, 1);
  }
  CHECK_INT(b->n_chapters, 1);
  CHECK(b->first == b->last && b->first->next == NULL);
  CHECK(b->meta == meta_before && b->meta->count == 0);
  cb_book_free(b);
}

static void test_files(void) {
  cb_options o;
  cb_options_init(&o);
  cb_book *b = cb_book_new();
  diag_begin();
  CHECK_INT(cb_read_file(b, "/nonexistent/dir/page.md", &o, &d), -1);
  diag_end();
  CHECK_STR(msgs, "/nonexistent/dir/page.md: error: No such file or directory\n");
  diag_begin();
  CHECK_INT(cb_read_file(b, "/", &o, &d), -1);
  diag_end();
  CHECK_STR(msgs, "/: error: Is a directory\n");
  CHECK_INT(b->n_chapters, 0);
  cb_book_free(b);
}

static void test_finish_metadata(void) {
  cb_options o;
  cb_options_init(&o);
  cb_book *b = cb_book_new();
  CHECK_INT(read_str(b, "m.md", "---\ntitle: Orig\nlang: my\ntags: [a, b]\n---\ntext\n", &o), 0);
  const char *md[] = {"lang=en", "title=New", "draft", "date=2024-01-02", "=ignored", "note=a=b"};
  o.metadata = md;
  o.n_metadata = sizeof md / sizeof *md;
  cb_book_finish(b, &o);
  CHECK_STR(b->lang, "en"); /* -M lang wins over front matter */
  CHECK_STR(b->first->as.chapter.lang, "en");
  CHECK_STR(cb_meta_str(b->meta, "title"), "New");
  CHECK_STR(cb_meta_str(b->first->as.chapter.meta, "title"), "Orig"); /* the page is intact */
  CHECK_STR(b->first->as.chapter.title, "Orig");
  const cb_meta *tags = cb_meta_get(b->meta, "tags");
  CHECK(tags && tags->type == CB_META_LIST && tags->count == 2);
  const cb_meta *draft = cb_meta_get(b->meta, "draft");
  CHECK(draft && draft->type == CB_META_BOOL && draft->boolean);
  const cb_meta *date = cb_meta_get(b->meta, "date");
  CHECK(date && date->type == CB_META_DATE && date->date.year == 2024);
  CHECK_STR(cb_meta_str(b->meta, "note"), "a=b");
  for (const cb_meta *e = b->meta->first; e; e = e->next)
    CHECK(e->key && e->key[0]);
  CHECK_INT(b->meta->count, 6); /* title lang tags, then draft date note; "=ignored" skipped */
  cb_book_free(b);

  /* Without -M: the page's lang; an empty book: "en". */
  cb_options_init(&o);
  b = cb_book_new();
  CHECK_INT(read_str(b, "m.md", "---\nlang: my\n---\ntext\n", &o), 0);
  cb_book_finish(b, &o);
  CHECK_STR(b->lang, "my");
  cb_book_free(b);
  b = cb_book_new();
  cb_book_finish(b, &o);
  CHECK_STR(b->lang, "en");
  CHECK(b->meta && b->meta->type == CB_META_MAP && b->meta->count == 0);
  cb_book_free(b);
}

static void write_file(const char *path, const char *s) {
  FILE *f = fopen(path, "w");
  if (!f) return;
  fputs(s, f);
  fclose(f);
}

static void test_root(void) {
  char tmpl[] = "/tmp/cbreadXXXXXX";
  char *dir = mkdtemp(tmpl);
  CHECK(dir != NULL);
  if (!dir) return;
  char real[4096], site[4200], posts[4300], page[4400], cfg[4300], lone[4300], lpage[4400];
  CHECK(realpath(dir, real) != NULL);
  snprintf(site, sizeof site, "%s/site", dir);
  snprintf(posts, sizeof posts, "%s/_posts", site);
  snprintf(page, sizeof page, "%s/p.md", posts);
  snprintf(cfg, sizeof cfg, "%s/_config.yml", site);
  snprintf(lone, sizeof lone, "%s/lone", dir);
  snprintf(lpage, sizeof lpage, "%s/q.md", lone);
  mkdir(site, 0700);
  mkdir(posts, 0700);
  mkdir(lone, 0700);
  write_file(cfg, "title: Site\n");
  write_file(page, "---\ntitle: P\n---\ntext\n");
  write_file(lpage, "text\n");
  cb_options o;
  cb_options_init(&o);

  /* The nearest ancestor holding _config.yml. */
  cb_book *b = cb_book_new();
  diag_begin();
  CHECK_INT(cb_read_file(b, page, &o, &d), 0);
  diag_end();
  cb_book_finish(b, &o);
  char want[4400];
  snprintf(want, sizeof want, "%s/site", real);
  CHECK_STR(b->root, want);
  cb_book_free(b);

  /* No _config.yml above: the page's own directory. */
  b = cb_book_new();
  diag_begin();
  CHECK_INT(cb_read_file(b, lpage, &o, &d), 0);
  diag_end();
  cb_book_finish(b, &o);
  snprintf(want, sizeof want, "%s/lone", real);
  CHECK_STR(b->root, want);
  cb_book_free(b);

  /* --site-root wins, made absolute. */
  b = cb_book_new();
  diag_begin();
  CHECK_INT(cb_read_file(b, page, &o, &d), 0);
  diag_end();
  o.site_root = posts;
  cb_book_finish(b, &o);
  snprintf(want, sizeof want, "%s/site/_posts", real);
  CHECK_STR(b->root, want);
  cb_book_free(b);

  remove(page);
  remove(lpage);
  remove(cfg);
  rmdir(posts);
  rmdir(site);
  rmdir(lone);
  rmdir(dir);
}

/* The bad-input fixtures in tests/data/reader: each refused with its exact position, or (for
 * encodings) accepted with one warning. */
static void test_fixtures(void) {
  const char *data = getenv("CB_TEST_DATA");
  if (!data) data = "tests/data";
  struct {
    const char *name, *prefix, *words;
    int rc;
  } cases[] = {
      {"bad-indent.md", ":3:6: error:", "mapping values are not allowed", -1},
      {"tab-indent.md", ":3:1: error:", "tab character", -1},
      {"unclosed-quote.md", ":2:8: error:", "never closed", -1},
      {"unclosed-frontmatter.md", ":1:1: error:", "never closed", -1},
      {"list-frontmatter.md", ":2:1: error:", "must be a map", -1},
      {"billion-laughs.md", ":6:36: error:", "billion laughs", -1},
      {"nul.md", ":4:3: error:", "NUL byte", -1},
      {"binary.md", ":1:5: error:", "binary file?", -1},
      {"empty.md", ":1:1: error:", "empty input", -1},
      {"blank.md", ":1:1: error:", "empty input", -1},
      {"latin1.md", ":2:11: warning:", "invalid UTF-8: 4 bytes", 0},
      {"invalid-utf8.md", ":6:5: warning:", "invalid UTF-8: 3 bytes", 0},
  };
  cb_options o;
  cb_options_init(&o);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char path[4096], want[4300];
    snprintf(path, sizeof path, "%s/reader/%s", data, cases[i].name);
    snprintf(want, sizeof want, "%s%s", path, cases[i].prefix);
    cb_book *b = cb_book_new();
    diag_begin();
    int rc = cb_read_file(b, path, &o, &d);
    diag_end();
    CHECK_INT(rc, cases[i].rc);
    CHECK_INT(b->n_chapters, rc == 0 ? 1 : 0);
    bool ok = msgs && strncmp(msgs, want, strlen(want)) == 0 && strstr(msgs, cases[i].words);
    CHECK(ok);
    if (!ok) fprintf(stderr, "  %s: got %s", cases[i].name, msgs ? msgs : "(nothing)\n");
    CHECK(msgs && !strchr(msgs, '\n')[1]); /* exactly one message */
    cb_book_free(b);
  }

  /* Windows and old-Mac line ends, BOM: same front matter and line numbers as on Unix. */
  const char *ok_files[] = {"crlf-bom.md", "lone-cr.md"};
  const int body_lines[] = {7, 4};
  for (size_t i = 0; i < 2; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/reader/%s", data, ok_files[i]);
    cb_book *b = cb_book_new();
    diag_begin();
    CHECK_INT(cb_read_file(b, path, &o, &d), 0);
    diag_end();
    CHECK_INT(d.warnings + d.errors, 0);
    const cb_node *ch = b->first;
    CHECK(ch != NULL);
    if (ch) {
      CHECK(ch->as.chapter.title && strchr(ch->as.chapter.title, '\r') == NULL);
      CHECK(ch->first && ch->first->pos.line == body_lines[i]);
      CHECK(!has_text(ch, "\r"));
    }
    cb_book_free(b);
  }
}

int main(void) {
  test_fixtures();
  test_chapter();
  test_lang();
  test_lang_tags();
  test_atomic();
  test_files();
  test_finish_metadata();
  test_root();
  free(msgs);
  TEST_DONE();
}
