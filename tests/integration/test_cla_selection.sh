#!/usr/bin/env bash
# Which children the 903 build selects for each cohort, on hand-made rows at
# the boundaries (year 2024-25: 1 April 2024 to 31 March 2025):
#   OC2      looked after continuously for 12 months at 31 March, not under
#            V3/V4 short breaks (period of care starting 1 April 2024 is in,
#            2 April is out; V3 only, or V3 then C2 in the year, is out);
#   OC3      care leavers who have left care: DEC on the 18th birthday is
#            in, DEC the day after (still looked after on it) or an open
#            episode is out;
#   PrevPerm only children who started a new period of care (RNE S) in the
#            year: DECOM 1 April 2024 and 31 March 2025 in, 31 March 2024
#            or a later RNE P episode out;
#   MOTHER   blank when looked after only under V3/V4 in the year, or not
#            looked after in it (an OC3-only care leaver, 628); a baby
#            counts only when born on or before the last DEC in the year
#            (31 March when still looked after);
#   UASC     only children looked after in the year (not OC3-only care
#            leavers: 1014);
#   SWEpisodes only children looked after on 31 March, not on short breaks
#            (a DEC on 31 March is out: SW01, SW11bSTG2, SW17STG2);
#   cells    short breaks (V3/V4) have no HOME_POST, PL_POST or URN (214,
#            398); CONVICTED is blank under 10 on 31 March (542);
#            INTERVENTION_OFFERED is blank when one was received (158);
#            a DEC on 31 March is still in OC2 (CONTINUOUSLY_LOOKED_AFTER);
#            SW_REASON is given for the open social worker episode too.
# The build may report DfE rule findings on these sparse rows (exit 1).
. "$(dirname "$0")/lib.sh"

export SOURCE_DATE_EPOCH=1748736000
new_db

# person ID SEX DOB
person() { echo "INSERT INTO ssd_person (pers_person_id, pers_sex, pers_dob, pers_ethnicity, pers_upn_unknown) VALUES ('$1', '$2', '$3', 'WBRI', 'UN1');"; }
# episode ID PERSON POC DECOM RNE DEC REC  (DEC/REC may be NULL)
episode() {
    local dec=$6 rec=$7
    [ "$dec" = NULL ] || dec="'$dec'"
    [ "$rec" = NULL ] || rec="'$rec'"
    echo "INSERT INTO ssd_cla_placement (clap_cla_placement_id, clap_cla_placement_start_date, clap_cla_placement_type,
            clap_cla_placement_urn, clap_cla_id, clap_cla_placement_provider, clap_cla_placement_postcode, clap_person_id)
          VALUES ('PL$1', '$4', 'U1', 'SC999999', '$3', 'PR1', 'YY11AA', '$2');
          INSERT INTO ssd_cla_episodes (clae_cla_episode_id, clae_person_id, clae_cla_episode_start_date,
            clae_cla_episode_start_reason, clae_cla_primary_need_code, clae_cla_episode_ceased_date,
            clae_cla_episode_ceased_reason, clae_cla_id, clae_cla_placement_id)
          VALUES ('$1', '$2', '$4', '$5', 'N1', $dec, $rec, '$3', 'PL$1');"
}
# legal ID PERSON LS START END
legal() {
    local end=$5
    [ "$end" = NULL ] || end="'$end'"
    echo "INSERT INTO ssd_legal_status VALUES ('$1', '$2', '$3', '$4', $end);"
}
# leaver ID PERSON STATUS_DATE
leaver() {
    echo "INSERT INTO ssd_care_leavers (clea_table_id, clea_person_id, clea_care_leaver_in_touch, clea_care_leaver_activity,
            clea_care_leaver_accommodation, clea_care_leaver_accom_suitable) VALUES ('$1', '$2', 'YES', 'F2', 'G', '1');
          INSERT INTO ssd_cla_extension_care_leavers VALUES ('$1', '$3');"
}
# prevperm PERSON
prevperm() { echo "INSERT INTO ssd_cla_previous_permanence VALUES ('PP$1', '$1', '11/07/2019', 'P2', '201');"; }
# home PERSON POSTCODE FROM: a home address
home() { echo "INSERT INTO ssd_address VALUES ('AD$1', NULL, '$1', 'Home', '$3', NULL, '$2');"; }
# uasc PERSON FROM END
uasc() {
    local end=$3
    [ "$end" = NULL ] || end="'$end'"
    echo "INSERT INTO ssd_immigration_status VALUES ('IM$1', '$1', 'Unaccompanied Asylum Seeking Child', '$2', $end);"
}
# worker ID PERSON START END REASON: an allocated social worker (END may be NULL)
worker() {
    local end=$4
    [ "$end" = NULL ] || end="'$end'"
    echo "INSERT INTO ssd_professionals (prof_professional_id, prof_social_worker_registration_no) VALUES ('PR$1', 'SW9$1');
          INSERT INTO ssd_involvements (invo_involvements_id, invo_professional_id, invo_professional_role_id,
            invo_involvement_start_date, invo_involvement_end_date, invo_worker_change_reason, invo_person_id)
          VALUES ('$1', 'PR$1', 'Allocated Social Worker', '$3', $end, '$5', '$2');"
}
# substance PERSON DATE RECEIVED OFFERED
substance() {
    echo "INSERT INTO ssd_cla_substance_misuse VALUES ('SM$1', '$1', '$2', 'Cannabis', '$3');
          INSERT INTO ssd_cla_extension_substance_misuse VALUES ('SM$1', '$4');"
}
# mother MOTHER BABY BABY_DOB
mother() {
    echo "INSERT INTO ssd_person (pers_person_id, pers_sex, pers_dob) VALUES ('$2', 'M', '$3');
          INSERT INTO ssd_mother VALUES ('MO$2', '$1', '$2', '$3');"
}

