#!/usr/bin/env bash
# Golden test: the example page's HTML handout must be byte-identical to
# tests/golden/machine-learning-paper-reading.html, and two runs must give the same bytes.
# Nothing is normalised before comparing: every date comes from the front matter and
# SOURCE_DATE_EPOCH is pinned, so nothing may legitimately vary (not the checkout's path, not
# the clock).
#
# After an intended change of the output, regenerate the file, read the diff, and commit it:
#   UPDATE_GOLDEN=1 ctest --test-dir build -R golden      (or: UPDATE_GOLDEN=1 bash tests/scripts/test_golden.sh)
#   git diff tests/golden/
source "$(dirname "$0")/lib.sh"

golden=$CB_SOURCE_DIR/tests/golden/machine-learning-paper-reading.html
cb "$EXAMPLE" -o "$T/a.html"
RC1=$RC
check "the example converts (exit 0)" [ "$RC1" -eq 0 ]
show_stderr
cb "$EXAMPLE" -o "$T/b.html"
check "two runs give byte-identical output" cmp -s "$T/a.html" "$T/b.html"
# From another working directory and through a relative path: the output must not change.
(cd "$T" && timeout 120 "$COURSEBOOK" - -o c.html <"$EXAMPLE" 2>/dev/null) || true
check "the same bytes from stdin in another directory" cmp -s "$T/a.html" "$T/c.html"

if [ -n "${UPDATE_GOLDEN:-}" ]; then
  if [ "$RC1" -eq 0 ] && [ -s "$T/a.html" ]; then
    cp "$T/a.html" "$golden"
    ok "golden file updated: $golden (review it: git diff tests/golden/)"
  else
    fail "not updating the golden file from a failed run"
  fi
  finish
fi

if [ ! -f "$golden" ]; then
  fail "no golden file $golden (create it with UPDATE_GOLDEN=1 and review it)"
elif cmp -s "$golden" "$T/a.html"; then
  ok "the handout equals the golden file"
else
  fail "the handout differs from the golden file (UPDATE_GOLDEN=1 to accept an intended change):"
  diff -u "$golden" "$T/a.html" | head -60 | sed 's/^/     /'
fi
finish
