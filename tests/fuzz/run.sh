#!/bin/bash
# Run one fuzzer for a while: tests/fuzz/run.sh BUILD_DIR convert|frontmatter|sanitize [SECONDS]
# The seed corpus is assembled from examples/, tests/data/**/*.md and tests/fuzz/seeds/; the
# working corpus grows in BUILD_DIR/corpus-NAME; crashes land in tests/fuzz/crashers/.  Fork
# mode with one worker keeps going past a known crash so one open bug does not stop the search.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:?build dir}
name=${2:?convert, frontmatter or sanitize}
secs=${3:-300}
corpus=$build/corpus-$name
mkdir -p "$corpus" "$here/crashers"
case $name in
convert | frontmatter)
  for f in "$src"/examples/*.md $(find "$src/tests/data" -name '*.md') "$here"/seeds/convert/*; do
    case $f in */security/math-carets.md) continue ;; esac # an open bug (crashers/): no reminder needed
    cp "$f" "$corpus/seed-$(echo "${f#"$src"/}" | tr / _)"
  done
  ;;
sanitize)
  cp "$here"/seeds/sanitize/* "$corpus/" 2>/dev/null || true
  ;;
esac
dict=()
[ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
exec "$build/tests/fuzz/fuzz_$name" "$corpus" "${dict[@]}" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$here/crashers/$name-" -print_final_stats=1
