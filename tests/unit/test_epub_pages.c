/* EPUB generated pages and helpers: the title page (details, lang runs, Burmese break hints
 * on and off), the SVG cover (wrapping, font), the SVG image sanitiser and the hash map. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "epub.h"

static int xcount(xmlDocPtr doc, const char *expr) {
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(ctx, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
  xmlXPathRegisterNs(ctx, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
  xmlXPathRegisterNs(ctx, BAD_CAST "epub", BAD_CAST "http://www.idpf.org/2007/ops");
  xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
  int n = -1;
  if (r && r->type == XPATH_NODESET) n = r->nodesetval ? r->nodesetval->nodeNr : 0;
  if (r && r->type == XPATH_BOOLEAN) n = r->boolval;
  xmlXPathFreeObject(r);
  xmlXPathFreeContext(ctx);
  return n;
}

static xmlDocPtr parse(const cb_buf *b) {
  return xmlReadMemory(b->data, (int)b->len, "mem.xml", NULL, XML_PARSE_NONET);
}

static const char *excerpt = "Machine Learning လေ့လာသူတွေအတွက် မဖြစ်မနေ သိထားသင့်တဲ့ paper တွေ";

static void example_meta(cb_arena *a, cb_epub_meta *m) {
  memset(m, 0, sizeof *m);
  m->title = "Machine Learning Paper Reading";
  static const char *creators[] = {"Alex Snow"};
  static const char *pubs[] = {"Alex Snow School"};
  static const char *aud[] = {"IT Professionals", "ML and AI Enthusiasts"};
  m->creators = (cb_epub_strs){creators, 1};
  m->publishers = (cb_epub_strs){pubs, 1};
  m->audiences = (cb_epub_strs){aud, 2};
  m->description = excerpt;
  m->date_human = "2023-12-13";
  m->modified_human = "2024-06-28";
  m->difficulty = "Intermediate";
  m->rights = "Public Domain";
  m->rights_url = "https://creativecommons.org/publicdomain/mark/1.0/";
  m->lang = "my";
  (void)a;
}

static void test_title_page(void) {
  cb_arena *a = cb_arena_new();
  cb_epub_meta m;
  example_meta(a, &m);
  cb_buf b = CB_BUF_INIT;
  CHECK_INT(cb_epub_title_page(&m, "epub.css", true, &b), 0);
  xmlDocPtr doc = parse(&b);
  CHECK(doc != NULL);
  if (doc) {
    CHECK_INT(xcount(doc, "/h:html[@lang='my' and @xml:lang='my']"), 1);
    CHECK_INT(xcount(doc, "//h:section[@epub:type='titlepage']"), 1);
    CHECK_INT(xcount(doc, "//h:h1[.='Machine Learning Paper Reading']"), 1);
    CHECK_INT(xcount(doc, "//h:dt[.='Author']/following-sibling::h:dd[1][.='Alex Snow']"), 1);
    CHECK_INT(xcount(doc, "//h:dt[.='Publisher']"), 1);
    CHECK_INT(xcount(doc, "//h:time[@datetime='2023-12-13']"), 1);
    CHECK_INT(xcount(doc, "//h:time[@datetime='2024-06-28']"), 1);
    CHECK_INT(xcount(doc, "//h:dd[.='IT Professionals, ML and AI Enthusiasts']"), 1);
    CHECK_INT(xcount(doc, "//h:a[@href='https://creativecommons.org/publicdomain/mark/1.0/' "
                          "and .='Public Domain']"),
              1);
    /* English runs inside the Burmese document are marked. */
    CHECK_INT(xcount(doc, "//h:p[@class='excerpt']/h:span[@lang='en' and @xml:lang='en']"), 2);
    xmlFreeDoc(doc);
  }
  /* U+200B at break opportunities inside the Burmese, and never with hints off. */
  CHECK(strstr(b.data, "လေ့လာ\xE2\x80\x8B") != NULL || strstr(b.data, "\xE2\x80\x8Bတွေ") != NULL);
  CHECK(cb_text_is_nfc(b.data, b.len));
  cb_buf_free(&b);
  CHECK_INT(cb_epub_title_page(&m, "epub.css", false, &b), 0);
  CHECK(strstr(b.data, "\xE2\x80\x8B") == NULL);
  CHECK(strstr(b.data, "လေ့လာသူတွေအတွက်") != NULL);
  cb_buf_free(&b);
  cb_arena_free(a);
}

