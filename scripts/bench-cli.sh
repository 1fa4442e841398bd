#!/usr/bin/env bash
# Benchmarks of the command line against their floors, measured in the same rounds:
#  - `cailiang check` of a generated library of N scenarios (default 1,000: copies of the shipped
#    cases under new ids, with the shipped standards) against a bare `ron` parse of the same files
#    (examples/ron_parse.rs);
#  - `cailiang verify` of M session logs (default 2,000, played here from a script with seeds
#    0..M) against `sha256sum` of the same files.
# Five rounds; every round and the medians are printed. Figures go in docs/PERFORMANCE.md.
# Usage: bash scripts/bench-cli.sh [N] [M]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
m="${2:-2000}"
cargo build --quiet --release --no-default-features
cargo build --quiet --release --no-default-features --example ron_parse
target="${CARGO_TARGET_DIR:-target}/release"
bin="$target/cailiang"
floor_bin="$target/examples/ron_parse"
work="${TMPDIR:-/tmp}/cailiang-bench-cli"
mkdir -p "$work"

# The library: N scenarios, each a shipped case under a new id.
lib="$work/library-$n"
if [ ! -d "$lib" ]; then
  mkdir -p "$lib.tmp"
  cp -r scenarios/standards "$lib.tmp/standards"
  python3 - "$lib.tmp" "$n" <<'PY'
import pathlib, re, sys
out, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
cases = sorted(p for p in pathlib.Path("scenarios").glob("*.ron"))
for i in range(n):
    src = cases[i % len(cases)].read_text()
    old = re.search(r'\bid: "([^"]+)"', src).group(1)
    (out / f"case_{i:05}.ron").write_text(src.replace(f'id: "{old}"', f'id: "bench.c{i:05}"', 1))
PY
  mv "$lib.tmp" "$lib"
fi

# The logs: M plays of the example case.
logs="$work/logs-$m"
if [ ! -d "$logs/sessions" ]; then
  rm -rf "$logs"
  mkdir -p "$logs"
  cat > "$work/script.ron" <<'RON'
[Choose("show_credentials"), Choose("count_goods"), Choose("check_invoices"), Choose("check_record"),
 Choose("order_removal"), Choose("go_decide"),
 Decide(measures: [NoPenalty, Education, OrderToRectify, SupervisedDestruction])]
RON
  for ((i = 0; i < m; i++)); do
    "$bin" play food.expired_yogurt --seed "$i" --trainee "b$i" --input "$work/script.ron" \
      --data-dir "$logs" > /dev/null 2>&1
  done
fi

secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }

files=$(find "$lib" -name '*.ron' | wc -l)
bytes=$(du -sb "$lib" | cut -f1)
lbytes=$(du -sb "$logs/sessions" | cut -f1)
echo "cli benchmark: $(nproc) cores; library $files files ($((bytes / 1000)) kB), $m logs ($((lbytes / 1000)) kB)"
"$bin" check "$lib" > /dev/null 2>&1 || { echo "the generated library does not check clean" >&2; exit 1; }
"$bin" verify "$logs/sessions" > /dev/null 2>&1 || { echo "the generated logs do not verify" >&2; exit 1; }
"$floor_bin" "$lib" > /dev/null; find "$logs/sessions" -type f -print0 | xargs -0 cat > /dev/null
cf=(); cc=(); vf=(); vv=()
for round in 1 2 3 4 5; do
  a=$(secs "$floor_bin" "$lib"); b=$(secs "$bin" check "$lib")
  c=$(secs sh -c "find '$logs/sessions' -name '*.jsonl' -print0 | xargs -0 sha256sum"); d=$(secs "$bin" verify "$logs/sessions")
  cf+=("$a"); cc+=("$b"); vf+=("$c"); vv+=("$d")
  printf '  round %d: check %.2f s vs ron parse %.2f s (%.2f ×); verify %.2f s vs sha256sum %.2f s (%.2f ×)\n' \
    "$round" "$b" "$a" "$(echo "$b / $a" | bc -l)" "$d" "$c" "$(echo "$d / $c" | bc -l)"
done
a=$(median "${cf[@]}"); b=$(median "${cc[@]}"); c=$(median "${vf[@]}"); d=$(median "${vv[@]}")
printf '  median: check %.2f s vs ron parse %.2f s: %.2f ×\n' "$b" "$a" "$(echo "$b / $a" | bc -l)"
printf '  median: verify %.2f s vs sha256sum %.2f s: %.2f ×\n' "$d" "$c" "$(echo "$d / $c" | bc -l)"
