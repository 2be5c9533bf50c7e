#!/usr/bin/env bash
# Static rules the compiler does not enforce:
#  - banned C functions (after git's banned.h): unbounded copies and
#    formatters, and strtok's hidden state;
#  - only src/db.c includes libpq, only the XML modules include libxml2, only
#    src/pseudo.c includes OpenSSL (house style: edges in one place);
#  - no obvious secrets or real-looking identifiers in fixtures.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

banned='\b(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|strtok|gets)[[:space:]]*\('
if grep -nE "$banned" src/*.c include/*.h tests/unit/*.c tests/unit/support/*.c 2>/dev/null; then
    echo "lint: banned function used (use snprintf, memcpy or strbuf)" >&2
    status=1
fi
bad=$(grep -lE '#include [<"]libpq-fe.h' src/*.c include/*.h | grep -v '^src/db\.c$' || true)
if [ -n "$bad" ]; then
    echo "lint: only src/db.c may include libpq-fe.h: $bad" >&2
    status=1
fi
bad=$(grep -lE '#include <openssl/' src/*.c include/*.h | grep -v '^src/pseudo\.c$' || true)
if [ -n "$bad" ]; then
    echo "lint: only src/pseudo.c may include OpenSSL: $bad" >&2
    status=1
fi
bad=$(grep -lE '#include <libxml/' include/*.h || true)
if [ -n "$bad" ]; then
    echo "lint: libxml2 must not leak into headers: $bad" >&2
    status=1
fi
if [ $status -eq 0 ]; then
    echo "lint: 1 passed, 0 failed"
else
    echo "lint: 0 passed, 1 failed"
fi
exit $status
