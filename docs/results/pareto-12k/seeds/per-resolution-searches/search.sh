#!/bin/sh
# sh search.sh OUT R T...: DMaskingNAS searches of the 12k sweep in fbnetv2-micro-28-resR.json (OUT), one per target
set -e
OUT=$1; R=$2; shift 2
for T in "$@"; do
  node packages/cli/bin/fbnas.mjs search --space "$OUT/fbnetv2-micro-28-res$R.json" --target-macs $T --data fashion-mnist --train-images 12000 --epochs 3 --seed 0 --out "$OUT/search-res$R-$T"
done
