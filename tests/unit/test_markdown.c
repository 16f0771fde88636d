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

/* Read body and compare the model outline with want. */
static void expect(const char *body, const char *want, const char *want_err) {
  md_doc m;
  CHECK_INT(md_read(&m, body), 0);
  char *got = md_dump(&m);
  cb_test_checks++;
  if (strcmp(got, want) != 0) {
    cb_test_failures++;
    fprintf(stderr, "input:\n%s\n--- got:\n%s--- want:\n%s\n", body, got, want);
  }
  if (want_err) {
    const char *e = md_errors(&m);
    cb_test_checks++;
    if (!strstr(e, want_err)) {
      cb_test_failures++;
      fprintf(stderr, "diagnostics lack \"%s\":\n%s\n", want_err, e);
    }
  }
  if (!strstr(want, "{{") && !strstr(want, "{:")) check_no_residue(&m);
  free(got);
  md_free(&m);
}

/* Expected outlines follow ruby-kramdown 2.4 (GFM input, Jekyll's options) on the same text. */
static void test_block_ials(void) {
  /* after a block: that block; after a blank line: the next block; runs of IALs merge */
  expect("Para one.\n\n{: .cls1}\nPara two.\n\nPara three.\n\n{: .orphan}\n\nPara four.\n"
         "{: .notice}\n{: #pid .more}\n",
         "paragraph\n  text \"Para one.\"\n"
         "paragraph .cls1\n  text \"Para two.\"\n"
         "paragraph\n  text \"Para three.\"\n"
         "notice notice #pid .orphan .more\n  paragraph\n    text \"Para four.\"\n",
         NULL);
  /* every block kind */
  expect("## no toc\n{: .no_toc}\n\n> quote\n{: .notice--warning}\n\n* a\n* b\n"
         "{: .notice--success}\n\n```python\ncode {: .x}\n{: .in}\n```\n{: .cls}\n\n"
         "| a | b |\n|---|---|\n| c | d |\n{: .tbl}\n\n<p>html</p>\n{: .h}\n",
         "heading h2 #no-toc .no_toc\n  text \"no toc\"\n"
         "notice notice--warning\n  blockquote\n    paragraph\n      text \"quote\"\n"
         "notice notice--success\n  list\n    item\n      paragraph\n        text \"a\"\n"
         "    item\n      paragraph\n        text \"b\"\n"
         "code_block .cls \"code {: .x}\n{: .in}\n\"\n"
         "table .tbl\n  table_row\n    table_cell\n      text \"a\"\n    table_cell\n"
         "      text \"b\"\n  table_row\n    table_cell\n      text \"c\"\n    table_cell\n"
         "      text \"d\"\n"
         "html_block .h \"<p class=\"h\">html</p>\n\"\n",
         NULL);
  /* a paragraph line right after an IAL starts a new paragraph (kramdown's EOB) */
  expect("First\n{: .a}\nSecond\n",
         "paragraph .a\n  text \"First\"\nparagraph\n  text \"Second\"\n", NULL);
  /* inside a list item the IAL applies to the item's paragraph */
  expect("- item\n  {: .x}\n- two\n",
         "list\n  item\n    paragraph .x\n      text \"item\"\n  item\n    paragraph\n"
         "      text \"two\"\n",
         NULL);
  /* indented IAL and include lines */
  expect("Para\n {: .one}\n\n- item\n   {: .two}\n\n   {% include toc %}\n",
         "paragraph .one\n  text \"Para\"\nlist\n  item\n    paragraph .two\n"
         "      text \"item\"\n    toc \"\"\n",
         NULL);
  /* an IAL with nothing valid warns; one at the end of the document is ignored */
  expect("Para\n{: !!!}\n\n{: .lost}\n", "paragraph\n  text \"Para\"\n",
         "t.md:2: warning: no or invalid attributes");
  /* ALDs and references; * TOC + {:toc} */
  expect("{:myald: .from-ald k=\"v\"}\n\nPara\n{: myald .own}\n\n* TOC\n{:toc}\n\n# Head\n",
         "paragraph .from-ald .own k=v\n  text \"Para\"\ntoc \"\"\n"
         "heading h1 #head\n  text \"Head\"\n",
         NULL);
}

