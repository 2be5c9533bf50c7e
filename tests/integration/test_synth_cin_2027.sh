#!/usr/bin/env bash
# The CIN census 2026-27 end to end on synthetic replicas: `synth --year
# 2027` loads (with the pre-proceedings tables), `build cin --year 2027`
# writes the module and makes no DfE error of its own, the file matches its
# golden copy byte for byte and passes `validate`; with --defects every
# defect of the module is caught, by the build (an outcome outside CS131)
# or by the DfE rule it is aimed at.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1811808000   # 2027-06-01T00:00:00Z: reproducible header DateTime

q() { psql -X -v ON_ERROR_STOP=1 -Atc "$1"; }

# --- golden output for a small fixed synthetic set ---------------------------
new_db
load_synth 300 5 2027
[ "$(q 'select count(*) from ssd_pre_proceedings')" -gt 10 ] || fail "too few periods of pre-proceedings"
expect_status 0 "$SR" build cin --year 2027 --la 201 --output-dir "$WORK" --report-format csv
out="$WORK/cin_2027_201.xml"
golden="$ROOT/fixtures/golden/cin_2027_201_seed5_300.xml"
if [ -n "${UPDATE_GOLDEN:-}" ]; then
    cp "$out" "$golden"
fi
cmp -s "$out" "$golden" || { diff "$golden" "$out" | head -20 >&2; fail "output differs from $golden (UPDATE_GOLDEN=1 to accept a deliberate change)"; }
xmllint --noout --schema "$ROOT/specs/cin/cin_2027.xsd" "$out" 2>/dev/null || fail "output fails the 2027 XSD"
[ "$(grep -c '<PreProceedingsandFGDM>' "$out")" -ge 8 ] || fail "too few pre-proceedings groups"
assert_contains "$out" '<FGDMMeetingOffer>1</FGDMMeetingOffer>'
assert_contains "$out" '<FGDMMeetingFac>0</FGDMMeetingFac>'
assert_contains "$out" '<CourtAppDate>'
[ "$(wc -l <"$WORK/cin_2027_201_validation.csv")" -le 1 ] || { cat "$WORK/cin_2027_201_validation.csv" >&2; fail "DfE findings on clean data"; }
assert_contains "$WORK/cin_2027_201_manifest.json" '"pre_proceedings": [1-9][0-9]*'
assert_contains "$WORK/cin_2027_201_manifest.json" '"pre_proceedings_not_tied": 0'
expect_status 0 "$SR" validate "$out" -q

# --- a larger replica, every seed's clean data passes ---------------------------
for seed in 1 2; do
    new_db "clean$seed"
    load_synth 2000 "$seed" 2027
    expect_status 0 "$SR" build cin --year 2027 --la 201 --output "$WORK/c$seed.xml" --report-format csv
    [ "$(wc -l <"$WORK/c${seed}_validation.csv")" -le 1 ] || { head "$WORK/c${seed}_validation.csv" >&2; fail "seed $seed: DfE findings"; }
done

# --- defects -------------------------------------------------------------------
new_db defects
load_synth 3000 4 2027 --defects 0.2
expect_status 6 "$SR" build cin --year 2027 --la 201 --output "$WORK/d.xml"
assert_contains "$WORK/err" 'ssd_cin_extension_pre_proceedings.cinx_outcome_code is not a code of the DfE PPOutcome list'
# With the defects the build refuses mended, the DfE rules speak.
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
UPDATE ssd_person SET pers_ethnicity = 'WBRI' WHERE pers_ethnicity = 'ZZZZ' OR pers_ethnicity IS NULL;
UPDATE ssd_cin_episodes SET cine_referral_source_code = '1A' WHERE cine_referral_source_code = '11';
UPDATE ssd_cin_episodes e SET cine_referral_date = coalesce((SELECT min(a.cina_assessment_start_date)
    FROM ssd_cin_assessments a WHERE a.cina_referral_id = e.cine_referral_id), date '2026-06-01')
  WHERE cine_referral_date IS NULL;
UPDATE ssd_assessment_factors SET cinf_assessment_factors_json = '["2B"]' WHERE cinf_assessment_factors_json LIKE '%,';
UPDATE ssd_cin_extension_pre_proceedings SET cinx_outcome_code = 'A' WHERE cinx_outcome_code = 'D';
SQL
expect_status 1 "$SR" build cin --year 2027 --la 201 --output "$WORK/d.xml" --report-format csv
for rule in 9006 9007 9009 9010Q 9012 9013 9015Q; do
    assert_contains "$WORK/d_validation.csv" "^[^,]*,$rule,"
done
assert_not_contains "$WORK/d_validation.csv" '^[^,]*,(8995Q|9000Q|9005|9008|9011),'

pass
