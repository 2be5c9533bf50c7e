#!/usr/bin/env bash
# The SSDA903 part of `statreturn synth` loads into a fresh replica
# (sql/replica.sql, sql/cla.sql) with every key and foreign key satisfied,
# and what is loaded hangs together the way the 903 build will read it:
# one legal status in force on each episode's start, periods of care
# chained by X1, a home postcode for every episode that needs one, reviews
# and placements tied to periods of care, extension rows beside their SSD
# rows.  Looked-after children who are new people stay out of the CIN
# census.  A second load with --defects checks that defective rows load.
. "$(dirname "$0")/lib.sh"

new_db clean
"$SR" synth --children 4000 --seed 3 --year 2025 | psql -X -v ON_ERROR_STOP=1 -q >/dev/null \
    || fail "synth output did not load"

q() { psql -X -v ON_ERROR_STOP=1 -Atc "$1"; }
# expect_count SQL OP N MESSAGE: the count SQL returns must satisfy OP N.
expect_count() {
    local got
    got=$(q "$1") || fail "query failed: $1"
    [ "$got" "$2" "$3" ] || fail "$4 (got $got)"
}

# --- counts -------------------------------------------------------------------
expect_count "select count(distinct clae_person_id) from ssd_cla_episodes" -eq 500 "looked-after children (children / 8)"
expect_count "select count(distinct clae_person_id) from ssd_cla_episodes where clae_person_id like 'C%'" -gt 60 \
    "some looked-after children are CIN children"
expect_count "select count(distinct clae_person_id) from ssd_cla_episodes where clae_person_id like 'C%'" -lt 250 \
    "most looked-after children are new people"
expect_count "select count(*) from ssd_cla_episodes" -gt 1000 "episodes"
expect_count "select count(distinct clae_cla_id) from ssd_cla_episodes" -gt 550 "some children have several periods of care"
expect_count "select count(*) from ssd_cla_placement" -gt 800 "placements"
expect_count "select count(*) from ssd_legal_status" -gt 500 "legal statuses"
expect_count "select count(distinct lega_legal_status) from ssd_legal_status" -ge 9 "legal statuses of many kinds"
expect_count "select count(*) from ssd_cla_reviews" -gt 1000 "reviews"
expect_count "select count(*) from ssd_cla_reviews where clar_cla_review_cancelled = 'Y'" -gt 0 "cancelled reviews"
expect_count "select count(*) from ssd_missing" -gt 20 "missing episodes"
expect_count "select count(*) from ssd_cla_previous_permanence" -eq 500 "previous permanence, one per child"
expect_count "select count(*) from ssd_permanence where perm_adm_decision_date is not null" -gt 10 "adoption decisions"
expect_count "select count(*) from ssd_permanence where perm_permanence_order_type = 'Adoption'" -gt 3 "adoptions"
expect_count "select count(*) from ssd_permanence where perm_decision_reversed_date is not null" -gt 0 "reversed decisions"
expect_count "select count(*) from ssd_permanence where perm_adm_decision_date is null" -gt 3 "special guardianship and arrangements orders"
expect_count "select count(*) from ssd_cla_health" -gt 1000 "health checks"
expect_count "select count(*) from ssd_cla_immunisations" -gt 300 "immunisation statuses"
expect_count "select count(*) from ssd_sdq_scores" -gt 300 "SDQs"
expect_count "select count(*) from ssd_cla_substance_misuse" -gt 0 "substance misuse"
expect_count "select count(*) from ssd_care_leavers" -gt 50 "care leaver statuses"
expect_count "select count(*) from ssd_immigration_status" -gt 5 "UASC"
expect_count "select count(*) from ssd_involvements" -gt 500 "social worker episodes"
expect_count "select count(*) from ssd_professionals" -gt 10 "professionals"
expect_count "select count(*) from ssd_address where addr_address_type = 'Home' and addr_table_id like 'LA%'" -gt 300 "home addresses"
expect_count "select count(*) from ssd_cla_extension_dolo" -gt 0 "DoLOs"

