/* EPUB package side on a hand-built book: SHA-1 and UUIDv5 against published vectors, metadata
 * from front matter, the OPF/nav/NCX as parsed XML, and the ZIP container's layout and
 * reproducibility. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "check.h"
#include "epub.h"

static void hex(const unsigned char *d, size_t n, char *out) {
  for (size_t i = 0; i < n; i++)
    sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_sha1(void) {
  unsigned char d[20];
  char h[41];
  cb_sha1("abc", 3, d);
  hex(d, 20, h);
  CHECK_STR(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
  cb_sha1("", 0, d);
  hex(d, 20, h);
  CHECK_STR(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  const char *s56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  cb_sha1(s56, strlen(s56), d);
  hex(d, 20, h);
  CHECK_STR(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  char *m = malloc(1000000);
  memset(m, 'a', 1000000);
  cb_sha1(m, 1000000, d);
  hex(d, 20, h);
  CHECK_STR(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  free(m);
}

static void test_uuid(void) {
  cb_arena *a = cb_arena_new();
  /* RFC 4122 DNS namespace; Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") */
  const unsigned char dns[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  CHECK_STR(cb_epub_uuid5(a, dns, "python.org", 10),
            "urn:uuid:886313e1-3b8a-5372-9b90-0c9aee199e5d");
  cb_arena_free(a);
}

static cb_meta *str_entry(cb_arena *a, cb_meta *map, const char *key, const char *val) {
  cb_meta *m = cb_meta_new(a, val ? CB_META_STRING : CB_META_NULL, (cb_pos){0});
  m->key = key;
  m->str = val;
  if (map) cb_meta_append(map, m);
  return m;
}

static cb_meta *list_entry(cb_arena *a, cb_meta *map, const char *key, const char *const *vals,
                           size_t n) {
  cb_meta *l = cb_meta_new(a, CB_META_LIST, (cb_pos){0});
  l->key = key;
  for (size_t i = 0; i < n; i++)
    cb_meta_append(l, str_entry(a, NULL, NULL, vals[i]));
  cb_meta_append(map, l);
  return l;
}

static cb_meta *date_entry(cb_arena *a, cb_meta *map, const char *key, int y, int mo, int d) {
  cb_meta *m = cb_meta_new(a, CB_META_DATE, (cb_pos){0});
  m->key = key;
  m->date.year = y;
  m->date.month = mo;
  m->date.day = d;
  m->str = cb_sprintf(a, "%04d-%02d-%02d", y, mo, d);
  cb_meta_append(map, m);
  return m;
}

/* The example page's front matter, as the reader would build it. */
static cb_book *example_book(void) {
  cb_book *b = cb_book_new();
  cb_arena *a = b->arena;
  cb_meta *fm = b->meta;
  str_entry(a, fm, "title", "Machine Learning Paper Reading");
  str_entry(a, fm, "excerpt", "Machine Learning လေ့လာသူတွေအတွက်\n  paper တွေ");
  const char *pubs[] = {NULL, "Alex Snow School", ""};
  list_entry(a, fm, "publisher", pubs, 3);
  const char *creators[] = {"Alex Snow"};
  list_entry(a, fm, "creator", creators, 1);
  date_entry(a, fm, "date", 2023, 12, 13);
  date_entry(a, fm, "modified", 2024, 6, 28);
  str_entry(a, fm, "difficulty", "Intermediate");
  str_entry(a, fm, "license", "PD");
  const char *aud[] = {"Computer Science Students", "ML and AI Enthusiasts", "IT Professionals"};
  list_entry(a, fm, "audience", aud, 3);
  const char *topic[] = {"Machine-Learning-and-AI"};
  list_entry(a, fm, "topic", topic, 1);
  const char *tags[] = {"Machine Learning & AI", "Python"};
  list_entry(a, fm, "tags", tags, 2);
  b->lang = "my";
  cb_node *ch = cb_node_new(a, CB_NODE_CHAPTER, (cb_pos){"page.md", 1, 1});
  ch->as.chapter.file = "page.md";
  ch->as.chapter.meta = fm;
  ch->as.chapter.lang = "my";
  cb_book_add_chapter(b, ch);
  return b;
}

