/* The EPUB backend on a hand-built two-chapter book: every node kind goes through the shared
 * body writer into well-formed XHTML documents; a long chapter is split under 256 KB with its
 * cross-document links rewritten; images are packaged once; the nav lists every heading.
 * Set CB_EPUB_OUT=file.epub to keep the result (e.g. for epubcheck). */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "backend.h"
#include "check.h"

static cb_arena *A;
static cb_pos P = {"page.md", 1, 1};

static cb_node *add(cb_node *parent, cb_node_type t) {
  cb_node *n = cb_node_new(A, t, P);
  cb_node_append(parent, n);
  return n;
}

static cb_node *text(cb_node *parent, const char *s) {
  cb_node *n = cb_node_new_text(A, s, strlen(s), P);
  cb_node_append(parent, n);
  return n;
}

static cb_node *heading(cb_node *ch, int level, const char *s, const char *id) {
  cb_node *h = add(ch, CB_NODE_HEADING);
  h->as.heading.level = level;
  h->attrs.id = id;
  text(h, s);
  return h;
}

static cb_node *para(cb_node *ch, const char *s) {
  cb_node *p = add(ch, CB_NODE_PARAGRAPH);
  text(p, s);
  return p;
}

static cb_node *image(cb_node *parent, const char *url, const char *alt) {
  cb_node *i = add(parent, CB_NODE_IMAGE);
  i->as.link.url = url;
  i->as.link.alt = alt;
  return i;
}

static cb_node *link(cb_node *parent, const char *url, const char *s) {
  cb_node *l = add(parent, CB_NODE_LINK);
  l->as.link.url = url;
  text(l, s);
  return l;
}

static const char *burmese = "Face Recognition ကို စိတ်ဝင်စားသူတိုင်လေ့လာ သင့်တဲ့ paper လေဖြစ်လို့ အားလုံးအတွက် "
                             "အကျိုးရှိအောင် ရှယ်ပေးလိုက်ပါတယ်။ ";

static cb_book *build(const char *data) {
  cb_book *b = cb_book_new();
  A = b->arena;
  b->root = cb_sprintf(A, "%s/epub", data);
  b->lang = "my";
  cb_meta_set_str(A, b->meta, "title", "Render test");
  cb_meta_set_str(A, b->meta, "creator", "Tester");
  cb_meta_set_str(A, b->meta, "modified", "2024-06-28");

  cb_node *ch = cb_node_new(A, CB_NODE_CHAPTER, P);
  ch->as.chapter.file = cb_sprintf(A, "%s/epub/images.md", data);
  ch->as.chapter.title = "Render test";
  ch->as.chapter.meta = b->meta;
  ch->as.chapter.lang = "my";
  cb_book_add_chapter(b, ch);

  cb_node *toc = add(ch, CB_NODE_TOC);
  toc->as.toc.title = "Contents";
  heading(ch, 2, "ပုံ Images 🥬", "ပုံ-images-");
  cb_node *p = para(ch, burmese);
  image(p, "images/square.png", "A blue square");
  image(p, "/images/square.png", "The same square");
  image(p, "images/missing.png", "Missing one");
  image(p, "../../../../../../etc/passwd", "Secret");
  image(p, "https://example.com/x.png", "Remote");
  link(p, "#part-40", "to part 40");
  cb_node *fr = add(p, CB_NODE_FOOTNOTE_REF);
  cb_node *fd = add(ch, CB_NODE_FOOTNOTE_DEF);
  fr->as.footnote.label = fd->as.footnote.label = "n1";
  fr->as.footnote.number = fd->as.footnote.number = 1;
  fr->as.footnote.def = fd;
  para(fd, "A footnote ဆုံးရှုံးမှု.");

  cb_node *notice = add(ch, CB_NODE_NOTICE);
  notice->as.notice.kind = CB_NOTICE_INFO;
  cb_attrs_add_class(A, &notice->attrs, "notice--info");
  para(notice, "Pre-requisite: ဒီ course ကို Computer Science အခြေခံရှိပြီးမှ တက်သင့်ပါတယ်။");
  cb_node *v = add(ch, CB_NODE_VIDEO);
  v->as.video.provider = CB_VIDEO_YOUTUBE;
  v->as.video.id = "w05oosmFsxM";
  v->as.video.start = 90;

  cb_node *t = add(ch, CB_NODE_TABLE);
  t->as.table.columns = 2;
  t->as.table.aligns = cb_alloc(A, 2 * sizeof(cb_align));
  for (int r = 0; r < 2; r++) {
    cb_node *row = add(t, CB_NODE_TABLE_ROW);
    row->as.row.header = r == 0;
    for (int c = 0; c < 2; c++)
      text(add(row, CB_NODE_TABLE_CELL), r ? "မျက်နှာ" : "Head");
  }
  cb_node *code = add(ch, CB_NODE_CODE_BLOCK);
  code->text = "# မြန်မာ\nif a < b && c > d:\n    pass\n";
  code->text_len = strlen(code->text);
  code->as.code.lang = "python";
  cb_node *dl = add(ch, CB_NODE_DEF_LIST);
  text(add(dl, CB_NODE_DEF_TERM), "Embedding");
  para(add(dl, CB_NODE_DEF_DESC), "A vector.");
  cb_node *sec = add(ch, CB_NODE_DIV);
  sec->as.div.tag = "section";
  cb_attrs_add_class(A, &sec->attrs, "exercise");
  para(sec, "လေ့ကျင့်ခန်း inside a section.");
  cb_node *m = add(ch, CB_NODE_MATH_BLOCK);
  m->text = "\\frac{a}{b} < c";
  m->text_len = strlen(m->text);
  cb_node *html = add(ch, CB_NODE_HTML_BLOCK);
  html->text = "<div onclick=\"x()\"><script>alert(1)</script><p>raw <b>html</b></p></div>";
  html->text_len = strlen(html->text);

  /* ~60 parts of ~6 KB each: the chapter must be split. */
  for (int i = 1; i <= 60; i++) {
    char title[32], id[32];
    snprintf(title, sizeof title, "Part %d", i);
    snprintf(id, sizeof id, "part-%d", i);
    heading(ch, i % 5 == 1 ? 2 : 3, cb_strdup(A, title), cb_strdup(A, id));
    for (int j = 0; j < 4; j++) {
      cb_node *pp = para(ch, burmese);
      text(pp, burmese);
      text(pp, burmese);
      text(pp, burmese);
      if (j == 0) link(pp, "#ပုံ-images-", "back to the start");
    }
  }

  cb_node *ch2 = cb_node_new(A, CB_NODE_CHAPTER, P);
  ch2->as.chapter.file = cb_sprintf(A, "%s/epub/tables-code.md", data);
  ch2->as.chapter.title = "Second page";
  ch2->as.chapter.meta = b->meta;
  ch2->as.chapter.lang = "en";
  cb_book_add_chapter(b, ch2);
  heading(ch2, 2, "English chapter", "english-chapter");
  para(ch2, "Plain English text with one Burmese word: မြန်မာ.");
  return b;
}

