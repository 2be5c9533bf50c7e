#!/usr/bin/env bash
# `make deb` builds a Debian package that installs on this machine, builds
# a return from the replica with its installed files alone (the binary in
# /usr/bin, specs and SQL in /usr/share/statreturn, the editable files in
# /etc/statreturn read first), carries hardened code (PIE, BIND_NOW,
# _FORTIFY_SOURCE), makes its system user, and purges cleanly.  Skips,
# saying so, without root, or where a statreturn package is already
# installed (a council's, not ours to touch).
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
    echo "skip $TEST_NAME: installing a package needs root"
    exit 0
fi
if dpkg-query -W -f='${Status}' statreturn 2>/dev/null | grep -q 'installed'; then
    echo "skip $TEST_NAME: a statreturn package is already installed on this machine"
    exit 0
fi
etc_before=no
[ -e /etc/statreturn ] && etc_before=yes

deb="$(make -s -C "$ROOT" deb | tail -1)"
[ -f "$deb" ] || fail "make deb wrote no package"
cleanup() {
    dpkg --purge statreturn >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$deb" >"$WORK/install.log" 2>&1 \
    || dpkg -i "$deb" >>"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; fail "the package does not install"; }

inst=/usr/bin/statreturn
[ -x $inst ] || fail "no $inst"
for f in /usr/share/statreturn/specs/cin/cin_2025.xsd /usr/share/statreturn/sql/replica.sql \
         /usr/share/man/man1/statreturn.1.gz /usr/share/man/man5/statreturn.conf.5.gz \
         /etc/statreturn/statreturn.conf /etc/statreturn/cin/policy_regional.conf /etc/statreturn/purposes.conf \
         /etc/statreturn/families/layout_fpd.conf /lib/systemd/system/statreturn-build@.service \
         /lib/systemd/system/statreturn-build@.timer; do
    [ -e "$f" ] || fail "the package did not install $f"
done
# make deb builds the browser validator when emscripten can be had (and
# then make web has left build/web): the package ships it.
if [ -f "$ROOT/build/web/index.html" ]; then
    for f in index.html page.js page.css validator.js; do
        [ -f "/usr/share/statreturn/web/$f" ] || fail "the package did not install the browser validator's $f"
    done
fi
dpkg-query -W -f='${Conffiles}\n' statreturn >"$WORK/conffiles"
assert_contains "$WORK/conffiles" '/etc/statreturn/statreturn.conf '
assert_contains "$WORK/conffiles" '/etc/statreturn/903/policy_regional.conf '
getent passwd _statreturn | grep -q ':/usr/sbin/nologin$' || fail "no system user _statreturn without a login shell"
[ "$(stat -c %a /etc/statreturn/keys)" = 700 ] || fail "/etc/statreturn/keys is not 0700"
# Release build flags: position-independent, bound now, fortified.
readelf -dhsW $inst >"$WORK/elf"
grep -q 'BIND_NOW' "$WORK/elf" || fail "not linked with -z now"
grep -q 'Type: *DYN' "$WORK/elf" || fail "not a position-independent executable"
grep -q '_chk@' "$WORK/elf" || fail "no fortified functions: CPPFLAGS (_FORTIFY_SOURCE) not honoured"

expect_status 0 $inst --version
assert_contains "$WORK/out" '^statreturn [0-9]'
(
    # Only the installed files: no source tree, no data directory override.
    unset STATRETURN_DATADIR STATRETURN_CONFDIR
    cd "$WORK"
    db="sr_${TEST_NAME}_$$"
    createdb "$db"
    export PGDATABASE=$db
    psql -X -q -v ON_ERROR_STOP=1 -f /usr/share/statreturn/sql/replica.sql >/dev/null
    $inst synth --children 150 --seed 3 --year 2025 | psql -X -q -v ON_ERROR_STOP=1 >/dev/null
    mkdir returns
    expect_status 0 $inst build cin --year 2025 --la 201 --output-dir returns
    [ -f returns/cin_2025_201.xml ] || fail "the installed binary wrote no return"
    # /etc/statreturn is read before /usr/share: a council's edited policy.
    sed -i 's/^version *=.*/version   = 2025.1-council/' /etc/statreturn/cin/policy_regional.conf
    expect_status 0 $inst keygen --output "$WORK/regional.key"
    expect_status 0 $inst build cin --year 2025 --la 201 --output-dir returns --profile regional --key-file "$WORK/regional.key"
    assert_contains returns/cin_2025_201_regional_manifest.json '"version": "2025.1-council"'
    dropdb "$db"
)
if command -v systemd-analyze >/dev/null 2>&1; then
    mkdir "$WORK/units"
    cp /lib/systemd/system/statreturn-build@.service "$WORK/units/statreturn-build@903.service"
    systemd-analyze verify --man=no "$WORK/units/statreturn-build@903.service" >"$WORK/verify.out" 2>&1 || true
    [ -s "$WORK/verify.out" ] && { cat "$WORK/verify.out" >&2; fail "the installed unit does not verify"; }
fi

dpkg --purge statreturn >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log" >&2; fail "the package does not purge"; }
for f in $inst /usr/share/statreturn /lib/systemd/system/statreturn-build@.service; do
    [ ! -e "$f" ] || fail "$f left after purge"
done
if [ $etc_before = no ] && [ -e /etc/statreturn ]; then
    find /etc/statreturn >&2
    fail "/etc/statreturn left after purge"
fi
pass
