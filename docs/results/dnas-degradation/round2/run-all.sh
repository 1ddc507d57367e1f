#!/usr/bin/env bash
# The second round of issue-10 probes (docs/results/dnas-degradation/README.md): each line one demo-sized search
# (fbnet-micro-28, embedded Fashion-MNIST subset, 6 epochs, batch 64, seed 0) with search-config overrides, all
# on one latency table LUT (the demo's, measured with 30 repeats). Run from the repository root after `pnpm build`:
#   LUT=runs/exp/lut.json docs/results/dnas-degradation/round2/run-all.sh
set -euo pipefail
P=tools/experiments/dnas-temperature-probe.mjs
TAU_5_TO_1='{"kind":"exponential","initial":5,"decayPerEpoch":0.7248}'
TAU_5='{"kind":"constant","value":5}'
BETA3='{"kind":"multiplicative","alpha":0.2,"beta":3}'
BETA15='{"kind":"multiplicative","alpha":0.2,"beta":1.5}'
probe() { local name=$1 config=$2; shift 2; env "$@" node $P "runs/exp/$name" "$config" "$LUT" > "runs/exp/$name.log" 2>&1; }
probe batch-paper-lr0.1 '{"architectureLearningRate":0.1,"architectureSchedule":"cosine"}'
probe pe-paper-lr0.1 '{"gumbelSamples":"example","architectureLearningRate":0.1,"architectureSchedule":"cosine"}'
probe pe-tau1-lr1 '{"gumbelSamples":"example","architectureLearningRate":1,"architectureSchedule":"cosine","temperature":'"$TAU_5_TO_1"'}'
probe pe-tau1-lr1-const '{"gumbelSamples":"example","architectureLearningRate":1,"architectureSchedule":"constant","temperature":'"$TAU_5_TO_1"'}'
probe batch-tau5-lr1 '{"architectureLearningRate":1,"architectureSchedule":"cosine","temperature":'"$TAU_5"'}'
probe pe-tau5-lr1 '{"gumbelSamples":"example","architectureLearningRate":1,"architectureSchedule":"cosine","temperature":'"$TAU_5"'}'
probe pe-tau5-lr1-beta1.5 '{"gumbelSamples":"example","architectureLearningRate":1,"architectureSchedule":"cosine","temperature":'"$TAU_5"',"loss":'"$BETA15"'}'
probe batch-tau5-lr1-beta3 '{"architectureLearningRate":1,"architectureSchedule":"cosine","temperature":'"$TAU_5"',"loss":'"$BETA3"'}'
probe pe-tau5-lr1-beta3 '{"gumbelSamples":"example","architectureLearningRate":1,"architectureSchedule":"cosine","temperature":'"$TAU_5"',"loss":'"$BETA3"'}'
probe small-beta3-split50 '{"gumbelSamples":"example","architectureLearningRate":1,"architectureSchedule":"cosine","temperature":'"$TAU_5"',"loss":'"$BETA3"'}' WEIGHT_FRACTION=0.5
probe small-beta3-warm2 '{"gumbelSamples":"example","architectureLearningRate":1,"architectureSchedule":"cosine","temperature":'"$TAU_5"',"loss":'"$BETA3"',"warmupEpochs":2}'
