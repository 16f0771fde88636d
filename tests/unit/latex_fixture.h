/* Hand-built models for the LaTeX backend's tests: the example page as the reader builds it
 * (tests must not depend on the reader), plus pages with every construct and every injection
 * string.  Text is NFC, as the model requires. */
#ifndef CB_LATEX_FIXTURE_H
#define CB_LATEX_FIXTURE_H

#include <string.h>

#include "coursebook/coursebook.h"

static cb_arena *fx_a;
static const char *fx_file = "examples/machine-learning-paper-reading.md";

static cb_pos fx_pos(int line) {
  return (cb_pos){fx_file, line, 1};
}

static cb_node *fx_add(cb_node *parent, cb_node_type t, int line) {
  cb_node *n = cb_node_new(fx_a, t, fx_pos(line));
  cb_node_append(parent, n);
  return n;
}

static cb_node *fx_text(cb_node *parent, const char *s, int line) {
  cb_node *n = cb_node_new_text(fx_a, s, strlen(s), fx_pos(line));
  cb_node_append(parent, n);
  return n;
}

static cb_node *fx_para(cb_node *parent, const char *s, int line) {
  cb_node *p = fx_add(parent, CB_NODE_PARAGRAPH, line);
  fx_text(p, s, line);
  return p;
}

static void fx_notice_para(cb_node *parent, const char *s, int line) {
  cb_node *n = fx_add(parent, CB_NODE_NOTICE, line);
  n->as.notice.kind = CB_NOTICE_INFO;
  fx_para(n, s, line);
}

static cb_node *fx_heading(cb_node *parent, int level, const char *s, const char *id, int line) {
  cb_node *h = fx_add(parent, CB_NODE_HEADING, line);
  h->as.heading.level = level;
  h->attrs.id = id;
  fx_text(h, s, line);
  return h;
}

static void fx_toc(cb_node *parent, const char *title, int line) {
  cb_node *t = fx_add(parent, CB_NODE_TOC, line);
  t->as.toc.title = title;
}

static void fx_video(cb_node *parent, const char *id, int line) {
  cb_node *v = fx_add(parent, CB_NODE_VIDEO, line);
  v->as.video.provider = CB_VIDEO_YOUTUBE;
  v->as.video.id = id;
}

static cb_node *fx_list(cb_node *parent, int line) {
  cb_node *l = fx_add(parent, CB_NODE_LIST, line);
  l->as.list.tight = true;
  return l;
}

static cb_node *fx_link(cb_node *parent, const char *text, const char *url, int line) {
  cb_node *a = fx_add(parent, CB_NODE_LINK, line);
  a->as.link.url = url;
  cb_attrs_set(fx_a, &a->attrs, "target", "_blank");
  fx_text(a, text, line);
  return a;
}

static void fx_link_item(cb_node *list, const char *text, const char *url, int line) {
  cb_node *it = fx_add(list, CB_NODE_ITEM, line);
  cb_node *p = fx_add(it, CB_NODE_PARAGRAPH, line);
  fx_link(p, text, url, line);
}

static cb_meta *fx_meta_str(cb_meta *map, const char *key, const char *value) {
  cb_meta *m = cb_meta_new(fx_a, CB_META_STRING, fx_pos(1));
  m->key = key;
  m->str = value;
  cb_meta_append(map, m);
  return m;
}

static cb_meta *fx_meta_list(cb_meta *map, const char *key, const char *const *items) {
  cb_meta *l = cb_meta_new(fx_a, CB_META_LIST, fx_pos(1));
  l->key = key;
  for (; *items; items++) {
    cb_meta *m = cb_meta_new(fx_a, **items ? CB_META_STRING : CB_META_NULL, fx_pos(1));
    m->str = **items ? *items : NULL;
    cb_meta_append(l, m);
  }
  cb_meta_append(map, l);
  return l;
}

static void fx_meta_date(cb_meta *map, const char *key, int y, int mo, int d) {
  cb_meta *m = cb_meta_new(fx_a, CB_META_DATE, fx_pos(1));
  m->key = key;
  m->date.year = y;
  m->date.month = mo;
  m->date.day = d;
  m->str = cb_sprintf(fx_a, "%04d-%02d-%02d", y, mo, d);
  cb_meta_append(map, m);
}

