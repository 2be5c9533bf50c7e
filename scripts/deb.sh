#!/usr/bin/env bash
# Builds the Debian package (debian/) with the Debian tools, from a copy of
# the working tree so that the package build's own clean never touches the
# developer's build/ and bin/.  Installs the build dependencies it lacks
# (scripts/deps.sh does the rest), then writes the .deb to BUILD/deb/ and
# prints its path.
#
#   scripts/deb.sh            (make deb)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$root/${BUILD:-build}/deb"

if ! command -v dpkg-buildpackage >/dev/null 2>&1 || ! dpkg-checkbuilddeps >/dev/null 2>&1; then
    STATRETURN_DEPS_EXTRA="debhelper dpkg-dev" scripts/deps.sh
fi
if ! dpkg-checkbuilddeps 2>/dev/null; then
    dpkg-checkbuilddeps >&2 || true
    echo "statreturn: error: the package's build dependencies are missing (see above)" >&2
    exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/statreturn-deb.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
version="$(dpkg-parsechangelog -S Version)"
src="$tmp/statreturn-${version%%-*}"
mkdir -p "$src"
if [ -d .git ] || [ -f .git ]; then
    git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$src"
else
    tar --exclude=./build --exclude=./build-san --exclude=./bin --exclude=./.tmp -cf - . | tar -xf - -C "$src"
fi
rm -rf "$src/build" "$src/bin"
# The browser validator (make web) goes in /usr/share/statreturn/web.  It is
# built here, outside the package build (which has no network for the
# libxml2 source and cleans build/), and carried in as web-dist/; where
# emscripten cannot be installed the package is made without it, saying so.
web_rc=0
scripts/web-deps.sh || web_rc=$?
if [ $web_rc -eq 0 ]; then
    make --no-print-directory web >/dev/null
    cp -R "${BUILD:-build}/web" "$src/web-dist"
elif [ $web_rc -eq 77 ]; then
    echo "statreturn: the package is made without the browser validator (see above)" >&2
else
    exit $web_rc
fi
(
    cd "$src"
    DEB_BUILD_OPTIONS="parallel=2 nocheck" dpkg-buildpackage -us -uc -b >"$tmp/build.log" 2>&1
) || { tail -40 "$tmp/build.log" >&2; echo "statreturn: error: the package build failed" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/statreturn_*.deb
cp "$tmp"/statreturn_*.deb "$out"/
ls "$out"/statreturn_*.deb
