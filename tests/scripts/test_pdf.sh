#!/usr/bin/env bash
# PDF proof on both engines (issue 5).  For the example page, every page in tests/data/latex/
# (through the CLI) and the hand-built models of tests/unit/test_latex.c (independent of the
# reader), on xelatex and lualatex:
#   - 0 "Missing character" lines in the TeX log and no overfull \hbox wider than 1 pt;
#   - the Myanmar font embedded (pdffonts);
#   - pdftotext, NFC with whitespace removed, contains the Burmese of every block;
#   - a PDF bookmark for every heading (Burmese and emoji included; qpdf --json);
#   - injection strings printed as text, nothing executed (no /tmp file written);
#   - the vector QR codes decode (zbarimg) to the videos' watch URLs (and, with --link-notes
#     qr, to the links' URLs).
# Also: a TeX error names the page's file:line and keeps the log; a missing engine names the
# Debian packages; SOURCE_DATE_EPOCH rebuilds are byte-identical.  Prints compile times.
set -u
: "${COURSEBOOK:?}" "${CB_SOURCE_DIR:?}" "${CB_BUILD_DIR:?}" "${CB_TEST_DATA:?}"
for tool in xelatex lualatex pdffonts pdftotext pdftoppm qpdf zbarimg python3; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done
export COURSEBOOK_DATA_DIR="$CB_SOURCE_DIR"
TEST_LATEX="$CB_BUILD_DIR/tests/test_latex"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PWNED=/tmp/pwned
rm -f "$PWNED"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

cat >"$WORK/check.py" <<'PY'
"""check.py PDF LOG MODE SOURCE [HEADINGS] [inject]
MODE md: SOURCE is a course page; txt: SOURCE lists the text of every block, HEADINGS the
headings (from test_latex --pdf)."""
import json, re, subprocess, sys, unicodedata
pdf, log, mode, source = sys.argv[1:5]
headings_file = sys.argv[5] if len(sys.argv) > 5 and sys.argv[5] != "-" else None
inject = "inject" in sys.argv[5:]
errors = []
def squeeze(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s))

logtext = open(log, encoding="utf-8", errors="replace").read()
missing = logtext.count("Missing character")
if missing:
    errors.append(f"{missing} 'Missing character' lines in the log")
for m in re.finditer(r"Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*", logtext):
    if float(m.group(1)) > 1.0:
        errors.append(f"overfull box: {m.group(0)}")

fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
if not any(re.search(r"padauk|myanmar", l, re.I) and " yes " in l for l in fonts.splitlines()):
    errors.append("no embedded Myanmar font:\n" + fonts)

text = squeeze(subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                              text=True).stdout)
MY = "\u1000-\u109F\uA9E0-\uA9FF\uAA60-\uAA7F"
src = open(source, encoding="utf-8").read()
heads = []
if mode == "md":
    if src.startswith("---\n"):
        src = src[src.index("\n---", 3) + 4:]
    lines = []
    fence = None
    for line in src.splitlines():
        f = re.match(r"\s*(```|~~~)", line)
        if f:
            fence = None if fence == f.group(1) else (fence or f.group(1))
        if fence:  # code: its Burmese is checked, its "# comments" are not headings
            lines.append(line)
            continue
        if re.match(r"\s*(\{%|\{:)", line):
            continue
        line = re.sub(r"\]\([^)]*\)", "]", line)  # link targets are not paragraph text
        m = re.match(r"(#{1,6})\s+(.*?)\s*(\{[#:][^}]*\})?\s*$", line)
        if m:
            heads.append(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", m.group(2)))
        lines.append(line)
else:
    lines = src.splitlines()
    heads = open(headings_file, encoding="utf-8").read().splitlines() if headings_file else []
checked = 0
for line in lines:
    for run in re.findall(f"[{MY}][{MY}\\s]*", line):
        want = squeeze(run)
        checked += 1
        if want not in text:
            errors.append(f"Burmese not found in pdftotext output: {want}")
if checked == 0:
    errors.append("no Burmese found in the source to check (test input wrong?)")

qj = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", pdf],
                               capture_output=True, text=True).stdout)
titles = set()
def walk(items):
    for o in items:
        titles.add(squeeze(o.get("title", "")))
        walk(o.get("kids", []))
walk(qj.get("outlines", []))
for h in heads:
    if squeeze(h) not in titles:
        errors.append(f"no bookmark for heading {h!r}; bookmarks: {sorted(titles)}")

