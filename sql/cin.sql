-- The SSD tables behind the Children in Need census.
--
-- Names and meanings follow SSD (reference: ssd-data-model data/objects).
-- Where SSD says "datetime" we use date: every CIN item is a calendar date,
-- and statreturn also accepts timestamp columns (it takes the date part).
-- SSD's JSON-in-nvarchar columns (outcomes, assessment factors) keep SSD's
-- shape: text holding JSON, e.g. cinf_assessment_factors_json = '["1A","2B"]'
-- or the forward-planned object form '{"1A": "Yes", "2B": "No"}'.
--
-- Coded values are DfE codes as SSD documents them: pers_sex M/F/U,
-- pers_ethnicity WBRI..NOBT, Y/N flags.  Categories of abuse may be the DfE
-- codes (NEG, PHY, SAB, EMO, MUL) or SSD's descriptions ("Neglect",
-- "Physical abuse", ...); statreturn maps the descriptions.
--
-- UPN and former UPN are not columns of ssd_person in SSD: they live in
-- ssd_linked_identifiers with link_identifier_type 'Unique Pupil Number' and
-- 'Former Unique Pupil Number'.

CREATE TABLE ssd_person (
    pers_person_id          varchar(48) PRIMARY KEY,
    pers_legacy_id          varchar(48),
    pers_common_child_id    varchar(10),      -- NHS number; never read for DfE returns
    pers_forename           varchar(100),     -- never read for DfE returns
    pers_surname            varchar(255),     -- never read for DfE returns
    pers_sex                varchar(1),       -- M, F, U
    pers_gender             varchar(2),
    pers_ethnicity          varchar(4),
    pers_dob                date,
    pers_expected_dob       date,
    pers_death_date         date,
    pers_upn_unknown        varchar(6),       -- UN1..UN7
    pers_send_flag          varchar(1),
    pers_is_mother          varchar(1),
    pers_nationality        varchar(48)
);

CREATE TABLE ssd_linked_identifiers (
    link_table_id           varchar(48) PRIMARY KEY,
    link_person_id          varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    link_identifier_type    varchar(100) NOT NULL,
    link_identifier_value   varchar(100),
    link_valid_from_date    date,
    link_valid_to_date      date
);
CREATE INDEX ssd_linked_identifiers_person ON ssd_linked_identifiers (link_person_id, link_identifier_type);

CREATE TABLE ssd_disability (
    disa_table_id           varchar(48) PRIMARY KEY,
    disa_person_id          varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    disa_disability_code    varchar(48)
);
CREATE INDEX ssd_disability_person ON ssd_disability (disa_person_id);

CREATE TABLE ssd_cin_episodes (
    cine_referral_id            varchar(48) PRIMARY KEY,
    cine_person_id              varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    cine_referral_date          date,
    cine_cin_primary_need_code  varchar(3),
    cine_referral_source_code   varchar(48),
    cine_referral_source_desc   varchar(255),
    cine_referral_outcome_json  text,
    cine_referral_nfa           varchar(1),   -- Y / N
    cine_close_reason           varchar(3),
    cine_close_date             date,
    cine_referral_team          varchar(48),
    cine_referral_worker_id     varchar(48)
);
CREATE INDEX ssd_cin_episodes_person ON ssd_cin_episodes (cine_person_id, cine_referral_date);

CREATE TABLE ssd_cin_assessments (
    cina_assessment_id            varchar(48) PRIMARY KEY,
    cina_person_id                varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    cina_referral_id              varchar(48) REFERENCES ssd_cin_episodes (cine_referral_id),
    cina_assessment_start_date    date,
    cina_assessment_child_seen    varchar(1),
    cina_assessment_auth_date     date,
    cina_assessment_outcome_json  text,
    cina_assessment_outcome_nfa   varchar(1),
    cina_assessment_team          varchar(48),
    cina_assessment_worker_id     varchar(48)
);
CREATE INDEX ssd_cin_assessments_person ON ssd_cin_assessments (cina_person_id);
CREATE INDEX ssd_cin_assessments_referral ON ssd_cin_assessments (cina_referral_id);

CREATE TABLE ssd_assessment_factors (
    cinf_table_id                 varchar(48) PRIMARY KEY,
    cinf_assessment_id            varchar(48) NOT NULL UNIQUE REFERENCES ssd_cin_assessments (cina_assessment_id),
    cinf_assessment_factors_json  text
);

CREATE TABLE ssd_cin_plans (
    cinp_cin_plan_id            varchar(48) PRIMARY KEY,
    cinp_referral_id            varchar(48) REFERENCES ssd_cin_episodes (cine_referral_id),
    cinp_person_id              varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    cinp_cin_plan_start_date    date,
    cinp_cin_plan_end_date      date,
    cinp_cin_plan_team          varchar(48),
    cinp_cin_plan_worker_id     varchar(48)
);
CREATE INDEX ssd_cin_plans_person ON ssd_cin_plans (cinp_person_id);
CREATE INDEX ssd_cin_plans_referral ON ssd_cin_plans (cinp_referral_id);

