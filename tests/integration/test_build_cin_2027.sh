#!/usr/bin/env bash
# statreturn build cin --year 2027 against a real PostgreSQL, on a small
# hand-made replica: the pre-proceedings module read from SSD's
# ssd_pre_proceedings and the extension (sql/cin.sql), each period tied to
# its CIN episode (explicitly, or by dates), the census year's ends on both
# sides, the switch for councils that do not collect the module
# (cin_pre_proceedings = no), the contract check without the tables, the
# policy year layer in the manifest, and the DPO report.
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1780272000   # 2026-06-01T00:00:00Z: reproducible header DateTime

# Children in need in 2026-27 (census period 2026-04-01 .. 2027-03-31):
#   P1  one episode with a CP plan; a period of pre-proceedings tied to it by
#       its referral id, from the decision to the letter initiating care
#       proceedings (outcome A, court application)
#   P2  two episodes; a period with no referral id, tied by dates to the
#       second (open on its start)
#   P3  a period that began the day before the census year: not in it
#   P4  a period that began before the child's only episode: tied to none
#   P5  a period whose referral id is P1's episode: another child's, so
#       tied to none (never attached to P1)
#   P6  a period that began on the first day of the year and whose step
#       decision, outcome and court application come after 31 March 2027:
#       those are not yet known
#   P7  a period that began on the last day of the year, with no extension
#       row (its flags, outcome and court date blank; tied by dates)
#   P8  a period that began the day after it: not in this year
load_replica() {
    psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO ssd_person (pers_person_id, pers_sex, pers_ethnicity, pers_dob, pers_upn_unknown) VALUES
  ('P1', 'F', 'WBRI', '2022-01-10', 'UN1'), ('P2', 'M', 'WBRI', '2021-03-02', 'UN1'),
  ('P3', 'F', 'WBRI', '2022-05-10', 'UN1'), ('P4', 'M', 'WBRI', '2022-05-10', 'UN1'),
  ('P5', 'F', 'WBRI', '2022-05-10', 'UN1'), ('P6', 'M', 'WBRI', '2022-05-10', 'UN1'),
  ('P7', 'F', 'WBRI', '2022-05-10', 'UN1'), ('P8', 'M', 'WBRI', '2022-05-10', 'UN1');
INSERT INTO ssd_disability VALUES ('D1','P1','NONE'),('D2','P2','NONE'),('D3','P3','NONE'),('D4','P4','NONE'),
  ('D5','P5','NONE'),('D6','P6','NONE'),('D7','P7','NONE'),('D8','P8','NONE');
INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date, cine_referral_source_code,
                              cine_cin_primary_need_code, cine_referral_nfa, cine_close_date, cine_close_reason) VALUES
  ('R1', 'P1', '2026-05-04', '1A', 'N1', 'N', NULL, NULL),
  ('R2a', 'P2', '2026-04-13', '1A', 'N1', 'N', '2026-07-31', 'RC7'),
  ('R2b', 'P2', '2026-09-07', '1A', 'N1', 'N', NULL, NULL),
  ('R3', 'P3', '2026-01-05', '1A', 'N1', 'N', NULL, NULL),
  ('R4', 'P4', '2026-08-03', '1A', 'N1', 'N', NULL, NULL),
  ('R5', 'P5', '2026-05-04', '1A', 'N1', 'N', NULL, NULL),
  ('R6', 'P6', '2026-02-02', '1A', 'N1', 'N', NULL, NULL),
  ('R7', 'P7', '2026-02-02', '1A', 'N1', 'N', NULL, NULL),
  ('R8', 'P8', '2026-02-02', '1A', 'N1', 'N', NULL, NULL);
