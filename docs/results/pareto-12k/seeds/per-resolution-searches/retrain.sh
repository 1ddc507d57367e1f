#!/bin/sh
# sh retrain.sh OUT R T...: retrain the derived network of each search-resR-T as the sweep does (3 epochs on 30,000, seed 0)
set -e
OUT=$1; R=$2; shift 2
for T in "$@"; do
  node packages/cli/bin/fbnas.mjs train --arch "$OUT/search-res$R-$T/architecture.json" --data fashion-mnist --train-images 30000 --epochs 3 --seed 0 --out "$OUT/train-res$R-$T-seed-0"
done
