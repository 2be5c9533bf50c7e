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
# Children in the return, not synthetic children loaded: about half of the
# generator's children fall in any one census year, so we load ~1.95x.
bench_size() {
    local target=$1 validate_only=${2:-}
    local n=$(( target * 195 / 100 ))
    local db="bench_$target"
    createdb "$db"
    PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f sql/replica.sql
    local t0 t1
    t0=$(date +%s.%N)
    "$SR" synth --children "$n" --seed 11 --year $YEAR | PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1
    PGDATABASE=$db psql -X -q -c 'VACUUM ANALYZE'
    t1=$(date +%s.%N)
    awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%-44s %9d synthetic children loaded in %.1f s\n", "synth | psql + analyze", n, b - a }'
    local out="$WORK/cin_$target.xml"
    env PGDATABASE=$db "$SR" build cin --year $YEAR --la 201 --output "$out" --force -q || true
    local kids
    kids=$(grep -c '<Child>' "$out")
    if [ -z "$validate_only" ]; then
        rm -f "$out" "$WORK"/cin_"${target}"_*
        measure "build cin (replica -> XSD-valid XML + rules)" "$kids" \
            env PGDATABASE=$db "$SR" build cin --year $YEAR --la 201 --output "$out" --force -q
    fi
    measure "validate (schema + all 109 DfE rules)" "$kids" \
        "$SR" validate "$out" -q --format csv --output "$WORK/v_$target.csv" --force
    measure "xmllint --stream --schema (schema-only floor)" "$kids" \
        xmllint --stream --noout --schema specs/cin/cin_$YEAR.xsd "$out"
    ls -l "$out" | awk '{ printf "%-44s %9.1f MB file\n", "", $5 / 1048576 }'
    dropdb "$db"
}

echo "statreturn benchmark ($(nproc) cores); children = children in the return"
for target in ${BENCH_SIZES:-10000 100000}; do
    bench_size "$target"
done
# Issue 3: validating a whole-England-sized file (1,000,000 children).
if [ "${BENCH_LARGE:-1}" != 0 ]; then
    bench_size "${BENCH_LARGE_SIZE:-1000000}" validate-only
fi
