#!/usr/bin/env bash
# The six random box networks of the m05 ablation retrained 10 epochs with seed 2 (the searched one has seeds 0-2), two at a time.
set -u
cd /work/main
A=docs/results/multitask-ablation-m05
OUT=/work/runs/box-long
ls $A/random/random-box-*.arch.json | xargs -P 2 -I{} bash -c 'arch={}; name=$(basename $arch .arch.json); [ -f '$OUT'/$name-s2.json ] || (FBNAS_HOME=/work/runs/ablation-m05/home node packages/cli/bin/fbnas.mjs multitask train --arch $arch --data fashion-mnist --train-images 5000 --epochs 10 --seed 2 --out '$OUT'/$name-s2 --json > '$OUT'/$name-s2.json.tmp 2> '$OUT'/$name-s2.log && mv '$OUT'/$name-s2.json.tmp '$OUT'/$name-s2.json)'
echo ALL DONE