static void test_meta(void) {
  cb_book *b = example_book();
  cb_options opt;
  cb_options_init(&opt);
  opt.source_date_epoch = -1;
  cb_epub_meta m;
  cb_epub_meta_collect(b->arena, b, &opt, 1700000000, &m);
  CHECK_STR(m.title, "Machine Learning Paper Reading");
  CHECK_INT(m.creators.n, 1);
  CHECK_INT(m.publishers.n, 1);
  CHECK_STR(m.publishers.v[0], "Alex Snow School");
  CHECK_STR(m.date, "2023-12-13");
  CHECK_STR(m.modified, "2024-06-28T00:00:00Z");
  CHECK_INT(m.modified_time, 1719532800);
  CHECK_STR(m.rights, "Public Domain");
  CHECK_STR(m.lang, "my");
  CHECK_STR(m.description, "Machine Learning လေ့လာသူတွေအတွက် paper တွေ");
  CHECK_INT(m.subjects.n, 3);
  CHECK_STR(m.subjects.v[2], "Machine-Learning-and-AI");
  CHECK_INT(m.audiences.n, 3);
  CHECK_STR(m.difficulty, "Intermediate");
  CHECK(strncmp(m.identifier, "urn:uuid:", 9) == 0);
  const char *id1 = m.identifier;

  /* SOURCE_DATE_EPOCH stamps the ZIP; `modified` still dates the package. */
  opt.source_date_epoch = 1000000000;
  cb_epub_meta_collect(b->arena, b, &opt, 1700000000, &m);
  CHECK_STR(m.modified, "2024-06-28T00:00:00Z");
  CHECK_INT(m.modified_time, 1000000000);
  CHECK_STR(m.identifier, id1); /* rebuilding keeps the identifier */

  /* Without `modified`: SOURCE_DATE_EPOCH, else the build time. */
  cb_meta_set_str(b->arena, b->meta, "modified", "");
  cb_epub_meta_collect(b->arena, b, &opt, 1700000000, &m);
  CHECK_STR(m.modified, "2001-09-09T01:46:40Z");
  opt.source_date_epoch = -1;
  cb_epub_meta_collect(b->arena, b, &opt, 1700000000, &m);
  CHECK_STR(m.modified, "2023-11-14T22:13:20Z");
  /* A string date with an offset goes to UTC. */
  cb_meta_set_str(b->arena, b->meta, "modified", "2024-06-28 06:30:00 +0630");
  cb_epub_meta_collect(b->arena, b, &opt, 1700000000, &m);
  CHECK_STR(m.modified, "2024-06-28T00:00:00Z");

  /* A changed title changes the derived identifier; an explicit one wins. */
  cb_meta_set_str(b->arena, b->meta, "title", "Another course");
  cb_epub_meta_collect(b->arena, b, &opt, 0, &m);
  CHECK(strcmp(m.identifier, id1) != 0);
  /* Authors given as maps ({name: …}) and a single map. */
  cb_meta *authors = cb_meta_new(b->arena, CB_META_LIST, (cb_pos){0});
  authors->key = "creator";
  for (int i = 0; i < 2; i++) {
    cb_meta *au = cb_meta_new(b->arena, CB_META_MAP, (cb_pos){0});
    str_entry(b->arena, au, "name", i ? "Second Author" : "First Author");
    str_entry(b->arena, au, "url", "https://example.com/");
    cb_meta_append(authors, au);
  }
  cb_meta_append(authors, str_entry(b->arena, NULL, NULL, "  "));
  cb_meta_append(b->meta, authors);
  cb_epub_meta_collect(b->arena, b, &opt, 0, &m);
  CHECK_INT(m.creators.n, 2);
  CHECK_STR(m.creators.v[1], "Second Author");
  cb_meta_set_str(b->arena, b->meta, "identifier", "isbn:9780000000000");
  cb_epub_meta_collect(b->arena, b, &opt, 0, &m);
  CHECK_STR(m.identifier, "isbn:9780000000000");
  cb_book_free(b);
}

