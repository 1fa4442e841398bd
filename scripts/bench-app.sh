#!/usr/bin/env bash
# Benchmark of the desktop app under Xvfb with software Vulkan (llvmpipe): time from launch to the
# first frame, and the mean frame time on the case-play screen. Release build; 3 runs.
# Usage: bash scripts/bench-app.sh   (figures go in docs/APP.md by hand, with the machine noted)
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
display=:$((80 + RANDOM % 10))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
sleep 1
cargo build --release --quiet
echo '[Choose("show_credentials"), Choose("measure_width")]' > "$data/in.ron"
for run in 1 2 3; do
  DISPLAY=$display ./target/release/cailiang app --data-dir "$data" --size 1280x800 --bench \
    --scenario fire.exit_blocked_mall --seed 3 --input "$data/in.ron" --frames 310 2>/dev/null | grep '^bench:'
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
