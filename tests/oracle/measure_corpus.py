#!/usr/bin/env python3
"""Measure coursebook against the kramdown + Liquid oracle on a corpus of real Jekyll pages.

    measure_corpus.py [--coursebook PATH] [--out DIR] [--verbose] DIR...

Every .md / .markdown file with front matter under DIR (not under _includes, _data, _layouts,
_sass, assets, node_modules or vendor) is one page; its site is the nearest directory above it
holding _config.yml, as for coursebook and the oracle.  For each page:
  * converts: coursebook writes HTML with exit status 0 and prints no error;
  * no residue: the HTML's article text (outside code) holds no `{%`, `{{` or `{:`;
  * agrees: tests/oracle/compare.py finds no disagreement with the oracle's rendering
    (--missing-images-ok: corpora hold no images, so a placeholder counts as the site image).
A page the oracle cannot render (an include the theme does not have in this driver, a Liquid
error) is counted apart: it cannot be compared.  The corpus itself is third-party text and is
not part of the repository; this script is how the README's figures were measured.
"""
import argparse
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import htmldom  # noqa: E402

SKIP_DIRS = {"_includes", "_data", "_layouts", "_sass", "assets", "node_modules", "vendor",
             ".git", "_site"}


def pages(dirs):
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs[:] = sorted(s for s in subdirs if s not in SKIP_DIRS)
            for f in sorted(files):
                if f.endswith((".md", ".markdown")):
                    p = os.path.join(root, f)
                    with open(p, "rb") as fh:
                        if fh.read(4).startswith(b"---"):
                            yield p


RESIDUE = re.compile(r"\{%|\{\{|\{:")


def body_text(html_path, oracle):
    doc = htmldom.parse_file(html_path)

    def txt(e):
        out = []
        for c in e.children:
            if isinstance(c, str):
                out.append(c)
            elif c.tag not in ("pre", "code", "script", "style"):
                out.append(txt(c))
        return "".join(out)

    arts = [e for e in doc.iter() if e.tag == ("body" if oracle else "article")]
    return txt(arts[0] if arts else doc)


def residue(cb_html, ora_html):
    """Liquid or IAL markers in coursebook's text that Jekyll's page does not show (a page may
    show them on purpose, e.g. `{% raw %}{% include ... %}{% endraw %}`)."""
    cb = body_text(cb_html, False)
    ora = body_text(ora_html, True) if ora_html else ""
    if len(RESIDUE.findall(cb)) <= len(RESIDUE.findall(ora)):
        return None
    m = re.search(r".{0,30}(\{%|\{\{|\{:).{0,30}", cb, re.S)
    return m.group(0) if m else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coursebook", default=os.path.join(HERE, "..", "..", "build", "coursebook"))
    ap.add_argument("--out", default="/tmp/coursebook-corpus")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    n = converted = clean = rendered = agree = 0
    for p in pages(a.dirs):
        n += 1
        name = re.sub(r"[^A-Za-z0-9._-]", "_", os.path.abspath(p)).lstrip("_")
        cb_html = os.path.join(a.out, name + ".html")
        ora_html = os.path.join(a.out, name + ".k.html")
        r = subprocess.run([a.coursebook, p, "-t", "html", "-o", cb_html], capture_output=True,
                           text=True, timeout=120)
        ok = r.returncode == 0 and ": error:" not in r.stderr
        converted += ok
        o = subprocess.run(["ruby", os.path.join(HERE, "jekyll_oracle.rb"), p],
                           capture_output=True, text=True, timeout=120)
        if o.returncode == 0:
            with open(ora_html, "w") as fh:
                fh.write(o.stdout)
        res = residue(cb_html, ora_html if o.returncode == 0 else None) \
            if r.returncode == 0 else None
        clean += ok and not res
        status = ""
        if o.returncode != 0:
            status = "oracle cannot render: " + o.stderr.strip().splitlines()[-1][:200]
        elif ok:
            rendered += 1
            c = subprocess.run([sys.executable, os.path.join(HERE, "compare.py"),
                                "--missing-images-ok", cb_html, ora_html],
                               capture_output=True, text=True)
            if c.returncode == 0:
                agree += 1
                status = "agree"
            else:
                status = "DIFFER\n" + "\n".join("    " + x for x in c.stdout.splitlines()[:40])
        else:
            rendered += 1
            status = "coursebook failed"
        flag = "" if ok else " ERROR"
        if res:
            flag += " RESIDUE %r" % res
        print("== %s:%s %s" % (p, flag, status))
        if a.verbose or not ok:
            for x in r.stderr.strip().splitlines()[:10]:
                print("    " + x)
    print("pages %d: converted without error %d, no residue %d; oracle rendered %d, "
          "agree %d (%.1f%%)" % (n, converted, clean, rendered, agree,
                                 100.0 * agree / rendered if rendered else 0))
    return 0 if n and converted == n and clean == n and agree == rendered else 1


if __name__ == "__main__":
    sys.exit(main())
