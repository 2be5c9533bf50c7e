#!/usr/bin/env bash
# The SSDA903 fields-shared report (report 903) for 2024-25, 2025-26 and
# 2026-27: it agrees with the build (columns, treatments, children, rows
# per table, values per column), shows no personal value in any format (no
# person id, UPN, date of birth or postcode of the replica), suppresses
# small counts, works offline, and lists the DoLo table from 2026-27 as a
# CSV file only.
. "$(dirname "$0")/lib.sh"

"$SR" keygen --output "$WORK/regional.key" >/dev/null 2>&1
printf 'la = 201\nkey_file.regional = %s\n' "$WORK/regional.key" >"$WORK/sr.conf"

fields() { grep -oE '"field": "[^"]*", "source": "[^"]*", "treatment": "[^"]*", "purpose": [^,]*' "$1"; }
# count_of MANIFEST NAME: a count of the manifest ("Episodes": 48).
count_of() { grep -oE "\"$2\": [0-9]+" "$1" | head -1 | grep -oE '[0-9]+$'; }
# shown N: N as the report shows it (1 to 9 as <10).
shown() { if [ "$1" -ge 1 ] && [ "$1" -le 9 ]; then echo '<10'; else echo "$1"; fi; }

# The personal values of the replica, in every form a report could print them:
# person ids, UPNs (and former UPNs), dates of birth as stored and as the
# return writes them, and postcodes with and without their space.
personal_values() {
    psql -X -Atc "SELECT pers_person_id FROM ssd_person
                  UNION SELECT link_identifier_value FROM ssd_linked_identifiers
                  UNION SELECT to_char(pers_dob, 'YYYY-MM-DD') FROM ssd_person WHERE pers_dob IS NOT NULL
                  UNION SELECT to_char(pers_dob, 'DD/MM/YYYY') FROM ssd_person WHERE pers_dob IS NOT NULL
                  UNION SELECT addr_address_postcode FROM ssd_address
                  UNION SELECT clap_cla_placement_postcode FROM ssd_cla_placement" | grep -v '^$' >"$WORK/pv.txt"
    # Postcodes with the space before the inward code as well.
    grep -E '^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$' "$WORK/pv.txt" | sed -E 's/(...)$/ \1/' >>"$WORK/pv.txt"
    [ "$(grep -c '/' "$WORK/pv.txt")" -gt 100 ] || fail "too few dates of birth to search for"
    [ "$(grep -cE '^YY[0-9] [0-9]' "$WORK/pv.txt")" -gt 50 ] || fail "too few postcodes to search for"
}

# no_personal FILE: none of the values is in FILE (the snapshot time aside:
# the database clock, which could read like a date of birth).
no_personal() {
    sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/@TIME@/g' "$1" >"$WORK/searched"
    if grep -qwF -f "$WORK/pv.txt" "$WORK/searched"; then
        fail "$(basename "$1") contains a personal value: $(grep -owF -f "$WORK/pv.txt" "$WORK/searched" | head -1 | cut -c1-3)..."
    fi
}

