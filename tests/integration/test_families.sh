#!/usr/bin/env bash
# statreturn build families against a real PostgreSQL: golden NIS and FPD
# files for a small synthetic set, output guarantees (0600, atomic,
# manifest), opt-outs left out and counted, pseudonyms stable across two
# periods under one key and different under another, no NIS identifier in
# the FPD, and every bad input (data defects: exit 6, named by id, nothing
# written; bad layouts: exit 3 with file:line; contract: exit 5).
. "$(dirname "$0")/lib.sh"

# A fixed test key (not a secret: the golden FPD depends on it).
KEY="$WORK/families.key"
printf '%s\n' 5f3c0e1a9d7b2c4e6f8a1b3d5c7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e >"$KEY"
chmod 600 "$KEY"
OTHER_KEY="$WORK/other.key"
"$SR" keygen --output "$OTHER_KEY" >/dev/null 2>&1

q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }

new_db
load_synth 100 5 2025

# --- golden files ---------------------------------------------------------------
OUT="$WORK/files"
mkdir -p "$OUT"
expect_status 0 "$SR" build families --period 2025-03 --la 201 --output-dir "$OUT" --key-file "$KEY" -q
nis="$OUT/families_nis_2025-03_201.csv"
fpd="$OUT/families_fpd_2025-03_201.csv"
for kind in nis fpd; do
    out="$OUT/families_${kind}_2025-03_201.csv"
    golden="$ROOT/fixtures/golden/families_${kind}_2025-03_201_seed5_100.csv"
    if [ -n "${UPDATE_GOLDEN:-}" ]; then
        cp "$out" "$golden"
    fi
    cmp -s "$out" "$golden" || { diff "$golden" "$out" | head -20 >&2; fail "$kind output differs from $golden (UPDATE_GOLDEN=1 to accept a deliberate change)"; }
done
head -1 "$nis" | grep -q $'^la_person_id,la_family_id,forename,surname,date_of_birth,sex,postcode,ni_number,upn,programme_status,attachment_date,needs_at_attachment\r$' \
    || fail "NIS header row is not the layout's"
[ "$(wc -l <"$nis")" -gt 20 ] || fail "NIS has too few rows for a meaningful test"
[ "$(wc -l <"$fpd")" -gt 10 ] || fail "FPD has too few rows for a meaningful test"
# CRLF records (RFC 4180), UTF-8.
[ "$(grep -c $'\r$' "$nis")" -eq "$(wc -l <"$nis")" ] || fail "NIS records do not all end with CRLF"
iconv -f UTF-8 -t UTF-8 "$nis" >/dev/null || fail "NIS is not UTF-8"
# The comparison group is in the NIS, not in the FPD.
assert_contains "$nis" ',comparison,'
assert_not_contains "$fpd" 'comparison'

# --- output guarantees ---------------------------------------------------------------
for f in "$nis" "$fpd" "$OUT"/families_*_manifest.json; do
    [ "$(stat -c %a "$f")" = 600 ] || fail "$f is not mode 0600"
done
ls -a "$OUT" | grep -q '^\.\(families\|statreturn-tmp\)' && fail "a temporary file was left behind"
for kind in nis fpd; do
    m="$OUT/families_${kind}_2025-03_201_manifest.json"
    sha=$(sha256sum "$OUT/families_${kind}_2025-03_201.csv" | cut -d' ' -f1)
    assert_contains "$m" "\"sha256\": \"$sha\""
    assert_contains "$m" "\"return\": \"families-$kind\""
    assert_contains "$m" '"period": "2025-03"'
    assert_contains "$m" "\"people\": $(( $(wc -l <"$OUT/families_${kind}_2025-03_201.csv") - 1 ))"
    assert_contains "$m" '"excluded": \{"opted_out": [0-9]+\}'
