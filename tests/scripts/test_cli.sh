#!/usr/bin/env bash
# The command line as documented in --help and the README: usage errors (exit 2), bad input
# (exit 1, file:line:col, no output written, an existing output untouched, no temporary file
# left), invalid UTF-8 (replaced, warning, exit 0), stdin and stdout, -q, -M, -t, unknown Liquid
# tags (warning with file:line, tag dropped).
source "$(dirname "$0")/lib.sh"

W=$T/work
mkdir -p "$W"
cd "$W" || exit 1

printf '# Hello\n\nSome text.\n' >good.md

no_tmp_files() { [ -z "$(find "$W" -name '*.tmp.*' -print -quit)" ]; }
stderr_has() { grep -Eq -- "$1" "$T/stderr"; }
stdout_empty() { [ ! -s "$T/stdout" ]; }

# ---- usage errors: exit 2, a message, nothing written ------------------------------------------
usage_case() {
  local what=$1
  shift
  rm -f u.html
  cb "$@"
  if [ "$RC" -eq 2 ] && [ -s "$T/stderr" ] && [ ! -e u.html ] && stdout_empty; then
    ok "usage error exits 2: $what"
  else
    fail "usage error exits 2: $what (exit $RC)"
    show_stderr
  fi
}
usage_case "no input" -o u.html
usage_case "no arguments at all"
usage_case "unknown option" --bogus good.md -o u.html
usage_case "unknown short option" -Z good.md -o u.html
usage_case "unknown format (-t docx)" -t docx good.md -o u.html
usage_case "format not known from extension (.docx)" good.md -o u.docx
usage_case "-M without =" -M novalue good.md -o u.html
usage_case "-M with empty key" -M =value good.md -o u.html
usage_case "-o without its argument" good.md -o
usage_case "bad --pdf-engine" --pdf-engine pdflatex good.md -o u.html
usage_case "bad --paper" --paper a3 good.md -o u.html
[ ! -e u.docx ] || fail "u.docx created by a usage error"

cb --help
check "--help exits 0" [ "$RC" -eq 0 ]
check "--help prints the usage on stdout" grep -q '^Usage: coursebook' "$T/stdout"
check "--help documents the exit codes" grep -q '2 usage error' "$T/stdout"
cb --version
check "--version exits 0" [ "$RC" -eq 0 ]
check "--version prints 'coursebook X.Y.Z'" grep -Eq '^coursebook [0-9]+\.[0-9]+\.[0-9]+' "$T/stdout"

# ---- bad input: exit 1, file:line:col error, no output, existing output untouched ------------
printf -- '---\ntitle: a: b\n---\n\nBody.\n' >bad-yaml.md
printf -- '---\ntitle: Never closed\ndate: 2023-12-13\n\n# Heading\n\nBody.\n' >never-closed.md
printf 'Hello\n\nwor\0ld\n' >nul.md
: >empty.md
printf '  \n\n\t\n' >blank.md
# A real PNG image and a real gzip file (binary input given by mistake).
python3 - <<'EOF'
import struct, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"\0" + b"\xff\0\0" * 2 + b"\0" + b"\0\xff\0" * 2)) \
    + chunk(b"IEND", b"")
open("photo.png", "wb").write(png)
EOF
printf '# Notes\n\nSome text that was compressed.\n' | gzip -9n >notes.md.gz

# bad_case FILE ERROR-REGEX: run twice, without and with an existing output file.
bad_case() {
  local in=$1 re=$2
  rm -f out.html
  cb "$in" -o out.html
  if [ "$RC" -eq 1 ] && stderr_has "$re" && [ ! -e out.html ] && stdout_empty && no_tmp_files; then
    ok "$in: exit 1, error matches /$re/, no output file, no temporary file"
  else
    fail "$in: want exit 1, /$re/ on stderr, no out.html, no *.tmp.* (exit $RC$([ -e out.html ] && echo ', out.html written'))"
    show_stderr
  fi
  printf 'precious handout\n\0binary tail\n' >out.html
  cp out.html expected.keep
  cb "$in" -o out.html
  if [ "$RC" -eq 1 ] && cmp -s out.html expected.keep && no_tmp_files; then
    ok "$in: an existing output file is left byte-identical"
  else
    fail "$in: existing output file changed or temporary file left (exit $RC)"
  fi
  # -q silences warnings, never errors.
  cb -q "$in" -o out.html
  if [ "$RC" -eq 1 ] && stderr_has "$re"; then
    ok "$in: the error is still reported with -q"
  else
    fail "$in: -q hid the error or changed the exit status (exit $RC)"
  fi
  rm -f out.html expected.keep
}
bad_case bad-yaml.md '^bad-yaml\.md:2:9: error: '
bad_case never-closed.md '^never-closed\.md:[0-9]+:[0-9]+: error: '
bad_case nul.md '^nul\.md:3:4: error: '
bad_case empty.md '^empty\.md:[0-9]+:[0-9]+: error: '
bad_case blank.md '^blank\.md:[0-9]+:[0-9]+: error: '
bad_case photo.png '^photo\.png:[0-9]+:[0-9]+: error: '
bad_case notes.md.gz '^notes\.md\.gz:[0-9]+:[0-9]+: error: '

