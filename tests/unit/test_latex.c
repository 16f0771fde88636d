/* LaTeX backend: escaping, URL and math handling, and the documents written for hand-built
 * models (the example page and a page with every construct and injection string).
 *
 * `test_latex --pdf DIR [ENGINE [MODEL]]` instead writes DIR/NAME.pdf for each model (or only
 * MODEL; "texerror" is a page LaTeX rejects) through the PDF backend, with DIR/NAME.txt (the text
 * of every block, to find in pdftotext's output) and DIR/NAME.headings (the text of every heading,
 * to find among the bookmarks); test_pdf.sh checks them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CB_FIXTURE_ROOT (getenv("CB_TEST_DATA") ? getenv("CB_TEST_DATA") : ".")
#include "backend.h"
#include "check.h"
#include "latex_escape.h"
#include "latex_fixture.h"

static char *esc(unsigned flags, const char *s) {
  static cb_buf b = CB_BUF_INIT;
  cb_buf_clear(&b);
  cb_latex_put_text(&b, s, strlen(s), flags);
  return b.data ? b.data : "";
}

static char *url(const char *s) {
  static cb_buf b = CB_BUF_INIT;
  cb_buf_clear(&b);
  cb_latex_put_url(&b, s);
  return b.data ? b.data : "";
}

static void test_escape(void) {
  CHECK_STR(esc(0, "\\input{/etc/passwd}"), "\\textbackslash{}input\\{/etc/passwd\\}");
  CHECK_STR(esc(0, "% # & ~ ^ _ $"), "\\% \\# \\& \\textasciitilde{} \\textasciicircum{} \\_ \\$");
  CHECK_STR(esc(0, "< > | \" ' `"), "\\textless{} \\textgreater{} \\textbar{} \\textquotedbl{} "
                                    "\\textquotesingle{} \\textasciigrave{}");
  CHECK_STR(esc(0, "[x]"), "{[}x{]}");
  CHECK_STR(esc(0, "a--b---c-"), "a-{}-b-{}-{}-c-{}");
  CHECK_STR(esc(0, ",,x"), ",{},x");
  CHECK_STR(esc(0, "a\nb\rc\td\x01\x7f"), "a b c d");
  CHECK_STR(esc(0, "မြန်မာ ok"), "မြန်မာ ok");
  CHECK_STR(esc(0, "a\xe2\x80\xa8"
                   "b"),
            "a b"); /* U+2028 */
  CHECK_STR(esc(CB_LTX_CODE, "  x = 1"), "\\ \\ x\\ =\\cbbrk{}\\ 1");
  CHECK_STR(esc(CB_LTX_URL, "a/b"), "a/\\cbbrk{}b");
  /* a long run of letters gets break points, never inside a UTF-8 sequence */
  const char *e = esc(CB_LTX_URL, "abcdefghijklmnopqrstuvwxyz");
  CHECK(strstr(e, "\\cbbrk{}") != NULL);
  e = esc(CB_LTX_CODE, "ကကကကကကကကကကကကကကကကကကကကကကကကကကကက");
  CHECK(strstr(e, "\\cbbrk") == NULL);
  /* nothing a user writes survives as a control sequence */
  e = esc(0, FX_INJECT);
  for (const char *p = e; (p = strchr(p, '\\')) != NULL; p++) {
    const char *ok[] = {"textbackslash{}",
                        "textasciicircum{}",
                        "textasciitilde{}",
                        "textless{}",
                        "textgreater{}",
                        "textbar{}",
                        "textquotedbl{}",
                        "textquotesingle{}",
                        "textasciigrave{}",
                        "{",
                        "}",
                        "%",
                        "#",
                        "&",
                        "_",
                        "$",
                        NULL};
    bool found = false;
    for (int i = 0; ok[i]; i++)
      if (strncmp(p + 1, ok[i], strlen(ok[i])) == 0) found = true;
    if (!found) fprintf(stderr, "unexpected control sequence at: %.20s\n", p);
    CHECK(found);
    if (found && p[1] != '{' && p[1] != '}' && !strchr("%#&_$", p[1]))
      p = strchr(p, '}');
    else
      p++;
  }
}

