#!/usr/bin/env python3
"""Write test pages that put each kramdown / Jekyll construct inside each container.

    container_matrix.py DIR

A construct that works at the top of a page can still go wrong inside a quote, a list item, a
markdown="1" element or a raw element holding one: the line prefixes, the indentation and the
parser that reads the text all change there (found on real pages: display math and task lists
in a quote, block IALs in a markdown="1" element nested in a raw <div>).  Every construct below
is written into every container, one page each (DIR/CONTAINER__CONSTRUCT.md); the test
(tests/scripts/test_container_matrix.sh) measures the pages against the oracle with
measure_corpus.py, and every page must agree.  (A theme include such as video is not among
the constructs: inside a container the theme's output, which starts with blank lines, ends the
container on the site; coursebook keeps the video where the author put it, as the README says.)
"""
import itertools
import os
import sys

CONSTRUCTS = {
    "fence_ial": "~~~\ncode x\n~~~\n{: .src}\n",
    "fence_lang": "```python\nx = 1\n```\n",
    "para_ial": "A para *em*\n{: .note}\n",
    "math_block": "$$\nx^2\n$$\n",
    "math_inline": "Inline $$a+b$$ math.\n",
    "task": "- [x] done\n- [ ] open\n",
    "ol": "1. one\n2. two\n",
    "ul_nested": "* a\n    * b\n* c\n",
    "dl": "Term\n: def one\n",
    "table": "| a | b |\n|---|:-:|\n| 1 | 2 |\n",
    "heading_id": "### Head {#hid}\n",
    "setext": "Title\n-----\n",
    "hr": "***\n",
    "html_div": '<div class="k">\n<p>one</p>\n\n<p>two</p>\n</div>\n',
    "footnote": "Text[^1].\n\n[^1]: Note.\n",
    "abbr": "HTML is here.\n\n*[HTML]: Hyper Text\n",
    "quote": "> q1\n> q2\n",
    "code_indent": "    indented code\n",
    "span_ial": 'A [link](https://e.org){:target="_blank"} and `c`{: .x}\n',
    "smart": "\"Quoted\" and 'single' -- dash --- em ... ok\n",
    "html_span": 'Some <kbd>Ctrl</kbd> and <span class="s">*em*</span>.\n',
    "entity": "A &dash; B &copy; &plus;\n",
    "nomarkdown": "{::nomarkdown}\n<b>raw</b>\n{:/}\n",
    "eob": "* a\n^\n* b\n",
    "autolink": "See <https://e.org/x> and https://bare.org.\n",
    "line_break": "line one  \nline two\n",
    "image_ial": "![alt](https://e.org/i.png){: .w}\n",
    "liquid": "{% raw %}{{ x }}{% endraw %} and {{ page.title }}\n",
    "comment": "<!-- a comment -->\nText after it.\n",
    "setext_eq": "Title\n=====\n",
    "ald": "{:myref: .cls}\nA para.\n{: myref}\n",
    "code_pipe_table": "| `a|b` | c |\n|---|---|\n| 1 | 2 |\n",
    "underscores": "snake_case_word and __strong__ and _em_\n",
    "escapes": "\\*not em\\* and \\_x\\_\n",
    "link_ref": "[text][ref] here.\n\n[ref]: https://e.org/r\n",
    "atx_closed": "## Title ##\n",
    "ol_paren": "1) not a list\n",
    "table_after_para": "A para\n| a | b |\n|---|---|\n",
    "list_after_para": "A para\n* item\n",
    "lazy_quote": "> a\nlazy\n",
    "html5_ref": '<a href="https://e.org/x?a&plus;b">l&check;</a>\n',
    "details": ('<details markdown="1">\n<summary>S</summary>\n\nBody *em*\n</details>\n'),
    "fence_nested": "````\n```\ninner\n```\n````\n",
    "dl_multi": "Term 1\nTerm 2\n: def\n\n: def2\n",
    "kbd_raw": "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> -- \"now\".\n",
    "guillemets": "<< quoted >> text\n",
    "strike": "~~gone~~ and ~one~\n",
    "highlight": "{% highlight python %}\nx = 1\n{% endhighlight %}\n",
    "raw_multi": "{% raw %}\n{{ a }}\n{% endraw %}\n",
    "capture": "{% capture c %}*cap*{% endcapture %}Got {{ c }}.\n",
    "if_tag": "{% if page.title %}Yes *t*{% endif %}\n",
    "comment_multi": "<!-- a\ncomment -->\nText.\n",
    "link_title": '[a](https://e.org "T") and [b](<https://e.org/x y>)\n',
    "html_block_md": '<div markdown="1">\n*in* div\n</div>\n',
    "toc_marker": "* TOC\n{:toc}\n\n## Sub\n",
    "ial_list": "* a\n* b\n{: .lst}\n",
    "ial_quote_inner": "> q\n{: .qq}\n",
    "table_ial": "| a | b |\n|---|---|\n| 1 | 2 |\n{: .tbl}\n",
    "code_span_ticks": "``a `b` c`` and `x`\n",
    "hard_html_br": "a<br>b<br/>c\n",
    "emoji_burmese": "## မင်္ဂလာ 🎉\n\nမြန်မာ *စာ*\n",
}


