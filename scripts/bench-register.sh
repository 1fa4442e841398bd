#!/usr/bin/env bash
# The register benchmark: import N signed station logs (default 10,000) into a fresh SQLite
# register, against sha256sum over the same files measured in the same run.
# Usage: bash scripts/bench-register.sh [N]   (figures go in docs/REGISTER.md)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --no-default-features --features register --bench register -- "${1:-10000}"