static void test_url(void) {
  CHECK_STR(url("https://a.b/c_d?x=1&y=2#f"), "https://a.b/c\\_d?x=1\\&y=2\\#f");
  CHECK_STR(url("https://a.b/100%25~u$"), "https://a.b/100\\%25\\~u\\$");
  CHECK_STR(url("https://a.b/\\{}^`\"<>| x"), "https://a.b/\\%5C\\%7B\\%7D\\%5E\\%60\\%22\\%3C"
                                              "\\%3E\\%7C\\%20x");
  CHECK_STR(url("https://a.b/ဗ"), "https://a.b/\\%E1\\%80\\%97");
  CHECK_STR(url("https://a.b/\n\x01"), "https://a.b/\\%0A\\%01");
}

static void test_math(void) {
  cb_arena *a = cb_arena_new();
#define OK(s) CHECK(cb_latex_math_refusal(a, s, strlen(s)) == NULL)
#define NO(s) CHECK(cb_latex_math_refusal(a, s, strlen(s)) != NULL)
  OK("E = mc^2");
  OK("\\frac{a}{b} + \\sqrt[3]{x} \\leq \\left( \\sum_{i=1}^{n} x_i \\right)");
  OK("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}");
  OK("\\begin{align} a &= b \\end{align}");
  OK("\\{ x \\} \\iff y \\text{မြန်မာ}");
  NO("\\input{/etc/passwd}");
  NO("x \\include{a}");
  NO("\\write18{id}");
  NO("\\immediate\\write18{id}");
  NO("\\catcode`\\^^5c=12");
  NO("^^5cinput");
  NO("\\^^69nput{/etc/passwd}"); /* the backslash skip must not hide ^^ */
  NO("a^{b}\\^^5c");
  NO("\\def\\x{y}");
  NO("\\let\\x\\y");
  NO("\\newcommand\\x{y}");
  NO("\\end{document}");
  NO("\\begin{document}");
  NO("\\csname input\\endcsname");
  NO("\\expandafter\\x");
  NO("\\loop\\iftrue\\repeat");
  NO("\\openout1=x");
  NO("\\directlua{os.execute('id')}");
  NO("\\pdfprimitive\\x");
  NO("\\includegraphics{/etc/passwd}");
  NO("x } y");
  NO("{ x");
  NO("x \\) text \\(");
  NO("\\ifx a b \\fi");
  NO("trailing \\");
#undef OK
#undef NO
  cb_buf b = CB_BUF_INIT;
  cb_latex_put_math(&b, "a % c\n# $ \\% b", strlen("a % c\n# $ \\% b"));
  CHECK_STR(b.data, "a \\% c \\# \\$ \\% b");
  cb_buf_free(&b);
  cb_arena_free(a);
}

static bool allow_raw;
static const char *data_dir;

static char *render(void (*build)(cb_book *), const char *paper, int size, cb_diag *d) {
  cb_options opt;
  cb_options_init(&opt);
  opt.allow_raw_latex = allow_raw;
  opt.data_dir = data_dir;
  opt.format = CB_FORMAT_LATEX;
  if (paper) opt.paper = paper;
  opt.font_size = size;
  cb_book *b = cb_book_new();
  build(b);
  cb_buf out = CB_BUF_INIT;
  int rc = cb_render_latex(b, &opt, &out, d);
  CHECK_INT(rc, 0);
  cb_book_free(b);
  return out.data;
}

static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
    n++;
  return n;
}

