#!/usr/bin/env python3
"""Adversarial page shapes for test_scaling.sh: scaling_inputs.py SHAPE N > page.md.

Each shape grows linearly in N; a linear converter takes about 4x the time for 4N."""
import sys

MY = "\u1019\u103c\u1014\u103a\u1019\u102c\u1005\u102c"  # a Burmese word, no spaces


def shape(name, n):
    if name == "blockquotes":  # one block nested n deep
        return "> " * n + "x\n"
    if name == "lists":  # "* * * x": n nested bullet lists on one line
        return "* " * n + "x\n"
    if name == "ordered":
        return "1. " * n + "x\n"
    if name == "nested-blocks":  # many moderately deep structures
        return "".join("> * > 1. > x %d\n\n" % i for i in range(n))
    if name == "same-headings":  # duplicate ids: -1, -2, ... suffixes
        return "{% include toc %}\n\n" + "## Same heading\n\n" * n
    if name == "colliding-ids":  # explicit ids that take the suffixes the duplicates want
        return ("## x\n\n" * n + "".join("## y {#x-%d}\n\n" % i for i in range(1, n))
                + "".join("## x-%d\n\n" % i for i in range(n)) + "## x\n\n" * n)
    if name == "block-ials":
        return "".join('para %d\n{: .notice--info #id%d key="v"}\n\n' % (i, i) for i in range(n))
    if name == "ial-refs":  # one IAL, n ALD references
        return "para\n{: " + "r " * n + "}\n"
    if name == "ial-classes":  # one IAL, n distinct classes
        return "para\n{: " + "".join(".c%d " % i for i in range(n)) + "}\n"
    if name == "ial-kvs":  # one IAL, n distinct keys
        return "para\n{: " + "".join('k%d="v" ' % i for i in range(n)) + "}\n"
    if name == "ial-lines":  # n IAL lines attaching to one paragraph
        return "para\n" + "".join("{: .c%d}\n" % i for i in range(n)) + "\n"
    if name == "ald-refs":  # an ALD of n classes, referenced n times
        return ("{:r: " + "".join(".c%d " % i for i in range(n)) + "}\n\npara\n{: "
                + "r " * n + "}\n")
    if name == "span-ials":
        return "".join("[a%d](u){:target='\\_blank'} " % i for i in range(n)) + "\n"
    if name == "burmese":  # one huge paragraph with no spaces
        return MY * n + "\n"
    if name == "table":
        return "| a | b | `c|d` |\n|---|:-:|--:|\n" + "".join(
            "| x%d | **y** | [z](#a) |\n" % i for i in range(n))
    if name == "liquid-unclosed":
        return "{% " * n + "\n"
    if name == "liquid-ifs":  # if never closed
        return "{% if page.x %} a " * n + "\n"
    if name == "raw-unclosed":
        return "{% raw %} a {% comment %} " * n + "\n"
    if name == "footnotes":
        refs = "".join("t[^f%d] " % i for i in range(n))
        defs = "".join("[^f%d]: note %d\n" % (i, i) for i in range(n))
        return refs + "\n\n" + defs
    if name == "stars":
        return "*" * n + "\n"
    if name == "star-words":
        return "*a " * n + "\n"
    if name == "underscores":
        return "_a" * n + "\n"
    if name == "brackets":
        return "[" * n + "\n"
    if name == "link-openers":
        return "[a](" * n + "\n"
    if name == "backticks":
        return "".join("`" * (i % 50 + 1) + "a" for i in range(n)) + "\n"
    if name == "page-vars":
        return "---\nx: value\ntitle: T\n---\n" + "{{ page.x }} " * n + "\n"
    if name == "abbreviations":
        return "*[HTML]: Hyper Text\n\n" + "HTML and HTML " * n + "\n"
    if name == "anchor-links":
        return "# Target\n\n" + "[t](#target) " * n + "\n"
    if name == "html-divs":  # markdown="1" blocks never closed
        return '<div class="notice" markdown="1">\n\n' * n
    if name == "comments-unclosed":  # comment starts, none ever closed
        return "<!--\ntext\n\n" * n
    if name == "comment-includes":  # one comment holding n include placeholders
        return ("<!--\n" + '{% include video id="x" provider="youtube" %}\n' * n
                + "-->\n\n* a\n* * *\n| t | u |\n|---|---|\n")
    if name == "mixed-bullets":  # every item a different bullet: one list for kramdown
        return "".join("%s item %d\n" % ("*+-"[i % 3], i) for i in range(n))
    if name == "dashes":  # hyphen runs of every length, and one long run
        return "".join("a" + "-" * (4 + i % 7) + " " for i in range(n)) + "b" + "-" * n + "\n"
    if name == "unclosed-spans":  # inline elements never closed: closed at the block's end
        return "<span>x <a href='#'>y " * n + "\n"
    if name == "headerless-tables":  # pipe rows with no delimiter row, and one long table
        return ("a | b\n\n" * n) + "".join("| %d | `x|y` | z \\| w |\n" % i for i in range(n))
    if name == "blanks":  # underscore runs of every length, alone or many on a line
        return "".join("x " + "_" * (1 + i % 13) + "\n\n" for i in range(n)) + "_ " * n + "\n"
    if name == "math":
        return "".join("$$x_%d^2$$ and " % i for i in range(n)) + "\n"
    if name == "emoji-headings":
        return "".join("## \U0001F96C %s %d\n\n" % (MY, i) for i in range(n))
    if name == "deep-lists":  # items nesting 40 deep and back, over and over
        return "".join("  " * (i % 40) + "- item %d\n" % i for i in range(n))
    if name == "many-lists":  # many one-item lists, each ended by a paragraph
        return "".join("- item %d\n\npara %d\n\n" % (i, i) for i in range(n))
    if name == "lazy-lists":  # markers of the other kind as lazy lines, tab-indented lists
        return "".join("1. a %d\n- b\n\t* c\n    2. d\n" % i for i in range(n))
    if name == "open-fences":  # fences kramdown finds no end for, in items and outside
        return "".join("- item %d\n```py\ncode\n\n```x %d\n" % (i, i) for i in range(n))
    if name == "open-math":  # $$ opened on one line of a paragraph, closed on the next
        return "".join("p %d $$ x\ny $$ q\n" % i for i in range(n)) + "$$ never closed\n"
    if name == "span-cells":  # markdown="span" cells in one raw table, the last unclosed
        return ("<table><tr>" + "".join("<td markdown=\"span\">*%d*</td>" % i for i in range(n))
                + "<td markdown=\"span\">x</tr></table>\n")
    if name == "code-runs":  # one indented code block of blank-separated runs, then lazy code
        return ("para\n\n" + "    x = %d\n\n" * n % tuple(range(n)) + "    y\nlazy\n"
                + "".join("\n    z %d\nw\n" % i for i in range(n)))
    if name == "md-divs":  # markdown="1" elements nested n deep, a list in each
        return ('<div markdown="1">\n* item\n' * n) + "</div>\n" * n
    if name == "raw-md-headings":  # headings of a markdown="block" element inside raw HTML
        return ('<div class="a">\n<div markdown="block">\n'
                + "".join("## h%d\n\n" % i for i in range(n)) + "</div>\n</div>\n")
    if name == "liquid-arrays":  # array filters over a long front-matter list, and a loop
        return ("---\nitems:\n" + "".join("  - {k: %d, name: n%d}\n" % ((i * 7919) % n, i)
                                          for i in range(n))
                + "---\n{{ page.items | sort: 'k' | reverse | map: 'name' | join: ' ' }}\n\n"
                "{% for a in page.items %}{% if a.k > 3 %}{% continue %}{% endif %}"
                "{{ a.name }} {% endfor %}\n")
    if name == "raw-code":  # raw <code> never closed on a long line, then closed ones
        return "<code>--a " * n + "\n\n" + "<kbd>x--y</kbd> " * n + "\n\n" + ("x\n" + "    <code>c</code>\n" * n)
    raise SystemExit("unknown shape " + name)


sys.stdout.write(shape(sys.argv[1], int(sys.argv[2])))
