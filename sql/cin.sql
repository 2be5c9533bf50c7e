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
