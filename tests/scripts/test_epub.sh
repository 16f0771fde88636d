#!/bin/bash
# EPUB backend end to end: the example page and the EPUB test pages are converted and checked
# with epubcheck (0 errors, 0 warnings each); rebuilding with the same SOURCE_DATE_EPOCH gives
# the same bytes; the OPF metadata matches the front matter; the Burmese in the XHTML is NFC
# and carries U+200B break hints (none with --no-break-hints); unsafe input is neutralised;
# a long page is split into documents under 256 KB whose cross-document links resolve.
set -u
: "${COURSEBOOK:?}" "${CB_SOURCE_DIR:?}" "${CB_TEST_DATA:?}"

if ! command -v java >/dev/null || [ ! -f /usr/bin/epubcheck ]; then
  echo "SKIP: epubcheck (Debian package epubcheck) is not installed"
  exit 77
fi
for tool in xmllint unzip uconv; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing"; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data="$CB_TEST_DATA/epub"
example="$CB_SOURCE_DIR/examples/machine-learning-paper-reading.md"
export SOURCE_DATE_EPOCH=1700000000
export TZ=UTC
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# convert NAME INPUT [options…]: writes $tmp/NAME.epub, stderr in $tmp/NAME.err
convert() {
  local name=$1 input=$2
  shift 2
  if ! "$COURSEBOOK" "$@" "$input" -o "$tmp/$name.epub" 2>"$tmp/$name.err"; then
    fail "$name: coursebook failed"
    cat "$tmp/$name.err"
    return 1
  fi
  [ -s "$tmp/$name.epub" ] || { fail "$name: no EPUB written"; return 1; }
}

epubcheck_clean() {
  local name=$1
  java -jar /usr/bin/epubcheck --failonwarnings "$tmp/$name.epub" >"$tmp/$name.check" 2>&1
  local rc=$?
  if [ $rc -ne 0 ] || ! grep -q "0 fatals / 0 errors / 0 warnings" "$tmp/$name.check"; then
    fail "$name: epubcheck reports problems"
    grep -E "^(FATAL|ERROR|WARNING)" "$tmp/$name.check" | head -20
  else
    echo "ok: $name passes epubcheck with 0 errors, 0 warnings"
  fi
}

opf() { unzip -p "$tmp/$1.epub" OEBPS/content.opf; }
xp() { # xp NAME XPATH: string value from the OPF
  opf "$1" | xmllint --xpath "$2" - 2>/dev/null
}
expect() { # expect NAME XPATH WANT
  local got
  got=$(xp "$1" "$2")
  [ "$got" = "$3" ] || fail "$1: $2 = '$got', want '$3'"
}

# XPath predicates: Dublin Core elements, OPF meta elements.
D='namespace-uri()="http://purl.org/dc/elements/1.1/"'
M='namespace-uri()="http://www.idpf.org/2007/opf" and local-name()="meta"'

# ---- every page: valid EPUB ----
convert example "$example" && epubcheck_clean example
for p in images tables-code notes-math unsafe; do
  convert "$p" "$data/$p.md" --site-root "$data" && epubcheck_clean "$p"
done

# ---- links into the course's site: absolute with the site's url, else their text alone ----
# (a relative href naming nothing in the book fails epubcheck: RSC-007; an unknown scheme
# such as a typo's `htts:` is a warning, HTM-025)
links='## Links\n\n[syllabus](/courses/syllabus/), <a href="/courses/guide/">guide</a>, [next page](lecture2.html), <a href="notes.html">notes</a>, [a typo](htts://example.org/x) and [a section](#links).\n'
mkdir -p "$tmp/site"
printf 'url: "https://school.example.org/"\nbaseurl: /courses\n' >"$tmp/site/_config.yml"
printf -- "---\ntitle: Site links\n---\n\n$links" >"$tmp/site/links.md"
printf -- "---\ntitle: Links, no site\n---\n\n$links" >"$tmp/links-nosite.md"
convert links-site "$tmp/site/links.md" && epubcheck_clean links-site
convert links-nosite "$tmp/links-nosite.md" && epubcheck_clean links-nosite
body=$(unzip -p "$tmp/links-site.epub" OEBPS/doc001.xhtml 2>/dev/null)
case "$body" in *'href="https://school.example.org/courses/syllabus/"'*) ;;
*) fail "links-site: /courses/syllabus/ not made absolute with the site's url" ;; esac
case "$body" in *'href="https://school.example.org/courses/guide/"'*) ;;
*) fail "links-site: raw HTML /courses/guide/ not made absolute" ;; esac
body=$(unzip -p "$tmp/links-nosite.epub" OEBPS/doc001.xhtml 2>/dev/null)
case "$body" in *'/courses/'* | *'lecture2.html'* | *'notes.html'*) fail "links-nosite: a dangling relative link was written" ;; esac
case "$body" in *'htts:'*) fail "links-nosite: a link with an unknown scheme was written (HTM-025)" ;; esac
case "$body" in *syllabus*guide*'next page'*notes*) ;; *) fail "links-nosite: a link's text was lost" ;; esac
grep -q 'links-nosite.md:7:[0-9]*: warning: link to /courses/syllabus/' "$tmp/links-nosite.err" ||
  fail "links-nosite: no warning for the link left as text"

