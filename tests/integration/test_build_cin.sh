#!/usr/bin/env bash
# statreturn build cin against a real PostgreSQL: golden output, schema
# validity, output guarantees (0600, atomic, manifest), pseudonyms, and the
# year boundaries.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1748736000   # 2025-06-01T00:00:00Z: reproducible header DateTime
new_db
load_synth 300 5 2025

# --- golden output for a small fixed synthetic set -------------------------
expect_status 0 "$SR" build cin --year 2025 --la 201 --output-dir "$WORK" -q
out="$WORK/cin_2025_201.xml"
golden="$ROOT/fixtures/golden/cin_2025_201_seed5_300.xml"
if [ -n "${UPDATE_GOLDEN:-}" ]; then
    mkdir -p "$(dirname "$golden")"
    cp "$out" "$golden"
fi
cmp -s "$out" "$golden" || { diff "$golden" "$out" | head -20 >&2; fail "output differs from $golden (UPDATE_GOLDEN=1 to accept a deliberate change)"; }

# --- output guarantees ---------------------------------------------------------
for f in "$out" "$WORK/cin_2025_201_validation.csv" "$WORK/cin_2025_201_manifest.json"; do
    [ "$(stat -c %a "$f")" = 600 ] || fail "$f is not mode 0600"
done
ls -a "$WORK" | grep -q '^\.\(cin_\|statreturn-tmp\)' && fail "a temporary file was left behind"
sha=$(sha256sum "$out" | cut -d' ' -f1)
assert_contains "$WORK/cin_2025_201_manifest.json" "\"sha256\": \"$sha\""
assert_contains "$WORK/cin_2025_201_manifest.json" '"children": [1-9]'
assert_contains "$WORK/cin_2025_201_manifest.json" '"field": "ChildIdentifiers/UPN", "source": "ssd_linked_identifiers.link_identifier_value", "treatment": "clear"'
assert_contains "$WORK/cin_2025_201_manifest.json" '"key_fingerprint": null'
xmllint --noout --schema "$ROOT/specs/cin/cin_2025.xsd" "$out" 2>/dev/null || fail "output fails our own XSD"

# The public re-created schema (booleans 0/1 only) accepts our output too.
ref="${STATRETURN_SHARED:-$ROOT/../shared}/reference/cin"
if [ -f "$ref/sf-pipeline_CIN_schema_2025.xsd" ]; then
    xmllint --noout --schema "$ref/sf-pipeline_CIN_schema_2025.xsd" "$out" 2>"$WORK/sf.err" \
        || { head "$WORK/sf.err" >&2; fail "output fails the reference 2025 schema"; }
else
    echo "SKIP $TEST_NAME: reference schemas not found (../shared absent); checked against our own XSD only"
fi

# An existing return is never overwritten without --force.
before=$(sha256sum "$out")
expect_status 8 "$SR" build cin --year 2025 --la 201 --output-dir "$WORK" -q
assert_contains "$WORK/err" "already exists"
[ "$(sha256sum "$out")" = "$before" ] || fail "existing output was modified"
expect_status 0 "$SR" build cin --year 2025 --la 201 --output-dir "$WORK" --force -q

# The validator agrees with the build: no DfE errors.
expect_status 0 "$SR" validate "$out" -q

# --- 2025-26 ----------------------------------------------------------------
expect_status 0 "$SR" build cin --year 2026 --la 201 --output "$WORK/cin26.xml" -q
if [ -f "$ref/sf-pipeline_CIN_schema_2026.xsd" ]; then
    xmllint --noout --schema "$ref/sf-pipeline_CIN_schema_2026.xsd" "$WORK/cin26.xml" 2>/dev/null \
        || fail "2026 output fails the reference 2026 schema"
fi