def lines(s):
    return s.rstrip("\n").split("\n")


def prefixed(first, rest):
    """The construct after a lead-in line, its lines indented (or quoted) by rest."""
    def wrap(s):
        return first + "".join((rest + ln if ln else rest.rstrip()) + "\n" for ln in lines(s))
    return wrap


CONTAINERS = {
    "top": lambda s: s,
    "quote": prefixed("", "> "),
    "dquote": prefixed("", "> > "),
    "item": prefixed("* lead text\n\n", "  "),
    "item3": prefixed("1. lead text\n\n", "   "),
    "nested_item": prefixed("* outer\n    * inner\n\n", "      "),
    "quote_item": lambda s: prefixed("", "> ")(prefixed("* lead text\n\n", "  ")(s)),
    "item10": prefixed("10. lead text\n\n", "    "),
    "tab_item": prefixed("*\tlead text\n\n", "\t"),
    "definition": prefixed("Term\n: lead text\n\n", "  "),
    "footnote_def": prefixed("Text[^f].\n\n[^f]: lead text\n\n", "    "),
    "details": lambda s: ('<details markdown="1">\n<summary>S</summary>\n\n' + s +
                          "</details>\n"),
    "mddiv": lambda s: '<div class="box" markdown="1">\n' + s + "</div>\n",
    "notice": lambda s: '<div class="notice--info" markdown="1">\n' + s + "</div>\n",
    "nested_md": lambda s: ('<div class="row">\n<div class="col" markdown="1">\n' + s +
                            "</div>\n</div>\n"),
}


# kramdown writes a definition's first paragraph and block math after it both as bare text
# (`<dd>lead text\n\\[x^2\\]</dd>`), which the comparison cannot tell from a `\\[` the author
# wrote in the text
UNCOMPARABLE = {("definition", "math_block")}
# Jekyll's highlight tag writes a <figure> whose later lines are not indented: in a list item
# (or a definition or footnote) the site shows the code after the list; coursebook keeps it in
# the item, as for the theme's video include (no real page of the corpora has either)
UNCOMPARABLE |= {(c, "highlight") for c in ("item", "item3", "item10", "tab_item", "nested_item",
                                            "quote_item", "definition", "footnote_def")}
# in a quote Jekyll's Liquid runs before Markdown: the <figure> it writes holds the quote's `>`
# markers as code text (`> x = 1`); coursebook shows the code without them (README)
UNCOMPARABLE |= {("quote", "highlight"), ("dquote", "highlight")}
# not supported (README): a `{:toc}` contents list inside a footnote
UNCOMPARABLE.add(("footnote_def", "toc_marker"))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for (cn, wrap), (sn, text) in itertools.product(CONTAINERS.items(), CONSTRUCTS.items()):
        if (cn, sn) in UNCOMPARABLE:
            continue
        with open(os.path.join(out, "%s__%s.md" % (cn, sn)), "w", encoding="utf-8") as f:
            f.write("---\ntitle: T\n---\n\nBefore.\n\n" + wrap(text) + "\nAfter.\n")
    print("%d pages" % (len(CONTAINERS) * len(CONSTRUCTS) - len(UNCOMPARABLE)))


if __name__ == "__main__":
    main()
