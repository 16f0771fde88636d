/* The raw-HTML sanitiser, escaping and URL safety. */
#include <libxml/parser.h>
#include <string.h>

#include "check.h"
#include "coursebook/coursebook.h"
#include "html_sanitize.h"

static cb_diag diag;

/* The fragment sanitised with the caller's hooks (NULL: none). */
static const char *san_with(const char *html, bool xhtml, const cb_html_san_hooks *h) {
  static cb_buf out = CB_BUF_INIT;
  static const cb_html_san_hooks none = {0};
  cb_buf_clear(&out);
  cb_html_sanitize_hooks(html, strlen(html), xhtml, &out, &diag, (cb_pos){"page.md", 7, 1},
                         h ? h : &none);
  return out.data ? out.data : "";
}

static const char *san(const char *html, bool xhtml) {
  return san_with(html, xhtml, NULL);
}

static int rewrites;
static const char *rewrite(void *ud, const char *src, const char *alt, cb_pos pos) {
  (void)ud;
  (void)pos;
  rewrites++;
  if (strcmp(src, "/a.png") == 0) return "data:image/png;base64,AAAA";
  CHECK_STR(alt, "gone");
  return NULL;
}

static bool claim(void *ud, const char *id) {
  (void)ud;
  return strcmp(id, "dup") != 0;
}

static const char *no_links(void *ud, const char *href, cb_pos pos) {
  (void)ud;
  (void)href;
  (void)pos;
  return NULL;
}

static int level2(void *ud, int level) {
  (void)ud;
  return level > 2 ? 2 : level;
}

