#!/usr/bin/env bash
# coursebook reads pages the way Jekyll does: for the example page, every page in
# tests/data/infra/oracle/ and the dialect test pages (tests/data/dialect/, one or more per
# construct of the Jekyll dialect; tests/data/dialect/site/ is a Jekyll site with _config.yml
# and _includes/), Debian's ruby-kramdown (GFM parser, Jekyll's options) with
# ruby-liquid (driver: tests/oracle/jekyll_oracle.rb) and coursebook's HTML must agree on the
# heading ids (in order), the contents list (title, entries' text and targets), the notices
# (class and text), the videos and where they stand, the links, and the whole document's
# outline (blocks, nesting, ids, classes, text, link targets).  What is compared and the
# declared differences: tests/oracle/compare.py.
source "$(dirname "$0")/lib.sh"
need_oracle

ORACLE=$CB_SOURCE_DIR/tests/oracle
pages=("$EXAMPLE" "$CB_TEST_DATA"/infra/oracle/*.md "$CB_TEST_DATA"/markdown/features.md
  "$CB_TEST_DATA"/dialect/*.md "$CB_TEST_DATA"/dialect/site/*.md)
for page in "${pages[@]}"; do
  name=$(basename "$page" .md)
  if ! ruby "$ORACLE/jekyll_oracle.rb" "$page" >"$T/$name.kramdown.html" 2>"$T/oracle.err"; then
    fail "$name: the oracle could not render the page"
    sed 's/^/     /' "$T/oracle.err"
    continue
  fi
  cb "$page" -o "$T/$name.html"
  if [ "$RC" -ne 0 ]; then
    fail "$name: coursebook failed (exit $RC)"
    show_stderr
    continue
  fi
  if python3 "$ORACLE/compare.py" "$T/$name.html" "$T/$name.kramdown.html" >"$T/cmp.txt"; then
    ok "$name: $(cat "$T/cmp.txt")"
  else
    fail "$name: coursebook and kramdown disagree"
    sed 's/^/     /' "$T/cmp.txt"
  fi
done
# The comparison must be able to fail: a page against another page's rendering disagrees.
a=$(basename "${pages[1]}" .md) b=$(basename "$EXAMPLE" .md)
if [ -s "$T/$a.html" ] && [ -s "$T/$b.kramdown.html" ]; then
  if python3 "$ORACLE/compare.py" "$T/$a.html" "$T/$b.kramdown.html" >"$T/cmp.txt"; then
    fail "compare.py found no difference between $a and $b"
  else
    ok "compare.py tells $a from $b"
  fi
fi
# The corpus measurement (tests/oracle/measure_corpus.py, used on real sites' pages) reaches
# the same verdict on the dialect site: every page converts, shows no residue and agrees.
if python3 "$ORACLE/measure_corpus.py" --coursebook "$COURSEBOOK" --out "$T/corpus" \
  "$CB_TEST_DATA/dialect" >"$T/measure.txt" 2>&1; then
  ok "measure_corpus.py: $(tail -n 1 "$T/measure.txt")"
else
  fail "measure_corpus.py on tests/data/dialect"
  grep -v ': agree$' "$T/measure.txt" | sed 's/^/     /'
fi
finish
