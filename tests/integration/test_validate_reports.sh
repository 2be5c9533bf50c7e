#!/usr/bin/env bash
# What the analyst reads (issue 15): the public SSDA903 sample CSV set
# (../shared) given as its twelve files names the right file on every row of
# the CSV report, never a joined list; the gnu format and the summaries.
# No database needed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

samples="${STATRETURN_SHARED:-$ROOT/../shared}/reference/samples/903_csv"
if [ ! -d "$samples" ]; then
    echo "SKIP $TEST_NAME: the public SSDA903 sample (../shared/reference/samples/903_csv) is absent"
    pass
    exit 0
fi
files=()
for f in "$samples"/*.csv; do
    case "$f" in *_errors.csv) ;; *) files+=("$f") ;; esac
done
[ "${#files[@]}" -eq 12 ] || fail "expected the twelve sample tables, found ${#files[@]}"

expect_status 1 "$SR" validate --year 2026 -q --format csv --output "$WORK/r.csv" --summary "$WORK" "${files[@]}"
size=$(stat -c %s "$WORK/r.csv")
echo "  CSV report of the 12-file set: $size bytes, $(($(wc -l <"$WORK/r.csv") - 1)) rows"
[ "$size" -lt 12000000 ] || fail "the report is $size bytes: a file column repeating every path?"
# Every row's file is one file of the set, and the file of its table.
tr -d '\r' <"$WORK/r.csv" | sed 1d | awk -F, -v dir="$samples/" '
    $3 == "note" { next }
    { f = $1; sub(".*/", "", f)
      if (index($1, ",") || $1 !~ "^" dir) { print "not one file: " $1; bad = 1; exit }
      if ($4 != "") { t = tolower($4); m[f "|" t]++ } }
    END { for (k in m) print k; exit bad }' >"$WORK/pairs" || fail "a row does not name one file: $(head -1 "$WORK/pairs")"
while IFS='|' read -r file table; do
    case "$table" in
    episodes|header|missing|oc2|oc3|ad1|reviews|uasc) want="$table.csv" ;;
    placedadoption) want=placed_for_adoption.csv ;;
    prevperm) want=previous_permanence.csv ;;
    swepisodes) want=sw_episodes.csv ;;
    dolo) want=DoLo.csv ;;
    *) fail "unexpected table $table" ;;
    esac
    [ "$file" = "$want" ] || fail "a $table finding names $file, not $want"
done <"$WORK/pairs"
[ "$(wc -l <"$WORK/pairs")" -ge 8 ] || fail "findings in too few tables: $(cat "$WORK/pairs")"
# The summaries: by rule (with its fields) and by child.
head -1 "$WORK/error_summary.csv" | grep -q 'file,rule,type,count,tables,fields,message' || fail "no error summary"
grep -q ',Episodes/' "$WORK/error_summary.csv" || fail "the error summary names no Episodes field"
[ "$(wc -l <"$WORK/child_summary.csv")" -gt 100 ] || fail "the child summary is short"
# The default (text) report: under 2 MB, every finding under the heading of
# its own file, as many findings as the CSV report has rows.
expect_status 1 "$SR" validate --year 2026 -q --output "$WORK/r.txt" "${files[@]}"
size=$(stat -c %s "$WORK/r.txt")
echo "  text report of the 12-file set: $size bytes"
[ "$size" -lt 2000000 ] || fail "the text report is $size bytes (2 MB at most)"
tr -d '\r' <"$WORK/r.csv" | sed 1d | awk -F, '$3 != "note" { print $1 }' | sort -u >"$WORK/with_findings"
[ "$(wc -l <"$WORK/with_findings")" -ge 8 ] || fail "findings in too few files"
while read -r f; do
    grep -qF "  $f (" "$WORK/r.txt" || fail "no heading for $f in the text report"
done <"$WORK/with_findings"
grep -q 'Findings (rule' "$WORK/r.txt" && fail "a set's text report still has one list of findings"
n_txt=$(grep -cE '^    ([0-9]+|-)  [0-9A-Za-z-]+  (error|query|expected error|expected query)  ' "$WORK/r.txt" || true)
n_csv=$(tr -d '\r' <"$WORK/r.csv" | sed 1d | awk -F, '$3 != "note"' | wc -l)
[ "$n_txt" -eq "$n_csv" ] || fail "the text report lists $n_txt findings under files, the CSV report $n_csv"
# gnu: file:line: rule type: message, the table's own file.
expect_status 1 "$SR" validate --year 2026 --format gnu "${files[@]}"
grep -qE "^$samples/episodes\.csv:[0-9]+: [0-9A-Za-z-]+ (error|query): " "$WORK/out" || fail "no gnu line for episodes.csv"
pass