done
assert_contains "$OUT/families_nis_2025-03_201_manifest.json" '"field": "forename", "source": "ssd_person.pers_forename", "treatment": "clear", "purpose": "supporting-families"'
assert_contains "$OUT/families_nis_2025-03_201_manifest.json" '"field": "needs_at_attachment", "source": "sf_need.sfne_headline", "treatment": "clear", "purpose": "supporting-families", "special_category": true'
assert_contains "$OUT/families_nis_2025-03_201_manifest.json" '"key_fingerprint": null'
assert_contains "$OUT/families_fpd_2025-03_201_manifest.json" '"field": "person_key", "source": "ssd_person.pers_person_id", "treatment": "pseudonymise"'
assert_contains "$OUT/families_fpd_2025-03_201_manifest.json" '"key_fingerprint": "sr1-[0-9a-f]{16}"'
grep -qF "$(head -c 64 "$KEY")" "$OUT"/* && fail "the key appears in the output"

# Existing files are never replaced without --force; with it they are, identically.
before=$(sha256sum "$nis" "$fpd")
expect_status 8 "$SR" build families --period 2025-03 --la 201 --output-dir "$OUT" --key-file "$KEY" -q
assert_contains "$WORK/err" "already exists"
expect_status 0 "$SR" build families --period 2025-03 --la 201 --output-dir "$OUT" --key-file "$KEY" --force -q
[ "$(sha256sum "$nis" "$fpd")" = "$before" ] || fail "a rebuild of the same snapshot differs"

# The validator recognises both files by their header rows and accepts them.
if "$SR" validate --help 2>/dev/null | grep -q .; then
    expect_status 0 "$SR" validate "$nis" "$fpd" -q
fi

# --- opt-outs ----------------------------------------------------------------------------
# Every person with an opt-out the NIS layout names (from a past date) is absent.
q "SELECT DISTINCT sfoo_person_id FROM sf_opt_out WHERE sfoo_purpose IN ('supporting-families', 'research')" >"$WORK/optout_ids"
[ -s "$WORK/optout_ids" ] || fail "the synthetic set has no opt-outs"
while read -r id; do
    grep -q "^$id," "$nis" && fail "opted-out person $id is in the NIS"
done <"$WORK/optout_ids"
# The count in the manifest is the opted-out members of the period's families.
pop_optouts=$(q "WITH pf AS (SELECT DISTINCT sfpf_family_id FROM sf_programme_family
                   WHERE sfpf_identified_date <= '2025-03-31' AND (sfpf_end_date IS NULL OR sfpf_end_date >= '2025-01-01'))
                 SELECT count(DISTINCT f.fami_person_id) FROM ssd_family f JOIN pf ON pf.sfpf_family_id = f.fami_family_id
                 JOIN sf_opt_out o ON o.sfoo_person_id = f.fami_person_id AND o.sfoo_purpose IN ('supporting-families', 'research')")
[ "$pop_optouts" -gt 0 ] || fail "no opted-out person in the period's families: the test proves nothing"
assert_contains "$OUT/families_nis_2025-03_201_manifest.json" "\"excluded\": \\{\"opted_out\": $pop_optouts\\}"
# A new opt-out takes effect at once; one for another purpose, or from a
# future date, does not.
p1=$(awk -F, 'NR == 2 { print $1 }' "$nis")
p2=$(awk -F, 'NR == 3 { print $1 }' "$nis")
p3=$(awk -F, 'NR == 4 { print $1 }' "$nis")
q "INSERT INTO sf_opt_out VALUES ('OPT-T1', '$p1', 'research', CURRENT_DATE - 1),
                                 ('OPT-T2', '$p2', 'marketing', CURRENT_DATE - 1),
                                 ('OPT-T3', '$p3', 'supporting-families', CURRENT_DATE + 30)"
expect_status 0 "$SR" build families --period 2025-03 --la 201 --output-dir "$OUT" --key-file "$KEY" --force --kind nis -q
grep -q "^$p1," "$nis" && fail "a new opt-out was ignored"
grep -q "^$p2," "$nis" || fail "an opt-out for another purpose excluded a person"
grep -q "^$p3," "$nis" || fail "an opt-out from a future date excluded a person"
assert_contains "$OUT/families_nis_2025-03_201_manifest.json" "\"excluded\": \\{\"opted_out\": $((pop_optouts + 1))\\}"
q "DELETE FROM sf_opt_out WHERE sfoo_opt_out_id LIKE 'OPT-T%'"

# --- pseudonyms --------------------------------------------------------------------------
# A NIS-shaped test layout that carries both the id and its pseudonym shows
# the mapping (with the FPD's opt-outs, so that it covers the FPD's people);
# the FPD's person keys must be the same pseudonyms.
LDIR="$WORK/layouts"
mkdir -p "$LDIR"
cp "$ROOT/specs/families/layout_fpd.conf" "$LDIR/"
{ sed -e 's/^purpose .*/&\nkey = families/' -e 's/^opt-out .*/opt-out = supporting-families/' \
      "$ROOT/specs/families/layout_nis.conf"
  echo "column person_key person.id pseudonym pseudonymise required"; } >"$LDIR/layout_nis.conf"
