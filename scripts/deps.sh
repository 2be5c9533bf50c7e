#!/usr/bin/env bash
# Installs the Debian packages statreturn needs to build and test, if any are
# missing.  Runs apt-get as root, or through sudo; does nothing when all are
# present, so `make check` costs nothing extra on a prepared machine.
set -euo pipefail

# debhelper and dpkg-dev: `make check` builds, installs and removes the
# Debian package (tests/integration/test_deb.sh).  clang: libFuzzer for
# `make fuzz` (gcc has none).  STATRETURN_DEPS_EXTRA adds more (scripts/deb.sh).
packages=(build-essential pkg-config libxml2-dev libxml2-utils libpq-dev libcmocka-dev libssl-dev clang
          postgresql postgresql-common time libcurl4-openssl-dev openssl python3 debhelper dpkg-dev
          ${STATRETURN_DEPS_EXTRA:-})
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "statreturn: installing missing Debian packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "statreturn: error: need root or sudo to install: ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
