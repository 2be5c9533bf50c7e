#!/usr/bin/env bash
# Where a pseudonymisation key may come from (issue 19, finding 11), with
# no database (report cin --offline loads the regional key):
#  - --key-env: the variable is read once and gone from /proc/PID/environ
#    while the run goes on (held open here by a FIFO nobody reads yet);
#  - --key-file: a symbolic link (as container secret mounts make) to a
#    file of ours that group and others cannot use is accepted; a link to a
#    file others can read is refused, and (as root) a link to another
#    user's 0600 file too.
. "$(dirname "$0")/lib.sh"

KEYHEX=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
mkfifo "$WORK/out.fifo"
SR_KEY_UNDER_TEST=$KEYHEX "$SR" report cin --year 2025 --offline --format json \
    --key-env SR_KEY_UNDER_TEST --output "$WORK/out.fifo" 2>"$WORK/env.err" &
pid=$!
sleep 0.3
env_now=$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null || true)
cat "$WORK/out.fifo" >"$WORK/env.json"
wait "$pid" || fail "report with --key-env failed: $(cat "$WORK/env.err")"
echo "$env_now" | grep -q "$KEYHEX" && fail "the key is still in /proc/PID/environ"
echo "$env_now" | grep -q "SR_KEY_UNDER_TEST" || [ -n "$env_now" ] || fail "could not read /proc/$pid/environ"
assert_contains "$WORK/env.json" '"key_fingerprint": "sr1-'

# a symbolic link to our own 0600 key file
"$SR" keygen --output "$WORK/real.key" >/dev/null 2>&1
ln -s real.key "$WORK/link.key"
expect_status 0 "$SR" report cin --year 2025 --offline --format json --key-file "$WORK/link.key"
assert_contains "$WORK/out" '"key_fingerprint": "sr1-'
assert_not_contains "$WORK/err" 'key file'
# ... but not to a file others can read
chmod 644 "$WORK/real.key"
expect_status 0 "$SR" report cin --year 2025 --offline --format json --key-file "$WORK/link.key"
assert_contains "$WORK/err" "key file '.*link.key' is accessible by group or others"
chmod 600 "$WORK/real.key"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    cp "$WORK/real.key" "$WORK/theirs.key"
    chown nobody "$WORK/theirs.key"
    ln -s theirs.key "$WORK/theirs-link.key"
    expect_status 0 "$SR" report cin --year 2025 --offline --format json --key-file "$WORK/theirs-link.key"
    assert_contains "$WORK/err" "is a symbolic link to a file of another user"
else
    echo "SKIP $TEST_NAME: a link to another user's key file needs root (chown); not checked"
fi
pass
