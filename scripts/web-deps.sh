#!/usr/bin/env bash
# What the browser validator (`make web`) and its tests need, set up once:
#  - Debian's emscripten (C to WebAssembly), chromium (the tests' headless
#    browser) and python3 (the tests' DevTools client), installed with
#    apt-get when missing;
#  - libxml2 compiled to WebAssembly from Debian's own source package (the
#    same version and security patches as the native libxml2-dev), cached in
#    build/wasm/libxml2 so that it is built once.
#
# The deb-src line apt needs for `apt-get source` stays private to this
# script: a sources list written under build/, given to apt-get with
# -o Dir::Etc::sourcelist, with its own package lists and cache; the
# machine's apt configuration is never touched.
#
# Exit status: 0 ready; 77 the toolchain cannot be had here (no root, no
# network), with the reason on stderr, so that the web tests can skip
# visibly; anything else is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$PWD/$BUILD" ;; esac   # steps below change folder
OUT="$BUILD/wasm/libxml2"            # lib/libxml2.a, include/libxml/*.h
WORK="$BUILD/wasm/libxml2-src"
STAMP="$OUT/.built"
export NODE_PATH=/usr/share/nodejs   # emcc -O2 loads acorn from there

skip() { echo "web: set-up not possible here: $*" >&2; exit 77; }
now() { date +%s; }

t0=$(now)
packages=(emscripten chromium python3 dpkg-dev xz-utils)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "web: installing missing Debian packages: ${missing[*]}" >&2
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
        skip "need root or sudo to install ${missing[*]}"; fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -qq || skip "apt-get update failed (no network?)"
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || skip "apt-get install ${missing[*]} failed (no network?)"
fi
t1=$(now)

version=$(dpkg-query -W -f='${Version}' libxml2-dev 2>/dev/null || dpkg-query -W -f='${Version}' libxml2)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$version" ]; then
    exit 0
fi

# libxml2's Debian source, the version installed natively.
rm -rf "$WORK" "$OUT"
mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/cache/archives/partial"
# The deb-src lines: the machine's own Debian archives (its deb lines, read,
# never changed), for their main component.
{
    { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } \
        | awk '$1 == "deb" && / main( |$)/ { $1 = "deb-src"; print }'
    { cat /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } | awk '
        function flush() {
            if (types ~ /(^| )deb( |$)/ && comps ~ /(^| )main( |$)/) {
                n = split(uris, u, " "); m = split(suites, s, " ")
                for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
                    printf "deb-src %s%s %s main\n", (key ? "[signed-by=" key "] " : ""), u[i], s[j]
            }
            types = uris = suites = comps = key = ""
        }
        /^Signed-By:/ && !/^Signed-By:[ \t]*\// { next }     # an inline key: apt finds it anyway
        /^[ \t]*$/ { flush(); next }
        /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
        /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
        /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
        /^Components:/ { sub(/^Components:[ \t]*/, ""); comps = $0 }
        /^Signed-By:/ { sub(/^Signed-By:[ \t]*/, ""); key = $0 }
        END { flush() }'
} >"$WORK/apt/sources.list"
[ -s "$WORK/apt/sources.list" ] || skip "no Debian archive in the apt sources to take libxml2's source from"
apt_dir="$WORK/apt"
mkdir -p "$apt_dir/sources.list.d"
apt_private=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=$apt_dir/sources.list.d"
             -o "Dir::State::lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User=root)
# A source that has no deb-src index fails here, so apt-get source says
# whether libxml2's was found; a second try covers a passing network fault.
for try in 1 2 3; do
    apt-get "${apt_private[@]}" update -qq >"$WORK/apt.log" 2>&1 || true
    (cd "$WORK" && { apt-get "${apt_private[@]}" source --download-only "libxml2=$version" \
                     || apt-get "${apt_private[@]}" source --download-only libxml2; } >>"$WORK/apt.log" 2>&1) \
        && break
    [ $try -eq 3 ] && { tail -5 "$WORK/apt.log" >&2
        skip "apt-get source libxml2 failed (no network, or no deb-src index for the apt sources)"; }
    sleep 5
done
(cd "$WORK" && dpkg-source --no-check -x ./*.dsc src >/dev/null)
t2=$(now)

# Configured as the issue's recipe has it; only the library is made.  The
# Debian patches touch Makefile.am, so automake is told not to run.
echo "web: building libxml2 $version for WebAssembly (once; cached in $OUT)" >&2
(cd "$WORK/src" \
    && emconfigure ./configure --host=wasm32 --disable-shared --without-python --without-zlib --without-lzma \
        --without-http --without-ftp --without-threads --without-iconv --without-modules \
        --without-catalog --without-debug CFLAGS=-O2 >../configure.log 2>&1 \
    && emmake make -j2 libxml2.la ACLOCAL=true AUTOMAKE=true AUTOCONF=true >../make.log 2>&1) \
    || { echo "web: error: libxml2 did not build for WebAssembly; see $WORK/configure.log and make.log" >&2; exit 1; }
mkdir -p "$OUT/lib" "$OUT/include/libxml"
cp "$WORK/src/.libs/libxml2.a" "$OUT/lib/"
cp "$WORK/src/include/libxml/"*.h "$OUT/include/libxml/"
echo "$version" >"$STAMP"
rm -rf "$WORK"
t3=$(now)
echo "web: set-up took $((t3 - t0)) s (packages $((t1 - t0)) s, libxml2 source $((t2 - t1)) s, libxml2 build $((t3 - t2)) s)" >&2
