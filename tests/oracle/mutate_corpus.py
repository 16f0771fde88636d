#!/usr/bin/env python3
"""Blank-line mutation of real pages: interactions between blocks that no page had.

    mutate_corpus.py [--coursebook PATH] [--pages N] [--seed S] DIR...

For N pages of the corpora (chosen with the seed, among pages that agree with the oracle as
they are), one blank line between two non-blank lines of the body is removed, so that two
blocks meet (a table right after a list, a heading right under a paragraph, ...), and the copy
is compared again with the oracle (compare.py).  The copy is written in a directory next to
the page, so that the site's _config.yml, _data and _includes still apply, and removed
afterwards.  Pages
whose mutation the oracle cannot render are skipped.  Prints each disagreement with its
diff and a summary line.  A measurement tool like measure_corpus.py, not a test."""
import argparse
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def pages(dirs):
    out = []
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs[:] = sorted(x for x in subdirs if x not in ("_includes", "_data", "_site"))
            for f in sorted(files):
                if f.endswith((".md", ".markdown")) and f not in ("NOTES.md", "README.md"):
                    out.append(os.path.join(root, f))
    return out


def mutate(text, rng):
    """The text with one blank line between two non-blank body lines removed, or None."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                start = i + 1
                break
    cand = [i for i in range(start + 1, len(lines) - 1)
            if not lines[i].strip() and lines[i - 1].strip() and lines[i + 1].strip()]
    if not cand:
        return None
    del lines[rng.choice(cand)]
    return "\n".join(lines)


def run(cb, page, out):
    """True/False: coursebook agrees with the oracle on page; None: not comparable."""
    o = subprocess.run(["ruby", os.path.join(HERE, "jekyll_oracle.rb"), page],
                       capture_output=True, text=True, timeout=120)
    if o.returncode != 0:
        return None, ""
    ora, mine = os.path.join(out, "o.html"), os.path.join(out, "c.html")
    with open(ora, "w") as fh:
        fh.write(o.stdout)
    r = subprocess.run([cb, page, "-t", "html", "-o", mine], capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0:
        return False, "coursebook failed: " + r.stderr.strip()[-300:]
    c = subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), "--missing-images-ok",
                        mine, ora], capture_output=True, text=True)
    return c.returncode == 0, c.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coursebook", default="build/coursebook")
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    queue = pages(a.dirs)
    rng.shuffle(queue)
    tried = agree = 0
    with tempfile.TemporaryDirectory() as out:
        for p in queue:
            if tried >= a.pages:
                break
            ok, _ = run(a.coursebook, p, out)
            if not ok:  # only pages that agree as they are
                continue
            with open(p, encoding="utf-8", newline="") as fh:
                m = mutate(fh.read(), rng)
            if m is None:
                continue
            # (same file name, one directory down: the site's files still apply)
            sub = os.path.join(os.path.dirname(p), ".cb-mutated")
            copy = os.path.join(sub, os.path.basename(p))
            os.makedirs(sub, exist_ok=True)
            try:
                with open(copy, "w", encoding="utf-8", newline="") as fh:
                    fh.write(m)
                ok, diff = run(a.coursebook, copy, out)
            finally:
                os.remove(copy)
                os.rmdir(sub)
            if ok is None:
                continue
            tried += 1
            agree += ok
            if not ok:
                print("== %s: DIFFER after a blank line was removed\n%s" % (p, diff.rstrip()))
    print("mutated pages %d: agree %d (%.1f%%)" % (tried, agree, 100.0 * agree / max(tried, 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
