#!/usr/bin/env bash
# The whole test suite, as CI runs it (the README's second command, after ./setup.sh):
#   1. every ctest in build/ (unit tests and the end-to-end tests with the real validators);
#   2. an AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/, where the unit
#      tests and the end-to-end tests that feed the CLI bad and real input run again.
# Both stages always run; the exit status is non-zero if anything failed in either.
#   JOBS=N        parallel jobs (default 2)
#   ASAN_TESTS=RE ctest regex for stage 2 (default: unit tests, CLI and golden tests)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-2}
status=0

echo "==> build/: all tests"
[ -f build/CMakeCache.txt ] || cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"
ctest --test-dir build --no-tests=error --output-on-failure -j"$jobs" || status=1

echo "==> build-asan/: ASan+UBSan build, unit tests and CLI/golden end-to-end tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCOURSEBOOK_SANITIZE=ON
cmake --build build-asan -j"$jobs"
# Any sanitizer report fails the test: UBSan aborts on the first finding, ASan/LSan exit non-zero.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build-asan --no-tests=error --output-on-failure -j"$jobs" \
  -R "${ASAN_TESTS:-^unit\.|^e2e\.test_(cli|golden)$}" || status=1

if [ "$status" -ne 0 ]; then
  echo "==> FAILED (see above)"
else
  echo "==> all tests passed"
fi
exit "$status"