# ---- a font with OFL Reserved Font Names (Padauk) is embedded as a renamed subset ----
padauk=/usr/share/fonts/truetype/padauk/Padauk-Regular.ttf
if [ -f "$padauk" ] && command -v fc-scan >/dev/null; then
  mkdir -p "$tmp/data/fonts" "$tmp/data/styles"
  cp "$CB_SOURCE_DIR/styles/epub.css" "$tmp/data/styles/"
  printf 'dir = /usr/share/fonts/truetype/padauk\n[myanmar]\nfont = Padauk; regular = Padauk-Regular.ttf; bold = Padauk-Bold.ttf; reserved-name = yes\n' \
    >"$tmp/data/fonts/fonts.conf"
  convert padauk "$example" --data-dir "$tmp/data" && epubcheck_clean padauk
  unzip -p "$tmp/padauk.epub" OEBPS/fonts/myanmar.ttf >"$tmp/padauk-subset.ttf"
  family=$(fc-scan --format '%{family}' "$tmp/padauk-subset.ttf")
  case "$family" in
  *Padauk*) fail "a Padauk subset keeps its reserved name ($family)" ;;
  "") fail "the embedded Padauk subset is not a readable font" ;;
  esac
  [ "$(stat -c %s "$tmp/padauk-subset.ttf")" -lt $(($(stat -c %s "$padauk") / 4)) ] ||
    fail "the embedded Padauk is not subset"
else
  echo "note: Padauk (fonts-sil-padauk) or fc-scan (fontconfig) missing; renaming not checked"
fi

# ---- an English page: no Myanmar font carried, English language ----
printf -- '---\ntitle: "An English page"\ncreator: Test\ndate: 2024-01-01\n---\n\n## Intro\n\nPlain *English* text.\n' >"$tmp/english.md"
convert english "$tmp/english.md" && epubcheck_clean english
expect english "string(//*[local-name()='language' and $D])" "en"
unzip -l "$tmp/english.epub" | grep -q 'fonts/' && fail "english: a font was embedded without Burmese text"

# ---- several pages make one book: a chapter each, ids unique across them ----
convert multi "$data/images.md" --site-root "$data" "$data/tables-code.md" "$data/notes-math.md" &&
  epubcheck_clean multi
expect multi "count(//*[local-name()='itemref'])" "5"

# ---- reproducible ----
convert example2 "$example"
cmp -s "$tmp/example.epub" "$tmp/example2.epub" || fail "two builds of the example differ"
convert images2 "$data/images.md" --site-root "$data"
cmp -s "$tmp/images.epub" "$tmp/images2.epub" || fail "two builds of images.md differ"
# The container starts with the stored mimetype entry.
[ "$(head -c 58 "$tmp/example.epub" | tail -c 28)" = "mimetypeapplication/epub+zip" ] ||
  fail "mimetype is not the first, stored entry"