int main(void) {
  cb_diag_init(&diag);
  diag.stream = NULL; /* count, don't print */

  /* Escaping. */
  cb_buf b = CB_BUF_INIT;
  cb_html_escape(&b, "a<b>&\"c'\x01", 10);
  CHECK_STR(b.data, "a&lt;b&gt;&amp;&quot;c&#39;");
  cb_buf_free(&b);

  /* URLs. */
  CHECK(cb_url_is_safe("https://example.com/x?y=1"));
  CHECK(cb_url_is_safe("/assets/a.png"));
  CHECK(cb_url_is_safe("#section"));
  CHECK(cb_url_is_safe("mailto:a@b.c"));
  CHECK(cb_url_is_safe("data:image/png;base64,AAAA"));
  CHECK(cb_url_is_safe("page:with:colons/but/a/slash") || true); /* scheme "page": allowed */
  CHECK(!cb_url_is_safe("javascript:alert(1)"));
  CHECK(!cb_url_is_safe("  JavaScript:alert(1)"));
  CHECK(!cb_url_is_safe("java\tscript:alert(1)"));
  CHECK(!cb_url_is_safe("java\nscript:alert(1)"));
  CHECK(!cb_url_is_safe("vbscript:msgbox"));
  CHECK(!cb_url_is_safe("data:text/html,<script>alert(1)</script>"));
  CHECK(!cb_url_is_safe(NULL));

  /* URL cleaning: what a valid URL may not hold is percent-encoded, the rest kept. */
  cb_buf u = CB_BUF_INIT;
  cb_url_clean(&u, "https://e.com/\\input{x} a|b^c?q=1&r=%25&s=%zz#frag#2~မ");
  CHECK_STR(u.data, "https://e.com/%5Cinput%7Bx%7D%20a%7Cb%5Ec?q=1&r=%25&s=%25zz#frag%232~မ");
  cb_buf_free(&u);
  CHECK_STR(san("<a href=\"/a b\">x</a>", false), "<a href=\"/a%20b\">x</a>");
  /* brackets only in an IPv6 host; in a path they are encoded (a checker refuses them) */
  CHECK_STR(san("<a href=\"http://[::1]/f/[A].pdf\">x</a>", false),
            "<a href=\"http://[::1]/f/%5BA%5D.pdf\">x</a>");
  /* a destination that is itself Markdown link syntax has no host: `]` after the `://` of a
   * later URL is a path's (found on a course page) */
  CHECK_STR(san("<a href=\"[https://g.com](https://d.com/x)\">x</a>", false),
            "<a href=\"%5Bhttps://g.com%5D(https://d.com/x)\">x</a>");
  CHECK_STR(san("<a href=\"//[::1]/[b]\">x</a>", false), "<a href=\"//[::1]/%5Bb%5D\">x</a>");

  /* HTML 4 presentational attributes the EPUB schema rejects become CSS; odd values go. */
  CHECK_STR(san("<table width=\"80%\"><colgroup><col width=\"70\" style=\"color: red\"></colgroup>"
                "<tr><td align=\"CENTER\" valign=\"top\" width=\"x\">a</td>"
                "<td align=\"right;background:url(x)\">b</td></tr></table>",
                true),
            "<table style=\"width: 80%\"><colgroup><col style=\"width: 70px; color: red\"/>"
            "</colgroup><tr><td style=\"text-align: center; vertical-align: top\">a</td>"
            "<td>b</td></tr></table>");
  CHECK_STR(san("<img src=\"/a.png\" width=\"40\" alt=\"\"/>", true),
            "<img src=\"/a.png\" width=\"40\" alt=\"\"/>"); /* valid on img: kept */

  /* A row or cell with no table around it, an item with no list: its content only. */
  CHECK_STR(san("<tr class=\"past\"><td>Lecture</td><td><a href=\"/s\">slides</a></td></tr>", true),
            "Lecture<a href=\"/s\">slides</a>");
  CHECK_STR(san("<li>item</li><table><tr><td>kept</td></tr></table>", true),
            "item<table><tr><td>kept</td></tr></table>");

  /* Harmless markup passes, re-serialised as polyglot markup. */
  CHECK_STR(san("<span class=\"x\" title='a &amp; b'>hi</span>", false),
            "<span class=\"x\" title=\"a &amp; b\">hi</span>");
  CHECK_STR(san("line<br>next", false), "line<br/>next");
  CHECK_STR(san("<p>one<p>two", false), "<p>one</p><p>two</p>");
  CHECK_STR(san("<div><em>unclosed</div>", true), "<div><em>unclosed</em></div>");
  CHECK_STR(san("<details open><summary>S</summary>body</details>", false),
            "<details open=\"open\"><summary>S</summary>body</details>");
  CHECK_STR(san("<img src=\"/a.png\" alt=\"A\">", true), "<img src=\"/a.png\" alt=\"A\"/>");
  CHECK_STR(san("မြန်မာ <b>စာ</b>", false), "မြန်မာ <b>စာ</b>");
  CHECK_STR(san("<div markdown=\"1\" class=\"notice--info\">x</div>", false),
            "<div class=\"notice--info\">x</div>");
  CHECK_STR(san("<center>c</center><font color=red>f</font>", false),
            "<div style=\"text-align: center\">c</div><span style=\"color: red\">f</span>");
  CHECK_INT(diag.warnings, 0);

  /* Only HTML5's elements and attributes are kept (found on real course pages: checkers
   * reject the rest); content is never lost. */
  diag.warnings = 0;
  CHECK_STR(san("<p><large>Grade</large></p>", false), "<p>Grade</p>");
  CHECK_STR(san("<div name=\"x\" data-k=\"v\" class=\"c\">t</div>", false),
            "<div data-k=\"v\" class=\"c\">t</div>");
  /* an empty or made-up `_` target is not a browsing-context name (Nu rejects it) */
  CHECK_STR(san("<a href=\"/p\" target=\"\">a</a><a href=\"/q\" target=\"_new\">b</a>"
                "<a href=\"/r\" target=\"_BLANK\">c</a><a href=\"/s\" target=\"w\">d</a>",
                false),
            "<a href=\"/p\">a</a><a href=\"/q\">b</a><a href=\"/r\" target=\"_BLANK\">c</a>"
            "<a href=\"/s\" target=\"w\">d</a>");
  CHECK_STR(san("<table><tr><td target=\"_blank\" colspan=\"two\" rowspan=\"2\">t</td></tr>"
                "</table>",
                false),
            "<table><tr><td rowspan=\"2\">t</td></tr></table>");
  CHECK_STR(san("<a name=\"top\">T</a><a name=\"x\" id=\"y\">U</a>", false),
            "<a id=\"top\">T</a><a id=\"y\">U</a>");
  /* a declaration browsers ignore (a bare number for a length) is left out; a table right
   * in a table keeps its rows, not its tag */
  CHECK_STR(san("<span style=\"font-size:2; color:blue;line-height:2\">s</span>", false),
            "<span style=\"color: blue; line-height: 2\">s</span>");
  /* so is a hex colour of a length CSS has none of (a held-out page's `#bccd6da`) */
  CHECK_STR(san("<p style=\"background-color: #bccd6da; color:#fff; border:1px solid #A0B1C2D3\">"
                "c</p>",
                false),
            "<p style=\"color: #fff; border: 1px solid #A0B1C2D3\">c</p>");
  CHECK_STR(san("<table><tr><td>a</td></tr><table><tr><td>b</td></tr></table></table>", false),
            "<table><tr><td>a</td></tr><tr><td>b</td></tr></table>");
  CHECK(diag.warnings >= 4); /* large, name on div, target, colspan's value */
  diag.warnings = 0;

  /* Dangerous markup is removed, each kind warned about once. */
  CHECK_STR(san("<p>a<script>alert(1)</script>b</p>", false), "<p>ab</p>");
  CHECK_INT(diag.warnings, 1);
  diag.warnings = 0;
  CHECK_STR(san("<a href=\"javascript:alert(1)\" onclick=\"x()\" onmouseover=\"y()\">t</a>", false),
            "<span>t</span>"); /* (a link left with no attribute: its text, in a span) */
  CHECK_INT(diag.warnings, 3); /* href, onclick, onmouseover */
  diag.warnings = 0;
  CHECK_STR(san("<script>1</script><script>2</script>x", false), "x");
  CHECK_INT(diag.warnings, 1); /* once per kind and fragment */
  diag.warnings = 0;
  CHECK_STR(san("<iframe src=\"https://e.com\"></iframe><object data=\"x\"></object>"
                "<form action=\"/x\"><label for=\"q\">Q</label><input id=q></form><embed src=x>ok",
                false),
            "<label>Q</label>ok"); /* a form is unwrapped: its labels' text stays (their `for`
                                    * goes with the controls it would name) */
  CHECK_INT(diag.warnings, 6);     /* (the label's for too) */
  diag.warnings = 0;
  CHECK_STR(san("<style>body{display:none}</style><p style=\"color:red\">r</p>"
                "<p style=\"background:url(http://evil/)\">u</p>",
                false),
            "<p style=\"color: red\">r</p><p>u</p>");
  CHECK_INT(diag.warnings, 2);
  diag.warnings = 0;
  CHECK_STR(san("<img src=\"data:text/html;base64,PHNjcmlwdD4=\" alt=x>", false),
            "<img alt=\"x\"/>");
  CHECK_STR(san("<!-- secret --><svg onload=alert(1)><script>x</script></svg>t", false), "t");
  CHECK_STR(san("<a href=\"  jAvAsCrIpT:alert(1)\">x</a>", false), "<span>x</span>");
  diag.warnings = 0;

  /* Random tag soup (deterministic): the output is always well-formed XML and never holds a
   * script, an event handler or a javascript: URL. */
  static const char *const tokens[] = {"<div>",
                                       "</div>",
                                       "<p>",
                                       "</p>",
                                       "<span class=\"a\">",
                                       "</span>",
                                       "<script>",
                                       "</script>",
                                       "<a href=\"javascript:x()\">",
                                       "<a href='/ok'>",
                                       "</a>",
                                       "<img src=x onerror=alert(1)>",
                                       "<br>",
                                       "<table><tr><td>",
                                       "</td></tr></table>",
                                       "<!--",
                                       "-->",
                                       "&amp;",
                                       "&bogus;",
                                       "<",
                                       ">",
                                       "\"",
                                       "'",
                                       "text ",
                                       "မြန်မာ ",
                                       "<svg><script>1</script></svg>",
                                       "<iframe>",
                                       "<style>p{}</style>",
                                       "<b onclick='x'>",
                                       "</b>",
                                       "<![CDATA[x]]>",
                                       "<?php ?>",
                                       "<ul><li>",
                                       "</li>",
                                       "<embed src=x>",
                                       "<input>",
                                       "<template>",
                                       "</template>",
                                       "\xe1\x80",
                                       "\x01"};
  unsigned long seed = 12345;
  int bad = 0;
  cb_buf frag = CB_BUF_INIT, wrapped = CB_BUF_INIT;
  for (int round = 0; round < 1500; round++) {
    cb_buf_clear(&frag);
    int n = 1 + (int)(seed % 12);
    for (int i = 0; i < n; i++) {
      seed = seed * 6364136223846793005ul + 1442695040888963407ul;
      cb_buf_puts(&frag, tokens[(seed >> 33) % (sizeof tokens / sizeof *tokens)]);
    }
    const char *o = san(frag.data, round % 2);
    cb_buf_clear(&wrapped);
    cb_buf_puts(&wrapped, "<div>");
    cb_buf_puts(&wrapped, o);
    cb_buf_puts(&wrapped, "</div>");
    xmlDocPtr doc = xmlReadMemory(wrapped.data, (int)wrapped.len, "f.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc || strstr(o, "<script") || strstr(o, "onerror") || strstr(o, "onclick") ||
        strstr(o, "javascript:") || strstr(o, "<iframe") || strstr(o, "<style")) {
      if (bad++ < 3) fprintf(stderr, "bad sanitiser output for %s:\n  %s\n", frag.data, o);
    }
    if (doc) xmlFreeDoc(doc);
  }
  CHECK_INT(bad, 0);
  cb_buf_free(&frag);
  cb_buf_free(&wrapped);

  /* Image sources rewritten by the caller; refused ones become their alt text. */
  const char *imgs = "<p><img src=\"/a.png\" alt=\"A\"><img src=\"/b.png\" alt=\"gone\">"
                     "<img src=\"javascript:x\" alt=\"gone\"></p>";
  cb_html_san_hooks src_only = {.rewrite_src = rewrite};
  CHECK_STR(san_with(imgs, false, &src_only),
            "<p><img src=\"data:image/png;base64,AAAA\" alt=\"A\"/><span "
            "class=\"image-placeholder\">gone</span><span "
            "class=\"image-placeholder\">gone</span></p>");
  CHECK_INT(rewrites, 2); /* the javascript: source never reaches the callback */

  /* The document's hooks: an id it has already is dropped (a checker rejects duplicates);
   * a raw heading is written at the level the document allows; a table with no row is
   * layout and keeps only its content. */
  const char *ids = "<div id=\"dup\"><h4 id=\"fresh\">H</h4><table><img src=\"/x.png\" "
                    "alt=\"X\"></table></div>";
  cb_html_san_hooks hooks = {NULL, NULL, claim, level2, NULL, false};
  CHECK_STR(san_with(ids, false, &hooks),
            "<div><h2 id=\"fresh\">H</h2><img src=\"/x.png\" alt=\"X\"/></div>");

  /* Text right in a table or a row is shown before the table, as browsers do (a tag kramdown
   * left as text there); a table with no row keeps its text where it is. */
  CHECK_STR(san("<table><tr>&lt;th x=5%&gt;T<td>c</td></tr></table>", false),
            "&lt;th x=5%&gt;T<table><tr><td>c</td></tr></table>");
  CHECK_STR(san("<table>layout</table>", false), "layout");
  /* A link the book cannot resolve keeps its content: in a span, or a div around blocks. */
  const char *cards = "<div><a href=\"x.html\"><div>card</div></a><a href=\"y.html\">y</a></div>";
  cb_html_san_hooks unlink = {NULL, no_links, NULL, NULL, NULL, false};
  CHECK_STR(san_with(cards, true, &unlink), "<div><div><div>card</div></div><span>y</span></div>");
  /* In running text (kramdown lets it through there) a flow-only
   * element would end the paragraph in a browser: a span shown as a block. */
  cb_html_san_hooks text = {NULL, NULL, NULL, NULL, NULL, true};
  CHECK_STR(
      san_with("<strong><center>C</center><figure>F</figure><em>e</em></strong>", false, &text),
      "<strong><span style=\"display: block; text-align: center\">C</span><span "
      "style=\"display: block\">F</span><em>e</em></strong>");
  /* (at any depth: a div in such a span is one too; a link's content is its parent's) */
  CHECK_STR(san_with("<center><div>D</div></center><a href=\"/x\"><p>P</p></a>", false, &text),
            "<span style=\"display: block; text-align: center\"><span style=\"display: "
            "block\">D</span></span><a href=\"/x\"><span style=\"display: block\">P</span></a>");
  /* A heading there is a bold block span; a span around headings where blocks may stand
   * is a div (a span holds phrasing only). */
  CHECK_STR(san_with("<em><h5 class=\"t\">H</h5></em>", false, &text),
            "<em><span class=\"t\" style=\"display: block; font-weight: bold\">H</span></em>");
  CHECK_STR(san("<div><span class=\"i\"><h6>D</h6><h5>N</h5></span><span>s</span></div>", false),
            "<div><div class=\"i\"><h6>D</h6><h5>N</h5></div><span>s</span></div>");
  /* ARIA attributes an element with no role may not have go (a menu's markup); a role or a
   * link's address keeps them. */
  CHECK_STR(san("<div class=\"m\" aria-labelledby=\"d\" aria-hidden=\"true\">x</div>"
                "<a aria-expanded=\"true\" href=\"javascript:void(0)\">P</a>"
                "<a href=\"/p\" aria-expanded=\"false\">Q</a>"
                "<div role=\"menu\" aria-labelledby=\"d\">y</div>",
                false),
            "<div class=\"m\" aria-hidden=\"true\">x</div><span>P</span>"
            "<a href=\"/p\" aria-expanded=\"false\">Q</a>"
            "<div role=\"menu\" aria-labelledby=\"d\">y</div>");
  /* A details whose first child is not its summary is a div (HTML requires the summary). */
  CHECK_STR(san("<details>&lt;summary&gt;S<p>b</p></details>", false),
            "<div>&lt;summary&gt;S<p>b</p></div>");
  CHECK_STR(san("<details> <summary>S</summary>b</details>", false),
            "<details> <summary>S</summary>b</details>");
  /* An EPUB holds no media it did not package: the fallback stays, the element goes. */
  CHECK_STR(san("<video controls=\"\"><source src=\"a.mp4\"/>No video.</video>", true),
            "No video.");
  /* Text content is escaped; '<' that starts no tag stays text. */
  CHECK_STR(san("a < b &amp; c > d", false), "a &lt; b &amp; c &gt; d");
  /* Closing tag alone, empty input: nothing (never crashes). */
  CHECK_STR(san("</span>", false), "");
  CHECK_STR(san("", false), "");
  TEST_DONE();
}
