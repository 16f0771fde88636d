#!/usr/bin/env bash
# `cmake --install` puts the binary beside its data (share/coursebook/styles, fonts), and the
# installed binary uses that data, not the source tree it was built from.
. "$(dirname "$0")/lib.sh"

P=$T/prefix
check "cmake --install into a fresh prefix" \
  cmake --install "$CB_BUILD_DIR" --prefix "$P" --component Unspecified
check "binary installed" [ -x "$P/bin/coursebook" ]
check "styles installed" [ -f "$P/share/coursebook/styles/handout.css" ]
check "font configuration installed" [ -f "$P/share/coursebook/fonts/fonts.conf" ]
check "LaTeX preamble installed" [ -f "$P/share/coursebook/styles/latex/preamble.tex" ]

# Mark the installed stylesheet: the marker must reach the handout, proving the installed copy
# is the one read (the source tree is also on the search path, after it).
printf '\n/* installed-copy-marker */\n' >>"$P/share/coursebook/styles/handout.css"
mkdir -p "$T/elsewhere"
(cd "$T/elsewhere" && env -u COURSEBOOK_DATA_DIR "$P/bin/coursebook" "$EXAMPLE" -o out.html)
check "installed binary converts from another directory" [ -s "$T/elsewhere/out.html" ]
check "installed binary reads the installed styles" grep -q installed-copy-marker "$T/elsewhere/out.html"
finish