static void test_span_ials(void) {
  expect("[Go](u){: .btn .btn--info} and ![img](s.png \"T\"){: .align-center} and "
         "*em*{: .e} and `c`{: .c} and [x](u){:target='\\_blank'}\n",
         "paragraph\n  link <u> .btn .btn--info\n    text \"Go\"\n  text \" and \"\n"
         "  image <s.png> alt=\"img\" .align-center\n  text \" and \"\n  emph .e\n"
         "    text \"em\"\n  text \" and \"\n  code .c \"c\"\n  text \" and \"\n"
         "  link <u> target=\\_blank\n    text \"x\"\n",
         NULL);
  /* after plain text kramdown shows it as text (and so does the site); we say so */
  expect("text{: .bad} more\n", "paragraph\n  text \"text{: .bad} more\"\n",
         "t.md:1:5: warning: span IAL '{: .bad}' does not follow");
  expect("![a\\*b [c] \"q\"](x){: .i}\n", "paragraph\n  image <x> alt=\"a*b [c] \"q\"\" .i\n",
         NULL);
  /* not inside code spans or fenced code */
  expect("`[a](b){: .x}`\n\n```\n[a](b){: .x}\n```\n",
         "paragraph\n  code \"[a](b){: .x}\"\ncode_block \"[a](b){: .x}\n\"\n", NULL);
}

static void test_headings(void) {
  /* ids from the heading's text (link text, code, smart quotes), duplicates numbered */
  expect("## *Emph* [link](url) `code` & \"q\"\n## *Emph* [link](url) `code` & \"q\"\n"
         "## Heading {#explicit}\n# 🥬\n# !!!\n\nSetext\n======\n",
         "heading h2 #emph-link-code--q\n  emph\n    text \"Emph\"\n  text \" \"\n"
         "  link <url>\n    text \"link\"\n  text \" \"\n  code \"code\"\n"
         "  text \" & “q”\"\n"
         "heading h2 #emph-link-code--q-1\n  emph\n    text \"Emph\"\n  text \" \"\n"
         "  link <url>\n    text \"link\"\n  text \" \"\n  code \"code\"\n"
         "  text \" & “q”\"\n"
         "heading h2 #explicit\n  text \"Heading\"\n"
         "heading h1\n  text \"🥬\"\n"
         "heading h1 #-1\n  text \"!!!\"\n"
         "heading h1 #setext\n  text \"Setext\"\n",
         NULL);
  /* image alts are not part of the id; a setext heading's line break is dropped */
  expect("## ![logo](l.png) Title $$x^2$$\n",
         "heading h2 #-title-x2\n  image <l.png> alt=\"logo\"\n"
         "  text \" Title \"\n  math_inline \"x^2\"\n",
         NULL);
  /* setext headings: one line after a blank line; otherwise the underline is text */
  expect("## h\nText\n---\n\nA\nB\n===\n\nSolo\n----\n\n* item\nLazy\n---\n",
         "heading h2 #h\n  text \"h\"\nparagraph\n  text \"Text\"\n  softbreak\n  text \"—\"\n"
         "paragraph\n  text \"A\"\n  softbreak\n  text \"B\"\n  softbreak\n  text \"===\"\n"
         "heading h2 #solo\n  text \"Solo\"\n"
         "list\n  item\n    paragraph\n      text \"item\"\n      softbreak\n      text \"Lazy\"\n"
         "      softbreak\n      text \"—\"\n",
         NULL);
  /* an IAL id wins and does not count as a generated id */
  expect("# A\n{: #mine}\n# A\n", "heading h1 #mine\n  text \"A\"\nheading h1 #a\n  text \"A\"\n",
         NULL);
  /* Burmese */
  expect("### မြန်မာ စာ ခေါင်းစဉ်\n", "heading h3 #မြန်မာ-စာ-ခေါင်းစဉ်\n  text \"မြန်မာ စာ ခေါင်းစဉ်\"\n",
         NULL);
}

static void test_liquid_blocks(void) {
  /* a video mid-paragraph splits it, as the theme's blank-line-framed output does */
  expect("Text {% include video id=\"abc?start=110\" provider=\"vimeo\" %} more text\n",
         "paragraph\n  text \"Text\"\nvideo vimeo:abc@110\nparagraph\n  text \"more text\"\n",
         NULL);
  /* a list right after the tag stays a list; the paragraph before stays separate */
  expect("Para\n{% include video id=\"a\" provider=\"youtube\" %}\n- [x](u){:target='_blank'}\n",
         "paragraph\n  text \"Para\"\nvideo youtube:a@0\nlist\n  item\n    paragraph\n"
         "      link <u> target=_blank\n        text \"x\"\n",
         NULL);
  /* figure: image path made site-relative, Markdown caption */
  expect("{% include figure image_path=\"assets/a.png\" alt=\"A\" caption=\"The *first* "
         "[link](u)\" class=\"half\" %}\n",
         "figure </assets/a.png> alt=\"A\" .half\n  text \"The \"\n  emph\n    text \"first\"\n"
         "  text \" \"\n  link <u>\n    text \"link\"\n",
         NULL);
  /* unknown provider: nothing; inside a blockquote; raw and comment */
  expect("{% include video id=\"x\" provider=\"dailymotion\" %}\n\n"
         "> {% include toc title=\"In quote\" %}\n\n"
         "{% raw %}{{ keep }}{% endraw %} {% comment %}gone{% endcomment %}done\n",
         "blockquote\n  toc \"In quote\"\nparagraph\n  text \"{{ keep }} done\"\n",
         "t.md:1: warning: video include with unknown provider 'dailymotion'");
  /* a placeholder that lands in code comes back as the text it replaced */
  expect("    {: .x} in indented code\n", "code_block \"{: .x} in indented code\n\"\n", NULL);
}