static void test_example(void) {
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  char *t = render(fx_example, NULL, 0, &d);
  if (!t) return;
  CHECK(strstr(t, "\\documentclass[a4paper,11pt]{article}") != NULL);
  CHECK(strstr(t, "@@") == NULL);
  CHECK(strstr(t, "{\\LARGE\\bfseries Machine Learning Paper Reading\\par}") != NULL);
  CHECK(strstr(t, "\\item[By] Alex Snow\n") != NULL);
  CHECK(strstr(t, "\\item[Publisher] Alex Snow School\n") != NULL);
  CHECK(strstr(t, "\\item[Published] 2023-12-13\n") != NULL);
  CHECK(strstr(t, "\\item[Updated] 2024-06-28\n") != NULL);
  CHECK(strstr(t, "\\item[Audience] Computer Science Students, ML and AI Enthusiasts, IT "
                  "Professionals\n") != NULL);
  CHECK(strstr(t, "\\item[Licence] Public Domain (\\href{https://creativecommons.org/"
                  "publicdomain/mark/1.0/}") != NULL);
  CHECK(strstr(t, "\\item[Tags] Machine Learning \\& AI, Python\n") != NULL);
  CHECK(strstr(t, "\\begin{cbnotice}{cbinfo}") != NULL);
  CHECK(strstr(t, "\\renewcommand\\contentsname{Contents}\n\\tableofcontents") != NULL);
  CHECK(strstr(t, "\\section{Machine Learning Paper Reading}") != NULL);
  CHECK(strstr(t, "\\subsection{\\emo{D83EDD6C}{1f96c}{🥬} Metric Learning}") != NULL);
  CHECK(strstr(t,
               "\\subsection{\\emo{D83DDC69D83CDFFB}{1f469-1f3fb}{👩🏻}\\emo{D83CDF93}{1f393}"
               "{🎓} Knowledge Distillation}") != NULL);
  CHECK_INT(count(t, "\\subsubsection{"), 6);
  CHECK_INT(count(t, "\\begin{cbvideo}"), 6); /* six video includes */
  CHECK_INT(count(strstr(t, "\\begin{document}"), "\\cbqr{"), 6);
  CHECK(strstr(t, "\\href{https://www.youtube.com/watch?v=w05oosmFsxM}") != NULL);
  CHECK(strstr(t, "စိတ်ဝင်စား\\mybrk{}သူ\\mybrk{}တိုင်") != NULL);
  CHECK(strstr(t, "% cb-src examples/machine-learning-paper-reading.md:45\n") != NULL);
  /* link notes: one footnote per link, the Google Slides URL's # escaped for \href */
  CHECK_INT(count(t, "\\footnote["), 14);
  CHECK(strstr(t, "edit\\#slide=id.g8c1b8d6efd\\_0\\_1}") != NULL);
  CHECK_INT(count(t, "\\end{document}"), 1);
  CHECK_INT(d.errors, 0);
  CHECK_INT(d.warnings, 0);
  free(t);
  /* paper and size options */
  cb_diag_init(&d);
  d.stream = NULL;
  t = render(fx_example, "a5", 0, &d);
  CHECK(t && strstr(t, "\\documentclass[a5paper,10pt]{article}") != NULL);
  free(t);
  t = render(fx_example, "letter", 12, &d);
  CHECK(t && strstr(t, "\\documentclass[letterpaper,12pt]{article}") != NULL);
  CHECK(t && strstr(t, "\\usepackage[letterpaper,") != NULL);
  free(t);
}

