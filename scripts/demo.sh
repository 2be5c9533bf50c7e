#!/usr/bin/env bash
# The demo: a throwaway replica (started by scripts/with-postgres.sh) with
# the contract and synthetic children, then the CIN census built from it.
set -euo pipefail
cd "$(dirname "$0")/.."
export STATRETURN_DATADIR="$PWD"
CHILDREN="${DEMO_CHILDREN:-5000}"
YEAR="${DEMO_YEAR:-2025}"
OUT="$PWD/demo-output"
mkdir -p "$OUT"

createdb statreturn_demo
export PGDATABASE=statreturn_demo
echo "statreturn demo: loading the replica contract (sql/replica.sql)"
psql -X -q -v ON_ERROR_STOP=1 -f sql/replica.sql
echo "statreturn demo: loading $CHILDREN synthetic children (statreturn synth --seed 1)"
bin/statreturn synth --children "$CHILDREN" --seed 1 --year "$YEAR" | psql -X -q -v ON_ERROR_STOP=1
echo "statreturn demo: building the CIN census for $((YEAR - 1))-$((YEAR % 100))"
set +e
bin/statreturn build cin --year "$YEAR" --la 201 --output-dir "$OUT" --force
status=$?
set -e
echo
echo "exit status $status (0: no DfE errors; 1: written, with DfE errors to fix or explain in COLLECT)"
ls -l "$OUT"
[ "$status" -le 1 ] || exit "$status"
echo
echo "statreturn demo: validating the file as an analyst would before upload (statreturn validate)"
bin/statreturn validate "$OUT/cin_${YEAR}_201.xml" --format html --output "$OUT/cin_${YEAR}_201_validation.html" --force || true
bin/statreturn validate "$OUT/cin_${YEAR}_201.xml" | head -n 20 || true
echo
echo "statreturn demo: the return is $OUT/cin_${YEAR}_201.xml; its manifest lists every field shared:"
grep -m 8 -E '"(children|episodes|treatment)"' "$OUT/cin_${YEAR}_201_manifest.json"
echo "  ..."
echo "To see the build refuse defective data, run: scripts/with-postgres.sh scripts/demo-defects.sh"