static void test_kramdown_differences(void) {
  /* no bare-URL autolinks; typographic substitution */
  expect("See https://example.com and \"quotes\" -- dash --- em ... 'single' it's\n",
         "paragraph\n  text \"See https://example.com and “quotes” – dash — em … ‘single’ "
         "it’s\"\n",
         NULL);
  /* `1)` is no list marker; a table right after a paragraph line is text; | in code */
  expect("1) one\n2) two\n\nPara\n| a |\n|---|\n\n| a | b |\n|:-|-:|\n| `x|y` | z |\n",
         "paragraph\n  text \"1) one\"\n  softbreak\n  text \"2) two\"\n"
         "paragraph\n  text \"Para\"\n  softbreak\n  text \"| a |\"\n  softbreak\n"
         "  text \"|—|\"\n"
         "table\n  table_row\n    table_cell\n      text \"a\"\n    table_cell\n"
         "      text \"b\"\n  table_row\n    table_cell\n      code \"x|y\"\n"
         "    table_cell\n      text \"z\"\n",
         NULL);
  /* any numbered item interrupts a paragraph */
  expect("Para\n2. two\n3. three\n",
         "paragraph\n  text \"Para\"\nlist\n  item\n    paragraph\n      text \"two\"\n"
         "  item\n    paragraph\n      text \"three\"\n",
         NULL);
  /* strikethrough needs two tildes; ordered lists start at 1 unless an IAL says otherwise */
  expect("~single~ and ~~double~~\n",
         "paragraph\n  text \"~single~ and \"\n  strikethrough\n"
         "    text \"double\"\n",
         NULL);
  {
    md_doc m;
    md_read(&m, "3. a\n4. b\n\npara\n\n5. c\n{: start=\"5\"}\n");
    const cb_node *l0 = md_nth(&m, CB_NODE_LIST, 0), *l1 = md_nth(&m, CB_NODE_LIST, 1);
    CHECK(l0 && l0->as.list.ordered && l0->as.list.start == 1);
    CHECK(l1 && l1->as.list.start == 5);
    md_free(&m);
  }
  /* a *** rule right after a paragraph line is text; after a blank line a rule */
  expect("Para\n***\n\n***\n",
         "paragraph\n  text \"Para\"\n  softbreak\n  text \"***\"\n"
         "thematic_break\n",
         NULL);
  /* link destinations with spaces, and across a line end */
  expect("[a](url with spaces \"T\") [b](https://x.org/p\n){:target='_blank'}\n",
         "paragraph\n  link <url with spaces>\n    text \"a\"\n  text \" \"\n"
         "  link <https://x.org/p> target=_blank\n    text \"b\"\n",
         NULL);
}

