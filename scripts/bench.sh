#!/usr/bin/env bash
# Speed and memory figures, printed (never asserted): building and
# validating 10,000 and 100,000 synthetic children, and validating a
# 1,000,000-child file against xmllint --stream.  Runs inside
# scripts/with-postgres.sh.  BENCH_SIZES overrides the build sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export STATRETURN_DATADIR="$PWD"
SR="$PWD/bin/statreturn"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/statreturn-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
YEAR=2025

measure() {   # measure LABEL CHILDREN CMD... -> prints seconds, children/s, peak RSS
    local label=$1 n=$2
    shift 2
    local t0 t1 rss
    t0=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >"$WORK/out" 2>"$WORK/err" || true
    t1=$(date +%s.%N)
    rss=$(tail -n 1 "$WORK/rss")
    awk -v l="$label" -v n="$n" -v a="$t0" -v b="$t1" -v r="$rss" \
        'BEGIN { s = b - a; printf "%-44s %9d children %8.2f s %10.0f children/s %8.1f MB peak RSS\n", l, n, s, n / s, r / 1024 }'
}

command -v /usr/bin/time >/dev/null || { echo "bench: /usr/bin/time is needed (Debian package 'time')" >&2; exit 1; }
for n in ${BENCH_SIZES:-10000 100000}; do
    db="bench_$n"
    createdb "$db"
    PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f sql/replica.sql
    t0=$(date +%s.%N)
    "$SR" synth --children "$n" --seed 11 --year $YEAR | PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1
    PGDATABASE=$db psql -X -q -c 'VACUUM ANALYZE'
    t1=$(date +%s.%N)
    awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%-44s %9d children %8.2f s\n", "synth + load + analyze", n, b - a }'
    measure "build cin (replica -> XSD-valid XML + rules)" "$n" \
        env PGDATABASE=$db "$SR" build cin --year $YEAR --la 201 --output "$WORK/cin_$n.xml" --force -q
    if [ -x "$SR" ] && "$SR" validate --help >/dev/null 2>&1; then
        measure "validate (schema + all DfE rules)" "$n" "$SR" validate "$WORK/cin_$n.xml" -q --format csv --output "$WORK/v_$n.csv" --force
    fi
    measure "xmllint --stream --schema (floor)" "$n" xmllint --stream --noout --schema specs/cin/cin_$YEAR.xsd "$WORK/cin_$n.xml"
    ls -l "$WORK/cin_$n.xml" | awk '{ printf "%-44s %9.1f MB file\n", "", $5 / 1048576 }'
done
