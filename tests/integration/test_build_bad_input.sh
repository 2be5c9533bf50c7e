#!/usr/bin/env bash
# Everything that can go wrong between the replica and the return gets a
# clear message, a documented exit status, and no output file.
. "$(dirname "$0")/lib.sh"

no_output() {
    local leftovers
    leftovers=$(ls -A "$WORK/out.d" 2>/dev/null || true)
    [ -z "$leftovers" ] || fail "output left behind after a failure: $leftovers"
}
mkdir -p "$WORK/out.d"
build() { "$SR" build cin --year 2025 --la 201 --output-dir "$WORK/out.d" "$@"; }

new_db
load_synth 200 9 2025

# Usage: passwords are refused wherever they would land in argv.
expect_status 2 build --password secret
assert_contains "$WORK/err" "passwords are not accepted"
expect_status 2 build --dsn "host=$PGHOST password=secret"
assert_contains "$WORK/err" "contains a password"
assert_not_contains "$WORK/err" "secret"
expect_status 2 build --dsn "postgresql://u:secret@localhost/x"
assert_not_contains "$WORK/err" "secret"
expect_status 2 "$SR" build cin --year 1999 --la 201
expect_status 2 "$SR" build cin --year 2025 --la 12
expect_status 2 "$SR" build cin --la 201
no_output

# Unreachable server.
expect_status 4 env PGHOST=/nonexistent-socket-dir "$SR" build cin --year 2025 --la 201 --output-dir "$WORK/out.d"
assert_contains "$WORK/err" "cannot connect to the replica"
no_output

# Unknown role (authentication / authorisation at connect time).
PGUSER=no_such_role expect_status 4 build
assert_contains "$WORK/err" "cannot connect"
no_output

# The contract: every missing table and column is named in one message.
psql -X -q -v ON_ERROR_STOP=1 -c 'ALTER TABLE ssd_cp_reviews RENAME TO ssd_cp_reviews_old' \
    -c 'ALTER TABLE ssd_person DROP COLUMN pers_ethnicity' \
    -c 'ALTER TABLE ssd_cin_episodes ALTER COLUMN cine_referral_date TYPE text'
expect_status 5 build
assert_contains "$WORK/err" "missing table ssd_cp_reviews"
assert_contains "$WORK/err" "missing column ssd_person.pers_ethnicity"
assert_contains "$WORK/err" "ssd_cin_episodes.cine_referral_date is text"
no_output

# Views count as tables: a council maps its own replica with views.
new_db views
load_synth 100 9 2025
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE SCHEMA mapped;
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('CREATE VIEW mapped.%I AS SELECT * FROM public.%I', t, t);
  END LOOP;
END $$;
SQL
expect_status 0 build --schema mapped -q
rm -f "$WORK"/out.d/*

# Permission denied: a role that may connect but not read.
psql -X -q -c "CREATE ROLE sr_noread LOGIN"
PGUSER=sr_noread expect_status 4 build
assert_contains "$WORK/err" "permission denied"
no_output

# Statement timeout: a slow view, a one-second timeout.
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE SCHEMA slow;
CREATE FUNCTION slow.pause() RETURNS boolean LANGUAGE sql AS 'SELECT pg_sleep(3) IS NOT NULL';
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('CREATE VIEW slow.%I AS SELECT * FROM public.%I', t, t);
  END LOOP;
END $$;
CREATE OR REPLACE VIEW slow.ssd_cin_episodes AS SELECT * FROM public.ssd_cin_episodes WHERE slow.pause();
SQL
expect_status 4 build --schema slow --statement-timeout 1
assert_contains "$WORK/err" "statement timeout"
no_output

# The server going away mid-run: terminate our backend while it waits.
(sleep 1; psql -X -q -Atc "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'statreturn'" >/dev/null) &
expect_status 4 build --schema slow
wait
assert_contains "$WORK/err" "(terminat|connection|server closed)"
no_output

# Source data that cannot be valid XML: all defects listed, no values shown, nothing written.
new_db defects
load_synth 200 9 2025
pid1=$(psql -X -Atc "SELECT cine_person_id FROM ssd_cin_episodes WHERE cine_close_date IS NULL ORDER BY 1 LIMIT 1")
pid2=$(psql -X -Atc "SELECT cine_person_id FROM ssd_cin_episodes WHERE cine_close_date IS NULL AND cine_person_id <> '$pid1' ORDER BY 1 LIMIT 1")
psql -X -q -v ON_ERROR_STOP=1 \
    -c "UPDATE ssd_person SET pers_ethnicity = 'QQZZ' WHERE pers_person_id = '$pid1'" \
    -c "UPDATE ssd_person SET pers_sex = NULL WHERE pers_person_id = '$pid2'" \
    -c "UPDATE ssd_cin_episodes SET cine_referral_source_code = 'ZZ9' WHERE cine_person_id = '$pid2'"
expect_status 6 build
assert_contains "$WORK/err" "child $pid1: ssd_person.pers_ethnicity is not a code of the DfE"
assert_contains "$WORK/err" "child $pid2: ssd_person.pers_sex is NULL"
assert_contains "$WORK/err" "child $pid2: ssd_cin_episodes.cine_referral_source_code"
assert_contains "$WORK/err" "for 2 children cannot be written as a valid CIN census; nothing was written"
assert_not_contains "$WORK/err" "QQZZ"
assert_not_contains "$WORK/err" "ZZ9"
no_output

# A malformed JSON column is a defect of that child, not a failed query.
new_db json
load_synth 200 9 2025
psql -X -q -v ON_ERROR_STOP=1 -c "UPDATE ssd_assessment_factors SET cinf_assessment_factors_json = '[\"2B\",' WHERE cinf_table_id = (SELECT f.cinf_table_id FROM ssd_assessment_factors f JOIN ssd_cin_assessments a ON a.cina_assessment_id = f.cinf_assessment_id WHERE a.cina_assessment_auth_date >= '2024-04-01' AND a.cina_assessment_auth_date <= '2025-03-31' ORDER BY 1 LIMIT 1)"
expect_status 6 build
assert_contains "$WORK/err" "ssd_assessment_factors.cinf_assessment_factors_json is not a JSON"
no_output

# The summary counts every child with a defect, whether it was found while
# the child was read from the replica or while it was treated.
new_db counted
load_synth 2000 3 2025 --defects 0.02
expect_status 6 build
named=$(grep -oE 'child [A-Za-z0-9]+:' "$WORK/err" | sort -u | wc -l)
[ "$named" -gt 2 ] || fail "too few children with defects to count ($named)"
[ "$named" -lt 200 ] || fail "more defects than are listed; the count cannot be checked"
assert_contains "$WORK/err" "for $named children cannot be written as a valid CIN census"
no_output

# A policy that does not list a field the writer can emit stops the build.
grep -v 'ChildIdentifiers/FormerUPN' "$ROOT/specs/cin/policy_dfe.conf" >"$WORK/short.conf"
expect_status 3 build --policy "$WORK/short.conf"
assert_contains "$WORK/err" "field 'ChildIdentifiers/FormerUPN' is not listed"
no_output

# An unknown configuration key is an error naming the file and line.
printf 'la = 201\nouput_dir = /tmp\n' >"$WORK/bad.conf"
expect_status 3 build --config "$WORK/bad.conf"
assert_contains "$WORK/err" "bad.conf:2: unknown key 'ouput_dir'"

pass
