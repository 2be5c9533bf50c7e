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

# The loopback CSC API server (csc_api_server.py) with a certificate made
# now: sets SERVER (its pid, killed on exit), PORT, URL, and the client secret and
# supplier key files $WORK/secret and $WORK/skey (mode 0600).  The server
# reads $WORK/control.json (how to answer) and appends what it is sent to
# $WORK/received.jsonl.
start_csc_api_server() {
    command -v python3 >/dev/null || fail "python3 is needed for the loopback CSC API server"
    command -v openssl >/dev/null || fail "openssl is needed to make the test certificate"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 \
        -subj /CN=127.0.0.1 -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 || fail "cannot make a certificate"
    echo '{}' >"$WORK/control.json"
    touch "$WORK/received.jsonl"
    python3 "$ROOT/tests/integration/csc_api_server.py" "$WORK/cert.pem" "$WORK/key.pem" "$WORK/control.json" \
        "$WORK/received.jsonl" "$WORK/port" &
    SERVER=$!
    trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
    for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
    PORT=$(cat "$WORK/port") || fail "the test server did not start"
    URL="https://127.0.0.1:$PORT"
    printf 's3cret\n' >"$WORK/secret"; chmod 600 "$WORK/secret"
    printf 'sk-test\n' >"$WORK/skey"; chmod 600 "$WORK/skey"
}
