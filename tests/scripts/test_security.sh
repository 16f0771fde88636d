#!/bin/bash
# Untrusted pages never become HTML script, LaTeX commands or a path outside the course.
# tests/data/security/attacks.md carries script, handlers, javascript: URLs (Markdown links,
# raw HTML, IAL key-values), includes and images naming files outside the course (relative,
# site-absolute, through a symlink), and TeX injections in every position (front matter, headings,
# text, link text and URLs, table cells, code, math, footnotes, definition lists).  It is
# converted inside a scratch course that sits next to a planted secret; then:
#  - HTML and EPUB: no script/iframe/object/embed element, no on* attribute, no javascript:,
#    vbscript: or non-image data: URL in any URL attribute (checked on the parsed DOM);
#  - PDF (xelatex): compiles, and pdftotext shows every injection verbatim; the file the page
#    tries to create with \write18 / \openout does not exist afterwards;
#  - no output holds /etc/passwd's text, the secret, or the secret's path.
# shellcheck source=tests/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
need python3 python3
need xelatex texlive-xetex
need pdftotext poppler-utils

PWN=/tmp/cb-pwned-$$-$RANDOM
SECRET="CBSECRET$$X$RANDOM" # letters and digits: survives math typesetting
rm -f "$PWN"

# The scratch course: site/ is the root (it has _config.yml); outside/ is not part of it.
C=$T/course
mkdir -p "$C/site/assets" "$C/site/_includes" "$C/outside"
echo "$SECRET" >"$C/outside/secret.png"
echo "$SECRET" >"$C/outside/secret.html"
ln -s ../../outside/secret.png "$C/site/assets/escape.png"
ln -s ../../outside/secret.html "$C/site/_includes/escape.html"
echo "title: Site" >"$C/site/_config.yml"
sed "s|PWNED|$PWN|g" "$CB_TEST_DATA/security/attacks.md" >"$C/site/page.md"
sed -e "s|PWNED|$PWN|g" -e "s|SECRETFILE|$C/outside/secret.html|g" \
  "$CB_TEST_DATA/security/math-carets.md" >"$C/site/carets.md"

# check_dom FILE...: the DOM rules above; prints each violation.
check_dom() {
  python3 - "$@" <<'EOF'
import html.parser, re, sys
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset",
             "background", "cite", "longdesc", "usemap", "ping", "manifest", "codebase", "icon"}
BAD_TAGS = {"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base"}
bad = []
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        if tag.lower() in BAD_TAGS:
            bad.append("<%s> element" % tag)
        for k, v in attrs:
            k = k.lower()
            if k.startswith("on"):
                bad.append("%s=%r on <%s>" % (k, v, tag))
            if k in URL_ATTRS and v is not None:
                u = re.sub(r"[\x00-\x20]", "", v).lower()
                if u.startswith(("javascript:", "vbscript:", "livescript:")) or (
                        u.startswith("data:") and not u.startswith(("data:image/", "data:font/"))):
                    bad.append("%s=%r on <%s>" % (k, v, tag))
            if k == "style" and v and re.search(r"(?i)url\s*\(|expression|javascript:", v):
                bad.append("style=%r on <%s>" % (v, tag))
    handle_startendtag = handle_starttag
for f in sys.argv[1:]:
    p = P(convert_charrefs=True)
    p.feed(open(f, encoding="utf-8", errors="replace").read())
for b in bad:
    print("     " + b)
sys.exit(1 if bad else 0)
EOF
}

# no_leak FILE...: nothing read from outside the course.
no_leak() {
  local f rc=0
  for f in "$@"; do
    if grep -a -q -e "root:x:0:0" -e "$SECRET" -e "$C/outside" "$f"; then
      grep -a -o -e "root:x:0:0.\{0,40\}" -e "$SECRET" -e "$C/outside[^ ]*" "$f" | head -3 |
        sed 's/^/     leaked: /'
      rc=1
    fi
  done
  return $rc
}

cd "$C/site"

# ---- HTML ----
cb -q page.md -o "$T/page.html"
check "HTML conversion succeeds" [ "$RC" -eq 0 ]
check "HTML: no script, handlers or javascript: URLs" check_dom "$T/page.html"
check "HTML: nothing from outside the course" no_leak "$T/page.html"
check "HTML: the outside image is refused, not embedded" grep -q "escape.png refused" <(
  cb page.md -o "$T/w.html"
  cat "$T/stderr"
)

