#!/usr/bin/env bash
# build csc-api on the blocks that synth leaves empty.  Synthetic looked-after
# children have no CIN referral, so their placements, adoption, care-leaver
# and worker rows never reach the payload (DfE's schema has those blocks only
# inside an episode): the build counts them, block by block, in its summary
# and in the manifest (not_tied_to_an_episode).  This test gives two
# synthetic children of the cohort hand-made rows (and adds an unborn child)
# so that every field of the policy is filled at least once:
#   - child A: a new referral with two allocated workers (care_worker_details),
#     two placements tied to it by clae_referral_id (one ended, with its end
#     and change reasons; one open), each over two CLA episodes (a change of
#     legal status in the middle), and an adoption (decision, matched, placed);
#   - child B: a referral, a placement tied to it by dates alone (SSD extracts
#     often leave clae_referral_id empty) whose first CLA episode ended on a
#     change of legal status and whose last ended when B left care, two
#     care-leaver rows (the latest is sent), and UASC status with its end;
#   - an unborn child with an expected date of birth and a pre-birth referral;
# and adds two children of its own:
#   - C: looked after in the window, with a row in every block that DfE's
#     schema has only inside an episode (a placement whose CLA episode names
#     C's old referral, closed before the window; adoption; care leaver; a
#     worker; an assessment, a CIN plan, a section 47 enquiry and a CP plan
#     with no referral in the window), but no episode in the window: none of
#     them is sent, and each block's count in the summary and the manifest
#     goes up by one, with no id of C's in either;
#   - D: a placement whose CLA episode names D's old closed referral, begun
#     while a referral of the window was open, and a later referral: the
#     placement goes in the episode open when it began.
# It checks each block carries exactly the values inserted (ISO dates, codes
# as the schema takes them; a placement's start reason from its first CLA
# episode, its end reason from its last, none while it is open), that every
# field of the policy appears, that validate finds nothing; that a change to
# one placement row (or to the episode behind its end reason) makes the next
# change-only run send exactly that child as an update; that a placement type
# DfE's schema does not allow keeps the child out, named by child and JSON
# path and never by value (exit 9); that a placement type of the right
# length on no SSDA903 list (ZZZ) is a query, named by child and JSON path
# and never by value, in the build's report and in validate's, while the
# record is sent and the exit status stays 0; that synth's data (of 2024-25
# and of 2026-27, each run in its year), and the rows inserted here, give no
# such query; and that fields the policy drops
# are not sent, nor their columns read, and a block with all its fields
# dropped is not sent at all.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || fail "python3 is needed to read the payload"
command -v openssl >/dev/null || fail "openssl is needed to make the test certificate"
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }

RUN=2025-03-31
OUT="$WORK/files"; STATE="$WORK/state"
mkdir -p "$OUT" "$STATE"
PAYLOAD="$OUT/csc_api_${RUN}_201.jsonl"
REPORT="$OUT/csc_api_${RUN}_201_validation.csv"
build() {   # build WANT [options]: a fresh output folder each time
    local want=$1; shift
    rm -rf "$OUT"; mkdir -p "$OUT"
    expect_status "$want" "$SR" build csc-api --la 201 --run-date $RUN --output-dir "$OUT" --state-dir "$STATE" "$@"
}
count() { grep -o "\"$1\": [0-9]*" "$OUT/csc_api_${RUN}_201_manifest.json" | grep -o '[0-9]*$'; }

new_db
load_synth 120 11 2025

# --- plain synth: the cohort -----------------------------------------------------------
build 0
# synth's codes are all on the DfE lists the build checks them against
assert_not_contains "$REPORT" 'CSC-CODE'
assert_not_contains "$WORK/err" 'not on the DfE code list'
# Rows no episode could take, by block: synthetic looked-after children have
# no referral, so their placements and workers are counted already.
EPISODE_BLOCKS="care_worker_details child_and_family_assessments child_in_need_plans section_47_assessments
                child_protection_plans child_looked_after_placements adoption care_leavers"
