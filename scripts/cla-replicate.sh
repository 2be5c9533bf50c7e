#!/bin/sh
# Makes a large SSDA903 CSV set from a smaller one (e.g. the 100,000-child
# set scripts/cla-scale.sh makes), for the memory benchmark of 903
# validation (make bench): COPIES copies of every data row, copy k with the
# first character of CHILD replaced by the k-th of 33 letters and digits
# other than C, so that no two copies share a child (CHILD keeps its length;
# the synthetic sets' CHILD values start with C and are never quoted).  24
# copies of the 43 MB set of 100,000 children are a set of about 1 GB and
# 2,400,000 children.
#
#   scripts/cla-replicate.sh SRC_DIR DEST_DIR COPIES
#
# The data stay synthetic: the source set came from `statreturn synth`.
set -eu

src=$1
dest=$2
copies=$3
alphabet=ABDEFGHJKLMNPQRSTUVWXYZ123456789
[ "$copies" -ge 1 ] && [ "$copies" -le ${#alphabet} ] ||
    { echo "cla-replicate.sh: COPIES must be 1 to ${#alphabet}" >&2; exit 2; }
mkdir -p "$dest"
for f in "$src"/*.csv; do
    out="$dest/$(basename "$f")"
    head -n 1 "$f" >"$out"
    k=0
    while [ "$k" -lt "$copies" ]; do
        c=$(printf '%s' "$alphabet" | cut -c $((k + 1)))
        tail -n +2 "$f" | sed "s/^C/$c/" >>"$out"
        k=$((k + 1))
    done
done