static void test_cover(void) {
  cb_arena *a = cb_arena_new();
  cb_epub_meta m;
  example_meta(a, &m);
  cb_buf b = CB_BUF_INIT;
  CHECK_INT(cb_epub_cover_svg(&m, "CB Myanmar", "../fonts/myanmar.ttf", &b), 0);
  xmlDocPtr doc = parse(&b);
  CHECK(doc != NULL);
  if (doc) {
    CHECK_INT(xcount(doc, "/s:svg/s:title[.='Machine Learning Paper Reading']"), 1);
    /* 30 characters at 56 px do not fit 520 px on one line. */
    CHECK_INT(xcount(doc, "//s:text[@class='t']"), 2);
    CHECK_INT(xcount(doc, "//s:text[@class='c' and .='Alex Snow']"), 1);
    CHECK_INT(xcount(doc, "//s:style[contains(., 'CB Myanmar') and contains(., "
                          "'../fonts/myanmar.ttf')]"),
              1);
    xmlFreeDoc(doc);
  }
  cb_buf_free(&b);
  /* A long Burmese title wraps at its break opportunities, not in the middle of a syllable. */
  m.title = "စက်သင်ယူမှုဆိုင်ရာ သုတေသနစာတမ်းများကို ဖတ်ရှုခြင်းနှင့် နားလည်အောင် ရှင်းပြခြင်း";
  CHECK_INT(cb_epub_cover_page(&m, NULL, "CB Myanmar", "epub.css", &b), 0);
  doc = parse(&b);
  CHECK(doc != NULL);
  if (doc) {
    CHECK_INT(xcount(doc, "//h:section[@epub:type='cover']/s:svg"), 1);
    CHECK(xcount(doc, "//s:text[@class='t']") >= 2);
    xmlFreeDoc(doc);
  }
  cb_buf_free(&b);
  /* No spaces at all: only the break opportunities can wrap it; no U+200B is drawn. */
  m.title = "စက်သင်ယူမှုဆိုင်ရာသုတေသနစာတမ်းများကိုဖတ်ရှုခြင်းနှင့်နားလည်အောင်ရှင်းပြခြင်း";
  CHECK_INT(cb_epub_cover_svg(&m, NULL, NULL, &b), 0);
  doc = parse(&b);
  CHECK(doc != NULL);
  if (doc) {
    CHECK(xcount(doc, "//s:text[@class='t']") >= 3);
    xmlFreeDoc(doc);
  }
  CHECK(strstr(b.data, "\xE2\x80\x8B") == NULL);
  CHECK(strstr(b.data, "@font-face") == NULL);
  cb_buf_free(&b);
  CHECK_INT(cb_epub_cover_page(&m, "images/img001.png", NULL, "epub.css", &b), 0);
  doc = parse(&b);
  CHECK(doc != NULL);
  if (doc) {
    CHECK_INT(xcount(doc, "//h:img[@src='images/img001.png' and @alt]"), 1);
    xmlFreeDoc(doc);
  }
  cb_buf_free(&b);
  cb_arena_free(a);
}

static void test_svg_clean(void) {
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  const char *evil =
      "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" onload=\"alert(1)\" viewBox=\"0 0 10 10\">"
      "<script>alert(2)</script><foreignObject><div>x</div></foreignObject>"
      "<a xlink:href=\"javascript:alert(3)\"><rect width=\"5\" height=\"5\" onclick=\"x()\"/></a>"
      "<image xlink:href=\"file:///etc/passwd\"/><use xlink:href=\"#r\"/>"
      "<style>@import url(http://evil/x.css);</style><circle r=\"2\" fill=\"red\"/></svg>";
  cb_buf out = CB_BUF_INIT;
  CHECK_INT(cb_epub_svg_clean(evil, strlen(evil), &out, &d, (cb_pos){"p.md", 3, 1}), 0);
  CHECK(out.data && strstr(out.data, "script") == NULL);
  CHECK(out.data && strstr(out.data, "alert") == NULL);
  CHECK(out.data && strstr(out.data, "foreignObject") == NULL);
  CHECK(out.data && strstr(out.data, "onclick") == NULL);
  CHECK(out.data && strstr(out.data, "passwd") == NULL);
  CHECK(out.data && strstr(out.data, "evil") == NULL);
  CHECK(out.data && strstr(out.data, "href=\"#r\"") != NULL);
  CHECK(out.data && strstr(out.data, "<circle") != NULL);
  CHECK_INT(d.warnings, 1);
  cb_buf_free(&out);

  const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaa\"><!ENTITY b "
                     "\"&a;&a;&a;&a;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&b;</svg>";
  CHECK_INT(cb_epub_svg_clean(bomb, strlen(bomb), &out, &d, (cb_pos){0}), -1);
  const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM "
                    "\"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>";
  CHECK_INT(cb_epub_svg_clean(xxe, strlen(xxe), &out, &d, (cb_pos){0}), -1);
  CHECK_INT(cb_epub_svg_clean("<html/>", 7, &out, &d, (cb_pos){0}), -1);
  CHECK_INT(cb_epub_svg_clean("<svg", 4, &out, &d, (cb_pos){0}), -1);
  cb_buf_free(&out);
}

static void test_map(void) {
  cb_epub_map m;
  cb_epub_map_init(&m);
  enum { N = 5000 };
  static int nodes[N];
  char **keys = malloc(N * sizeof *keys);
  for (int i = 0; i < N; i++) {
    cb_epub_map_put(&m, &nodes[i], 0, (void *)(uintptr_t)(i + 1));
    keys[i] = malloc(16);
    snprintf(keys[i], 16, "/img/%d.png", i);
  }
  for (int i = 0; i < N; i++)
    cb_epub_map_put(&m, keys[i], strlen(keys[i]), keys[i]);
  int bad = 0;
  for (int i = 0; i < N; i++) {
    if ((uintptr_t)cb_epub_map_get(&m, &nodes[i], 0) != (uintptr_t)(i + 1)) bad++;
    char k[16];
    snprintf(k, sizeof k, "/img/%d.png", i);
    if (cb_epub_map_get(&m, k, strlen(k)) != keys[i]) bad++;
  }
  CHECK_INT(bad, 0);
  CHECK(cb_epub_map_get(&m, "/img/x.png", 10) == NULL);
  CHECK_INT(m.n, 2 * N);
  cb_epub_map_free(&m);
  for (int i = 0; i < N; i++)
    free(keys[i]);
  free(keys);
}

int main(void) {
  test_title_page();
  test_cover();
  test_svg_clean();
  test_map();
  TEST_DONE();
}
