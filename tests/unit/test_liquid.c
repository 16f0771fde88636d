/* The Liquid stage (read_liquid.c): tags evaluated, block tags become placeholder lines,
 * the line map follows the source. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "coursebook/coursebook.h"
#include "read_frontmatter.h"
#include "read_internal.h"

typedef struct run {
  cb_arena *a;
  cb_mdctx c;
  cb_diag d;
  cb_buf out;
  char *err;
  size_t err_len;
  FILE *ef;
} run;

static void expand(run *r, const char *body, const cb_meta *page) {
  r->a = cb_arena_new();
  r->err = NULL;
  r->ef = open_memstream(&r->err, &r->err_len);
  cb_diag_init(&r->d);
  r->d.stream = r->ef;
  if (!page) page = cb_meta_new(r->a, CB_META_MAP, (cb_pos){0});
  cb_mdctx_init(&r->c, r->a, "p.md", page, &r->d, body, strlen(body));
  r->out = (cb_buf)CB_BUF_INIT;
  cb_liquid_expand(&r->c, body, strlen(body), 10, &r->out);
  fflush(r->ef);
}

/* A page whose front matter is the string pairs kv (NULL-terminated), in pa. */
static cb_meta *str_page(cb_arena *pa, const char *const *kv) {
  cb_meta *pg = cb_meta_new(pa, CB_META_MAP, (cb_pos){0});
  for (; kv[0]; kv += 2)
    cb_meta_set_str(pa, pg, kv[0], kv[1]);
  return pg;
}

static const char *out(run *r) {
  return r->out.data ? r->out.data : "";
}
static const char *errs(run *r) {
  fflush(r->ef);
  return r->err ? r->err : "";
}

static void done(run *r) {
  fclose(r->ef);
  free(r->err);
  cb_buf_free(&r->out);
  cb_mdctx_free(&r->c);
  cb_arena_free(r->a);
}