static void test_extensions(void) {
  /* math: display alone between blank lines, inline otherwise */
  expect("Inline $$E=mc^2$$ here.\n\n$$\nx_1 * y_2\n$$\n\nafter\n",
         "paragraph\n  text \"Inline \"\n  math_inline \"E=mc^2\"\n  text \" here.\"\n"
         "math_block \"x_1 * y_2\"\nparagraph\n  text \"after\"\n",
         NULL);
  /* block HTML stays raw up to its end tag, blank lines and Markdown included; an IAL after
   * it applies to it; Liquid inside is dropped (with a warning) */
  expect("<div class=\"x\">\n\n*text*\n\n</div>\n{: .d}\n\n<details>\n<summary>S</summary>\n\n"
         "<details>in</details>\n**inner**\n\n</details>\n\n*after*\n",
         "html_block .d \"<div class=\"x d\">\n\n*text*\n\n</div>\n\"\n"
         "html_block \"<details>\n<summary>S</summary>\n\n<details>in</details>\n**inner**\n\n"
         "</details>\n\"\nparagraph\n  emph\n    text \"after\"\n",
         NULL);
  expect("<div>\n{% include video id=\"a\" provider=\"youtube\" %}\n</div>\n",
         "html_block \"<div>\n\n</div>\n\"\n", "t.md:2: warning: Liquid include inside code");
  /* an element never closed: kramdown's raw element takes the rest of the page */
  expect("<div>\nopen\n\ntext\n", "html_block \"<div>\nopen\n\ntext\n\n\"\n",
         "t.md:1:1: warning: HTML element <div> is never closed");
  /* in a list item: the rest of the item's text */
  expect("- <div>\n  open\n\n  text\n- next\n",
         "list\n  item\n    html_block \"<div>\nopen\n\ntext\n\"\n  item\n    paragraph\n"
         "      text \"next\"\n",
         "t.md:1:1: warning: HTML element <div> is never closed; the rest of the list item");
  /* (an element without a body, or closed by `/>`, does not) */
  expect("<hr>\n\nafter\n\n<div/>\n\nmore\n",
         "html_block \"<hr>\n\"\nparagraph\n  text \"after\"\nhtml_block \"<div/>\n\"\n"
         "paragraph\n  text \"more\"\n",
         NULL);

  /* multi-line constructs inside containers */
  expect("- item\n\n  $$\n  x\n  $$\n- next\n\n> $$\n> y\n> $$\n",
         "list\n  item\n    paragraph\n      text \"item\"\n    math_block \"x\"\n  item\n"
         "    paragraph\n      text \"next\"\nblockquote\n  math_block \"y\"\n",
         NULL);
  /* kramdown extensions */
  expect("{::comment}\nhidden\n{:/comment}\nshown\n\n{::nomarkdown}\n<b>raw</b>\n{:/}\n\n"
         "{::options auto_ids=\"false\" /}\n",
         "paragraph\n  text \"shown\"\nhtml_block \"<b>raw</b>\n\"\n",
         "t.md:10: warning: {::options} is not supported");
  /* <div markdown="1"> notices; other such elements are containers with their attributes */
  expect("<div class=\"notice--info extra\" markdown=\"1\">\n**Note:** text\n\n- item\n</div>\n\n"
         "<div markdown=\"1\" class=\"x\">\n## Inside\n</div>\n",
         "notice notice--info .extra\n  paragraph\n    strong\n      text \"Note:\"\n"
         "    text \" text\"\n  list\n    item\n      paragraph\n        text \"item\"\n"
         "div <div> .x\n  heading h2 #inside\n    text \"Inside\"\n",
         NULL);
  expect("<details markdown=\"1\" id=\"d\">\n<summary>S</summary>\n\n*x*\n</details>\n\n"
         "<blockquote class=\"q\" markdown=\"1\">\nq\n</blockquote>\n\n"
         "<Main markdown=\"1\">\nm\n</Main>\n\n<ul markdown=\"1\">\nu\n</ul>\n",
         "div <details> #d\n  html_block \"<summary>S</summary>\n\"\n  paragraph\n    emph\n"
         "      text \"x\"\nblockquote .q\n  paragraph\n    text \"q\"\ndiv <div>\n  paragraph\n"
         "    text \"m\"\nparagraph\n  text \"u\"\n",
         NULL);
  /* any block element may carry markdown="1"; nesting closes the right one */
  expect("<section markdown=\"1\">\n<div class=\"notice\" markdown=\"block\">\n*a*\n</div>\n"
         "*b*\n</SECTION>\n\n*c*\n",
         "div <section>\n  notice notice\n    paragraph\n      emph\n        text \"a\"\n"
         "  paragraph\n    emph\n      text \"b\"\nparagraph\n  emph\n    text \"c\"\n",
         NULL);
  /* headings inside such divs get kramdown's basic ids (its HTML converter's), counted apart */
  expect("# Inside\n\n<div markdown=\"1\">\n## 1. Inside\n\n## မြန်မာ\n\n## မြန်မာ\n</div>\n",
         "heading h1 #inside\n  text \"Inside\"\ndiv <div>\n  heading h2 #inside\n"
         "    text \"1. Inside\"\n  heading h2 #section\n    text \"မြန်မာ\"\n"
         "  heading h2 #section-1\n    text \"မြန်မာ\"\n",
         NULL);
  /* guillemets, abbreviations, definition lists */
  expect("<< a >> and <<b>> `<<c>>`\n\n*[HTML]: Hyper Text\n\nHTML is HTMLish HTML.\n\n"
         "term\nterm2\n: def one\n: def *two*\n\nterm3\n\n: def three\n",
         "paragraph\n  text \"« a » and «b» \"\n  code \"<<c>>\"\n"
         "paragraph\n  abbr\n    text \"HTML\"\n  text \" is HTMLish \"\n  abbr\n"
         "    text \"HTML\"\n  text \".\"\n"
         "def_list\n  def_term\n    text \"term\"\n  def_term\n    text \"term2\"\n"
         "  def_desc\n    paragraph\n      text \"def one\"\n  def_desc\n    paragraph\n"
         "      text \"def \"\n      emph\n        text \"two\"\n"
         "  def_term\n    text \"term3\"\n  def_desc\n    paragraph\n"
         "      text \"def three\"\n",
         NULL);
  {
    md_doc m;
    md_read(&m, "*[HTML]: Hyper Text\n\nHTML\n");
    const cb_node *ab = md_nth(&m, CB_NODE_ABBR, 0);
    CHECK(ab && ab->as.abbr.title && strcmp(ab->as.abbr.title, "Hyper Text") == 0);
    md_free(&m);
  }
  /* a `: line` without a term before it is text */
  expect("# H\n: not a definition\n",
         "heading h1 #h\n  text \"H\"\nparagraph\n  text \": not a definition\"\n", NULL);

  /* footnotes: numbered by first reference, refs point at their definitions */
  md_doc m;
  md_read(&m, "B[^b] then A[^a] and B[^b] again.\n\n[^a]: Note a.\n[^b]: Note *b*.\n");
  CHECK_INT(md_count(&m, CB_NODE_FOOTNOTE_REF), 3);
  CHECK_INT(md_count(&m, CB_NODE_FOOTNOTE_DEF), 2);
  const cb_node *r0 = md_nth(&m, CB_NODE_FOOTNOTE_REF, 0),
                *r1 = md_nth(&m, CB_NODE_FOOTNOTE_REF, 1);
  const cb_node *r2 = md_nth(&m, CB_NODE_FOOTNOTE_REF, 2);
  const cb_node *d0 = md_nth(&m, CB_NODE_FOOTNOTE_DEF, 0),
                *d1 = md_nth(&m, CB_NODE_FOOTNOTE_DEF, 1);
  if (r0 && r1 && r2 && d0 && d1) {
    CHECK_INT(r0->as.footnote.number, 1);
    CHECK_INT(r1->as.footnote.number, 2);
    CHECK_INT(r2->as.footnote.number, 1);
    CHECK(r0->as.footnote.def == d0 && r2->as.footnote.def == d0 && r1->as.footnote.def == d1);
    CHECK_STR(d0->as.footnote.label, "b");
    CHECK_STR(d1->as.footnote.label, "a");
    CHECK_INT(d0->pos.line, 4);
  }
  md_free(&m);
  /* tables: alignment and header row; task lists; code language */
  md_read(&m, "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n- [x] done\n- [ ] open\n\n"
              "~~~ python?x=1\ncode\n~~~\n\n~~~ two words\ntext\n~~~\n\n![alt *text*](/img.png "
              "\"Title\")\n");
  const cb_node *t = md_nth(&m, CB_NODE_TABLE, 0);
  CHECK(t && t->as.table.columns == 3);
  if (t && t->as.table.columns == 3) {
    CHECK_INT(t->as.table.aligns[0], CB_ALIGN_LEFT);
    CHECK_INT(t->as.table.aligns[1], CB_ALIGN_CENTER);
    CHECK_INT(t->as.table.aligns[2], CB_ALIGN_RIGHT);
    CHECK(t->first->as.row.header && !t->first->next->as.row.header);
    CHECK_INT(t->first->next->last->as.cell.align, CB_ALIGN_RIGHT);
  }
  const cb_node *i0 = md_nth(&m, CB_NODE_ITEM, 0), *i1 = md_nth(&m, CB_NODE_ITEM, 1);
  CHECK(i0 && i0->as.item.task == 2);
  CHECK(i1 && i1->as.item.task == 1);
  const cb_node *cb = md_nth(&m, CB_NODE_CODE_BLOCK, 0);
  CHECK(cb && cb->as.code.lang && strcmp(cb->as.code.lang, "python") == 0);
  CHECK(cb && cb->as.code.info && strcmp(cb->as.code.info, "python?x=1") == 0);
  /* an info string of two words opens no fence for kramdown-parser-gfm: text */
  CHECK(md_nth(&m, CB_NODE_CODE_BLOCK, 1) == NULL);
  const cb_node *img = md_nth(&m, CB_NODE_IMAGE, 0);
  /* kramdown's alt: the raw description (markup kept, escapes resolved) */
  CHECK(img && strcmp(img->as.link.alt, "alt *text*") == 0);
  CHECK(img && strcmp(img->as.link.title, "Title") == 0 &&
        strcmp(img->as.link.url, "/img.png") == 0);
  md_free(&m);
}

