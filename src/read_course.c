/* The course reader: one page → one chapter.  Stages: input validation (read_input.c), front
 * matter (read_frontmatter.c), NFC, then Liquid + kramdown (cb_markdown_read).  A chapter is
 * added to the book only when every stage succeeded, so a failed read leaves the book as it
 * was. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read_frontmatter.h"
#include "read_input.h"
#include "read_internal.h"
#include "reader.h"
#include "resources.h"

/* A BCP 47 language tag of the registered shapes: a primary language of 2 or 3 letters (4 to
 * 8 letters are reserved: `lang: python` is no language), then perhaps a script (4 letters)
 * and a region (2 letters or 3 digits).  Anything else (quotes, spaces, markup, variants) is
 * refused: it ends up in lang attributes, which the validators check against the registry. */
static bool plausible_lang(const char *s) {
  if (!s) return false;
  size_t k = 0, part = 0;
  while (true) {
    size_t n = 0, letters = 0, digits = 0;
    for (; s[k + n] && s[k + n] != '-'; n++) {
      char c = s[k + n];
      letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      digits += c >= '0' && c <= '9';
    }
    if (letters + digits != n) return false;
    bool ok = part == 0 ? (n == 2 || n == 3) && letters == n
              : part == 1
                  ? (n == 4 && letters == n) || (n == 2 && letters == n) || (n == 3 && digits == n)
                  : (n == 2 && letters == n) || (n == 3 && digits == n);
    if (!ok || part > 2) return false;
    k += n;
    if (!s[k]) return true;
    k++; /* the hyphen */
    part++;
  }
}

/* Language by letters of the title and the chapter's text (not its URLs, code or markup). */
static const char *detect_lang(const cb_node *chapter) {
  cb_script_counts c = {0, 0, 0};
  const char *title = chapter->as.chapter.title;
  if (title) cb_text_count_scripts(&c, title, strlen(title));
  cb_iter it;
  const cb_node *n;
  cb_iter_init(&it, chapter);
  while (cb_iter_next(&it, &n) != CB_EVENT_NONE)
    if (n->type == CB_NODE_TEXT && n->text) cb_text_count_scripts(&c, n->text, n->text_len);
  return cb_text_lang_from_counts(&c);
}

static int read_page(cb_book *book, const char *file, const char *given, const char *data,
                     size_t len, const cb_options *opt, cb_diag *d) {
  cb_arena *a = book->arena;
  size_t clean_len;
  char *clean = cb_input_prepare(file, data, len, &clean_len, d);
  if (!clean) return -1;

  cb_meta *meta;
  size_t body_off;
  int body_line;
  int rc = -1;
  cb_arena *scratch = cb_arena_new(); /* the NFC body: the model copies what it keeps */
  if (cb_frontmatter_parse(a, file, clean, clean_len, &meta, &body_off, &body_line, d) != 0)
    goto out;
  size_t body_len;
  /* NFC may change byte offsets but never the number of lines, so positions stay true. */
  const char *body = cb_text_nfc(scratch, clean + body_off, clean_len - body_off, &body_len);

  cb_node *ch = cb_node_new(a, CB_NODE_CHAPTER, (cb_pos){file, 1, 1});
  ch->as.chapter.file = cb_strdup(a, given);
  ch->as.chapter.title = cb_meta_str(meta, "title");
  ch->as.chapter.meta = meta;
  const char *lang = cb_meta_str(meta, "lang");
  if (lang && !plausible_lang(lang)) {
    const cb_meta *lm = cb_meta_get(meta, "lang");
    cb_warn(d, lm->pos,
            "lang '%s' is not a language tag (like 'my', 'en' or 'pt-BR'); ignored (the "
            "language is told from the text)",
            lang);
    lang = NULL;
  }
  if (cb_markdown_read(a, file, body, body_len, body_line, meta, opt, ch, d) != 0) goto out;
  ch->as.chapter.lang = lang ? lang : detect_lang(ch); /* NULL (undecided): set by finish */
  cb_book_add_chapter(book, ch);
  rc = 0;
out:
  cb_arena_free(scratch);
  free(clean);
  return rc;
}

int cb_read_buffer(cb_book *book, const char *name, const char *data, size_t len,
                   const cb_options *opt, cb_diag *d) {
  const char *file = cb_strdup(book->arena, name); /* positions in the model outlive name */
  return read_page(book, file, file, data, len, opt, d);
}

int cb_read_file(cb_book *book, const char *path, const cb_options *opt, cb_diag *d) {
  bool is_stdin = strcmp(path, "-") == 0;
  const char *file = cb_strdup(book->arena, is_stdin ? "<stdin>" : path);
  size_t len;
  errno = 0;
  char *data = cb_file_read(path, &len);
  if (!data) {
    cb_error(d, (cb_pos){file, 0, 0}, "%s", strerror(errno ? errno : EIO));
    return -1;
  }
  int rc = read_page(book, file, path, data, len, opt, d);
  free(data);
  return rc;
}