not_tied() {    # not_tied BLOCK: its count in the manifest
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["not_tied_to_an_episode"][sys.argv[2]])' \
        "$OUT/csc_api_${RUN}_201_manifest.json" "$1"
}
declare -A synth_not_tied
for k in $EPISODE_BLOCKS; do synth_not_tied[$k]=$(not_tied "$k"); done
[ "${synth_not_tied[child_looked_after_placements]}" -gt 0 ] \
    || fail "synth's placements with no episode in the window are not counted"
assert_contains "$WORK/err" "warning: [0-9]+ rows of the cohort's children tied to no CIN episode in the window and left out.*[ (]${synth_not_tied[child_looked_after_placements]} child_looked_after_placements[,)]"

# --- the children ----------------------------------------------------------------------
# A and B: synthetic children of the cohort with no looked-after, permanence,
# care-leaver, involvement or immigration rows, whose other referrals all
# began before the new one (so the dated blocks are tied to the new one).
python3 -c 'import json,sys; [print(r["la_child_id"]) for l in open(sys.argv[1]) for r in json.loads(l)]' \
    "$PAYLOAD" >"$WORK/cohort_ids"
pick() {    # pick DOB_FROM DOB_TO REFERRAL_DATE
    psql -X -A -t -q -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE cohort_ids (pid text);
\\copy cohort_ids FROM '$WORK/cohort_ids'
SELECT p.pers_person_id FROM ssd_person p JOIN cohort_ids c ON c.pid = p.pers_person_id
WHERE p.pers_dob BETWEEN '$1' AND '$2'
  AND NOT EXISTS (SELECT 1 FROM ssd_cla_placement x WHERE x.clap_person_id = p.pers_person_id)
  AND NOT EXISTS (SELECT 1 FROM ssd_cla_episodes x WHERE x.clae_person_id = p.pers_person_id)
  AND NOT EXISTS (SELECT 1 FROM ssd_permanence x WHERE x.perm_person_id = p.pers_person_id)
  AND NOT EXISTS (SELECT 1 FROM ssd_care_leavers x WHERE x.clea_person_id = p.pers_person_id)
  AND NOT EXISTS (SELECT 1 FROM ssd_involvements x WHERE x.invo_person_id = p.pers_person_id)
  AND NOT EXISTS (SELECT 1 FROM ssd_immigration_status x WHERE x.immi_person_id = p.pers_person_id)
  AND NOT EXISTS (SELECT 1 FROM ssd_cin_episodes x WHERE x.cine_person_id = p.pers_person_id
                  AND x.cine_referral_date >= '$3')
ORDER BY p.pers_person_id COLLATE "C" LIMIT 1;
SQL
}
A=$(pick 2015-04-01 2020-03-31 2023-01-09)
B=$(pick 2005-04-01 2008-03-31 2022-05-03)
[ -n "$A" ] && [ -n "$B" ] || fail "no synthetic child fits (A '$A', B '$B')"
U=T9000001 C=T9000002 D=T9000003

psql -X -q -v ON_ERROR_STOP=1 <<SQL
-- A: referred, two workers, looked after (two placements, four episodes), adoption
INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date, cine_referral_source_code, cine_referral_nfa)
VALUES ('TR0000A1', '$A', '2023-01-09', '5C', 'N');
INSERT INTO ssd_professionals (prof_professional_id, prof_social_worker_registration_no) VALUES
    ('TW0000001', 'SW9990001'), ('TW0000002', 'SW9990002');
INSERT INTO ssd_involvements (invo_involvements_id, invo_professional_id, invo_professional_role_id,
    invo_involvement_start_date, invo_involvement_end_date, invo_person_id, invo_referral_id) VALUES
    ('TI0000A1', 'TW0000001', 'Allocated Social Worker', '2023-01-10', '2024-01-15', '$A', 'TR0000A1'),
    ('TI0000A2', 'TW0000002', 'Allocated Social Worker', '2024-01-15', NULL, '$A', 'TR0000A1');
INSERT INTO ssd_cla_placement (clap_cla_placement_id, clap_cla_placement_start_date, clap_cla_placement_type,
    clap_cla_id, clap_cla_placement_provider, clap_cla_placement_postcode, clap_cla_placement_end_date,
    clap_cla_placement_change_reason, clap_person_id) VALUES
    ('TQ0000A1', '2023-02-13', 'U6', 'TC0000A1', 'PR1', 'YY91ZQ', '2024-03-18', 'CARPL', '$A'),
    ('TQ0000A2', '2024-03-18', 'A6', 'TC0000A1', 'PR1', 'YY4 7PB', NULL, NULL, '$A');