static void test_front_matter_toc(void) {
  cb_arena *pa = cb_arena_new();
  cb_meta *page = cb_meta_new(pa, CB_META_MAP, (cb_pos){0});
  cb_meta *toc = cb_meta_new(pa, CB_META_BOOL, (cb_pos){"t.md", 3, 1});
  toc->key = "toc";
  toc->boolean = true;
  cb_meta_append(page, toc);
  cb_meta_set_str(pa, page, "toc_label", "On this page");
  cb_meta_set_str(pa, page, "title", "T &amp; more");
  md_doc m;
  cb_meta_set_str(pa, page, "html", "<b>x</b>");
  md_read_page(&m, "# {{ page.title }}\n\ntext {{ page.html | escape }}\n", 5, page);
  CHECK(m.ch->first && m.ch->first->type == CB_NODE_TOC);
  if (m.ch->first) CHECK_STR(m.ch->first->as.toc.title, "On this page");
  const cb_node *h = md_nth(&m, CB_NODE_HEADING, 0);
  CHECK(h && h->first && strcmp(h->first->text, "T & more") == 0);
  CHECK(h && h->pos.line == 5);
  const cb_node *p = md_nth(&m, CB_NODE_PARAGRAPH, 0);
  CHECK(p && p->pos.line == 7);
  CHECK(p && p->first && strcmp(p->first->text, "text <b>x</b>") == 0 && !p->first->next);
  md_free(&m);
  cb_arena_free(pa);
}

