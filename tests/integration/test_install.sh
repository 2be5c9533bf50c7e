#!/usr/bin/env bash
# `make install` gives a binary that finds its schemas and policies in
# PREFIX/share/statreturn on its own, wherever it was installed.
. "$(dirname "$0")/lib.sh"

make -s -C "$ROOT" install PREFIX=/opt/sr DESTDIR="$WORK/dest" >/dev/null
inst="$WORK/dest/opt/sr"
[ -x "$inst/bin/statreturn" ] || fail "binary not installed"
[ -f "$inst/share/man/man1/statreturn.1" ] || fail "man page not installed"
[ -f "$inst/share/statreturn/specs/cin/cin_2025.xsd" ] || fail "specs not installed"
[ -f "$inst/share/statreturn/sql/replica.sql" ] || fail "sql not installed"
# Run it with no hint of the source tree.
(
    unset STATRETURN_DATADIR
    cd "$WORK"
    expect_status 0 "$inst/bin/statreturn" validate "$ROOT/tests/data/cin_2025_valid.xml" -q
    new_db
    load_synth 50 2 2025
    expect_status 0 "$inst/bin/statreturn" build cin --year 2025 --la 201 --output "$WORK/i.xml" -q
)
pass