# --- pseudonymised identifiers -----------------------------------------------
expect_status 0 "$SR" keygen --output "$WORK/dfe.key"
[ "$(stat -c %a "$WORK/dfe.key")" = 600 ] || fail "key file not 0600"
key=$(cat "$WORK/dfe.key")
expect_status 0 "$SR" build cin --year 2025 --la 201 --output "$WORK/p1.xml" --pseudonymise-ids --key-file "$WORK/dfe.key" -q
expect_status 0 "$SR" build cin --year 2025 --la 201 --output "$WORK/p2.xml" --pseudonymise-ids --key-file "$WORK/dfe.key" -q
grep -m1 -o '<LAchildID>[^<]*' "$WORK/p1.xml" | grep -qE '<LAchildID>[0-9A-HJKMNP-TV-Z]{20}$' || fail "pseudonym not 20 base32 characters"
assert_not_contains "$WORK/p1.xml" '<LAchildID>C[0-9]{7}<'
cmp -s "$WORK/p1.xml" "$WORK/p2.xml" || fail "pseudonyms not stable for one key"
grep -rqF "$key" "$WORK"/p1* && fail "the key appears in the output"
assert_contains "$WORK/p1_manifest.json" '"key_fingerprint": "sr1-[0-9a-f]{16}"'
assert_contains "$WORK/p1_manifest.json" '"field": "ChildIdentifiers/LAchildID", "source": "ssd_person.pers_person_id", "treatment": "pseudonymise"'
expect_status 0 "$SR" keygen --output "$WORK/other.key"
expect_status 0 "$SR" build cin --year 2025 --la 201 --output "$WORK/p3.xml" --pseudonymise-ids --key-file "$WORK/other.key" -q
cmp -s "$WORK/p1.xml" "$WORK/p3.xml" && fail "different keys gave the same pseudonyms"
chmod 644 "$WORK/dfe.key"
expect_status 3 "$SR" build cin --year 2025 --la 201 --output "$WORK/p4.xml" --pseudonymise-ids --key-file "$WORK/dfe.key" -q
assert_contains "$WORK/err" "chmod 600"
[ -e "$WORK/p4.xml" ] && fail "output written despite a bad key"
expect_status 3 "$SR" build cin --year 2025 --la 201 --output "$WORK/p5.xml" --pseudonymise-ids -q
assert_contains "$WORK/err" "no key"

# --- year boundaries ----------------------------------------------------------
new_db bounds
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO ssd_person (pers_person_id, pers_sex, pers_ethnicity, pers_dob, pers_upn_unknown) VALUES
  ('B1', 'F', 'WBRI', '2022-01-10', 'UN1'),   -- referred on the last day of 2024-25
  ('B2', 'M', 'WBRI', '2022-01-10', 'UN1'),   -- referred on the first day of 2025-26
  ('B3', 'F', 'WBRI', '2022-01-10', 'UN1'),   -- closed on the last day of 2023-24
  ('B4', 'M', 'WBRI', '2022-01-10', 'UN1');   -- closed on the first day of 2024-25
INSERT INTO ssd_disability VALUES ('D1','B1','NONE'),('D2','B2','NONE'),('D3','B3','NONE'),('D4','B4','NONE');
INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date, cine_referral_source_code,
                              cine_cin_primary_need_code, cine_referral_nfa, cine_close_date, cine_close_reason) VALUES
  ('R1', 'B1', '2025-03-31', '1A', 'N4', 'N', NULL, NULL),
  ('R2', 'B2', '2025-04-01', '1A', 'N4', 'N', NULL, NULL),
  ('R3', 'B3', '2023-06-01', '1A', 'N4', 'N', '2024-03-31', 'RC7'),
  ('R4', 'B4', '2023-06-01', '1A', 'N4', 'N', '2024-04-01', 'RC7');
SQL
expect_status_le1() { set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local s=$?; set -e; [ $s -le 1 ] || { cat "$WORK/err" >&2; fail "exit $s from $*"; }; }
expect_status_le1 "$SR" build cin --year 2025 --la 201 --output "$WORK/b25.xml"
expect_status_le1 "$SR" build cin --year 2026 --la 201 --output "$WORK/b26.xml"
ids25=$(grep -o '<LAchildID>[^<]*' "$WORK/b25.xml" | cut -d'>' -f2 | tr '\n' ' ')
ids26=$(grep -o '<LAchildID>[^<]*' "$WORK/b26.xml" | cut -d'>' -f2 | tr '\n' ' ')
[ "$ids25" = "B1 B4 " ] || fail "2024-25 should hold B1 and B4, holds: $ids25"
[ "$ids26" = "B1 B2 " ] || fail "2025-26 should hold B1 and B2, holds: $ids26"
# B4's closure is inside 2024-25 and shows; a closure after 31 March is not yet known.
grep -A3 '<LAchildID>B4' "$WORK/b25.xml" >/dev/null
assert_contains "$WORK/b25.xml" '<CINclosureDate>2024-04-01</CINclosureDate>'

pass
