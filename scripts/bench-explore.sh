#!/usr/bin/env bash
# Benchmark of `cailiang explore` on a generated case with 2^N paths (default N = 42: about
# 4.4 × 10^12), against its floors in the same rounds: `cailiang check` of the same file (load,
# validate, and the shipped standards) and a bare `ron` parse of it (examples/ron_parse.rs). The
# goal: under a second. Five rounds; every round and the medians are printed (docs/PERFORMANCE.md).
# Usage: bash scripts/bench-explore.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-42}"
cargo build --quiet --release --no-default-features
cargo build --quiet --release --no-default-features --example ron_parse
target="${CARGO_TARGET_DIR:-target}/release"
bin="$target/cailiang"
floor_bin="$target/examples/ron_parse"
work="${TMPDIR:-/tmp}/cailiang-bench-explore"
mkdir -p "$work"
case_file="$work/wide_$n.ron"
bash scripts/wide-case.sh "$n" > "$case_file"

secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }

paths=$("$bin" explore "$case_file" --format json | python3 -c '
import json, sys
v = json.load(sys.stdin)
print("%.3e paths, %d states, complete: %s" % (v["paths"], v["states"], v["complete"]))')
echo "explore benchmark: $(nproc) cores; generated case of $n two-way scenes: $paths"
ee=(); cc=(); rr=()
for round in 1 2 3 4 5; do
  a=$(secs "$bin" explore "$case_file" --format json); b=$(secs "$bin" check "$case_file"); c=$(secs "$floor_bin" "$case_file")
  ee+=("$a"); cc+=("$b"); rr+=("$c")
  printf '  round %d: explore %.3f s; check %.3f s; ron parse %.3f s\n' "$round" "$a" "$b" "$c"
done
a=$(median "${ee[@]}"); b=$(median "${cc[@]}"); c=$(median "${rr[@]}")
printf '  median: explore %.3f s (%.2f × check, %.1f × a bare ron parse)\n' "$a" "$(echo "$a / $b" | bc -l)" "$(echo "$a / $c" | bc -l)"