static cb_meta *meta_item(cb_arena *a, const char *const *kv) {
  cb_meta *m = cb_meta_new(a, CB_META_MAP, (cb_pos){0});
  for (; *kv; kv += 2)
    cb_meta_set_str(a, m, kv[0], kv[1]);
  return m;
}

static void test_gallery_feature_row(void) {
  cb_arena *pa = cb_arena_new();
  cb_meta *page = cb_meta_new(pa, CB_META_MAP, (cb_pos){0});
  cb_meta *g = cb_meta_new(pa, CB_META_LIST, (cb_pos){0});
  g->key = "gallery";
  static const char *const i1[] = {"image_path", "assets/1.png", "alt", "one",
                                   "title",      "*One*",        NULL};
  static const char *const i2[] = {"image_path", "https://x.org/2.png", "alt", "two", NULL};
  cb_meta_append(g, meta_item(pa, i1));
  cb_meta_append(g, meta_item(pa, i2));
  cb_meta_append(page, g);
  cb_meta *f = cb_meta_new(pa, CB_META_LIST, (cb_pos){0});
  f->key = "feature_row";
  static const char *const f1[] = {"title",     "Feature",      "excerpt",   "Some **bold** text",
                                   "url",       "/go/",         "btn_label", "Go",
                                   "btn_class", "btn--primary", NULL};
  cb_meta_append(f, meta_item(pa, f1));
  cb_meta_append(page, f);
  md_doc m;
  md_read_page(&m,
               "{% include gallery caption=\"Two *pics*\" layout=\"half\" %}\n\n"
               "{% include feature_row %}\n\n{% include gallery id=\"none\" %}\n",
               1, page);
  char *d = md_dump(&m);
  CHECK_STR(d, "figure </assets/1.png> alt=\"one\" .half\n  emph\n    text \"One\"\n"
               "figure <https://x.org/2.png> alt=\"two\" .half\n"
               "paragraph\n  text \"Two \"\n  emph\n    text \"pics\"\n"
               "paragraph\n  strong\n    text \"Feature\"\n"
               "paragraph\n  text \"Some \"\n  strong\n    text \"bold\"\n  text \" text\"\n"
               "paragraph\n  link </go/> .btn .btn--primary\n    text \"Go\"\n");
  CHECK(strstr(md_errors(&m), "t.md:5: warning: gallery include: no front matter list") != NULL);
  free(d);
  md_free(&m);
  cb_arena_free(pa);
}

