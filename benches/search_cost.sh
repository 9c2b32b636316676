#!/usr/bin/env bash
# What search and social cards add to a build (issue 12's measure).
#
#   benches/search_cost.sh              # 1,000 and 10,000 pages, in /dev/shm
#   benches/search_cost.sh 10000        # one size
#
# For each size, examples/gen-site.rs writes one campaign, copied three
# ways:
#
#   neither   search: false, and a social_image: (no index, no card drawn)
#   cards     search: false (the default cards are drawn)
#   default   as it comes: the search index and the default cards
#
# Then, RUNS times, rotating which variant goes first, each variant does a
# clean build (output removed first); "default" also does a build with
# nothing changed and one after a one-sentence edit. Sites and outputs go
# in /dev/shm (tmpfs), so the virtual disk's noise stays out: this measures
# the work, compare.sh measures the disk. Prints medians of wall time, CPU
# time and peak memory (GNU time), and default's cost over neither.
#
# Environment: RUNS (default 3), KEEP=1 keeps the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-3}

[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
[ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] || { echo "/dev/shm is not a tmpfs" >&2; exit 1; }

cargo build --release --quiet --bin beacon --example gen-site
BEACON="$ROOT/target/release/beacon"
GEN="$ROOT/target/release/examples/gen-site"
DIR=$(mktemp -d /dev/shm/beacon-search-cost.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$DIR"' EXIT
results="$DIR/results.txt"
: >"$results"

# A 1×1 PNG for neither's social_image.
PNG='iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

# measure CMD...: "wall_s peak_mib cpu_s" of one run.
measure() {
    /usr/bin/time -f '%e %M %U %S' -o "$DIR/time.txt" "$@" >"$DIR/out.txt" 2>&1 \
        || { cat "$DIR/out.txt" >&2; exit 1; }
    awk '{ printf "%.3f %.1f %.2f\n", $1, $2 / 1024, $3 + $4 }' "$DIR/time.txt"
}

build() { # variant pages
    measure "$BEACON" build --site "$DIR/$2/$1" --out "$DIR/$2/$1-out" --quiet
}

variants=(neither cards default)
for pages in "${sizes[@]}"; do
    echo "== $pages pages" >&2
    "$GEN" --pages "$pages" --out "$DIR/$pages/default" >/dev/null
    for variant in neither cards; do
        cp -r "$DIR/$pages/default" "$DIR/$pages/$variant"
        printf '\nsearch: false\n' >>"$DIR/$pages/$variant/site.yaml"
    done
    echo "$PNG" | base64 -d >"$DIR/$pages/neither/content/share.png"
    printf 'social_image: share.png\nsocial_image_alt: "A test image"\n' >>"$DIR/$pages/neither/site.yaml"
    for variant in "${variants[@]}"; do # warm-up
        build "$variant" "$pages" >/dev/null
    done
    for run in $(seq 1 "$runs"); do
        for offset in 0 1 2; do
            variant=${variants[$(( (run - 1 + offset) % 3 ))]}
            rm -rf "$DIR/$pages/$variant-out"
            sample=$(build "$variant" "$pages")
            echo "$pages clean $variant $sample" >>"$results"
            echo "   run $run $variant clean: $sample" >&2
        done
        sample=$(build default "$pages")
        echo "$pages unchanged default $sample" >>"$results"
        page=$(find "$DIR/$pages/default/content/realise" -name 'page-*.md' | LC_ALL=C sort | awk 'NR == 1')
        printf '\nA sentence added for run %s.\n' "$run" >>"$page"
        sample=$(build default "$pages")
        echo "$pages edit default $sample" >>"$results"
        echo "   run $run default unchanged and edit done" >&2
    done
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
value() { awk -v p="$1" -v s="$2" -v t="$3" -v f="$4" '$1 == p && $2 == s && $3 == t { print $f }' "$results" | median; }

echo "beacon: $(git describe --always --dirty), $(nproc) cores, medians of $runs"
printf '%7s  %-9s  %-8s  %8s  %9s  %7s  %12s\n' pages scenario variant "wall s" "peak MiB" "cpu s" "wall/neither"
for pages in "${sizes[@]}"; do
    base=$(value "$pages" clean neither 4)
    for row in "clean neither" "clean cards" "clean default" "unchanged default" "edit default"; do
        set -- $row
        w=$(value "$pages" "$1" "$2" 4)
        printf '%7s  %-9s  %-8s  %8.3f  %9.1f  %7.2f  %12s\n' "$pages" "$1" "$2" "$w" \
            "$(value "$pages" "$1" "$2" 5)" "$(value "$pages" "$1" "$2" 6)" \
            "$(awk -v a="$w" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
    done
done
