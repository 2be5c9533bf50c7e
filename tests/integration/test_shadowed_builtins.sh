#!/usr/bin/env bash
# Functions planted in the replica's schema change nothing (issue 19,
# finding 6): with --schema, a to_char (and a few more) that PostgreSQL
# would resolve before, or instead of, its own, raising a notice with the
# values they were given, neither forge the manifest's snapshot time nor
# the returns (CIN, SSDA903, families, the CSC API payload), and the
# notice's text is never printed, even with -v.
. "$(dirname "$0")/lib.sh"

new_db
load_synth 150 21 2025
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE SCHEMA planted;
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('CREATE VIEW planted.%I AS SELECT * FROM public.%I', t, t);
  END LOOP;
END $$;
SQL
run_all() {   # run_all DIR: the three builds, -v
    mkdir -p "$1"
    "$SR" build cin --year 2025 --la 201 --output-dir "$1" --schema planted -v >"$1.log" 2>&1 || [ $? -eq 1 ]
    "$SR" build 903 --year 2025 --la 201 --output-dir "$1" --schema planted -v >>"$1.log" 2>&1 || [ $? -eq 1 ]
    "$SR" build families --period 2025-03 --la 201 --output-dir "$1" --schema planted --key-file "$WORK/k" -v >>"$1.log" 2>&1 || [ $? -eq 1 ]
    mkdir -p "$1.state"
    "$SR" build csc-api --la 201 --run-date 2025-03-31 --output-dir "$1" --state-dir "$1.state" --schema planted -v \
        >>"$1.log" 2>&1
}
"$SR" keygen --output "$WORK/k" >/dev/null 2>&1
run_all "$WORK/before" || fail "builds before planting failed: $(tail -5 "$WORK/before.log")"

psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE FUNCTION planted.to_char(timestamp, text) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN RAISE NOTICE 'LEAKED-%', $1; RETURN '2000-01-01T00:00:00Z'; END $$;
CREATE FUNCTION planted.to_char(date, text) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN RAISE NOTICE 'LEAKED-%', $1; RETURN '1999-09-09'; END $$;
CREATE FUNCTION planted.to_char(timestamptz, text) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN RAISE NOTICE 'LEAKED-%', $1; RETURN '2000-01-01T00:00:00Z'; END $$;
CREATE FUNCTION planted.upper(text) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN RAISE NOTICE 'LEAKED-%', $1; RETURN 'Y'; END $$;
CREATE FUNCTION planted.btrim(text) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN RAISE NOTICE 'LEAKED-%', $1; RETURN '1'; END $$;
CREATE FUNCTION planted.left(text, integer) RETURNS text LANGUAGE plpgsql AS
  $$ BEGIN RAISE NOTICE 'LEAKED-%', $1; RETURN 'ZZZZ'; END $$;
CREATE FUNCTION planted.length(text) RETURNS integer LANGUAGE plpgsql AS
  $$ BEGIN RAISE NOTICE 'LEAKED-%', $1; RETURN 13; END $$;
CREATE FUNCTION planted.transaction_timestamp() RETURNS timestamptz LANGUAGE sql AS
  $$ SELECT timestamptz '2000-01-01 00:00:00+00' $$;
SQL
run_all "$WORK/after" || fail "builds after planting failed: $(tail -5 "$WORK/after.log")"

assert_not_contains "$WORK/after.log" "LEAKED"
for m in "$WORK"/after/*_manifest.json; do
    assert_not_contains "$m" '"snapshot": "2000-01-01'
done
# the returns themselves are the same, but for the time they were made
same() {   # same FILE_BEFORE FILE_AFTER
    sed -e "s#$WORK/before/##g" -e '/<DateTime>/d' "$1" >"$WORK/a"
    sed -e "s#$WORK/after/##g" -e '/<DateTime>/d' "$2" >"$WORK/b"
    cmp -s "$WORK/a" "$WORK/b" || { diff "$WORK/a" "$WORK/b" | head -5 | cut -c1-300 >&2; fail "$(basename "$1") differs after planting functions"; }
}
n=0
for f in "$WORK"/before/* "$WORK"/before/*/*; do
    [ -f "$f" ] || continue
    # the CSC API plan holds hashes under each state directory's own key
    case "$f" in *_manifest.json) continue ;; *_plan.tsv)
        cut -f1-4 "$f" >"$WORK/plan.before"
        cut -f1-4 "$WORK/after/${f#"$WORK"/before/}" >"$WORK/plan.after"
        same "$WORK/plan.before" "$WORK/plan.after"
        continue ;;
    esac
    same "$f" "$WORK/after/${f#"$WORK"/before/}"
    n=$((n + 1))
done
[ "$n" -ge 16 ] || fail "only $n files compared"
ls "$WORK"/after/csc_api_*.jsonl >/dev/null 2>&1 || fail "no CSC API payload was compared"
pass
