#!/bin/bash
# Linear time on adversarial pages: for each shape (tests/scripts/scaling_inputs.py) and for
# HTML and LaTeX output, N is doubled until one conversion takes at least MIN_CPU seconds of
# user CPU beyond the start-up time, then 4N must take less than 8x as long (start-up time
# subtracted; linear gives ~4x, quadratic ~16x).  User CPU time, not wall time, so other work
# on a shared machine matters less; a failed ratio is
# measured once more and the better of the two counts, so one noisy run does not fail the test.
# Peak memory (max RSS) must grow less than 8x too.
# shellcheck source=tests/scripts/lib.sh
source "$(dirname "$0")/lib.sh"
need python3 python3
need /usr/bin/time time

GEN=$CB_SOURCE_DIR/tests/scripts/scaling_inputs.py
MIN_CPU=${CB_SCALING_MIN_CPU:-0.08} # seconds of user time at N
MAX_BYTES=$((1536 * 1024))          # N stops growing here (keeps the whole test short)
LIMIT=8                             # allowed time(4N)/time(N)

# run FORMAT FILE: sets CPU (user seconds) and RSS (KiB) of one conversion to stdout (no
# fsync, no file); a crash or a timeout (60 s is far beyond any linear run here) counts as 999 s.
run() {
  local fmt=$1 in=$2 rc=0
  /usr/bin/time -f '%U %M' -o "$T/time" timeout 60 "$COURSEBOOK" -q "$in" -t "$fmt" -o - \
    >/dev/null 2>"$T/stderr" || rc=$?
  read -r CPU RSS <"$T/time" || true
  if [ "$rc" -ne 0 ]; then
    CPU=999
    RSS=0
    echo "     exit $rc on $(basename "$in") ($(wc -c <"$in") bytes)"
    show_stderr
  fi
}

# awk helpers (bash has no floating point)
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }
ratio_ok() { awk -v a="$1" -v b="$2" -v l="$3" 'BEGIN { exit !(a < l * b) }'; }
# The time that grows with N: minus the start-up cost (T0), at least half of MIN_CPU (below
# that, clock ticks are all noise).
floor() { awk -v a="$1" -v z="$T0" -v f="$MIN_CPU" 'BEGIN { a -= z; print (a > f / 2 ? a : f / 2) }'; }
less_than_limit() { # T4 T1: (T4 - T0) < LIMIT x floor(T1)
  ratio_ok "$(awk -v a="$1" -v z="$T0" 'BEGIN { print a - z }')" "$(floor "$2")" "$LIMIT"
}

# shape:N[:html] — a starting N (about MIN_CPU in a Debug build; N doubles until it is enough);
# ":html" for shapes that only stress the reader (the LaTeX run would time the same code).
shapes=(blockquotes:100000 lists:64000 ordered:64000:html nested-blocks:16000
  same-headings:32000 colliding-ids:16000 block-ials:24000:html ial-refs:100000:html
  ial-classes:2000:html ial-kvs:2000:html ial-lines:2000:html ald-refs:300:html span-ials:32000
  burmese:64000 table:16000 liquid-unclosed:500000:html liquid-ifs:80000:html
  raw-unclosed:60000:html footnotes:16000 stars:1500000:html star-words:128000:html
  underscores:256000:html brackets:400000:html link-openers:128000:html backticks:60000
  page-vars:120000:html abbreviations:64000 anchor-links:64000 html-divs:40000:html math:64000
  emoji-headings:32000 comments-unclosed:60000:html comment-includes:20000:html
  mixed-bullets:32000 dashes:64000:html
  unclosed-spans:16000 headerless-tables:16000
  blanks:32000:html deep-lists:32000:html many-lists:32000:html lazy-lists:16000:html open-fences:16000:html
  open-math:32000:html span-cells:16000:html code-runs:16000:html
  md-divs:4000:html raw-md-headings:8000:html liquid-arrays:8000:html raw-code:16000:html)
# CB_SCALING_SHAPES="a b": only these (for a quick look by hand).
if [ -n "${CB_SCALING_SHAPES:-}" ]; then
  mapfile -t shapes < <(for e in "${shapes[@]}"; do
    for w in $CB_SCALING_SHAPES; do [ "${e%%:*}" = "$w" ] && echo "$e"; done
  done)
fi
start=$SECONDS
printf 'x\n' >"$T/tiny.md"
run html "$T/tiny.md"
T0=$CPU
run latex "$T/tiny.md"
ge "$CPU" "$T0" && T0=$CPU
echo "start-up: ${T0}s"
for entry in "${shapes[@]}"; do
  IFS=: read -r shape n only <<<"$entry"
  while :; do # calibrate on HTML
    python3 "$GEN" "$shape" "$n" >"$T/n.md"
    run html "$T/n.md"
    if ge "$(awk -v a="$CPU" -v z="$T0" 'BEGIN { print a - z }')" "$MIN_CPU" || [ "$(wc -c <"$T/n.md")" -ge "$MAX_BYTES" ]; then break; fi
    n=$((n * 2))
  done
  python3 "$GEN" "$shape" $((n * 4)) >"$T/4n.md"
  for fmt in html latex; do
    [ "$fmt" = latex ] && [ "${only:-}" = html ] && continue
    [ "$fmt" = html ] || run "$fmt" "$T/n.md"
    t1=$CPU r1=$RSS
    run "$fmt" "$T/4n.md"
    t4=$CPU r4=$RSS
    # Once more when it failed by a little (noise); far beyond the limit is no noise.
    if ! less_than_limit "$t4" "$t1" && less_than_limit "$t4" "$(awk -v a="$t1" 'BEGIN { print a * 3 }')"; then
      run "$fmt" "$T/n.md"
      ge "$CPU" "$t1" && t1=$CPU
      run "$fmt" "$T/4n.md"
      ge "$t4" "$CPU" && t4=$CPU
    fi
    what="$shape/$fmt: N=$n ($(wc -c <"$T/n.md") bytes) ${t1}s ${r1}KiB, 4N ${t4}s ${r4}KiB"
    if less_than_limit "$t4" "$t1" && ratio_ok "$r4" "$r1" "$LIMIT"; then
      ok "$what"
    else
      fail "$what (more than ${LIMIT}x)"
    fi
  done
done
echo "scaling checks took $((SECONDS - start)) s"
finish
