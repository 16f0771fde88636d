/* The HTML body writer and the handout page, on a hand-built model holding every node type,
 * Burmese + English + emoji text, and hostile input.  Checks structure (ids, classes, links,
 * lang spans, break hints, escaping, sanitising), polyglot well-formedness (the XHTML body
 * parses as XML), and the font helpers. */
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "check.h"
#include "coursebook/coursebook.h"
#include "fonts.h"
#include "html_body.h"

static cb_arena *A;
static cb_pos P(int line) {
  return (cb_pos){"course/page.md", line, 1};
}

static cb_node *add(cb_node *parent, cb_node_type t, int line) {
  cb_node *n = cb_node_new(A, t, P(line));
  cb_node_append(parent, n);
  return n;
}
static cb_node *txt(cb_node *parent, const char *s, int line) {
  cb_node *n = cb_node_new_text(A, s, strlen(s), P(line));
  cb_node_append(parent, n);
  return n;
}
static cb_node *html_inline(cb_node *parent, const char *s, int line) {
  cb_node *n = add(parent, CB_NODE_HTML_INLINE, line);
  n->text = s;
  n->text_len = strlen(s);
  return n;
}
static cb_node *heading(cb_node *ch, int level, const char *id, const char *s, int line) {
  cb_node *h = add(ch, CB_NODE_HEADING, line);
  h->as.heading.level = level;
  h->attrs.id = id;
  txt(h, s, line);
  return h;
}
static cb_meta *mstr(cb_meta *map, const char *key, const char *v) {
  cb_meta *m = cb_meta_new(A, CB_META_STRING, P(1));
  m->key = key;
  m->str = v;
  cb_meta_append(map, m);
  return m;
}
static cb_meta *mlist(cb_meta *map, const char *key, const char *const *items, size_t n) {
  cb_meta *l = cb_meta_new(A, CB_META_LIST, P(1));
  l->key = key;
  for (size_t i = 0; i < n; i++) {
    cb_meta *m = cb_meta_new(A, items[i] ? CB_META_STRING : CB_META_NULL, P(1));
    m->str = items[i];
    cb_meta_append(l, m);
  }
  cb_meta_append(map, l);
  return l;
}

/* Every "/>" must close a void element (polyglot: never <div/>). */
static bool only_void_selfclosed(const char *s) {
  static const char *const ok[] = {"br", "img", "hr", "meta", "input", "wbr", NULL};
  for (const char *p = s; (p = strstr(p, "/>")); p += 2) {
    const char *lt = p;
    while (lt > s && *lt != '<')
      lt--;
    size_t n = strcspn(lt + 1, " />");
    bool good = false;
    for (size_t i = 0; ok[i]; i++)
      if (strlen(ok[i]) == n && strncmp(lt + 1, ok[i], n) == 0) good = true;
    if (!good) {
      fprintf(stderr, "self-closed non-void element: %.40s\n", lt);
      return false;
    }
  }
  return true;
}