for y in 2025 2026 2027; do
    new_db "y$y"
    load_synth 800 14 "$y"
    out="$WORK/$y"
    mkdir -p "$out"
    for f in json text md html; do
        expect_status 0 "$SR" report 903 --year "$y" --config "$WORK/sr.conf" --format $f --output "$out/report.$f"
    done
    expect_status 0 "$SR" build 903 --year "$y" --config "$WORK/sr.conf" --output-dir "$out" -q
    # Exit 0: what the regional treatment causes is expected for the profile (README).
    expect_status 0 "$SR" build 903 --year "$y" --config "$WORK/sr.conf" --output-dir "$out" --profile regional -q

    # --- the report lists the build's columns, DfE first, then regional --------------
    fields "$out/report.json" >"$out/report.fields"
    fields "$out/cla_${y}_201_manifest.json" >"$out/dfe.fields"
    fields "$out/cla_${y}_201_regional_manifest.json" >"$out/regional.fields"
    n=$(wc -l <"$out/dfe.fields")
    [ "$n" -gt 60 ] || fail "$y: manifest lists too few fields ($n)"
    head -n "$n" "$out/report.fields" | cmp -s - "$out/dfe.fields" || fail "$y: report and DfE manifest list different fields"
    tail -n +"$((n + 1))" "$out/report.fields" | cmp -s - "$out/regional.fields" || fail "$y: report and regional manifest differ"

    # --- and the build's counts --------------------------------------------------------
    m="$out/cla_${y}_201_manifest.json"
    children=$(count_of "$m" children)
    [ "$children" -ge 30 ] || fail "$y: too few children for the comparison ($children)"
    assert_contains "$out/report.json" "\"children\": \"$children\""
    for t in Header Episodes Reviews SWEpisodes PrevPerm; do
        rows=$(count_of "$m" "$t")
        assert_contains "$out/report.json" "\"table\": \"$t\", \"file\": \"cla_${y}_201_$t.csv\", .*\"rows\": \"$(shown "$rows")\""
    done
    # Values per column, as in the file: every PL_POST written is a value in the report.
    pl=$(tr -d '\r' <"$out/cla_${y}_201_csv/cla_${y}_201_Episodes.csv" | tail -n +2 | cut -d, -f12 | grep -c . || true)
    grep '"field": "Episodes/PL_POST"' "$out/report.json" | head -1 | grep -q "\"with_value\": \"$(shown "$pl")\"" \
        || fail "$y: report's PL_POST count differs from the file's ($pl)"
    assert_contains "$out/report.json" '"key_fingerprint": "sr1-[0-9a-f]{16}"'
    assert_contains "$out/report.text" 'pseudonymised \(HMAC-SHA256, key sr1-'
    assert_contains "$out/report.text" 'section 83 of the Children Act 1989'
    assert_contains "$out/report.text" '<10'
    assert_contains "$out/report.text" "file cla_${y}_201_regional_Episodes.csv"
    assert_not_contains "$out/report.html" '(src|href)="?(https?:)?//'

    # --- no personal value, in any format ------------------------------------------------
    personal_values
    for f in json text md html; do
        no_personal "$out/report.$f"
    done
done

# --- 2026-27: the DoLo table, CSV only ------------------------------------------------------
r27="$WORK/2027/report.json"
dolo=$(count_of "$WORK/2027/cla_2027_201_manifest.json" DoLo)
[ "$dolo" -ge 1 ] || fail "no DoLo rows in the 2027 build"
assert_contains "$r27" "\"table\": \"DoLo\", \"file\": \"cla_2027_201_DoLo.csv\", \"xml\": null, \"xml_note\": \"not in the XML \\(DfE has published no XML element for deprivation of liberty orders\\): CSV file only\", \"rows\": \"$(shown "$dolo")\""
assert_contains "$r27" '"field": "DoLo/DOLO_START", "source": "ssd_cla_extension_dolo.clex_dolo_start_date", "treatment": "clear"'
assert_contains "$WORK/2027/report.md" '\| DoLo/DOLO\\_END \|'
assert_not_contains "$WORK/2026/report.json" 'DoLo'
assert_not_contains "$WORK/2025/report.text" 'DoLo'

# --- offline: the policies without a database -------------------------------------------------
for y in 2025 2026 2027; do
    PGHOST=/nonexistent expect_status 0 "$SR" report 903 --year "$y" --offline --format md
    assert_contains "$WORK/out" '\| Episodes/PL\\_POST \|'
    assert_not_contains "$WORK/out" 'Children in the return'
done
assert_contains "$WORK/out" '\| DoLo/CHILD \|'
PGHOST=/nonexistent expect_status 0 "$SR" report 903 --year 2027 --offline --profile regional --format json
assert_contains "$WORK/out" '"policy": "903-regional"'
assert_not_contains "$WORK/out" '"policy": "903-dfe"'

# --- usage --------------------------------------------------------------------------------------
expect_status 2 "$SR" report 903 --offline
assert_contains "$WORK/err" 'supported collection year \(2025 to 2027\)'
expect_status 2 "$SR" report 903 --year 2028 --offline
# Any format to standard output, HTML included.
expect_status 0 "$SR" report 903 --year 2027 --offline --format html
assert_contains "$WORK/out" '<h3>Purpose: '
expect_status 2 "$SR" report 903 --year 2027 --offline --bogus
assert_contains "$WORK/err" "Try 'statreturn report 903 --help'"
expect_status 2 "$SR" report 903 --year 2027 --offline --profile '../dfe'

pass