CREATE TABLE ssd_s47_enquiry (
    s47e_s47_enquiry_id              varchar(48) PRIMARY KEY,
    s47e_referral_id                 varchar(48) REFERENCES ssd_cin_episodes (cine_referral_id),
    s47e_person_id                   varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    s47e_s47_start_date              date,
    s47e_s47_end_date                date,
    s47e_s47_nfa                     varchar(1),
    s47e_s47_outcome_json            text,      -- CP_CONFERENCE_FLAG: "N" on a completed enquiry = ICPCnotRequired
    s47e_s47_completed_by_worker_id  varchar(48),
    s47e_s47_completed_by_team       varchar(48)
);
CREATE INDEX ssd_s47_enquiry_person ON ssd_s47_enquiry (s47e_person_id);
CREATE INDEX ssd_s47_enquiry_referral ON ssd_s47_enquiry (s47e_referral_id);

CREATE TABLE ssd_initial_cp_conference (
    icpc_icpc_id               varchar(48) PRIMARY KEY,
    icpc_icpc_meeting_id       varchar(48),
    icpc_s47_enquiry_id        varchar(48) REFERENCES ssd_s47_enquiry (s47e_s47_enquiry_id),  -- NULL: ICPC with no S47
    icpc_person_id             varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    icpc_cp_plan_id            varchar(48),
    icpc_referral_id           varchar(48) REFERENCES ssd_cin_episodes (cine_referral_id),
    icpc_icpc_transfer_in      varchar(1),
    icpc_icpc_target_date      date,
    icpc_icpc_date             date,
    icpc_icpc_outcome_cp_flag  varchar(1),
    icpc_icpc_outcome_json     text,
    icpc_icpc_team             varchar(48),
    icpc_icpc_worker_id        varchar(48)
);
CREATE INDEX ssd_initial_cp_conference_person ON ssd_initial_cp_conference (icpc_person_id);
CREATE INDEX ssd_initial_cp_conference_s47 ON ssd_initial_cp_conference (icpc_s47_enquiry_id);
CREATE INDEX ssd_initial_cp_conference_referral ON ssd_initial_cp_conference (icpc_referral_id);

CREATE TABLE ssd_cp_plans (
    cppl_cp_plan_id                varchar(48) PRIMARY KEY,
    cppl_referral_id               varchar(48) REFERENCES ssd_cin_episodes (cine_referral_id),
    cppl_icpc_id                   varchar(48) REFERENCES ssd_initial_cp_conference (icpc_icpc_id),
    cppl_person_id                 varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    cppl_cp_plan_start_date        date,
    cppl_cp_plan_end_date          date,
    cppl_cp_plan_ola               varchar(1),
    cppl_cp_plan_initial_category  varchar(100),
    cppl_cp_plan_latest_category   varchar(100)
);
CREATE INDEX ssd_cp_plans_person ON ssd_cp_plans (cppl_person_id, cppl_cp_plan_start_date);
CREATE INDEX ssd_cp_plans_referral ON ssd_cp_plans (cppl_referral_id);

CREATE TABLE ssd_cp_reviews (
    cppr_cp_review_id                   varchar(48) PRIMARY KEY,
    cppr_person_id                      varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    cppr_cp_plan_id                     varchar(48) NOT NULL REFERENCES ssd_cp_plans (cppl_cp_plan_id),
    cppr_cp_review_due                  date,
    cppr_cp_review_date                 date,
    cppr_cp_review_meeting_id           varchar(48),
    cppr_cp_review_outcome_continue_cp  varchar(1),
    cppr_cp_review_quorate              varchar(1),
    cppr_cp_review_participation        varchar(3)
);
CREATE INDEX ssd_cp_reviews_person ON ssd_cp_reviews (cppr_person_id);
CREATE INDEX ssd_cp_reviews_plan ON ssd_cp_reviews (cppr_cp_plan_id);

-- ------------------------------------------------------------------------
-- Pre-proceedings: CIN census module 5 (PreProceedingsandFGDM), collected
-- from 2026-27 (Year 2027).  Read only for --year 2027 and later, and not
-- at all when the configuration says cin_pre_proceedings = no (a council
-- that does not collect the module yet: no module is written, and DfE's
-- queries 8995Q and 9000Q then expect an explanation in COLLECT).
-- ------------------------------------------------------------------------