map() {   # map PERIOD KEYFILE DIR
    mkdir -p "$3"
    expect_status 0 "$SR" build families --period "$1" --la 201 --output-dir "$3" --key-file "$2" --layout-dir "$LDIR" -q
    awk -F, 'NR > 1 { sub(/\r$/, ""); print $1 "," $NF }' "$3/families_nis_$1_201.csv" | sort >"$3/map"
    awk -F, 'NR > 1 { print $1 }' "$3/families_fpd_$1_201.csv" | sort >"$3/fpd_keys"
}
map 2025-03 "$KEY" "$WORK/pA"
map 2024-12 "$KEY" "$WORK/pB"
map 2025-03 "$OTHER_KEY" "$WORK/pC"
join -t, "$WORK/pA/map" "$WORK/pB/map" >"$WORK/both"
[ "$(wc -l <"$WORK/both")" -gt 10 ] || fail "too few people in both periods to test stability"
awk -F, '$2 != $3 { bad++ } END { exit bad > 0 }' "$WORK/both" || fail "a person's pseudonym changed between periods under one key"
join -t, "$WORK/pA/map" "$WORK/pC/map" | awk -F, '$2 == $3 { same++ } END { exit same > 0 }' \
    || fail "a pseudonym is the same under another key"
comm -23 "$WORK/pA/fpd_keys" <(cut -d, -f2 "$WORK/pA/map" | sort) | grep -q . \
    && fail "an FPD person key is not the pseudonym of a person of the period"
comm -12 "$WORK/pA/fpd_keys" "$WORK/pC/fpd_keys" | grep -q . && fail "FPD person keys shared between two keys"
comm -12 "$WORK/pA/fpd_keys" "$WORK/pB/fpd_keys" | grep -q . || fail "no FPD person key common to two periods"
cmp -s "$WORK/pA/families_fpd_2025-03_201.csv" "$fpd" || fail "the FPD differs between two runs with one key"
# FPD rows are in person-key order, not the council's id order.
awk -F, 'NR > 1 { print $1 }' "$fpd" | sort -c 2>/dev/null || fail "FPD rows are not sorted by person key"

# --- the FPD carries no NIS identifier ----------------------------------------------------
# Every name, date of birth, NI number, postcode (both spellings), UPN and
# id of the NIS of the same run, and every name in the replica.
awk -F, 'NR > 1 { sub(/\r$/, ""); for (i = 1; i <= 9; i++) if ($i != "" && i != 6) print $i;
                  if ($7 != "") { p = $7; gsub(/ /, "", p); print p }
                  split($5, d, "-"); if ($5 != "") print d[3] "/" d[2] "/" d[1] }' "$nis" | sort -u >"$WORK/identifiers"
q "SELECT pers_forename FROM ssd_person UNION SELECT pers_surname FROM ssd_person" >>"$WORK/identifiers"
[ "$(wc -l <"$WORK/identifiers")" -gt 100 ] || fail "too few identifiers collected"
grep -c -F -f "$WORK/identifiers" "$nis" >/dev/null || fail "the identifier patterns do not even match the NIS"
for f in "$fpd" "$WORK"/p[ABC]/families_fpd_*.csv; do
    if grep -n -F -f "$WORK/identifiers" "$f" >"$WORK/leak"; then
        head -3 "$WORK/leak" >&2
        fail "$f contains an identifier of the NIS"
    fi
done

# --- the DPO report: the build's counts, no personal value ----------------------------------------
expect_status 0 "$SR" build families --period 2025-03 --la 201 --output-dir "$OUT" --key-file "$KEY" --force -q
expect_status 0 "$SR" report families --period 2025-03 --la 201 --key-file "$KEY" --format json --output "$WORK/dpo.json"
[ "$(stat -c %a "$WORK/dpo.json")" = 600 ] || fail "the report is not mode 0600"
for kind in nis fpd; do
    people=$(grep -o '"people": [0-9]*' "$OUT/families_${kind}_2025-03_201_manifest.json" | grep -o '[0-9]*$')
    assert_contains "$WORK/dpo.json" "\"file\": \"$kind\".*\"people\": $people,"