cb does-not-exist.md -o out.html
check "a missing input file: exit 1 with its name, no output" \
  eval '[ "$RC" -eq 1 ] && stderr_has "does-not-exist\.md" && [ ! -e out.html ]'
cb good.md -o "$W/no/such/dir/out.html"
check "an unwritable output path: exit 1, an error, no temporary file" \
  eval '[ "$RC" -eq 1 ] && stderr_has "error" && no_tmp_files'

# ---- invalid UTF-8: replaced by U+FFFD with a warning (documented), exit 0 ---------------------
printf '# Caf\xe9\n\nna\xefve text\n' >latin1.md
cb latin1.md -o latin1.html
check "invalid UTF-8: exit 0" [ "$RC" -eq 0 ]
check "invalid UTF-8: warning at the first bad byte (latin1.md:1:6)" \
  stderr_has '^latin1\.md:1:6: warning: '
check "invalid UTF-8: bytes replaced by U+FFFD in the output" \
  grep -q $'Caf\xef\xbf\xbd' latin1.html
check "invalid UTF-8: the output is valid UTF-8" iconv -f UTF-8 -t UTF-8 latin1.html -o /dev/null
cb -q latin1.md -o latin1.html
check "invalid UTF-8 with -q: exit 0 and no warning" eval '[ "$RC" -eq 0 ] && [ ! -s "$T/stderr" ]'

# ---- stdin, stdout, -t, -M ---------------------------------------------------------------------
cb_in good.md - -o stdin.html
check "stdin '-': exit 0" [ "$RC" -eq 0 ]
check "stdin '-': the page is converted" grep -q 'Hello' stdin.html
check "stdin '-': the heading has its kramdown id" grep -q 'id="hello"' stdin.html

cb good.md -o -
check "-o -: exit 0" [ "$RC" -eq 0 ]
check "-o -: HTML on stdout" grep -qi '^<!DOCTYPE html>' "$T/stdout"
check "-o -: no file named '-'" [ ! -e ./- ]
cp "$T/stdout" dash.html
cb good.md
check "no -o: the same HTML on stdout" eval '[ "$RC" -eq 0 ] && [ -s dash.html ] && cmp -s "$T/stdout" dash.html'

cb -t html good.md -o page.out
check "-t html overrides the extension" eval '[ "$RC" -eq 0 ] && grep -qi "^<!DOCTYPE html>" page.out'

cb -M 'title=Overridden Title' good.md -o meta.html
check "-M title=...: exit 0" [ "$RC" -eq 0 ]
check "-M title=...: the title is used" grep -q '<title>Overridden Title' meta.html

# ---- unknown Liquid tags: file:line warning, tag dropped; -q silences it ---------------------
printf '# Title\n\nBefore the tag.\n{%% unknown_tag foo=1 %%}\nAfter the tag.\n' >liquid.md
cb liquid.md -o liquid.html
check "unknown Liquid tag: exit 0" [ "$RC" -eq 0 ]
check "unknown Liquid tag: warning liquid.md:4: warning:" stderr_has '^liquid\.md:4(:[0-9]+)?: warning: '
check "unknown Liquid tag: no '{%' in the output" eval '[ -s liquid.html ] && ! grep -q "{%" liquid.html'
check "unknown Liquid tag: the tag's text is not in the output" \
  eval '[ -s liquid.html ] && ! grep -q "unknown_tag" liquid.html'
check "unknown Liquid tag: the text around it is kept" \
  eval 'grep -q "Before the tag" liquid.html && grep -q "After the tag" liquid.html'
cp liquid.html liquid.loud 2>/dev/null || : >liquid.loud
cb -q liquid.md -o liquid.html
check "-q: exit 0, no warning on stderr" eval '[ "$RC" -eq 0 ] && [ ! -s "$T/stderr" ]'
check "-q: the output is the same" eval '[ -s liquid.loud ] && cmp -s liquid.html liquid.loud'
cb_in liquid.md - -o stdin-liquid.html
check "stdin: the warning still has a name and the line" stderr_has '^[^:]+:4(:[0-9]+)?: warning: '

check "no temporary files left anywhere" no_tmp_files
finish
