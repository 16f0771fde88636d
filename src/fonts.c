/* fonts/fonts.conf: which families serve each role and where their files are; hb-subset for
 * embedding; the set of code points a book uses. */
#include "fonts.h"

#include <ctype.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "resources.h"

/* ---- fonts.conf ---------------------------------------------------------------------------- */

static const char *const role_names[CB_FONT_ROLE_COUNT] = {"myanmar", "myanmar-sans", "serif",
                                                           "sans",    "mono",         "emoji"};

static char *trim(char *s) {
  while (isspace((unsigned char)*s))
    s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1]))
    *--e = '\0';
  return s;
}

typedef struct conf {
  cb_arena *a;
  const char *conf_dir;
  const char *dirs[32];
  size_t n_dirs;
} conf;

/* The first directory holding file, as an arena path; NULL if none. */
static const char *find_file(conf *c, const char *file) {
  if (!file || !*file) return NULL;
  if (file[0] == '/') return access(file, R_OK) == 0 ? cb_strdup(c->a, file) : NULL;
  for (size_t i = 0; i < c->n_dirs; i++) {
    const char *p = cb_sprintf(c->a, "%s/%s", c->dirs[i], file);
    if (access(p, R_OK) == 0) return p;
  }
  return NULL;
}

static int parse_font_line(conf *c, char *v, cb_font *f, cb_pos pos, cb_diag *d) {
  /* "FAMILY; regular = FILE; bold = FILE; reserved-name = yes" */
  char *save = NULL;
  char *part = strtok_r(v, ";", &save);
  const char *family = part ? trim(part) : "";
  const char *regular = NULL, *bold = NULL;
  bool rfn = false;
  while ((part = strtok_r(NULL, ";", &save))) {
    char *eq = strchr(part, '=');
    if (!eq) {
      cb_warn(d, pos, "fonts.conf: expected key = value, got \"%s\"", trim(part));
      continue;
    }
    *eq = '\0';
    const char *k = trim(part), *val = trim(eq + 1);
    if (strcmp(k, "regular") == 0)
      regular = val;
    else if (strcmp(k, "bold") == 0)
      bold = val;
    else if (strcmp(k, "reserved-name") == 0)
      rfn = strcmp(val, "yes") == 0;
    else
      cb_warn(d, pos, "fonts.conf: unknown key \"%s\"", k);
  }
  if (!*family || !regular) {
    cb_error(d, pos, "fonts.conf: a font needs a family and a regular file");
    return -1;
  }
  f->family = cb_strdup(c->a, family);
  f->path = find_file(c, regular);
  f->bold_path = f->path ? find_file(c, bold) : NULL;
  f->reserved_name = rfn;
  return 0;
}

int cb_fonts_load(cb_arena *a, const cb_options *opt, cb_fonts *out, cb_diag *d) {
  memset(out, 0, sizeof *out);
  const char *path = cb_resource_path(opt, "fonts/fonts.conf");
  size_t len = 0;
  char *text = path ? cb_file_read(path, &len) : NULL;
  if (!text) {
    cb_error(d, (cb_pos){0}, "fonts/fonts.conf not found (see --data-dir)");
    return -1;
  }
  conf c = {.a = a};
  const char *file = cb_strdup(a, path);
  const char *slash = strrchr(file, '/');
  c.conf_dir = slash ? cb_strndup(a, file, (size_t)(slash - file)) : ".";
  int role = -1, rc = 0, line = 0;
  bool have[CB_FONT_ROLE_COUNT] = {false};
  for (char *p = text; p && *p;) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    line++;
    cb_pos pos = {file, line, 0};
    char *s = trim(p);
    p = nl ? nl + 1 : NULL;
    if (!*s || *s == '#') continue;
    if (*s == '[') {
      char *e = strchr(s, ']');
      if (!e) {
        cb_error(d, pos, "fonts.conf: unterminated [section]");
        rc = -1;
        continue;
      }
      *e = '\0';
      role = -1;
      for (int r = 0; r < CB_FONT_ROLE_COUNT; r++)
        if (strcmp(trim(s + 1), role_names[r]) == 0) role = r;
      if (role < 0) cb_warn(d, pos, "fonts.conf: unknown role [%s]", trim(s + 1));
      continue;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
      cb_error(d, pos, "fonts.conf: expected key = value");
      rc = -1;
      continue;
    }
    *eq = '\0';
    char *k = trim(s), *v = trim(eq + 1);
    if (strcmp(k, "dir") == 0) {
      if (c.n_dirs < sizeof c.dirs / sizeof *c.dirs)
        c.dirs[c.n_dirs++] = v[0] == '/' ? cb_strdup(a, v) : cb_sprintf(a, "%s/%s", c.conf_dir, v);
    } else if (strcmp(k, "font") == 0) {
      if (role < 0) {
        cb_warn(d, pos, "fonts.conf: font outside a known [role] section ignored");
        continue;
      }
      cb_font f = {0};
      if (parse_font_line(&c, v, &f, pos, d) < 0) {
        rc = -1;
        continue;
      }
      /* Keep the first candidate whose file exists; remember the first family anyway so
       * CSS/LaTeX can still name it when no file is installed. */
      if (!have[role] && (f.path || !out->role[role].family)) {
        out->role[role] = f;
        have[role] = f.path != NULL;
      }
    } else {
      cb_warn(d, pos, "fonts.conf: unknown key \"%s\"", k);
    }
  }
  free(text);
  return rc;
}