# ---- OPF metadata against the example's front matter ----
expect example "string(//*[local-name()='title' and $D])" "Machine Learning Paper Reading"
expect example "count(//*[local-name()='creator' and $D])" "1"
expect example "string(//*[local-name()='creator' and $D])" "Alex Snow"
expect example "count(//*[local-name()='publisher' and $D])" "1"
expect example "string(//*[local-name()='publisher' and $D])" "Alex Snow School"
expect example "string(//*[local-name()='date' and $D])" "2023-12-13"
expect example "string(//*[local-name()='language' and $D])" "my"
expect example "string(//*[local-name()='rights' and $D])" "Public Domain"
expect example "count(//*[local-name()='subject' and $D])" "3"
expect example "string(//*[$M and @property='dcterms:modified'])" "2024-06-28T00:00:00Z"
expect example "string(//*[$M and @property='schema:educationalLevel'])" "Intermediate"
expect example "count(//*[$M and @property='schema:audience'])" "3"
expect example "count(//*[$M and @property='schema:accessibilityHazard'])" "1"
desc=$(xp example "string(//*[local-name()='description' and $D])")
case "$desc" in
"Machine Learning လေ့လာသူတွေအတွက် "*) ;;
*) fail "example: dc:description is '$desc'" ;;
esac
id1=$(xp example "string(//*[local-name()='identifier' and $D])")
case "$id1" in urn:uuid:*) ;; *) fail "example: identifier '$id1' is not a urn:uuid" ;; esac
convert retitled "$example" -M "title=Another title"
id2=$(xp retitled "string(//*[local-name()='identifier' and $D])")
[ "$id1" != "$id2" ] || fail "the derived identifier does not depend on the title"
# A date-time with an offset becomes UTC.
expect tables-code "string(//*[$M and @property='dcterms:modified'])" "2024-03-01T04:00:00Z"
expect notes-math "count(//*[local-name()='creator' and $D])" "2"
# Covers: header.teaser when the file exists (tables-code.md), else a generated SVG.
expect tables-code "string(//*[local-name()='item' and contains(@properties,'cover-image')]/@media-type)" "image/png"
expect notes-math "string(//*[local-name()='item' and contains(@properties,'cover-image')]/@media-type)" "image/svg+xml"
# images.md: one empty publisher item → no dc:publisher; every image has alt text.
expect images "count(//*[local-name()='publisher' and $D])" "0"
expect images "count(//*[$M and .='alternativeText'])" "1"

# ---- Burmese: NFC, break hints, lang ----
mkdir -p "$tmp/x"
(cd "$tmp/x" && unzip -q -o "$tmp/example.epub")
text="$tmp/example.txt"
cat "$tmp/x/OEBPS/"doc*.xhtml >"$text"
uconv -f utf-8 -t utf-8 -x Any-NFC <"$text" | cmp -s - "$text" || fail "example XHTML is not NFC"
zwsp=$(grep -o $'\xe2\x80\x8b' "$text" | wc -l)
[ "$zwsp" -gt 50 ] || fail "example XHTML has only $zwsp U+200B break hints"
grep -q 'lang="en" xml:lang="en"' "$text" || fail "no English runs marked in the Burmese page"
for f in "$tmp/x/OEBPS/"*.xhtml; do
  grep -q ' lang="[a-z]' "$f" && grep -q ' xml:lang="[a-z]' "$f" || fail "$(basename "$f") lacks lang/xml:lang"
done
grep -q 'FaceNet' "$text" || fail "example body text missing"
grep -qF '{%' "$text" && fail "Liquid tag residue in the EPUB"
grep -qF '{:' "$text" && fail "IAL residue in the EPUB"
[ "$(grep -o 'class="[^"]*video[^"]*"' "$text" | wc -l)" -ge 5 ] || fail "fewer than 5 video cards"
unzip -l "$tmp/example.epub" | grep -q 'OEBPS/fonts/myanmar.ttf' || fail "Myanmar font not embedded"
unzip -p "$tmp/example.epub" META-INF/com.apple.ibooks.display-options.xml |
  grep -q 'specified-fonts">true' || fail "Apple display options missing"

convert nohints "$example" --no-break-hints
rm -rf "$tmp/y" && mkdir -p "$tmp/y" && (cd "$tmp/y" && unzip -q -o "$tmp/nohints.epub")
if cat "$tmp/y/OEBPS/"*.xhtml | grep -q $'\xe2\x80\x8b'; then
  fail "--no-break-hints still writes U+200B"
fi

