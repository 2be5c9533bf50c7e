#!/usr/bin/env bash
# The README's operator path (section "Running it on a schedule") works
# verbatim: every shell block marked `<!-- readme-test: run -->` runs, in
# order, against a throwaway replica, with only the placeholders the README
# names replaced (the replica's address in the service entry, and the
# directories /etc/statreturn, /var/lib/statreturn, /etc/postgresql-common)
# and stand-ins for sudo (we are the operator), systemctl (checks that the
# unit it is asked to enable exists) and statreturn (the built binary).
# The README's configuration block must be etc/statreturn.conf, and every
# key the configuration reader knows must be in it and in statreturn.conf(5).
. "$(dirname "$0")/lib.sh"

readme="$ROOT/README.md"
# --- the configuration block is the sample file ------------------------------------
awk '/^## Configuration/{c=1} c && /^```ini/{f=1; next} f && /^```/{exit} f' "$readme" >"$WORK/readme.conf"
cmp -s "$WORK/readme.conf" "$ROOT/etc/statreturn.conf" || fail "README's configuration block is not etc/statreturn.conf"
keys="$(grep -oE 'strn?cmp\(key, "[a-z_.]+"' "$ROOT/src/core/config.c" | sed -E 's/.*"(.*)"/\1/')"
[ -n "$keys" ] || fail "cannot find the configuration keys in src/core/config.c"
for k in $keys; do
    grep -qE "^#?${k//./\\.}" "$ROOT/etc/statreturn.conf" || fail "key $k is not in etc/statreturn.conf"
    grep -qE "^\\.BI ${k//./\\.}" "$ROOT/man/statreturn.conf.5" || fail "key $k is not in statreturn.conf(5)"
done

# --- the operator's path ------------------------------------------------------------
new_db
# "previous" on 1 June of a year this release knows: that year's return.
year=2026
export SOURCE_DATE_EPOCH=$(date -u -d "$year-06-01" +%s)
load_synth 300 9 "$year"

root="$WORK/root"
mkdir -p "$root/etc/statreturn/jobs" "$root/var/lib/statreturn/returns" "$root/etc/postgresql-common" "$WORK/bin"
export PGSERVICEFILE="$root/etc/postgresql-common/pg_service.conf"
unset PGDATABASE
cat >"$WORK/bin/sudo" <<'SH'
#!/bin/sh
# The operator is root here: run the command (sudo -u USER CMD: as us).
[ "$1" = -u ] && shift 2
exec "$@"
SH
cat >"$WORK/bin/systemctl" <<SH
#!/bin/sh
# Checks that the unit asked for is one we ship, and its job file exists.
for a in "\$@"; do case "\$a" in
    statreturn-build@*.timer)
        [ -f "$ROOT/systemd/statreturn-build@.timer" ] || exit 1
        job=\${a#statreturn-build@}; job=\${job%.timer}
        [ -f "$root/etc/statreturn/jobs/\$job.env" ] || { echo "no job file for \$job" >&2; exit 1; }
        grep -q '^STATRETURN_BUILD=' "$root/etc/statreturn/jobs/\$job.env" || exit 1
        echo "\$a" >>"$WORK/enabled" ;;
esac; done
SH
ln -s "$SR" "$WORK/bin/statreturn"
chmod +x "$WORK/bin/sudo" "$WORK/bin/systemctl"
export PATH="$WORK/bin:$PATH"

# The marked blocks, in order, with the placeholders replaced.
awk '/<!-- readme-test: run -->/{want=1; next} want && /^ *```sh/{f=1; next} f && /^ *```/{f=0; want=0; print "#--- end of block"; next} f' \
    "$readme" | sed -e 's/^   //' \
    -e "s|/etc/statreturn|$root/etc/statreturn|g" -e "s|/var/lib/statreturn|$root/var/lib/statreturn|g" \
    -e "s|/etc/postgresql-common|$root/etc/postgresql-common|g" \
    -e "s|^host=replica.council.example|host=$PGHOST|" -e "s|^dbname=ssd$|dbname=sr_${TEST_NAME}_db_$$|" \
    -e "s|^user=statreturn$|user=$PGUSER|" >"$WORK/path.sh"
[ "$(grep -c '^#--- end of block' "$WORK/path.sh")" -ge 4 ] || { cat "$WORK/path.sh" >&2; fail "fewer than 4 README blocks found"; }
grep -q "^port=" "$WORK/path.sh" || sed -i "s|^host=$PGHOST|host=$PGHOST\nport=${PGPORT:-5432}|" "$WORK/path.sh"
unset PGHOST PGPORT
set +e
bash -e "$WORK/path.sh" >"$WORK/out" 2>"$WORK/err"
rc=$?
set -e
if [ $rc -ne 0 ]; then
    echo "--- the README's path:" >&2; cat "$WORK/path.sh" >&2
    echo "--- stderr:" >&2; cat "$WORK/err" >&2
    fail "the README's operator path failed (exit $rc)"
fi
assert_contains "$WORK/err" "--year previous: collection year $year"
assert_contains "$WORK/out" '"validation": \{"errors": 0, "queries": 0, "expected_for_profile": [1-9]'
grep -qx 'statreturn-build@903-regional.timer' "$WORK/enabled" || fail "the timer was not enabled"
[ "$(stat -c %a "$root/etc/statreturn/keys/903-regional.key")" = 600 ] || fail "key not 0600"
pass