if inject:
    for s in [r"\input{/etc/passwd}", r"\write18{touch", r"\catcode", r"\end{document}",
              "100%", "#1", "a&b", "~x", "^y", "{w}", "$5", r"\def\x{y}"]:
        if squeeze(s) not in text:
            errors.append(f"injection string not printed: {s}")

for e in errors:
    print("   ", e)
print(f"    {checked} Burmese runs, {len(heads)} headings checked")
sys.exit(1 if errors else 0)
PY

# median of three wall-clock times of a command, in seconds
median3() {
  local t=()
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || return 1
    e=$(date +%s.%N)
    t+=("$(echo "$e - $s" | bc)")
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n 2p
}

for engine in xelatex lualatex; do
  echo "== $engine"
  out="$WORK/$engine"
  mkdir -p "$out"

  # hand-built models (no reader needed)
  for model in example features stress example-a5-qr features-letter-12pt-none; do
    keep="$out/keep-$model"
    mkdir -p "$keep"
    if COURSEBOOK_KEEP_TEX="$keep" CB_TEST_DATA="$CB_TEST_DATA" \
      "$TEST_LATEX" --pdf "$out" "$engine" "$model" 2>"$out/$model.err"; then
      extra=()
      [ "${model#features}" != "$model" ] && extra=(inject)
      echo "  model $model"
      python3 "$WORK/check.py" "$out/$model.pdf" "$(ls "$keep"/*/handout.log)" txt \
        "$out/$model.txt" "$out/$model.headings" "${extra[@]}" || bad "$engine: model $model"
    else
      cat "$out/$model.err"
      bad "$engine: model $model did not compile"
    fi
  done

  # QR codes: the example's six videos; with QR link notes also every link target
  ex="$CB_SOURCE_DIR/examples/machine-learning-paper-reading.md"
  want=$(sed -n 's/.*include video id="\([^"]*\)" provider="youtube".*/https:\/\/www.youtube.com\/watch?v=\1/p' "$ex" | sort -u)
  links=$(tr '\n' ' ' <"$ex" | grep -o '](https://[^)]*)' | sed 's/^](//; s/)$//; s/ *$//' | sort -u)
  for model in example example-a5-qr; do
    rm -f "$out"/qr-*.png
    pdftoppm -r 300 -png "$out/$model.pdf" "$out/qr"
    got=$(zbarimg -q --raw "$out"/qr-*.png 2>/dev/null | sort -u)
    expect="$want"
    [ "$model" = example-a5-qr ] && expect=$(printf '%s\n%s\n' "$want" "$links" | sort -u)
    [ "$got" = "$expect" ] ||
      { diff <(echo "$expect") <(echo "$got"); bad "$engine: $model QR codes"; }
  done

  # a TeX error is reported with the page's file:line and the kept log
  if CB_TEST_DATA="$CB_TEST_DATA" "$TEST_LATEX" --pdf "$out" "$engine" texerror \
    2>"$out/texerror.err"; then
    bad "$engine: a page with undefined TeX math compiled"
  else
    grep -q "texerror.md:5: error: $engine: Undefined control sequence" "$out/texerror.err" &&
      grep -q "log kept in /.*/handout.log" "$out/texerror.err" ||
      { cat "$out/texerror.err"; bad "$engine: TeX error not traced to file:line"; }
    rm -rf "$(sed -n 's/.*log kept in \(.*\)\/handout.log.*/\1/p' "$out/texerror.err")"
  fi

  # course pages through the command line
  for page in "$CB_SOURCE_DIR/examples/machine-learning-paper-reading.md" \
    "$CB_TEST_DATA"/latex/*.md; do
    name=$(basename "$page" .md)
    keep="$out/keep-page-$name"
    mkdir -p "$keep"
    echo "  page $name"
    if COURSEBOOK_KEEP_TEX="$keep" "$COURSEBOOK" -q --pdf-engine "$engine" "$page" \
      -o "$out/$name.pdf" 2>"$out/$name.err"; then
      extra=(-)
      [ "$name" = injection ] && extra=(- inject)
      python3 "$WORK/check.py" "$out/$name.pdf" "$(ls "$keep"/*/handout.log)" md "$page" \
        "${extra[@]}" || bad "$engine: page $name"
    else
      cat "$out/$name.err"
      bad "$engine: page $name did not convert"
    fi
  done

  # a Myanmar font given as a file (beside fonts.conf, not installed) is used and embedded
  "$COURSEBOOK" -q --pdf-engine "$engine" --data-dir "$CB_TEST_DATA/latex/datadir" \
    "$CB_SOURCE_DIR/examples/machine-learning-paper-reading.md" -o "$out/fontfile.pdf" &&
    pdffonts "$out/fontfile.pdf" | grep -q "Padauk-Regular .* yes" ||
    bad "$engine: Myanmar font from a file"

  # Chinese, Japanese and Korean in Noto Serif CJK (fonts-noto-cjk, which setup.sh installs):
  # the font embedded and the text given back (before, the glyphs were missing boxes)
  if fc-list | grep -q "Noto Serif CJK"; then
    "$COURSEBOOK" -q --pdf-engine "$engine" "$CB_TEST_DATA/latex-cjk/cjk.md" -o "$out/cjk.pdf" \
      2>"$out/cjk.err" ||
      { cat "$out/cjk.err"; bad "$engine: CJK page did not convert"; }
    pdffonts "$out/cjk.pdf" | grep -q "NotoSerifCJK.* yes" || bad "$engine: no CJK font embedded"
    # (NFC: LuaLaTeX's text of 什 is the compatibility ideograph U+F9FD, canonically the same)
    cjk_text=$(pdftotext -enc UTF-8 "$out/cjk.pdf" - |
      python3 -c 'import sys, unicodedata; print(unicodedata.normalize("NFC", sys.stdin.read()))' |
      tr -d ' \n')
    for want in 什麼是人工智慧 ひらがなとカタカナ 굵은글씨 粗體中文; do
      case "$cjk_text" in *"$want"*) ;; *) bad "$engine: '$want' not in the CJK PDF's text" ;; esac
    done
  else
    echo "note: Noto Serif CJK not installed; CJK PDF check skipped"
  fi

  # reproducible with SOURCE_DATE_EPOCH (the hand-built example, then the page itself)
  for i in 1 2; do
    mkdir -p "$out/sde$i"
    SOURCE_DATE_EPOCH=1700000000 CB_TEST_DATA="$CB_TEST_DATA" \
      "$TEST_LATEX" --pdf "$out/sde$i" "$engine" example || bad "$engine: model rebuild $i"
  done
  cmp -s "$out/sde1/example.pdf" "$out/sde2/example.pdf" || bad "$engine: model rebuilds differ"
  ex="$CB_SOURCE_DIR/examples/machine-learning-paper-reading.md"
  for i in 1 2; do
    SOURCE_DATE_EPOCH=1700000000 "$COURSEBOOK" -q --pdf-engine "$engine" "$ex" \
      -o "$out/repro$i.pdf" || bad "$engine: reproducibility build $i failed"
  done
  cmp -s "$out/repro1.pdf" "$out/repro2.pdf" || bad "$engine: rebuilds differ"

  # a missing engine names the Debian packages, writes nothing
  env PATH=/nonexistent CB_TEST_DATA="$CB_TEST_DATA" "$TEST_LATEX" --pdf "$out" "$engine" \
    example 2>"$out/none-model.err" && bad "$engine: model built without an engine on PATH"
  pkg=texlive-xetex
  [ "$engine" = lualatex ] && pkg=texlive-luatex
  grep -q "$engine not found: install the Debian packages $pkg" "$out/none-model.err" ||
    { cat "$out/none-model.err"; bad "$engine: missing-engine message (model)"; }
  if env PATH=/nonexistent "$COURSEBOOK" --pdf-engine "$engine" "$ex" -o "$out/none.pdf" \
    2>"$out/none.err"; then
    bad "$engine: succeeded without an engine on PATH"
  fi
  grep -q "$engine not found: install the Debian packages $pkg" "$out/none.err" ||
    { cat "$out/none.err"; bad "$engine: missing-engine message"; }
  [ -e "$out/none.pdf" ] && bad "$engine: output written although the engine is missing"

  t=$(median3 "$COURSEBOOK" -q --pdf-engine "$engine" "$ex" -o "$out/time.pdf") &&
    echo "  example page compile time ($engine, median of 3): ${t}s"
done

[ -e "$PWNED" ] && bad "$PWNED exists: an injection was executed"
exit $fail