INSERT INTO ssd_cla_episodes (clae_cla_episode_id, clae_person_id, clae_cla_episode_start_date,
    clae_cla_episode_start_reason, clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason, clae_cla_id,
    clae_referral_id, clae_cla_placement_id) VALUES
    ('TE0000A1', '$A', '2023-02-13', 'S', '2023-07-03', 'X1', 'TC0000A1', 'TR0000A1', 'TQ0000A1'),
    ('TE0000A2', '$A', '2023-07-03', 'L', '2024-03-18', 'X1', 'TC0000A1', 'TR0000A1', 'TQ0000A1'),
    ('TE0000A3', '$A', '2024-03-18', 'P', '2024-09-02', 'X1', 'TC0000A1', 'TR0000A1', 'TQ0000A2'),
    ('TE0000A4', '$A', '2024-09-02', 'L', NULL, NULL, 'TC0000A1', 'TR0000A1', 'TQ0000A2');
INSERT INTO ssd_permanence (perm_table_id, perm_person_id, perm_cla_id, perm_adm_decision_date, perm_matched_date,
    perm_placed_for_adoption_date) VALUES ('TN0000A1', '$A', 'TC0000A1', '2023-06-20', '2024-02-26', '2024-03-18');

-- B: referred, looked after (one placement tied by dates, two episodes), left care, care leaver, UASC
INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date, cine_referral_source_code, cine_referral_nfa)
VALUES ('TR0000B1', '$B', '2022-05-03', '1B', 'N');
INSERT INTO ssd_cla_placement (clap_cla_placement_id, clap_cla_placement_start_date, clap_cla_placement_type,
    clap_cla_id, clap_cla_placement_provider, clap_cla_placement_postcode, clap_cla_placement_end_date,
    clap_cla_placement_change_reason, clap_person_id) VALUES
    ('TQ0000B1', '2022-06-01', 'K2', 'TC0000B1', 'PR4', 'YY2 5HD', '2023-08-15', NULL, '$B');
INSERT INTO ssd_cla_episodes (clae_cla_episode_id, clae_person_id, clae_cla_episode_start_date,
    clae_cla_episode_start_reason, clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason, clae_cla_id,
    clae_referral_id, clae_cla_placement_id) VALUES
    ('TE0000B1', '$B', '2022-06-01', 'S', '2022-11-21', 'X1', 'TC0000B1', NULL, 'TQ0000B1'),
    ('TE0000B2', '$B', '2022-11-21', 'L', '2023-08-15', 'E13', 'TC0000B1', NULL, 'TQ0000B1');
INSERT INTO ssd_care_leavers (clea_table_id, clea_person_id, clea_care_leaver_in_touch, clea_care_leaver_latest_contact,
    clea_care_leaver_accommodation, clea_care_leaver_accom_suitable, clea_care_leaver_activity) VALUES
    ('TL0000B1', '$B', 'YES', '2024-08-01', 'U', '1', 'G5'),
    ('TL0000B2', '$B', 'YES', '2025-02-14', 'D', '1', 'F2');
INSERT INTO ssd_immigration_status (immi_immigration_status_id, immi_person_id, immi_immigration_status,
    immi_immigration_status_start_date, immi_immigration_status_end_date) VALUES
    ('TM0000B1', '$B', 'Unaccompanied Asylum Seeking Child', '2022-05-01', '2023-08-15');

-- U: unborn, a pre-birth referral
INSERT INTO ssd_person (pers_person_id, pers_forename, pers_surname, pers_sex, pers_expected_dob)
VALUES ('$U', 'Quxbaby', 'Zyzzatest', 'U', '2025-03-28');
INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date, cine_referral_source_code, cine_referral_nfa)
VALUES ('TR0000U1', '$U', '2024-12-02', '3F', 'N');