/* ---- subsetting ------------------------------------------------------------------------------ */

static void put16(cb_buf *b, unsigned v) {
  cb_buf_putc(b, (char)(v >> 8));
  cb_buf_putc(b, (char)(v & 0xff));
}

/* Append s (UTF-8) as UTF-16BE. */
static void put_utf16be(cb_buf *b, const char *s) {
  size_t n = strlen(s), i = 0;
  while (i < n) {
    uint32_t cp = cb_utf8_next(s, n, &i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put16(b, 0xD800 + (cp >> 10));
      put16(b, 0xDC00 + (cp & 0x3FF));
    } else {
      put16(b, cp);
    }
  }
}

/* A new 'name' table (format 0, Windows Unicode BMP, en-US) naming the family new_family and
 * keeping the original copyright, version and licence records (the OFL requires those). */
static hb_blob_t *renamed_name_table(hb_face_t *orig, const char *new_family) {
  static const hb_ot_name_id_t kept[] = {0, 5, 13, 14};
  const char *vals[16] = {0};
  char *owned[4] = {0};
  for (size_t k = 0; k < 4; k++) {
    unsigned len = hb_ot_name_get_utf8(orig, kept[k], HB_LANGUAGE_INVALID, NULL, NULL);
    if (!len) continue;
    unsigned cap = len + 1;
    owned[k] = cb_xmalloc(cap);
    hb_ot_name_get_utf8(orig, kept[k], HB_LANGUAGE_INVALID, &cap, owned[k]);
    vals[kept[k]] = owned[k];
  }
  /* PostScript name: printable ASCII without spaces, at most 63 characters. */
  char ps[64];
  size_t pn = 0;
  for (const char *p = new_family; *p && pn < 50; p++)
    if (*p > 0x20 && *p < 0x7f && !strchr("[](){}<>/%", *p)) ps[pn++] = *p;
  memcpy(ps + pn, "-Regular", 9);
  vals[1] = new_family;
  vals[2] = "Regular";
  vals[3] = ps; /* unique id */
  vals[4] = new_family;
  vals[6] = ps;

  cb_buf strings = CB_BUF_INIT, recs = CB_BUF_INIT;
  unsigned count = 0;
  for (unsigned id = 0; id < 16; id++) {
    if (!vals[id] || !*vals[id]) continue;
    size_t off = strings.len;
    put_utf16be(&strings, vals[id]);
    size_t len = strings.len - off;
    if (len > 0xffff || off > 0xffff) continue;
    put16(&recs, 3);     /* platform: Windows */
    put16(&recs, 1);     /* encoding: Unicode BMP */
    put16(&recs, 0x409); /* language: en-US */
    put16(&recs, id);
    put16(&recs, (unsigned)len);
    put16(&recs, (unsigned)off);
    count++;
  }
  cb_buf tab = CB_BUF_INIT;
  put16(&tab, 0);
  put16(&tab, count);
  put16(&tab, 6 + 12 * count);
  cb_buf_put(&tab, recs.data ? recs.data : "", recs.len);
  cb_buf_put(&tab, strings.data ? strings.data : "", strings.len);
  cb_buf_free(&recs);
  cb_buf_free(&strings);
  for (size_t k = 0; k < 4; k++)
    free(owned[k]);
  size_t n;
  char *data = cb_buf_detach(&tab, &n);
  return hb_blob_create(data, (unsigned)n, HB_MEMORY_MODE_WRITABLE, data, free);
}

/* Rebuild the font with every table of face but 'name', plus the given name table. */
static hb_blob_t *replace_name_table(hb_face_t *face, hb_blob_t *name) {
  hb_face_t *builder = hb_face_builder_create();
  hb_tag_t tags[64];
  unsigned start = 0, n;
  do {
    n = sizeof tags / sizeof *tags;
    hb_face_get_table_tags(face, start, &n, tags);
    for (unsigned i = 0; i < n; i++) {
      if (tags[i] == HB_TAG('n', 'a', 'm', 'e')) continue;
      hb_blob_t *t = hb_face_reference_table(face, tags[i]);
      hb_face_builder_add_table(builder, tags[i], t);
      hb_blob_destroy(t);
    }
    start += n;
  } while (n == sizeof tags / sizeof *tags);
  hb_face_builder_add_table(builder, HB_TAG('n', 'a', 'm', 'e'), name);
  hb_blob_t *out = hb_face_reference_blob(builder);
  hb_face_destroy(builder);
  return out;
}

