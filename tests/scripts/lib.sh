# shellcheck shell=bash disable=SC2034
# Shared helpers for the end-to-end tests (sourced, not run; not a test_*.sh itself).
#
# ctest passes COURSEBOOK (the binary), CB_SOURCE_DIR, CB_BUILD_DIR and CB_TEST_DATA; when a
# script is run by hand they default to the tree around it and build/.
# Each test collects every failure (so one run shows them all) and ends with `finish`.
set -euo pipefail

CB_SOURCE_DIR=${CB_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CB_BUILD_DIR=${CB_BUILD_DIR:-$CB_SOURCE_DIR/build}
CB_TEST_DATA=${CB_TEST_DATA:-$CB_SOURCE_DIR/tests/data}
COURSEBOOK=${COURSEBOOK:-$CB_BUILD_DIR/coursebook}
EXAMPLE=$CB_SOURCE_DIR/examples/machine-learning-paper-reading.md
PY_LIB=$CB_SOURCE_DIR/tests/lib
export PYTHONPATH="$PY_LIB${PYTHONPATH:+:$PYTHONPATH}"
# Every date in the output comes from the input; pin the clock-derived ones anyway.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1719532800}

T=$(mktemp -d "${TMPDIR:-/tmp}/cbtest.XXXXXX")
trap 'rm -rf "$T"' EXIT
FAILS=0
CHECKS=0

ok() {
  CHECKS=$((CHECKS + 1))
  printf 'ok   %s\n' "$*"
}
fail() {
  CHECKS=$((CHECKS + 1))
  FAILS=$((FAILS + 1))
  printf 'FAIL %s\n' "$*"
}
# check "description" command...: ok when the command succeeds.
check() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}
finish() {
  echo "$((CHECKS - FAILS))/$CHECKS checks passed"
  [ "$FAILS" -eq 0 ] || exit 1
  exit 0
}
skip() {
  echo "SKIP: $*"
  exit 77
}

# need TOOL "debian-package": the validator must be there.  Skipping is only for a developer
# machine without it; in CI (CI set) a missing validator is a failure, never a silent skip.
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ -n "${CI:-}" ]; then
    echo "FAIL: $1 is missing (Debian package $2); ./setup.sh installs it"
    exit 1
  fi
  skip "$1 not installed (Debian package $2; ./setup.sh installs it)"
}

# The kramdown + Liquid oracle (tests/oracle/jekyll_oracle.rb) and the comparison's Python.
need_oracle() {
  need ruby ruby
  need python3 python3
  ruby -e 'require "kramdown"; require "kramdown-parser-gfm"; require "liquid"' 2>/dev/null ||
    need kramdown-gems-for-ruby "ruby-kramdown ruby-kramdown-parser-gfm ruby-liquid"
}

# The W3C Nu HTML checker: $VNU_JAR, else where ./setup.sh puts it.
find_vnu() {
  local c
  for c in "${VNU_JAR:-}" \
    "${COURSEBOOK_TOOLS:-${HOME:-/root}/.cache/coursebook-tools}/node_modules/vnu-jar/build/dist/vnu.jar" \
    "$CB_BUILD_DIR/tools/node_modules/vnu-jar/build/dist/vnu.jar"; do
    if [ -n "$c" ] && [ -f "$c" ]; then
      VNU=$c
      return 0
    fi
  done
  if [ -n "${CI:-}" ]; then
    echo "FAIL: vnu.jar not found (npm package vnu-jar; ./setup.sh installs it)"
    exit 1
  fi
  skip "vnu.jar not found (set VNU_JAR, or run ./setup.sh, which installs npm vnu-jar)"
}

[ -x "$COURSEBOOK" ] || {
  echo "FAIL: no coursebook binary at $COURSEBOOK (build first)"
  exit 1
}

# cb ARGS...: run coursebook with a time limit (bad input must never hang); sets RC and leaves
# stdout in $T/stdout, stderr in $T/stderr.  Never aborts the script.
cb() {
  RC=0
  timeout 120 "$COURSEBOOK" "$@" >"$T/stdout" 2>"$T/stderr" || RC=$?
  sanitizer_check "$@"
}
# cb_in FILE ARGS...: the same with FILE as standard input.
cb_in() {
  local in=$1
  shift
  RC=0
  timeout 120 "$COURSEBOOK" "$@" <"$in" >"$T/stdout" 2>"$T/stderr" || RC=$?
  sanitizer_check "$@"
}
# Under the ASan/UBSan build a report is a failure whatever the exit status; a time-out too.
sanitizer_check() {
  if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/stderr"; then
    fail "sanitizer report for: coursebook $*"
    grep -E 'ERROR:|runtime error:|#[0-9] ' "$T/stderr" | head -12 | sed 's/^/     /'
  fi
  if [ "$RC" -eq 124 ]; then fail "time-out (120 s) for: coursebook $*"; fi
}
show_stderr() { sed 's/^/     stderr: /' "$T/stderr" | head -20; }
