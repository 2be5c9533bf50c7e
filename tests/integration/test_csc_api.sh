#!/usr/bin/env bash
# build csc-api and send csc-api against a real PostgreSQL and a loopback
# HTTPS server of our own (csc_api_server.py, DfE's documented behaviour):
# the first run sends everyone; a second with no change sends nothing; a
# changed, a new and a removed child give exactly an update, an insert and
# a purge (a renumbered plan id alone is no change); a server that fails
# mid-run loses nothing and the next send completes; 429 with Retry-After
# and a 401 (new token) are retried; one send keeps one connection for its
# token and all its batches; a 400 naming an index refuses that
# child only (exit 12); --dry-run posts nothing; a schema failure is named
# by child and JSON path and kept out (exit 9); secrets readable by others
# and plain http are refused; a replica that lacks tables or columns, or has
# one of the wrong type, is named in full before anything is read (exit 5),
# and a column only a dropped field needs is not asked for.  TLS is verified
# throughout; a token is renewed before it expires (expires_in); report
# --run-date counts the build's cohort, and its HTML page (online and
# offline) is one self-contained page with the plain words first, every
# field, the cohort's counts and no personal value of the replica.  The
# test makes its own CA-less self-signed certificate and passes it with
# --ca-file.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || fail "python3 is needed for the loopback CSC API server"
command -v openssl >/dev/null || fail "openssl is needed to make the test certificate"
q() { psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }

# --- the loopback server -----------------------------------------------------------
start_csc_api_server

OUT="$WORK/files"; STATE="$WORK/state"
mkdir -p "$OUT" "$STATE"
RUN=2025-03-31
build() {   # build WANT [options]: a fresh output folder each time
    local want=$1; shift
    rm -rf "$OUT"; mkdir -p "$OUT"
    expect_status "$want" "$SR" build csc-api --la 201 --run-date $RUN --output-dir "$OUT" --state-dir "$STATE" "$@"
}
PAYLOAD="$OUT/csc_api_${RUN}_201.jsonl"
send() {    # send WANT [options]
    local want=$1; shift
    expect_status "$want" "$SR" send csc-api --la 201 --payload "$PAYLOAD" --state-dir "$STATE" --api-url "$URL" \
        --token-url "$URL/token" --client-id cid --scope api://csc/.default --client-secret-file "$WORK/secret" \
        --supplier-key-file "$WORK/skey" --ca-file "$WORK/cert.pem" --backoff-ms 50 "$@"
}
received() { wc -l <"$WORK/received.jsonl"; }
count() { grep -o "\"$1\": [0-9]*" "$OUT/csc_api_${RUN}_201_manifest.json" | grep -o '[0-9]*$'; }

new_db
load_synth 250 3 2025

# --- first run: everyone ----------------------------------------------------------------
build 0
cohort=$(count children_in_cohort)
[ "$cohort" -gt 150 ] || fail "cohort too small for a meaningful test ($cohort)"
[ "$(count inserts)" = "$cohort" ] || fail "first build does not send every child"
[ "$(count batches)" = $(( (cohort + 99) / 100 )) ] || fail "batches are not of 100"
python3 - "$PAYLOAD" <<'PY' || fail "payload lines are not JSON arrays of at most 100"
import json, sys
raw = open(sys.argv[1], 'rb').read()
assert not raw.startswith(b'\xef\xbb\xbf')
for line in raw.decode('utf-8').splitlines():
    b = json.loads(line); assert isinstance(b, list) and 0 < len(b) <= 100
PY
[ "$(stat -c %a "$PAYLOAD")" = 600 ] || fail "payload is not mode 0600"
cp "$PAYLOAD" "$WORK/first.jsonl"
# repeatable: the same snapshot and store give the same batches
build 0
cmp -s "$PAYLOAD" "$WORK/first.jsonl" || fail "a second build of the same snapshot differs"
send 0 --dry-run
[ "$(received)" = 0 ] || fail "--dry-run posted"
send 0
[ "$(received)" = "$cohort" ] || fail "first send: $(received) records received, $cohort expected"
# the token and every batch over one connection (kept alive)
[ "$(cat "$WORK/received.jsonl.connections")" = 1 ] \
    || fail "the first send used $(cat "$WORK/received.jsonl.connections") connections, not one"
