#!/usr/bin/env bash
# Every construct of the Jekyll dialect inside every container (a quote, a nested quote, list
# items, markdown="1" elements, a notice, a raw element holding one): the pages that
# tests/oracle/container_matrix.py writes must all agree with the kramdown oracle.
source "$(dirname "$0")/lib.sh"
need_oracle

ORACLE=$CB_SOURCE_DIR/tests/oracle
python3 "$ORACLE/container_matrix.py" "$T/matrix" >/dev/null || fail "container_matrix.py"
if python3 "$ORACLE/measure_corpus.py" --coursebook "$COURSEBOOK" --out "$T/out" --verbose \
  "$T/matrix" >"$T/measure.txt" 2>&1 &&
  tail -n 1 "$T/measure.txt" | grep -Eq 'pages ([0-9]+): converted without error \1, no residue \1; oracle rendered \1, agree \1 '; then
  ok "$(tail -n 1 "$T/measure.txt")"
else
  fail "constructs in containers: $(tail -n 1 "$T/measure.txt")"
  grep -v ': agree$' "$T/measure.txt" | sed 's/^/     /' | head -n 80
fi
finish
