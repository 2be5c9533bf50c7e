#!/usr/bin/env bash
# A full disk at each stage of a build leaves either the complete set or
# nothing (issue 19): for cin, 903 and families, the output folder is a
# small tmpfs filled (by a filler file) so that only F bytes are free, for F
# from nothing to the size of the whole set, so that the disk fills while
# the return, the CSV folder, the report or the manifest is written or
# linked.  Each build either writes the whole set (exit 0 or 1) or fails
# with exit 8 leaving none of it, and never leaves a temporary (hidden
# file, work folder) behind.  Then with $TMPDIR full, where the report's
# finding store and the 903 validator's scratch files go: the 903 build
# (whose validator groups the CSV rows there) fails with exit 8 and writes
# nothing; the others, which need no room there when the return is clean,
# write their set.  Mounting a tmpfs needs root (as `make check` runs
# under sudo or as root); elsewhere the test says it is skipped.
. "$(dirname "$0")/lib.sh"

MNT="$WORK/disk"
mkdir -p "$MNT"
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=8m,mode=0700 statreturn-test "$MNT" 2>/dev/null; then
    echo "SKIP $TEST_NAME: needs root to mount a small tmpfs (a full disk is made with one); not run" >&2
    pass
    exit 0
fi
trap 'umount "$MNT" 2>/dev/null || true; rm -rf "$WORK"' EXIT
umount "$MNT"

new_db
load_synth 600 11 2025
KEY="$WORK/fam.key"
"$SR" keygen --output "$KEY" >/dev/null 2>&1

build() {   # build RETURN DIR: the build's exit status
    local st=0
    case "$1" in
    cin) "$SR" build cin --year 2025 --la 201 --output-dir "$2" -q 2>"$WORK/err" || st=$? ;;
    903) "$SR" build 903 --year 2025 --la 201 --output-dir "$2" -q 2>"$WORK/err" || st=$? ;;
    families) "$SR" build families --period 2025-03 --la 201 --output-dir "$2" --key-file "$KEY" -q \
        2>"$WORK/err" || st=$? ;;
    esac
    return $st
}

# Every name under a folder (hidden ones and the CSV folder's files too),
# but the filler.
names() { (cd "$1" && find . -mindepth 1 ! -name filler | sort); }

free_bytes() { df -B1 --output=avail "$1" | tail -n 1 | tr -d ' '; }

# mount_with_free BYTES: a fresh tmpfs with about BYTES free.
mount_with_free() {
    umount "$MNT" 2>/dev/null || true
    mount -t tmpfs -o "size=$((total + 1048576)),mode=0700" statreturn-test "$MNT"
    local fill=$(( $(free_bytes "$MNT") - $1 ))
    [ "$fill" -le 0 ] || head -c "$fill" /dev/zero >"$MNT/filler" 2>/dev/null || true
}

for ret in cin 903 families; do
    full="$WORK/full_$ret"
    mkdir "$full"
    st=0
    build $ret "$full" || st=$?
    [ "$st" -le 1 ] || { cat "$WORK/err" >&2; fail "$ret: the build on a roomy disk failed (exit $st)"; }
    set_names=$(names "$full")
    total=$(du -s -B1 "$full" | cut -f1)
    echo "  $ret: the set is $total bytes on disk" >&2
    fills=0 wholes=0
    # free space: steps of a sixteenth of the set, then for each part of
    # the set (a file, the CSV folder) and each other part, all but half of
    # the one and the whole other, so that whatever the order they are
    # written in, the disk fills inside each of them and at the commit
    mapfile -t parts < <(du -s -B1 "$full"/* | cut -f1)
    frees=()
    for step in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 20 32; do frees+=($(( total * step / 16 ))); done
    for a in "${parts[@]}"; do
        frees+=($(( total - a / 2 )))
        for b in "${parts[@]}"; do frees+=($(( total - a - b / 2 ))); done
    done
    mapfile -t frees < <(printf '%s\n' "${frees[@]}" | awk '$1 >= 0' | sort -n -u)
    for free in "${frees[@]}"; do
        mount_with_free "$free"
        st=0
        build $ret "$MNT" || st=$?
        left=$(names "$MNT")
        case "$st" in
        0 | 1)
            [ "$left" = "$set_names" ] || fail "$ret with $free bytes free: exit $st but the folder holds: $(echo $left)"
            wholes=$((wholes + 1)) ;;
        8)
            [ -z "$left" ] || fail "$ret with $free bytes free: exit 8 left: $(echo $left)"
            grep -q 'error' "$WORK/err" || fail "$ret with $free bytes free: exit 8 without an error message"
            # every line is ours: no raw library message ("I/O error : ...")
            ! grep -v '^statreturn: \|^  ' "$WORK/err" | grep -q . \
                || fail "$ret with $free bytes free: a line not of statreturn's: $(grep -v '^statreturn: \|^  ' "$WORK/err" | head -1)"
            grep -m1 'error' "$WORK/err" | sed -e "s|$MNT|DIR|g" -e 's/: No space left on device//' >>"$WORK/stages_$ret"
            fills=$((fills + 1)) ;;
        *)
            cat "$WORK/err" >&2
            fail "$ret with $free bytes free: exit $st (expected 8, or 0/1 with the whole set)" ;;
        esac
    done
    echo "  $ret: where the disk filled:" >&2
    sort -u "$WORK/stages_$ret" | sed 's/^/    /' >&2
    echo "  $ret: $fills builds stopped by the full disk (exit 8, nothing left), $wholes wrote the whole set" >&2
    [ "$fills" -ge 8 ] || fail "$ret: only $fills of ${#frees[@]} builds met the full disk"
    [ "$wholes" -ge 1 ] || fail "$ret: no build had room for the whole set"

    # $TMPDIR full: the report's findings store (empty for a clean build)
    # and, for 903, the validator's scratch files cannot be written
    mount_with_free 0
    out="$WORK/out_$ret"
    mkdir "$out"
    st=0
    TMPDIR="$MNT" build $ret "$out" || st=$?
    left=$(names "$out")
    if [ "$st" -eq 8 ]; then
        [ -z "$left" ] || fail "$ret with \$TMPDIR full: exit 8 left: $(echo $left)"
    elif [ "$st" -gt 1 ] || [ "$ret" = 903 ] || [ "$left" != "$set_names" ]; then
        cat "$WORK/err" >&2
        fail "$ret with \$TMPDIR full: exit $st, folder: $(echo $left)"
    fi
    [ -z "$(names "$MNT")" ] || fail "$ret with \$TMPDIR full left in it: $(names "$MNT" | tr '\n' ' ')"
done
umount "$MNT"
pass