{
    # --- OC2 ---
    person O2IN M 2012-05-01; episode EO2IN O2IN PO2IN 2024-04-01 S NULL NULL; legal LO2IN O2IN C2 2024-04-01 NULL
    person O2LATE M 2012-05-01; episode EO2LATE O2LATE PO2LATE 2024-04-02 S NULL NULL; legal LO2LATE O2LATE C2 2024-04-02 NULL
    person O2V3 M 2012-05-01; episode EO2V3 O2V3 PO2V3 2023-01-01 S NULL NULL; legal LO2V3 O2V3 V3 2023-01-01 NULL
    person O2V3C2 M 2012-05-01
    episode EO2V3C2A O2V3C2 PO2V3C2 2023-01-01 S 2024-10-01 X1; legal LO2V3C2A O2V3C2 V3 2023-01-01 2024-10-01
    episode EO2V3C2B O2V3C2 PO2V3C2 2024-10-01 L NULL NULL; legal LO2V3C2B O2V3C2 C2 2024-10-01 NULL
    # A V3 status that ended before this period of care does not count.
    person O2OLDV3 M 2012-05-01; legal LO2OLDV3A O2OLDV3 V3 2021-01-01 2022-01-01
    episode EO2OLDV3 O2OLDV3 PO2OLDV3 2023-01-01 S NULL NULL; legal LO2OLDV3B O2OLDV3 C2 2023-01-01 NULL
    # Ceased on 31 March: still looked after for the whole year.
    person O2DEC31 M 2012-05-01; episode EO2DEC31 O2DEC31 PO2DEC31 2023-01-01 S 2025-03-31 E4A
    legal LO2DEC31 O2DEC31 C2 2023-01-01 NULL
    # Under 10 on 31 March: no conviction item.
    person O2YOUNG F 2016-01-01; episode EO2YOUNG O2YOUNG PO2YOUNG 2023-01-01 S NULL NULL
    legal LO2YOUNG O2YOUNG C2 2023-01-01 NULL
    # Substance misuse: an intervention received (offered not asked), or only offered.
    substance O2IN 2024-06-01 Y Y
    substance O2OLDV3 2024-06-01 N Y
    # Home addresses: a short break and other care.
    home O2IN YY11AB 2020-01-01
    home O2V3 YY11AC 2020-01-01
    # UASC: a child looked after in the year (and O3LEFT below, a care leaver who was not).
    uasc O2IN 2024-01-01 NULL
    # Social workers: looked after on 31 March (in), left care in the year or
    # on 31 March (out), short breaks only (out).
    worker SWA O2IN 2024-01-01 2024-09-01 FCONTA
    worker SWB O2IN 2024-09-01 NULL LEFTRL
    worker SWC O2DEC31 2023-01-01 NULL FCONTA
    worker SWD O2V3 2023-01-01 NULL FCONTA

    # --- OC3: 18th birthday 15 January 2025 ---
    person O3DECBD F 2007-01-15; episode EO3DECBD O3DECBD PO3DECBD 2020-01-01 S 2025-01-15 E8; legal LO3DECBD O3DECBD C2 2020-01-01 NULL
    leaver CLO3DECBD O3DECBD 2025-01-15
    person O3DECBD1 F 2007-01-15; episode EO3DECBD1 O3DECBD1 PO3DECBD1 2020-01-01 S 2025-01-16 E8; legal LO3DECBD1 O3DECBD1 C2 2020-01-01 NULL
    leaver CLO3DECBD1 O3DECBD1 2025-01-15
    person O3OPEN F 2007-01-15; episode EO3OPEN O3OPEN PO3OPEN 2020-01-01 S NULL NULL; legal LO3OPEN O3OPEN C2 2020-01-01 NULL
    leaver CLO3OPEN O3OPEN 2025-01-15
    person O3LEFT F 2007-01-15; episode EO3LEFT O3LEFT PO3LEFT 2020-01-01 S 2023-06-01 E8; legal LO3LEFT O3LEFT C2 2020-01-01 NULL
    leaver CLO3LEFT O3LEFT 2025-01-15
    uasc O3LEFT 2022-01-01 2025-01-15

    # --- PrevPerm ---
    person PPSTART M 2015-01-01; episode EPPSTART PPSTART PPPSTART 2024-04-01 S NULL NULL; legal LPPSTART PPSTART C2 2024-04-01 NULL
    prevperm PPSTART
    person PPLAST M 2015-01-01; episode EPPLAST PPLAST PPPLAST 2025-03-31 S NULL NULL; legal LPPLAST PPLAST C2 2025-03-31 NULL
    prevperm PPLAST
    person PPBEFORE M 2015-01-01; episode EPPBEFORE PPBEFORE PPPBEFORE 2024-03-31 S NULL NULL; legal LPPBEFORE PPBEFORE C2 2024-03-31 NULL
    prevperm PPBEFORE
    person PPMOVE M 2015-01-01; legal LPPMOVE PPMOVE C2 2023-05-01 NULL
    episode EPPMOVEA PPMOVE PPPMOVE 2023-05-01 S 2024-06-01 X1; episode EPPMOVEB PPMOVE PPPMOVE 2024-06-01 P NULL NULL
    prevperm PPMOVE

    # --- MOTHER ---
    person MOPEN F 2008-01-01; episode EMOPEN MOPEN PMOPEN 2023-01-01 S NULL NULL; legal LMOPEN MOPEN C2 2023-01-01 NULL
    mother MOPEN BMOPEN 2025-03-31
    person MV3 F 2008-01-01; episode EMV3 MV3 PMV3 2023-01-01 S NULL NULL; legal LMV3 MV3 V3 2023-01-01 NULL
    mother MV3 BMV3 2024-05-01
    person MV3C2 F 2008-01-01; legal LMV3C2A MV3C2 V3 2023-01-01 2024-10-01; legal LMV3C2B MV3C2 C2 2024-10-01 NULL
    episode EMV3C2A MV3C2 PMV3C2 2023-01-01 S 2024-10-01 X1; episode EMV3C2B MV3C2 PMV3C2 2024-10-01 L NULL NULL
    mother MV3C2 BMV3C2 2024-05-01
    person MDEC F 2008-01-01; episode EMDEC MDEC PMDEC 2023-01-01 S 2024-09-30 E4A; legal LMDEC MDEC C2 2023-01-01 NULL
    mother MDEC BMDEC 2024-09-30
    worker SWE MDEC 2023-01-01 2024-10-15 FCONTA
    person MAFTER F 2008-01-01; episode EMAFTER MAFTER PMAFTER 2023-01-01 S 2024-09-30 E4A; legal LMAFTER MAFTER C2 2023-01-01 NULL
    mother MAFTER BMAFTER 2024-10-01
} | psql -X -q -v ON_ERROR_STOP=1 >/dev/null