static cb_node *fx_chapter(cb_book *b, const char *file, const char *title) {
  fx_a = b->arena;
  fx_file = file;
  cb_node *ch = cb_node_new(fx_a, CB_NODE_CHAPTER, fx_pos(1));
  ch->as.chapter.file = file;
  ch->as.chapter.title = title;
  ch->as.chapter.meta = b->meta;
  ch->as.chapter.lang = "my";
  cb_book_add_chapter(b, ch);
  b->lang = "my";
  b->root = CB_FIXTURE_ROOT;
  return ch;
}

/* examples/machine-learning-paper-reading.md, as the reader models it */
static void fx_example(cb_book *b) {
  cb_node *ch =
      fx_chapter(b, "examples/machine-learning-paper-reading.md", "Machine Learning Paper Reading");
  cb_meta *m = b->meta;
  fx_meta_str(m, "title", "Machine Learning Paper Reading");
  fx_meta_str(m, "excerpt",
              "Machine Learning လေ့လာသူတွေအတွက် မဖြစ်မနေ သိထားသင့်တဲ့ research "
              "paper တွေကို အတတ်နိုင်ဆုံး ကြိုးစားရှင်ပြပေးထားတာကို စုထားပေးပါတယ်။");
  static const char *const publisher[] = {"Alex Snow School", NULL};
  static const char *const creator[] = {"Alex Snow", NULL};
  static const char *const audience[] = {"Computer Science Students", "ML and AI Enthusiasts",
                                         "IT Professionals", NULL};
  static const char *const tags[] = {"Machine Learning & AI", "Python", NULL};
  fx_meta_list(m, "publisher", publisher);
  fx_meta_list(m, "creator", creator);
  fx_meta_date(m, "date", 2023, 12, 13);
  fx_meta_date(m, "modified", 2024, 6, 28);
  fx_meta_str(m, "difficulty", "Intermediate");
  fx_meta_str(m, "license", "PD");
  fx_meta_list(m, "audience", audience);
  fx_meta_list(m, "tags", tags);
  cb_node *list = NULL;
  (void)list;
  fx_notice_para(ch, "Pre-perquisite: ဒီ course ကို Computer Science အခြေခံရှိပြီးမှ တက်သင့်ပါတယ်။", 34);
  fx_toc(ch, "Contents", 37);
  fx_heading(ch, 2, "Machine Learning Paper Reading", "machine-learning-paper-reading", 39);
  fx_heading(ch, 3, "🥬 Metric Learning", "-metric-learning", 41);
  fx_heading(ch, 4, "1. FaceNet: A Unified Embedding for Face Recognition and Clustering",
             "1-facenet-a-unified-embedding-for-face-recognition-and-clustering", 43);
  fx_para(ch, "Face Recognition ကို စိတ်ဝင်စားသူတိုင်လေ့လာ သင့်တဲ့ paper လေဖြစ်လို့ အားလုံးအတွက် အကျိုးရှိအောင် ရှယ်ပေးလိုက်ပါတယ်။",
          45);
  fx_video(ch, "w05oosmFsxM", 47);
  list = fx_list(ch, 48);
  fx_link_item(list, "Original Paper", "https://arxiv.org/abs/1503.03832", 48);
  fx_link_item(list, "Explaination PDF",
               "https://drive.google.com/file/d/1TwXJgNqA-nfcGyrZ_OlpBIshMgiJu82z/view?usp=sharing",
               49);
  fx_link_item(list, "Implementation", "https://github.com/alexsnow348/facetag", 50);
  fx_heading(ch, 3, "🌼 Self-Supervised Learning", "-self-supervised-learning", 53);
  fx_heading(ch, 4,
             "1. SimCLR: A Simple Framework for Contrastive Learning of Visual Representations",
             "1-simclr-a-simple-framework-for-contrastive-learning-of-visual-representations", 55);
  fx_para(ch, "SimCLR က Self-Supervised Learning ကို လေ့လာတဲ့အခါ မသိမဖြစ်သိထားသင့်တဲ့ paper လေဖြစ်ပါတယ်။", 57);
  fx_video(ch, "l8E_r9MkrCA", 59);
  list = fx_list(ch, 61);
  fx_link_item(list, "The Illustrated SimCLR Framework", "https://amitness.com/posts/simclr", 61);
  fx_link_item(list, "NT-Xent Loss",
               "https://towardsdatascience.com/"
               "nt-xent-normalized-temperature-scaled-cross-entropy-loss-explained-and-implemented-"
               "in-pytorch-cc081f69848",
               62);
  fx_link_item(list, "Google Slides",
               "https://docs.google.com/presentation/d/"
               "1ccddJFD_j3p3h0TCqSV9ajSi2y1yOfh0-lJoK29ircs/edit#slide=id.g8c1b8d6efd_0_1",
               63);
  fx_heading(ch, 4, "2. BYOL: Bootstrap Your Own Latent", "2-byol-bootstrap-your-own-latent", 66);
  fx_para(ch,
          "BYOL က SimCLR က မှာ collapse (trivial constant solution) ပြဿနာကို ဖြေရှင်ဖို့ လိုအပ်တဲ့ negative "
          "pairs  ကို avoids လုပ်ဖို့ အဓိက ထားပြီး design လုပ်ထားတာဖြစ်ပါတယ်။",
          68);
  fx_video(ch, "1BJmQxHuRgs", 70);
  list = fx_list(ch, 72);
  fx_link_item(list, "Original Paper", "https://arxiv.org/pdf/2006.07733", 72);
  fx_link_item(list, "Towards Data Science Explanation",
               "https://towardsdatascience.com/"
               "byol-the-alternative-to-contrastive-self-supervised-learning-5d0a26983d7c",
               73);
  fx_heading(ch, 4, "3. SimSiam: Exploring Simple Siamese Representation Learning",
             "3-simsiam-exploring-simple-siamese-representation-learning", 77);
  fx_para(ch,
          "SimSiam Method က SimCLR, BYOL တိုမှာ ပါတဲ့ complicated methods တွေကို အလွယ်ကူဆုံး  simple siamese "
          "network ဖြင့် အစားထို ဖြေရှင်ထားတဲ့ နည်းလမ်းတစ်ခုပဲဖြစ်ပါတယ်။",
          79);
  fx_video(ch, "mBrzoPHl-BI", 81);
  list = fx_list(ch, 83);
  fx_link_item(list, "Explanation Slide",
               "https://drive.google.com/file/d/1GMkDr77fA0H4EvUnRAGjucJMEFxWVQ7o/view?usp=sharing",
               83);
  fx_link_item(list, "Original Paper", "https://arxiv.org/abs/2011.10566", 84);
  fx_link_item(list, "Towards Data Science Explanation",
               "https://sh-tsang.medium.com/"
               "review-simsiam-exploring-simple-siamese-representation-learning-3c84ceb61702",
               85);
  fx_heading(ch, 3, "👩🏻🎓 Knowledge Distillation", "-knowledge-distillation", 88);
  fx_heading(ch, 4, "1. Knowledge Distillation: A Survey", "1-knowledge-distillation-a-survey", 90);
  fx_para(ch,
          "Knowledge Distillation ဆိုင်ရာ သိသင့် သိထိုက်သော အခြေခံ concept တွေကို နာလည်းဖို့ အတွက် ဖတ်သင့်တဲ့ paper လေ တစ်ခုပဲ "
          "ဖြစ်ပါတယ်။",
          92);
  fx_video(ch, "0LtoRcXcudc", 94);
  list = fx_list(ch, 96);
  fx_link_item(
      list, "Explanation Slide",
      "https://drive.google.com/file/d/1qoMhFWrcDK3jjOuWnv2863XeJwIs1bJ5/view?usp=drive_link", 96);
  fx_link_item(list, "Original Paper", "https://arxiv.org/abs/2006.05525", 97);
  fx_heading(ch, 4, "2. Teacher training methods for better knowledge distillation",
             "2-teacher-training-methods-for-better-knowledge-distillation", 99);
  fx_para(ch, "Master Thesis အတွက် ပြောထားတဲ့ talk လေကိုပဲ စိတ်ဝင်စားသူများအတွက် အကျိုးရှိအောင်လို့ ရှယ်ပေးလိုက်ပါတယ်နော်။",
          101);
  fx_video(ch, "dHxk-yeaHKE", 103);
  list = fx_list(ch, 105);
  fx_link_item(list, "Explanation Slide",
               "https://drive.google.com/file/d/1oMxyuHzNCwLzYmsfUzGGenbfAX48albj/view?usp=sharing",
               105);
}

