#!/usr/bin/env bash
# validate on CSC API payload files: a payload that build csc-api wrote (JSON
# Lines, one batch per line) and the same records as one JSON array file are
# valid; records with schema failures are named by child and JSON path in
# every report format, never with their value, and a batch over maxItems is
# named as a batch (exit 1); hostile files (not JSON, truncated, nested too
# deep, a huge string, a NUL byte, invalid UTF-8, UTF-16) get a diagnosis
# naming the file and line, and exit 7, without hanging or crashing.
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || fail "python3 is needed to make the test files"
new_db
load_synth 150 5 2025
OUT="$WORK/files"
mkdir -p "$OUT" "$WORK/state"
expect_status 0 "$SR" build csc-api --la 201 --run-date 2025-03-31 --output-dir "$OUT" --state-dir "$WORK/state"
PAYLOAD="$OUT/csc_api_2025-03-31_201.jsonl"
cohort=$(grep -o '"children_in_cohort": [0-9]*' "$OUT/csc_api_2025-03-31_201_manifest.json" | grep -o '[0-9]*$')
[ "$cohort" -gt 100 ] || fail "the payload should have more than one batch (cohort $cohort)"

# --- good: the built payload, and its records as one JSON array -----------------------
expect_status 0 "$SR" validate "$PAYLOAD"
assert_contains "$WORK/out" "CSC API payload file: .*csc_api_2025-03-31_201.jsonl"
assert_contains "$WORK/out" "children: +$cohort\$"
assert_contains "$WORK/out" "No findings"
python3 - "$PAYLOAD" "$WORK" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()
recs = [r for l in lines for r in json.loads(l)]
w = sys.argv[2]
# one batch of 100, pretty-printed: one document, not JSON Lines
json.dump(recs[:100], open(w + '/one.json', 'w'), indent=2)
# every record in one array: more than maxItems
json.dump(recs, open(w + '/all.json', 'w'))
# schema failures, each in a record of its own, the values recognisable
bad = [dict(r) for r in recs[:5]]
bad[0]['child_details'] = dict(bad[0].get('child_details', {}), unique_pupil_number='SECRETUPN99')
bad[1]['child_details'] = dict(bad[1].get('child_details', {}), date_of_birth='2015-02-30')
bad[2]['favourite_colour'] = 'SECRETCOLOUR'
bad[3]['la_child_id'] = 'SECRET-ID_TOO-LONG-FOR-DFE'
bad[4]['purge'] = 'SECRETYES'
with open(w + '/bad.jsonl', 'w') as f:
    f.write(json.dumps(bad[:2], separators=(',', ':')) + '\n' + json.dumps(bad[2:], separators=(',', ':')) + '\n')
