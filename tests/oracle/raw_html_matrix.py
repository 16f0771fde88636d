#!/usr/bin/env python3
"""Write test pages that put raw HTML elements in each place a page may hold them.

    raw_html_matrix.py DIR

kramdown reads a raw element by its own lists (span elements, block elements, the rest), and
where it stands decides what a browser does with it (a <center> or a <figure> in a paragraph's
text, a <strong><center> pair in a table cell).  Every element below is written into every
context (alone on a line, leading a line of text, in the middle of a paragraph, right under a
paragraph line, in a list item, in a table cell, in a heading, in a quote, inside emphasis):
DIR/CONTEXT__ELEMENT.md.  A measurement tool like measure_corpus.py, not a test; the handouts
of these pages are also worth giving to the Nu checker.
"""
import itertools
import os
import sys

ELEMENTS = {
    "center": "<center>Centred *t*</center>",
    "font": '<font color="red">Red</font>',
    "figure": ('<figure><img src="https://e.org/a.png" alt="A"><figcaption>Cap</figcaption>'
               "</figure>"),
    "details": "<details><summary>S</summary>Body</details>",
    "div": '<div class="x">In div</div>',
    "span": '<span class="s">sp</span>',
    "img": '<img src="https://e.org/a.png" alt="Alt" width="50">',
    "br": "a<br>b",
    "iframe": '<iframe src="https://www.youtube.com/embed/abc"></iframe>',
    "video": '<video src="v.mp4" controls>fallback</video>',
    "kbd": "<kbd>Ctrl</kbd>",
    "sup": "x<sup>2</sup>",
    "u": "<u>under</u>",
    "s": "<s>struck</s>",
    "a_name": '<a name="anchor1"></a>',
    "a_href": '<a href="https://e.org" target="_blank">link</a>',
    "comment": "<!-- hidden -->",
    "small": "<small>small</small>",
    "mark": "<mark>marked</mark>",
    "abbr": '<abbr title="Hyper">HT</abbr>',
    "p": "<p>para</p>",
    "hr": "<hr>",
    "table": "<table><tr><td>c</td></tr></table>",
    "button": "<button>Go</button>",
    "time": "<time>2020</time>",
    "q": "<q>quoted</q>",
    "code": "<code>x = 1</code>",
    "strong_center": "<strong><center>SC</center></strong>",
    "em_div": "<em><div>ED</div></em>",
    "h3": "<h3>Raw head</h3>",
}

CONTEXTS = {
    "alone": lambda e: e + "\n",
    "lead": lambda e: e + " and text after\n",
    "mid": lambda e: "Text before " + e + " after.\n",
    "under_para": lambda e: "A paragraph line\n" + e + "\n",
    "item": lambda e: "* item " + e + "\n* second\n",
    "item_alone": lambda e: "* " + e + "\n* second\n",
    "cell": lambda e: "| a | b |\n|---|---|\n| " + e + " | 2 |\n",
    "heading": lambda e: "## Head " + e + "\n",
    "quote": lambda e: "> quoted " + e + "\n",
    "emph": lambda e: "Some *emph " + e + " end* x.\n",
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for (en, e), (cn, c) in itertools.product(ELEMENTS.items(), CONTEXTS.items()):
        with open(os.path.join(out, "%s__%s.md" % (cn, en)), "w", encoding="utf-8") as f:
            f.write("---\ntitle: T\n---\n\nBefore.\n\n" + c(e) + "\nAfter.\n")
    print("%d pages" % (len(ELEMENTS) * len(CONTEXTS)))


if __name__ == "__main__":
    main()
