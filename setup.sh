#!/usr/bin/env bash
# coursebook quick start, step 1: install what is missing (Debian/Ubuntu), build into build/,
# and convert the bundled example course into out/ as HTML, EPUB, LaTeX and PDF.
#
#   ./setup.sh                 everything (packages, build, example)
#   ./setup.sh --no-install    skip the package step (you installed the dependencies yourself)
#
# Runs as root, or through sudo when not root.  Safe to run again: only missing packages are
# installed, and the build is incremental.  Environment:
#   COURSEBOOK_TOOLS   where the npm-installed test tools go (default ~/.cache/coursebook-tools)
#   BUILD_TYPE         CMake build type for build/ (default Release)
set -euo pipefail

cd "$(dirname "$0")"
TOOLS=${COURSEBOOK_TOOLS:-${HOME:-/root}/.cache/coursebook-tools}
VNU_VERSION=26.9.27
install=yes
for arg in "$@"; do
  case $arg in
  --no-install) install=no ;;
  -h | --help)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "setup.sh: unknown argument '$arg' (try --help)" >&2
    exit 2
    ;;
  esac
done

say() { printf '\n==> %s\n' "$*"; }

# Build: compiler, CMake and the libraries coursebook links (all through pkg-config).
PKGS_BUILD="cmake gcc make pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev
  libzip-dev libxml2-dev libicu-dev libqrencode-dev libharfbuzz-dev"
# Run time: fonts for Burmese, Latin, Chinese/Japanese/Korean, monospace and emoji; TeX for PDF
# output.  twemojis is in texlive-pictures, fontspec in texlive-latex-recommended, tcolorbox in
# texlive-latex-extra.
PKGS_RUN="fonts-sil-padauk fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core
  texlive-xetex texlive-luatex texlive-latex-recommended texlive-latex-extra texlive-pictures
  texlive-fonts-recommended lmodern"
# Tests and benchmark: validators (Nu HTML checker runs on Java, epubcheck), the kramdown oracle,
# PDF and EPUB inspection (poppler, qpdf, unzip, uconv), QR decoding (rsvg-convert + zbarimg), and
# the tools the benchmark compares against (hyperfine, pandoc, cmark-gfm).
PKGS_TEST="default-jre-headless epubcheck ruby ruby-kramdown ruby-kramdown-parser-gfm ruby-liquid
  poppler-utils libxml2-utils qpdf python3 zbar-tools librsvg2-bin unzip icu-devtools hyperfine
  pandoc cmark-gfm ca-certificates"

if [ "$install" = yes ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup.sh: this script installs packages with apt-get (Debian/Ubuntu)." >&2
    echo "Install the packages listed in setup.sh yourself, then run ./setup.sh --no-install." >&2
    exit 1
  fi
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      echo "setup.sh: not root and no sudo; run as root or install sudo." >&2
      exit 1
    }
    SUDO=(sudo)
  fi
  wanted="$PKGS_BUILD $PKGS_RUN $PKGS_TEST"
  # npm comes with Node.js from NodeSource; only ask Debian for it when neither is there.
  command -v npm >/dev/null 2>&1 || wanted="$wanted nodejs npm"
  missing=()
  for p in $wanted; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${#missing[@]} packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update
    # Recommends are not needed (checked: fontspec, twemojis and tcolorbox come in through the
    # listed packages' Depends) and would add ~1 GB of TeX documentation and fonts.
    "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
  else
    say "all Debian packages are installed"
  fi

  # The W3C Nu HTML checker (vnu.jar) is not packaged by Debian; the npm package carries the jar.
  # Its postinstall script (which would download a Java runtime) is not needed: Java comes from
  # default-jre-headless.
  if [ ! -f "$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    say "installing the Nu HTML checker (npm vnu-jar@$VNU_VERSION) into $TOOLS"
    mkdir -p "$TOOLS"
    if ! npm install --prefix "$TOOLS" --no-audit --no-fund --ignore-scripts \
      "vnu-jar@$VNU_VERSION"; then
      # The converter does not need it; only the HTML validation test does.
      [ -n "${CI:-}" ] && exit 1
      echo "setup.sh: warning: could not install vnu-jar; the HTML validation test will skip" >&2
    fi
  fi
fi

say "building into build/"
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}"
cmake --build build -j"$(nproc 2>/dev/null || echo 2)"

say "converting examples/machine-learning-paper-reading.md into out/"
mkdir -p out
ex=examples/machine-learning-paper-reading.md
for ext in html epub tex pdf; do
  build/coursebook "$ex" -o "out/machine-learning-paper-reading.$ext"
  echo "  out/machine-learning-paper-reading.$ext"
done
say "done: open out/machine-learning-paper-reading.html in a browser; build/coursebook --help"