# --- referential sanity -----------------------------------------------------------
expect_count "select count(*) from ssd_cla_extension_substance_misuse" -eq \
    "$(q 'select count(*) from ssd_cla_substance_misuse')" "one extension row per substance misuse row"
expect_count "select count(*) from ssd_cla_extension_care_leavers" -eq \
    "$(q 'select count(*) from ssd_care_leavers')" "one extension row per care leaver row"
expect_count "select count(*) from ssd_cla_placement p where not exists
                (select 1 from ssd_cla_episodes e where e.clae_cla_id = p.clap_cla_id and e.clae_person_id = p.clap_person_id)" \
    -eq 0 "placements belong to their child's periods of care"
expect_count "select count(*) from ssd_cla_reviews r where not exists
                (select 1 from ssd_cla_episodes e where e.clae_cla_id = r.clar_cla_id)" -eq 0 "reviews belong to a period of care"
expect_count "select count(*) from ssd_permanence p where not exists
                (select 1 from ssd_cla_episodes e where e.clae_cla_id = p.perm_cla_id and e.clae_person_id = p.perm_person_id)" \
    -eq 0 "permanence rows belong to their child's periods of care"
expect_count "select count(*) from ssd_cla_episodes e
              where (select count(*) from ssd_legal_status l
                     where l.lega_person_id = e.clae_person_id
                       and l.lega_legal_status_start_date <= e.clae_cla_episode_start_date
                       and (l.lega_legal_status_end_date is null
                            or l.lega_legal_status_end_date > e.clae_cla_episode_start_date)) <> 1" \
    -eq 0 "exactly one legal status in force on each DECOM"
expect_count "select count(*) from ssd_cla_episodes
              where (clae_cla_episode_ceased_date is null) <> (clae_cla_episode_ceased_reason is null)" \
    -eq 0 "DEC and REC together (148)"
expect_count "select count(*) from ssd_cla_episodes e where e.clae_cla_episode_ceased_reason = 'X1' and not exists
                (select 1 from ssd_cla_episodes n where n.clae_person_id = e.clae_person_id
                   and n.clae_cla_id = e.clae_cla_id
                   and n.clae_cla_episode_start_date = e.clae_cla_episode_ceased_date)" \
    -eq 0 "every X1 episode has its continuation (388, 433)"
expect_count "select count(*) from (select distinct on (clae_person_id) clae_cla_episode_start_reason r
                from ssd_cla_episodes order by clae_person_id, clae_cla_episode_start_date) f where r <> 'S'" \
    -eq 0 "first episodes start S (357)"
expect_count "select count(*) from ssd_cla_episodes e join ssd_person p on p.pers_person_id = e.clae_person_id
              where e.clae_cla_episode_start_reason = 'S'
                and e.clae_cla_episode_start_date >= p.pers_dob + interval '18 years'" -eq 0 "nobody starts care at 18 (352)"
expect_count "select count(*) from ssd_cla_episodes e
              join ssd_legal_status l on l.lega_person_id = e.clae_person_id
                and l.lega_legal_status_start_date <= e.clae_cla_episode_start_date
                and (l.lega_legal_status_end_date is null or l.lega_legal_status_end_date > e.clae_cla_episode_start_date)
              where l.lega_legal_status not in ('V3', 'V4')
                and not exists (select 1 from ssd_immigration_status i where i.immi_person_id = e.clae_person_id)
                and not exists (select 1 from ssd_address a where a.addr_person_id = e.clae_person_id
                                  and a.addr_address_type = 'Home'
                                  and a.addr_address_start_date <= e.clae_cla_episode_start_date
                                  and (a.addr_address_end_date is null
                                       or a.addr_address_end_date >= e.clae_cla_episode_start_date))" \
    -eq 0 "a home postcode for every episode that needs one (392b)"