unsigned char *cb_font_subset(const char *path, const uint32_t *cps, size_t n_cps,
                              const char *new_family, size_t *out_len) {
  *out_len = 0;
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  if (!blob) return NULL;
  hb_face_t *face = hb_face_create(blob, 0);
  hb_blob_destroy(blob);
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) {
    hb_face_destroy(face);
    return NULL;
  }
  hb_set_t *u = hb_subset_input_unicode_set(in);
  for (size_t i = 0; i < n_cps; i++)
    hb_set_add(u, cps[i]);
  /* Keep every OpenType layout feature: Burmese shaping (pre-base vowels, medials, kinzi,
   * stacking) uses many beyond hb-subset's default list. */
  hb_set_t *feats = hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
  hb_set_clear(feats);
  hb_set_invert(feats);
  hb_face_t *sub = hb_subset_or_fail(face, in);
  hb_subset_input_destroy(in);
  unsigned char *res = NULL;
  if (sub) {
    hb_blob_t *b;
    if (new_family && *new_family) {
      /* A subset face is a "builder" face that cannot list its tables (HarfBuzz 6):
       * serialise it and re-open it as an ordinary face first. */
      hb_blob_t *flat = hb_face_reference_blob(sub);
      hb_face_t *ff = hb_face_create(flat, 0);
      hb_blob_t *name = renamed_name_table(face, new_family);
      b = replace_name_table(ff, name);
      hb_blob_destroy(name);
      hb_face_destroy(ff);
      hb_blob_destroy(flat);
    } else {
      b = hb_face_reference_blob(sub);
    }
    unsigned len = 0;
    const char *data = hb_blob_get_data(b, &len);
    if (data && len) {
      res = cb_xmalloc(len);
      memcpy(res, data, len);
      *out_len = len;
    }
    hb_blob_destroy(b);
    hb_face_destroy(sub);
  }
  hb_face_destroy(face);
  return res;
}

/* ---- code points of a book ------------------------------------------------------------------- */

typedef struct cpset {
  unsigned char *bits; /* one bit per code point up to U+10FFFF */
  size_t n;
} cpset;

static void add_text(cpset *s, const char *t, size_t len) {
  if (!t) return;
  size_t i = 0;
  while (i < len) {
    uint32_t cp = cb_utf8_next(t, len, &i);
    if (cp > 0x10FFFF) continue;
    unsigned char m = (unsigned char)(1u << (cp & 7));
    if (!(s->bits[cp >> 3] & m)) {
      s->bits[cp >> 3] |= m;
      s->n++;
    }
  }
}

static void add_meta(cpset *s, const cb_meta *m) {
  if (!m) return;
  if (m->str) add_text(s, m->str, strlen(m->str));
  for (const cb_meta *c = m->first; c; c = c->next)
    add_meta(s, c);
}

uint32_t *cb_book_codepoints(const cb_book *book, size_t *n) {
  cpset s = {cb_xmalloc(0x110000 / 8), 0};
  memset(s.bits, 0, 0x110000 / 8);
  /* Printable ASCII always: generated labels, punctuation and digits around Burmese. */
  for (uint32_t c = 0x20; c < 0x7f; c++) {
    s.bits[c >> 3] |= (unsigned char)(1u << (c & 7));
    s.n++;
  }
  add_text(&s, "\u200b\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00b7", 28);
  add_meta(&s, book->meta);
  for (const cb_node *ch = book->first; ch; ch = ch->next) {
    add_meta(&s, ch->as.chapter.meta);
    cb_iter it;
    const cb_node *node;
    cb_iter_init(&it, ch);
    cb_event ev;
    while ((ev = cb_iter_next(&it, &node)) != CB_EVENT_NONE) {
      if (ev != CB_EVENT_ENTER) continue;
      if (node->text) add_text(&s, node->text, node->text_len);
      if (node->type == CB_NODE_IMAGE || node->type == CB_NODE_FIGURE) {
        const char *alt = node->as.link.alt;
        if (alt) add_text(&s, alt, strlen(alt));
      }
      if (node->type == CB_NODE_TOC && node->as.toc.title)
        add_text(&s, node->as.toc.title, strlen(node->as.toc.title));
    }
  }
  uint32_t *out = cb_xmalloc((s.n ? s.n : 1) * sizeof *out);
  size_t k = 0;
  for (uint32_t byte = 0; byte < 0x110000 / 8; byte++) {
    if (!s.bits[byte]) continue;
    for (unsigned b = 0; b < 8; b++)
      if (s.bits[byte] & (1u << b)) out[k++] = byte * 8 + b;
  }
  free(s.bits);
  *n = k;
  return out;
}
