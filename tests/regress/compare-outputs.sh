#!/usr/bin/env bash
# Byte-for-byte comparison of what users see, between an earlier revision and
# the working tree: for restructurings that must change nothing.
#
#   tests/regress/compare-outputs.sh BASE_REV
#
# Builds BASE_REV in a temporary git worktree and the working tree's
# bin/statreturn, starts a throwaway PostgreSQL (scripts/with-postgres.sh),
# and for every synthetic replica (seeds x sizes x years) runs both binaries
# on the same database and the same files:
#   synth (the SQL itself), build cin (dfe, regional, pseudonymised ids),
#   build 903 (both formats, xml, csv, regional), build families,
#   report cin and report families (every format), validate (every format,
#   with and without --show-values) on what was built, on copies altered to
#   give schema errors and rule findings, on a scaled 903 CSV set and on the
#   test data; and a defective replica (synth --defects) that the builds refuse.
# Every file written, standard output, standard error and exit status is kept
# and compared.  Timestamps are pinned with SOURCE_DATE_EPOCH; the replica
# snapshot time (the database clock, wherever it is printed) and the data
# directory's path are the only things rewritten before comparing.
#
# Environment: REGRESS_SEEDS (default "1 2 3"), REGRESS_SIZES ("1000 20000"),
# REGRESS_YEARS ("2025 2026"), REGRESS_KEEP=DIR keeps both output trees there.
# Exit status 0 when everything is the same, 1 when anything differs (the
# differing files are listed, with the first lines of each diff).
set -euo pipefail

here="$(cd "$(dirname "$0")/../.." && pwd)"

if [ "${1:-}" != "--inner" ]; then
    base="${1:?usage: tests/regress/compare-outputs.sh BASE_REV}"
    work="$(mktemp -d "${TMPDIR:-/tmp}/statreturn-compare.XXXXXX")"
    trap 'git -C "$here" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
    git -C "$here" worktree add --detach "$work/base" "$base" >/dev/null
    echo "compare: building $base"
    make -C "$work/base" --no-print-directory -j2 bin/statreturn >/dev/null
    echo "compare: building the working tree"
    make -C "$here" --no-print-directory -j2 bin/statreturn >/dev/null
    chmod 0755 "$work"
    status=0
    "$here/scripts/with-postgres.sh" "$here/tests/regress/compare-outputs.sh" --inner \
        "$work/base" "$here" "$work/out" || status=$?
    if [ -n "${REGRESS_KEEP:-}" ]; then
        rm -rf "$REGRESS_KEEP" && mkdir -p "$REGRESS_KEEP" && cp -a "$work/out/." "$REGRESS_KEEP/"
    fi
    exit $status
fi

# --- inner part: runs with PG* set by scripts/with-postgres.sh -------------
base_tree=$2
new_tree=$3
out=$4
mkdir -p "$out"
export SOURCE_DATE_EPOCH=1748736000
export STATRETURN_THREADS=2
SEEDS=${REGRESS_SEEDS:-1 2 3}
SIZES=${REGRESS_SIZES:-1000 20000}
YEARS=${REGRESS_YEARS:-2025 2026}

# Fixed synthetic keys (not secrets: they exist only for this comparison).
keys="$out/keys"
mkdir -p "$keys"
for k in dfe regional families; do
    printf '%s\n' "$(printf 'statreturn-compare-%s' "$k" | sha256sum | cut -c1-64)" >"$keys/$k.key"
    chmod 0600 "$keys/$k.key"
done

# run NAME CMD...: one command's stdout, stderr and exit status under NAME.
run() {
    local name=$1
    shift
    local st=0
    "$@" >"cmd_$name.out" 2>"cmd_$name.err" || st=$?
    echo "$st" >"cmd_$name.status"
}

