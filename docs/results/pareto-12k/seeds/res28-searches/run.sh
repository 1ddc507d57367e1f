#!/bin/sh
# A DMaskingNAS search of the 12k sweep in fbnetv2-micro-28 with the input resolution fixed at 28
# (fbnetv2-micro-28-res28.json, this folder), its network retrained as the sweep's (3 epochs on 30,000
# Fashion-MNIST images, seeds 0-2). From the checkout after `pnpm build`:
#   sh run.sh OUT TARGET        (OUT holds fbnetv2-micro-28-res28.json; TARGET 150000, 400000 or 900000)
set -e
OUT=${1:-runs/res28}
T=${2:-900000}
F="node packages/cli/bin/fbnas.mjs"
$F search --space "$OUT/fbnetv2-micro-28-res28.json" --target-macs $T --data fashion-mnist --train-images 12000 --epochs 3 --seed 0 --out "$OUT/search-$T"
for s in 0 1 2; do
  $F train --arch "$OUT/search-$T/architecture.json" --data fashion-mnist --train-images 30000 --epochs 3 --seed $s --out "$OUT/train-$T-seed-$s"
done