/* Every control word in the body must be one the renderer writes itself. */
static void test_features_injection(void) {
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  char *t = render(fx_features, NULL, 0, &d);
  if (!t) return;
  static const char *const allowed[] = {"begin",
                                        "end",
                                        "textbackslash",
                                        "textasciicircum",
                                        "textasciitilde",
                                        "textless",
                                        "textgreater",
                                        "textbar",
                                        "textquotedbl",
                                        "textquotesingle",
                                        "textasciigrave",
                                        "mybrk",
                                        "emo",
                                        "cbbrk",
                                        "cbsout",
                                        "cbfnmark",
                                        "footnote",
                                        "footnotetext",
                                        "href",
                                        "hyperref",
                                        "cburl",
                                        "raggedright",
                                        "section",
                                        "subsection",
                                        "subsubsection",
                                        "label",
                                        "pdfbookmark",
                                        "item",
                                        "emph",
                                        "textbf",
                                        "texttt",
                                        "newline",
                                        "cbcl",
                                        "cbqr",
                                        "cbqm",
                                        "cbmissing",
                                        "fbox",
                                        "cbimg",
                                        "renewcommand",
                                        "contentsname",
                                        "tableofcontents",
                                        "hline",
                                        "endhead",
                                        "centering",
                                        "raggedleft",
                                        "arraybackslash",
                                        "dimexpr",
                                        "linewidth",
                                        "tabcolsep",
                                        "relax",
                                        "bfseries",
                                        "par",
                                        "rule",
                                        "small",
                                        "large",
                                        "LARGE",
                                        "vspace",
                                        "bigskip",
                                        "normalfont",
                                        "noindent",
                                        "square",
                                        "boxtimes",
                                        "frac",
                                        "sum",
                                        "leq",
                                        "left",
                                        "right",
                                        "ifLuaTeX",
                                        "pdfvariable",
                                        "fi",
                                        "hfill",
                                        "raggedright",
                                        "textbf",
                                        "minipage",
                                        NULL};
  const char *body = strstr(t, "\\begin{document}");
  CHECK(body != NULL);
  for (const char *p = body; p && *p; p++) {
    if (*p == '%' && (p == body || p[-1] == '\n')) { /* our own source comments */
      p = strchr(p, '\n');
      if (!p) break;
      continue;
    }
    if (*p != '\\') continue;
    const char *s = p + 1;
    const char *e = s;
    while ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z'))
      e++;
    if (e == s) { /* control symbol: skip it */
      p++;
      continue;
    }
    bool ok = false;
    for (int i = 0; allowed[i]; i++)
      if (strlen(allowed[i]) == (size_t)(e - s) && memcmp(allowed[i], s, (size_t)(e - s)) == 0)
        ok = true;
    if (!ok) fprintf(stderr, "unexpected control word \\%.*s\n", (int)(e - s), s);
    CHECK(ok);
    p = e - 1;
  }
  CHECK_INT(count(body, "\\end{document}"), 1);
  CHECK(strstr(body, "\\input") == NULL);
  CHECK(strstr(body, "\\write") == NULL);
  CHECK(strstr(body, "\\catcode") == NULL);
  /* preamble metadata is escaped too */
  CHECK(strstr(t, "pdftitle={Features: \\textbackslash{}input\\{/etc/passwd\\}") != NULL);
  CHECK(strstr(t, "\\item[By] Alex \\textbackslash{}write18\\{id\\} Snow\n") != NULL);
  CHECK(strstr(t, "\\item[Publisher]") == NULL); /* only an empty publisher */
  /* tables, code, notes, math, definition lists */
  CHECK(strstr(t, "\\begin{longtable}") != NULL);
  CHECK(strstr(t, "{}*star {[}bracket{]}") != NULL);
  CHECK(strstr(t, "\\cbcl{\\#\\ မြန်မာ\\ comment:") != NULL);
  CHECK(strstr(t, "\\cbcl{\\textbackslash{}\\cbbrk{}end\\{\\cbbrk{}document\\}\\cbbrk{}}") != NULL);
  CHECK(strstr(t, "\\(E = mc^2 + \\frac{a}{b} \\% not a comment\\)") != NULL);
  CHECK(strstr(t, "\\[\\sum_{i=1}^{n}") != NULL);
  CHECK(strstr(t, "\\begin{align} a &= b") != NULL);
  CHECK(strstr(t, "\\texttt{x\\ \\textbackslash{}\\cbbrk{}input") != NULL);
  CHECK(strstr(t, "\\cbfnmark{") != NULL);     /* second reference, notes in boxes */
  CHECK(strstr(t, "\\footnotetext[") != NULL); /* their text after the box */
  CHECK(strstr(t, "\\item[{ပုံစံ\\mybrk{}") != NULL || strstr(t, "\\item[{ပုံစံ term") != NULL);
  CHECK(strstr(t, "\\begin{enumerate}[noitemsep,topsep=2pt,parsep=0pt,start=3]") != NULL);
  CHECK(strstr(t, "\\item[\\(\\boxtimes\\)]") != NULL);
  CHECK(strstr(t, "\\cbsout{struck}") != NULL);
  CHECK(strstr(t, "\\hyperref[cb:696e6a]{back to the top}") != NULL);
  CHECK(strstr(t, "\\href{../other") == NULL);
  CHECK(strstr(t, "\\subsubsection[Heading with a link]{Heading with a \\href{") != NULL);
  CHECK(strstr(t, "\\subsubsection*{Not in the contents}\\pdfbookmark[3]") != NULL);
  CHECK(strstr(t, "\\renewcommand\\contentsname{မာတိကာ Contents}") != NULL);
  CHECK(strstr(t, "<script>") == NULL);
  CHECK(strstr(t, "/etc/passwd}") == NULL || strstr(t, "\\includegraphics") == NULL);
  CHECK(strstr(t, "\\cbmissing{Image: missing picture") != NULL);
  CHECK_INT(count(body, "\\cbimg{"), 1);
  CHECK(strstr(body, "/latex/wide.png}") != NULL);
  /* warnings: 3 images, raw HTML, 2 refused maths */
  CHECK_INT(d.warnings, 6);
  CHECK_INT(d.errors, 0);
  free(t);
}

