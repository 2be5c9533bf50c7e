#!/usr/bin/env bash
# statreturn validate on an SSDA903 CSV set with the optional inputs some DfE
# rules need: --previous (last year's return), --providers, --postcodes and
# --la.  Without them those rules are listed as not run, never as failing;
# with them they run; an unreadable input stops with exit 7 and its name.
# No database is needed; the set is written here (synthetic, invented
# postcode area ZY).
. "$(dirname "$0")/lib.sh"

this="$WORK/2026"
last="$WORK/2025"
mkdir -p "$this" "$last"
H='CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB'
E='CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN'
printf '%s\n%s\n' "$H" "C001,M,14/05/2012,WBRI,UN2,," >"$this/header.csv"
printf '%s\n%s\n' "$E" "C001,01/04/2024,P,C2,N1,U1,PR1,,,,ZY1 1AB,ZY2 2AB,SC000001" >"$this/episodes.csv"
# last year: the same child, born on another day (DfE 203), and an open
# episode that started on another day (DfE 502)
printf '%s\n%s\n' "$H" "C001,M,15/05/2012,WBRI,UN2,," >"$last/header.csv"
printf '%s\n%s\n' "$E" "C001,02/04/2024,S,C2,N1,U1,PR1,,,,ZY1 1AB,ZY2 2AB,SC000001" >"$last/episodes.csv"

# --- without the inputs: the rules that need them are listed as not run -------------
set +e
"$SR" validate --year 2026 "$this" -q --format json --output "$WORK/a.json" 2>"$WORK/a.err"
set -e
assert_contains "$WORK/a.json" '"not_run":\[{"rule":"'
assert_contains "$WORK/a.json" '\{"rule":"203","why":"not run: needs --previous \(last year'
assert_contains "$WORK/a.json" '\{"rule":"1008","why":"not run: needs --providers'
assert_contains "$WORK/a.json" '\{"rule":"164","why":"not run: needs --postcodes'
assert_not_contains "$WORK/a.json" '"rule":"203","type"'
# no SWEpisodes file: the social worker rules are not run, for that reason
assert_contains "$WORK/a.json" '\{"rule":"SW12STG2","why":"not run: the return has no SWEpisodes table'
"$SR" validate --year 2026 "$this" >"$WORK/a.txt" 2>"$WORK/a.err" || true
assert_contains "$WORK/a.err" 'rules not run for want of --previous, --providers, --postcodes or --la'
assert_contains "$WORK/a.err" 'rules not run: the return has no SWEpisodes table .*: SW02STG1 '
assert_not_contains "$WORK/a.err" 'SW01[ab]STG1'     # deleted from the 2025-26 rules
[ "$(grep -c 'rules not run' "$WORK/a.err")" = 2 ] || fail "the terminal notice is not one line per reason"
assert_contains "$WORK/a.txt" 'rules not run: needs --previous'
assert_contains "$WORK/a.txt" 'rules not run: the return has no SWEpisodes table'
# the year worked out from the data (no --year): still listed once each
set +e
"$SR" validate "$this" -q --format json --output "$WORK/a2.json" 2>/dev/null
set -e
[ "$(grep -o '{"rule":"203","why"' "$WORK/a2.json" | wc -l)" = 1 ] || fail "203 listed as not run more than once"
# ... and the report says how the year was found, not only stderr
assert_contains "$WORK/a2.json" '"year":2025,.*"year_note":"inferred from the latest event date in the data'

# --- with last year's return: the year-on-year rules run and find both defects ---------
set +e
"$SR" validate --year 2026 --previous "$last" "$this" -q --format csv --output "$WORK/b.csv"
set -e
assert_contains "$WORK/b.csv" ',203,error,'
assert_contains "$WORK/b.csv" ',502,error,'
"$SR" validate --year 2026 --previous "$last" "$this" -q --format json --output "$WORK/b.json" || true
assert_not_contains "$WORK/b.json" '"rule":"203","why"'

# --- providers and postcodes ----------------------------------------------------------
printf 'URN,POSTCODE,PROVIDER_TYPE,PLACES,PLACE_PROVIDER,LA,REG_END\nSC000009,ZY9 9ZZ,Children'"'"'s home,K2,PR4,E09000001,\n' \
    >"$WORK/providers.csv"
