#!/usr/bin/env bash
# Runs the cmocka test binaries given as arguments from the repository root
# and prints one closing line: "N passed, N failed".
set -uo pipefail

cd "$(dirname "$0")/.."
export STATRETURN_DATADIR="$PWD"
if [ -z "${STATRETURN_SHARED:-}" ] && [ -d ../shared/reference ]; then
    export STATRETURN_SHARED="$(cd ../shared && pwd)"
fi
passed=0
failed=0
failed_names=()
for t in "$@"; do
    if "$t"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failed_names+=("$(basename "$t")")
    fi
done
echo
echo "unit: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
    echo "failed: ${failed_names[*]}"
    exit 1
fi
