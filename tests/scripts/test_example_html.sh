#!/usr/bin/env bash
# The example course page as an HTML handout: valid HTML (W3C Nu checker, 0 errors), every
# video as a card with its watch link and a QR code that scans back to that link, the notice,
# the contents list with working links, the title block, kramdown's ids, no Liquid or IAL
# residue, lang="my".  The structural checks are in tests/lib/check_example_html.py.
source "$(dirname "$0")/lib.sh"
need python3 python3
need java default-jre-headless
need rsvg-convert librsvg2-bin
need zbarimg zbar-tools
find_vnu

out=$T/handout.html
cb "$EXAMPLE" -o "$out"
check "the example converts (exit 0)" [ "$RC" -eq 0 ]
check "the example converts without warnings" [ ! -s "$T/stderr" ]
show_stderr
[ -s "$out" ] || {
  fail "no handout written"
  
# --embed-font: the Myanmar font travels inside the handout (an @font-face with a data: URI).
cb --embed-font "$EXAMPLE" -o "$T/font.html"
check "--embed-font: exit 0" [ "$RC" -eq 0 ]
check "--embed-font: an @font-face whose source is an embedded font (data: URI)" \
  grep -Eq "@font-face[^}]*url\\(['\"]?data:(font/(ttf|otf|sfnt|woff2?)|application/(font-sfnt|x-font-ttf|font-woff2?))[;,]" "$T/font.html"
check "--embed-font: bigger than the plain handout by at least a (subset) font" \
  [ "$(stat -c %s "$T/font.html")" -gt "$(($(stat -c %s "$out") + 5000))" ]
if java -jar "$VNU" --errors-only "$T/font.html" 2>"$T/vnu3.txt"; then
  ok "--embed-font: Nu HTML checker: 0 errors"
else
  fail "--embed-font: Nu HTML checker errors"
  head -10 "$T/vnu3.txt" | sed 's/^/     /'
fi
finish
}

# W3C Nu HTML checker: errors only (warnings are advice), 0 of them.
if java -jar "$VNU" --errors-only "$out" 2>"$T/vnu.txt"; then
  ok "Nu HTML checker: 0 errors"
else
  fail "Nu HTML checker: $(grep -c 'error:' "$T/vnu.txt") errors"
  head -20 "$T/vnu.txt" | sed 's/^/     /'
fi

mkdir -p "$T/qr"
rc=0
python3 "$PY_LIB/check_example_html.py" "$out" "$EXAMPLE" "$T/qr" || rc=$?
if [ "$rc" -eq 0 ]; then ok "structure of the handout (above)"; else fail "$rc structural checks (above)"; fi

# Each QR code, rendered on white, must decode to its video's watch URL.
n=0
for svg in "$T"/qr/qr-*.svg; do
  [ -e "$svg" ] || continue
  n=$((n + 1))
  want=$(cat "${svg%.svg}.url")
  got=$(rsvg-convert -b white -w 400 -h 400 "$svg" -o "${svg%.svg}.png" &&
    zbarimg --raw -q "${svg%.svg}.png" 2>/dev/null || true)
  check "QR code $(basename "$svg" .svg) decodes to $want" [ "$got" = "$want" ]
done
check "QR codes of all 6 videos decoded" [ "$n" -eq 6 ]

# --embed-video: the player instead of the card, at the theme's embed URL.
cb --embed-video "$EXAMPLE" -o "$T/embed.html"
check "--embed-video: exit 0" [ "$RC" -eq 0 ]
check "--embed-video: 6 players at youtube-nocookie embed URLs" \
  [ "$(grep -o '<iframe[^>]*src="https://www.youtube-nocookie.com/embed/[A-Za-z0-9_-]*"' "$T/embed.html" | wc -l)" -eq 6 ]
if java -jar "$VNU" --errors-only "$T/embed.html" 2>"$T/vnu2.txt"; then
  ok "--embed-video: Nu HTML checker: 0 errors"
else
  fail "--embed-video: Nu HTML checker errors"
  head -10 "$T/vnu2.txt" | sed 's/^/     /'
fi

# --embed-font: the Myanmar font travels inside the handout (an @font-face with a data: URI).
cb --embed-font "$EXAMPLE" -o "$T/font.html"
check "--embed-font: exit 0" [ "$RC" -eq 0 ]
check "--embed-font: an @font-face whose source is an embedded font (data: URI)" \
  grep -Eq "@font-face[^}]*url\\(['\"]?data:(font/(ttf|otf|sfnt|woff2?)|application/(font-sfnt|x-font-ttf|font-woff2?))[;,]" "$T/font.html"
check "--embed-font: bigger than the plain handout by at least a (subset) font" \
  [ "$(stat -c %s "$T/font.html")" -gt "$(($(stat -c %s "$out") + 5000))" ]
if java -jar "$VNU" --errors-only "$T/font.html" 2>"$T/vnu3.txt"; then
  ok "--embed-font: Nu HTML checker: 0 errors"
else
  fail "--embed-font: Nu HTML checker errors"
  head -10 "$T/vnu3.txt" | sed 's/^/     /'
fi
finish