-- C: looked after in the window; its only referral closed before the window
-- began; one row in each block that hangs on an episode
INSERT INTO ssd_person (pers_person_id, pers_forename, pers_surname, pers_sex, pers_dob)
VALUES ('$C', 'Quxcee', 'Zyzzatest', 'F', '2010-06-15');
INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date, cine_referral_source_code,
    cine_referral_nfa, cine_close_date, cine_close_reason)
VALUES ('TR0000C0', '$C', '2019-02-04', '5A', 'N', '2021-09-30', 'RC1');
INSERT INTO ssd_cla_placement (clap_cla_placement_id, clap_cla_placement_start_date, clap_cla_placement_type,
    clap_cla_id, clap_cla_placement_provider, clap_cla_placement_postcode, clap_cla_placement_end_date,
    clap_cla_placement_change_reason, clap_person_id) VALUES
    ('TQ0000C1', '2023-04-03', 'U6', 'TC0000C1', 'PR1', 'YY6 2RW', NULL, NULL, '$C');
INSERT INTO ssd_cla_episodes (clae_cla_episode_id, clae_person_id, clae_cla_episode_start_date,
    clae_cla_episode_start_reason, clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason, clae_cla_id,
    clae_referral_id, clae_cla_placement_id) VALUES
    ('TE0000C1', '$C', '2023-04-03', 'S', NULL, NULL, 'TC0000C1', 'TR0000C0', 'TQ0000C1');
INSERT INTO ssd_permanence (perm_table_id, perm_person_id, perm_cla_id, perm_adm_decision_date) VALUES
    ('TN0000C1', '$C', 'TC0000C1', '2023-09-11');
INSERT INTO ssd_care_leavers (clea_table_id, clea_person_id, clea_care_leaver_in_touch, clea_care_leaver_latest_contact,
    clea_care_leaver_accommodation, clea_care_leaver_accom_suitable, clea_care_leaver_activity) VALUES
    ('TL0000C1', '$C', 'YES', '2025-01-20', 'B', '1', 'F1');
INSERT INTO ssd_involvements (invo_involvements_id, invo_professional_id, invo_professional_role_id,
    invo_involvement_start_date, invo_involvement_end_date, invo_person_id, invo_referral_id) VALUES
    ('TI0000C1', 'TW0000001', 'Allocated Social Worker', '2023-04-03', NULL, '$C', NULL);
INSERT INTO ssd_cin_assessments (cina_assessment_id, cina_person_id, cina_referral_id, cina_assessment_start_date)
VALUES ('TA0000C1', '$C', 'TR0000C0', '2022-06-01');
INSERT INTO ssd_cin_plans (cinp_cin_plan_id, cinp_referral_id, cinp_person_id, cinp_cin_plan_start_date)
VALUES ('TP0000C1', NULL, '$C', '2024-02-05');
INSERT INTO ssd_s47_enquiry (s47e_s47_enquiry_id, s47e_referral_id, s47e_person_id, s47e_s47_start_date, s47e_s47_end_date)
VALUES ('TS0000C1', NULL, '$C', '2024-05-01', '2024-05-20');
INSERT INTO ssd_cp_plans (cppl_cp_plan_id, cppl_referral_id, cppl_person_id, cppl_cp_plan_start_date)
VALUES ('TK0000C1', 'TR0000C0', '$C', '2024-05-21');

-- D: an old referral, closed; a referral of the window open when the placement
-- began (whose CLA episode names the old one); a later referral
INSERT INTO ssd_person (pers_person_id, pers_forename, pers_surname, pers_sex, pers_dob)
VALUES ('$D', 'Quxdee', 'Zyzzatest', 'M', '2012-11-02');
INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date, cine_referral_source_code,
    cine_referral_nfa, cine_close_date, cine_close_reason) VALUES
    ('TR0000D0', '$D', '2018-03-05', '5A', 'N', '2020-01-31', 'RC1'),
    ('TR0000D1', '$D', '2023-03-06', '1A', 'N', NULL, NULL),
    ('TR0000D2', '$D', '2024-06-03', '2B', 'N', NULL, NULL);