static char *entry(zip_t *z, const char *name, size_t *len) {
  zip_stat_t st;
  if (zip_stat(z, name, 0, &st) != 0) return NULL;
  zip_file_t *f = zip_fopen(z, name, 0);
  if (!f) return NULL;
  char *buf = malloc(st.size + 1);
  zip_int64_t n = zip_fread(f, buf, st.size);
  zip_fclose(f);
  buf[n < 0 ? 0 : n] = '\0';
  *len = (size_t)(n < 0 ? 0 : n);
  return buf;
}

int main(void) {
  const char *data = getenv("CB_TEST_DATA");
  if (!data) data = "tests/data";
  cb_book *b = build(data);
  cb_options opt;
  cb_options_init(&opt);
  opt.format = CB_FORMAT_EPUB;
  opt.source_date_epoch = 1700000000;
  cb_diag d;
  cb_diag_init(&d);
  cb_buf out = CB_BUF_INIT, again = CB_BUF_INIT;
  CHECK_INT(cb_render_epub(b, &opt, &out, &d), 0);
  CHECK_INT(d.errors, 0);
  /* missing, outside, remote: one warning each (at least) */
  CHECK(d.warnings >= 3);
  CHECK_INT(cb_render_epub(b, &opt, &again, &d), 0);
  CHECK(out.len == again.len && memcmp(out.data, again.data, out.len) == 0);
  const char *keep = getenv("CB_EPUB_OUT");
  if (keep) cb_write_file_atomic(keep, out.data, out.len);

  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(out.data, out.len, 0, &err);
  zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
  CHECK(z != NULL);
  if (z) {
    size_t len;
    char *opf = entry(z, "OEBPS/content.opf", &len);
    CHECK(opf != NULL);
    int docs = 0, svg_docs = 0, sections = 0;
    bool linked_forward = false, linked_back = false;
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
      const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
      if (strncmp(name, "OEBPS/doc", 9) != 0) continue;
      docs++;
      char *x = entry(z, name, &len);
      CHECK(len < 256 * 1024);
      xmlDocPtr doc = xmlReadMemory(x, (int)len, name, NULL, XML_PARSE_NONET);
      CHECK(doc != NULL);
      xmlFreeDoc(doc);
      CHECK(strstr(x, "<script") == NULL && strstr(x, "onclick") == NULL);
      CHECK(strstr(x, "passwd") == NULL || strstr(x, "Secret") != NULL);
      if (strstr(x, "<svg")) svg_docs++;
      if (strstr(x, "<section class=\"exercise\">")) sections++;
      if (strstr(x, "href=\"doc00") && strstr(x, "#part-40\"")) linked_forward = true;
      if (strstr(x, "href=\"doc001.xhtml#")) linked_back = true;
      free(x);
    }
    CHECK(docs >= 4); /* long chapter split in 3+, second chapter */
    CHECK_INT(sections, 1);
    CHECK(svg_docs >= 1);
    CHECK(linked_forward);
    CHECK(linked_back);
    /* One packaged copy of the square, as PNG; the generated cover. */
    CHECK(zip_name_locate(z, "OEBPS/images/img001.png", 0) >= 0);
    CHECK(zip_name_locate(z, "OEBPS/images/img002.png", 0) < 0);
    CHECK(zip_name_locate(z, "OEBPS/images/cover.svg", 0) >= 0);
    CHECK(opf && strstr(opf, "properties=\"svg\"") != NULL);
    char *nav = entry(z, "OEBPS/nav.xhtml", &len);
    CHECK(nav != NULL);
    if (nav) {
      /* 60 parts + the images heading + 2 chapter titles + the second chapter's heading */
      int links = 0;
      for (const char *p = nav; (p = strstr(p, "<a href=")) != NULL; p++)
        links++;
      CHECK_INT(links, 64);
      CHECK(strstr(nav, "#part-40\"") != NULL);
      free(nav);
    }
    free(opf);
    zip_close(z);
  } else if (src) {
    zip_source_free(src);
  }
  zip_error_fini(&err);
  cb_buf_free(&out);
  cb_buf_free(&again);
  cb_book_free(b);
  TEST_DONE();
}
