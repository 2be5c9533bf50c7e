#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster, then removes it.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# The cluster lives in a private temporary directory and listens only on a
# Unix socket there (no TCP port, so parallel runs never collide).
# PostgreSQL refuses to run as root, so when we are root the cluster is
# owned and run by the 'postgres' system user (created by Debian's
# postgresql package) and we connect to it as that database user.
# Exports PGHOST, PGPORT, PGUSER and PGDATABASE for the command.
set -euo pipefail

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir=$d; break; fi
done
if [ -z "$bindir" ]; then
    echo "statreturn: error: no PostgreSQL server binaries found (install 'postgresql'; 'make deps' does)" >&2
    exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/statreturn-pg.XXXXXX")"
chmod 0755 "$tmp"
data="$tmp/data"
run_as=()
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "statreturn: error: running as root needs the 'postgres' system user (install 'postgresql')" >&2
        exit 1
    fi
    chown postgres: "$tmp"
    run_as=(runuser -u postgres --)
    dbuser=postgres
else
    dbuser="$(id -un)"
fi

cleanup() {
    "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"${run_as[@]}" "$bindir/initdb" -D "$data" -U "$dbuser" --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log" >&2; exit 1; }
port=5432
"${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $tmp -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=2GB -c shared_buffers=256MB -c maintenance_work_mem=256MB" \
    start >/dev/null || { cat "$tmp/server.log" >&2; exit 1; }

export PGHOST="$tmp" PGPORT="$port" PGUSER="$dbuser" PGDATABASE=postgres
unset PGPASSWORD PGSERVICE PGSERVICEFILE
set +e
"$@"
status=$?
set -e
exit $status
