#!/usr/bin/env bash
# Every dialect test page (tests/data/dialect/, its site/, and the links page below) gives
# valid output by the real validators: each HTML handout passes the W3C Nu checker, and one
# EPUB holding all the pages as chapters passes epubcheck.  The oracle test proves these pages
# read as kramdown reads them; this one that what is written from them is valid, raw HTML
# from real pages included (nested links, HTML 4 attributes, links into the site, anchors
# that name nothing).
source "$(dirname "$0")/lib.sh"
need java default-jre-headless
need epubcheck epubcheck
find_vnu

# Constructs seen on real course sites that once gave invalid output.
mkdir -p "$T/site"
printf 'url: "https://school.example.org/"\nbaseurl: /courses\n' >"$T/site/_config.yml"
cat >"$T/site/real-html.md" <<'PAGE'
---
title: Raw HTML from real pages
---

## Contents {#contents}

- [A section that was renamed](#old-name)
- [Syllabus](/courses/syllabus/) and [notes](notes.html)

| Lesson | Module |
|---|---|
| L9 | <a href="/docs/M3/" > M3 / <a href="/docs/M4/" > M4 </a> |

<center>
<table width="80%">
<colgroup><col width="70%"><col width="30%"></colgroup>
<tr><td align="center" valign="top">Assignments</td><td align="right">40%</td></tr>
</table>
</center>

[A link around <a href="/x">a raw link</a>](https://example.org/), [Sakai](//sakai.example.edu) and <a href="//example.org/raw">raw</a>
PAGE

pages=("$CB_TEST_DATA"/dialect/*.md)
site_pages=("$CB_TEST_DATA"/dialect/site/*.md "$T/site/real-html.md")
htmls=()
for p in "${pages[@]}" "${site_pages[@]}"; do
  name=$(basename "$p" .md)
  cb "$p" -o "$T/$name.html"
  if [ "$RC" -ne 0 ]; then
    fail "$name: coursebook failed (exit $RC)"
    show_stderr
  else
    htmls+=("$T/$name.html")
  fi
done
if java -jar "$VNU" --errors-only "${htmls[@]}" 2>"$T/vnu.txt"; then
  ok "Nu HTML checker: 0 errors on ${#htmls[@]} handouts"
else
  fail "Nu HTML checker: $(grep -c 'error:' "$T/vnu.txt") errors"
  head -20 "$T/vnu.txt" | sed 's/^/     /'
fi

# one book per site root (the pages' images resolve in their own site)
for set in dialect site; do
  if [ $set = dialect ]; then list=("${pages[@]}"); else list=("${site_pages[@]}"); fi
  cb "${list[@]}" -o "$T/$set.epub"
  if [ "$RC" -ne 0 ]; then
    fail "$set: coursebook failed to write the EPUB (exit $RC)"
    show_stderr
    continue
  fi
  java -jar /usr/bin/epubcheck --failonwarnings "$T/$set.epub" >"$T/$set.check" 2>&1 || true
  if grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$T/$set.check"; then
    ok "epubcheck: 0 errors, 0 warnings on one EPUB of ${#list[@]} $set pages"
  else
    fail "epubcheck on the $set pages"
    grep -E '^(ERROR|WARNING|FATAL)' "$T/$set.check" | head -20 | sed 's/^/     /'
  fi
done
finish
