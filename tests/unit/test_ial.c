/* kramdown IAL parsing (read_ial.c) and HTML tag grammar (read_kd_tags.c), checked against
 * kramdown 2.4. */
#include "check.h"
#include "coursebook/coursebook.h"
#include "read_internal.h"

static cb_arena *A;

static int parse(const char *s, cb_attrs *at, cb_strlist **refs) {
  memset(at, 0, sizeof *at);
  if (refs) *refs = NULL;
  return cb_ial_parse(A, s, strlen(s), at, refs);
}

static int nclasses(const cb_attrs *at) {
  int n = 0;
  for (const cb_strlist *l = at->classes; l; l = l->next)
    n++;
  return n;
}

static size_t tag(const char *s) {
  return cb_kd_start_tag(s, strlen(s));
}

static const char *raw(const char *s) {
  size_t n;
  const char *r = cb_kd_raw_html(A, s, strlen(s), &n);
  return cb_strndup(A, r, n);
}

int main(void) {
  A = cb_arena_new();

  /* kramdown's tag grammar: an unquoted value must be a word; attributes need white space
   * between them; a tag may span lines, so one cut short is undecided */
  CHECK_INT((int)tag("<th width=\"5%\">x"), 15);
  CHECK_INT((int)tag("<th width=5%>x"), 0);
  CHECK_INT((int)tag("<img src=a/b.png>"), 0);
  CHECK_INT((int)tag("<img src=a alt='x' />"), 21);
  CHECK_INT((int)tag("<a x=\"1\"y=\"2\">"), 0);
  CHECK(tag("<a href=\"x") == CB_KD_TAG_UNDECIDED);
  CHECK(tag("<div class=\"a\"") == CB_KD_TAG_UNDECIDED);
  CHECK(cb_kd_not_a_tag("<th width=5%>", 13));
  CHECK(!cb_kd_not_a_tag("<https://x.org/a>", 17));
  CHECK(!cb_kd_not_a_tag("<me@x.org>", 10));
  /* raw HTML: such a tag and an end tag that closes nothing open are text */
  CHECK_STR(raw("<tr><th width=5%>T</th></tr>"), "<tr>&lt;th width=5%>T&lt;/th></tr>");
  CHECK_STR(raw("<table><tr><td>x</td></tr></tbody></table>"),
            "<table><tr><td>x</td></tr>&lt;/tbody></table>");
  CHECK_STR(raw("<div><pre>a </b> <i</pre><br></div>"), "<div><pre>a </b> <i</pre><br></div>");

  cb_attrs at;
  cb_strlist *refs;

  /* classes, in order, duplicates once */
  CHECK_INT(parse(" .notice--info", &at, NULL), 1);
  CHECK_INT(nclasses(&at), 1);
  CHECK_STR(at.classes->s, "notice--info");
  CHECK_INT(parse(".btn .btn--info .btn", &at, NULL), 3);
  CHECK_INT(nclasses(&at), 2);
  CHECK_STR(at.classes->next->s, "btn--info");
  /* id and class run without spaces; the last id wins */
  CHECK_INT(parse("#first .a.b#second", &at, NULL), 2);
  CHECK_STR(at.id, "second");
  CHECK_INT(nclasses(&at), 2);
  /* an id must start with a letter: `#1x` is not a token */
  CHECK_INT(parse("#1x", &at, NULL), 0);
  CHECK(at.id == NULL);

  /* key-values with both quotes */
  CHECK_INT(parse("target='_blank' title=\"A title\"", &at, NULL), 2);
  CHECK_STR(cb_attrs_get(&at, "target"), "_blank");
  CHECK_STR(cb_attrs_get(&at, "title"), "A title");
  /* only \} and backslash-quote are unescaped: '\_blank' keeps its backslash */
  CHECK_INT(parse("target='\\_blank'", &at, NULL), 1);
  CHECK_STR(cb_attrs_get(&at, "target"), "\\_blank");
  CHECK_INT(parse("data-x=\"a\\}b\\\"c\\'d\"", &at, NULL), 1);
  CHECK_STR(cb_attrs_get(&at, "data-x"), "a}b\"c\\'d");
  CHECK_INT(parse("k='it\\'s'", &at, NULL), 1);
  CHECK_STR(cb_attrs_get(&at, "k"), "it's");
  /* id= and class= as key-values */
  CHECK_INT(parse(".old class=\"x y\" id=\"kv\"", &at, NULL), 3);
  CHECK_STR(at.id, "kv");
  CHECK_INT(nclasses(&at), 2);
  CHECK_STR(at.classes->s, "x");

  /* references (ALD names, `toc`) */
  CHECK_INT(parse("toc", &at, &refs), 1);
  CHECK(refs && strcmp(refs->s, "toc") == 0 && !refs->next);
  CHECK_INT(parse("myald .c", &at, &refs), 2);
  CHECK(refs && strcmp(refs->s, "myald") == 0);

  /* malformed: unterminated value, stray characters, empty */
  CHECK_INT(parse("target='_blank", &at, NULL), 0);
  CHECK(cb_attrs_get(&at, "target") == NULL);
  CHECK_INT(parse("", &at, NULL), 0);
  CHECK_INT(parse("   ", &at, NULL), 0);
  CHECK_INT(parse("!!! ???", &at, NULL), 0);
  /* a bad token does not spoil the good ones */
  CHECK_INT(parse("!!! .ok k=\"v\"", &at, NULL), 2);
  CHECK_STR(at.classes->s, "ok");
  /* tokens must be whitespace separated: `.a"x"` is no class */
  CHECK_INT(parse("k=\"v\"x", &at, NULL), 0);

  /* span IAL extent */
  CHECK_INT(cb_ial_span_len("{:target='_blank'} rest", 23), 18);
  CHECK_INT(cb_ial_span_len("{: a=\"\\}\"} x", 12), 10);
  CHECK_INT(cb_ial_span_len("{::comment}", 11), 0);
  CHECK_INT(cb_ial_span_len("{:/}", 4), 0);
  CHECK_INT(cb_ial_span_len("{:}", 3), 0);
  CHECK_INT(cb_ial_span_len("{: .a\n}", 7), 0);
  CHECK_INT(cb_ial_span_len("{: .a", 5), 0);

  /* merging: classes appended, id and keys replaced */
  cb_attrs a1, a2;
  parse(".a #one k=\"1\"", &a1, NULL);
  parse(".b #two k=\"2\"", &a2, NULL);
  cb_attrs_merge(A, &a1, &a2);
  CHECK_STR(a1.id, "two");
  CHECK_INT(nclasses(&a1), 2);
  CHECK_STR(cb_attrs_get(&a1, "k"), "2");

  cb_arena_free(A);
  TEST_DONE();
}
