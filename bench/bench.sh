#!/usr/bin/env bash
# Time coursebook against pandoc and cmark-gfm on a large generated course page.
#
#   bench/bench.sh [--size MB] [--runs N] [--coursebook PATH] [--keep DIR]
#       one size (default 10 MB): coursebook (HTML, plus EPUB and LaTeX when the binary
#       produces them), pandoc -f markdown -t html, cmark-gfm; Markdown table of medians and
#       each tool's ratio to coursebook HTML.
#   bench/bench.sh --sizes [--runs N] ...
#       1, 2, 5 and 10 MB: median per tool and size, and time per MB (flat = linear).
#   bench/bench.sh --smoke
#       1 MB, 1 run: checks that the generator and every tool work (quick; for CI or a busy box).
#
# Uses hyperfine when installed (medians from its CSV export), else a timing loop.  A coursebook
# that fails (not built yet, or a format not implemented) is reported and left out; the other
# tools still run.  The machine may be shared: full runs take minutes (pandoc is slow on 10 MB).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
size=10 runs=5 mode=one keep=""
cb=${COURSEBOOK:-$root/build/coursebook}

while [[ $# -gt 0 ]]; do
  case $1 in
  --size) size=$2; shift 2 ;;
  --runs) runs=$2; shift 2 ;;
  --sizes) mode=sizes; shift ;;
  --smoke) mode=one size=1 runs=1; shift ;;
  --coursebook) cb=$2; shift 2 ;;
  --keep) keep=$2; shift 2 ;;
  -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "bench.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ $size =~ ^[0-9]+$ && $size -gt 0 ]] || { echo "bench.sh: --size wants a positive integer" >&2; exit 2; }
[[ $runs =~ ^[0-9]+$ && $runs -gt 0 ]] || { echo "bench.sh: --runs wants a positive integer" >&2; exit 2; }

if [[ -n $keep ]]; then
  mkdir -p "$keep" && work=$(cd "$keep" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/cb-bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

have() { command -v "$1" >/dev/null 2>&1; }
hyper() { [[ -z ${BENCH_NO_HYPERFINE:-} ]] && have hyperfine; } # env set: test the fallback

# The tools as "label<TAB>command" lines; {in} and {out} are replaced per run.  coursebook
# formats are probed on a small page first so a missing backend does not spoil the benchmark.
tools() {
  local probe=$root/examples/machine-learning-paper-reading.md
  if [[ -x $cb ]]; then
    local fmt ext
    for fmt in html epub latex; do
      case $fmt in html) ext=html ;; epub) ext=epub ;; latex) ext=tex ;; esac
      if "$cb" -q -t "$fmt" -o "$work/probe.$ext" "$probe" 2>"$work/probe-$fmt.err" &&
        [[ -s $work/probe.$ext ]]; then
        printf 'coursebook %s\t%q -q -t %s -o {out}.%s {in}\n' "$fmt" "$cb" "$fmt" "$ext"
      else
        echo "bench.sh: coursebook -t $fmt failed on the probe page; left out:" \
          "$(head -c 300 "$work/probe-$fmt.err")" >&2
      fi
    done
  else
    echo "bench.sh: no coursebook binary at $cb (build it or pass --coursebook); left out" >&2
  fi
  if have pandoc; then
    printf 'pandoc html\tpandoc -f markdown -t html {in} -o {out}.pandoc.html\n'
  else
    echo "bench.sh: pandoc not installed; left out" >&2
  fi
  if have cmark-gfm; then
    printf 'cmark-gfm html\tcmark-gfm -e table -e autolink {in} > {out}.cmark.html\n'
  else
    echo "bench.sh: cmark-gfm not installed; left out" >&2
  fi
}

# median_seconds "command" → prints the median wall time in seconds.
median_seconds() {
  local cmd=$1
  if hyper; then
    local csv=$work/hf.csv
    hyperfine --style none --runs "$runs" --warmup $((runs > 1 ? 1 : 0)) --ignore-failure \
      --export-csv "$csv" "$cmd" >/dev/null 2>&1 || return 1
    awk -F, 'NR == 2 { print $4 }' "$csv" # command,mean,stddev,median,...
  else
    local i t0 t1
    for ((i = 0; i < runs; i++)); do
      t0=$(date +%s.%N)
      bash -c "$cmd" >/dev/null 2>&1
      t1=$(date +%s.%N)
      awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
    done | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
  fi
}

# Runs every tool on $1 (a course file); prints "label<TAB>seconds" lines.
time_all() {
  local in=$1 label cmd
  while IFS=$'\t' read -r label cmd; do
    cmd=${cmd//\{in\}/$(printf %q "$in")}
    cmd=${cmd//\{out\}/$(printf %q "$work/out")}
    # A first run checks the tool actually succeeds on this input (not only on the probe).
    if ! bash -c "$cmd" >/dev/null 2>"$work/err"; then
      echo "bench.sh: $label failed on $(basename "$in"): $(head -c 300 "$work/err")" >&2
      continue
    fi
    printf '%s\t%s\n' "$label" "$(median_seconds "$cmd")"
  done <"$work/tools.tsv"
}

gen() { # gen MB → path
  local f=$work/course-$1mb.md
  [[ -s $f ]] || "$here/gen_course.sh" "$1" >"$f" || { echo "bench.sh: generator failed" >&2; exit 1; }
  echo "$f"
}

echo "coursebook benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $runs run(s) per tool$(hyper && echo ' (hyperfine)')"
echo
tools >"$work/tools.tsv"

if [[ $mode == one ]]; then
  f=$(gen "$size")
  echo "Input: $(basename "$f"), $(wc -c <"$f") bytes, $(grep -c '^#' "$f") headings"
  echo
  time_all "$f" >"$work/results.tsv"
  [[ -s $work/results.tsv ]] || { echo "bench.sh: no tool ran" >&2; exit 1; }
  awk -F'\t' '
    { label[NR] = $1; t[NR] = $2; if ($1 == "coursebook html") base = $2 }
    END {
      print "| tool | median (s) | ratio to coursebook html |"
      print "|---|---:|---:|"
      for (i = 1; i <= NR; i++)
        printf "| %s | %.3f | %s |\n", label[i], t[i], (base > 0 ? sprintf("%.2f", t[i] / base) : "n/a")
    }' "$work/results.tsv"
else
  : >"$work/results.tsv"
  for mb in 1 2 5 10; do
    f=$(gen "$mb")
    time_all "$f" | sed "s/^/$mb\t/" >>"$work/results.tsv"
  done
  [[ -s $work/results.tsv ]] || { echo "bench.sh: no tool ran" >&2; exit 1; }
  awk -F'\t' '
    BEGIN { print "| tool | size (MB) | median (s) | s per MB |"; print "|---|---:|---:|---:|" }
    { rows[$2] = rows[$2] sprintf("| %s | %d | %.3f | %.3f |\n", $2, $1, $3, $3 / $1)
      if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
    END { for (i = 1; i <= n; i++) printf "%s", rows[order[i]] }' "$work/results.tsv"
fi