static int n_lines(const char *s) {
  int n = 1;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

int main(void) {
  run r;

  /* number filters: Liquid's results; no crash on 0, overflow or text (found on a real site:
   * `| minus: 0` took the division path) */
  expand(&r,
         "{{ 7 | plus: 3 }} {{ 10 | minus: 12 }} {{ 5 | minus: 0 }} {{ 3 | times: 2.5 }} "
         "{{ 7 | divided_by: 2 }} {{ -7 | divided_by: 2 }} {{ 7.0 | divided_by: 2 }} "
         "{{ -7 | modulo: 3 }} {{ 4.6 | round }} {{ 3.14159 | round: 2 }} {{ \"x\" | plus: 1 }} "
         "{{ -9223372036854775808 | divided_by: -1 }} {{ 9223372036854775807 | plus: 1 }} "
         "{{ 1 | divided_by: 0 }} {{ 1 | modulo: 0 }}",
         NULL);
  CHECK_STR(out(&r), "10 -2 5 7.5 3 -4 3.5 2 5 3.14 1 9.22337e+18 9.22337e+18 1 1");
  CHECK(strstr(errs(&r), "p.md:10: warning: Liquid filter 'divided_by': division by zero") != NULL);
  done(&r);

  /* `blank` and `empty` as Jekyll's Liquid compares them (no Rails: nothing is blank?; nil
   * is not empty), checked against ruby-liquid */
  expand(&r,
         "{% assign e = \"\" %}{% assign t = \"x\" %}"
         "{% if u != blank %}1{% endif %}{% if e == blank %}2{% endif %}"
         "{% if t != blank %}3{% endif %}{% if e == empty %}4{% endif %}"
         "{% if u == empty %}5{% endif %}{% if u != empty %}6{% endif %}"
         "{% if t == empty %}7{% endif %}",
         NULL);
  CHECK_STR(out(&r), "1346");
  done(&r);

  /* array filters on nil (a collection the page cannot see): nil or an empty list, as in
   * Liquid, and no "not supported" warning (found on a real site: site.sequences | where) */
  expand(&r,
         "[{{ u | where: \"a\", \"1\" | first }}|{{ u | sort | join: \",\" }}|"
         "{{ u | map: \"x\" | size }}|{% assign s = u | where: \"a\", \"1\" %}{{ s[0].url }}]",
         NULL);
  CHECK_STR(out(&r), "[||0|]");
  CHECK(strstr(errs(&r), "not supported") == NULL);
  done(&r);

  /* markdownify of nil in a raw HTML line is the empty text (found on a real site: the empty
   * `comments:` of a _data row crashed the converter); array filters see a text as a list of
   * it, and first of a text is nil, as ruby-liquid gives */
  expand(&r,
         "<td>{{ u | markdownify | strip }}</td>[{{ \"ab\" | first }}|{{ \"ab\" | join: \",\" }}|"
         "{{ \"ab\" | where: \"z\" | size }}|{{ u | join: \",\" }}|{{ \"ab\" | reverse }}|"
         "{{ \"ab\" | sort | first }}]",
         NULL);
  CHECK_STR(out(&r), "<td></td>[|ab|0||ab|ab]");
  CHECK(strstr(errs(&r), "not supported") == NULL);
  done(&r);

  /* white space between a path's parts, as Liquid's lexer skips it (found on a real site:
   * `{{ page. summary }}`); inside a quoted key it stays */
  {
    cb_arena *pa = cb_arena_new();
    expand(&r, "{{ page. summary }}{{ page .summary }}{{ page[\"my key\"] }}",
           str_page(pa, (const char *[]){"summary", "S", "my key", "K", NULL}));
    CHECK_STR(out(&r), "SSK");
    done(&r);
    cb_arena_free(pa);
  }

  /* the date filter reads ISO 8601's basic form, as Ruby's Time.parse does (found on a real
   * site's _data schedule); checked against ruby-liquid */
  expand(&r,
         "{{ \"20210301T083000\" | date: \"%F %H:%M %a\" }}|{{ \"20210312T0830Z\" | date: \"%F "
         "%Z\" }}",
         NULL);
  CHECK_STR(out(&r), "2021-03-01 08:30 Mon|2021-03-12 UTC");
  done(&r);

  /* liquify (a site plugin's filter): the value's output tags rendered in this context */
  {
    cb_arena *pa = cb_arena_new();
    expand(&r, "{{ page.item | liquify }}",
           str_page(pa, (const char *[]){"url", "https://example.org/p1.pdf", "item",
                                         "[P1]({{ page.url }}) {{ page.item | liquify }}", NULL}));
    /* the self-reference stops at the nesting bound */
    CHECK(strncmp(out(&r), "[P1](https://example.org/p1.pdf) [P1](https://example.org/p1.pdf)",
                  60) == 0);
    done(&r);
    cb_arena_free(pa);
  }

  /* video with ?start=: id without the query, start in seconds; own line */
  expand(&r,
         "Text before\n{% include video id=\"w05oosmFsxM?start=110\" provider=\"youtube\" %}\n- "
         "item\n",
         NULL);
  CHECK_STR(out(&r), "Text before\n<!--cb:0-->\n- item\n");
  CHECK_INT(r.c.n_ph, 1);
  CHECK_INT(r.c.ph[0].kind, CB_PH_VIDEO);
  CHECK_STR(r.c.ph[0].id, "w05oosmFsxM");
  CHECK_INT(r.c.ph[0].start, 110);
  CHECK_INT(r.c.ph[0].provider, CB_VIDEO_YOUTUBE);
  CHECK_INT(r.c.ph[0].line, 11);
  CHECK_STR(errs(&r), "");
  done(&r);

  /* all four providers; single quotes and unquoted values */
  expand(&r,
         "{% include video id='a1' provider='youtube' %}\n"
         "{% include video id=\"123\" provider=\"vimeo\" %}\n"
         "{% include video id=\"1AbC\" provider=\"google-drive\" %}\n"
         "{% include video id=\"BV1xx411c7mD\" provider=\"bilibili\" %}\n",
         NULL);
  CHECK_INT(r.c.n_ph, 4);
  static const cb_video_provider pv[] = {CB_VIDEO_YOUTUBE, CB_VIDEO_VIMEO, CB_VIDEO_GOOGLE_DRIVE,
                                         CB_VIDEO_BILIBILI};
  static const char *const ids[] = {"a1", "123", "1AbC", "BV1xx411c7mD"};
  for (int k = 0; k < 4 && (size_t)k < r.c.n_ph; k++) {
    CHECK_INT(r.c.ph[k].kind, CB_PH_VIDEO);
    CHECK_INT(r.c.ph[k].provider, pv[k]);
    CHECK_STR(r.c.ph[k].id, ids[k]);
    CHECK_INT(r.c.ph[k].line, 10 + k);
  }
  CHECK_STR(out(&r), "<!--cb:0-->\n<!--cb:1-->\n<!--cb:2-->\n<!--cb:3-->\n");
  done(&r);

  /* unknown provider: warning with file:line, nothing rendered */
  expand(&r, "a\n\n{% include video id=\"x\" provider=\"dailymotion\" %}\n", NULL);
  CHECK(strstr(errs(&r), "p.md:12: warning:") != NULL);
  CHECK(strstr(errs(&r), "dailymotion") != NULL);
  CHECK_INT(r.c.n_ph, 1);
  CHECK_INT(r.c.ph[0].kind, CB_PH_NONE);
  done(&r);

  /* toc with title and icon */
  expand(&r, "{% include toc title=\"Contents\" icon=\"file-text\" %}\n", NULL);
  CHECK_INT(r.c.ph[0].kind, CB_PH_TOC);
  CHECK_STR(r.c.ph[0].title, "Contents");
  CHECK_STR(r.c.ph[0].icon, "file-text");
  done(&r);

  /* raw: literal and not evaluated again; comment dropped */
  expand(&r,
         "A {% raw %}{{ x }} {% include toc %}{% endraw %} B {% comment %}gone\n{% "
         "include toc %}{% endcomment %}C\n",
         NULL);
  CHECK_STR(out(&r), "A {{ x }} {% include toc %} B C\n");
  CHECK_INT(r.c.n_ph, 0);
  CHECK_STR(errs(&r), "");
  /* the comment spanned a line: the output line maps back to the line after it */
  CHECK_INT(n_lines(out(&r)), 2);
  CHECK_INT(cb_mdctx_src_line(&r.c, 1), 10);
  CHECK_INT(cb_mdctx_src_line(&r.c, 2), 12);
  done(&r);

  /* unknown tag: warning on its own line number, dropped */
  expand(&r, "one\ntwo {% unknowntag a b %} three\n", NULL);
  CHECK_STR(out(&r), "one\ntwo  three\n");
  CHECK(strstr(errs(&r), "p.md:11: warning: Liquid tag 'unknowntag' is not supported") != NULL);
  done(&r);

  /* a tag spanning lines: one placeholder line, later lines map to their source */
  expand(&r, "x\n{% include video\n   id=\"abc\"\n   provider=\"vimeo\" %}\nafter\n", NULL);
  CHECK_STR(out(&r), "x\n<!--cb:0-->\nafter\n");
  CHECK_INT(r.c.ph[0].line, 11);
  CHECK_STR(r.c.ph[0].id, "abc");
  CHECK_INT(cb_mdctx_src_line(&r.c, 2), 11);
  CHECK_INT(cb_mdctx_src_line(&r.c, 3), 14);
  done(&r);

  /* a block tag inside a line splits it (as the theme's blank-line-framed output does) */
  expand(&r, "before {% include toc %} after\n", NULL);
  CHECK_STR(out(&r), "before \n<!--cb:0-->\n after\n");
  CHECK_INT(cb_mdctx_src_line(&r.c, 3), 10);
  done(&r);

  /* unclosed raw / comment / output: warnings, never a hang, no tag printed */
  expand(&r, "a {% raw %} b {{ page.t }}\nc {% comment %} d\ne {{ f", NULL);
  CHECK(strstr(errs(&r), "p.md:10: warning: {% raw %} is never closed") != NULL);
  CHECK(strstr(errs(&r), "p.md:11: warning: {% comment %} is never closed") != NULL);
  CHECK(strstr(errs(&r), "p.md:12: warning: Liquid '{{' is never closed") != NULL);
  CHECK(!strstr(out(&r), "{%"));
  CHECK(!strstr(out(&r), "{{"));
  done(&r);
  expand(&r, "{%", NULL);
  CHECK_STR(out(&r), "");
  done(&r);
  expand(&r, "{% raw %}", NULL);
  CHECK_STR(out(&r), "");
  done(&r);

  /* page variables, filters, assign and capture; site.* warns once */
  {
    cb_arena *pa = cb_arena_new();
    cb_meta *page = cb_meta_new(pa, CB_META_MAP, (cb_pos){0});
    cb_meta_set_str(pa, page, "title", "Paper Reading");
    cb_meta_set_str(pa, page, "img", "assets/x.png");
    expand(&r,
           "{{ page.title }}|{{page.none | default: \"d\"}}|{{ page.img | relative_url }}|"
           "{{ site.title }}{{ site.url }}|{% assign w = 'Alex' %}{% capture g %}Hi {{ w "
           "}}{% endcapture %}{{ g }}|{{ \"  s \" | strip | upcase }}|{% link about.md %}|"
           "{% post_url 2020-01-02-hello %}\n",
           page);
    CHECK_STR(out(&r), "Paper Reading|d|/assets/x.png||Hi Alex|S|/about.html|"
                       "/2020/01/02/hello.html\n");
    const char *e = errs(&r);
    const char *first = strstr(e, "no _config.yml found");
    CHECK(first != NULL);
    CHECK(first && !strstr(first + 1, "no _config.yml found"));
    done(&r);
    cb_arena_free(pa);
  }

  /* conditionals on page variables; branches not taken produce nothing */
  {
    cb_arena *pa = cb_arena_new();
    cb_meta *page = cb_meta_new(pa, CB_META_MAP, (cb_pos){0});
    cb_meta_set_str(pa, page, "lang", "my");
    cb_meta_set_str(pa, page, "n", "3");
    cb_meta *tags = cb_meta_new(pa, CB_META_LIST, (cb_pos){0});
    tags->key = "tags";
    cb_meta *t1 = cb_meta_new(pa, CB_META_STRING, (cb_pos){0});
    t1->str = "Python";
    cb_meta_append(tags, t1);
    cb_meta_append(page, tags);
    expand(&r,
           "{% if page.lang == \"my\" %}MY{% else %}EN{% endif %}|"
           "{% unless page.missing %}U{% endunless %}|"
           "{% if page.n > 2 and page.lang != \"en\" %}A{% elsif page.n %}B{% endif %}|"
           "{% if page.tags contains \"Python\" %}P{% endif %}|"
           "{% case page.lang %}{% when \"en\" %}e{% when \"my\", \"mm\" %}m{% else %}x"
           "{% endcase %}|"
           "{% if page.missing %}{% include toc %}{% raw %}{% endif %}{% endraw %}{% endif %}|"
           "{% if page.missing or page.lang %}O{% endif %}\n",
           page);
    CHECK_STR(out(&r), "MY|U|A|P|m||O\n");
    CHECK_INT(r.c.n_ph, 0);
    CHECK_STR(errs(&r), "");
    done(&r);
    /* a skipped branch across lines: later lines still map to their source lines */
    expand(&r, "A\n{% if page.missing %}\nB\n{% endif %}\nC\n", page);
    CHECK_STR(out(&r), "A\n\nC\n");
    CHECK_INT(cb_mdctx_src_line(&r.c, 3), 14);
    done(&r);
    /* never closed, or closed without opening: warnings */
    expand(&r, "x\n{% if page.lang %}y\n{% endcase %}\n", page);
    CHECK(strstr(errs(&r), "p.md:11: warning: {% if %} is never closed") != NULL);
    CHECK(strstr(errs(&r), "p.md:12: warning: {% endcase %} without an opening tag") != NULL);
    done(&r);
    cb_arena_free(pa);
  }

  /* whitespace control */
  expand(&r, "a  \n{%- comment -%}x{%- endcomment -%}\n  b\n", NULL);
  CHECK_STR(out(&r), "ab\n");
  CHECK_INT(cb_mdctx_src_line(&r.c, 1), 10);
  done(&r);

  /* highlight becomes a fence longer than any ~ run in the body */
  expand(&r, "{% highlight ruby linenos %}\nx = 1 ~~~~\n{% endhighlight %}\n", NULL);
  CHECK_STR(out(&r), "~~~~~ruby\nx = 1 ~~~~\n~~~~~\n");
  done(&r);

  /* the placeholder tag avoids text the author wrote */
  expand(&r, "<!--cb:0--> {% include toc %}\n", NULL);
  CHECK_STR(r.c.tag, "cb1");
  CHECK(strstr(out(&r), "<!--cb1:0-->") != NULL);
  done(&r);

  /* site.* from the site's configuration; baseurl and url in the URL filters; dates */
  {
    cb_arena *pa = cb_arena_new();
    const char *cfg = "title: ML Course\nurl: https://ex.org/\nbaseurl: /course\n"
                      "author:\n  name: Alex\nlinks:\n  - {name: One, url: /one/}\n"
                      "  - {name: Two, url: two/}\n";
    cb_meta *site = NULL;
    cb_diag d0;
    cb_diag_init(&d0);
    CHECK_INT(cb_yaml_map_parse(pa, "_config.yml", cfg, strlen(cfg), &site, &d0), 0);
    cb_meta *page = cb_meta_new(pa, CB_META_MAP, (cb_pos){0});
    cb_meta_set_str(pa, page, "date", "2024-06-28");
    cb_yaml_resolve_plain(page->last, "2024-06-28", 10);
    const char *body =
        "{{ site.title }}|{{ site.author.name }}|{{ '/a/' | relative_url }}|"
        "{{ 'b.png' | absolute_url }}|{{ 'https://x.org/' | relative_url }}|"
        "{{ page.date | date: '%B %-d, %Y (%a)' }}|{{ page.date | date_to_xmlschema }}|"
        "{{ site.links.size }}|{{ site.links.first.name }}|{{ site.nothing }}\n";
    r.a = cb_arena_new();
    r.err = NULL;
    r.ef = open_memstream(&r.err, &r.err_len);
    cb_diag_init(&r.d);
    r.d.stream = r.ef;
    cb_mdctx_init(&r.c, r.a, "p.md", page, &r.d, body, strlen(body));
    r.c.site = site;
    r.out = (cb_buf)CB_BUF_INIT;
    cb_liquid_expand(&r.c, body, strlen(body), 10, &r.out);
    CHECK_STR(out(&r), "ML Course|Alex|/course/a/|https://ex.org/course/b.png|https://x.org/|"
                       "June 28, 2024 (Fri)|2024-06-28T00:00:00+00:00|2|One|\n");
    CHECK_STR(errs(&r), "");
    done(&r);

    /* for loops over site arrays, front matter arrays, ranges; limit/offset/reversed; else;
     * forloop.*; nested */
    body = "{% for l in site.links %}[{{ l.name }}]({{ l.url | relative_url }}){% unless "
           "forloop.last %}, {% endunless %}{% endfor %}|"
           "{% for i in (1..5) limit: 2 offset: 1 %}{{ i }}{% endfor %}|"
           "{% for i in (1..3) reversed %}{{ forloop.index }}{{ i }}{% endfor %}|"
           "{% for x in page.none %}y{% else %}none{% endfor %}|"
           "{% for a in (1..2) %}{% for b in (1..2) %}{{ a }}{{ b }} {% endfor %}{% endfor %}\n";
    r.a = cb_arena_new();
    r.err = NULL;
    r.ef = open_memstream(&r.err, &r.err_len);
    cb_diag_init(&r.d);
    r.d.stream = r.ef;
    cb_mdctx_init(&r.c, r.a, "p.md", page, &r.d, body, strlen(body));
    r.c.site = site;
    r.out = (cb_buf)CB_BUF_INIT;
    cb_liquid_expand(&r.c, body, strlen(body), 10, &r.out);
    CHECK_STR(out(&r), "[One](/course/one/), [Two](/course/two/)|23|132231|none|11 12 21 22 \n");
    done(&r);
    cb_arena_free(pa);
  }

  /* a loop body spanning lines maps every output line to its source line */
  expand(&r, "{% for i in (1..2) %}\n- item {{ i }}\n{% endfor %}\nend\n", NULL);
  CHECK_STR(out(&r), "\n- item 1\n\n- item 2\n\nend\n");
  CHECK_INT(cb_mdctx_src_line(&r.c, 2), 11);
  CHECK_INT(cb_mdctx_src_line(&r.c, 4), 11);
  CHECK_INT(cb_mdctx_src_line(&r.c, 6), 13);
  done(&r);

  /* unbalanced: a for never closed, an endfor alone, an if never closed inside a loop */
  expand(&r,
         "a {% for i in (1..3) %}b\n{% endfor %} {% for j in (1..2) %}{% if true %}x"
         "{% endfor %}\n",
         NULL);
  CHECK(strstr(errs(&r), "p.md:11: warning: {% endfor %} without an opening") == NULL);
  CHECK(strstr(errs(&r), "{% if %} is never closed inside the loop") != NULL);
  done(&r);
  expand(&r, "a {% for i in (1..3) %}b\nc\n", NULL);
  CHECK(strstr(errs(&r), "p.md:10: warning: {% for %} is never closed") != NULL);
  CHECK_STR(out(&r), "a b\nc\n");
  done(&r);
  expand(&r, "{% endfor %}x\n", NULL);
  CHECK(strstr(errs(&r), "p.md:10: warning: {% endfor %} without an opening {% for %}") != NULL);
  CHECK_STR(out(&r), "x\n");
  done(&r);
  /* a runaway range stops at the iteration budget instead of exhausting memory */
  expand(&r, "{% for i in (1..100000000) %}{% for j in (1..100000000) %}{% endfor %}{% endfor %}\n",
         NULL);
  CHECK(strstr(errs(&r), "iterations in all; stopped") != NULL);
  done(&r);

  /* a site's own include, with include.* parameters; recursion stops */
  {
    char dir[] = "/tmp/cb-liquid-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/_includes", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/_includes/note.html", dir);
    FILE *f = fopen(path, "w");
    fputs("**{{ include.label | default: 'Note' }}:** {{ include.text }}\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/_includes/loop.html", dir);
    f = fopen(path, "w");
    fputs("x{% include loop.html %}", f);
    fclose(f);
    const char *body = "{% include note.html text=\"hi\"\n   label='Tip' %}\n{% include note.html "
                       "text=page.t %}\n{% include loop.html %}\n{% include absent.html %}\n"
                       "{% include ../../etc/passwd %}\n";
    r.a = cb_arena_new();
    r.err = NULL;
    r.ef = open_memstream(&r.err, &r.err_len);
    cb_diag_init(&r.d);
    r.d.stream = r.ef;
    cb_meta *page = cb_meta_new(r.a, CB_META_MAP, (cb_pos){0});
    cb_meta_set_str(r.a, page, "t", "from page");
    cb_mdctx_init(&r.c, r.a, "p.md", page, &r.d, body, strlen(body));
    r.c.site_root = dir;
    r.out = (cb_buf)CB_BUF_INIT;
    cb_liquid_expand(&r.c, body, strlen(body), 10, &r.out);
    CHECK(strncmp(out(&r), "**Tip:** hi\n\n**Note:** from page\n\nxxxx", 38) == 0);
    CHECK_INT(cb_mdctx_src_line(&r.c, 3), 12); /* the include's lines map to its tag */
    CHECK(strstr(errs(&r), "include 'loop.html' nested too deeply") != NULL);
    CHECK(strstr(errs(&r), "p.md:14: warning: Liquid include 'absent.html' is not supported") !=
          NULL);
    CHECK(strstr(errs(&r), "p.md:15: warning: Liquid include '../../etc/passwd'") != NULL);
    done(&r);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    CHECK_INT(system(path), 0);
  }

  /* string filters */
  expand(&r,
         "{{ 'a-b-a' | replace: 'a', 'x' }}|{{ 'a-b-a' | replace_first: 'a', 'x' }}|"
         "{{ '<p>t</p>' | remove: '<p>' | remove: '</p>' }}|{{ 'hELLO' | capitalize }}|"
         "{{ '<b>bold</b> x' | strip_html }}|{{ 'abc' | size }}|{{ 'Hello, World!' | slugify }}\n",
         NULL);
  CHECK_STR(out(&r), "x-b-x|x-b-a|t|Hello|bold x|3|hello-world\n");
  CHECK_STR(errs(&r), "");
  done(&r);

  /* many unclosed loops: each warned, the scan stays linear (no endfor after the first) */
  {
    cb_buf many = CB_BUF_INIT;
    for (int k = 0; k < 20000; k++)
      cb_buf_puts(&many, "{% for x in (1..2) %}y");
    expand(&r, many.data, NULL);
    CHECK(strstr(errs(&r), "{% for %} is never closed") != NULL);
    CHECK_INT((int)r.out.len, 20000);
    done(&r);
    cb_buf_free(&many);
  }

  /* markdownify in a raw element: the element becomes a Markdown element (line count kept) */
  expand(&r,
         "<div class=\"notice\">\n  {{ \"**x**\" | markdownify }}\n</div>\n"
         "<div>a</div>\n{{ \"y\" | markdownify }}\n",
         NULL);
  CHECK_STR(out(&r), "<div class=\"notice\" markdown=\"1\" data-cb-markdownify=\"1\">\n  **x**\n"
                     "</div>\n<div>a</div>\ny\n");
  done(&r);

  TEST_DONE();
}