done
assert_contains "$WORK/dpo.json" '"column": "forename", "source": "ssd_person.pers_forename", "treatment": "clear"'
assert_contains "$WORK/dpo.json" '"column": "person_key", "source": "ssd_person.pers_person_id", "treatment": "pseudonymise"'
expect_status 0 "$SR" report families --period 2025-03 --la 201 --key-file "$KEY"
cp "$WORK/out" "$WORK/dpo.txt"
assert_contains "$WORK/dpo.txt" "Lawful basis: UK GDPR Article 6\\(1\\)\\(e\\)"
expect_status 0 "$SR" report families --period 2025-03 --la 201 --format md
cp "$WORK/out" "$WORK/dpo.md"
# HTML too (to standard output): by file, each purpose once, then its columns.
expect_status 0 "$SR" report families --period 2025-03 --la 201 --key-file "$KEY" --format html
cp "$WORK/out" "$WORK/dpo.html"
assert_contains "$WORK/dpo.html" '<h3>Purpose: supporting-families</h3>'
assert_contains "$WORK/dpo.html" '<tr class="pseudonymised"><td>person_key</td>'
assert_contains "$WORK/dpo.html" 'People in the file: '
assert_not_contains "$WORK/dpo.html" '(src|href)="?(https?:)?//'
for f in "$WORK/dpo.json" "$WORK/dpo.txt" "$WORK/dpo.md" "$WORK/dpo.html"; do
    grep -F -f "$WORK/identifiers" "$f" | head -3 >&2 && fail "the DPO report $f shows a personal value"
done
# Its validation report counts people, not children.
expect_status 0 "$SR" validate "$OUT/families_nis_2025-03_201.csv"
assert_contains "$WORK/out" '  people: '
assert_not_contains "$WORK/out" 'children'

expect_status 0 "$SR" report families --offline --format json
assert_contains "$WORK/out" '"offline": true'

# --- period selection -------------------------------------------------------------------------
expect_status 2 "$SR" build families --period 2025-02 --la 201 --output-dir "$WORK" -q
assert_contains "$WORK/err" "does not end a 3-month period"
expect_status 2 "$SR" build families --la 201 --output-dir "$WORK" -q
assert_contains "$WORK/err" "--period is required"
mkdir -p "$WORK/prev"
SOURCE_DATE_EPOCH=1748736000 expect_status 0 "$SR" build families --period previous --kind nis --la 201 --output-dir "$WORK/prev" -q
[ -f "$WORK/prev/families_nis_2025-03_201.csv" ] || fail "--period previous on 2025-06-01 is not 2025-03"

# --- bad layouts: exit 3, file:line --------------------------------------------------------------
BAD="$WORK/badlayouts"
mkdir -p "$BAD"
cp "$ROOT/specs/families/layout_nis.conf" "$ROOT/specs/families/layout_fpd.conf" "$BAD/"
echo "column gender person.gender code(M|F) clear" >>"$BAD/layout_nis.conf"
n=$(wc -l <"$BAD/layout_nis.conf")
mkdir -p "$WORK/o3"
expect_status 3 "$SR" build families --period 2025-03 --la 201 --output-dir "$WORK/o3" --key-file "$KEY" --layout-dir "$BAD" -q
assert_contains "$WORK/err" "layout_nis.conf:$n: column 'gender': unknown source 'person.gender'"
cp "$ROOT/specs/families/layout_nis.conf" "$BAD/"
echo "column dob person.dob date month" >>"$BAD/layout_fpd.conf"
n=$(wc -l <"$BAD/layout_fpd.conf")
expect_status 3 "$SR" build families --period 2025-03 --la 201 --output-dir "$WORK/o3" --key-file "$KEY" --layout-dir "$BAD" -q
assert_contains "$WORK/err" "layout_fpd.conf:$n: column 'dob' takes person.dob, a direct identifier"
cp "$ROOT/specs/families/layout_fpd.conf" "$BAD/"
echo "column wellbeing measure:wellbeing int(0..10) clear" >>"$BAD/layout_fpd.conf"
n=$(wc -l <"$BAD/layout_fpd.conf")
expect_status 3 "$SR" build families --period 2025-03 --la 201 --output-dir "$WORK/o3" --key-file "$KEY" --layout-dir "$BAD" -q
assert_contains "$WORK/err" "layout_fpd.conf:$n: column 'wellbeing': unknown source 'measure:wellbeing'"
expect_status 3 "$SR" build families --period 2025-03 --la 201 --output-dir "$WORK/o3" -q
assert_contains "$WORK/err" "no key was given"
[ -z "$(ls -A "$WORK/o3")" ] || fail "files written despite a bad layout or key"

