#!/usr/bin/env bash
# Builds killed at random points leave nothing the next run does not remove
# before it starts (issue 19, finding 1), for all three returns: for each of
# SIGTERM and SIGKILL, ten builds into one folder are each killed at a
# point spread over the length of a whole build (with some jitter).  After
# a SIGTERM the folder holds the whole set of names or none of them, and
# nothing else.  After a SIGKILL it may hold a private work folder
# (.statreturn-tmp.*) and, when the kill came in the middle of the commit,
# part of the set; the next run that writes there (a validate --output)
# removes both before it starts, leaving the whole set or none of it.  After
# the last kill, one more build leaves exactly the set.
. "$(dirname "$0")/lib.sh"

new_db
load_synth 600 11 2025
KEY="$WORK/fam.key"
"$SR" keygen --output "$KEY" >/dev/null 2>&1

build_cmd() {   # build_cmd RETURN DIR
    case "$1" in
    cin) echo "$SR" build cin --year 2025 --la 201 --output-dir "$2" --force -q ;;
    903) echo "$SR" build 903 --year 2025 --la 201 --output-dir "$2" --force -q ;;
    families) echo "$SR" build families --period 2025-03 --la 201 --output-dir "$2" --key-file "$KEY" --force -q ;;
    esac
}

now_ms() { date +%s%3N; }

# The names in a folder, one a line, without work folders.
names() { ls -A "$1" | grep -v '^\.statreturn-tmp\.' || true; }

for ret in cin 903 families; do
    full="$WORK/full_$ret"
    mkdir "$full"
    t0=$(now_ms)
    set +e
    $(build_cmd $ret "$full") 2>"$WORK/err"
    rc=$?
    set -e
    t1=$(now_ms)
    [ "$rc" -le 1 ] || { cat "$WORK/err" >&2; fail "$ret: the whole build failed (exit $rc)"; }
    set_names=$(names "$full")
    [ -n "$set_names" ] || fail "$ret: the whole build wrote nothing"
    ms=$((t1 - t0))
    echo "  $ret: a whole build takes $ms ms" >&2
    for sig in TERM KILL; do
        for i in 1 2 3 4 5 6 7 8 9 10; do
            # a fresh folder each time: with --force over a whole set of an
            # earlier run, a run killed half-way through its commit would
            # take its own new files away and leave the rest of the old set
            dir="$WORK/killed_${ret}_${sig}_$i"
            mkdir "$dir"
            delay_ms=$(( ms * i / 11 + RANDOM % (ms / 10 + 1) ))
            $(build_cmd $ret "$dir") 2>/dev/null &
            pid=$!
            sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
            kill -s "$sig" "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            if [ "$sig" = KILL ]; then
                # the next run that writes into the folder (here a report)
                # first removes what the dead one left: its work folder and,
                # when it died half-way through its commit, the part of the
                # set it had put in place
                "$SR" validate "$ROOT/tests/data/cin_2025_valid.xml" --output "$dir/probe.txt" -q 2>/dev/null || true
                rm -f "$dir/probe.txt"
                if ls -A "$dir" | grep -q '^\.statreturn-tmp\.'; then
                    fail "$ret killed by SIGKILL after ${delay_ms} ms: the next run left the dead run's work folder"
                fi
            fi
            left=$(names "$dir")
            if [ -n "$left" ] && [ "$left" != "$set_names" ]; then
                fail "$ret killed by SIG$sig after ${delay_ms} ms left a partial set: $(echo $left)"
            fi
            if [ "$sig" = TERM ] && ls -A "$dir" | grep -q '^\.statreturn-tmp\.'; then
                fail "$ret killed by SIGTERM after ${delay_ms} ms left its work folder"
            fi
        done
        # the next run clears what the dead ones left, then writes the set
        set +e
        $(build_cmd $ret "$dir") 2>"$WORK/err"
        rc=$?
        set -e
        [ "$rc" -le 1 ] || { cat "$WORK/err" >&2; fail "$ret: the build after the kills failed (exit $rc)"; }
        [ "$(ls -A "$dir")" = "$set_names" ] || fail "$ret: after SIG$sig kills and one more build the folder holds: $(ls -A "$dir" | tr '\n' ' ')"
    done
done
pass
