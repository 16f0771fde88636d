/* The model's shared helpers: course details with their front-matter aliases, and the cap on
 * attributes per element. */
#include <stdio.h>

#include "check.h"
#include "coursebook/coursebook.h"

static cb_meta *list_of(cb_arena *a, const char *key, const char *const *items, size_t n) {
  cb_meta *l = cb_meta_new(a, CB_META_LIST, (cb_pos){0});
  l->key = key;
  for (size_t i = 0; i < n; i++) {
    cb_meta *s = cb_meta_new(a, CB_META_STRING, (cb_pos){0});
    s->str = items[i];
    cb_meta_append(l, s);
  }
  return l;
}

int main(void) {
  cb_book *b = cb_book_new();
  cb_arena *a = b->arena;
  cb_course_info ci;

  /* Aliases: author, last_modified_at, licence, description. */
  cb_meta_set_str(a, b->meta, "author", "Alex Snow");
  cb_meta_set_str(a, b->meta, "last_modified_at", "2024-06-28");
  cb_meta_set_str(a, b->meta, "licence", "PD");
  cb_meta_set_str(a, b->meta, "description", "About");
  cb_course_info_get(b, &ci);
  CHECK(ci.title == NULL);
  CHECK_STR(ci.creators ? ci.creators->str : NULL, "Alex Snow");
  CHECK_STR(ci.modified ? ci.modified->str : NULL, "2024-06-28");
  CHECK_STR(ci.license, "PD");
  CHECK(ci.license_known && ci.license_known == cb_license_lookup("PD"));
  CHECK_STR(ci.excerpt, "About");

  /* The primary keys win over the aliases; a chapter title stands in for a missing title. */
  static const char *const who[] = {"A", "B"};
  cb_meta_append(b->meta, list_of(a, "creator", who, 2));
  cb_meta_set_str(a, b->meta, "modified", "2025-01-01");
  cb_meta_set_str(a, b->meta, "license", "CC-BY-4.0");
  cb_meta_set_str(a, b->meta, "excerpt", "Short");
  cb_node *ch = cb_node_new(a, CB_NODE_CHAPTER, (cb_pos){0});
  ch->as.chapter.title = "Chapter title";
  ch->as.chapter.meta = b->meta;
  cb_book_add_chapter(b, ch);
  cb_course_info_get(b, &ci);
  CHECK_STR(ci.title, "Chapter title");

  /* A web URL names its host; a typo such as `https:://x` names none (written as text). */
  CHECK(cb_url_has_host("https://example.org/x"));
  CHECK(cb_url_has_host("HTTP://a.b"));
  CHECK(cb_url_has_host("mailto:a@b.c"));
  CHECK(cb_url_has_host("relative/path"));
  CHECK(cb_url_has_host("#frag"));
  CHECK(!cb_url_has_host("https:://github.com/x"));
  CHECK(!cb_url_has_host("http:example.org"));
  CHECK(!cb_url_has_host("https://"));
  CHECK(!cb_url_has_host("ftp:///x"));
  CHECK(ci.creators && ci.creators->type == CB_META_LIST && ci.creators->count == 2);
  CHECK_STR(ci.modified ? ci.modified->str : NULL, "2025-01-01");
  CHECK_STR(ci.license, "CC-BY-4.0");
  CHECK_STR(ci.excerpt, "Short");
  cb_meta_set_str(a, b->meta, "title", "Page title");
  cb_course_info_get(b, &ci);
  CHECK_STR(ci.title, "Page title");
  CHECK(cb_license_lookup("unknown-licence") == NULL);

  /* Attributes: duplicates ignored, at most CB_ATTRS_MAX of each kind. */
  cb_attrs at = {0};
  char name[32];
  int added = 0;
  for (int i = 0; i < CB_ATTRS_MAX + 10; i++) {
    snprintf(name, sizeof name, "c%d", i);
    if (cb_attrs_add_class(a, &at, name)) added++;
  }
  CHECK_INT(added, CB_ATTRS_MAX);
  CHECK(cb_attrs_add_class(a, &at, "c0")); /* a duplicate is fine even when full */
  CHECK(!cb_attrs_has_class(&at, "c70"));
  CHECK(cb_attrs_set(a, &at, "target", "_blank"));
  CHECK(cb_attrs_set(a, &at, "target", "_self"));
  CHECK_STR(cb_attrs_get(&at, "target"), "_self");

  cb_book_free(b);
  TEST_DONE();
}
