#!/usr/bin/env bash
# Issue #10, item 3: the same search with 3 seeds, each argmax retrained the same way; then the spread of test
# accuracy and measured latency. As a user runs it (the built CLI), on real Fashion-MNIST (Debian's
# dataset-fashion-mnist), with one latency table shared by the 3 searches:
#   pnpm build && tools/experiments/seed-reproducibility.sh OUT
# Environment (defaults): TRAIN_IMAGES (12000: 9600 for the weights, 2400 for θ), SEARCH_EPOCHS (3), TRAIN_EPOCHS (5),
# SEEDS ("0 1 2"), RECIPE (small), BETA (3), LUT (OUT/lut.json, measured here when missing).
set -euo pipefail
OUT=${1:?usage: seed-reproducibility.sh OUT}
TRAIN_IMAGES=${TRAIN_IMAGES:-12000}; SEARCH_EPOCHS=${SEARCH_EPOCHS:-3}; TRAIN_EPOCHS=${TRAIN_EPOCHS:-5}
SEEDS=${SEEDS:-0 1 2}; RECIPE=${RECIPE:-small}; BETA=${BETA:-3}; LUT=${LUT:-$OUT/lut.json}
FBNAS="node $(dirname "$0")/../../packages/cli/bin/fbnas.mjs"
mkdir -p "$OUT"
[[ -f $LUT ]] || $FBNAS latency build --space fbnet-micro-28 --repeats 30 --out "$LUT"
for SEED in $SEEDS; do
  $FBNAS search --space fbnet-micro-28 --data fashion-mnist --train-images "$TRAIN_IMAGES" --epochs "$SEARCH_EPOCHS" \
    --recipe "$RECIPE" --beta "$BETA" --lut "$LUT" --seed "$SEED" --samples 0 --out "$OUT/search-$SEED" --json > "$OUT/search-$SEED.json"
  [[ -f $OUT/train-$SEED/result.json ]] || $FBNAS train --arch "$OUT/search-$SEED/architecture.json" --data fashion-mnist \
    --train-images "$TRAIN_IMAGES" --epochs "$TRAIN_EPOCHS" --seed "$SEED" --out "$OUT/train-$SEED" --json > "$OUT/train-$SEED.json"
done
node -e '
const fs = require("fs"); const out = process.argv[1]; const seeds = process.argv[2].split(" ");
const rows = seeds.map((s) => {
  const search = JSON.parse(fs.readFileSync(`${out}/search-${s}.json`, "utf8"));
  const train = JSON.parse(fs.readFileSync(`${out}/train-${s}/result.json`, "utf8"));
  const log = fs.readFileSync(`${out}/search-${s}/log.jsonl`, "utf8").trim().split("\n").map(JSON.parse).filter((l) => l.probabilities);
  const last = log[log.length - 1]; const maxP = Object.values(last.probabilities).map((r) => Math.max(...Object.values(r)));
  return { seed: Number(s), argmax: Object.values(search.argmax).join(" "), predictedUs: search.architectures[0].predictedCost, macs: search.architectures[0].macs,
    meanMaxP: maxP.reduce((a, b) => a + b) / maxP.length, testAccuracy: train.testAccuracy, measuredUs: train.measuredLatencyUs };
});
const spread = (k) => { const v = rows.map((r) => r[k]); return { min: Math.min(...v), max: Math.max(...v), range: Math.max(...v) - Math.min(...v) }; };
const summary = { rows, testAccuracy: spread("testAccuracy"), measuredUs: spread("measuredUs"), predictedUs: spread("predictedUs") };
fs.writeFileSync(`${out}/seeds.json`, JSON.stringify(summary, null, 2) + "\n");
console.log(JSON.stringify(summary, null, 2));
' "$OUT" "$SEEDS"
