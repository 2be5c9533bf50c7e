-- The tables behind the Supporting Families returns (National Impact Study
-- and Family Progress Data).
--
-- Two parts, kept apart on purpose:
--
-- 1. SSD tables (names and meanings as in ssd-data-model data/objects):
--    ssd_family, ssd_address, ssd_early_help_episodes.  National Insurance
--    numbers and UPNs are rows of ssd_linked_identifiers (sql/cin.sql) with
--    link_identifier_type 'National Insurance Number' and
--    'Unique Pupil Number'.  ssd_family has no dates in SSD: a family's
--    membership is read as it stands in the snapshot.
--
-- 2. The statreturn extension, prefixed sf_, for what SSD does not hold:
--    the programme record of each family (attached or in the comparison
--    group, with its dates), payment-by-results claims, needs identified
--    against the ten headline outcomes of the national outcome framework
--    (stable codes 1-10, labels dated because they changed), measures per
--    person per period that the council receives from partners (schools,
--    police, DWP, housing), and opt-outs.  A council whose case-management
--    system records these elsewhere maps them with views of these names.
--
-- statreturn checks only the columns a layout needs (specs/families/), so a
-- view that supplies them is as good as a table.  CREATE ... IF NOT EXISTS
-- for ssd_address: the SSDA903 tables (sql/cla.sql) may define it too.

-- ---------------------------------------------------------------- SSD ----

CREATE TABLE ssd_family (
    fami_table_id   varchar(48) PRIMARY KEY,
    fami_family_id  varchar(48) NOT NULL,     -- one row per member: not unique
    fami_person_id  varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id)
);
CREATE INDEX ssd_family_family ON ssd_family (fami_family_id);
CREATE INDEX ssd_family_person ON ssd_family (fami_person_id);

SET client_min_messages = warning;   -- no NOTICE when sql/cla.sql made it first
CREATE TABLE IF NOT EXISTS ssd_address (
    addr_table_id            varchar(48) PRIMARY KEY,
    addr_person_id           varchar(48) REFERENCES ssd_person (pers_person_id),
    addr_address_type        varchar(48),
    addr_address_start_date  date,
    addr_address_end_date    date,
    addr_address_postcode    varchar(15),    -- SSD: stored without spaces; statreturn normalises
    addr_address_json        text            -- never read for the Supporting Families returns
);
CREATE INDEX IF NOT EXISTS ssd_address_person ON ssd_address (addr_person_id, addr_address_start_date);
RESET client_min_messages;

CREATE TABLE ssd_early_help_episodes (
    earl_episode_id            varchar(48) PRIMARY KEY,
    earl_person_id             varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    earl_episode_start_date    date,
    earl_episode_end_date      date,
    earl_episode_reason        varchar(255),
    earl_episode_end_reason    varchar(255),
    earl_episode_organisation  varchar(255),
    earl_episode_worker_id     varchar(100)
);
CREATE INDEX ssd_early_help_episodes_person ON ssd_early_help_episodes (earl_person_id, earl_episode_start_date);

-- ------------------------------------------------- statreturn extension ----

-- The ten headline outcomes (framework of 3 October 2022).  The code is the
-- stable key; a relabelling adds a row with a later sfhl_valid_from and
-- closes the previous one.  statreturn writes codes, never labels.
CREATE TABLE sf_headline (
    sfhl_code        smallint NOT NULL CHECK (sfhl_code BETWEEN 1 AND 10),
    sfhl_label       varchar(255) NOT NULL,
    sfhl_valid_from  date NOT NULL,
    sfhl_valid_to    date,
    PRIMARY KEY (sfhl_code, sfhl_valid_from)
);
INSERT INTO sf_headline (sfhl_code, sfhl_label, sfhl_valid_from) VALUES
    (1, 'Getting a good education', '2022-10-03'),
    (2, 'Good early years development', '2022-10-03'),
    (3, 'Improved mental and physical health', '2022-10-03'),
    (4, 'Better managed substance use', '2022-10-03'),
    (5, 'Improved family relationships', '2022-10-03'),
    (6, 'Children safe from abuse and exploitation', '2022-10-03'),
    (7, 'Families diverted from crime', '2022-10-03'),
    (8, 'Safe from domestic abuse', '2022-10-03'),
    (9, 'Secure housing', '2022-10-03'),
    (10, 'Financial stability', '2022-10-03');
-- Later council pages word 4 and 7 as 'Promoting recovery and reducing harm
-- from substance use' and 'Crime prevention and tackling crime'; the date of
-- that revision is not public.  A council that knows it records it as:
--   UPDATE sf_headline SET sfhl_valid_to = 'YYYY-MM-DD' WHERE sfhl_code = 4;
--   INSERT INTO sf_headline VALUES (4, 'Promoting recovery and reducing harm from substance use', 'YYYY-MM-DD', NULL);

