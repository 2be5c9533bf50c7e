#!/usr/bin/env bash
# The DPO report: agrees with the build (fields, treatments, counts), shows
# no personal value in any format, suppresses small counts, works offline;
# and the regional profile shares what the privacy notices promise.
. "$(dirname "$0")/lib.sh"

new_db
load_synth 400 21 2025
"$SR" keygen --output "$WORK/regional.key" >/dev/null 2>&1
printf 'la = 201\nkey_file.regional = %s\n' "$WORK/regional.key" >"$WORK/sr.conf"

# --- report and build agree -------------------------------------------------
for f in json text md html; do
    expect_status 0 "$SR" report cin --year 2025 --config "$WORK/sr.conf" --format $f --output "$WORK/report.$f"
done
expect_status 0 "$SR" build cin --year 2025 --config "$WORK/sr.conf" --output-dir "$WORK" -q
expect_status 0 "$SR" build cin --year 2025 --config "$WORK/sr.conf" --output-dir "$WORK" --profile regional -q
[ -f "$WORK/cin_2025_201_regional.xml" ] || fail "regional file not named by its profile"
# The queries its own treatment causes (UPN dropped: 8770Q) are reported
# apart as expected for this profile, and counted apart in the manifest.
assert_contains "$WORK/cin_2025_201_regional_validation.csv" ',8770Q,expected query,ChildIdentifiers,'
assert_not_contains "$WORK/cin_2025_201_regional_validation.csv" ',(error|query),'
assert_contains "$WORK/cin_2025_201_regional_manifest.json" '"errors": 0, "queries": 0, "expected_for_profile": [1-9]'
assert_contains "$WORK/cin_2025_201_manifest.json" '"expected_for_profile": 0,'

fields() { grep -oE '"field": "[^"]*", "source": "[^"]*", "treatment": "[^"]*", "purpose": [^,]*' "$1"; }
# The report lists the DfE section first, then the regional one.
fields "$WORK/report.json" >"$WORK/report.fields"
fields "$WORK/cin_2025_201_manifest.json" >"$WORK/dfe.fields"
fields "$WORK/cin_2025_201_regional_manifest.json" >"$WORK/regional.fields"
n=$(wc -l <"$WORK/dfe.fields")
[ "$n" -gt 30 ] || fail "manifest lists too few fields ($n)"
head -n "$n" "$WORK/report.fields" | cmp -s - "$WORK/dfe.fields" || fail "report and DfE manifest list different fields"
tail -n +"$((n + 1))" "$WORK/report.fields" | cmp -s - "$WORK/regional.fields" || fail "report and regional manifest differ"

children=$(grep -oE '"children": [0-9]+' "$WORK/cin_2025_201_manifest.json" | grep -oE '[0-9]+$')
[ "$children" -ge 10 ] || fail "too few children for the comparison ($children)"
assert_contains "$WORK/report.json" "\"people\": \"$children\""
# The element counts agree with the file: every <Disability> in the return is a value in the report.
dis=$(grep -c '<Disability>' "$WORK/cin_2025_201.xml")
grep -A0 '"field": "ChildCharacteristics/Disability"' "$WORK/report.json" | head -1 | grep -q "\"with_value\": \"$dis\"" \
    || fail "report's disability count differs from the file's ($dis)"
assert_contains "$WORK/report.json" '"key_fingerprint": "sr1-[0-9a-f]{16}"'
assert_contains "$WORK/report.text" 'pseudonymised \(HMAC-SHA256, key sr1-'
assert_contains "$WORK/report.text" 'opted out 0'
assert_contains "$WORK/report.text" 'section 83 of the Children Act 1989'

# --- no personal values, in any format --------------------------------------
psql -X -Atc "SELECT pers_person_id FROM ssd_person UNION SELECT link_identifier_value FROM ssd_linked_identifiers
              UNION SELECT to_char(pers_dob, 'YYYY-MM-DD') FROM ssd_person WHERE pers_dob IS NOT NULL
              UNION SELECT pers_forename FROM ssd_person UNION SELECT pers_surname FROM ssd_person" \
    | grep -v '^$' \
    | grep -vxE '2024-04-01|2025-03-31' >"$WORK/personal.txt"
# The census period's first and last days are printed as labels ("By age on
# 2025-03-31"); a synthetic child born on either day must not make the test
# fail, so those two dates are not searched for.
[ "$(wc -l <"$WORK/personal.txt")" -gt 100 ] || fail "too few personal values to search for"
for f in json text md html; do
    if grep -qwF -f "$WORK/personal.txt" "$WORK/report.$f"; then
        fail "report.$f contains a personal value: $(grep -owF -f "$WORK/personal.txt" "$WORK/report.$f" | head -1 | cut -c1-3)..."
    fi
done

# Small counts are suppressed: a field with fewer than 10 values shows <10.
assert_contains "$WORK/report.text" '<10'
# Self-contained HTML: no external resources.
assert_not_contains "$WORK/report.html" '(src|href)="?(https?:)?//'
# The DPO's page: by recipient, each purpose with its lawful basis once, then its fields.
assert_contains "$WORK/report.html" '<h2>Recipient: '
assert_contains "$WORK/report.html" '<h3>Purpose: '
assert_contains "$WORK/report.html" '<strong>Lawful basis:</strong>'
[ "$(grep -c '<strong>Lawful basis:</strong>' "$WORK/report.html")" -lt 10 ] || fail "the lawful basis is repeated per field"
assert_contains "$WORK/report.html" '<tr class="clear"><td>ChildIdentifiers/LAchildID</td>'

# --- offline: the policy part without a database ----------------------------
PGHOST=/nonexistent expect_status 0 "$SR" report cin --year 2025 --offline --format md
assert_contains "$WORK/out" '\| ChildIdentifiers/LAchildID \|'
assert_not_contains "$WORK/out" 'People in the return'

# --- the regional profile -------------------------------------------------------
reg="$WORK/cin_2025_201_regional.xml"
assert_not_contains "$reg" '<UPN>'
assert_not_contains "$reg" '<FormerUPN>'
assert_not_contains "$reg" '<UPNunknown>'
assert_not_contains "$reg" '<LAchildID>C[0-9]{7}</LAchildID>'
grep -oE '<PersonBirthDate>[0-9-]{10}' "$reg" | grep -vqE -- '-01$' && fail "a regional date of birth is not the 1st of its month"
grep -oE '<LAchildID>[^<]*' "$reg" | grep -vqE '<LAchildID>[0-9A-Z]{20}$' && fail "a regional LAchildID is not a 20-character pseudonym"
xmllint --noout --schema "$ROOT/specs/cin/cin_2025.xsd" "$reg" 2>/dev/null || fail "regional file fails the schema"
expect_status 0 "$SR" validate "$reg" -q
# Regional pseudonyms are not the DfE ones, and need the regional key.
expect_status 3 "$SR" build cin --year 2025 --la 201 --output "$WORK/nokey.xml" --profile regional -q
assert_contains "$WORK/err" "key_file.regional"

# -v is accepted, as by every other command (issue 19, finding 13)
expect_status 0 "$SR" report cin --year 2025 --offline -v
expect_status 0 "$SR" report cin --year 2025 --offline --verbose
pass