printf 'pcds,oseast1m,osnrth1m,oslaua\nZY1 1AB,530000,180000,E09000001\nZY2 2AB,531000,181000,E09000001\n' \
    >"$WORK/onspd.csv"
set +e
"$SR" validate --year 2026 --providers "$WORK/providers.csv" --postcodes "$WORK/onspd.csv" --la E09000001 \
    "$this" -q --format csv --output "$WORK/c.csv"
set -e
assert_contains "$WORK/c.csv" ',1008,error,'     # SC000001 is not in the provider list
assert_not_contains "$WORK/c.csv" ',392c,'        # both postcodes are in the directory
# 392c: without the directory a format check, said so; with it, an unknown postcode fails
assert_contains "$WORK/a.txt" 'rules run in part: postcodes checked for their format only'
printf 'pcds,oseast1m,osnrth1m,oslaua
ZY1 1AB,530000,180000,E09000001
' >"$WORK/onspd1.csv"
set +e
"$SR" validate --year 2026 --postcodes "$WORK/onspd1.csv" "$this" -q --format csv --output "$WORK/d.csv"
set -e
assert_contains "$WORK/d.csv" ',392c,error,Episodes,1,C001,PL_POST,'

# --- unreadable inputs: exit 7, the option and file named ------------------------------
expect_status 7 "$SR" validate --year 2026 --providers "$WORK/none.csv" "$this" -q
printf 'a,b\n1,2\n' >"$WORK/notonspd.csv"
expect_status 7 "$SR" validate --year 2026 --postcodes "$WORK/notonspd.csv" "$this" -q
set +e
"$SR" validate --year 2026 --postcodes "$WORK/notonspd.csv" "$this" -q 2>"$WORK/e.err"
set -e
assert_contains "$WORK/e.err" 'postcodes.*notonspd.csv'
expect_status 7 "$SR" validate --year 2026 --previous "$WORK/nothing-here" "$this" -q

# --- from pipes (issue 19, findings 9 and 10) ------------------------------------------
# a 903 CSV set read from pipes is a 903 CSV set, not a CIN file: the same
# findings as from the files
set +e
"$SR" validate --year 2026 "$this/header.csv" "$this/episodes.csv" --format csv -q --output "$WORK/files.csv"
"$SR" validate --year 2026 <(cat "$this/header.csv") <(cat "$this/episodes.csv") --format csv -q --output "$WORK/pipes.csv"
set -e
sed -e 's/^"[^"]*",//' -e t -e 's/^[^,]*,//' "$WORK/files.csv" >"$WORK/files.cut"
sed -e 's/^"[^"]*",//' -e t -e 's/^[^,]*,//' "$WORK/pipes.csv" >"$WORK/pipes.cut"
cmp -s "$WORK/files.cut" "$WORK/pipes.cut" || fail "a 903 CSV set from pipes is not validated as one: $(head -3 "$WORK/pipes.csv")"
assert_not_contains "$WORK/pipes.csv" 'CIN census'
expect_status 7 "$SR" validate /dev/zero
assert_contains "$WORK/err" "'/dev/zero' holds NUL bytes: it is not a text file"
# messages that name what is wrong (finding 10): a 903 file with a DOCTYPE
# is refused as a 903 file; deep nesting with no Header is not "no Year"
printf '<?xml version="1.0"?>\n<!DOCTYPE EXPSSDA903>\n<EXPSSDA903></EXPSSDA903>\n' >"$WORK/doctype.xml"
expect_status 7 "$SR" validate "$WORK/doctype.xml"
assert_contains "$WORK/err" 'line 2: the file has a DOCTYPE declaration; SSDA903 files have none'
awk 'BEGIN { printf "<Message>"; for (i = 0; i < 100000; i++) printf "<a>"; for (i = 0; i < 100000; i++) printf "</a>"; print "</Message>" }' >"$WORK/deep.xml"
expect_status 7 "$SR" validate "$WORK/deep.xml"
assert_contains "$WORK/err" 'no CIN Header where the census has it'
expect_status 7 "$SR" validate --year 2025 "$WORK/deep.xml"
assert_contains "$WORK/err" 'nested more than 32 deep'
pass