assert_contains "$OUT/csc_api_${RUN}_201_receipts.tsv" $'\taccepted\t200\t2025-03-31_'
[ "$(stat -c %a "$STATE/csc_api_state_201.tsv")" = 600 ] || fail "state is not mode 0600"
[ ! -e "$STATE/csc_api_state_201.journal" ] || fail "journal left after a complete send"

# --- second run, nothing changed: nothing sent ------------------------------------------
build 0
[ "$(count records)" = 0 ] || fail "unchanged data gives $(count records) records"
[ ! -s "$PAYLOAD" ] || fail "unchanged data gives a non-empty payload"
send 0
[ "$(received)" = "$cohort" ] || fail "a send with nothing to send posted"

# --- a changed, a new and a removed child, and a renumbered plan id --------------------
changed=$(head -1 "$WORK/first.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())[0]["la_child_id"])')
removed=$(head -1 "$WORK/first.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())[1]["la_child_id"])')
q "UPDATE ssd_person SET pers_forename = 'Changedname' WHERE pers_person_id = '$changed'"
q "UPDATE ssd_person SET pers_dob = '1980-01-01' WHERE pers_person_id = '$removed'"
q "INSERT INTO ssd_person (pers_person_id, pers_forename, pers_surname, pers_sex, pers_dob) VALUES ('C9999999', 'Newone', 'Child', 'F', '2016-05-05')"
q "INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date) VALUES ('R9999999', 'C9999999', '2025-02-01')"
churn=$(q "SELECT p.cinp_person_id FROM ssd_cin_plans p WHERE p.cinp_person_id NOT IN ('$changed', '$removed') AND p.cinp_cin_plan_end_date IS NULL LIMIT 1")
[ -n "$churn" ] || fail "no CIN plan to renumber"
q "UPDATE ssd_cin_plans SET cinp_cin_plan_id = cinp_cin_plan_id || 'X' WHERE cinp_person_id = '$churn'"
build 0
[ "$(count inserts)/$(count updates)/$(count purges)/$(count records)" = "1/1/1/3" ] \
    || fail "expected one insert, one update, one purge; got $(count inserts)/$(count updates)/$(count purges)/$(count records)"
assert_contains "$OUT/csc_api_${RUN}_201_plan.tsv" $'\tC9999999\tinsert\t'
assert_contains "$OUT/csc_api_${RUN}_201_plan.tsv" $'\t'"$changed"$'\tupdate\t'
assert_contains "$OUT/csc_api_${RUN}_201_plan.tsv" $'\t'"$removed"$'\tpurge\t'
assert_contains "$PAYLOAD" "\\{\"la_child_id\":\"$removed\",\"purge\":true\\}"
send 0
tail -3 "$WORK/received.jsonl" | grep -q "\"id\": \"$removed\", \"purge\": true" || fail "purge not received"
[ "$(received)" = $((cohort + 3)) ] || fail "the change run sent more than three records"
build 0
[ "$(count records)" = 0 ] || fail "after the change run, a build still finds changes"

# --- a server that fails mid-run: nothing lost, the next send completes ---------------
echo '{"fail_after": 1}' >"$WORK/control.json"
: >"$WORK/received.jsonl"
build 0 --full
full=$(count records)
send 11 --attempts 2
assert_contains "$WORK/err" 'not acknowledged after 2 attempts'
[ "$(received)" = 100 ] || fail "the failing server took $(received) records, not one batch"
echo '{"once_429": true, "once_401": true, "receipt": "uuid"}' >"$WORK/control.json"
send 0
[ "$(received)" = "$full" ] || fail "after the failure, the rerun did not complete: $(received) of $full"
[ "$(sort -u "$WORK/received.jsonl" | wc -l)" = "$full" ] || fail "a record was posted twice after acknowledgement"
[ "$(cat "$WORK/received.jsonl.tokens")" -ge 2 ] || fail "no new token after the 401"
grep -q 'HTTP 429' "$WORK/err" || fail "the 429 was not retried"

# --- a token that expires: a new one before it does, not after a 401 ----------------
# a token lives 1 s and each batch takes 1.1 s: without a new token before
# the second batch, that batch would arrive with an expired one
echo '{"expires_in": 1, "delay_ms": 1100}' >"$WORK/control.json"
: >"$WORK/received.jsonl"
tokens_before=$(cat "$WORK/received.jsonl.tokens")
rm -f "$OUT/csc_api_${RUN}_201_receipts.tsv"
send 0
[ "$(received)" = "$full" ] || fail "the send with an expiring token did not complete"
[ "$(cat "$WORK/received.jsonl.tokens")" -ge $((tokens_before + 2)) ] || fail "no new token before the old one expired"
[ ! -e "$WORK/received.jsonl.expired" ] || fail "a batch went out with an expired token (the server said 401)"

# --- a 400 naming an index: that child is refused, the rest acknowledged --------------
q "UPDATE ssd_person SET pers_surname = pers_surname || 'x' WHERE pers_person_id IN ('$changed', 'C9999999')"
echo '{"reject": ["C9999999"]}' >"$WORK/control.json"
: >"$WORK/received.jsonl"
build 0
send 12
assert_contains "$WORK/err" 'refused the record of child C9999999'
[ "$(received)" = 1 ] && grep -q "\"id\": \"$changed\"" "$WORK/received.jsonl" || fail "the valid record was not resent alone"
echo '{}' >"$WORK/control.json"
build 0
[ "$(count updates)" = 1 ] || fail "a refused child is not sent again by the next build"

# --- a record that fails DfE's schema: named by child and path, kept out ---------------
q "INSERT INTO ssd_linked_identifiers VALUES ('LBAD', '$changed', 'Unique Pupil Number', 'SHORT', '2030-01-01', NULL)"
build 9
rep="$OUT/csc_api_${RUN}_201_validation.csv"
assert_contains "$rep" "CSC-SCHEMA,error,.*,$changed,.*child_details.unique_pupil_number"
assert_not_contains "$rep" 'SHORT'
assert_not_contains "$PAYLOAD" "\"$changed\""
[ "$(count failed_schema)" = 1 ] || fail "the manifest does not count the record kept out"

# --- the DPO report: plain words, counts, no personal value ---------------------------
expect_status 0 "$SR" report csc-api --la 201 --format json
assert_contains "$WORK/out" 'names, dates of birth, home and placement postcodes, unique pupil numbers'
assert_contains "$WORK/out" '"children": "[0-9]+"'
assert_not_contains "$WORK/out" "$changed"
# on the build's run date, the build's cohort
expect_status 0 "$SR" report csc-api --la 201 --format json --run-date $RUN
assert_contains "$WORK/out" '"window_start": "2022-04-01"'
assert_contains "$WORK/out" "\"children\": \"$(count children_in_cohort)\""
cp "$WORK/out" "$WORK/dpo.json"
expect_status 2 "$SR" report csc-api --la 201 --run-date 2025-02-30
assert_contains "$WORK/err" "--run-date takes a date as YYYY-MM-DD, not '2025-02-30'"
expect_status 0 "$SR" report csc-api --offline
assert_contains "$WORK/out" 'child_details/first_name +IN CLEAR'

# --- the DPO's HTML page (the other returns' page), to standard output -----------------
expect_status 0 "$SR" report csc-api --la 201 --format html --run-date $RUN
h="$WORK/dpo.html"
cp "$WORK/out" "$h"
# one self-contained page: nothing fetched from anywhere
[ "$(grep -c '<html' "$h")" = 1 ] && [ "$(grep -c '</html>' "$h")" = 1 ] || fail "the report is not one HTML page"
assert_not_contains "$h" 'https?:|(src|href) *='
# the plain words first, in the warning box, then the run date
assert_contains "$h" '<p class="warning"><strong>This feed is identifiable by design\. Every day, .* the names, dates of birth, home and placement postcodes, unique pupil numbers \(UPNs\) and social workers&#39; registration numbers leave the council IN CLEAR to the Department for Education'
[ "$(grep -n 'class="warning"><strong>' "$h" | cut -d: -f1)" -lt "$(grep -n '<h2>Recipient: ' "$h" | cut -d: -f1)" ] \
    || fail "the plain words do not come before the fields"
assert_contains "$h" "Run date $RUN"
# recipient, purpose and lawful basis once, then each field with its treatment
assert_contains "$h" '<h2>Recipient: Department for Education \(children&#39;s social care data service\) \(policy csc-api-dfe, version '
[ "$(grep -c '<h3>Purpose: ' "$h")" = 1 ] || fail "the purpose is not given once"
assert_contains "$h" '<h3>Purpose: dfe-csc-api</h3>'
assert_contains "$h" '<strong>Lawful basis:</strong> UK GDPR Article 6\(1\)\(c\)'
assert_contains "$h" '<tr class="clear"><td>child_details/unique_pupil_number</td><td>ssd_linked_identifiers.link_identifier_value</td><td class="t">IN CLEAR</td>'
[ "$(grep -c '^<tr class=' "$h")" = "$(grep -c '^field ' "$ROOT/specs/csc-api/policy_dfe.conf")" ] \
    || fail "the page does not list every field of the policy"
# the cohort as the JSON report counts it, 1-9 as <10
assert_contains "$h" "Children in the feed: $(count children_in_cohort)\\. Cohort: window 2022-04-01 to $RUN"
for set in referral open_referral_no_assessment cin_plan looked_after care_leaver; do
    n=$(grep -oE "\"$set\": \"[^\"]*\"" "$WORK/dpo.json" | cut -d'"' -f4)
    [ -n "$n" ] || fail "no count for $set in the JSON report"
    assert_contains "$h" "[:,] $set $(printf %s "$n" | sed 's/</\&lt;/')[,.]"
done
grep 'By inclusion set' "$h" | grep -qE '[:,] [a-z_]+ [1-9][,.]' && fail "a count from 1 to 9 is shown as it is"
# no personal value of the replica: person ids, UPNs, dates of birth (as stored
# and as sent), postcodes with and without their space, workers' numbers
psql -X -Atc "SELECT pers_person_id FROM ssd_person
              UNION SELECT link_identifier_value FROM ssd_linked_identifiers
              UNION SELECT to_char(pers_dob, 'YYYY-MM-DD') FROM ssd_person WHERE pers_dob IS NOT NULL
              UNION SELECT to_char(pers_dob, 'DD/MM/YYYY') FROM ssd_person WHERE pers_dob IS NOT NULL
              UNION SELECT addr_address_postcode FROM ssd_address
              UNION SELECT clap_cla_placement_postcode FROM ssd_cla_placement
              UNION SELECT prof_social_worker_registration_no FROM ssd_professionals" | grep -v '^$' >"$WORK/pv.txt"
grep -E '^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$' "$WORK/pv.txt" | sed -E 's/(...)$/ \1/' >>"$WORK/pv.txt"
[ "$(grep -c '^[0-9]\{4\}-' "$WORK/pv.txt")" -gt 100 ] || fail "too few dates of birth to search for"
[ "$(grep -cE '^YY[0-9] [0-9]' "$WORK/pv.txt")" -gt 50 ] || fail "too few postcodes to search for"
grep -qxF "$changed" "$WORK/pv.txt" || fail "the person ids are not among the values searched for"
# (the snapshot time, the run date and the window start are the database's
# and the settings' dates, not a child's)
sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/@TIME@/g; s/Run date [0-9-]{10}/Run date @RUN@/;
        s/window [0-9-]{10} to [0-9-]{10}/window @WINDOW@/' "$h" >"$WORK/searched"
if grep -qwF -f "$WORK/pv.txt" "$WORK/searched"; then
    fail "the HTML report shows a personal value: $(grep -owF -f "$WORK/pv.txt" "$WORK/searched" | head -1 | cut -c1-3)..."
fi
# offline, to a file: no count, and it says so; the fields all the same
PGHOST=/nonexistent expect_status 0 "$SR" report csc-api --offline --format html --output "$WORK/offline.html"
h="$WORK/offline.html"
[ "$(stat -c %a "$h")" = 600 ] || fail "the HTML report is not mode 0600"
assert_contains "$h" 'Children in the feed: not counted \(offline: no replica was read\)\.'
assert_contains "$h" 'Policy and cohort settings only: no counts from the replica\.'
assert_not_contains "$h" 'By inclusion set|Replica snapshot|&lt;10'
assert_contains "$h" '<p class="warning"><strong>This feed is identifiable by design\.'
assert_contains "$h" '<tr class="clear"><td>child_details/unique_pupil_number</td><td>ssd_linked_identifiers.link_identifier_value</td><td class="t">IN CLEAR</td>'
assert_not_contains "$h" 'https?:|(src|href) *='

# --- refusals ------------------------------------------------------------------------------
chmod 644 "$WORK/secret"
send 3
assert_contains "$WORK/err" 'only its owner can read'
chmod 600 "$WORK/secret"
expect_status 2 "$SR" send csc-api --la 201 --payload "$PAYLOAD" --api-url "http://127.0.0.1:$PORT" \
    --token-url "$URL/token" --client-id cid --scope s --client-secret-file "$WORK/secret" --supplier-key-file "$WORK/skey"
# without our CA, the server's certificate is not trusted: nothing is marked sent
send 11 --ca-file /dev/null --attempts 1

# --- the replica contract, checked before anything is read -------------------------
new_db contract
q "ALTER TABLE ssd_person DROP COLUMN pers_forename"
q "DROP TABLE ssd_sdq_scores"
q "ALTER TABLE ssd_care_leavers ALTER COLUMN clea_care_leaver_latest_contact TYPE text"
q "ALTER TABLE ssd_cla_placement DROP COLUMN clap_cla_placement_postcode"
rm -rf "$OUT" "$WORK/cstate"; mkdir -p "$OUT" "$WORK/cstate"
expect_status 5 "$SR" build csc-api --la 201 --run-date $RUN --output-dir "$OUT" --state-dir "$WORK/cstate"
assert_contains "$WORK/err" 'the replica does not meet the contract \(4 problems'
assert_contains "$WORK/err" 'missing column ssd_person.pers_forename'
assert_contains "$WORK/err" 'missing table ssd_sdq_scores'
assert_contains "$WORK/err" 'column ssd_care_leavers.clea_care_leaver_latest_contact is text; it must be a date'
assert_contains "$WORK/err" 'missing column ssd_cla_placement.clap_cla_placement_postcode'
[ -z "$(ls "$OUT")" ] || fail "a build that fails the contract wrote $(ls "$OUT")"
expect_status 5 "$SR" report csc-api --la 201
assert_contains "$WORK/err" 'missing table ssd_sdq_scores'
# a field the policy drops is not read, so its column need not exist
sed -E 's#^(field child_details/first_name +ssd_person.pers_forename +)clear#\1drop #' \
    "$ROOT/specs/csc-api/policy_dfe.conf" >"$WORK/policy.conf"
grep -q 'first_name .* drop' "$WORK/policy.conf" || fail "the test policy does not drop first_name"
expect_status 5 "$SR" build csc-api --la 201 --run-date $RUN --output-dir "$OUT" --state-dir "$WORK/cstate" \
    --policy "$WORK/policy.conf"
assert_contains "$WORK/err" 'contract \(3 problems'
assert_not_contains "$WORK/err" 'pers_forename'
pass
