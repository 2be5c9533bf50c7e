#!/usr/bin/env bash
# statreturn build 903 against a real PostgreSQL: golden XML and CSV output
# for a small fixed synthetic set, our XSD, the 903 validator agreeing with
# the build, the regional profile, bad inputs, modes, manifest.
#
# Clean synthetic data (invented postcode area YY, well formed) must give a
# DfE build with no findings at all, from the build and from validating the
# XML and the CSV set.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1748736000
new_db
load_synth 800 5 2025
db25=$PGDATABASE

# --- golden output -----------------------------------------------------------------
# Status 0: the full DfE rule set finds nothing in the synthetic histories; the
# validation report beside the return is still written (its header row only).
expect_status 0 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK" -q
[ -s "$WORK/cla_2025_201_validation.csv" ] || fail "no validation report beside the return"
head -n 1 "$WORK/cla_2025_201_validation.csv" | tr -d '\r' | grep -q 'file,rule,type,table,row,child,column,message,line,path,cindetails_position,referral_date$' \
    || fail "the validation report has no header row (the same columns for every return)"
xml="$WORK/cla_2025_201.xml"
dir="$WORK/cla_2025_201_csv"
golden="$ROOT/fixtures/golden/cla_2025_201_seed5_800"
if [ -n "${UPDATE_GOLDEN:-}" ]; then
    rm -rf "$golden"
    mkdir -p "$golden"
    cp "$xml" "$golden/"
    cp "$dir"/*.csv "$golden/"
fi
cmp -s "$xml" "$golden/cla_2025_201.xml" || { diff "$golden/cla_2025_201.xml" "$xml" | head -20 >&2; fail "XML differs from golden (UPDATE_GOLDEN=1 to accept)"; }
for f in "$golden"/*.csv; do
    cmp -s "$f" "$dir/$(basename "$f")" || { diff "$f" "$dir/$(basename "$f")" | head >&2; fail "$(basename "$f") differs from golden"; }
done
[ "$(ls "$dir" | wc -l)" = 11 ] || fail "expected 11 CSV files (2024-25 tables)"

# CSV shape: exact DfE header rows, CRLF, no byte-order mark.
head -1 "$dir/cla_2025_201_Header.csv" | grep -q $'^CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r$' || fail "Header.csv header row"
head -1 "$dir/cla_2025_201_Episodes.csv" | grep -q $'^CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r$' \
    || fail "Episodes.csv header row"
head -c3 "$dir/cla_2025_201_Header.csv" | od -An -tx1 | grep -q 'ef bb bf' && fail "CSV has a byte-order mark"
grep -c $'\r$' "$dir/cla_2025_201_Header.csv" >/dev/null || fail "no CRLF"
[ "$(grep -vc $'\r$' "$dir/cla_2025_201_Episodes.csv")" = 0 ] || fail "a line without CRLF"
grep -qE '^[A-Z0-9]+,[0-9]{2}/[0-9]{2}/20[0-9]{2},' "$dir/cla_2025_201_Episodes.csv" || fail "dates not DD/MM/YYYY"

# Short breaks (LS V3/V4): the replica holds the home address, placement
# postcode and URN of those placements; the return leaves all three out
# (DfE 214, 398), in the CSV set and the XML, and keeps them for other care.
sb_in_replica=$(psql -X -Atc "select count(*) from ssd_cla_episodes e
    join ssd_cla_placement p on p.clap_cla_placement_id = e.clae_cla_placement_id
    join ssd_legal_status l on l.lega_person_id = e.clae_person_id and l.lega_legal_status in ('V3', 'V4')
     and l.lega_legal_status_start_date <= e.clae_cla_episode_start_date
     and (l.lega_legal_status_end_date is null or l.lega_legal_status_end_date > e.clae_cla_episode_start_date)
    where p.clap_cla_placement_postcode is not null and p.clap_cla_placement_urn is not null
      and exists (select 1 from ssd_address a where a.addr_person_id = e.clae_person_id and a.addr_address_type = 'Home')")
[ "$sb_in_replica" -gt 0 ] || fail "no short-break episode with postcodes and URN in the replica"
tr -d '\r' <"$dir/cla_2025_201_Episodes.csv" | awk -F, '$4 == "V3" || $4 == "V4"' >"$WORK/sb.csv"
[ -s "$WORK/sb.csv" ] || fail "no short-break episode in Episodes.csv"
[ "$(awk -F, '$11 != "" || $12 != "" || $13 != ""' "$WORK/sb.csv" | wc -l)" = 0 ] \
    || fail "a short-break episode with HOME_POST, PL_POST or URN in Episodes.csv"
[ "$(tr -d '\r' <"$dir/cla_2025_201_Episodes.csv" | awk -F, 'NR > 1 && $4 != "V3" && $4 != "V4" && $12 != "" && $13 != ""' | wc -l)" -gt 0 ] \
    || fail "no PL_POST and URN left for other episodes"
[ "$(xmllint --xpath 'count(//EPISODE[LS="V3" or LS="V4"])' "$xml")" = "$(wc -l <"$WORK/sb.csv")" ] || fail "XML and CSV short breaks differ"
[ "$(xmllint --xpath 'count(//EPISODE[(LS="V3" or LS="V4") and (HOME_POST or PL_POST or URN)])' "$xml")" = 0 ] \
    || fail "a short-break EPISODE with HOME_POST, PL_POST or URN in the XML"

# --- schema and validator ------------------------------------------------------------
xmllint --noout --schema "$ROOT/specs/903/cla_2025.xsd" "$xml" 2>/dev/null || fail "XML fails our XSD"
set +e
"$SR" validate --year 2025 "$xml" --format csv >"$WORK/vx.csv" 2>/dev/null
vx=$?
"$SR" validate --year 2025 "$dir" --format csv >"$WORK/vc.csv" 2>/dev/null
vc=$?
set -e
[ $vx -eq 0 ] && [ $vc -eq 0 ] || fail "validate exited $vx / $vc (expected 0: no DfE findings)"
# No finding at all (by rule code, field 2): validate on the XML, on the CSV
# set (social worker rules included), and the build's own report.
for f in "$WORK/vx.csv" "$WORK/vc.csv" "$WORK/cla_2025_201_validation.csv"; do
    codes=$(tail -n +2 "$f" | cut -d, -f2 | sort | uniq -c)
    [ -z "$codes" ] || { echo "$codes" >&2; fail "DfE findings in $(basename "$f") on clean synthetic data"; }
done

# --- output guarantees --------------------------------------------------------------------
for f in "$xml" "$dir"/*.csv "$WORK/cla_2025_201_validation.csv" "$WORK/cla_2025_201_manifest.json"; do
    [ "$(stat -c %a "$f")" = 600 ] || fail "$f is not mode 0600"
done
[ "$(stat -c %a "$dir")" = 700 ] || fail "CSV folder is not mode 0700"
ls -a "$WORK" "$dir" | grep -q '^\.\(cla_\|statreturn-tmp\)' && fail "a temporary file was left behind"
m="$WORK/cla_2025_201_manifest.json"
assert_contains "$m" "\"sha256\": \"$(sha256sum "$xml" | cut -d' ' -f1)\""
assert_contains "$m" "\"sha256\": \"$(sha256sum "$dir/cla_2025_201_Episodes.csv" | cut -d' ' -f1)\""
assert_contains "$m" '"children": [1-9]'
assert_contains "$m" '"Episodes": [1-9]'
assert_contains "$m" '"field": "Episodes/PL_POST", "source": "ssd_cla_placement.clap_cla_placement_postcode", "treatment": "clear"'
assert_contains "$m" '"field": "Header/UPN", "source": "ssd_linked_identifiers.link_identifier_value", "treatment": "clear"'
assert_contains "$m" '"field": "Episodes/LS", "source": "derived:ssd_legal_status.lega_legal_status"'
# Every field of the year: the policy's lines but those of tables 2024-25 does not have (DoLo).
[ "$(grep -c '"field": ' "$m")" = "$(grep '^field ' "$ROOT/specs/903/policy_dfe.conf" | grep -vc '^field DoLo/')" ] \
    || fail "manifest does not list every field"
assert_not_contains "$m" '"field": "DoLo/'
assert_not_contains "$m" '"notes"'

# Existing output is never overwritten without --force; --force replaces it.
before=$(sha256sum "$xml")
expect_status 8 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK" -q
assert_contains "$WORK/err" "already exists"
[ "$(sha256sum "$xml")" = "$before" ] || fail "existing output was modified"
expect_status 0 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK" --force -q
cmp -s "$xml" "$golden/cla_2025_201.xml" || fail "--force rebuild differs"
ls -a "$WORK" | grep -q '^\.\(cla_\|statreturn-tmp\)' && fail "a temporary folder was left behind by --force"

# --format xml / csv
mkdir "$WORK/x" "$WORK/c"
expect_status 0 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK/x" --format xml -q
[ -f "$WORK/x/cla_2025_201.xml" ] && [ ! -e "$WORK/x/cla_2025_201_csv" ] || fail "--format xml"
expect_status 0 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK/c" --format csv -q
[ -d "$WORK/c/cla_2025_201_csv" ] && [ ! -e "$WORK/c/cla_2025_201.xml" ] || fail "--format csv"

# --- 2025-26 -------------------------------------------------------------------------------
mkdir "$WORK/y26"
set +e
"$SR" build 903 --year 2026 --la 201 --output-dir "$WORK/y26" -q 2>"$WORK/err26"
s26=$?
set -e
[ $s26 -le 1 ] || { cat "$WORK/err26" >&2; fail "2026 build exited $s26"; }
xmllint --noout --schema "$ROOT/specs/903/cla_2026.xsd" "$WORK/y26/cla_2026_201.xml" 2>/dev/null || fail "2026 XML fails its XSD"

# --- 2026-27: the DoLo table (deprivation of liberty orders) ---------------------------------
# A small replica of 2026-27 (seed 14: an order still in force on 31 March,
# one renewed, one ended in the year): golden files, the DoLo CSV file with
# DfE's exact header and a blank end for an open order, no DoLO in the XML
# (DfE has published no element) and the summary and manifest saying so,
# and no findings from rules 700-710 or any other.
new_db y27
load_synth 800 14 2027
mkdir "$WORK/y27"
expect_status 0 "$SR" build 903 --year 2027 --la 201 --output-dir "$WORK/y27"
assert_contains "$WORK/err" '3 DoLo rows \(deprivation of liberty orders\), in the DoLo CSV file'
assert_contains "$WORK/err" 'the XML document has no DoLOs: DfE has published no XML element for them'
x27="$WORK/y27/cla_2027_201.xml"
d27="$WORK/y27/cla_2027_201_csv"
golden27="$ROOT/fixtures/golden/cla_2027_201_seed14_800"
if [ -n "${UPDATE_GOLDEN:-}" ]; then
    rm -rf "$golden27"
    mkdir -p "$golden27"
    cp "$x27" "$d27"/*.csv "$golden27/"
fi
cmp -s "$x27" "$golden27/cla_2027_201.xml" || { diff "$golden27/cla_2027_201.xml" "$x27" | head -20 >&2; fail "2027 XML differs from golden"; }
for f in "$golden27"/*.csv; do
    cmp -s "$f" "$d27/$(basename "$f")" || { diff "$f" "$d27/$(basename "$f")" | head >&2; fail "$(basename "$f") differs from golden"; }
done
[ "$(ls "$d27" | wc -l)" = 12 ] || fail "expected 12 CSV files (2026-27 tables)"
dolo="$d27/cla_2027_201_DoLo.csv"
head -1 "$dolo" | grep -q $'^CHILD,DOB,DOLO_START,DOLO_END\r$' || fail "DoLo.csv header row"
[ "$(tail -n +2 "$dolo" | wc -l)" = 3 ] || fail "expected 3 DoLo rows"
tr -d '\r' <"$dolo" | grep -qE '^[A-Z0-9]+,[0-9/]{10},[0-9/]{10},$' || fail "no open DoLO with a blank end"
# Every DoLO child is a looked-after child of the return, with the Header's DOB.
tr -d '\r' <"$dolo" | tail -n +2 | cut -d, -f1,2 | sort -u >"$WORK/dolo.kids"
tr -d '\r' <"$d27/cla_2027_201_Header.csv" | cut -d, -f1,3 | sort -u >"$WORK/header.kids"
[ -z "$(comm -23 "$WORK/dolo.kids" "$WORK/header.kids")" ] || fail "a DoLO child is not in Header"
assert_not_contains "$x27" 'DOLO'
xmllint --noout --schema "$ROOT/specs/903/cla_2027.xsd" "$x27" 2>/dev/null || fail "2027 XML fails its XSD"
m27="$WORK/y27/cla_2027_201_manifest.json"
assert_contains "$m27" '"DoLo": 3'
assert_contains "$m27" '"The XML document has no DoLo rows \(deprivation of liberty orders\): DfE has published no XML element for them. The 3 DoLo rows are in the CSV file cla_2027_201_DoLo.csv."'
assert_contains "$m27" '"field": "DoLo/DOLO_END", "source": "ssd_cla_extension_dolo.clex_dolo_end_date", "treatment": "clear"'
[ "$(grep -c '"field": ' "$m27")" = "$(grep -c '^field ' "$ROOT/specs/903/policy_dfe.conf")" ] || fail "2027 manifest does not list every field"
set +e
"$SR" validate --year 2027 "$d27" --format csv >"$WORK/v27.csv" 2>/dev/null
v27=$?
"$SR" validate --year 2027 "$d27" --format text >"$WORK/v27.txt" 2>/dev/null
set -e
[ $v27 -eq 0 ] || fail "validate on the 2027 CSV set exited $v27"
for f in "$WORK/v27.csv" "$WORK/y27/cla_2027_201_validation.csv"; do
    codes=$(tail -n +2 "$f" | cut -d, -f2 | sort | uniq -c)
    [ -z "$codes" ] || { echo "$codes" >&2; fail "DfE findings in $(basename "$f") on clean 2027 data"; }
done
# 706 compares with last year's DoLOs: not run without --previous.
grep -A1 'needs --previous' "$WORK/v27.txt" | grep -qw 706 || fail "706 not listed as not run without --previous"
# --format xml alone: the DoLOs are in no file, and the build says so.
mkdir "$WORK/y27x"
expect_status 0 "$SR" build 903 --year 2027 --la 201 --output-dir "$WORK/y27x" --format xml
assert_contains "$WORK/err" 'warning: the XML document has no DoLOs .* build with --format csv or both'
assert_contains "$WORK/y27x/cla_2027_201_manifest.json" 'so the 3 DoLo rows are in no file of this build'
# Without the DoLO extension table: 2026-27 names it (exit 5); earlier years never read it.
psql -X -q -c "ALTER TABLE ssd_cla_extension_dolo RENAME TO ssd_dolo_gone" >/dev/null
mkdir "$WORK/nodolo"
expect_status 5 "$SR" build 903 --year 2027 --la 201 --output-dir "$WORK/nodolo" -q
assert_contains "$WORK/err" 'ssd_cla_extension_dolo'
[ -z "$(ls -A "$WORK/nodolo")" ] || fail "files left after a missing DoLO table"
export PGDATABASE=$db25
psql -X -q -c "ALTER TABLE ssd_cla_extension_dolo RENAME TO ssd_dolo_gone" >/dev/null
expect_status 0 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK/nodolo" --format csv -q
psql -X -q -c "ALTER TABLE ssd_dolo_gone RENAME TO ssd_cla_extension_dolo" >/dev/null

# --- regional profile ------------------------------------------------------------------------
expect_status 0 "$SR" keygen --output "$WORK/regional.key"
mkdir "$WORK/reg"
# Status 0: the profile drops UPN (442), moves DOB to the 1st of the month
# (age rules such as 304 and 440) and cuts postcodes to sectors (392c,
# 392d), which DfE's rules object to; those findings are predicted from the
# policy, reported apart as expected for this profile, and not counted.
expect_status 0 "$SR" build 903 --year 2025 --la 201 --profile regional --key-file "$WORK/regional.key" --output-dir "$WORK/reg"
assert_contains "$WORK/err" "[1-9][0-9]* findings expected for this profile \(policy .903-regional.\)"
assert_contains "$WORK/err" "903 validation: 0 errors"
rep="$WORK/reg/cla_2025_201_regional_validation.csv"
assert_contains "$rep" ',442,expected error,Header,[0-9]+,[0-9A-Z]{10},UPN,expected for this profile: policy .903-regional. drops Header/UPN'
assert_contains "$rep" ',392c,expected error,Episodes,[0-9]+,[0-9A-Z]{10},(HOME|PL)_POST,'
assert_not_contains "$rep" ',(error|query),'
rx="$WORK/reg/cla_2025_201_regional.xml"
rd="$WORK/reg/cla_2025_201_regional_csv"
# Each finding names its own file: the XML, or its table's CSV file (by its
# final name, never the folder or a temporary).
assert_contains "$rep" "^$rx,442,"
assert_contains "$rep" "^$rd/cla_2025_201_regional_Header.csv,442,expected error,Header,"
assert_not_contains "$rep" "^$rd,|/proc/|\.statreturn-tmp"
xmllint --noout --schema "$ROOT/specs/903/cla_2025.xsd" "$rx" 2>/dev/null || fail "regional XML fails the XSD"
assert_not_contains "$rx" '<UPN>[^<]'
assert_not_contains "$rx" '<CHILDID>[CL][0-9]{7}<'
grep -qE '<CHILDID>[0-9A-HJKMNP-TV-Z]{10}</CHILDID>' "$rx" || fail "CHILD not a 10-character pseudonym"
assert_not_contains "$rx" '<DOB>(0[2-9]|[12][0-9]|3[01])/'
assert_not_contains "$rx" '_POST>[A-Z0-9]+ [0-9][A-Z]{2}<'
grep -qE '<PL_POST>YY[0-9] [0-9]</PL_POST>' "$rx" || fail "placement postcodes not cut to sector"
cut -d, -f5 "$rd/cla_2025_201_regional_Header.csv" | tail -n +2 | grep -q . && fail "UPN column not empty in regional CSV"
cut -d, -f1 "$rd/cla_2025_201_regional_Episodes.csv" | tail -n +2 | grep -qvE '^[0-9A-HJKMNP-TV-Z]{10}$' && fail "Episodes CHILD not pseudonymised"
assert_contains "$WORK/reg/cla_2025_201_regional_manifest.json" '"validation": \{"errors": 0, "queries": 0, "expected_for_profile": [1-9][0-9]*,'
assert_contains "$WORK/reg/cla_2025_201_regional_manifest.json" '"key_fingerprint": "sr1-'
assert_contains "$WORK/reg/cla_2025_201_regional_manifest.json" '"field": "Header/UPN", "source": "ssd_linked_identifiers.link_identifier_value", "treatment": "drop"'
# Same key, same pseudonyms as the CIN regional prefix would give: stable across runs.
mkdir "$WORK/reg2"
expect_status 0 "$SR" build 903 --year 2025 --la 201 --profile regional --key-file "$WORK/regional.key" --output-dir "$WORK/reg2" -q
cmp -s "$rx" "$WORK/reg2/cla_2025_201_regional.xml" || fail "regional pseudonyms not stable"
expect_status 3 "$SR" build 903 --year 2025 --la 201 --profile regional --output-dir "$WORK/reg2" --force -q
assert_contains "$WORK/err" "no key"
# Any other finding still counts: an episode that starts before the child
# was born (302) is an error under the regional profile too (exit 1).
createdb -T "$db25" "${db25}_302"
PGDATABASE="${db25}_302" psql -X -q -c "UPDATE ssd_person SET pers_dob = (SELECT min(clae_cla_episode_start_date)
    FROM ssd_cla_episodes WHERE clae_person_id = pers_person_id) + 60
    WHERE pers_person_id = (SELECT clae_person_id FROM ssd_cla_episodes ORDER BY clae_cla_episode_id LIMIT 1)" >/dev/null
PGDATABASE="${db25}_302" expect_status 1 "$SR" build 903 --year 2025 --la 201 --profile regional \
    --key-file "$WORK/regional.key" --output-dir "$WORK/reg2" --force -q
assert_contains "$WORK/reg2/cla_2025_201_regional_validation.csv" ',302,error,'
assert_contains "$WORK/reg2/cla_2025_201_regional_manifest.json" '"validation": \{"errors": [1-9]'
dropdb "${db25}_302"

# --- bad inputs --------------------------------------------------------------------------------
# A missing table: exit 5, naming it; nothing written.
mkdir "$WORK/bad"
psql -X -q -c "ALTER TABLE ssd_cla_reviews RENAME TO ssd_cla_reviews_gone" >/dev/null
expect_status 5 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK/bad" -q
assert_contains "$WORK/err" "ssd_cla_reviews"
psql -X -q -c "ALTER TABLE ssd_cla_reviews_gone RENAME TO ssd_cla_reviews" >/dev/null
[ -z "$(ls -A "$WORK/bad")" ] || fail "files left after a contract failure"

# A source defect (a code not in the year's list): exit 6, named by child, table and column, no value, nothing written.
pid=$(psql -X -Atc "select clae_person_id from ssd_cla_episodes where clae_cla_episode_ceased_date is null order by 1 limit 1")
psql -X -q -c "UPDATE ssd_cla_episodes SET clae_cla_primary_need_code = 'N9' WHERE clae_person_id = '$pid'" >/dev/null
expect_status 6 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK/bad" -q
assert_contains "$WORK/err" "child $pid: ssd_cla_episodes.clae_cla_primary_need_code is not a code of the 2025 list CIN"
assert_not_contains "$WORK/err" "N9"
[ -z "$(ls -A "$WORK/bad")" ] || fail "files left after a source defect"
# A required value NULL.
psql -X -q -c "UPDATE ssd_cla_episodes SET clae_cla_primary_need_code = NULL WHERE clae_person_id = '$pid'" >/dev/null
expect_status 6 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK/bad" -q
assert_contains "$WORK/err" "clae_cla_primary_need_code is NULL but the 903 requires a value"
[ -z "$(ls -A "$WORK/bad")" ] || fail "files left after a NULL defect"

# Usage errors.
expect_status 2 "$SR" build 903 --la 201 -q
expect_status 2 "$SR" build 903 --year 2025 --la 201 --format pdf -q
expect_status 2 "$SR" build 903 --year 2019 --la 201 -q

pass