expect_status_le1() { set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local s=$?; set -e; [ $s -le 1 ] || { cat "$WORK/err" >&2; fail "exit $s from $*"; }; }
expect_status_le1 "$SR" build 903 --year 2025 --la 201 --output-dir "$WORK" --format csv
dir="$WORK/cla_2025_201_csv"

# ids TABLE: the CHILD ids in that CSV, space separated, sorted.
ids() { tail -n +2 "$dir/cla_2025_201_$1.csv" | cut -d, -f1 | sort | tr '\n' ' '; }
# is_in TABLE ID / not_in TABLE ID
is_in() { case " $(ids "$1")" in *" $2 "*) ;; *) fail "$2 should be in $1 (holds: $(ids "$1"))" ;; esac; }
not_in() { case " $(ids "$1")" in *" $2 "*) fail "$2 should not be in $1" ;; esac; }
# header_cells ID: MOTHER,MC_DOB of the child's Header row
header_cells() { grep "^$1," "$dir/cla_2025_201_Header.csv" | tr -d '\r' | cut -d, -f6,7; }

# Everyone but the babies is in Header (looked after in the year, or an OC3 leaver).
for c in O2IN O2LATE O2V3 O2V3C2 O2OLDV3 O2DEC31 O2YOUNG O3DECBD O3DECBD1 O3OPEN O3LEFT PPSTART PPLAST PPBEFORE PPMOVE \
         MOPEN MV3 MV3C2 MDEC MAFTER; do
    is_in Header "$c"
