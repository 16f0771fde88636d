#!/usr/bin/env bash
# Generate a large course page for benchmarks: the example page's front matter and intro once,
# then its body blocks (from the first "## " heading on) repeated until the file reaches the
# requested size.  Each repetition varies the text so the page is not one block copied:
# headings get a unique number, English words rotate through synonyms, prose lines get the
# repetition number in Myanmar digits, and link URLs get a per-copy query parameter (video ids
# stay valid 11-character YouTube ids).
#
# Usage: gen_course.sh SIZE_MB [EXAMPLE.md] > course.md
set -euo pipefail
size_mb=${1:?usage: gen_course.sh SIZE_MB [EXAMPLE.md]}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
example=${2:-$here/../examples/machine-learning-paper-reading.md}
[[ -r $example ]] || { echo "gen_course.sh: cannot read $example" >&2; exit 1; }
[[ $size_mb =~ ^[0-9]+$ && $size_mb -gt 0 ]] || { echo "gen_course.sh: SIZE_MB must be a positive integer" >&2; exit 2; }

awk -v target=$((size_mb * 1024 * 1024)) '
  function mydigits(n,   s, d) {       # n in Myanmar digits (U+1040..U+1049)
    s = ""
    do { d = n % 10; s = mdig[d] s; n = int(n / 10) } while (n > 0)
    return s
  }
  function vary(line, k,   i, w, sep) {
    if (line ~ /^#+ /) return line " " k                       # unique headings
    if (line ~ /^- \[.*\]\([^)]*\)\{:/) {                       # distinct link targets
      sep = (line ~ /\]\([^)]*\?/) ? "\\&" : "?"
      sub(/\)\{:/, sep "copy=" k "){:", line)
      return line
    }
    if (line ~ /^$/ || line ~ /^[-{ )]/) return line            # Liquid, IALs, link tails
    for (i = 1; i <= nsyn; i++) {                              # rotate English words
      w = syn[i, (k + i) % 4]
      gsub(syn[i, 0], w, line)
    }
    return line " (" mydigits(k) ")"
  }
  BEGIN {
    split("၀ ၁ ၂ ၃ ၄ ၅ ၆ ၇ ၈ ၉", t, " "); for (i = 0; i < 10; i++) mdig[i] = t[i + 1]
    nsyn = split("paper:article:study:preprint|methods:techniques:approaches:recipes|" \
                 "network:model:architecture:system|simple:plain:basic:minimal", groups, "|")
    for (i = 1; i <= nsyn; i++) { split(groups[i], t, ":"); for (j = 0; j < 4; j++) syn[i, j] = t[j + 1] }
  }
  { lines[NR] = $0 }
  END {
    fm = 0; body = 0
    for (i = 1; i <= NR; i++) {
      if (lines[i] == "---") fm++
      if (fm >= 2 && body == 0 && lines[i] ~ /^## /) body = i
    }
    if (body == 0) { print "gen_course.sh: no \"## \" heading in the example" > "/dev/stderr"; exit 1 }
    size = 0
    for (i = 1; i < body; i++) { print lines[i]; size += length(lines[i]) + 1 }
    # length() counts characters in some awks and bytes in others; the byte estimate below only
    # decides when to stop, so being off for multi-byte text just changes the size slightly.
    for (k = 1; size < target; k++)
      for (i = body; i <= NR; i++) { l = vary(lines[i], k); print l; size += length(l) + 1 }
  }
' "$example"