# Copies of the built files, altered so that the reports have content.
make_altered() {
    local y=$1
    mkdir -p altered
    if [ -f cin_dfe/cin_${y}_201.xml ]; then
        # Dates moved, codes broken, an element dropped: schema errors and rule findings.
        sed -e 's#<ReferralSource>\(.\)#<ReferralSource>9\1#' \
            -e '0~7s#<PrimaryNeedCode>N[0-9]</PrimaryNeedCode>#<PrimaryNeedCode>N0</PrimaryNeedCode>#' \
            -e '0~5s#<Sex>\([MF]\)</Sex>#<Sex>U</Sex>#' \
            -e '0~11s#<CINclosureDate>[^<]*</CINclosureDate>##' \
            -e '0~13s#<DateOfInitialCPC>\([0-9-]*\)</DateOfInitialCPC>#<DateOfInitialCPC>2001-01-01</DateOfInitialCPC>#' \
            -e '0~3s#<UPN>\(.\)#<UPN>Z\1#' \
            cin_dfe/cin_${y}_201.xml >altered/cin.xml
    fi
    if [ -d cla_dfe/cla_${y}_201_csv ]; then
        mkdir -p altered/cla_csv
        for f in cla_dfe/cla_${y}_201_csv/*.csv; do
            sed -e '0~5s#,P[0-9],#,P9,#' -e '0~7s#,M#,Q#' -e '0~9s#/0\([1-9]\)/#/1\1/#' "$f" \
                >"altered/cla_csv/$(basename "$f")"
        done
        "$here/scripts/cla-scale.sh" cla_dfe/cla_${y}_201_csv altered/cla_scaled 3000 2 5
        sed -e '0~6s#<SEX>1</SEX>#<SEX>3</SEX>#' -e '0~8s#<LS>C2</LS>#<LS>Q9</LS>#' \
            cla_dfe/cla_${y}_201.xml >altered/cla.xml
    fi
}

record() {   # record BIN_TREE LABEL DB YEAR
    local tree=$1 label=$2 db=$3 y=$4
    local sr="$tree/bin/statreturn"
    local dir="$out/$label"
    rm -rf "$out/run" && mkdir -p "$out/run" && cd "$out/run"
    export STATRETURN_DATADIR="$tree" PGDATABASE=$db
    local p=$y-03
    mkdir -p cin_dfe cin_regional cin_pseudo cla_dfe cla_xml cla_csv cla_regional families families_nis
    run build_cin "$sr" build cin --year "$y" --la 201 --output-dir cin_dfe
    run build_cin_regional "$sr" build cin --year "$y" --la 201 --profile regional \
        --key-file "$keys/regional.key" --output-dir cin_regional --report-format text
    run build_cin_pseudo "$sr" build cin --year "$y" --la 201 --pseudonymise-ids \
        --key-file "$keys/dfe.key" --output-dir cin_pseudo --report-format json
    run build_903 "$sr" build 903 --year "$y" --la 201 --output-dir cla_dfe
    run build_903_xml "$sr" build 903 --year "$y" --la 201 --format xml --output-dir cla_xml --report-format html
    run build_903_csv "$sr" build 903 --year "$y" --la 201 --format csv --output-dir cla_csv --report-format json
    run build_903_regional "$sr" build 903 --year "$y" --la 201 --profile regional \
        --key-file "$keys/regional.key" --output-dir cla_regional --report-format text
    run build_families "$sr" build families --period "$p" --la 201 --key-file "$keys/families.key" \
        --output-dir families
    run build_families_nis "$sr" build families --period "$p" --la 201 --kind nis --output-dir families_nis
    mkdir -p reports
    for f in text json md; do
        run "report_cin_$f" "$sr" report cin --year "$y" --la 201 --format "$f"
        run "report_families_$f" "$sr" report families --period "$p" --la 201 --format "$f" \
            --key-file "$keys/families.key"
    done
    run report_cin_html "$sr" report cin --year "$y" --la 201 --format html --output reports/report_cin.html
    run report_cin_offline "$sr" report cin --year "$y" --offline --format json
    run report_families_offline "$sr" report families --period "$p" --offline
    make_altered "$y"
    local cin=cin_dfe/cin_${y}_201.xml cla=cla_dfe/cla_${y}_201.xml csvset=cla_dfe/cla_${y}_201_csv
    local fam="families/families_nis_${p}_201.csv families/families_fpd_${p}_201.csv"
    for f in text csv json html; do
        # shellcheck disable=SC2086
        for what in "cin:$cin" "cin_altered:altered/cin.xml" "cin_regional:cin_regional/cin_${y}_201_regional.xml" \
                    "cla_xml:$cla" "cla_csv:$csvset" "cla_altered_csv:altered/cla_csv" "cla_altered_xml:altered/cla.xml" \
                    "cla_scaled:altered/cla_scaled" "families:$fam" "mixed:$cin altered/cla_csv" \
                    "testdata:$tree/tests/data/cin_2025_valid.xml $tree/tests/data/cin_2025_schema_invalid.xml"; do
            local name=${what%%:*} files=${what#*:}
            [ "$f" = html ] && continue
            run "validate_${name}_$f" "$sr" validate --format "$f" $files
        done
        # shellcheck disable=SC2086
        run "validate_altered_${f}_file" "$sr" validate --format "$f" --output "reports/validate_altered.$f" altered/cin.xml
        run "validate_cla_altered_${f}_file" "$sr" validate --format "$f" --output "reports/validate_cla_altered.$f" \
            --year "$y" altered/cla_csv
        run "validate_scaled_prev_${f}_file" "$sr" validate --format "$f" --output "reports/validate_scaled_prev.$f" \
            --year "$y" --previous "$csvset" altered/cla_scaled
    done
    run validate_altered_values "$sr" validate --format csv --show-values altered/cin.xml
    run validate_cla_altered_values "$sr" validate --format json --show-values altered/cla_csv
    run validate_rule "$sr" validate --rule 8520 --format text altered/cin.xml
    run validate_norules "$sr" validate --no-rules altered/cin.xml
    cd "$out"
    # The snapshot time is the database's clock; the data directory differs.
    find run -type f \( -name '*.json' -o -name '*.out' -o -name '*.err' -o -name '*.txt' -o -name '*.md' -o -name '*.html' -o -name '*.csv' \) \
        -exec sed -i -E -e 's#[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z#@TIME@#g' -e "s#$tree#@DATADIR@#g" {} +
    mv run "$dir"
}

defects_replica() {   # the builds refuse a defective replica: compare the messages
    local y=$1 db=$2
    for side in base:"$base_tree" new:"$new_tree"; do
        local label=${side%%:*} tree=${side#*:}
        rm -rf "$out/run" && mkdir -p "$out/run" && cd "$out/run"
        export STATRETURN_DATADIR="$tree" PGDATABASE=$db
        mkdir -p cin cla fam
        run build_cin "$tree/bin/statreturn" build cin --year "$y" --la 201 --output-dir cin
        run build_903 "$tree/bin/statreturn" build 903 --year "$y" --la 201 --output-dir cla
        run build_families "$tree/bin/statreturn" build families --period "$y-03" --la 201 \
            --key-file "$keys/families.key" --output-dir fam
        cd "$out"
        mv run "$out/$label/defects_$y"
    done
}

for y in $YEARS; do
    for n in $SIZES; do
        for s in $SEEDS; do
            db="cmp_${y}_${n}_${s}"
            echo "compare: year $y, $n children, seed $s"
            createdb "$db"
            PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f "$new_tree/sql/replica.sql"
            "$base_tree/bin/statreturn" synth --children "$n" --seed "$s" --year "$y" >"$out/synth_base.sql"
            "$new_tree/bin/statreturn" synth --children "$n" --seed "$s" --year "$y" >"$out/synth_new.sql"
            if ! cmp -s "$out/synth_base.sql" "$out/synth_new.sql"; then
                mkdir -p "$out/base/synth_${y}_${n}_${s}" "$out/new/synth_${y}_${n}_${s}"
                sha256sum <"$out/synth_base.sql" >"$out/base/synth_${y}_${n}_${s}/sql.sha256"
                sha256sum <"$out/synth_new.sql" >"$out/new/synth_${y}_${n}_${s}/sql.sha256"
            fi
            PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f "$out/synth_base.sql"
            rm -f "$out/synth_base.sql" "$out/synth_new.sql"
            mkdir -p "$out/base" "$out/new"
            record "$base_tree" "base/r_${y}_${n}_${s}" "$db" "$y"
            record "$new_tree" "new/r_${y}_${n}_${s}" "$db" "$y"
            dropdb "$db"
        done
    done
    db="cmp_defects_$y"
    createdb "$db"
    PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f "$new_tree/sql/replica.sql"
    "$base_tree/bin/statreturn" synth --children 1500 --seed 4 --year "$y" --defects 0.05 |
        PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1
    defects_replica "$y" "$db"
    dropdb "$db"
done

files=$(cd "$out/base" && find . -type f | wc -l)
if diff -rq "$out/base" "$out/new" >"$out/diff.txt" 2>&1; then
    echo "compare: the same: $files files, byte for byte"
    exit 0
fi
echo "compare: DIFFERENT ($(wc -l <"$out/diff.txt") of $files files):"
head -n 40 "$out/diff.txt"
while read -r line; do
    case "$line" in
    Files*differ)
        a=$(echo "$line" | awk '{ print $2 }')
        b=$(echo "$line" | awk '{ print $4 }')
        echo "--- $a"
        diff "$a" "$b" | head -n 8 || true
        ;;
    esac
done < <(head -n 10 "$out/diff.txt")
exit 1
