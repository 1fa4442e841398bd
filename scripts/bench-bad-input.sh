#!/usr/bin/env bash
# Bad input, measured: each hostile or careless input of issue 12 run through a release build,
# with its wall time, peak memory and the first line of what it said. The inputs are generated
# into a temporary directory. Figures go in docs/PERFORMANCE.md ("Bad input").
# Usage: bash scripts/bench-bad-input.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --no-default-features
bin="${CARGO_TARGET_DIR:-target}/release/cailiang"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export CAILIANG_DATA_DIR="$tmp/data"

python3 - "$tmp" <<'EOF'
import sys, pathlib
t = pathlib.Path(sys.argv[1])
(t / "key.json").write_text('{"' + "x" * 1_000_000 + '": true}')
case = pathlib.Path("scenarios/food_expired_yogurt.ron").read_text()
case = case.replace('establishes: ["goods_value", "months"]',
                    'establishes: ["' + "y" * (1 << 20) + '", "months"]', 1)
(t / "case.ron").write_text(case)
(t / "big.ron").write_text("[" + 'Choose("a"), ' * 2_400_000 + "]")
(t / "many.ron").write_text("[" + 'Choose("a"),' * 80_000 + "]")
(t / "bom.ron").write_text("\ufeff[Choose(\"show_credentials\")]")
(t / "nul.ron").write_text('[Choose("a\\u{0}\\u{1b}[2Jb")]')
(t / "line.txt").write_text("9" * (1 << 20) + "\n")
EOF
mkfifo "$tmp/pipe.ron"

measure() {
  local what="$1"; shift
  local input="/dev/null"
  if [ "$1" = "--stdin" ]; then input="$2"; shift 2; fi
  # /usr/bin/time writes its figures last on stderr, which the command's own stderr shares.
  /usr/bin/time -f '%e %M' "$bin" "$@" < "$input" > "$tmp/out" 2> "$tmp/err" || true
  local figures said
  figures=$(tail -n 1 "$tmp/err")
  said=$(grep -m1 -E 'error|longer|larger|not a' "$tmp/err" "$tmp/out" -h | cut -c1-110 || true)
  printf '| %s | %s s | %s MB | %s |\n' "$what" "${figures% *}" "$(( ${figures#* } / 1024 ))" "$said"
}

echo "| input | time | peak memory | first error line |"
echo "|---|---|---|---|"
measure "assess, a 1 MB fact key" assess --violation food.expired_sale --facts "@$tmp/key.json"
measure "check, a 1 MB fact name in a case" check "$tmp/case.ron"
measure "verify /dev/zero" verify /dev/zero
measure "check /dev/zero" check /dev/zero
measure "check a FIFO" check "$tmp/pipe.ron"
measure "play --input /dev/zero" play food.expired_yogurt --input /dev/zero
measure "play --input, a 29 MB script" play food.expired_yogurt --input "$tmp/big.ron"
measure "play --input, 80,000 inputs (1 MB)" play food.expired_yogurt --seed 1 --input "$tmp/many.ron"
measure "assess --facts @/dev/zero" assess --violation food.expired_sale --facts @/dev/zero
measure "play, a 1 MB line typed" --stdin "$tmp/line.txt" play food.expired_yogurt --seed 1
measure "play, NUL and ESC in a choice id" play food.expired_yogurt --seed 1 --input "$tmp/nul.ron"
