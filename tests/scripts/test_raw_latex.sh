#!/usr/bin/env bash
# {::nomarkdown type="latex"} is the only way raw LaTeX reaches the output, and only with
# --allow-raw-latex; the HTML backend never prints it.
. "$(dirname "$0")/lib.sh"
P=$CB_TEST_DATA/rawlatex/nomarkdown.md
body() { sed -n '/begin{document}/,$p' "$1"; }

"$COURSEBOOK" "$P" -o "$T/off.tex" 2>"$T/off.err"
check "without the option: converts" [ -s "$T/off.tex" ]
no_raw() { ! body "$1" | grep -q -e '\\textbf{raw}' -e '\\emph{x}'; }
check "without the option: no raw LaTeX in the body" no_raw "$T/off.tex"
check "without the option: a warning per raw block, with file:line" \
  [ "$(grep -c 'nomarkdown.md:[0-9]*\(:[0-9]*\)\?: warning: raw LaTeX left out' "$T/off.err")" -eq 2 ]

"$COURSEBOOK" --allow-raw-latex "$P" -o "$T/on.tex" 2>"$T/on.err"
check "with the option: the block passes through" grep -q '^\\textbf{raw}$' "$T/on.tex"
check "with the option: the span passes through" grep -q '^After \\emph{x} inline\.$' "$T/on.tex"

"$COURSEBOOK" --allow-raw-latex "$P" -o "$T/on.html" 2>/dev/null
no_tex() { ! grep -q -e 'textbf' -e 'emph{' "$1"; }
check "HTML: raw LaTeX is not HTML, left out" no_tex "$T/on.html"
check "HTML: the text around it stays" grep -q 'After' "$T/on.html"
finish
