#!/usr/bin/env bash
# Static rules the compiler does not enforce:
#  - banned C functions (after git's banned.h): unbounded copies and
#    formatters, and strtok's hidden state;
#  - only src/io/db.c includes libpq, only src/io/xml_*.c include libxml2 (no
#    header does), only src/privacy/pseudo.c includes OpenSSL (house style:
#    edges in one place);
#  - the folders are layers: a file includes headers of its own folder or of
#    a folder below it (core < io < privacy, findings, synth < returns <
#    pipeline < cli, web), never one above; a return's folder never includes
#    another return's headers (returns/*.h, the interface, are shared);
#  - every header compiles on its own.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
mapfile -t code < <(find src include tests/unit -name '*.[ch]' | sort)
mapfile -t ours < <(find src include -name '*.[ch]' | sort)

banned='\b(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|strtok|gets)[[:space:]]*\('
if grep -nE "$banned" "${code[@]}" 2>/dev/null; then
    echo "lint: banned function used (use snprintf, memcpy or strbuf)" >&2
    status=1
fi
bad=$(grep -lE '#include [<"]libpq-fe.h' "${ours[@]}" | grep -v '^src/io/db\.c$' || true)
if [ -n "$bad" ]; then
    echo "lint: only src/io/db.c may include libpq-fe.h: $bad" >&2
    status=1
fi
bad=$(grep -lE '#include <curl/' "${ours[@]}" | grep -v '^src/io/http\.c$' || true)
if [ -n "$bad" ]; then
    echo "lint: only src/io/http.c may include libcurl: $bad" >&2
    status=1
fi
bad=$(grep -lE '#include <openssl/' "${ours[@]}" | grep -v '^src/privacy/pseudo\.c$' || true)
if [ -n "$bad" ]; then
    echo "lint: only src/privacy/pseudo.c may include OpenSSL: $bad" >&2
    status=1
fi
bad=$(grep -lE '#include [<"]libxml/' "${ours[@]}" | grep -vE '^src/io/xml_[a-z0-9_]+\.c$' || true)
if [ -n "$bad" ]; then
    echo "lint: only src/io/xml_*.c may include libxml2 (never a header): $bad" >&2
    status=1
fi
# Layers: the rank of a folder (first path component under src/ or include/).
rank() {
    case "$1" in
    core) echo 0 ;; io) echo 1 ;; privacy|findings|synth) echo 2 ;; returns) echo 3 ;;
    pipeline) echo 4 ;; cli|web) echo 5 ;; main) echo 6 ;; *) echo 99 ;;
    esac
}
for f in "${ours[@]}"; do
    rel=${f#src/}; rel=${rel#include/}
    dir=main
    [[ $rel == */* ]] && dir=${rel%/*}
    top=${dir%%/*}
    while read -r inc; do
        idir=${inc%/*}
        if [ "$idir" = "$inc" ]; then
            echo "lint: $f: #include \"$inc\" names no folder" >&2; status=1; continue
        fi
        itop=${idir%%/*}
        if [ "$top" = returns ] && [ "$itop" = returns ]; then
            if [ "$dir" != returns ] && [ "$idir" != returns ] && [ "$idir" != "$dir" ]; then
                echo "lint: $f: includes $inc, another return's header" >&2; status=1
            fi
        elif [ "$itop" != "$top" ] && [ "$(rank "$itop")" -ge "$(rank "$top")" ]; then
            echo "lint: $f: includes $inc, but $itop is not below $top" >&2; status=1
        fi
    done < <(grep -o '#include "[^"]*"' "$f" | sed 's/#include "//; s/"$//')
done
# Every header on its own (what it uses, it includes).
cc=${CC:-cc}
for h in $(find include -name '*.h' | sort); do
    if ! echo "#include \"${h#include/}\"" | "$cc" -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude \
        -Wall -Werror -fsyntax-only -x c - 2>/dev/null; then
        echo "lint: $h does not compile on its own" >&2
        status=1
    fi
done
if [ $status -eq 0 ]; then
    echo "lint: 1 passed, 0 failed"
else
    echo "lint: 0 passed, 1 failed"
fi
exit $status