static void test_nfc_and_robustness(void) {
  /* an entity pair that is not NFC on its own: composed in the model */
  expect("&#x1000;&#x102D;&#x102F; e&#x301;\n", "paragraph\n  text \"ကို é\"\n", NULL);
  /* deep nesting does not recurse */
  cb_buf b = CB_BUF_INIT;
  for (int k = 0; k < 5000; k++)
    cb_buf_puts(&b, "> ");
  cb_buf_puts(&b, "deep\n");
  md_doc m;
  CHECK_INT(md_read(&m, b.data), 0);
  CHECK_INT(md_count(&m, CB_NODE_PARAGRAPH), 1);
  md_free(&m);
  cb_buf_free(&b);
  /* empty body */
  CHECK_INT(md_read(&m, ""), 0);
  CHECK(m.ch->first == NULL);
  md_free(&m);
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

/* tests/data/markdown/features.md: every construct at once (expected values from Jekyll's
 * pipeline: ruby-liquid then ruby-kramdown with the theme's includes). */
static void test_features_page(void) {
  const char *dir = getenv("CB_TEST_DATA");
  char path[4096];
  snprintf(path, sizeof path, "%s/markdown/features.md", dir ? dir : "tests/data");
  size_t len;
  char *src = md_slurp(path, &len);
  CHECK(src != NULL);
  if (!src) return;
  const char *body = strstr(src, "\n---\n");
  CHECK(body != NULL);
  if (!body) return;
  body += 5;
  cb_arena *pa = cb_arena_new();
  cb_meta *page = cb_meta_new(pa, CB_META_MAP, (cb_pos){0});
  cb_meta_set_str(pa, page, "title", "Python အခြေခံ: Features");
  cb_meta_set_str(pa, page, "lang", "my");
  cb_meta_set_str(pa, page, "toc_label", "မာတိကာ");
  cb_meta *toc = cb_meta_new(pa, CB_META_BOOL, (cb_pos){"t.md", 4, 1});
  toc->key = "toc";
  toc->boolean = true;
  cb_meta_append(page, toc);
  md_doc m;
  CHECK_INT(md_read_page(&m, body, 9, page), 0);
  CHECK_STR(md_errors(&m), "");
  char *d = md_dump(&m);
  /* the front matter contents first, then the notice holding the evaluated title */
  CHECK(strncmp(d,
                "toc \"မာတိကာ\"\nnotice notice--primary\n  paragraph\n"
                "    text \"Python အခြေခံ: Features သင်ခန်းစာ မိတ်ဆက်။\"\n"
                "toc \"Contents\"\n",
                strlen("toc \"မာတိကာ\"\nnotice notice--primary\n  paragraph\n"
                       "    text \"Python အခြေခံ: Features သင်ခန်းစာ မိတ်ဆက်။\"\n"
                       "toc \"Contents\"\n")) == 0);
  static const char *const parts[] = {
      "heading h2 #-python-ဆိုတာ-ဘာလဲ\n",
      "  emph .hl\n    text \"simple\"\n",
      "  link <https://docs.python.org/3/> target=\\_blank\n",
      "video youtube:rfscVS0vtbw@95\nlist\n",
      "heading h3 #video-sources .no_toc\n",
      "video vimeo:76979871@0\nvideo google-drive:1AbCdEf@0\nvideo bilibili:BV1GJ411x7h7@0\n",
      "notice notice--warning\n  blockquote\n",
      "table .table-data\n",
      "      code \"\"a|b\"\"\n",
      "code_block \"# {{ not liquid }} stays in code\nprint(\"မင်္ဂလာပါ\")\n\"\n",
      "code_block \"puts \"hello\"\n\"\n",
      "def_list\n  def_term\n    text \"Term\"\n  def_desc\n",
      "  abbr\n    text \"CPU\"\n",
      "  math_inline \"a^2 + b^2\"\n",
      "math_block \"\\sum_{i=1}^{n} i\"\n",
      "notice notice--success\n  paragraph\n    strong\n      text \"Done!\"\n"
      "    text \" ပြီးပါပြီ\"\n",
      "heading h2 #-python-ဆိုတာ-ဘာလဲ-1\n",
      "paragraph\n  text \"မြန်မာ version.\"\n",
      "footnote_def\n"};
  const char *at = d;
  for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
    const char *hit = strstr(at, parts[k]);
    cb_test_checks++;
    if (!hit) {
      cb_test_failures++;
      fprintf(stderr, "features.md: missing (in order) %s\n", parts[k]);
    } else {
      at = hit + strlen(parts[k]);
    }
  }
  const cb_node *t = md_nth(&m, CB_NODE_TABLE, 0);
  CHECK(t && t->as.table.aligns[0] == CB_ALIGN_LEFT && t->as.table.aligns[1] == CB_ALIGN_CENTER &&
        t->as.table.aligns[2] == CB_ALIGN_RIGHT);
  const cb_node *cbk = md_nth(&m, CB_NODE_CODE_BLOCK, 1);
  CHECK(cbk && cbk->as.code.lang && strcmp(cbk->as.code.lang, "ruby") == 0);
  const cb_node *v0 = md_nth(&m, CB_NODE_VIDEO, 0);
  CHECK(v0 && v0->pos.line == 20);
  check_no_residue(&m);
  free(d);
  md_free(&m);
  cb_arena_free(pa);
  free(src);
}

