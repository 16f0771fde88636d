/* The Markdown reader end to end: Liquid + kramdown + cmark-gfm into the model.
 * `test_markdown FILE` dumps FILE's model (a debugging aid); without arguments the checks run. */
#include "check.h"
#include "md_helpers.h"

static int dump_file(const char *path) {
  size_t len;
  char *s = md_slurp(path, &len);
  if (!s) return 2;
  md_doc m;
  md_read(&m, s);
  char *d = md_dump(&m);
  fputs(d, stdout);
  fputs(md_errors(&m), stderr);
  free(d);
  md_free(&m);
  free(s);
  return 0;
}

/* No text node may hold a Liquid tag or an IAL. */
static void check_no_residue(const md_doc *m) {
  cb_iter it;
  const cb_node *n;
  cb_event ev;
  cb_iter_init(&it, m->ch);
  while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE) {
    if (ev != CB_EVENT_ENTER || !n->text) continue;
    if (n->type == CB_NODE_CODE || n->type == CB_NODE_CODE_BLOCK) continue;
    CHECK(!strstr(n->text, "{%"));
    CHECK(!strstr(n->text, "{{"));
    CHECK(!strstr(n->text, "{:"));
    CHECK(!strstr(n->text, "<!--cb"));
  }
}

static void test_example_page(void) {
  const char *dir = getenv("COURSEBOOK_DATA_DIR");
  char path[4096];
  snprintf(path, sizeof path, "%s/examples/machine-learning-paper-reading.md", dir ? dir : ".");
  size_t len;
  char *src = md_slurp(path, &len);
  CHECK(src != NULL);
  if (!src) return;
  /* the body starts after the second `---` line */
  const char *body = src;
  int line = 1, seps = 0;
  while (*body && seps < 2) {
    if (strncmp(body, "---\n", 4) == 0) seps++;
    body = strchr(body, '\n') + 1;
    line++;
  }
  md_doc m;
  CHECK_INT(md_read_page(&m, body, line, NULL), 0);
  CHECK_STR(md_errors(&m), "");

  /* the page has 6 video tags (issue 2 says 5), all YouTube, in order */
  static const char *const vids[] = {"w05oosmFsxM", "l8E_r9MkrCA", "1BJmQxHuRgs",
                                     "mBrzoPHl-BI", "0LtoRcXcudc", "dHxk-yeaHKE"};
  CHECK_INT(md_count(&m, CB_NODE_VIDEO), 6);
  for (int k = 0; k < 6; k++) {
    const cb_node *v = md_nth(&m, CB_NODE_VIDEO, k);
    if (!v) continue;
    CHECK_STR(v->as.video.id, vids[k]);
    CHECK_INT(v->as.video.provider, CB_VIDEO_YOUTUBE);
    CHECK_INT(v->as.video.start, 0);
    CHECK(v->parent == m.ch);
  }
  /* the notice wraps the first paragraph, and is the first block */
  CHECK_INT(md_count(&m, CB_NODE_NOTICE), 1);
  const cb_node *note = m.ch->first;
  CHECK(note && note->type == CB_NODE_NOTICE);
  if (note && note->type == CB_NODE_NOTICE) {
    CHECK_INT(note->as.notice.kind, CB_NOTICE_INFO);
    CHECK(note->attrs.classes == NULL);
    CHECK(note->first && note->first->type == CB_NODE_PARAGRAPH && !note->first->next);
    CHECK(note->first && note->first->first &&
          strncmp(note->first->first->text, "Pre-perquisite:", 15) == 0);
    CHECK_INT(note->pos.line, line + 1);
  }
  /* TOC right after it */
  CHECK_INT(md_count(&m, CB_NODE_TOC), 1);
  CHECK(note && note->next && note->next->type == CB_NODE_TOC);
  if (note && note->next) CHECK_STR(note->next->as.toc.title, "Contents");

  /* headings: levels and ids exactly as kramdown (GFM parser) gives them */
  static const struct {
    int level;
    const char *id;
  } hs[] = {{2, "machine-learning-paper-reading"},
            {3, "-metric-learning"},
            {4, "1-facenet-a-unified-embedding-for-face-recognition-and-clustering"},
            {3, "-self-supervised-learning"},
            {4, "1-simclr-a-simple-framework-for-contrastive-learning-of-visual-representations"},
            {4, "2-byol-bootstrap-your-own-latent"},
            {4, "3-simsiam-exploring-simple-siamese-representation-learning"},
            {3, "-knowledge-distillation"},
            {4, "1-knowledge-distillation-a-survey"},
            {4, "2-teacher-training-methods-for-better-knowledge-distillation"}};
  CHECK_INT(md_count(&m, CB_NODE_HEADING), 10);
  for (int k = 0; k < 10; k++) {
    const cb_node *h = md_nth(&m, CB_NODE_HEADING, k);
    if (!h) continue;
    CHECK_INT(h->as.heading.level, hs[k].level);
    CHECK_STR(h->attrs.id, hs[k].id);
  }
  const cb_node *h0 = md_nth(&m, CB_NODE_HEADING, 0);
  CHECK(h0 && h0->pos.line == line + 6);

  /* 6 lists (the first directly after a video tag line), 14 links, each target=_blank */
  static const int items[] = {3, 3, 2, 3, 2, 1};
  CHECK_INT(md_count(&m, CB_NODE_LIST), 6);
  for (int k = 0; k < 6; k++) {
    const cb_node *l = md_nth(&m, CB_NODE_LIST, k);
    if (!l) continue;
    int n = 0;
    for (const cb_node *it = l->first; it; it = it->next)
      n++;
    CHECK_INT(n, items[k]);
    CHECK(l->prev && l->prev->type == CB_NODE_VIDEO);
  }
  CHECK_INT(md_count(&m, CB_NODE_LINK), 14);
  for (int k = 0; k < 14; k++) {
    const cb_node *l = md_nth(&m, CB_NODE_LINK, k);
    if (!l) continue;
    CHECK_STR(cb_attrs_get(&l->attrs, "target"), "_blank");
    CHECK(l->attrs.classes == NULL && l->attrs.id == NULL);
    CHECK(!strchr(l->as.link.url, '\n'));
  }
  /* the destination written across a line: URL without the line break (as kramdown) */
  const cb_node *l5 = md_nth(&m, CB_NODE_LINK, 7);
  if (l5)
    CHECK_STR(l5->as.link.url, "https://towardsdatascience.com/"
                               "byol-the-alternative-to-contrastive-self-supervised-learning-"
                               "5d0a26983d7c");
  /* the paragraph before the first video stays its own paragraph */
  const cb_node *v0 = md_nth(&m, CB_NODE_VIDEO, 0);
  CHECK(v0 && v0->prev && v0->prev->type == CB_NODE_PARAGRAPH);
  if (v0) CHECK_INT(v0->pos.line, line + 14);
  check_no_residue(&m);
  md_free(&m);
  free(src);
}

int main(int argc, char **argv) {
  if (argc > 1) return dump_file(argv[1]);
  test_example_page();
  TEST_DONE();
}
