#!/bin/sh
# A DMaskingNAS search of the 12k sweep in fbnetv2-micro-28 (resolution searched) with 6 epochs instead of 3, its
# network retrained as the sweep's (3 epochs on 30,000 Fashion-MNIST images, seeds 0-2). sh run.sh OUT TARGET
set -e
OUT=${1:-runs/e6}
T=${2:-900000}
F="node packages/cli/bin/fbnas.mjs"
$F search --space fbnetv2-micro-28 --target-macs $T --data fashion-mnist --train-images 12000 --epochs 6 --seed 0 --out "$OUT/search-$T"
for s in 0 1 2; do
  $F train --arch "$OUT/search-$T/architecture.json" --data fashion-mnist --train-images 30000 --epochs 3 --seed $s --out "$OUT/train-$T-seed-$s"
done