static cb_book *build_book(const char *root) {
  cb_book *b = cb_book_new();
  A = b->arena;
  b->lang = "my";
  b->root = root;
  cb_node *ch = cb_node_new(A, CB_NODE_CHAPTER, P(1));
  ch->as.chapter.file = cb_sprintf(A, "%s/page.md", root);
  ch->as.chapter.lang = "my";
  ch->as.chapter.meta = b->meta;
  ch->as.chapter.title = "Machine Learning Paper Reading";
  cb_book_add_chapter(b, ch);

  cb_meta *m = b->meta;
  mstr(m, "title", "Machine Learning Paper Reading");
  mstr(m, "excerpt", "Machine Learning လေ့လာသူတွေအတွက် paper တွေ");
  const char *pubs[] = {NULL};
  mlist(m, "publisher", pubs, 1);
  const char *creators[] = {"Alex Snow"};
  mlist(m, "creator", creators, 1);
  cb_meta *date = cb_meta_new(A, CB_META_DATE, P(6));
  date->key = "date";
  date->str = "2023-12-13";
  date->date = (cb_date){.year = 2023, .month = 12, .day = 13};
  cb_meta_append(m, date);
  mstr(m, "difficulty", "Intermediate");
  mstr(m, "license", "PD");
  const char *aud[] = {"Computer Science Students", "", "IT Professionals"};
  mlist(m, "audience", aud, 3);
  const char *tags[] = {"Machine Learning & AI", "Python"};
  mlist(m, "tags", tags, 2);

  /* Notice holding a Burmese paragraph with English words. */
  cb_node *notice = add(ch, CB_NODE_NOTICE, 3);
  notice->as.notice.kind = CB_NOTICE_INFO;
  cb_attrs_add_class(A, &notice->attrs, "notice--info");
  cb_node *p = add(notice, CB_NODE_PARAGRAPH, 3);
  txt(p, "Pre-perquisite: ဒီ course ကို Computer Science အခြေခံရှိပြီးမှ တက်သင့်ပါတယ်။", 3);

  cb_node *toc = add(ch, CB_NODE_TOC, 6);
  toc->as.toc.title = "Contents";

  heading(ch, 2, "machine-learning-paper-reading", "Machine Learning Paper Reading", 8);
  heading(ch, 3, "-metric-learning", "🥬 Metric Learning", 10);
  heading(ch, 4, "1-facenet", "1. FaceNet", 12);
  cb_node *hidden = heading(ch, 2, "not-in-toc", "Hidden", 13);
  hidden->as.heading.no_toc = true;
  heading(ch, 3, "-self-supervised", "🌼 Self-Supervised", 14);
  heading(ch, 2, "dup", "First dup", 15);
  heading(ch, 2, "dup", "Second dup", 16);

  p = add(ch, CB_NODE_PARAGRAPH, 18);
  txt(p, "Face Recognition ကို စိတ်ဝင်စားသူတိုင်လေ့လာ သင့်တဲ့ paper ပါ။ ", 18);
  txt(p, "<script>alert(1)</script> & \"q\"", 18);

  cb_node *v = add(ch, CB_NODE_VIDEO, 20);
  v->as.video.provider = CB_VIDEO_YOUTUBE;
  v->as.video.id = "w05oosmFsxM";
  v->as.video.start = 110;

  /* A tight list with links, one with target='\_blank' as kramdown keeps it. */
  cb_node *list = add(ch, CB_NODE_LIST, 21);
  list->as.list.tight = true;
  cb_node *item = add(list, CB_NODE_ITEM, 21);
  p = add(item, CB_NODE_PARAGRAPH, 21);
  cb_node *a = add(p, CB_NODE_LINK, 21);
  a->as.link.url = "https://arxiv.org/abs/1503.03832";
  cb_attrs_set(A, &a->attrs, "target", "\\_blank");
  cb_attrs_set(A, &a->attrs, "onclick", "steal()");
  cb_attrs_set(A, &a->attrs, "href", "https://elsewhere.example/"); /* would duplicate href */
  txt(a, "Original Paper", 21);
  item = add(list, CB_NODE_ITEM, 22);
  item->as.item.task = 2;
  p = add(item, CB_NODE_PARAGRAPH, 22);
  a = add(p, CB_NODE_LINK, 22);
  a->as.link.url = "javascript:alert(1)";
  txt(a, "bad link", 22);
  item = add(list, CB_NODE_ITEM, 23);
  p = add(item, CB_NODE_PARAGRAPH, 23);
  a = add(p, CB_NODE_LINK, 23);
  a->as.link.url = "#-metric-learning";
  txt(a, "back to metric", 23);

  heading(ch, 3, "မြန်မာ", "မြန်မာ", 24);
  p = add(ch, CB_NODE_PARAGRAPH, 24);
  a = add(p, CB_NODE_LINK, 24);
  a->as.link.url = "#%E1%80%99%E1%80%BC%E1%80%94%E1%80%BA%E1%80%99%E1%80%AC"; /* #မြန်မာ */
  txt(a, "to the Burmese heading", 24);

  /* Inline zoo. */
  p = add(ch, CB_NODE_PARAGRAPH, 25);
  cb_node *em = add(p, CB_NODE_EMPH, 25);
  txt(em, "emph", 25);
  cb_node *st = add(p, CB_NODE_STRONG, 25);
  txt(st, "strong", 25);
  cb_node *code = add(p, CB_NODE_CODE, 25);
  code->text = "a<b";
  code->text_len = 3;
  add(p, CB_NODE_LINEBREAK, 25);
  cb_node *hi = add(p, CB_NODE_HTML_INLINE, 25);
  hi->text = "<b onclick=\"x()\">bold</b>";
  hi->text_len = strlen(hi->text);
  cb_node *mi = add(p, CB_NODE_MATH_INLINE, 25);
  mi->text = "a < b";
  mi->text_len = 5;
  cb_node *fr = add(p, CB_NODE_FOOTNOTE_REF, 25);
  fr->as.footnote.label = "note";
  fr->as.footnote.number = 1;
  cb_node *img = add(p, CB_NODE_IMAGE, 25);
  img->as.link.url = "/assets/dot.png";
  img->as.link.alt = "a dot";
  txt(img, "a dot", 25);
  img = add(p, CB_NODE_IMAGE, 25);
  img->as.link.url = "https://example.com/remote.png";
  img->as.link.alt = "remote pic";
  img = add(p, CB_NODE_IMAGE, 26);
  img->as.link.url = "../../../etc/passwd";
  img->as.link.alt = "outside";
  cb_node *ab = add(p, CB_NODE_ABBR, 26);
  ab->as.abbr.title = "HyperText Markup Language";
  txt(ab, "HTML", 26);
  cb_node *del = add(p, CB_NODE_STRIKETHROUGH, 26);
  txt(del, "gone", 26);

  /* Inline HTML tags around Markdown, as cmark-gfm delivers them: one node per tag. */
  p = add(ch, CB_NODE_PARAGRAPH, 27);
  html_inline(p, "<span style=\"color: red\" onclick=\"x()\">", 27);
  txt(p, "red ", 27);
  txt(add(p, CB_NODE_EMPH, 27), "em", 27);
  html_inline(p, "<kbd>", 27);
  txt(p, "Ctrl", 27);
  html_inline(p, "</kbd>", 27);
  html_inline(p, "</span>", 27);
  html_inline(p, "<br>", 27);
  html_inline(p, "<sup>", 27);
  txt(p, "unclosed", 27);
  html_inline(p, "<form action=\"/x\">", 27);
  txt(p, "form content", 27);
  html_inline(p, "</form>", 27);

  cb_node *hb = add(ch, CB_NODE_HTML_BLOCK, 28);
  hb->text = "<div class=\"box\"><script>evil()</script><p>kept</p><iframe src=x></iframe>"
             "<img src=\"/assets/dot.png\" alt=\"raw dot\"><img src=\"https://x.example/r.png\" "
             "alt=\"raw remote\"></div>";
  hb->text_len = strlen(hb->text);

  cb_node *cbk = add(ch, CB_NODE_CODE_BLOCK, 30);
  cbk->as.code.lang = "python";
  cbk->text = "print('<hi>')  # မင်္ဂလာပါ\n";
  cbk->text_len = strlen(cbk->text);

  cb_node *tbl = add(ch, CB_NODE_TABLE, 33);
  tbl->as.table.columns = 2;
  tbl->as.table.aligns = cb_alloc(A, 2 * sizeof(cb_align));
  tbl->as.table.aligns[0] = CB_ALIGN_LEFT;
  tbl->as.table.aligns[1] = CB_ALIGN_CENTER;
  for (int r = 0; r < 3; r++) {
    cb_node *row = add(tbl, CB_NODE_TABLE_ROW, 33 + r);
    row->as.row.header = r == 0;
    for (int k = 0; k < 2; k++) {
      cb_node *cell = add(row, CB_NODE_TABLE_CELL, 33 + r);
      /* Body cells leave alignment to the column (the writer falls back to it). */
      cell->as.cell.align = r == 0 ? tbl->as.table.aligns[k] : CB_ALIGN_NONE;
      txt(cell, r == 0 ? (k ? "ကော်လံ" : "Col") : "x", 33 + r);
    }
  }

  cb_node *fig = add(ch, CB_NODE_FIGURE, 37);
  fig->as.link.url = "/assets/missing.png";
  fig->as.link.alt = "a missing figure";
  txt(fig, "Caption ပုံ", 37);

  cb_node *mb = add(ch, CB_NODE_MATH_BLOCK, 39);
  mb->text = "\\sum_{i} x_i & y";
  mb->text_len = strlen(mb->text);

  cb_node *dl = add(ch, CB_NODE_DEF_LIST, 41);
  cb_node *dt = add(dl, CB_NODE_DEF_TERM, 41);
  txt(dt, "Term", 41);
  cb_node *dd = add(dl, CB_NODE_DEF_DESC, 42);
  txt(add(dd, CB_NODE_PARAGRAPH, 42), "Definition", 42);

  /* containers: a section with a heading and a hostile attribute; a details without its
   * summary (written as a div: HTML requires the summary) */
  cb_node *sec = add(ch, CB_NODE_DIV, 43);
  sec->as.div.tag = "section";
  sec->attrs.id = "exercise";
  cb_attrs_add_class(A, &sec->attrs, "exercise");
  cb_attrs_set(A, &sec->attrs, "onclick", "alert(1)");
  cb_node *sh = add(sec, CB_NODE_HEADING, 43);
  sh->as.heading.level = 2;
  txt(sh, "လေ့ကျင့်ခန်း", 43);
  txt(add(sec, CB_NODE_PARAGRAPH, 43), "Inside a section", 43);
  cb_node *det = add(ch, CB_NODE_DIV, 43);
  det->as.div.tag = "details";
  txt(add(det, CB_NODE_PARAGRAPH, 43), "No summary", 43);

  cb_node *bq = add(ch, CB_NODE_BLOCKQUOTE, 44);
  txt(add(bq, CB_NODE_PARAGRAPH, 44), "quoted", 44);
  add(ch, CB_NODE_THEMATIC_BREAK, 45);

  cb_node *fd = add(ch, CB_NODE_FOOTNOTE_DEF, 47);
  fd->as.footnote.label = "note";
  fd->as.footnote.number = 1;
  txt(add(fd, CB_NODE_PARAGRAPH, 47), "The note.", 47);
  fr->as.footnote.def = fd;
  return b;
}