# ---- EPUB (every XHTML document of the container) ----
cb -q page.md -o "$T/page.epub"
if [ "$RC" -ne 0 ] && grep -q "not in this build" "$T/stderr"; then
  echo "     (EPUB backend not in this build: EPUB checks not run)"
else
  check "EPUB conversion succeeds" [ "$RC" -eq 0 ]
  mkdir -p "$T/epub"
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
    "$T/page.epub" "$T/epub"
  mapfile -t docs < <(find "$T/epub" -name '*.xhtml' -o -name '*.html' -o -name '*.svg')
  check "EPUB: has content documents" [ "${#docs[@]}" -gt 0 ]
  check "EPUB: no script, handlers or javascript: URLs" check_dom "${docs[@]}"
  mapfile -t all < <(find "$T/epub" -type f)
  check "EPUB: nothing from outside the course" no_leak "$T/page.epub" "${all[@]}"
fi

# ---- LaTeX / PDF ----
cb -q page.md -o "$T/page.tex"
check "LaTeX conversion succeeds" [ "$RC" -eq 0 ]
check "LaTeX: nothing from outside the course" no_leak "$T/page.tex"
cb -q page.md -o "$T/page.pdf"
check "PDF compiles with xelatex" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || show_stderr
if [ -f "$T/page.pdf" ]; then
  pdftotext -raw "$T/page.pdf" "$T/page.txt"
  check "PDF: nothing from outside the course" no_leak "$T/page.txt" "$T/page.pdf"
  # Break points and line ends add spaces; compare with all white space removed.
  tr -d ' \n\t\f' <"$T/page.txt" >"$T/flat.txt"
  verbatim() { grep -F -q -- "$(printf '%s' "$1" | tr -d ' \n\t')" "$T/flat.txt"; }
  while IFS= read -r s; do
    [ -n "$s" ] || continue
    check "PDF shows verbatim: $s" verbatim "$s"
  done <<EOF
Title \input{/etc/passwd} \write18{touch $PWN} ^^5c %#~_{}\$&
Author \end{document} ^^5cinput{/etc/passwd}
Pub %\def\x{y}#
\openout1=$PWN
Contents \input{/etc/passwd} <script>alert(1)</script>
Heading \input{/etc/passwd} ^^5c %#~_{}
Para1 \input{/etc/passwd} and \write18{touch $PWN} and
Para2 \end{document} then ^^5cinput{/etc/passwd} then ^^5c^^5c and ^^ alone.
Para3 percent % hash # tilde ~ under_score {brace} back\slash dollar \$ amp & caret ^.
LinkText \input{/etc/passwd} %#~
https://example.com/a%20b#frag_x~y{z}
Notice \input{/etc/passwd}
Cell \input{/etc/passwd}
\write18{touch $PWN}
Code span \input{/etc/passwd} ^^5c %#~_{} here.
^^5cinput{/etc/passwd} %#~_{}
Math \input{/etc/passwd} and \write18{touch $PWN} and
\openin1=/etc/passwd \read1to\x \x
Note \input{/etc/passwd} ^^5c %#~_{}
Term \input{/etc/passwd}
Definition \write18{touch $PWN}
End \input{/etc/passwd}
EOF
fi

# ---- TeX's ^^ notation inside math (\^^69nput is \input once TeX reads it) ----
cb -q carets.md -o "$T/carets.tex"
check "math with ^^: LaTeX converts" [ "$RC" -eq 0 ]
check "math with ^^: no ^^ reaches the LaTeX body" \
  bash -c "! sed -n '/begin{document}/,\$p' '$T/carets.tex' | grep -q -F '^^'"
cb -q carets.md -o "$T/carets.pdf"
check "math with ^^: PDF compiles" [ "$RC" -eq 0 ]
if [ -f "$T/carets.pdf" ]; then
  pdftotext -raw "$T/carets.pdf" - | tr -d ' \n' >"$T/carets.txt"
  # The refused math is printed as its source, which names the file: only the file's content
  # (or /etc/passwd's) would be a leak here.
  check "math with ^^: the PDF holds nothing from outside the course" \
    bash -c "! grep -a -q -e 'root:x:0:0' -e '$SECRET' '$T/carets.txt'"
fi

check "no file was created by \\write18 or \\openout" [ ! -e "$PWN" ]
rm -f "$PWN"
finish
