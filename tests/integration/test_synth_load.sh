#!/usr/bin/env bash
# `statreturn synth` output loads into a fresh replica (sql/replica.sql)
# through psql with every key and foreign key satisfied, and what is loaded
# has the shape the build relies on: every child has an episode, histories
# reach before and after the census year, CP plans start on their
# conference, conferences fall on weekdays, JSON columns parse.  A second
# load with --defects checks that defective rows still load.
. "$(dirname "$0")/lib.sh"

new_db clean
"$SR" synth --children 2000 --seed 3 --year 2025 | psql -X -v ON_ERROR_STOP=1 -q >/dev/null \
    || fail "synth output did not load"

q() { psql -X -v ON_ERROR_STOP=1 -Atc "$1"; }
# expect_count SQL OP N MESSAGE: the count SQL returns must satisfy OP N.
expect_count() {
    local got
    got=$(q "$1") || fail "query failed: $1"
    [ "$got" "$2" "$3" ] || fail "$4 (got $got)"
}

# CIN children only: the SSDA903 (L...) and families generators add people of their own.
expect_count "select count(*) from ssd_person where pers_person_id ~ '^C[0-9]+$'" -eq 2000 "children loaded"
expect_count "select count(*) from ssd_person p where p.pers_person_id ~ '^C[0-9]+$' and not exists
                (select 1 from ssd_cin_episodes e where e.cine_person_id = p.pers_person_id)" \
    -eq 0 "every child has an episode (8590)"
expect_count "select count(*) from ssd_cin_episodes" -gt 2000 "some children have several episodes"
expect_count "select count(*) from ssd_cin_assessments" -gt 500 "assessments"
expect_count "select count(*) from ssd_assessment_factors" -gt 500 "assessment factors"
expect_count "select count(*) from ssd_cin_plans" -gt 300 "CIN plans"
expect_count "select count(*) from ssd_s47_enquiry" -gt 200 "S47 enquiries"
expect_count "select count(*) from ssd_initial_cp_conference" -gt 100 "conferences"
expect_count "select count(*) from ssd_initial_cp_conference where icpc_s47_enquiry_id is null" \
    -gt 0 "conferences with no S47"
expect_count "select count(*) from ssd_cp_plans" -gt 100 "CP plans"
expect_count "select count(*) from ssd_cp_reviews" -gt 100 "CP reviews"
expect_count "select count(*) from ssd_linked_identifiers where link_identifier_type = 'Unique Pupil Number'" \
    -gt 1000 "UPNs"
expect_count "select count(*) from ssd_person where pers_dob is null" -gt 0 "unborn children"

# The census year 2024-25 has work to do: some children in it, some not.
in_year="select count(distinct cine_person_id) from ssd_cin_episodes
          where cine_referral_date <= date '2025-03-31'
            and (cine_close_date is null or cine_close_date >= date '2024-04-01')"
expect_count "$in_year" -gt 600 "children in the census year"
expect_count "$in_year" -lt 1800 "children outside the census year"
expect_count "select count(*) from ssd_cin_episodes where cine_close_date < date '2024-04-01'" \
    -gt 0 "episodes closed before the census year"
expect_count "select count(*) from ssd_cin_episodes where cine_referral_date > date '2025-03-31'" \
    -gt 0 "referrals after the census year"

# Invariants of clean data.
expect_count "select count(*) from ssd_cp_plans p join ssd_initial_cp_conference c
                on c.icpc_icpc_id = p.cppl_icpc_id
              where c.icpc_icpc_date <> p.cppl_cp_plan_start_date" -eq 0 "CP plans start at their conference (2885)"
expect_count "select count(*) from ssd_initial_cp_conference where extract(isodow from icpc_icpc_date) > 5" \
    -eq 0 "conferences on weekdays (8875)"
expect_count "select count(*) from ssd_cin_episodes
              where (cine_close_date is null) <> (cine_close_reason is null)" -eq 0 "closure date iff reason (8805, 8810)"
expect_count "select count(*) from ssd_cin_episodes e join ssd_cin_assessments a
                on a.cina_referral_id = e.cine_referral_id
              where e.cine_referral_nfa = 'Y'" -eq 0 "no assessments on NFA referrals (8831)"
expect_count "select count(*) from ssd_person where pers_dob is null
                and (pers_sex <> 'U' or pers_expected_dob is null)" -eq 0 "unborn children: sex U, expected DOB (8750)"
expect_count "select count(*) from ssd_person p join ssd_disability d on d.disa_person_id = p.pers_person_id
              where p.pers_dob is null" -eq 0 "no disabilities for unborn children"
expect_count "select count(*) from ssd_assessment_factors
              where jsonb_typeof(cinf_assessment_factors_json::jsonb) not in ('array', 'object')" \
    -eq 0 "factors are JSON arrays or objects"
expect_count "select count(*) from ssd_assessment_factors
              where jsonb_typeof(cinf_assessment_factors_json::jsonb) = 'object'" -gt 0 "some factors in object form"
expect_count "select count(*) from ssd_s47_enquiry where s47e_s47_end_date is not null
                and coalesce(s47e_s47_outcome_json::jsonb ->> 'CP_CONFERENCE_FLAG', '') not in ('Y', 'N')" \
    -eq 0 "completed S47s carry CP_CONFERENCE_FLAG"
expect_count "select count(*) from ssd_cp_plans where cppl_cp_plan_initial_category not in ('NEG', 'PHY', 'SAB', 'EMO', 'MUL')" \
    -gt 0 "some categories as SSD descriptions"
expect_count "select count(*) - count(distinct link_identifier_value) from ssd_linked_identifiers" \
    -eq 0 "UPNs unique (1520)"
expect_count "select count(*) from ssd_linked_identifiers where link_identifier_type like '%Unique Pupil Number'
                and link_identifier_value !~ '^[A-Z][0-9]{12}$'" \
    -eq 0 "UPNs well formed"

# Same options, same bytes.
a=$("$SR" synth --children 300 --seed 9 --year 2025 | md5sum)
b=$("$SR" synth --children 300 --seed 9 --year 2025 | md5sum)
[ "$a" = "$b" ] || fail "synth output is not deterministic"

# Defective rows still load (the build, not the schema, reports them).
new_db defects
"$SR" synth --children 2000 --seed 3 --year 2025 --defects 0.2 | psql -X -v ON_ERROR_STOP=1 -q >/dev/null \
    || fail "synth output with defects did not load"
expect_count "select count(*) from ssd_person where pers_person_id ~ '^C[0-9]+$'" -eq 2000 "children loaded (defects)"
expect_count "select count(*) from ssd_person where pers_ethnicity = 'ZZZZ'" -gt 0 "invalid ethnicity defects"
expect_count "select count(*) from ssd_cin_episodes where cine_referral_date is null" -gt 0 "NULL referral date defects"
expect_count "select count(*) - count(distinct link_identifier_value) from ssd_linked_identifiers" \
    -gt 0 "duplicate UPN defects"

pass