INSERT INTO ssd_cla_placement (clap_cla_placement_id, clap_cla_placement_start_date, clap_cla_placement_type,
    clap_cla_id, clap_cla_placement_provider, clap_cla_placement_postcode, clap_cla_placement_end_date,
    clap_cla_placement_change_reason, clap_person_id) VALUES
    ('TQ0000D1', '2023-05-02', 'K2', 'TC0000D1', 'PR1', 'YY3 8QT', NULL, NULL, '$D');
INSERT INTO ssd_cla_episodes (clae_cla_episode_id, clae_person_id, clae_cla_episode_start_date,
    clae_cla_episode_start_reason, clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason, clae_cla_id,
    clae_referral_id, clae_cla_placement_id) VALUES
    ('TE0000D1', '$D', '2023-05-02', 'S', NULL, NULL, 'TC0000D1', 'TR0000D0', 'TQ0000D1');
SQL

# --- a fresh store: everyone is sent, each block exactly as inserted ------------------
rm -rf "$STATE"; mkdir -p "$STATE"
build 0
# C's rows: one more in each block's count, in the manifest and the summary;
# a count, never whose
cp "$WORK/err" "$WORK/build.err"
total=0
for k in $EPISODE_BLOCKS; do
    want=$((synth_not_tied[$k] + 1))
    [ "$(not_tied "$k")" = "$want" ] || fail "the manifest counts $(not_tied "$k") $k tied to no episode, not $want"
    assert_contains "$WORK/build.err" "[ (]$want $k[,)]"
    total=$((total + want))
done
assert_contains "$WORK/build.err" "warning: $total rows of the cohort's children tied to no CIN episode in the window and left out"
assert_contains "$WORK/build.err" 'the manifest counts them \(not_tied_to_an_episode\)'
for f in "$WORK/build.err" "$OUT/csc_api_${RUN}_201_manifest.json"; do
    assert_not_contains "$f" "$C|$D|T[A-Z]0000C"
done
assert_not_contains "$REPORT" 'CSC-CODE'
expect_status 0 "$SR" validate "$PAYLOAD"
assert_contains "$WORK/out" "No findings"
python3 - "$PAYLOAD" "$C" "$D" <<'PY' || fail "C's rows are sent, or D's placement is not in the episode open when it began"
import json, sys
payload, C, D = sys.argv[1:]
text = open(payload, encoding='utf-8').read()
recs = {r['la_child_id']: r for l in text.splitlines() for r in json.loads(l)}
# C is sent (in the cohort as looked after) with no episode, and none of its rows
assert C in recs, 'C is not in the payload'
assert 'social_care_episodes' not in recs[C], recs[C]
for rid in ('TR0000C0', 'TQ0000C1', 'TA0000C1', 'TP0000C1', 'TS0000C1', 'TK0000C1'):
    assert rid not in text, rid + ' is in the payload'
# D: the placement in TR0000D1, open when it began; not in the later TR0000D2
eps = {e['social_care_episode_id']: e for e in recs[D]['social_care_episodes']}
assert sorted(eps) == ['TR0000D1', 'TR0000D2'], sorted(eps)
assert eps['TR0000D1'].get('child_looked_after_placements') == [
    {'child_looked_after_placement_id': 'TQ0000D1', 'start_date': '2023-05-02', 'start_reason': 'S',
     'placement_type': 'K2', 'postcode': 'YY3 8QT'}], eps['TR0000D1']
assert 'child_looked_after_placements' not in eps['TR0000D2'], eps['TR0000D2']
PY
python3 - "$PAYLOAD" "$A" "$B" "$U" "$ROOT/specs/csc-api/policy_dfe.conf" <<'PY' || fail "the blocks are not as inserted"
import json, sys
payload, A, B, U, policy = sys.argv[1:]
recs = {r['la_child_id']: r for l in open(payload, encoding='utf-8') for r in json.loads(l)}
bad = []
def eq(what, got, want):     # every difference, by path
    if isinstance(got, dict) and isinstance(want, dict):
        for k in sorted(set(got) | set(want)):
            eq('%s.%s' % (what, k), got.get(k), want.get(k))
    elif isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for i, (g, w) in enumerate(zip(got, want)):
            eq('%s[%d]' % (what, i), g, w)
    elif got != want:
        bad.append('%s: got %s, want %s' % (what, json.dumps(got), json.dumps(want)))