expect_count "select count(*) from ssd_cla_placement where clap_cla_placement_postcode !~ '^YY[1-9] [0-9][A-Z]{2}$'" \
    -eq 0 "placement postcodes invented (YY1..YY9)"
expect_count "select count(*) from ssd_address where addr_table_id like 'LA%' and addr_address_postcode !~ '^YY[1-9][0-9][A-Z]{2}$'" \
    -eq 0 "home postcodes invented, without the space (SSD)"
expect_count "select count(*) from ssd_cla_placement where clap_cla_placement_type in ('H5', 'P2', 'Z11', 'Z12', 'Z13', 'Z14')" \
    -eq 0 "placement codes of 2024-25 (no H5/P2, Z1 not split yet)"
expect_count "select count(*) from ssd_cla_placement where clap_cla_placement_type = 'K3'" -gt 0 "K3 in 2024-25"
expect_count "select count(*) from ssd_linked_identifiers a where a.link_table_id like 'LU%' and exists
                (select 1 from ssd_linked_identifiers b where b.link_identifier_value = a.link_identifier_value
                   and b.link_table_id <> a.link_table_id)" -eq 0 "UPNs of new looked-after children are unique (444)"
expect_count "select count(*) from ssd_involvements i join ssd_professionals p on p.prof_professional_id = i.invo_professional_id
              where i.invo_professional_role_id = 'Allocated Social Worker'
                and p.prof_social_worker_registration_no !~ '^SW'" -eq 0 "social worker ids start SW (SW02STG1)"
expect_count "select count(*) from (select distinct on (clae_person_id) clae_person_id, clae_cla_episode_ceased_date d
                from ssd_cla_episodes order by clae_person_id, clae_cla_episode_start_date desc) l
              where l.d is null and not exists (select 1 from ssd_involvements i where i.invo_person_id = l.clae_person_id
                and i.invo_professional_role_id = 'Allocated Social Worker' and i.invo_involvement_end_date is null)" \
    -eq 0 "children in care at the extract have an open social worker episode (SW17STG2)"
expect_count "select count(*) from ssd_mother m join ssd_person p on p.pers_person_id = m.moth_person_id
              where p.pers_sex <> 'F' or p.pers_is_mother <> 'Y'" -eq 0 "mothers are girls flagged as mothers"

# --- the CIN census is unaffected ------------------------------------------------------
expect_count "select count(*) from ssd_person p join ssd_cin_episodes e on e.cine_person_id = p.pers_person_id
              where p.pers_person_id like 'L%'" -eq 0 "new looked-after people have no CIN history"
set +e
"$SR" build cin --year 2025 --la 201 --output "$WORK/cin.xml" -q >"$WORK/out" 2>"$WORK/err"
status=$?
set -e
[ $status -le 1 ] || { cat "$WORK/err" >&2; fail "build cin exited $status"; }
assert_not_contains "$WORK/cin.xml" '<LAchildID>L'

# --- defective rows still load ---------------------------------------------------------------
new_db defects
"$SR" synth --children 4000 --seed 3 --year 2025 --defects 0.3 | psql -X -v ON_ERROR_STOP=1 -q >/dev/null \
    || fail "synth output with defects did not load"
expect_count "select count(distinct clae_person_id) from ssd_cla_episodes" -eq 500 "looked-after children (defects)"
expect_count "select count(*) from ssd_cla_episodes where clae_cla_episode_start_reason = 'X'" -gt 0 "invalid RNE defects (143)"
expect_count "select count(*) from ssd_cla_episodes where clae_cla_episode_ceased_date < clae_cla_episode_start_date" \
    -gt 0 "DEC before DECOM defects (356)"
expect_count "select count(*) from ssd_cla_placement where clap_cla_placement_type = 'H5'" -gt 0 "retired placement code defects (146)"
expect_count "select count(*) from ssd_cla_placement where clap_cla_placement_postcode !~ '^YY[1-9] [0-9][A-Z]{2}$'" \
    -gt 0 "malformed postcode defects (392c)"

pass