/* {::nomarkdown type="latex"} passes only with --allow-raw-latex */
static void fx_rawlatex(cb_book *b) {
  cb_node *ch = fx_chapter(b, "tests/data/latex/raw.md", "Raw");
  cb_node *h = fx_add(ch, CB_NODE_HTML_BLOCK, 3);
  h->text = "\\newpage\\textbf{RAW LATEX}";
  h->text_len = strlen(h->text);
  cb_attrs_set(fx_a, &h->attrs, "type", "latex");
}

static void test_raw_latex(void) {
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  char *t = render(fx_rawlatex, NULL, 0, &d);
  CHECK(t && strstr(t, "RAW LATEX") == NULL);
  CHECK_INT(d.warnings, 1);
  free(t);
  allow_raw = true;
  t = render(fx_rawlatex, NULL, 0, &d);
  allow_raw = false;
  CHECK(t && strstr(t, "\n\\newpage\\textbf{RAW LATEX}\n") != NULL);
  free(t);
}

/* A font that is a file beside fonts.conf (not a system font) is named by file with Path=. */
static void test_font_files(void) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/latex/datadir", CB_FIXTURE_ROOT);
  data_dir = dir;
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  char *t = render(fx_example, NULL, 0, &d);
  data_dir = NULL;
  CHECK(t && strstr(t, "\\newfontfamily\\myanmarfont{Padauk-Regular.ttf}[Script=Myanmar,Path=/") !=
                 NULL);
  CHECK(t && strstr(t, "/latex/datadir/fonts/,BoldFont=Padauk-Bold.ttf]") != NULL);
  CHECK(t && strstr(t, "\\setmainfont{Noto Serif}[Ligatures=TeX]") != NULL);
  free(t);
}

static void test_stress(void) {
  cb_diag d;
  cb_diag_init(&d);
  d.stream = NULL;
  char *t = render(fx_stress, NULL, 0, &d);
  if (!t) return;
  /* balanced environments, none nested deeper than the limits */
  CHECK_INT(count(t, "\\begin{itemize}") + count(t, "\\begin{quote}"),
            15 + 1 + 1); /* + the list holding the table, the list in the containers */
  CHECK_INT(count(t, "\\begin{itemize}"), count(t, "\\end{itemize}") - 0);
  CHECK_INT(count(t, "\\begin{quote}"), count(t, "\\end{quote}"));
  CHECK_INT(count(t, "\\begin{cbnotice}"), 6 + 1); /* + the notice in the containers */
  CHECK_INT(count(t, "\\end{cbnotice}"), 6 + 1);
  CHECK(strstr(t, "အပိုင်း inside sections") != NULL);
  CHECK_INT(count(t, "\\begin{longtable}"), 1);
  CHECK(strstr(t, "\\footnote[1]{% cb-src") == NULL || strstr(t, "{\\ttfamily\\small") != NULL);
  CHECK(strstr(t, "text/\\cbbrk{}that") != NULL);
  CHECK(strstr(t, "\\pdfbookmark[0]{ဒုတိယ Second chapter}{cb-chapter-2}") != NULL);
  CHECK_INT(d.errors, 0);
  free(t);
}

/* ---- --pdf mode for test_pdf.sh ---- */