/* The injection strings every output must print as text. */
#define FX_INJECT                                                                                  \
  "\\input{/etc/passwd} \\write18{touch /tmp/pwned} \\catcode`\\^^5c=12 \\end{document} "          \
  "100% #1 a&b ~x ^y _z {w} $5 a|b <tag> \"q\" 'q' `q` -- ,, [o] \\\\ \\def\\x{y}"

static cb_node *fx_code_block(cb_node *parent, const char *lang, const char *code, int line) {
  cb_node *c = fx_add(parent, CB_NODE_CODE_BLOCK, line);
  c->text = code;
  c->text_len = strlen(code);
  c->as.code.lang = lang;
  return c;
}

static cb_node *fx_inline(cb_node *parent, cb_node_type t, const char *s, int line) {
  cb_node *n = fx_add(parent, t, line);
  n->text = s;
  n->text_len = strlen(s);
  return n;
}

static cb_node *fx_cell(cb_node *row, const char *s, int line) {
  cb_node *c = fx_add(row, CB_NODE_TABLE_CELL, line);
  if (s) fx_text(c, s, line);
  return c;
}

static cb_node *fx_image(cb_node *parent, const char *url, const char *alt, int line) {
  cb_node *i = fx_add(parent, CB_NODE_IMAGE, line);
  i->as.link.url = url;
  i->as.link.alt = alt;
  return i;
}

