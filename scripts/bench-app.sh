#!/usr/bin/env bash
# Benchmark of the desktop app under Xvfb with software Vulkan (llvmpipe), against its floor
# measured in the same rounds: a bare bevy_egui window with the same plugins
# (examples/bare_window.rs). Each reports the time from launch to the first frame and the mean
# frame time over 300 frames after 10 warm-up frames; the app on the fire case's play screen.
# Release build; five rounds, every round and the medians printed.
# Usage: bash scripts/bench-app.sh   (figures go in docs/APP.md and docs/PERFORMANCE.md)
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
display=:$((80 + RANDOM % 10))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
sleep 1
cargo build --release --quiet
cargo build --release --quiet --example bare_window
target="${CARGO_TARGET_DIR:-target}/release"
echo '[Choose("show_credentials"), Choose("measure_width")]' > "$data/in.ron"
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
af=(); am=(); bf=(); bm=()
for round in 1 2 3 4 5; do
  bare=$(DISPLAY=$display "$target/examples/bare_window" 310 2>/dev/null | grep '^bench:')
  app=$(DISPLAY=$display "$target/cailiang" app --data-dir "$data" --size 1280x800 --bench \
    --scenario fire.exit_blocked_mall --seed 3 --input "$data/in.ron" --frames 310 2>/dev/null | grep '^bench:')
  bf+=("$(echo "$bare" | field launch_to_first_frame_ms)"); bm+=("$(echo "$bare" | field mean_frame_ms)")
  af+=("$(echo "$app" | field launch_to_first_frame_ms)"); am+=("$(echo "$app" | field mean_frame_ms)")
  echo "  round $round: app first frame ${af[-1]} ms, frame ${am[-1]} ms; bare window first frame ${bf[-1]} ms, frame ${bm[-1]} ms"
done
a=$(median "${af[@]}"); b=$(median "${bf[@]}"); c=$(median "${am[@]}"); d=$(median "${bm[@]}")
printf '  median: first frame %s ms vs %s ms (%.2f ×); mean frame %s ms vs %s ms (%.2f ×)\n' \
  "$a" "$b" "$(echo "$a / $b" | bc -l)" "$c" "$d" "$(echo "$c / $d" | bc -l)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
