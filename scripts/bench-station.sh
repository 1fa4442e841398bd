#!/usr/bin/env bash
# The station benchmark: 200 simulated trainees per round against one station on this machine,
# at a workshop's pace and as a burst, with the fsync and round-trip floors of the same run.
# Usage: bash scripts/bench-station.sh [trainees]   (figures go in docs/STATION.md)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --no-default-features --features station --bench station -- "${1:-200}"