def episode(child, rid):
    for e in recs.get(child, {}).get('social_care_episodes', []):
        if e['social_care_episode_id'] == rid:
            return e
    bad.append('child %s has no episode %s' % (child, rid))
    return {}

a = episode(A, 'TR0000A1')
eq('A episode', a, {
    'social_care_episode_id': 'TR0000A1', 'referral_date': '2023-01-09', 'referral_source': '5C',
    'referral_no_further_action_flag': False,
    'care_worker_details': [
        {'worker_id': 'SW9990001', 'start_date': '2023-01-10', 'end_date': '2024-01-15'},
        {'worker_id': 'SW9990002', 'start_date': '2024-01-15'}],
    'child_looked_after_placements': [
        {'child_looked_after_placement_id': 'TQ0000A1', 'start_date': '2023-02-13', 'start_reason': 'S',
         'placement_type': 'U6', 'postcode': 'YY9 1ZQ', 'end_date': '2024-03-18', 'end_reason': 'X1',
         'change_reason': 'CARPL'},
        {'child_looked_after_placement_id': 'TQ0000A2', 'start_date': '2024-03-18', 'start_reason': 'P',
         'placement_type': 'A6', 'postcode': 'YY4 7PB'}],
    'adoption': {'initial_decision_date': '2023-06-20', 'matched_date': '2024-02-26', 'placed_date': '2024-03-18'},
})
for e in recs[A]['social_care_episodes']:
    if e['social_care_episode_id'] != 'TR0000A1':
        for k in ('care_worker_details', 'child_looked_after_placements', 'adoption', 'care_leavers'):
            eq('A episode %s %s' % (e['social_care_episode_id'], k), e.get(k), None)

b = episode(B, 'TR0000B1')
eq('B episode', b, {
    'social_care_episode_id': 'TR0000B1', 'referral_date': '2022-05-03', 'referral_source': '1B',
    'referral_no_further_action_flag': False,
    'child_looked_after_placements': [
        {'child_looked_after_placement_id': 'TQ0000B1', 'start_date': '2022-06-01', 'start_reason': 'S',
         'placement_type': 'K2', 'postcode': 'YY2 5HD', 'end_date': '2023-08-15', 'end_reason': 'E13'}],
    'care_leavers': {'contact_date': '2025-02-14', 'activity': 'F2', 'accommodation': 'D'},
})
eq('B uasc', {k: recs[B]['child_details'].get(k) for k in ('uasc_flag', 'uasc_end_date')},
   {'uasc_flag': True, 'uasc_end_date': '2023-08-15'})

u = recs.get(U, {})
eq('U', {k: u.get(k) for k in ('la_child_id', 'child_details', 'social_care_episodes')}, {
    'la_child_id': U,
    'child_details': {'first_name': 'Quxbaby', 'surname': 'Zyzzatest', 'expected_date_of_birth': '2025-03-28',
                      'sex': 'U', 'disabilities': ['NONE'], 'uasc_flag': False},
    'social_care_episodes': [{'social_care_episode_id': 'TR0000U1', 'referral_date': '2024-12-02',
                              'referral_source': '3F', 'referral_no_further_action_flag': False}],
})

# every field of the policy is now filled for some child
seen = set()
def walk(v, p):
    if isinstance(v, dict):
        for k, x in v.items():
            walk(x, p + '/' + k if p else k)
    elif isinstance(v, list):
        for x in v:
            walk(x, p)
    else:
        seen.add(p)
for r in recs.values():
    walk(r, '')
for line in open(policy):
    w = line.split()
    if w and w[0] == 'field' and w[1] not in seen:
        bad.append('no child has %s' % w[1])