/* ---- book-level finishing ------------------------------------------------------------------ */

/* -M values come from the command line: repair invalid UTF-8 and controls, then NFC. */
static const char *clean_arg(cb_arena *a, const char *s, size_t n) {
  cb_buf b = CB_BUF_INIT;
  cb_buf_put(&b, "", 0);
  for (size_t i = 0; i < n;) {
    size_t at = i;
    uint32_t cp = cb_utf8_next(s, n, &i);
    bool invalid = cp == 0xFFFD && !(i - at == 3 && memcmp(s + at, "\xEF\xBF\xBD", 3) == 0);
    if (invalid || cb_input_cp_is_bad(cp))
      cb_buf_put(&b, "\xEF\xBF\xBD", 3);
    else
      cb_buf_put(&b, s + at, i - at);
  }
  size_t out_len;
  const char *r = cb_text_nfc(a, b.data, b.len, &out_len);
  cb_buf_free(&b);
  return r;
}

static void apply_metadata(cb_arena *a, cb_meta *map, const cb_options *opt) {
  for (size_t i = 0; opt && i < opt->n_metadata; i++) {
    const char *kv = opt->metadata[i];
    const char *eq = strchr(kv, '=');
    size_t klen = eq ? (size_t)(eq - kv) : strlen(kv);
    if (klen == 0) continue;
    const char *key = clean_arg(a, kv, klen);
    /* pandoc: `-M KEY` alone means KEY=true.  Values are typed like plain YAML. */
    const char *val = eq ? clean_arg(a, eq + 1, strlen(eq + 1)) : "true";
    cb_meta_set_str(a, map, key, val);
    cb_yaml_resolve_plain(map->last, val, strlen(val));
  }
}

static const char *absolute(cb_arena *a, const char *path) {
  char *r = realpath(path, NULL);
  if (!r) return NULL;
  const char *s = cb_strdup(a, r);
  free(r);
  return s;
}

/* --site-root, else the Jekyll site around the first page (read_site.c finds it the same way
 * for site.*), else the page's own directory. */
static const char *book_root(cb_arena *a, const cb_book *book, const cb_options *opt) {
  const char *file = book->first ? book->first->as.chapter.file : NULL;
  if (file && strcmp(file, "-") == 0) file = NULL;
  const char *site = cb_site_root(a, file, opt);
  if (site) return site;
  if (opt && opt->site_root) return cb_strdup(a, opt->site_root);
  const char *abs = file ? absolute(a, file) : NULL;
  if (abs) {
    char *d = cb_strdup(a, abs);
    char *slash = strrchr(d, '/');
    if (slash == d)
      d[1] = '\0'; /* a file in / */
    else if (slash)
      *slash = '\0';
    return d;
  }
  const char *cwd = absolute(a, ".");
  return cwd ? cwd : cb_strdup(a, ".");
}

void cb_book_finish(cb_book *book, const cb_options *opt) {
  cb_arena *a = book->arena;
  /* A fresh top-level map sharing the first chapter's values: -M must not change the
   * chapter's own front matter. */
  cb_meta *m = cb_meta_new(a, CB_META_MAP, (cb_pos){0});
  if (book->first) {
    m->pos = book->first->as.chapter.meta->pos;
    for (const cb_meta *e = book->first->as.chapter.meta->first; e; e = e->next) {
      cb_meta *c = cb_alloc(a, sizeof *c);
      *c = *e;
      cb_meta_append(m, c);
    }
  }
  apply_metadata(a, m, opt);
  book->meta = m;

  const char *forced = NULL;
  for (size_t i = 0; opt && i < opt->n_metadata; i++)
    if (strncmp(opt->metadata[i], "lang=", 5) == 0) forced = cb_meta_str(m, "lang");
  if (forced && !plausible_lang(forced)) forced = NULL;

  const char *lang = forced;
  const cb_meta *ml = cb_meta_get(m, "lang");
  if (!lang && ml && ml->type == CB_META_STRING && plausible_lang(ml->str)) lang = ml->str;
  for (const cb_node *ch = book->first; !lang && ch; ch = ch->next)
    lang = ch->as.chapter.lang;
  book->lang = lang ? lang : "en";
  /* -M lang=… is the user's word for every chapter; otherwise undecided chapters take the
   * book's language, so backends always find one. */
  for (cb_node *ch = book->first; ch; ch = ch->next)
    if (forced || !ch->as.chapter.lang) ch->as.chapter.lang = book->lang;

  book->root = book_root(a, book, opt);
}
