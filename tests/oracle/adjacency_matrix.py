#!/usr/bin/env python3
"""Write test pages that put each construct of container_matrix.py right under another.

    adjacency_matrix.py DIR [tight|blank]

Two blocks that meet with no blank line between them are read by kramdown's rules for where a
paragraph, a list item or a quote ends, and where a table, a heading or a math block may start
(a block boundary): rules that cmark does not share.  Every ordered pair of constructs is one
page (DIR/FIRST__SECOND.md), the second construct right under the first (`tight`, the default)
or after a blank line (`blank`).  A measurement tool like measure_corpus.py, not a test: the
pages are measured with `measure_corpus.py --verbose DIR`; most pairs no author writes, so a
disagreement says where to look, not what to fix.
"""
import itertools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from container_matrix import CONSTRUCTS  # noqa: E402


def main():
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] not in ("tight",
                                                                                   "blank")):
        sys.exit(__doc__)
    out = sys.argv[1]
    sep = "\n" if len(sys.argv) == 3 and sys.argv[2] == "blank" else ""
    os.makedirs(out, exist_ok=True)
    for (an, a), (bn, b) in itertools.product(CONSTRUCTS.items(), CONSTRUCTS.items()):
        with open(os.path.join(out, "%s__%s.md" % (an, bn)), "w", encoding="utf-8") as f:
            f.write("---\ntitle: T\n---\n\nBefore.\n\n" + a + sep + b + "\nAfter.\n")
    print("%d pages" % (len(CONSTRUCTS) ** 2))


if __name__ == "__main__":
    main()