-- SSD's table, as SSD defines it (data/objects/ssd_pre_proceedings.yml, a
-- "1b specified" object whose extract scripts are still placeholders): one
-- row per child per period of pre-proceedings, keyed by the person and the
-- PLO family (children of a family go through pre-proceedings together),
-- not by CIN episode.  The census elements it holds:
--   PPStartDate           prep_pre_pro_decision_date         (PREP003A)
--   LBPSentDate           prep_pre_pro_letter_date           (PREP011A)
--   InitialPPMeetingDate  prep_initial_pre_pro_meeting_date  (PREP004A)
--   ReviewMeetingsCount   prep_pre_pro_meetings_num          (PREP013A)
--   StepDecisionDate      prep_agree_stepdown_issue_date     (PREP006A)
--   LetterInitCPDate      prep_care_pro_letter_date          (PREP012A)
-- statreturn reads those, prep_table_id and prep_person_id, and no other
-- column (legal representation, court reference, hearings and care plans
-- are not census items).
CREATE TABLE ssd_pre_proceedings (
    prep_table_id                          varchar(48) PRIMARY KEY,
    prep_person_id                         varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    prep_plo_family_id                     varchar(48),
    prep_pre_pro_decision_date             date,
    prep_initial_pre_pro_meeting_date      date,
    prep_pre_pro_outcome                   varchar(100),  -- SSD's words: "Decision to Issue Care Proceedings" / "Decision to step down"
    prep_agree_stepdown_issue_date         date,
    prep_cp_plans_referral_period          integer,
    prep_legal_gateway_outcome             varchar(100),
    prep_prev_pre_proc_child               integer,
    prep_prev_care_proc_child              integer,
    prep_pre_pro_letter_date               date,
    prep_care_pro_letter_date              date,
    prep_pre_pro_meetings_num              integer,
    prep_pre_pro_parents_legal_rep         varchar(1),
    prep_parents_legal_rep_point_of_issue  varchar(2),
    prep_court_reference                   varchar(48),
    prep_care_proc_court_hearings          integer,
    prep_care_proc_short_notice            varchar(1),
    prep_proc_short_notice_reason          varchar(100),
    prep_la_inital_plan_approved           varchar(1),
    prep_la_initial_care_plan              varchar(100),
    prep_la_final_plan_approved            varchar(1),
    prep_la_final_care_plan                varchar(100)
);
CREATE INDEX ssd_pre_proceedings_person ON ssd_pre_proceedings (prep_person_id, prep_pre_pro_decision_date);

-- Extension: what the census needs and SSD has not.  One row per
-- ssd_pre_proceedings row (a row without one has these values blank and is
-- tied to its episode by dates):
--   FGDMMeetingOffer   cinx_fgdm_offered            Y / N
--   FGDMMeetingFac     cinx_fgdm_facilitated        Y / N
--   CourtAppDate       cinx_court_application_date  (SSD's prep_court_reference is a number, not a date)
--   PPOutcome          cinx_outcome_code            A, B or C, DfE's code set CS131 as the council records
--                      it: SSD's prep_pre_pro_outcome is a description, and DfE has not published what
--                      A, B and C mean, so statreturn does not guess a mapping
--   cinx_referral_id   the CIN episode (ssd_cin_episodes) the period belongs to, where the council
--                      records it
--
-- How a period of pre-proceedings is tied to a CIN episode (the census
-- reports it inside CINdetails):
--   1. by cinx_referral_id, when it is given and is an episode of the same
--      child (prep_person_id) in the year's return;
--   2. else by dates: the child's episode in the return that was open on the
--      period's start, referred on or before it and not closed before it;
--      of several, the one referred last.
-- The period's start is prep_pre_pro_decision_date, or when that is blank
-- the letter's date, or else the initial meeting's.  A year's return holds
-- the periods that started in its census period (DfE 9005); their later
-- dates only up to 31 March, as for every other module (9006, 9008, 9009,
-- 9012, 9013), and the outcome only when the decision to step up or down
-- was made by then.  ReviewMeetingsCount is SSD's count as the replica holds
-- it: SSD keeps no meeting dates, so a count read after 31 March may include
-- later meetings.  A period that started in the year but is tied to no
-- episode is left out, and the build says how many there were.
CREATE TABLE ssd_cin_extension_pre_proceedings (
    cinx_pre_proceedings_id      varchar(48) PRIMARY KEY REFERENCES ssd_pre_proceedings (prep_table_id),
    cinx_referral_id             varchar(48) REFERENCES ssd_cin_episodes (cine_referral_id),  -- NULL: tied by dates
    cinx_fgdm_offered            varchar(1),    -- Y / N
    cinx_fgdm_facilitated        varchar(1),    -- Y / N
    cinx_court_application_date  date,
    cinx_outcome_code            varchar(1)     -- A / B / C (CS131)
);
CREATE INDEX ssd_cin_extension_pre_proceedings_referral ON ssd_cin_extension_pre_proceedings (cinx_referral_id);