# --- bad data: exit 6, named by id and field, nothing written ----------------------------------------
fam_a=$(awk -F, 'NR == 2 { print $2 }' "$nis")
person=$(awk -F, -v f="$fam_a" 'NR > 1 && $2 == f { print $1; exit }' "$nis")
fam_b=$(awk -F, -v f="$fam_a" 'NR > 1 && $2 != f { print $2; exit }' "$nis")
programme_ids=$(awk -F, 'NR > 1 && ($10 == "attached" || $10 == "closed" || $10 == "claimed") { printf "%s ", $1 }' "$nis")
measured=$(q "SELECT sfme_person_id FROM sf_measure WHERE sfme_measure_code = 'attendance'
              AND sfme_period_end = '2025-03-31' AND sfme_person_id = ANY (string_to_array('$programme_ids', ' '))
              ORDER BY 1 LIMIT 1")
[ -n "$person" ] && [ -n "$fam_b" ] && [ -n "$measured" ] || fail "could not pick people for the defect cases"
old_value=$(q "SELECT sfme_value FROM sf_measure WHERE sfme_person_id = '$measured' AND sfme_measure_code = 'attendance' AND sfme_period_end = '2025-03-31'")
bad_build() {   # bad_build: expect exit 6 and an empty output directory
    rm -rf "$WORK/o6"
    mkdir -p "$WORK/o6"
    expect_status 6 "$SR" build families --period 2025-03 --la 201 --output-dir "$WORK/o6" --key-file "$KEY" -q
    [ -z "$(ls -A "$WORK/o6")" ] || fail "files written despite data defects: $(ls -A "$WORK/o6")"
    assert_contains "$WORK/err" "nothing was written"
}
q "INSERT INTO sf_programme_family VALUES ('SF-EMPTY', 'FAM-EMPTY', 'programme', '2025-01-10', '2025-01-20', NULL, NULL)"
bad_build
assert_contains "$WORK/err" "family FAM-EMPTY: ssd_family.fami_person_id has no members"
q "DELETE FROM sf_programme_family WHERE sfpf_id = 'SF-EMPTY'"

q "INSERT INTO ssd_family VALUES ('FM-TWICE', '$fam_b', '$person')"
bad_build
assert_contains "$WORK/err" "person $person: ssd_family.fami_family_id is a member of more than one family in the period"
q "DELETE FROM ssd_family WHERE fami_table_id = 'FM-TWICE'"

q "UPDATE sf_measure SET sfme_value = 140.5 WHERE sfme_person_id = '$measured' AND sfme_measure_code = 'attendance' AND sfme_period_end = '2025-03-31'"
bad_build
assert_contains "$WORK/err" "person $measured: sf_measure.sfme_value\\[attendance\\] is outside the format's range \\(column school_attendance_pct, format decimal\\(0..100\\)\\)"
assert_not_contains "$WORK/err" "140.5"

# All three at once: every one is listed.
q "INSERT INTO sf_programme_family VALUES ('SF-EMPTY', 'FAM-EMPTY', 'programme', '2025-01-10', '2025-01-20', NULL, NULL)"
q "INSERT INTO ssd_family VALUES ('FM-TWICE', '$fam_b', '$person')"
bad_build
assert_contains "$WORK/err" "family FAM-EMPTY"
assert_contains "$WORK/err" "person $person: "
assert_contains "$WORK/err" "person $measured: "
assert_contains "$WORK/err" "3 problems"
# No personal value in any message.
name=$(awk -F, -v p="$measured" '$1 == p { print $3 }' "$nis")
[ -n "$name" ] && assert_not_contains "$WORK/err" "$name"
q "DELETE FROM sf_programme_family WHERE sfpf_id = 'SF-EMPTY'"
q "DELETE FROM ssd_family WHERE fami_table_id = 'FM-TWICE'"
q "UPDATE sf_measure SET sfme_value = $old_value WHERE sfme_person_id = '$measured' AND sfme_measure_code = 'attendance' AND sfme_period_end = '2025-03-31'"
expect_status 0 "$SR" build families --period 2025-03 --la 201 --output-dir "$OUT" --key-file "$KEY" --force -q
cmp -s "$nis" "$ROOT/fixtures/golden/families_nis_2025-03_201_seed5_100.csv" || fail "repaired data does not give the golden NIS"

# The generator's own defects (synth --defects) are all caught.
new_db defects
load_synth 300 7 2025 --defects 0.1
bad_build
assert_contains "$WORK/err" "has no members"
assert_contains "$WORK/err" "is a member of more than one family in the period \\(FAM[0-9]+ FAM[0-9]+-B\\)"
assert_contains "$WORK/err" "sf_measure.sfme_value\\[employment\\] is outside the format's range"

# --- the contract: exit 5, naming what is missing -----------------------------------------------
new_db contract
q "DROP TABLE sf_opt_out; ALTER TABLE sf_measure DROP COLUMN sfme_received_date"
mkdir -p "$WORK/o5"
expect_status 5 "$SR" build families --period 2025-03 --la 201 --output-dir "$WORK/o5" --key-file "$KEY" -q
assert_contains "$WORK/err" "sf_opt_out"
assert_contains "$WORK/err" "sf_measure.sfme_received_date"
[ -z "$(ls -A "$WORK/o5")" ] || fail "files written despite a broken contract"

pass
