#!/usr/bin/env bash
# The HTML writer on the hand-built model of tests/unit/test_html.c (every node type, Burmese,
# emoji, hostile input), checked by real validators: the handout page by the W3C Nu HTML
# checker (0 errors), the XHTML flavour (EPUB) by xmllint as well-formed XML and by the Nu
# checker with epub:type attributes as its only complaints.  Independent of the reader.
set -u
unit=$CB_BUILD_DIR/tests/test_html
[ -x "$unit" ] || { echo "FAIL: $unit not built"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

VNU=""
for c in "${VNU_JAR:-}" \
  "${COURSEBOOK_TOOLS:-${HOME:-/root}/.cache/coursebook-tools}/node_modules/vnu-jar/build/dist/vnu.jar" \
  "$CB_BUILD_DIR/tools/node_modules/vnu-jar/build/dist/vnu.jar"; do
  if [ -n "$c" ] && [ -f "$c" ]; then VNU=$c; break; fi
done
if [ -z "$VNU" ] || ! command -v java >/dev/null || ! command -v xmllint >/dev/null; then
  if [ -n "${CI:-}" ]; then echo "FAIL: vnu.jar, java or xmllint missing"; exit 1; fi
  echo "SKIP: needs vnu.jar (npm vnu-jar; set VNU_JAR), java and xmllint (libxml2-utils)"
  exit 77
fi

export COURSEBOOK_DATA_DIR=$CB_SOURCE_DIR CB_TEST_DATA
fails=0
# The unit test prints its page first and its check summary as the last line.
CB_TEST_DUMP=1 "$unit" >"$T/out.txt" 2>"$T/err.txt" || { echo "FAIL: unit test failed"; cat "$T/err.txt"; exit 1; }
sed '$d' "$T/out.txt" >"$T/page.html"
if java -jar "$VNU" --errors-only "$T/page.html" 2>"$T/vnu.txt"; then
  echo "ok   handout page of the hand-built model: Nu HTML checker, 0 errors"
else
  echo "FAIL handout page: Nu HTML checker errors:"; head -20 "$T/vnu.txt"; fails=$((fails + 1))
fi

CB_TEST_DUMP_XHTML=1 "$unit" >"$T/out2.txt" 2>/dev/null
sed '$d' "$T/out2.txt" >"$T/page.xhtml"
if xmllint --noout "$T/page.xhtml" 2>"$T/xml.txt"; then
  echo "ok   XHTML flavour is well-formed XML"
else
  echo "FAIL XHTML flavour is not well-formed:"; head "$T/xml.txt"; fails=$((fails + 1))
fi
java -jar "$VNU" --errors-only "$T/page.xhtml" 2>"$T/vnu2.txt"
if ! grep -v 'Attribute “type” not allowed' "$T/vnu2.txt" | grep -q 'error:'; then
  echo "ok   XHTML flavour: Nu checker errors only about epub:type (checked by epubcheck)"
else
  echo "FAIL XHTML flavour: Nu checker errors:"; grep -v 'Attribute “type”' "$T/vnu2.txt" | head -20
  fails=$((fails + 1))
fi
exit "$fails"