int main(int argc, char **argv) {
  if (argc > 1) return dump_file(argv[1]);
  test_example_page();
  test_block_ials();
  test_span_ials();
  test_headings();
  test_liquid_blocks();
  test_kramdown_differences();
  test_extensions();
  test_front_matter_toc();
  test_nfc_and_robustness();
  test_gallery_feature_row();
  test_features_page();
  /* kramdown's per-item looseness: a blank line after an item's first paragraph makes it a
   * paragraph; the last item follows the earlier ones */
  {
    md_doc m2;
    md_read(&m2, "- a\n- b\n\n- c\n- d\n\n1. x\n\n2. y\n");
    static const int want[] = {1, 2, 1, 1, 2, 2};
    for (int k = 0; k < 6; k++) {
      const cb_node *it = md_nth(&m2, CB_NODE_ITEM, k);
      CHECK(it && it->as.item.para == want[k]);
    }
    md_free(&m2);
  }
  /* a block element's tag in running text is text (kramdown's span parser); a span's is not */
  expect("A <li> b </div> <b>c</b>\n",
         "paragraph\n  text \"A <li> b </div> \"\n  html_inline \"<b>\"\n  text \"c\"\n"
         "  html_inline \"</b>\"\n",
         "t.md:1:3: warning: block-level tag '<li>' in running text; kept as text");
  /* markdown="1" inside a raw element that holds text of its own: the element is the page's
   * Markdown (its IALs applied), the raw element's own text stays raw HTML, as kramdown reads
   * them */
  {
    md_doc m;
    md_read(&m, "<div>\nRaw *text*.\n<section markdown=\"1\">\n\n![A](x.png){: width=\"1\"}\n\n"
                "Text.\n{: .note}\n\n</section>\n</div>\n");
    const cb_node *h = md_nth(&m, CB_NODE_HTML_BLOCK, 0), *img = md_nth(&m, CB_NODE_IMAGE, 0);
    const cb_node *p = md_nth(&m, CB_NODE_PARAGRAPH, 1);
    CHECK(h && strstr(h->text, "Raw *text*.") && !strstr(h->text, "{:"));
    CHECK(img && img->as.link.url && strcmp(img->as.link.url, "x.png") == 0);
    CHECK(p && cb_attrs_has_class(&p->attrs, "note") && md_nth(&m, CB_NODE_EMPH, 0) == NULL);
    md_free(&m);
  }
  /* with only tags and markdown="1" elements in it, the raw element is a container: the
   * Markdown inside is the page's (cb_kd_transparent) */
  {
    md_doc m;
    md_read(&m, "<div class=\"row\">\n<section markdown=\"1\">\n\nText.\n{: .note}\n\n"
                "</section>\n</div>\n");
    const cb_node *d = md_nth(&m, CB_NODE_DIV, 0), *p = md_nth(&m, CB_NODE_PARAGRAPH, 0);
    CHECK(d && cb_attrs_has_class(&d->attrs, "row") && md_nth(&m, CB_NODE_HTML_BLOCK, 0) == NULL);
    CHECK(p && cb_attrs_has_class(&p->attrs, "note"));
    md_free(&m);
  }
  /* span {::nomarkdown}; an extension with text after it on its line is span-level */
  expect("A {::nomarkdown}<b>x</b>{:/nomarkdown} b.\n\n{::comment}c{:/} Text.\n",
         "paragraph\n  text \"A \"\n  html_inline \"<b>x</b>\"\n  text \" b.\"\nparagraph\n"
         "  text \"Text.\"\n",
         NULL);
  /* one-line markdown elements: a p keeps its attributes, a notice wraps its paragraph */
  expect("<p markdown=\"span\" class=\"lead\">A *b*</p>\n\n"
         "<div class=\"notice--info\" markdown=\"1\">N *o*</div>\n",
         "paragraph .lead\n  text \"A \"\n  emph\n    text \"b\"\nnotice notice--info\n"
         "  paragraph\n    text \"N \"\n    emph\n      text \"o\"\n",
         NULL);

  /* kramdown's quotes: closing after punctuation other than ( [ { -; typed quotes kept */
  expect(":\"a\" (\"b\") \xe2\x80\x9c"
         "c\xe2\x80\x9d `d`\"e\"\n",
         "paragraph\n  text \":\xe2\x80\x9d"
         "a\xe2\x80\x9d (\xe2\x80\x9c"
         "b\xe2\x80\x9d) "
         "\xe2\x80\x9c"
         "c\xe2\x80\x9d \"\n  code \"d\"\n  text \"\xe2\x80\x9c"
         "e\xe2\x80\x9d\"\n",
         NULL);

  /* markdown="0": the element stays raw, the attribute goes (as in kramdown's output) */
  expect("<div class=\"raw\" markdown=\"0\">\n*x*\n</div>\n",
         "html_block \"<div class=\"raw\">\n*x*\n</div>\n\"\n", NULL);

  TEST_DONE();
}
