#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png with the app's capture mode under Xvfb.
# Usage: bash scripts/screenshots.sh   (needs xvfb and mesa-vulkan-drivers: see scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
mkdir -p "$out"
data=$(mktemp -d)
display=:$((80 + RANDOM % 10))
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
station=""
trap 'kill $xvfb $station 2>/dev/null || true; rm -rf "$data"' EXIT
sleep 1
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/cailiang"
size=1280x800
app() { DISPLAY=$display "$bin" app --data-dir "$data" --size "$size" --frames 20 "$@" 2>/dev/null | grep -E '^(screenshot|error)' || true; }

cat > "$data/investigate.ron" <<'RON'
[Choose("show_credentials"), Choose("count_goods"), Choose("check_record")]
RON
echo '[]' > "$data/none.ron"
cat > "$data/decide.ron" <<'RON'
[Choose("show_credentials"), Choose("count_goods"), Choose("check_invoices"), Choose("check_record"),
 Choose("order_removal"), Choose("go_decide")]
RON
cat > "$data/finish.ron" <<'RON'
[Choose("show_credentials"), Choose("count_goods"), Choose("check_invoices"), Choose("check_record"),
 Choose("go_decide"),
 Decide(measures: [Fine, OrderToRectify], steps: [NotifyRights], fine: 30000, deadline: 5)]
RON

app --lang zh --screen who --capture "$out/who.png"
# A session left part-way and a finished one first, so home shows one to resume and a best result.
app --lang zh --trainee 王明 --scenario food.expired_yogurt --seed 1 --input "$data/investigate.ron" \
  --capture "$data/scratch.png"
app --lang zh --trainee 王明 --scenario food.expired_yogurt --seed 1 --input "$data/finish.ron" \
  --screen debrief --capture "$data/scratch.png"
app --lang zh --trainee 王明 --screen home --capture "$out/home.png"
app --lang zh --scenario food.expired_yogurt --seed 1 --input "$data/investigate.ron" --capture "$out/play-site.png"
app --lang zh --scenario food.expired_yogurt --seed 1 --input "$data/decide.ron" --capture "$out/play-decision.png"
app --lang zh --scenario food.expired_yogurt --seed 1 --input "$data/finish.ron" --screen debrief --capture "$out/debrief.png"
echo '[Choose("show_credentials")]' > "$data/one.ron"
app --lang en --scenario fire.exit_blocked_mall --seed 3 --input "$data/one.ron" --capture "$out/play-en.png"
# The same screens at the smallest and the largest window a workshop PC is likely to have.
for size in 1024x640 1920x1080; do
  app --lang zh --trainee 王明 --screen home --capture "$out/home-$size.png"
  app --lang zh --scenario fire.warehouse_followup --seed 1 --input "$data/none.ron" --capture "$out/play-$size.png"
  app --lang zh --scenario food.expired_yogurt --seed 1 --input "$data/decide.ron" --capture "$out/decision-$size.png"
  app --lang zh --scenario food.expired_yogurt --seed 1 --input "$data/finish.ron" --screen debrief \
    --capture "$out/debrief-$size.png"
done
size=1280x800

# A workshop: a station on this machine, one trainee mid-case, one finished, the instructor's desk.
"$bin" station --plan scenarios/plans/plan_workshop_intro.ron --listen 127.0.0.1:0 \
  --data-dir "$data/station" > "$data/station.out" 2>&1 &
station=$!
for _ in $(seq 100); do grep -q "instructor token" "$data/station.out" 2>/dev/null && break; sleep 0.1; done
addr=$(sed -n 's/^station listening on \(.*\), join code .*$/\1/p' "$data/station.out")
code=$(sed -n 's/^station listening on .*, join code \(.*\)$/\1/p' "$data/station.out")
token=$(sed -n 's/^.*instructor token \(.*\)$/\1/p' "$data/station.out")
app --lang zh --station "$addr" --code "$code" --trainee t01 --scenario food.expired_yogurt \
  --input "$data/finish.ron" --screen debrief --capture "$data/t01.png"
app --lang zh --station "$addr" --code "$code" --trainee t02 --scenario food.expired_yogurt \
  --input "$data/investigate.ron" --capture "$out/station-play.png"
app --lang zh --desk "$addr" --instructor-token "$token" --screen desk --capture "$out/desk.png"

# The reviewer's desk on a register of the station's logs, t01's session open at its decision.
"$bin" register import --db "$data/register.sqlite" --trust "$data/station/station/station.pub" \
  "$data/station/sessions" >/dev/null
"$bin" review key --data-dir "$data" > "$data/reviewer.pub" 2>/dev/null
"$bin" review enrol r.li --name 李审 --key "$(cat "$data/reviewer.pub")" --db "$data/register.sqlite" >/dev/null
t01=$("$bin" review list --all --db "$data/register.sqlite" --trainee t01 --format json \
  | sed -n 's/.*"log_sha256": "\([0-9a-f]\{16\}\).*/\1/p' | head -1)
app --lang zh --review-db "$data/register.sqlite" --review-open "$t01" --screen review --capture "$out/review.png"
ls -la "$out"
