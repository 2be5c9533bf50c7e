#!/bin/sh
# Makes a larger SSDA903 CSV set from one that `statreturn build 903` wrote,
# for the validation benchmark (make bench): the issue asks for a return of
# 100,000 children with about 200,000 episodes and 500,000 reviews, which is
# more than one synthetic snapshot holds.
#
#   scripts/cla-scale.sh SRC_DIR DEST_DIR CHILDREN EPISODES_PER_CHILD REVIEWS_PER_CHILD
#
# Children are copied round-robin from the source set; copy k of a child gets
# its CHILD with a letter appended (still at most 10 characters), so copies
# never collide.  Every row of every table comes with its child.  Copies after
# the first move their episodes forward (an extra, later episode is appended
# when a child has fewer than EPISODES_PER_CHILD on average is wanted: the
# last episode is split at a mid-point with REC X1 / RNE P, the way a change
# of placement is recorded), and reviews are added on the 15th, then the
# 1st, of months the child was looked after, up to REVIEWS_PER_CHILD.  The data stay synthetic:
# the source set came from `statreturn synth`.
set -eu

src=$1
dest=$2
want=$3
eps=$4
revs=$5

mkdir -p "$dest"
for f in "$src"/*.csv; do
    base=$(basename "$f")
    case "$base" in
    *_Header.csv | *_Episodes.csv | *_Reviews.csv) ;;
    *)
        # one copy of every row per copy of its child
        awk -F, -v want="$want" -v hdr="$(ls "$src"/*_Header.csv)" '
            BEGIN {
                OFS = ","
                while ((getline line < hdr) > 0) { if (nh++ == 0) continue; split(line, a, ","); ids[nh - 1] = a[1] }
                n = nh - 1
                for (i = 0; i < want; i++) { k = int(i / n); copies[ids[i % n + 1]] = k + 1 }
            }
            NR == 1 { print; next }
            { c = copies[$1] + 0; id = $1
              for (k = 0; k < c; k++) { $1 = (k ? id substr("ABCDEFGHJKLMNPQRSTUVWXYZ", k, 1) : id); print } }
        ' "$f" >"$dest/$base"
        ;;
    esac
done

# Header, Episodes and Reviews, child by child
awk -F, -v want="$want" -v eps="$eps" -v revs="$revs" \
    -v hdr="$(ls "$src"/*_Header.csv)" -v epf="$(ls "$src"/*_Episodes.csv)" -v rvf="$(ls "$src"/*_Reviews.csv)" \
    -v oh="$dest/$(basename "$(ls "$src"/*_Header.csv)")" \
    -v oe="$dest/$(basename "$(ls "$src"/*_Episodes.csv)")" \
    -v orv="$dest/$(basename "$(ls "$src"/*_Reviews.csv)")" '
function ymd(d) { return substr(d, 7, 4) substr(d, 4, 2) substr(d, 1, 2) }
BEGIN {
    OFS = ","
    while ((getline line < hdr) > 0) {
        if (nh++ == 0) { print line > oh; continue }
        split(line, a, ","); n++; hid[n] = a[1]; hrow[n] = line; dob[a[1]] = a[3]
    }
    while ((getline line < epf) > 0) {
        if (ne++ == 0) { print line > oe; continue }
        split(line, a, ","); ep[a[1], ++nep[a[1]]] = line
    }
    while ((getline line < rvf) > 0) {
        if (nr++ == 0) { print line > orv; continue }
        split(line, a, ","); rv[a[1], ++nrv[a[1]]] = line
    }
    # the 15th of each month, April to March, then the 1st: a child looked
    # after for a few months gets its reviews too
    for (m = 0; m < 24; m++) {
        mo = (m % 12 + 3) % 12 + 1; yr = (mo >= 4) ? 2024 : 2025
        months[m] = sprintf("%s/%02d/%d", m < 12 ? "15" : "01", mo, yr)
    }
    total_e = 0
    for (i = 0; i < want; i++) {
        src_id = hid[i % n + 1]; k = int(i / n)
        id = k ? src_id substr("ABCDEFGHJKLMNPQRSTUVWXYZ", k, 1) : src_id
        line = hrow[i % n + 1]; sub(/^[^,]*/, id, line); print line > oh
        first = ""; last_open = 0; lastdec = ""
        for (j = 1; j <= nep[src_id]; j++) {
            line = ep[src_id, j]; split(line, a, ",")
            if (first == "" || ymd(a[2]) < ymd(first)) first = a[2]
            if (a[8] == "") last_open = 1; else if (lastdec == "" || ymd(a[8]) > ymd(lastdec)) lastdec = a[8]
            # an extra episode: split an open one at 1 October (when it started before)
            if (a[8] == "" && total_e < eps * (i + 1) - nep[src_id] && ymd(a[2]) < "20241001") {
                b = line; split(b, f, ",")
                f[8] = "01/10/2024"; f[9] = "X1"; f[10] = "CARPL"
                out = f[1]; for (q = 2; q <= 13; q++) out = out "," f[q]
                sub(/^[^,]*/, id, out); print out > oe; total_e++
                f[2] = "01/10/2024"; f[3] = "P"; f[8] = ""; f[9] = ""; f[10] = ""
                out = f[1]; for (q = 2; q <= 13; q++) out = out "," f[q]
                sub(/^[^,]*/, id, out); print out > oe; total_e++
                continue
            }
            sub(/^[^,]*/, id, line); print line > oe; total_e++
        }
        have = 0
        for (j = 1; j <= nrv[src_id]; j++) { line = rv[src_id, j]; sub(/^[^,]*/, id, line); print line > orv; have++ }
        if (first == "") continue
        for (m = 0; m < 24 && have < revs; m++) {
            d = months[m]
            if (ymd(d) <= ymd(first)) continue
            if (!last_open && ymd(d) > ymd(lastdec)) continue
            print id, dob[src_id], d, "PN1" > orv; have++
        }
    }
}'