-- A family's time with the programme: attached to it, or in the comparison
-- group (families waiting for a place, who the National Impact Study also
-- follows).  The status written in a return is derived from these dates for
-- the period's end (see README), so a past period can always be rebuilt.
CREATE TABLE sf_programme_family (
    sfpf_id               varchar(48) PRIMARY KEY,
    sfpf_family_id        varchar(48) NOT NULL,     -- ssd_family.fami_family_id
    sfpf_cohort           varchar(16) NOT NULL,     -- 'programme' or 'comparison'
    sfpf_identified_date  date NOT NULL,            -- identified (programme) / added to the comparison group
    sfpf_attached_date    date,                     -- attached to the programme (NULL for the comparison group)
    sfpf_end_date         date,                     -- closed, or left the comparison group
    sfpf_end_reason       varchar(32)               -- outcomes-met, step-up, disengaged, moved-away, comparison-ended
);
CREATE INDEX sf_programme_family_family ON sf_programme_family (sfpf_family_id);

-- Payment-by-results claims made for a family's sustained outcomes.
CREATE TABLE sf_claim (
    sfcl_claim_id      varchar(48) PRIMARY KEY,
    sfcl_programme_id  varchar(48) NOT NULL REFERENCES sf_programme_family (sfpf_id),
    sfcl_claim_date    date NOT NULL,
    sfcl_claim_type    varchar(32)                  -- 'outcomes'
);
CREATE INDEX sf_claim_programme ON sf_claim (sfcl_programme_id);

-- Needs identified for a family against the headline outcomes.  A need
-- identified on or before the attachment date is a need "at attachment".
CREATE TABLE sf_need (
    sfne_need_id          varchar(48) PRIMARY KEY,
    sfne_programme_id     varchar(48) NOT NULL REFERENCES sf_programme_family (sfpf_id),
    sfne_person_id        varchar(48) REFERENCES ssd_person (pers_person_id),   -- NULL: the family as a whole
    sfne_headline         smallint NOT NULL,        -- sf_headline.sfhl_code, 1..10
    sfne_identified_date  date NOT NULL,
    sfne_outcome_date     date                      -- outcome evidenced as sustained
);
CREATE INDEX sf_need_programme ON sf_need (sfne_programme_id, sfne_identified_date);

-- What partners send, per person per period.  The range a value may take
-- belongs to the file specification, so it lives in the layout
-- (specs/families/layout_*.conf), not here.
CREATE TABLE sf_measure_type (
    sfmt_code     varchar(32) PRIMARY KEY,
    sfmt_label    varchar(255) NOT NULL,
    sfmt_unit     varchar(32),
    sfmt_partner  varchar(64)
);
INSERT INTO sf_measure_type (sfmt_code, sfmt_label, sfmt_unit, sfmt_partner) VALUES
    ('attendance', 'School attendance: share of possible sessions attended in the period', 'percent', 'schools'),
    ('exclusions', 'Suspensions and permanent exclusions in the period', 'count', 'schools'),
    ('offending', 'Proven offences in the period', 'count', 'police / youth justice'),
    ('domestic_abuse', 'Police-recorded domestic abuse incidents involving the person in the period', 'count', 'police'),
    ('employment', 'In paid work at the end of the period (1) or not (0)', 'flag', 'DWP / employment support'),
    ('housing', 'In secure housing at the end of the period (1) or homeless or at risk (0)', 'flag', 'housing');

-- One value per person, measure and period; sfme_period_end is the last day
-- of the period it describes (for quarters: 30 June, 30 September,
-- 31 December, 31 March).
CREATE TABLE sf_measure (
    sfme_measure_id     varchar(48) PRIMARY KEY,
    sfme_person_id      varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    sfme_measure_code   varchar(32) NOT NULL REFERENCES sf_measure_type (sfmt_code),
    sfme_period_end     date NOT NULL,
    sfme_value          numeric,
    sfme_received_date  date,
    UNIQUE (sfme_person_id, sfme_measure_code, sfme_period_end)
);
CREATE INDEX sf_measure_period ON sf_measure (sfme_period_end);

-- A person's objection to the use of their data for a purpose, from a date.
-- The layouts name the purposes that exclude a person from each file
-- ('opt-out =' line); an opt-out counts once its date is on or before the
-- day the file is built, whatever the period.
CREATE TABLE sf_opt_out (
    sfoo_opt_out_id  varchar(48) PRIMARY KEY,
    sfoo_person_id   varchar(48) NOT NULL REFERENCES ssd_person (pers_person_id),
    sfoo_purpose     varchar(64) NOT NULL,          -- e.g. supporting-families, research
    sfoo_from_date   date NOT NULL
);
CREATE INDEX sf_opt_out_person ON sf_opt_out (sfoo_person_id);
