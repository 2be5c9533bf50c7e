#!/usr/bin/env bash
# Runs every tests/integration/test_*.sh against the PostgreSQL cluster the
# caller started (scripts/with-postgres.sh), and prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
passed=0
failed=0
failed_names=()
for t in test_*.sh; do
    if bash "$t"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failed_names+=("$t")
    fi
done
echo
echo "integration: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
    echo "failed: ${failed_names[*]}"
    exit 1
fi