INSERT INTO ssd_pre_proceedings (prep_table_id, prep_person_id, prep_plo_family_id, prep_pre_pro_decision_date,
    prep_pre_pro_letter_date, prep_initial_pre_pro_meeting_date, prep_pre_pro_meetings_num,
    prep_agree_stepdown_issue_date, prep_pre_pro_outcome, prep_care_pro_letter_date, prep_court_reference) VALUES
  ('PP1', 'P1', 'F1', '2026-06-15', '2026-06-22', '2026-07-06', 2, '2026-09-28', 'Decision to Issue Care Proceedings',
   '2026-10-13', 'ZZ26C00001'),
  ('PP2', 'P2', 'F2', '2026-10-05', '2026-10-09', NULL, NULL, NULL, NULL, NULL, NULL),
  ('PP3', 'P3', 'F3', '2026-03-31', '2026-04-07', NULL, NULL, NULL, NULL, NULL, NULL),
  ('PP4', 'P4', 'F4', '2026-06-01', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('PP5', 'P5', 'F5', '2026-06-15', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('PP6', 'P6', 'F6', '2026-04-01', '2026-04-08', '2026-04-20', 5, '2027-04-12', 'Decision to Issue Care Proceedings',
   NULL, NULL),
  ('PP7', 'P7', 'F7', '2027-03-31', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  ('PP8', 'P8', 'F8', '2027-04-01', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO ssd_cin_extension_pre_proceedings (cinx_pre_proceedings_id, cinx_referral_id, cinx_fgdm_offered,
    cinx_fgdm_facilitated, cinx_court_application_date, cinx_outcome_code) VALUES
  ('PP1', 'R1', 'Y', 'N', '2026-10-12', 'A'),
  ('PP2', NULL, 'N', NULL, NULL, NULL),
  ('PP5', 'R1', NULL, NULL, NULL, NULL),
  ('PP6', NULL, 'N', NULL, '2027-04-20', 'A');
SQL
}

new_db
load_replica
expect_status 0 "$SR" build cin --year 2027 --la 201 --output-dir "$WORK"
out="$WORK/cin_2027_201.xml"
man="$WORK/cin_2027_201_manifest.json"
xmllint --noout --schema "$ROOT/specs/cin/cin_2027.xsd" "$out" 2>/dev/null || fail "output fails the 2027 XSD"
assert_contains "$WORK/err" "2 periods of pre-proceedings that began in the census year are tied to no CIN episode"
assert_contains "$WORK/err" "4 periods of pre-proceedings"

# Who has a module, and where: one group per tied period, in its episode.
[ "$(grep -c '<PreProceedingsandFGDM>' "$out")" = 4 ] || fail "expected 4 PreProceedingsandFGDM groups"
child() {   # child ID: that child's XML, one line
    tr -d '\n ' <"$out" | grep -o "<Child><ChildIdentifiers><LAchildID>$1</LAchildID>.*" | sed 's#</Child>.*##'
}
child P1 | grep -q '<PreProceedingsandFGDM><PPStartDate>2026-06-15</PPStartDate><LBPSentDate>2026-06-22</LBPSentDate><FGDMMeetingOffer>1</FGDMMeetingOffer><FGDMMeetingFac>0</FGDMMeetingFac><InitialPPMeetingDate>2026-07-06</InitialPPMeetingDate><ReviewMeetingsCount>2</ReviewMeetingsCount><StepDecisionDate>2026-09-28</StepDecisionDate><PPOutcome>A</PPOutcome><CourtAppDate>2026-10-12</CourtAppDate><LetterInitCPDate>2026-10-13</LetterInitCPDate></PreProceedingsandFGDM></CINdetails>' \
    || fail "P1's period is not written whole, in schema order, at the end of its episode"
child P2 | grep -q '<CINreferralDate>2026-09-07</CINreferralDate>.*<PreProceedingsandFGDM><PPStartDate>2026-10-05</PPStartDate><LBPSentDate>2026-10-09</LBPSentDate><FGDMMeetingOffer>0</FGDMMeetingOffer></PreProceedingsandFGDM></CINdetails>$' \
    || fail "P2's period is not in its second episode (tied by dates)"
[ "$(child P2 | grep -o '<PreProceedingsandFGDM>' | wc -l)" = 1 ] || fail "P2's period written twice"
child P6 | grep -q '<PreProceedingsandFGDM><PPStartDate>2026-04-01</PPStartDate><LBPSentDate>2026-04-08</LBPSentDate><FGDMMeetingOffer>0</FGDMMeetingOffer><InitialPPMeetingDate>2026-04-20</InitialPPMeetingDate><ReviewMeetingsCount>5</ReviewMeetingsCount></PreProceedingsandFGDM>' \
    || fail "P6: dates after 31 March, and the outcome decided then, must be left out"
for p in P3 P4 P5 P8; do
    child $p | grep -q PreProceedings && fail "$p must have no pre-proceedings module"
done
child P7 | grep -q '<PPStartDate>2027-03-31</PPStartDate>' || fail "a period begun on 31 March 2027 is in the year"
child P1 | grep -q ZZ26C && fail "the court reference is not a census item"

# The manifest: the counts, the module's fields, the policy layer and its base.
assert_contains "$man" '"pre_proceedings": 4'
assert_contains "$man" '"pre_proceedings_not_tied": 2'
assert_contains "$man" '"field": "PreProceedingsandFGDM/CourtAppDate", "source": "ssd_cin_extension_pre_proceedings.cinx_court_application_date", "treatment": "clear", "purpose": "dfe-returns"'
assert_contains "$man" '"version": "2027.1", "file": "[^"]*/specs/cin/policy_dfe_2027.conf"'
assert_contains "$man" '"base_file": "[^"]*/specs/cin/policy_dfe.conf", "base_sha256": "[0-9a-f]{64}"'

# The validator agrees: no DfE errors, and no queries about the module.
expect_status 0 "$SR" validate --year 2027 --format csv --output "$WORK/v.csv" "$out"
assert_not_contains "$WORK/v.csv" '8995Q|9000Q'

# The same replica for 2025-26: no module, no new counts, the 2025 policy.
expect_status 0 "$SR" build cin --year 2026 --la 201 --output "$WORK/c26.xml" -q
assert_not_contains "$WORK/c26.xml" PreProceedings
assert_not_contains "$WORK/c26_manifest.json" 'pre_proceedings|PreProceedings|base_file'

# --- regional profile: the module too, LAchildID pseudonymised -----------------
expect_status 0 "$SR" keygen --output "$WORK/regional.key"
expect_status 0 "$SR" build cin --year 2027 --la 201 --profile regional --key-file "$WORK/regional.key" \
    --output "$WORK/reg.xml" -q
[ "$(grep -c '<PreProceedingsandFGDM>' "$WORK/reg.xml")" = 4 ] || fail "regional: expected 4 groups"
assert_contains "$WORK/reg_manifest.json" '"file": "[^"]*/specs/cin/policy_regional_2027.conf"'

# --- the DPO report lists the ten elements -------------------------------------
expect_status 0 "$SR" report cin --year 2027 --la 201 --format json --output "$WORK/r.json"
for e in PPStartDate LBPSentDate FGDMMeetingOffer FGDMMeetingFac InitialPPMeetingDate ReviewMeetingsCount \
         StepDecisionDate PPOutcome CourtAppDate LetterInitCPDate; do
    [ "$(grep -c "\"field\": \"PreProceedingsandFGDM/$e\"" "$WORK/r.json")" = 2 ] || fail "report: $e not in both profiles"
done
assert_contains "$WORK/r.json" '"pre_proceedings_collected": true'
assert_contains "$WORK/r.json" 'Periods tied to no episode, left out: <10'
expect_status 0 "$SR" report cin --year 2027 --la 201 --offline --format text
assert_contains "$WORK/out" 'PreProceedingsandFGDM/PPStartDate +ssd_pre_proceedings.prep_pre_pro_decision_date +clear +dfe-returns'
expect_status 0 "$SR" report cin --year 2026 --la 201 --offline --format text
assert_not_contains "$WORK/out" 'PreProceedings|pre-proceedings'

# --- a council that does not collect the module yet -----------------------------
printf 'cin_pre_proceedings = no\n' >"$WORK/no_pp.conf"
expect_status 0 "$SR" build cin --year 2027 --la 201 --output "$WORK/nopp.xml" --config "$WORK/no_pp.conf" \
    --report-format csv
assert_not_contains "$WORK/nopp.xml" PreProceedings
assert_contains "$WORK/err" 'pre-proceedings module not collected \(cin_pre_proceedings = no\)'
assert_contains "$WORK/nopp_validation.csv" '8995Q'
assert_contains "$WORK/nopp_validation.csv" '9000Q'
assert_contains "$WORK/nopp_manifest.json" '"field": "PreProceedingsandFGDM/PPStartDate", "source": "[^"]*", "treatment": "drop"'
assert_not_contains "$WORK/nopp_manifest.json" '"pre_proceedings": [1-9]'
expect_status 0 "$SR" report cin --year 2027 --la 201 --format text --config "$WORK/no_pp.conf"
assert_contains "$WORK/out" 'not collected \(configuration cin_pre_proceedings = no\)'
assert_contains "$WORK/out" "8995Q and 9000Q"
printf 'cin_pre_proceedings = maybe\n' >"$WORK/bad.conf"
expect_status 3 "$SR" build cin --year 2027 --la 201 --output "$WORK/bad.xml" --config "$WORK/bad.conf"
assert_contains "$WORK/err" 'cin_pre_proceedings must be yes or no'

# --- a replica without the module's tables --------------------------------------
psql -X -q -v ON_ERROR_STOP=1 -c 'DROP TABLE ssd_cin_extension_pre_proceedings; DROP TABLE ssd_pre_proceedings;'
expect_status 5 "$SR" build cin --year 2027 --la 201 --output "$WORK/notab.xml"
assert_contains "$WORK/err" 'ssd_pre_proceedings'
assert_contains "$WORK/err" 'cin_pre_proceedings = no'
[ -e "$WORK/notab.xml" ] && fail "a file was written without the tables"
expect_status 0 "$SR" build cin --year 2027 --la 201 --output "$WORK/notab.xml" --config "$WORK/no_pp.conf" -q
expect_status 0 "$SR" build cin --year 2026 --la 201 --output "$WORK/notab26.xml" -q

# --- a flag that is not Y/N is a source defect: nothing is written --------------
new_db defects
load_replica
psql -X -q -v ON_ERROR_STOP=1 -c "UPDATE ssd_cin_extension_pre_proceedings SET cinx_fgdm_offered = 'X' WHERE cinx_pre_proceedings_id = 'PP1'"
expect_status 6 "$SR" build cin --year 2027 --la 201 --output "$WORK/def.xml"
assert_contains "$WORK/err" 'child P1: ssd_cin_extension_pre_proceedings.cinx_fgdm_offered is not a Y/N flag'
[ -e "$WORK/def.xml" ] && fail "a file was written despite a source defect"

pass
