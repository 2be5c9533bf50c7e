#!/usr/bin/env bash
# Shows what the build does with data-quality defects: it names every one by
# child, table and column (never the value) and writes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export STATRETURN_DATADIR="$PWD"
createdb statreturn_defects
export PGDATABASE=statreturn_defects
psql -X -q -v ON_ERROR_STOP=1 -f sql/replica.sql
bin/statreturn synth --children 2000 --seed 1 --year 2025 --defects 0.01 | psql -X -q -v ON_ERROR_STOP=1
mkdir -p demo-output/defects
bin/statreturn build cin --year 2025 --la 201 --output-dir demo-output/defects --force || echo "exit status $? (6: source data defects, nothing written)"
