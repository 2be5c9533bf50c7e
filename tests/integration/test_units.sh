#!/usr/bin/env bash
# The systemd units pass `systemd-analyze verify` (an instance of each
# template, with ExecStart pointed at the built binary), and hold the
# hardening the README promises.  Skips, saying so, where systemd-analyze
# is not installed or cannot run in this container.
. "$(dirname "$0")/lib.sh"

svc="$ROOT/systemd/statreturn-build@.service"
tmr="$ROOT/systemd/statreturn-build@.timer"
for k in 'User=_statreturn' 'ProtectSystem=strict' 'ReadWritePaths=/var/lib/statreturn/returns' 'PrivateTmp=yes' \
         'NoNewPrivileges=yes' 'LoadCredential=key:/etc/statreturn/keys/%i.key' \
         'ExecStart=/usr/bin/statreturn build \$STATRETURN_BUILD .*--key-file \$\{CREDENTIALS_DIRECTORY\}/key'; do
    assert_contains "$svc" "^$k"
done
# The output directory is the only writable path, and the one the build writes to.
[ "$(grep -c '^ReadWritePaths=' "$svc")" -eq 1 ] || fail "more than one ReadWritePaths= line"
assert_contains "$svc" '--output-dir /var/lib/statreturn/returns'
assert_contains "$tmr" '^Persistent=true'

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "skip $TEST_NAME: systemd-analyze is not installed (package systemd); the units were not verified"
    exit 0
fi
mkdir "$WORK/units"
sed "s|/usr/bin/statreturn|$SR|" "$svc" >"$WORK/units/statreturn-build@cin.service"
cp "$tmr" "$WORK/units/statreturn-build@cin.timer"
set +e
systemd-analyze verify --man=no "$WORK/units/statreturn-build@cin.service" "$WORK/units/statreturn-build@cin.timer" \
    >"$WORK/verify.out" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ] && grep -qiE 'Failed to (initialize|connect|create)|System has not been booted|Operation not permitted' "$WORK/verify.out"; then
    echo "skip $TEST_NAME: systemd-analyze verify cannot run in this container:"
    sed 's/^/    /' "$WORK/verify.out"
    exit 0
fi
# Any message at all (an unknown key is only a warning) fails the test.
if [ $rc -ne 0 ] || [ -s "$WORK/verify.out" ]; then
    cat "$WORK/verify.out" >&2
    fail "systemd-analyze verify found problems in the units"
fi
# And it can fail: a misspelt key is reported.
echo 'ProtectSystm=strict' >>"$WORK/units/statreturn-build@cin.service"
systemd-analyze verify --man=no "$WORK/units/statreturn-build@cin.service" >"$WORK/verify.out" 2>&1 || true
assert_contains "$WORK/verify.out" "ProtectSystm"
pass
