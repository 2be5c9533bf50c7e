-- The SSD tables behind the SSDA903 (children looked after) return.
--
-- Names and meanings follow SSD (reference: ssd-data-model data/objects/*.yml);
-- as in cin.sql, SSD "datetime" columns are dates and ids are text.  The few
-- 903 items SSD has no column for live in separate ssd_cla_extension_*
-- tables (end of file), so that a council whose replica follows SSD adds
-- those tables beside it and changes nothing else.  No CHECK constraints:
-- defective values must load so that the build, not the schema, names them.
--
-- Which SSD column feeds each DfE 903 item (903 CSV table.column; "PoC" =
-- period of care = the episodes sharing clae_cla_id):
--
--   903 item                     SSD source
--   ---------------------------  ------------------------------------------------------------
--   Header.CHILD                 ssd_person.pers_person_id
--   Header.SEX                   ssd_person.pers_sex (M/F/U; 1/2 before 2024-25)
--   Header.DOB                   ssd_person.pers_dob
--   Header.ETHNIC                ssd_person.pers_ethnicity
--   Header.UPN                   ssd_linked_identifiers.link_identifier_value where
--                                link_identifier_type = 'Unique Pupil Number', else
--                                ssd_person.pers_upn_unknown (UN1..UN5)
--   Header.MOTHER                1 when an ssd_mother row (moth_person_id) has moth_childs_dob
--                                on or before the year end and the child's last DEC; else 0
--                                for girls; blank for boys, V3/V4-only children and care
--                                leavers not looked after in the year (399, 628).
--                                ssd_person.pers_is_mother (Y/N) is SSD's current-state flag.
--   Header.MC_DOB                min(ssd_mother.moth_childs_dob) for that mother
--   Episodes.DECOM               ssd_cla_episodes.clae_cla_episode_start_date
--   Episodes.RNE                 ssd_cla_episodes.clae_cla_episode_start_reason
--   Episodes.LS                  ssd_legal_status.lega_legal_status of the row in force on DECOM:
--                                lega_person_id = clae_person_id, start <= DECOM and
--                                (end IS NULL or end > DECOM); only the 903 codes C1..J3
--   Episodes.CIN                 ssd_cla_episodes.clae_cla_primary_need_code
--   Episodes.PLACE               ssd_cla_placement.clap_cla_placement_type (via clae_cla_placement_id)
--   Episodes.PLACE_PROVIDER      ssd_cla_placement.clap_cla_placement_provider
--   Episodes.DEC                 ssd_cla_episodes.clae_cla_episode_ceased_date
--   Episodes.REC                 ssd_cla_episodes.clae_cla_episode_ceased_reason
--   Episodes.REASON_PLACE_CHANGE ssd_cla_placement.clap_cla_placement_change_reason, reported on
--                                the placement's last episode (DEC = clap end date, REC X1)
--   Episodes.HOME_POST           ssd_address.addr_address_postcode, addr_address_type = 'Home',
--                                in force on DECOM (SSD stores postcodes without the space)
--   Episodes.PL_POST             ssd_cla_placement.clap_cla_placement_postcode
--   Episodes.URN                 ssd_cla_placement.clap_cla_placement_urn
--                                (HOME_POST, PL_POST and URN are left blank for short breaks,
--                                LS V3/V4: DfE 214, 398)
--   (derived PL_DISTANCE)        ssd_cla_placement.clap_cla_placement_distance (DfE derives its own)
--   UASC (flag), UASC.DUC        ssd_immigration_status rows with immi_immigration_status =
--                                'Unaccompanied Asylum Seeking Child'; DUC = immi_immigration_status_end_date;
--                                only for children looked after in the year (1014)
--   Reviews.REVIEW               ssd_cla_reviews.clar_cla_review_date, clar_cla_review_cancelled <> 'Y';
--                                child via clar_cla_id = ssd_cla_episodes.clae_cla_id
--   Reviews.REVIEW_CODE          ssd_cla_reviews.clar_cla_review_participation (PN0..PN7)
--   OC2.SDQ_SCORE, SDQ_REASON    ssd_sdq_scores.csdq_sdq_score / csdq_sdq_reason, latest
--                                csdq_sdq_completed_date in the year
--   OC2.CONVICTED                1 when an ssd_cla_convictions.clac_cla_conviction_date is in the year;
--                                blank under 10 on 31 March (542)
--   OC2.HEALTH_CHECK             ssd_cla_health clah_health_check_type 'Health Surveillance Check',
--                                status 'Completed', in the year (under-5s)
--   OC2.IMMUNISATIONS            ssd_cla_immunisations.clai_immunisations_status (Y/N)
--   OC2.TEETH_CHECK              ssd_cla_health type 'Dental Check', 'Completed', in the year
--   OC2.HEALTH_ASSESSMENT        ssd_cla_health type 'Health Assessment', 'Completed', in the year
--   OC2.SUBSTANCE_MISUSE         1 when an ssd_cla_substance_misuse.clas_substance_misuse_date is in the year
--   OC2.INTERVENTION_RECEIVED    ssd_cla_substance_misuse.clas_intervention_received (Y/N)
--   OC2.INTERVENTION_OFFERED     EXTENSION ssd_cla_extension_substance_misuse.clex_intervention_offered;
--                                blank when an intervention was received (158)
--   OC3.IN_TOUCH                 ssd_care_leavers.clea_care_leaver_in_touch, the row whose
--                                EXTENSION ssd_cla_extension_care_leavers.clex_status_date is
--                                within 3 months before to 1 month after the 17th..21st
--                                birthday that falls in the year
--   OC3.ACTIV                    ssd_care_leavers.clea_care_leaver_activity (NULL -> 0)
--   OC3.ACCOM                    clea_care_leaver_accommodation || clea_care_leaver_accom_suitable
--                                (letter + 1/2; NULL -> 0)
--   AD1.DATE_INT                 ssd_permanence.perm_adm_decision_date
--   AD1.DATE_MATCH               ssd_permanence.perm_matched_date
--   AD1.FOSTER_CARE              ssd_permanence.perm_adopted_by_carer_flag (Y/N -> 1/0)
--   AD1.NB_ADOPTR                ssd_permanence.perm_number_of_adopters
--   AD1.SEX_ADOPTR               ssd_permanence.perm_adopter_sex
--   AD1.LS_ADOPTR                ssd_permanence.perm_adopter_legal_status
--   PlacedAdoption.DATE_PLACED   ssd_permanence.perm_adm_decision_date (rows where it is set;
--                                rows with only perm_permanence_order_type are SGO/CAO orders)
--   PlacedAdoption.DATE_PLACED_CEASED  ssd_permanence.perm_decision_reversed_date
--   PlacedAdoption.REASON_PLACED_CEASED ssd_permanence.perm_decision_reversed_reason (RD1..RD4)
--   PrevPerm.PREV_PERM           ssd_cla_previous_permanence.lapp_previous_permanence_option
--   PrevPerm.LA_PERM             ssd_cla_previous_permanence.lapp_previous_permanence_la (DfE LA
--                                code or WAL/SCO/NUK/NIR; SSD's text calls it a name)
--   PrevPerm.DATE_PERM           ssd_cla_previous_permanence.lapp_previous_permanence_order_date
--                                (text DD/MM/YYYY, zz for unknown parts)
--   Missing.MISSING              ssd_missing.miss_missing_episode_type (M/A, or SSD's 'Missing'/'Away')
--   Missing.MIS_START, MIS_END   ssd_missing.miss_missing_episode_start_date / _end_date
--   SWEpisodes.SW_ID             ssd_professionals.prof_social_worker_registration_no via
--                                ssd_involvements.invo_professional_id,
--                                invo_professional_role_id = 'Allocated Social Worker'
--   SWEpisodes.SW_DECOM, SW_DEC  ssd_involvements.invo_involvement_start_date / _end_date
--   SWEpisodes.SW_REASON         ssd_involvements.invo_worker_change_reason (why this worker
--                                was allocated)
--   (SWEpisodes children)        looked after on 31 March, not on short breaks (SW01, SW17STG2)
--   DoLo.DOLO_START, DOLO_END    EXTENSION ssd_cla_extension_dolo.clex_dolo_start_date /
--                                clex_dolo_end_date (2026-27 on): orders in force in the year
--                                (started by 31 March, not ended before 1 April) of children
--                                looked after in the year; an end after 31 March is blank
--
-- Keys: every table carries its SSD row id as primary key and the person id
-- (foreign key to ssd_person, indexed with the table's main date) except
-- ssd_cla_reviews, which SSD links to the period of care only.  SSD's
-- "foreign keys" onto clae_cla_id (not unique: one value per period of
-- care) are indexes, not constraints.  ssd_professionals, ssd_involvements,
-- ssd_address, ssd_immigration_status and ssd_mother are general SSD tables
-- that this return happens to be the first to need.

CREATE TABLE ssd_professionals (
    prof_professional_id               varchar(48) PRIMARY KEY,
    prof_staff_id                      varchar(48),
    prof_professional_name             varchar(300),
    prof_social_worker_registration_no varchar(20),    -- SW_ID: starts 'SW' (SW02STG1)
    prof_professional_job_title        varchar(500),
    prof_professional_caseload         integer,
    prof_professional_department       varchar(100),
    prof_full_time_equivalency         numeric(4,2),
    prof_agency_worker_flag            varchar(1)      -- Y / N
);

-- SSD leaves invo_involvements_id unmarked; it is the row identifier.
CREATE TABLE ssd_involvements (
    invo_involvements_id         varchar(48) PRIMARY KEY,
    invo_professional_id         varchar(48) REFERENCES ssd_professionals (prof_professional_id),
    invo_professional_role_id    varchar(200),     -- 'Allocated Social Worker', 'Personal Advisor', ...
    invo_professional_team       varchar(255),     -- SSD: ssd_department.dept_team_id (no such table here)
    invo_involvement_start_date  date,
    invo_involvement_end_date    date,
    invo_worker_change_reason    varchar(200),     -- MANAGE FCONTA LEFTRL ORGRST TSPROC ABSENC CHCHAN PCCHAN SWDIED OTHERS
    invo_person_id               varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    invo_referral_id             varchar(48) REFERENCES ssd_cin_episodes (cine_referral_id)
);
CREATE INDEX ssd_involvements_person ON ssd_involvements (invo_person_id, invo_involvement_start_date);
CREATE INDEX ssd_involvements_professional ON ssd_involvements (invo_professional_id);

-- Also defined by sql/families.sql: same columns and types, so whichever
-- file runs first creates it (IF NOT EXISTS in both).
CREATE TABLE IF NOT EXISTS ssd_address (
    addr_table_id            varchar(48) PRIMARY KEY,
    addr_address_json        text,             -- {"ROOM": "", "FLOOR": "", ..., "EASTING": "", "NORTHING": ""}
    addr_person_id           varchar(48) REFERENCES ssd_person (pers_person_id),
    addr_address_type        varchar(48),      -- 'Home' feeds HOME_POST
    addr_address_start_date  date,
    addr_address_end_date    date,
    addr_address_postcode    varchar(15)       -- SSD: without spaces
);
CREATE INDEX IF NOT EXISTS ssd_address_person ON ssd_address (addr_person_id, addr_address_start_date);
CREATE INDEX IF NOT EXISTS ssd_address_person_type ON ssd_address (addr_person_id, addr_address_type);

CREATE TABLE ssd_immigration_status (
    immi_immigration_status_id          varchar(48) PRIMARY KEY,
    immi_person_id                      varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    immi_immigration_status             varchar(100),
    immi_immigration_status_start_date  date,
    immi_immigration_status_end_date    date
);
CREATE INDEX ssd_immigration_status_person ON ssd_immigration_status (immi_person_id, immi_immigration_status_start_date);

-- SSD marks the child's id as part of the key: one row per mother and child.
CREATE TABLE ssd_mother (
    moth_table_id          varchar(48) PRIMARY KEY,
    moth_person_id         varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    moth_childs_person_id  varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    moth_childs_dob        date,
    UNIQUE (moth_person_id, moth_childs_person_id)
);
CREATE INDEX ssd_mother_child ON ssd_mother (moth_childs_person_id);

CREATE TABLE ssd_cla_placement (
    clap_cla_placement_id             varchar(48) PRIMARY KEY,
    clap_cla_placement_start_date     date,
    clap_cla_placement_type           varchar(3),     -- A3..Z14; code list by collection year
    clap_cla_placement_urn            varchar(8),     -- SC999999, 9999999 or XXXXXXX
    clap_cla_placement_distance       numeric(5,1),   -- miles; 999.9 when a postcode is unknown
    clap_cla_id                       varchar(48),    -- SSD: ssd_cla_episodes.clae_cla_id (not unique)
    clap_cla_placement_provider       varchar(3),     -- PR0..PR5
    clap_cla_placement_postcode       varchar(8),
    clap_cla_placement_end_date       date,
    clap_cla_placement_change_reason  varchar(6),     -- CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD LAREQ PLACE CUSTOD OTHER
    clap_person_id                    varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id)
);
CREATE INDEX ssd_cla_placement_person ON ssd_cla_placement (clap_person_id, clap_cla_placement_start_date);
CREATE INDEX ssd_cla_placement_cla ON ssd_cla_placement (clap_cla_id);

CREATE TABLE ssd_cla_episodes (
    clae_cla_episode_id             varchar(48) PRIMARY KEY,
    clae_person_id                  varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    clae_cla_episode_start_date     date,
    clae_cla_episode_start_reason   varchar(1),     -- RNE: S L P T B U
    clae_cla_primary_need_code      varchar(3),     -- CIN: N1..N8
    clae_cla_episode_ceased_date    date,
    clae_cla_episode_ceased_reason  varchar(3),     -- REC: X1, E11..E17, ...
    clae_cla_id                     varchar(48),    -- period of care
    clae_referral_id                varchar(48) REFERENCES ssd_cin_episodes (cine_referral_id),
    clae_cla_placement_id           varchar(48) REFERENCES ssd_cla_placement (clap_cla_placement_id),
    clae_entered_care_date          date,
    clae_cla_last_iro_contact_date  date
);
CREATE INDEX ssd_cla_episodes_person ON ssd_cla_episodes (clae_person_id, clae_cla_episode_start_date);
CREATE INDEX ssd_cla_episodes_cla ON ssd_cla_episodes (clae_cla_id);
CREATE INDEX ssd_cla_episodes_placement ON ssd_cla_episodes (clae_cla_placement_id);

CREATE TABLE ssd_legal_status (
    lega_legal_status_id          varchar(48) PRIMARY KEY,
    lega_person_id                varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    lega_legal_status             varchar(100),   -- 903 codes C1 C2 D1 E1 V2 V3 V4 L1 L2 L3 J1 J2 J3 (SSD may hold others)
    lega_legal_status_start_date  date,
    lega_legal_status_end_date    date
);
CREATE INDEX ssd_legal_status_person ON ssd_legal_status (lega_person_id, lega_legal_status_start_date);

CREATE TABLE ssd_cla_reviews (
    clar_cla_review_id             varchar(48) PRIMARY KEY,
    clar_cla_id                    varchar(48),    -- SSD: ssd_cla_episodes.clae_cla_id (not unique)
    clar_cla_review_due_date       date,
    clar_cla_review_date           date,
    clar_cla_review_cancelled      varchar(1),     -- Y / N: cancelled reviews are not returned
    clar_cla_review_participation  varchar(3)      -- PN0..PN7
);
CREATE INDEX ssd_cla_reviews_cla ON ssd_cla_reviews (clar_cla_id, clar_cla_review_date);

CREATE TABLE ssd_missing (
    miss_table_id                    varchar(48) PRIMARY KEY,
    miss_person_id                   varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    miss_missing_episode_start_date  date,
    miss_missing_episode_type        varchar(10),  -- M / A (or 'Missing' / 'Away')
    miss_missing_episode_end_date    date,
    miss_missing_rhi_offered         varchar(2),   -- Y / N / NA
    miss_missing_rhi_accepted        varchar(2)
);
CREATE INDEX ssd_missing_person ON ssd_missing (miss_person_id, miss_missing_episode_start_date);

CREATE TABLE ssd_cla_previous_permanence (
    lapp_table_id                        varchar(48) PRIMARY KEY,
    lapp_person_id                       varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    lapp_previous_permanence_order_date  varchar(10),   -- DD/MM/YYYY with zz for unknown parts
    lapp_previous_permanence_option      varchar(2),    -- P1 P2 P3 P4 Z1
    lapp_previous_permanence_la          varchar(100)
);
CREATE INDEX ssd_cla_previous_permanence_person ON ssd_cla_previous_permanence (lapp_person_id);

CREATE TABLE ssd_permanence (
    perm_table_id                    varchar(48) PRIMARY KEY,
    perm_person_id                   varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    perm_cla_id                      varchar(48),   -- period of care
    perm_adm_decision_date           date,
    perm_ffa_cp_decision_date        date,
    perm_placement_order_date        date,
    perm_placed_for_adoption_date    date,
    perm_matched_date                date,
    perm_adopted_by_carer_flag       varchar(1),    -- Y / N
    perm_placed_ffa_cp_date          date,
    perm_decision_reversed_date      date,
    perm_placed_foster_carer_date    date,
    perm_part_of_sibling_group       varchar(1),    -- 0 / 1
    perm_siblings_placed_together    integer,
    perm_siblings_placed_apart       integer,
    perm_placement_provider_urn      varchar(8),
    perm_decision_reversed_reason    varchar(3),    -- RD1..RD4
    perm_permanence_order_date       date,
    perm_permanence_order_type       varchar(100),  -- 'Adoption', 'Special Guardianship', 'Child Arrangements Order'
    perm_adoption_worker_id          varchar(48) REFERENCES ssd_professionals (prof_professional_id),
    perm_adopter_sex                 varchar(2),    -- M1 F1 MM FF MF
    perm_adopter_legal_status        varchar(3),    -- L0 L11 L12 L2 L3 L4
    perm_number_of_adopters          varchar(1)     -- 1 / 2
);
CREATE INDEX ssd_permanence_person ON ssd_permanence (perm_person_id, perm_adm_decision_date);
CREATE INDEX ssd_permanence_cla ON ssd_permanence (perm_cla_id);

CREATE TABLE ssd_cla_health (
    clah_health_check_id      varchar(48) PRIMARY KEY,
    clah_person_id            varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    clah_health_check_type    varchar(500),   -- 'Health Assessment', 'Dental Check', 'Health Surveillance Check'
    clah_health_check_date    date,
    clah_health_check_status  varchar(48)     -- Planned, Refused, Cancelled, Completed
);
CREATE INDEX ssd_cla_health_person ON ssd_cla_health (clah_person_id, clah_health_check_date);

-- SSD: the person id is this table's row identifier (one row per child).
CREATE TABLE ssd_cla_immunisations (
    clai_person_id                  varchar(48) PRIMARY KEY REFERENCES ssd_person (pers_person_id),
    clai_immunisations_status       varchar(1),   -- Y / N
    clai_immunisations_status_date  date
);

CREATE TABLE ssd_cla_convictions (
    clac_cla_conviction_id       varchar(48) PRIMARY KEY,
    clac_person_id               varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    clac_cla_conviction_date     date,
    clac_cla_conviction_offence  varchar(1000)
);
CREATE INDEX ssd_cla_convictions_person ON ssd_cla_convictions (clac_person_id, clac_cla_conviction_date);

CREATE TABLE ssd_cla_substance_misuse (
    clas_substance_misuse_id    varchar(48) PRIMARY KEY,
    clas_person_id              varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    clas_substance_misuse_date  date,
    clas_substance_misused      varchar(100),
    clas_intervention_received  varchar(1)    -- Y / N
);
CREATE INDEX ssd_cla_substance_misuse_person ON ssd_cla_substance_misuse (clas_person_id, clas_substance_misuse_date);

CREATE TABLE ssd_sdq_scores (
    csdq_table_id            varchar(48) PRIMARY KEY,
    csdq_person_id           varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    csdq_sdq_completed_date  date,
    csdq_sdq_reason          varchar(4),     -- SDQ1..SDQ5 when no score
    csdq_sdq_score           varchar(3)      -- 0..40, text in SSD
);
CREATE INDEX ssd_sdq_scores_person ON ssd_sdq_scores (csdq_person_id, csdq_sdq_completed_date);

CREATE TABLE ssd_care_leavers (
    clea_table_id                      varchar(48) PRIMARY KEY,
    clea_person_id                     varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    clea_care_leaver_eligibility       varchar(100),
    clea_care_leaver_in_touch          varchar(100),   -- YES NO DIED REFU NREQ RHOM
    clea_care_leaver_latest_contact    date,
    clea_care_leaver_accommodation     varchar(100),   -- B C D E G H K R S T U V W X Y Z
    clea_care_leaver_accom_suitable    varchar(100),   -- 1 suitable / 2 not
    clea_care_leaver_activity          varchar(100),   -- F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6
    clea_pathway_plan_review_date      date,
    clea_care_leaver_personal_advisor  varchar(100),
    clea_care_leaver_allocated_team    varchar(48),    -- SSD: ssd_department.dept_team_id
    clea_care_leaver_worker_id         varchar(48) REFERENCES ssd_professionals (prof_professional_id)
);
CREATE INDEX ssd_care_leavers_person ON ssd_care_leavers (clea_person_id);

-- ------------------------------------------------------------------------
-- Extensions: 903 items with no SSD column.  Kept out of the SSD tables.
-- ------------------------------------------------------------------------

-- OC2.INTERVENTION_OFFERED: SSD records only whether an intervention was
-- received.  One row per ssd_cla_substance_misuse row.
CREATE TABLE ssd_cla_extension_substance_misuse (
    clex_substance_misuse_id   varchar(48) PRIMARY KEY
                               REFERENCES ssd_cla_substance_misuse (clas_substance_misuse_id),
    clex_intervention_offered  varchar(1)    -- Y / N
);

-- OC3 is about the young person "on or around" each 17th..21st birthday,
-- but ssd_care_leavers has no date for rows where the LA is not in touch
-- (clea_care_leaver_latest_contact is then blank).  One row per
-- ssd_care_leavers row: the date its status describes.
CREATE TABLE ssd_cla_extension_care_leavers (
    clex_care_leaver_id  varchar(48) PRIMARY KEY REFERENCES ssd_care_leavers (clea_table_id),
    clex_status_date     date NOT NULL
);

-- DoLo (deprivation of liberty orders), collected from the 2026-27 return
-- (DfE rules 700-710).  SSD has no DoLO object, and ssd_legal_status holds
-- Children Act statuses only, so councils record DoLOs here: one row per
-- order made for a child (an order renewed or replaced by a new one is a
-- new row from the day it starts), with the date it was made and the date
-- it ended, NULL while it is in force.  Only the 2026-27 return and later
-- read it; a council that keeps DoLOs elsewhere maps them with a view of
-- this name and these columns, and one that has none creates the table
-- empty.
CREATE TABLE ssd_cla_extension_dolo (
    clex_dolo_id          varchar(48) PRIMARY KEY,
    clex_person_id        varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    clex_dolo_start_date  date,
    clex_dolo_end_date    date
);
CREATE INDEX ssd_cla_extension_dolo_person ON ssd_cla_extension_dolo (clex_person_id, clex_dolo_start_date);