/* Every construct the LaTeX backend handles, with Burmese, emoji and the injection strings in
 * text, headings, link text, URLs, table cells, code, math and front matter. */
static void fx_features(cb_book *b) {
  cb_node *ch = fx_chapter(b, "tests/data/latex/features.md", "Features");
  cb_meta *m = b->meta;
  fx_meta_str(m, "title", "Features: " FX_INJECT);
  fx_meta_str(m, "excerpt", "မြန်မာ excerpt \\input{/etc/passwd} 100%");
  static const char *const creator[] = {"Alex \\write18{id} Snow", "", NULL};
  static const char *const tags[] = {"a&b", "#tag", "under_score", NULL};
  fx_meta_list(m, "creator", creator);
  fx_meta_list(m, "publisher", (const char *const[]){"", NULL});
  fx_meta_str(m, "license", "CC-BY-4.0");
  fx_meta_list(m, "tags", tags);
  fx_meta_date(m, "date", 2024, 1, 2);

  fx_heading(ch, 1, "Injection \\input{/etc/passwd} \\end{document} % # & ~ ^ _ { } $", "inj", 3);
  fx_para(ch, FX_INJECT, 5);
  cb_node *p = fx_add(ch, CB_NODE_PARAGRAPH, 7);
  fx_text(p, "Code span: ", 7);
  fx_inline(p, CB_NODE_CODE, "\\input{/etc/passwd} \\end{document} 100% --x", 7);
  fx_text(p, " and a link ", 7);
  fx_link(p, "\\input{/etc/passwd} link text",
          "https://example.com/a_b%20c/~user/?q=1&r=2#frag\\{}^`\"<>| ဗမာ", 7);
  fx_add(p, CB_NODE_LINEBREAK, 7);
  fx_text(p, "after a hard break.", 8);

  fx_heading(ch, 2, "🥬 မြန်မာ ခေါင်းစဉ် with emoji 👩🏻🎓",
             "မြန်မာ-ခေါင်းစဉ်-with-emoji", 10);
  fx_para(ch,
          "Face Recognition ကို စိတ်ဝင်စားသူတိုင်လေ့လာ သင့်တဲ့ paper လေဖြစ်လို့ "
          "အားလုံးအတွက် အကျိုးရှိအောင် ရှယ်ပေးလိုက်ပါတယ်။ 🥬 and "
          "a "
          "new "
          "emoji "
          "🫨.",
          12);

  /* notices of every kind */
  for (int k = CB_NOTICE_PLAIN; k <= CB_NOTICE_DANGER; k++) {
    cb_node *n = fx_add(ch, CB_NODE_NOTICE, 14 + k);
    n->as.notice.kind = (cb_notice_kind)k;
    cb_node *np = fx_add(n, CB_NODE_PARAGRAPH, 14 + k);
    fx_text(np, "သတိပြုရန် notice with a ", 14 + k);
    fx_link(np, "link", "https://example.org/notice?x=1&y=2", 14 + k);
  }

  /* a table: Burmese, alignment, injection, cells starting with * and [ */
  cb_node *t = fx_add(ch, CB_NODE_TABLE, 22);
  t->as.table.columns = 3;
  t->as.table.aligns = cb_alloc(fx_a, 3 * sizeof(cb_align));
  t->as.table.aligns[1] = CB_ALIGN_CENTER;
  t->as.table.aligns[2] = CB_ALIGN_RIGHT;
  cb_node *r = fx_add(t, CB_NODE_TABLE_ROW, 22);
  r->as.row.header = true;
  fx_cell(r, "အမည်", 22);
  fx_cell(r, "Model", 22);
  fx_cell(r, "ရမှတ်", 22);
  const char *rows[][3] = {
      {"စိတ်ဝင်စားသူတိုင်လေ့လာသင့်တဲ့ paper လေဖြစ်ပါတယ်", "FaceNet", "99.63%"},
      {"*star [bracket] \\input{/etc/passwd}", "a & b # c", "$100 ^ _ ~"},
      {"SimCLR က Self-Supervised Learning ကို လေ့လာတဲ့အခါ မသိမဖြစ်သိထားသင့်တဲ့ paper", "", "1"},
  };
  for (int i = 0; i < 3; i++) {
    r = fx_add(t, CB_NODE_TABLE_ROW, 24 + i);
    for (int j = 0; j < 3; j++)
      fx_cell(r, rows[i][j], 24 + i);
  }

  /* code with Burmese comments, a long line and injection attempts */
  fx_code_block(ch, "python",
                "# မြန်မာ comment: ဒီ function က loss ကို တွက်ပါတယ်\n"
                "def loss(x):\n"
                "\treturn x ** 2  # \\end{cbcode} \\input{/etc/passwd} %\n"
                "\n"
                "very_long_identifier_without_spaces = "
                "compute_the_normalized_temperature_scaled_cross_entropy_loss_for_the_batch(x, "
                "y, z, temperature=0.5)\n"
                "\\end{document}\n",
                30);

  /* footnotes: two references to one definition; a link inside a note */
  cb_node *fd = fx_add(ch, CB_NODE_FOOTNOTE_DEF, 60);
  fd->as.footnote.label = "1";
  fd->as.footnote.number = 1;
  cb_node *fp = fx_add(fd, CB_NODE_PARAGRAPH, 60);
  fx_text(fp, "မှတ်ချက် note text with ", 60);
  fx_link(fp, "a link", "https://example.net/note", 60);
  p = fx_add(ch, CB_NODE_PARAGRAPH, 38);
  fx_text(p, "A footnote", 38);
  cb_node *ref = fx_add(p, CB_NODE_FOOTNOTE_REF, 38);
  ref->as.footnote.label = "1";
  ref->as.footnote.number = 1;
  ref->as.footnote.def = fd;
  fx_text(p, " and again", 38);
  ref = fx_add(p, CB_NODE_FOOTNOTE_REF, 38);
  ref->as.footnote.label = "1";
  ref->as.footnote.number = 1;
  ref->as.footnote.def = fd;
  fx_text(p, ".", 38);

  /* math */
  p = fx_add(ch, CB_NODE_PARAGRAPH, 40);
  fx_text(p, "Inline ", 40);
  fx_inline(p, CB_NODE_MATH_INLINE, "E = mc^2 + \\frac{a}{b} % not a comment", 40);
  fx_text(p, " and refused ", 40);
  fx_inline(p, CB_NODE_MATH_INLINE, "x \\input{/etc/passwd}", 40);
  fx_text(p, ".", 40);
  fx_inline(ch, CB_NODE_MATH_BLOCK, "\\sum_{i=1}^{n} x_i^2 \\leq \\left( \\sum_i |x_i| \\right)^2",
            42);
  fx_inline(ch, CB_NODE_MATH_BLOCK, "\\begin{align} a &= b \\\\ c &= d \\end{align}", 44);
  fx_inline(ch, CB_NODE_MATH_BLOCK, "\\def\\x{\\write18{id}} \\x", 46);

  /* definition list */
  cb_node *dl = fx_add(ch, CB_NODE_DEF_LIST, 48);
  cb_node *dt = fx_add(dl, CB_NODE_DEF_TERM, 48);
  fx_text(dt, "ပုံစံ term [x]", 48);
  cb_node *dd = fx_add(dl, CB_NODE_DEF_DESC, 49);
  fx_para(dd, "ဖော်ပြချက် description of the term.", 49);

  /* lists: nested, ordered from 3, tasks */
  cb_node *l = fx_add(ch, CB_NODE_LIST, 51);
  l->as.list.ordered = true;
  l->as.list.start = 3;
  l->as.list.tight = true;
  cb_node *it = fx_add(l, CB_NODE_ITEM, 51);
  fx_para(it, "[third] item", 51);
  cb_node *l2 = fx_add(it, CB_NODE_LIST, 52);
  l2->as.list.tight = true;
  cb_node *it2 = fx_add(l2, CB_NODE_ITEM, 52);
  it2->as.item.task = 2;
  fx_para(it2, "done task", 52);
  it2 = fx_add(l2, CB_NODE_ITEM, 53);
  it2->as.item.task = 1;
  fx_para(it2, "open task", 53);

  cb_node *bq = fx_add(ch, CB_NODE_BLOCKQUOTE, 55);
  fx_para(bq, "ကိုးကားချက် quoted text.", 55);

  p = fx_add(ch, CB_NODE_PARAGRAPH, 57);
  cb_node *st = fx_add(p, CB_NODE_STRIKETHROUGH, 57);
  fx_text(st, "struck မြန်မာ text", 57);
  fx_text(p, " ", 57);
  cb_node *em = fx_add(p, CB_NODE_EMPH, 57);
  fx_text(em, "emphasis", 57);
  fx_text(p, " ", 57);
  cb_node *sg = fx_add(p, CB_NODE_STRONG, 57);
  fx_text(sg, "strong", 57);
  fx_text(p, " ", 57);
  fx_link(p, "back to the top", "#inj", 57);
  fx_text(p, " ", 57);
  fx_link(p, "relative", "../other/page.html", 57);

  fx_add(ch, CB_NODE_THEMATIC_BREAK, 59);
  p = fx_add(ch, CB_NODE_PARAGRAPH, 62);
  fx_image(p, "/assets/images/missing.png", "missing picture", 62);
  p = fx_add(ch, CB_NODE_PARAGRAPH, 63);
  fx_image(p, "../../../../../../etc/passwd", "outside", 63);
  p = fx_add(ch, CB_NODE_PARAGRAPH, 66);
  fx_image(p, "/latex/wide.png", "a wide picture", 66); /* site-absolute: from the root */
  p = fx_add(ch, CB_NODE_PARAGRAPH, 64);
  fx_image(p, "https://example.com/x.png", "remote picture", 64);
  cb_node *hb = fx_add(ch, CB_NODE_HTML_BLOCK, 65);
  hb->text = "<script>alert(1)</script>";
  hb->text_len = strlen(hb->text);

  cb_node *h = fx_heading(ch, 3, "Heading with a ", "heading-with-a-link", 67);
  fx_link(h, "link", "https://example.com/h", 67);
  h = fx_heading(ch, 3, "Not in the contents", "not-in-the-contents", 69);
  h->as.heading.no_toc = true;
  fx_toc(ch, "မာတိကာ Contents", 71);
}