static void test_handout(const char *root) {
  cb_book *b = build_book(root);
  cb_options opt;
  cb_options_init(&opt);
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  cb_buf out = CB_BUF_INIT;
  CHECK_INT(cb_render_html(b, &opt, &out, &d), 0);
  const char *h = out.data;
  if (getenv("CB_TEST_DUMP")) fputs(h, stdout); /* to look at the page by hand */
  CHECK(h != NULL);
  if (!h) return;

  /* Page. */
  CHECK(strncmp(h, "<!DOCTYPE html>\n<html lang=\"my\">", 32) == 0);
  CHECK(strstr(h, "<meta charset=\"utf-8\"/>") != NULL);
  CHECK(strstr(h, "<title>Machine Learning Paper Reading</title>") != NULL);
  CHECK(strstr(h, "<meta name=\"author\" content=\"Alex Snow\"/>") != NULL);
  /* Burmese in attributes stays UTF-8 (no character references). */
  CHECK(strstr(h, "<meta name=\"description\" content=\"Machine Learning လေ့လာသူတွေအတွက် "
                  "paper တွေ\"/>") != NULL);
  CHECK(!strstr(h, "&#x10"));
  CHECK(strstr(h, "<style>") != NULL && strstr(h, ".notice--info") != NULL);
  CHECK(!strstr(h, "<link") && !strstr(h, "<script")); /* self-contained, no script */

  /* Title block: empty publisher skipped, PD licence linked, audience without the empty item. */
  CHECK(strstr(h, "class=\"title-block__title\"") != NULL);
  CHECK(!strstr(h, "class=\"publisher\""));
  CHECK(strstr(h, "<a href=\"https://creativecommons.org/publicdomain/mark/1.0/\" "
                  "rel=\"license\"><span lang=\"en\">Public Domain</span></a>") != NULL);
  CHECK(strstr(h, "Computer Science Students, IT Professionals") != NULL);
  CHECK(strstr(h, "<time datetime=\"2023-12-13\">2023-12-13</time>") != NULL);
  CHECK(strstr(h, "Machine Learning &amp; AI") != NULL);

  /* Notice box. */
  CHECK(strstr(h, "<div class=\"notice notice--info\" role=\"note\">") != NULL);
  /* English runs inside Burmese text are marked; Burmese gets break hints (U+200B). */
  CHECK(strstr(h, "<span lang=\"en\">Computer Science</span>") != NULL ||
        strstr(h, "<span lang=\"en\">Computer Science </span>") != NULL);
  CHECK(strstr(h, "\xE2\x80\x8B") != NULL);
  CHECK(!strstr(h, "Computer\xE2\x80\x8B"));
  CHECK(strstr(h, "စိတ်ဝင်စား\xE2\x80\x8B") != NULL || strstr(h, "\xE2\x80\x8Bသူ") != NULL);

  /* Headings with their ids; the duplicate is suffixed and warned about. */
  CHECK(strstr(h, "<h2 id=\"machine-learning-paper-reading\">") != NULL);
  CHECK(strstr(h, "<h3 id=\"-metric-learning\">") != NULL);
  CHECK(strstr(h, "<h2 id=\"dup\">") != NULL && strstr(h, "<h2 id=\"dup-2\">") != NULL);

  /* Contents: nested, linking the ids, without the no_toc heading. */
  const char *toc = strstr(h, "<nav class=\"toc\"");
  CHECK(toc != NULL);
  if (toc) {
    const char *toc_end = strstr(toc, "</nav>");
    CHECK(toc_end != NULL);
    CHECK(strstr(toc, "<ul class=\"toc__menu\"><li><a href=\"#machine-learning-paper-reading\">"));
    CHECK(strstr(toc, "</a><ul><li><a href=\"#-metric-learning\">") != NULL);
    CHECK(strstr(toc, "<a href=\"#dup-2\">") != NULL &&
          strstr(toc, "<a href=\"#dup-2\">") < toc_end);
    CHECK(!strstr(toc, "not-in-toc") || strstr(toc, "not-in-toc") > toc_end);
    CHECK(strstr(toc, "Contents</span></p>") != NULL || strstr(toc, ">Contents</p>") != NULL);
  }

  /* Video card: provider, watch link (with the start time), QR code as inline SVG. */
  const char *card = strstr(h, "<div class=\"video-card video-card--youtube\"");
  CHECK(card != NULL);
  if (card) {
    CHECK(strstr(card, "href=\"https://www.youtube.com/watch?v=w05oosmFsxM") != NULL);
    CHECK(strstr(card, "<svg xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
    CHECK(strstr(card, "class=\"video-card__qr\"") != NULL);
    CHECK(strstr(card, "YouTube") != NULL && strstr(card, "1:50") != NULL);
  }
  CHECK(!strstr(h, "<iframe"));

  /* Links: target kept literally as kramdown does, onclick and javascript: dropped. */
  CHECK(strstr(h, "<a href=\"https://arxiv.org/abs/1503.03832\" target=\"\\_blank\">") != NULL);
  CHECK(!strstr(h, "onclick") && !strstr(h, "javascript:") && !strstr(h, "steal()"));
  CHECK(!strstr(h, "elsewhere.example"));
  CHECK(strstr(h, "<a href=\"#-metric-learning\">") != NULL);
  CHECK(strstr(h, "<a href=\"#မြန်မာ\">") != NULL); /* percent-encoded link resolved */
  CHECK(strstr(h, "task-list-item") != NULL);
  /* Tight list: no <p> in items. */
  CHECK(strstr(h, "<li><a href=\"https://arxiv.org") != NULL);

  /* Escaping of text that looks like markup. */
  CHECK(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;") != NULL);
  CHECK(strstr(h, "<code>a&lt;b</code>") != NULL);
  CHECK(strstr(h, "<pre><code class=\"language-python\">print(&#39;&lt;hi&gt;&#39;)") != NULL);
  CHECK(!strstr(h, "print(&#39;&lt;hi&gt;&#39;)  # \xE2\x80\x8B")); /* no hints in code */

  /* Raw HTML sanitised. */
  CHECK(strstr(h, "<b>bold</b>") != NULL);
  CHECK(strstr(h, "<div class=\"box\"><p>kept</p><img src=\"data:image/png;base64,iVBOR") != NULL);
  /* a remote raw image is not loaded: its alt text and its address as text */
  CHECK(strstr(h, "alt=\"raw dot\"/><span class=\"image-placeholder\">raw remote <span "
                  "class=\"image-placeholder__url\">https://x.example/r.png</span></span></div>"));
  CHECK(!strstr(h, "src=\"https://x.example") && !strstr(h, "<form"));
  CHECK(!strstr(h, "evil()"));

  /* Inline HTML pairs keep the Markdown between them (sanitised as one fragment). */
  CHECK(strstr(h, "<p><span style=\"color: red\"><span lang=\"en\">red </span><em><span "
                  "lang=\"en\">em</span></em><kbd><span lang=\"en\">Ctrl</span></kbd></span><br/>"
                  "<sup></sup><span lang=\"en\">unclosed</span><span lang=\"en\">form "
                  "content</span></p>") != NULL); /* (a form unwrapped: its text stays) */

  /* Math with its TeX escaped. */
  CHECK(strstr(
      h, "class=\"math math--inline\" role=\"math\" aria-label=\"a &lt; b\">a &lt; b</span>"));
  CHECK(strstr(h, "\\sum_{i} x_i &amp; y</div>") != NULL);

  /* Images: local → data: URI; remote → alt + link; outside the root and missing → alt. */
  CHECK(strstr(h, "<img src=\"data:image/png;base64,iVBORw0KGgo") != NULL);
  CHECK(strstr(h, "alt=\"a dot\"/>") != NULL);
  CHECK(strstr(h, "remote pic") != NULL &&
        strstr(h, "<a href=\"https://example.com/remote.png\" class=\"image-placeholder__url\">"));
  CHECK(strstr(h, "<span class=\"image-placeholder\"><span lang=\"en\">outside</span></span>") &&
        !strstr(h, "passwd\""));
  CHECK(strstr(h, "<figure><span class=\"image-placeholder\"") != NULL);
  CHECK(strstr(h, "<figcaption>") != NULL);

  /* Containers: the author's element with its id and class (no handler); a details without
   * its summary is a div. */
  CHECK(strstr(h, "<section id=\"exercise\" class=\"exercise\">\n<h2>") != NULL);
  CHECK(strstr(h, "Inside a section</span></p>\n</section>") != NULL);
  CHECK(strstr(h, "<div>\n<p><span lang=\"en\">No summary</span></p>\n</div>") != NULL);
  CHECK(!strstr(h, "<details"));

  /* Tables: alignment as style, never the obsolete align attribute. */
  CHECK(strstr(h, "<thead><tr><th style=\"text-align: left\">") != NULL);
  CHECK(strstr(h, "<td style=\"text-align: center\"><span lang=\"en\">x</span></td>") != NULL);
  CHECK(strstr(h, "<tbody>") != NULL && !strstr(h, " align="));

  /* Footnote: reference, section at the end, back-link. */
  CHECK(strstr(h, "<sup id=\"fnref:note\"><a href=\"#fn:note\" class=\"footnote\" "
                  "role=\"doc-noteref\">1</a></sup>") != NULL);
  const char *fns = strstr(h, "<div class=\"footnotes\"");
  CHECK(fns != NULL && fns > strstr(h, "<hr/>"));
  CHECK(strstr(h, "<li id=\"fn:note\"><p>") != NULL);
  CHECK(strstr(h, "The note.</span> <a href=\"#fnref:note\" class=\"reversefootnote\"") != NULL);

  /* Definition list, blockquote, strikethrough, abbreviation. */
  CHECK(strstr(h, "<dl>") && strstr(h, "<dt>") && strstr(h, "<dd><p>"));
  CHECK(strstr(h, "<blockquote><p>") != NULL || strstr(h, "<blockquote>\n<p>") != NULL);
  CHECK(strstr(h, "<del>") != NULL);
  CHECK(strstr(h, "<abbr title=\"HyperText Markup Language\">") != NULL);

  CHECK(only_void_selfclosed(h));
  /* No Liquid or IAL residue could come from the writer itself. */
  CHECK(!strstr(h, "{%") && !strstr(h, "{:"));

  /* Warnings: duplicate id, onclick (IAL), javascript: link, sanitiser (onclick, script,
   * iframe), remote/outside/missing images. */
  CHECK(d.warnings >= 9);
  CHECK_INT(d.errors, 0);

  /* The body is well-formed XML (polyglot): parse everything between <body> and </body>. */
  const char *body = strstr(h, "<body>"), *body_end = strstr(h, "</body>");
  CHECK(body && body_end);
  if (body && body_end) {
    xmlDocPtr doc = xmlReadMemory(body, (int)(body_end - body + 7), "body.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    CHECK(doc != NULL);
    if (doc) xmlFreeDoc(doc);
  }

  /* Options: --embed-video gives the player; --no-break-hints removes U+200B. */
  opt.embed_video = true;
  opt.break_hints = false;
  cb_buf_clear(&out);
  CHECK_INT(cb_render_html(b, &opt, &out, &d), 0);
  h = out.data;
  CHECK(strstr(h, "<iframe src=\"https://www.youtube-nocookie.com/embed/w05oosmFsxM") != NULL);
  CHECK(strstr(h, "allowfullscreen=\"allowfullscreen\" loading=\"lazy\"></iframe>") != NULL);
  CHECK(strstr(h, "title=\"YouTube video (from 1:50)\"") != NULL);
  CHECK(!strstr(h, "\xE2\x80\x8B"));

  /* --embed-font: a subset Myanmar font inlined under the private family name. */
  opt.embed_video = false;
  opt.embed_font = true;
  cb_buf_clear(&out);
  CHECK_INT(cb_render_html(b, &opt, &out, &d), 0);
  h = out.data;
  CHECK(strstr(h, "font-family: \"coursebook Myanmar\"") != NULL);
  CHECK(strstr(h, "src: url(\"data:font/ttf;base64,AAEAAA") != NULL);
  CHECK(out.len < 400000); /* a subset, not the whole font */
  /* The model has emoji (🥬 🌼): the emoji font travels too when installed. */
  cb_fonts fe;
  cb_arena *fa = cb_arena_new();
  if (cb_fonts_load(fa, &opt, &fe, &d) == 0 && fe.role[CB_FONT_EMOJI].path)
    CHECK(strstr(h, "@font-face { font-family: \"coursebook Emoji\"") != NULL);
  cb_arena_free(fa);

  cb_buf_free(&out);
  cb_book_free(b);
}

/* The XHTML flavour for EPUB: epub:type, xml:lang, XML-safe ids, cross-document links. */
static const char *href_cb(void *ud, const char *id, const cb_node *target) {
  (void)target;
  return cb_sprintf((cb_arena *)ud, "part2.xhtml#%s", id);
}

static void test_xhtml(const char *root) {
  cb_book *b = build_book(root);
  cb_options opt;
  cb_options_init(&opt);
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  cb_arena *scratch = cb_arena_new();
  xmlBufferPtr xb = xmlBufferCreate();
  xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
  cb_html_ids *ids = cb_html_ids_build_ex(b, scratch, &d, CB_HTML_IDS_XML);
  CHECK_STR(cb_html_id_of(ids, cb_html_node_for_id(ids, "-metric-learning")), "_-metric-learning");
  CHECK_STR(cb_html_id_of(ids, cb_html_node_for_id(ids, "fn:note")), "fn-note");
  cb_html_ctx c;
  cb_html_ctx_init(&c, w, b, &opt, &d, scratch, ids);
  c.xhtml = true;
  c.href_for_id = href_cb;
  c.href_ud = scratch;
  xmlTextWriterStartElement(w, BAD_CAST "body");
  xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/1999/xhtml");
  xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:epub", BAD_CAST "http://www.idpf.org/2007/ops");
  CHECK_INT(cb_html_write_chapter(&c, b->first), 0);
  xmlTextWriterEndElement(w);
  CHECK_INT(cb_html_ctx_finish(&c), 0);
  xmlFreeTextWriter(w);
  const char *x = (const char *)xmlBufferContent(xb);
  if (getenv("CB_TEST_DUMP_XHTML")) /* a whole XHTML document, e.g. for the Nu checker */
    printf(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html "
        "xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"my\" xml:lang=\"my\"><head><title>t</title>"
        "</head>%s</html>\n",
        x);
  CHECK(strstr(x, "epub:type=\"noteref\"") != NULL);
  CHECK(strstr(x, "<aside id=\"fn-note\" epub:type=\"footnote\"") != NULL);
  CHECK(strstr(x, "lang=\"en\" xml:lang=\"en\"") != NULL);
  CHECK(strstr(x, "href=\"part2.xhtml#_-metric-learning\"") != NULL);
  CHECK(strstr(x, "<h3 id=\"_-metric-learning\">") != NULL);
  CHECK(!strstr(x, "id=\"fn:"));
  CHECK(only_void_selfclosed(x));
  xmlDocPtr doc = xmlReadMemory(x, (int)strlen(x), "body.xhtml", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  CHECK(doc != NULL);
  if (doc) xmlFreeDoc(doc);

  /* A range of sibling blocks (EPUB splitting): only those blocks, plus their notes. */
  xmlBufferEmpty(xb);
  w = xmlNewTextWriterMemory(xb, 0);
  cb_html_ctx_init(&c, w, b, &opt, &d, scratch, ids);
  const cb_node *first = b->first->first;                               /* the notice */
  CHECK_INT(cb_html_write_blocks(&c, b->first, first, first->next), 0); /* notice + toc */
  CHECK_INT(cb_html_write_footnotes(&c), 0);
  cb_html_ctx_finish(&c);
  xmlFreeTextWriter(w);
  x = (const char *)xmlBufferContent(xb);
  CHECK(strstr(x, "notice--info") != NULL && strstr(x, "<nav class=\"toc\"") != NULL);
  CHECK(!strstr(x, "<h2") && !strstr(x, "footnotes"));
  xmlBufferFree(xb);
  cb_arena_free(scratch);
  cb_book_free(b);
}

/* An English document marks its Burmese runs (with break hints inside them only). */
static void test_lang_en(void) {
  cb_book *b = build_book("/tmp");
  b->lang = "en";
  cb_options opt;
  cb_options_init(&opt);
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  cb_arena *scratch = cb_arena_new();
  xmlBufferPtr xb = xmlBufferCreate();
  xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
  cb_html_ctx c;
  cb_html_ctx_init(&c, w, b, &opt, &d, scratch, cb_html_ids_build(b, scratch, &d));
  CHECK_STR(c.lang, "en");
  const char *t = "Read စိတ်ဝင်စားသူ today 🥬.";
  xmlTextWriterStartElement(w, BAD_CAST "p");
  CHECK_INT(cb_html_write_text(&c, t, strlen(t)), 0);
  xmlTextWriterEndElement(w);
  cb_html_ctx_finish(&c);
  xmlFreeTextWriter(w);
  const char *x = (const char *)xmlBufferContent(xb);
  CHECK_STR(x, "<p>Read <span lang=\"my\">စိတ်ဝင်စား\xE2\x80\x8Bသူ </span>today "
               "🥬.</p>");
  CHECK(!strstr(x, "lang=\"en\""));
  xmlBufferFree(xb);
  cb_arena_free(scratch);
  cb_book_free(b);
}

static void test_fonts(void) {
  cb_options opt;
  cb_options_init(&opt);
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  cb_arena *a = cb_arena_new();
  cb_fonts f;
  CHECK_INT(cb_fonts_load(a, &opt, &f, &d), 0);
  for (int r = 0; r < CB_FONT_ROLE_COUNT; r++)
    CHECK(f.role[r].family != NULL);
  /* With the Debian fonts installed (CI installs them), a Myanmar file is found. */
  if (f.role[CB_FONT_MYANMAR].path) {
    uint32_t cps[] = {0x20, 0x1000, 0x1004, 0x1037, 0x103A, 0x1039, 0x102C};
    size_t len = 0;
    unsigned char *sub =
        cb_font_subset(f.role[CB_FONT_MYANMAR].path, cps, 7, "coursebook Myanmar", &len);
    CHECK(sub != NULL && len > 1000 && len < 200000);
    /* sfnt version 1.0 and a 'name' table carrying the new family (UTF-16BE). */
    CHECK(sub && sub[0] == 0 && sub[1] == 1 && sub[2] == 0 && sub[3] == 0);
    const char want[] = "\0c\0o\0u\0r\0s\0e\0b\0o\0o\0k\0 \0M\0y\0a\0n\0m\0a\0r";
    bool found = false;
    for (size_t i = 0; sub && i + sizeof want - 1 <= len; i++)
      if (memcmp(sub + i, want, sizeof want - 1) == 0) found = true;
    CHECK(found);
    free(sub);
  } else {
    fprintf(stderr, "note: no Myanmar font installed; subset not checked\n");
  }
  CHECK(cb_font_subset("/nonexistent.ttf", NULL, 0, NULL, &(size_t){0}) == NULL);

  cb_book *b = build_book("/tmp");
  size_t n = 0;
  uint32_t *cps = cb_book_codepoints(b, &n);
  bool sorted = true, has_ka = false, has_a = false;
  for (size_t i = 0; i < n; i++) {
    if (i && cps[i] <= cps[i - 1]) sorted = false;
    if (cps[i] == 0x1000) has_ka = true;
    if (cps[i] == 'A') has_a = true;
  }
  CHECK(sorted && has_ka && has_a && n > 100);
  free(cps);
  cb_book_free(b);
  cb_arena_free(a);
}

int main(void) {
  const char *data = getenv("CB_TEST_DATA");
  char root[4096];
  snprintf(root, sizeof root, "%s/html", data ? data : "tests/data");
  test_handout(root);
  test_xhtml(root);
  test_lang_en();
  test_fonts();
  TEST_DONE();
}