static int xpath_count(xmlDocPtr doc, const char *expr) {
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(ctx, BAD_CAST "opf", BAD_CAST "http://www.idpf.org/2007/opf");
  xmlXPathRegisterNs(ctx, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
  xmlXPathRegisterNs(ctx, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
  xmlXPathRegisterNs(ctx, BAD_CAST "epub", BAD_CAST "http://www.idpf.org/2007/ops");
  xmlXPathRegisterNs(ctx, BAD_CAST "ncx", BAD_CAST "http://www.daisy.org/z3986/2005/ncx/");
  xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
  int n = -1;
  if (r && r->type == XPATH_NODESET) n = r->nodesetval ? r->nodesetval->nodeNr : 0;
  if (r && r->type == XPATH_BOOLEAN) n = r->boolval;
  if (r && r->type == XPATH_NUMBER) n = (int)r->floatval;
  xmlXPathFreeObject(r);
  xmlXPathFreeContext(ctx);
  return n;
}

static xmlDocPtr parse(const cb_buf *b) {
  return xmlReadMemory(b->data, (int)b->len, "mem.xml", NULL, XML_PARSE_NONET);
}

static void build_package(cb_book *b, cb_epub *e) {
  cb_options opt;
  cb_options_init(&opt);
  opt.source_date_epoch = 1700000000;
  cb_epub_init(e, b->arena);
  cb_epub_meta_collect(b->arena, b, &opt, 0, &e->meta);
  const char *xhtml = "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"/>";
  cb_epub_item *it =
      cb_epub_add(e, "doc1", "ch001.xhtml", "application/xhtml+xml", strdup(xhtml), strlen(xhtml));
  it->spine = true;
  cb_epub_add(e, "img1", "images/img001.png", "image/png", strdup("x"), 1)->properties =
      "cover-image";
  /* Levels jump (2 → 4) and come back: nesting stays one level at a time. */
  int levels[] = {2, 3, 4, 4, 2, 4, 3};
  for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
    cb_epub_add_nav(e, levels[i], cb_sprintf(b->arena, "Heading %zu & co", i),
                    cb_sprintf(b->arena, "ch001.xhtml#h%zu", i));
  e->bodymatter_href = "ch001.xhtml";
  e->has_images = true;
}

static void test_opf(void) {
  cb_book *b = example_book();
  cb_epub e;
  build_package(b, &e);
  cb_buf opf = CB_BUF_INIT;
  CHECK_INT(cb_epub_write_opf(&e, &opf), 0);
  xmlDocPtr doc = parse(&opf);
  CHECK(doc != NULL);
  if (doc) {
    CHECK_INT(xpath_count(doc, "/opf:package[@version='3.0' and @unique-identifier='pub-id']"), 1);
    CHECK_INT(xpath_count(doc, "//dc:identifier[@id='pub-id' and starts-with(., 'urn:uuid:')]"), 1);
    CHECK_INT(xpath_count(doc, "//dc:title[.='Machine Learning Paper Reading']"), 1);
    CHECK_INT(xpath_count(doc, "//dc:creator"), 1);
    CHECK_INT(xpath_count(doc, "//opf:meta[@refines='#creator1' and @property='role']"), 1);
    CHECK_INT(xpath_count(doc, "//dc:publisher"), 1);
    CHECK_INT(xpath_count(doc, "//dc:date[.='2023-12-13']"), 1);
    CHECK_INT(xpath_count(doc, "//dc:language[.='my']"), 1);
    CHECK_INT(xpath_count(doc, "//dc:rights[.='Public Domain']"), 1);
    CHECK_INT(xpath_count(doc, "//dc:subject"), 3);
    CHECK_INT(xpath_count(doc, "//dc:subject[.='Machine Learning & AI']"), 1);
    CHECK_INT(xpath_count(doc, "//opf:meta[@property='dcterms:modified' and "
                               ".='2024-06-28T00:00:00Z']"),
              1);
    CHECK_INT(xpath_count(doc, "//opf:meta[@property='schema:educationalLevel']"), 1);
    CHECK_INT(xpath_count(doc, "//opf:meta[@property='schema:audience']"), 3);
    CHECK_INT(xpath_count(doc, "//opf:meta[@property='schema:accessMode']"), 2);
    CHECK_INT(xpath_count(doc, "//opf:meta[@property='schema:accessibilityFeature' and "
                               ".='alternativeText']"),
              1);
    CHECK_INT(xpath_count(doc, "//opf:meta[@name='cover' and @content='img1']"), 1);
    CHECK_INT(xpath_count(doc, "//opf:manifest/opf:item"), 2);
    CHECK_INT(xpath_count(doc, "//opf:spine/opf:itemref[@idref='doc1']"), 1);
    CHECK_INT(xpath_count(doc, "//opf:spine/opf:itemref"), 1);
    xmlFreeDoc(doc);
  }
  cb_buf_free(&opf);

  /* An image without alt text: no alternativeText claim. */
  e.images_all_alt = false;
  CHECK_INT(cb_epub_write_opf(&e, &opf), 0);
  doc = parse(&opf);
  CHECK(doc != NULL);
  if (doc) {
    CHECK_INT(xpath_count(doc, "//opf:meta[.='alternativeText']"), 0);
    CHECK_INT(xpath_count(doc, "//opf:meta[@property='schema:accessModeSufficient' and "
                               ".='textual,visual']"),
              1);
    xmlFreeDoc(doc);
  }
  cb_buf_free(&opf);

  cb_buf nav = CB_BUF_INIT;
  CHECK_INT(cb_epub_write_nav(&e, "epub.css", &nav), 0);
  doc = parse(&nav);
  CHECK(doc != NULL);
  if (doc) {
    CHECK_INT(xpath_count(doc, "/h:html[@lang='my' and @xml:lang='my']"), 1);
    CHECK_INT(xpath_count(doc, "//h:nav[@epub:type='toc']//h:a"), 7);
    /* Every nested list has entries and every li starts with its link. */
    CHECK_INT(xpath_count(doc, "//h:ol[not(h:li)]"), 0);
    CHECK_INT(xpath_count(doc, "//h:li[not(*[1][self::h:a])]"), 0);
    /* h2 > h3 > h4,h4 ; h2 > h4(one level down) > h3(sibling) */
    CHECK_INT(xpath_count(doc, "//h:nav[@epub:type='toc']/h:ol/h:li"), 2);
    CHECK_INT(xpath_count(doc, "//h:nav[@epub:type='toc']/h:ol/h:li[1]/h:ol/h:li/h:ol/h:li"), 2);
    CHECK_INT(xpath_count(doc, "//h:nav[@epub:type='toc']/h:ol/h:li[2]/h:ol/h:li"), 2);
    CHECK_INT(xpath_count(doc, "//h:nav[@epub:type='landmarks']//h:a[@epub:type='bodymatter' "
                               "and @href='ch001.xhtml']"),
              1);
    CHECK_INT(xpath_count(doc, "//h:a[.='Heading 0 & co']"), 1);
    xmlFreeDoc(doc);
  }
  cb_buf_free(&nav);

  cb_buf ncx = CB_BUF_INIT;
  CHECK_INT(cb_epub_write_ncx(&e, &ncx), 0);
  doc = parse(&ncx);
  CHECK(doc != NULL);
  if (doc) {
    CHECK_INT(xpath_count(doc, "//ncx:navPoint"), 7);
    CHECK_INT(xpath_count(doc, "/ncx:ncx/ncx:navMap/ncx:navPoint"), 2);
    CHECK_INT(xpath_count(doc, "//ncx:meta[@name='dtb:depth' and @content='3']"), 1);
    CHECK_INT(xpath_count(doc, "//ncx:meta[@name='dtb:uid']/@content = //ncx:meta/@content"), 1);
    xmlFreeDoc(doc);
  }
  cb_buf_free(&ncx);
  cb_epub_free(&e);
  cb_book_free(b);
}

static void test_zip(void) {
  cb_book *b = example_book();
  cb_epub e;
  build_package(b, &e);
  cb_diag d;
  cb_diag_init(&d);
  cb_buf z1 = CB_BUF_INIT, z2 = CB_BUF_INIT;
  CHECK_INT(cb_epub_zip(&e, &z1, &d), 0);
  CHECK_INT(cb_epub_zip(&e, &z2, &d), 0);
  CHECK(z1.len > 100 && z1.len == z2.len && memcmp(z1.data, z2.data, z1.len) == 0);
  /* The same bytes in another time zone; the DOS date-time is the UTC one (2023-11-14
   * 22:13:20: time 0xB1AA, date 0x576E). */
  setenv("TZ", "Asia/Yangon", 1);
  tzset();
  CHECK_INT(cb_epub_zip(&e, &z2, &d), 0);
  CHECK(z2.len == 2 * z1.len && memcmp(z1.data, z2.data + z1.len, z1.len) == 0);
  unsetenv("TZ");
  tzset();
  CHECK_INT((unsigned char)z1.data[10] | (unsigned char)z1.data[11] << 8, 0xB1AA);
  CHECK_INT((unsigned char)z1.data[12] | (unsigned char)z1.data[13] << 8, 0x576E);
  /* OCF: the first local header is "mimetype", stored, no extra field, then its content. */
  CHECK(z1.len > 58 && memcmp(z1.data, "PK\3\4", 4) == 0);
  CHECK_INT((unsigned char)z1.data[8] | (unsigned char)z1.data[9] << 8, 0);   /* method */
  CHECK_INT((unsigned char)z1.data[28] | (unsigned char)z1.data[29] << 8, 0); /* extra */
  CHECK(memcmp(z1.data + 30, "mimetypeapplication/epub+zip", 28) == 0);

  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(z1.data, z1.len, 0, &err);
  zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &err);
  CHECK(z != NULL);
  if (z) {
    const char *want[] = {"mimetype",
                          "META-INF/container.xml",
                          "META-INF/com.apple.ibooks.display-options.xml",
                          "OEBPS/content.opf",
                          "OEBPS/ch001.xhtml",
                          "OEBPS/images/img001.png"};
    CHECK_INT(zip_get_num_entries(z, 0), 6);
    for (zip_uint64_t i = 0; i < 6; i++) {
      zip_stat_t st;
      CHECK(zip_stat_index(z, i, 0, &st) == 0);
      CHECK_STR(st.name, want[i]);
      CHECK_INT(st.comp_method, i == 0 || i == 5 ? ZIP_CM_STORE : ZIP_CM_DEFLATE);
    }
    zip_close(z);
  } else {
    zip_source_free(src);
  }
  zip_error_fini(&err);
  cb_buf_free(&z1);
  cb_buf_free(&z2);
  cb_epub_free(&e);
  cb_book_free(b);
}

int main(void) {
  test_sha1();
  test_uuid();
  test_meta();
  test_opf();
  test_zip();
  TEST_DONE();
}