for b_ in bad:
    print(b_, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# --- change only: one placement row changed, exactly that child is an update ---------
start_csc_api_server
send() {
    expect_status 0 "$SR" send csc-api --la 201 --payload "$PAYLOAD" --state-dir "$STATE" --api-url "$URL" \
        --token-url "$URL/token" --client-id cid --scope api://csc/.default --client-secret-file "$WORK/secret" \
        --supplier-key-file "$WORK/skey" --ca-file "$WORK/cert.pem" --backoff-ms 50
}
cohort=$(count children_in_cohort)
send
[ "$(wc -l <"$WORK/received.jsonl")" = "$cohort" ] || fail "the first send did not deliver the whole cohort"
build 0
[ "$(count records)" = 0 ] || fail "with nothing changed, $(count records) records are sent"
q "UPDATE ssd_cla_placement SET clap_cla_placement_change_reason = 'STAND' WHERE clap_cla_placement_id = 'TQ0000A1'"
build 0
[ "$(count records)/$(count updates)/$(count inserts)/$(count purges)" = 1/1/0/0 ] \
    || fail "one changed placement row gives $(count records) records ($(count updates) updates)"
assert_contains "$OUT/csc_api_${RUN}_201_plan.tsv" $'^1\t0\t'"$A"$'\tupdate\t'
python3 - "$PAYLOAD" "$A" <<'PY2' || fail "the update does not carry the changed placement"
import json, sys
recs = [r for l in open(sys.argv[1], encoding='utf-8') for r in json.loads(l)]
assert [r['la_child_id'] for r in recs] == [sys.argv[2]]
pl = [p for e in recs[0]['social_care_episodes'] for p in e.get('child_looked_after_placements', [])]
assert [p.get('change_reason') for p in pl] == ['STAND', None], pl
PY2
send
build 0
[ "$(count records)" = 0 ] || fail "after the update was acknowledged, $(count records) records are sent"
# the same for the episode behind a placement's end reason
q "UPDATE ssd_cla_episodes SET clae_cla_episode_ceased_reason = 'E11' WHERE clae_cla_episode_id = 'TE0000B2'"
build 0
[ "$(count records)/$(count updates)" = 1/1 ] || fail "a changed end reason gives $(count records) records"
assert_contains "$OUT/csc_api_${RUN}_201_plan.tsv" $'^1\t0\t'"$B"$'\tupdate\t'
assert_contains "$PAYLOAD" '"end_reason":"E11"'
send

# --- a placement type DfE's schema does not allow: kept out, named, never shown -------
# (the replica's column takes three characters, as the schema does; a
# council's view may give anything)
q "ALTER TABLE ssd_cla_placement ALTER COLUMN clap_cla_placement_type TYPE varchar(48)"
q "UPDATE ssd_cla_placement SET clap_cla_placement_type = 'QQQQ7' WHERE clap_cla_placement_id = 'TQ0000B1'"
build 9 --full
assert_contains "$WORK/err" '1 record failed DfE.s schema and was kept out'
assert_contains "$REPORT" "CSC-SCHEMA,error,.*,$B,.*social_care_episodes\[[0-9]+\]\.child_looked_after_placements\[0\]\.placement_type"
assert_contains "$REPORT" 'maxLength'
assert_not_contains "$REPORT" 'CSC-CODE'    # a record kept out is not queried too
assert_not_contains "$REPORT" 'QQQQ7'
assert_not_contains "$PAYLOAD" "\"$B\""
assert_contains "$PAYLOAD" "\"$A\""
[ "$(count failed_schema)" = 1 ] || fail "the manifest does not count the record kept out"
[ "$(count records)" = $((cohort - 1)) ] || fail "the rest of the cohort is not written"
q "UPDATE ssd_cla_placement SET clap_cla_placement_type = 'K2' WHERE clap_cla_placement_id = 'TQ0000B1'"

# --- a placement type of the right length on no SSDA903 list: a query, sent ----------
q "UPDATE ssd_cla_placement SET clap_cla_placement_type = 'ZZZ' WHERE clap_cla_placement_id = 'TQ0000B1'"
build 0 --full
ZZZ_PATH='social_care_episodes\[[0-9]+\]\.child_looked_after_placements\[0\]\.placement_type'
assert_contains "$WORK/err" 'warning: 1 code is not on the DfE code list of its field \(sent all the same'
[ "$(grep -c 'CSC-CODE' "$REPORT")" = 1 ] || fail "the build reports $(grep -c 'CSC-CODE' "$REPORT") code queries, not 1"
assert_contains "$REPORT" "CSC-CODE,query,.*,$B,.*not a code of the SSDA903 PLACE list \(2024-25\),[0-9]*,\.$ZZZ_PATH,"
assert_not_contains "$REPORT" 'CSC-SCHEMA'
assert_not_contains "$REPORT" 'ZZZ'
assert_contains "$PAYLOAD" "\"la_child_id\":\"$B\""
assert_contains "$PAYLOAD" '"placement_type":"ZZZ"'
[ "$(count failed_schema)" = 0 ] || fail "a code query keeps a record out"
[ "$(count records)" = "$cohort" ] || fail "with a code query, $(count records) records are written, not $cohort"
# validate of the payload: the same query, by child and path, exit 0
expect_status 0 "$SR" validate "$PAYLOAD" --format csv
[ "$(grep -c 'CSC-CODE' "$WORK/out")" = 1 ] || fail "validate reports $(grep -c 'CSC-CODE' "$WORK/out") code queries, not 1"
assert_contains "$WORK/out" "CSC-CODE,query,.*,$B,.*not a code of the SSDA903 PLACE list \(2024-25\),[0-9]*,\[[0-9]+\]\.$ZZZ_PATH,"
assert_not_contains "$WORK/out" 'ZZZ'
assert_not_contains "$WORK/out" 'CSC-SCHEMA'
q "UPDATE ssd_cla_placement SET clap_cla_placement_type = 'K2' WHERE clap_cla_placement_id = 'TQ0000B1'"

# --- fields the policy drops: not sent, their columns not read -----------------------
drop_fields() {   # drop_fields FIELD...: the shipped policy with those fields dropped
    local sed_args=() f
    for f in "$@"; do sed_args+=(-e "s#^(field $f +[^ ]+ +)clear#\\1drop#"); done
    sed -E "${sed_args[@]}" "$ROOT/specs/csc-api/policy_dfe.conf" >"$WORK/policy.conf"
    for f in "$@"; do grep -Eq "^field $f +[^ ]+ +drop" "$WORK/policy.conf" || fail "the test policy does not drop $f"; done
}
drop_fields social_care_episodes/care_leavers/activity social_care_episodes/child_looked_after_placements/postcode
q "ALTER TABLE ssd_care_leavers DROP COLUMN clea_care_leaver_activity"
q "ALTER TABLE ssd_cla_placement DROP COLUMN clap_cla_placement_postcode"
build 0 --full --policy "$WORK/policy.conf"
python3 - "$PAYLOAD" "$B" <<'PY2' || fail "dropped fields are in the payload"
import json, sys
recs = {r['la_child_id']: r for l in open(sys.argv[1], encoding='utf-8') for r in json.loads(l)}
eps = recs[sys.argv[2]]['social_care_episodes']
assert [e['care_leavers'] for e in eps if 'care_leavers' in e] == [{'contact_date': '2025-02-14', 'accommodation': 'D'}]
for r in recs.values():
    for e in r.get('social_care_episodes', []):
        for p in e.get('child_looked_after_placements', []):
            assert 'postcode' not in p and p.get('placement_type'), p
PY2
# all of a block's fields dropped: the block is not sent at all
drop_fields social_care_episodes/care_leavers/contact_date social_care_episodes/care_leavers/activity \
    social_care_episodes/care_leavers/accommodation social_care_episodes/child_looked_after_placements/postcode
build 0 --full --policy "$WORK/policy.conf"
assert_not_contains "$PAYLOAD" '"care_leavers"'
# a block that is not read leaves nothing out for want of an episode
[ "$(not_tied care_leavers)" = 0 ] || fail "a block that is not read counts $(not_tied care_leavers) rows tied to no episode"
assert_contains "$PAYLOAD" '"adoption":\{"initial_decision_date":"2023-06-20"'

# --- synth of 2026-27, run in that year: its codes are on that year's lists too ---------
new_db synth2027
load_synth 300 11 2027
rm -rf "$OUT" "$STATE"; mkdir -p "$OUT" "$STATE"
expect_status 0 "$SR" build csc-api --la 201 --run-date 2027-03-31 --output-dir "$OUT" --state-dir "$STATE"
assert_contains "$OUT/csc_api_2027-03-31_201.jsonl" '"referral_source":'
assert_not_contains "$OUT/csc_api_2027-03-31_201_validation.csv" 'CSC-CODE'
pass
