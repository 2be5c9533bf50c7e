#!/usr/bin/env bash
# The browser validator's tests (part of `make check`): sets up what they
# need (scripts/web-deps.sh: emscripten, chromium, libxml2 for wasm, once),
# builds the page (`make web`) and runs tests/web/test_page.py in headless
# Chromium.  When the toolchain cannot be had here (no network, no root),
# says so and skips; any other failure fails.
set -uo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
scripts/web-deps.sh
rc=$?
if [ $rc -eq 77 ]; then
    echo "web: SKIPPED: the browser tests did not run (the toolchain could not be installed, see above)"
    exit 0
elif [ $rc -ne 0 ]; then
    exit $rc
fi
make --no-print-directory web || exit 1
t1=$(date +%s)
work="$(mktemp -d "${TMPDIR:-/tmp}/statreturn-web-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python3 tests/web/test_page.py bin/statreturn build/web "$work"
rc=$?
t2=$(date +%s)
echo "web: set-up and build $((t1 - t0)) s, browser tests $((t2 - t1)) s"
exit $rc