static void write_expectations(const cb_book *b, const char *dir, const char *name) {
  char p[4096];
  snprintf(p, sizeof p, "%s/%s.txt", dir, name);
  FILE *txt = fopen(p, "w");
  snprintf(p, sizeof p, "%s/%s.headings", dir, name);
  FILE *hd = fopen(p, "w");
  if (!txt || !hd) exit(2);
  cb_arena *a = cb_arena_new();
  for (const cb_node *ch = b->first; ch; ch = ch->next) {
    cb_iter it;
    const cb_node *n;
    cb_event ev;
    cb_iter_init(&it, ch);
    while ((ev = cb_iter_next(&it, &n)) != CB_EVENT_NONE) {
      if (ev != CB_EVENT_ENTER) continue;
      if (n->type == CB_NODE_PARAGRAPH || n->type == CB_NODE_TABLE_CELL ||
          n->type == CB_NODE_DEF_TERM) {
        fprintf(txt, "%s\n", cb_node_plain_text(a, n));
        cb_iter_skip(&it);
      } else if (n->type == CB_NODE_CODE_BLOCK) {
        fprintf(txt, "%s\n", n->text);
      } else if (n->type == CB_NODE_HEADING) {
        const char *s = cb_node_plain_text(a, n);
        fprintf(txt, "%s\n", s);
        fprintf(hd, "%s\n", s);
        cb_iter_skip(&it);
      }
    }
  }
  cb_arena_free(a);
  fclose(txt);
  fclose(hd);
}

/* A page whose author math LaTeX rejects: the error must name the page's file:line. */
static void fx_texerror(cb_book *b) {
  cb_node *ch = fx_chapter(b, "tests/data/latex/texerror.md", "TeX error");
  fx_para(ch, "မြန်မာ before the error.", 3);
  fx_inline(ch, CB_NODE_MATH_BLOCK, "x = \\undefinedmacro{y}", 5);
}

static int pdf_mode(const char *dir, const char *engine, const char *only) {
  static const struct {
    const char *name;
    void (*build)(cb_book *);
    const char *paper, *link_notes;
    int size;
  } models[] = {{"example", fx_example, "a4", "footnote", 0},
                {"features", fx_features, "a4", "footnote", 0},
                {"stress", fx_stress, "a4", "footnote", 0},
                /* the other paper sizes and link notes */
                {"example-a5-qr", fx_example, "a5", "qr", 0},
                {"features-letter-12pt-none", fx_features, "letter", "none", 12},
                {"texerror", fx_texerror, "a4", "footnote", 0}};
  int rc = 0;
  for (size_t i = 0; i < sizeof models / sizeof *models; i++) {
    if (only ? strcmp(only, models[i].name) != 0 : strcmp(models[i].name, "texerror") == 0)
      continue;
    cb_options opt;
    cb_options_init(&opt);
    opt.format = CB_FORMAT_PDF;
    opt.pdf_engine = engine;
    opt.paper = models[i].paper;
    opt.link_notes = models[i].link_notes;
    opt.font_size = models[i].size;
    cb_diag d;
    cb_diag_init(&d);
    d.quiet = true;
    cb_book *b = cb_book_new();
    models[i].build(b);
    cb_buf out = CB_BUF_INIT;
    if (cb_render_pdf(b, &opt, &out, &d) != 0) {
      rc = 1;
    } else {
      char p[4096];
      snprintf(p, sizeof p, "%s/%s.pdf", dir, models[i].name);
      if (cb_write_file_atomic(p, out.data, out.len) != 0) rc = 1;
      write_expectations(b, dir, models[i].name);
    }
    cb_buf_free(&out);
    cb_book_free(b);
  }
  return rc;
}

int main(int argc, char **argv) {
  if (argc >= 3 && strcmp(argv[1], "--pdf") == 0)
    return pdf_mode(argv[2], argc >= 4 ? argv[3] : "xelatex", argc >= 5 ? argv[4] : NULL);
  test_escape();
  test_url();
  test_math();
  test_example();
  test_features_injection();
  test_stress();
  test_raw_latex();
  test_font_files();
  TEST_DONE();
}
