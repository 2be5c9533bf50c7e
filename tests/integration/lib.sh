# Shared helpers for integration tests (sourced).  Each test runs with a
# throwaway PostgreSQL cluster already started by scripts/with-postgres.sh
# (PGHOST, PGPORT, PGUSER, PGPASSWORD exported) and works in its own
# database and temporary directory.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SR="${STATRETURN_BIN:-$ROOT/bin/statreturn}"
export STATRETURN_DATADIR="$ROOT"
TEST_NAME="$(basename "$0" .sh)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/statreturn-$TEST_NAME.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

fail() {
    echo "FAIL $TEST_NAME: $*" >&2
    exit 1
}

# Creates a fresh database with the replica contract loaded and exports
# PGDATABASE.  Optional argument: a name suffix.
new_db() {
    local name="sr_${TEST_NAME}_${1:-db}_$$"
    name="${name//[^a-zA-Z0-9_]/_}"
    dropdb --if-exists "$name" 2>/dev/null || true
    createdb "$name"
    export PGDATABASE="$name"
    psql -X -q -v ON_ERROR_STOP=1 -f "$ROOT/sql/replica.sql" >/dev/null
}

# Loads synthetic data: load_synth CHILDREN SEED YEAR [extra synth args...]
load_synth() {
    local n=$1 seed=$2 year=$3
    shift 3
    "$SR" synth --children "$n" --seed "$seed" --year "$year" "$@" | psql -X -q -v ON_ERROR_STOP=1 >/dev/null
}

# expect_status WANT CMD...: runs CMD, fails unless it exits WANT.
# stdout/stderr go to $WORK/out and $WORK/err.
expect_status() {
    local want=$1
    shift
    set +e
    "$@" >"$WORK/out" 2>"$WORK/err"
    local got=$?
    set -e
    if [ "$got" -ne "$want" ]; then
        echo "--- stderr:" >&2
        cat "$WORK/err" >&2
        fail "expected exit $want, got $got from: $*"
    fi
}

assert_contains() {
    local file=$1 pattern=$2
    grep -qE -- "$pattern" "$file" || { echo "--- $file:" >&2; head -50 "$file" >&2; fail "'$pattern' not found in $file"; }
}

assert_not_contains() {
    local file=$1 pattern=$2
    if grep -qE -- "$pattern" "$file"; then
        fail "'$pattern' unexpectedly found in $file"
    fi
}

pass() {
    echo "ok $TEST_NAME"
}