open(w + '/ids', 'w').write('\n'.join(r['la_child_id'] for r in recs[:5]) + '\n')
# hostile files
first = lines[0]
open(w + '/notjson.jsonl', 'w').write(first + '\n' + first.replace('"la_child_id":"', '"la_child_id":', 1) + '\n')
open(w + '/truncated.jsonl', 'w').write(first + '\n' + lines[1][: len(lines[1]) // 2])
open(w + '/deep.json', 'w').write('[' * 200000 + ']' * 200000)
open(w + '/huge.json', 'w').write('[{"la_child_id":"C1","child_details":{"postcode":"' + 'SECRETPC' * 3000000 + '"}}]')
open(w + '/nul.json', 'wb').write(b'[{"la_child_id":"C1",\n"child_details":{"surname":"SECRET\x00NUL"}}]')
open(w + '/badutf8.json', 'wb').write(b'[{"la_child_id":"C1",\n\n"child_details":{"surname":"SECRET\xc0\xafX"}}]')
open(w + '/utf16.json', 'wb').write(json.dumps(recs[:3]).encode('utf-16'))
open(w + '/object.json', 'w').write(json.dumps(recs[0]))
PY
expect_status 0 "$SR" validate "$WORK/one.json"
assert_contains "$WORK/out" "children: +100\$"

# --- a batch over maxItems: named as the batch -----------------------------------------
expect_status 1 "$SR" validate "$WORK/all.json" --format csv
assert_contains "$WORK/out" ',CSC-SCHEMA,error,,,,,has more than 100 items \(maxItems\),1,\(the body\)'
[ "$(grep -c CSC-SCHEMA "$WORK/out")" = 1 ] || fail "a batch over maxItems should give one finding"
expect_status 1 "$SR" validate "$WORK/object.json"
assert_contains "$WORK/out" '\(the body\) +line 1'
assert_contains "$WORK/out" 'must be of type array'

# --- schema failures by child and path, never the value, in every format --------------
ids=($(cat "$WORK/ids"))
for fmt in text csv json html; do
    expect_status 1 "$SR" validate "$WORK/bad.jsonl" --format $fmt --output "$WORK/rep.$fmt"
    for path in '\[0\]\.child_details\.unique_pupil_number' '\[1\]\.child_details\.date_of_birth' \
                '\[0\]\.favourite_colour' '\[1\]\.la_child_id' '\[2\]\.purge'; do
        assert_contains "$WORK/rep.$fmt" "$path"
    done
    for c in "${ids[0]}" "${ids[1]}" "${ids[2]}" "${ids[4]}"; do assert_contains "$WORK/rep.$fmt" "$c"; done
    assert_not_contains "$WORK/rep.$fmt" 'SECRET'
done
assert_contains "$WORK/rep.csv" ",CSC-SCHEMA,error,,,${ids[0]},,is shorter than 13 characters \(minLength\),1,\[0\]\.child_details\.unique_pupil_number"
assert_contains "$WORK/rep.csv" ",CSC-SCHEMA,error,,,${ids[2]},,is not a property the schema allows \(additionalProperties: false\),2,\[0\]\.favourite_colour"
# the record whose id is the problem is named by its place alone
assert_contains "$WORK/rep.csv" ',CSC-SCHEMA,error,,,,,does not match the pattern .*,2,\[1\]\.la_child_id'
assert_contains "$WORK/rep.json" '"errors":6'
expect_status 1 "$SR" validate "$WORK/bad.jsonl" --show-values
assert_not_contains "$WORK/out" 'SECRET'

# --- hostile files: a diagnosis by file and line, exit 7 --------------------------------
hostile() {   # hostile FILE MESSAGE
    expect_status 7 "$SR" validate "$WORK/$1"
    assert_contains "$WORK/err" "$1: not a CSC API payload: $2"
    assert_not_contains "$WORK/err" 'SECRET'
    assert_not_contains "$WORK/out" 'SECRET'
}
hostile notjson.jsonl 'line 2: not a JSON value'
hostile truncated.jsonl 'line 2: (unterminated string|unexpected end of the text)'
hostile deep.json 'line 1: nested deeper than 64 levels'
hostile nul.json 'line 2: holds a NUL byte'
hostile badutf8.json 'line 3: a string is not valid UTF-8'
hostile utf16.json 'it is UTF-16; the CSC API takes UTF-8 only'
# the batches before a broken line are still checked and counted
expect_status 7 "$SR" validate "$WORK/truncated.jsonl"
assert_contains "$WORK/out" "children: +100\$"
# a 24 MB string is a length failure at its path, its value nowhere
expect_status 1 "$SR" validate "$WORK/huge.json" --format csv
assert_contains "$WORK/out" ',CSC-SCHEMA,error,,,C1,,is longer than 8 characters \(maxLength\),1,\[0\]\.child_details\.postcode'
assert_not_contains "$WORK/out" 'SECRET'
# a good and a bad file together: the worst status, both reported
expect_status 7 "$SR" validate "$PAYLOAD" "$WORK/truncated.jsonl"
pass