# ---- unsafe input ----
rm -rf "$tmp/u" && mkdir -p "$tmp/u" && (cd "$tmp/u" && unzip -q -o "$tmp/unsafe.epub")
body=$(cat "$tmp/u/OEBPS/"*.xhtml)
for bad in '<script' 'onclick' 'onmouseover' 'javascript:' '<iframe' '<form' 'alert('; do
  case "$body" in *"$bad"*) fail "unsafe.md: '$bad' survived" ;; esac
done
unzip -l "$tmp/unsafe.epub" | grep -qi 'passwd' && fail "unsafe.md: /etc/passwd was packaged"
grep -q 'root:' "$tmp/u/OEBPS/"* 2>/dev/null && fail "unsafe.md: /etc/passwd content packaged"
grep -q 'unsafe.md:[0-9]*.*\.\./\.\./etc/passwd' "$tmp/unsafe.err" ||
  fail "unsafe.md: no warning for the ../../etc/passwd image"
grep -q 'unsafe.md:[0-9]*.*etc/passwd.*outside the course root' "$tmp/unsafe.err" ||
  fail "unsafe.md: the deep ../…/etc/passwd image was not refused as outside the root"
grep -q 'unsafe.md:[0-9]*.*does-not-exist' "$tmp/unsafe.err" ||
  fail "unsafe.md: no file:line warning for the missing image"
grep -q 'unsafe.md:[0-9]*.*example.com/picture.png' "$tmp/unsafe.err" ||
  fail "unsafe.md: no warning for the remote image"
case "$body" in *"Missing picture"*) ;; *) fail "unsafe.md: missing image's alt text not shown" ;; esac

# images: SVG script gone, PNG-named-JPEG packaged as PNG, one copy of the square.
rm -rf "$tmp/i" && mkdir -p "$tmp/i" && (cd "$tmp/i" && unzip -q -o "$tmp/images.epub")
grep -q 'alert' "$tmp/i/OEBPS/images/"*.svg 2>/dev/null && fail "images.md: SVG script survived"
[ "$(opf images | grep -c 'media-type="image/png"')" -eq 2 ] ||
  fail "images.md: expected 2 PNG items (square once, mislabelled as PNG)"
opf images | grep -q 'media-type="image/jpeg"' && fail "images.md: PNG content declared JPEG"

# ---- a long page is split; cross-document links resolve (epubcheck checks fragments) ----
long="$tmp/long.md"
{
  printf -- '---\ntitle: ရှည်လျားသော စာမျက်နှာ Long page\ncreator: Test\ndate: 2024-06-01\n---\n\n'
  printf '{%% include toc title="Contents" %%}\n\n[Jump to the last part](#part-150)\n\n'
  for i in $(seq 1 150); do
    printf '## Part %d\n\n' "$i"
    for j in 1 2 3 4 5 6; do
      printf 'Face Recognition ကို စိတ်ဝင်စားသူတိုင်လေ့လာ သင့်တဲ့ paper လေဖြစ်လို့ အားလုံးအတွက် အကျိုးရှိအောင် ရှယ်ပေးလိုက်ပါတယ်။ Paragraph %d.%d with a [link back](#part-1).\n\n' "$i" "$j"
    done
  done
} >"$long"
convert long "$long" --site-root "$tmp" && epubcheck_clean long
ndocs=$(unzip -l "$tmp/long.epub" | grep -c 'OEBPS/doc[0-9]*\.xhtml')
[ "$ndocs" -ge 3 ] || fail "long page: only $ndocs content documents"
while read -r size name; do
  [ "$size" -le 262144 ] || fail "long page: $name is $size bytes"
done < <(unzip -l "$tmp/long.epub" | awk '/OEBPS\/doc[0-9]+\.xhtml/ {print $1, $4}')
expect long "count(//*[local-name()='itemref'])" "$((ndocs + 2))"

# ---- a failed build leaves an existing EPUB untouched ----
cp "$tmp/example.epub" "$tmp/keep.epub"
printf -- '---\ntitle: [unclosed\n---\n' >"$tmp/bad.md"
if "$COURSEBOOK" "$tmp/bad.md" -o "$tmp/keep.epub" 2>/dev/null; then
  fail "malformed front matter did not fail"
fi
cmp -s "$tmp/example.epub" "$tmp/keep.epub" || fail "a failed build changed the existing EPUB"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all EPUB checks passed"