/* Structures LaTeX does not take as they are: nesting deeper than its limits, a table in a list
 * item, code in a footnote, very long words; and a second chapter. */
static void fx_stress(cb_book *b) {
  cb_node *ch = fx_chapter(b, "tests/data/latex/stress.md", "Stress");
  fx_meta_str(b->meta, "title", "Stress မြန်မာ");
  fx_heading(ch, 2, "နက်ရှိုင်းသော nesting", "nesting", 1);
  cb_node *parent = ch;
  for (int i = 0; i < 30; i++) { /* list > item > blockquote > list ... */
    cb_node *l = fx_add(parent, CB_NODE_LIST, 2 + i);
    cb_node *it = fx_add(l, CB_NODE_ITEM, 2 + i);
    fx_para(it, "အဆင့် level", 2 + i);
    parent = fx_add(it, CB_NODE_BLOCKQUOTE, 2 + i);
  }
  fx_para(parent, "အတွင်းဆုံး innermost", 40);
  parent = ch;
  for (int i = 0; i < 12; i++) {
    cb_node *n = fx_add(parent, CB_NODE_NOTICE, 41 + i);
    n->as.notice.kind = (cb_notice_kind)(i % 6);
    fx_para(n, "သတိ notice", 41 + i);
    parent = n;
  }
  /* containers nested in containers, a notice and a list inside */
  parent = ch;
  for (int i = 0; i < 8; i++) {
    parent = fx_add(parent, CB_NODE_DIV, 55 + i);
    parent->as.div.tag = i % 2 ? "section" : "div";
  }
  fx_para(fx_add(parent, CB_NODE_NOTICE, 58), "အပိုင်း inside sections", 58);
  fx_para(fx_add(fx_add(parent, CB_NODE_LIST, 59), CB_NODE_ITEM, 59), "item", 59);
  /* a table inside a list item */
  cb_node *l = fx_add(ch, CB_NODE_LIST, 60);
  cb_node *it = fx_add(l, CB_NODE_ITEM, 60);
  fx_para(it, "ဇယား table in an item:", 60);
  cb_node *t = fx_add(it, CB_NODE_TABLE, 61);
  t->as.table.columns = 2;
  cb_node *r = fx_add(t, CB_NODE_TABLE_ROW, 61);
  fx_cell(r, "ကော်လံ", 61);
  fx_cell(r, "column", 61);
  /* code in a footnote */
  cb_node *fd = fx_add(ch, CB_NODE_FOOTNOTE_DEF, 70);
  fd->as.footnote.number = 1;
  fd->as.footnote.label = "c";
  fx_para(fd, "မှတ်ချက် with code:", 70);
  fx_code_block(fd, NULL, "# ကုဒ် code in a note\nx = 1\n", 71);
  cb_node *p = fx_add(ch, CB_NODE_PARAGRAPH, 65);
  fx_text(p,
          "Long words: "
          "https://example.com/a/very/long/url/written/as/text/that/never/has/a/space/in/it "
          "and_an_identifier_that_is_far_too_long_for_any_line_of_this_page_at_all "
          "ဗမာစာ",
          65);
  cb_node *ref = fx_add(p, CB_NODE_FOOTNOTE_REF, 65);
  ref->as.footnote.number = 1;
  ref->as.footnote.label = "c";
  ref->as.footnote.def = fd;
  cb_node *ch2 = cb_node_new(fx_a, CB_NODE_CHAPTER, fx_pos(1));
  ch2->as.chapter.file = "tests/data/latex/stress2.md";
  ch2->as.chapter.title = "ဒုတိယ Second chapter";
  ch2->as.chapter.meta = b->meta;
  cb_book_add_chapter(b, ch2);
  fx_heading(ch2, 2, "ဒုတိယ heading", "second", 3);
  fx_para(ch2, "ဒုတိယ အခန်း text.", 5);
}

#endif
