#!/usr/bin/env bash
# Bad inputs through the command line (issue 2, "Bad input"): each fixture in tests/data/reader
# gives its file:line:col message, exit status 1, no output file, and an existing output file
# left byte-for-byte untouched.  Encoding problems (invalid UTF-8) convert with one warning.
set -u
D=$CB_TEST_DATA/reader
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export COURSEBOOK_DATA_DIR=$CB_SOURCE_DIR
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# fixture  expected-stderr-prefix (after the path)  words
while IFS='|' read -r name prefix words; do
  out=$T/$name.html
  "$COURSEBOOK" "$D/$name" -o "$out" 2>"$T/err"
  rc=$?
  [ "$rc" -eq 1 ] || fail "$name: exit $rc, want 1"
  [ -e "$out" ] && fail "$name: an output file was written"
  grep -qF -- "$D/$name$prefix" "$T/err" || fail "$name: no '$prefix' message: $(cat "$T/err")"
  grep -qF -- "$words" "$T/err" || fail "$name: message lacks '$words': $(cat "$T/err")"
  # An existing output stays as it was.
  printf 'precious\n' >"$T/keep.html"
  "$COURSEBOOK" "$D/$name" -o "$T/keep.html" 2>/dev/null
  [ "$(cat "$T/keep.html")" = precious ] || fail "$name: the existing output was changed"
  [ "$rc" -eq 1 ] && echo "ok   $name"
done <<'CASES'
bad-indent.md|:3:6: error:|mapping values are not allowed
tab-indent.md|:3:1: error:|tab character
unclosed-quote.md|:2:8: error:|never closed
unclosed-frontmatter.md|:1:1: error:|never closed
list-frontmatter.md|:2:1: error:|must be a map
billion-laughs.md|:6:36: error:|billion laughs
nul.md|:4:3: error:|NUL byte
binary.md|:1:5: error:|binary file?
empty.md|: error:|empty input
blank.md|: error:|empty input
CASES

# A missing file and a directory: the system's reason.
"$COURSEBOOK" "$T/missing.md" -o "$T/m.html" 2>"$T/err"
[ $? -eq 1 ] && grep -qF "$T/missing.md: error: No such file or directory" "$T/err" &&
  [ ! -e "$T/m.html" ] && echo "ok   missing file" || fail "missing file: $(cat "$T/err")"
"$COURSEBOOK" "$D" -o "$T/d.html" 2>"$T/err"
[ $? -eq 1 ] && grep -qF "$D: error: Is a directory" "$T/err" && echo "ok   directory" ||
  fail "directory: $(cat "$T/err")"

# Standard input: named <stdin> in messages.
printf -- '---\ntitle: [\n---\n' | "$COURSEBOOK" - -o "$T/s.html" 2>"$T/err"
[ $? -eq 1 ] && grep -q '^<stdin>:3:1: error:' "$T/err" && echo "ok   stdin error" ||
  fail "stdin: $(cat "$T/err")"

# Encodings: converted, one warning with the count, U+FFFD in the output, no CR left.
for c in "latin1.md|:2:11: warning: invalid UTF-8: 4 bytes" \
  "invalid-utf8.md|:6:5: warning: invalid UTF-8: 3 bytes"; do
  name=${c%%|*} want=${c#*|}
  "$COURSEBOOK" "$D/$name" -o "$T/$name.html" 2>"$T/err"
  rc=$?
  if [ "$rc" -eq 0 ] && grep -qF -- "$D/$name$want" "$T/err" && [ "$(wc -l <"$T/err")" -eq 1 ] &&
    grep -q $'\xEF\xBF\xBD' "$T/$name.html"; then
    echo "ok   $name (replaced, warned once)"
  else
    fail "$name: exit $rc: $(cat "$T/err")"
  fi
done
"$COURSEBOOK" "$D/crlf-bom.md" -o "$T/crlf.html" 2>"$T/err"
if [ $? -eq 0 ] && [ ! -s "$T/err" ] && ! grep -q $'\r' "$T/crlf.html" &&
  ! grep -q $'\xEF\xBB\xBF' "$T/crlf.html" && grep -q 'Windows page' "$T/crlf.html"; then
  echo "ok   crlf-bom.md"
else
  fail "crlf-bom.md: $(cat "$T/err")"
fi
# -q silences warnings, not errors.
"$COURSEBOOK" -q "$D/latin1.md" -o "$T/q.html" 2>"$T/err"
[ $? -eq 0 ] && [ ! -s "$T/err" ] && [ -s "$T/q.html" ] && echo "ok   -q" || fail "-q: $(cat "$T/err")"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
