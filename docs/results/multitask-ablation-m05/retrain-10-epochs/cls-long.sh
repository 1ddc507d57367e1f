#!/usr/bin/env bash
# Box networks of the m05 ablation retrained 10 epochs (instead of 5), seeds 0 and 1, two at a time.
set -u
cd /work/main
A=docs/results/multitask-ablation-m05
OUT=/work/runs/cls-long
mkdir -p $OUT
jobs=()
for arch in $A/search/multitask/classification.arch.json $A/random/random-classification-*.arch.json; do
  name=$(basename $arch .arch.json); [ "$name" = classification ] && name=multitask-classification
  for s in 0 1; do jobs+=("$arch|$name|$s"); done
done
run() {
  IFS='|' read -r arch name s <<< "$1"
  [ -f $OUT/$name-s$s.json ] && return
  FBNAS_HOME=/work/runs/ablation-m05/home node packages/cli/bin/fbnas.mjs multitask train --arch $arch --data fashion-mnist --train-images 5000 --epochs 10 --seed $s --out $OUT/$name-s$s --json > $OUT/$name-s$s.json.tmp 2> $OUT/$name-s$s.log && mv $OUT/$name-s$s.json.tmp $OUT/$name-s$s.json
  echo "$name s$s done $(date +%T)"
}
export -f run; export OUT
printf '%s\n' "${jobs[@]}" | xargs -P 2 -I{} bash -c 'run "$@"' _ {}
echo ALL DONE