done
for c in BMOPEN BMV3 BMV3C2 BMDEC BMAFTER; do not_in Header "$c"; done

# OC2
is_in OC2 O2IN
not_in OC2 O2LATE
not_in OC2 O2V3
not_in OC2 O2V3C2
is_in OC2 O2OLDV3
is_in OC2 O2DEC31
is_in OC2 O2YOUNG

# OC3
is_in OC3 O3DECBD
not_in OC3 O3DECBD1
not_in OC3 O3OPEN
is_in OC3 O3LEFT

# PrevPerm
is_in PrevPerm PPSTART
is_in PrevPerm PPLAST
not_in PrevPerm PPBEFORE
not_in PrevPerm PPMOVE

# MOTHER, MC_DOB
[ "$(header_cells MOPEN)" = "1,31/03/2025" ] || fail "MOPEN: baby born 31 March, still looked after: $(header_cells MOPEN)"
[ "$(header_cells MV3)" = "," ] || fail "MV3: V3-only, MOTHER should be blank: $(header_cells MV3)"
[ "$(header_cells MV3C2)" = "1,01/05/2024" ] || fail "MV3C2: not V3-only: $(header_cells MV3C2)"
[ "$(header_cells MDEC)" = "1,30/09/2024" ] || fail "MDEC: baby born on the last DEC: $(header_cells MDEC)"
[ "$(header_cells MAFTER)" = "0," ] || fail "MAFTER: baby born after the last DEC: $(header_cells MAFTER)"
[ "$(header_cells O3LEFT)" = "," ] || fail "O3LEFT: no episode in the year, MOTHER should be blank: $(header_cells O3LEFT)"

# UASC
is_in UASC O2IN
not_in UASC O3LEFT

# SWEpisodes
[ "$(ids SWEpisodes)" = "O2IN O2IN " ] || fail "SWEpisodes should hold O2IN's two episodes only: $(ids SWEpisodes)"
grep -q $'^O2IN,01/05/2012,SW9SWB,01/09/2024,,LEFTRL\r$' "$dir/cla_2025_201_SWEpisodes.csv" \
    || fail "the open social worker episode should have its SW_REASON"

# cells: row_cells TABLE ID FIELDS: those comma-separated fields of the child's first row
row_cells() { grep "^$2," "$dir/cla_2025_201_$1.csv" | head -1 | tr -d '\r' | cut -d, -f"$3"; }
[ "$(row_cells Episodes O2V3 11-13)" = ",," ] || fail "O2V3: short break with HOME_POST, PL_POST or URN: $(row_cells Episodes O2V3 11-13)"
[ "$(row_cells Episodes O2IN 11-13)" = "YY1 1AB,YY1 1AA,SC999999" ] || fail "O2IN: postcodes and URN: $(row_cells Episodes O2IN 11-13)"
[ "$(row_cells OC2 O2IN 5)" = 0 ] || fail "O2IN: CONVICTED at 12: $(row_cells OC2 O2IN 5)"
[ "$(row_cells OC2 O2YOUNG 5)" = "" ] || fail "O2YOUNG: CONVICTED under 10: $(row_cells OC2 O2YOUNG 5)"
[ "$(row_cells OC2 O2IN 10-12)" = "1,1," ] || fail "O2IN: intervention received, offered blank: $(row_cells OC2 O2IN 10-12)"
[ "$(row_cells OC2 O2OLDV3 10-12)" = "1,0,1" ] || fail "O2OLDV3: intervention offered only: $(row_cells OC2 O2OLDV3 10-12)"

pass
