// Where a searched network's predicted latency (the table's sum) and its measured latency part: the whole network
// timed in this (idle) process against the prediction, each block's in-network cost (prefix networks, each block's
// cost the difference to the previous prefix) against its table entry, and, given a saved model, the first passes
// of 10 warm-up + 50 timed predicts on it freshly loaded.
//   pnpm build && node tools/experiments/latency-probe.mjs SEARCH_DIR [MODEL_DIR]
// SEARCH_DIR: an `fbnas search` / demo search folder (architecture.json, lut.json, search-result.json), e.g.
// runs/demo-…/search; MODEL_DIR: a trained model of that architecture, e.g. runs/demo-…/retrain/model.
import { readFileSync } from 'node:fs';
import { randomNormal, zeros } from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { loadLatencyTable, median, predictLatency, timePredict } from '@fbnas/latency';
import { buildModel, buildPlanModel, fileSystemIO, planArchitecture, registerFbnasLayers } from '@fbnas/ops';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';

const [dir, modelDir] = process.argv.slice(2);
if (!dir) throw new Error('usage: latency-probe.mjs SEARCH_DIR [MODEL_DIR]');
await selectBackend({ backend: 'wasm' });
registerFbnasLayers();
const ops = createBuiltinOpSpecRegistry();
const arch = JSON.parse(readFileSync(`${dir}/architecture.json`, 'utf8'));
const { argmax } = JSON.parse(readFileSync(`${dir}/search-result.json`, 'utf8'));
const table = await loadLatencyTable(`${dir}/lut.json`);
const { blocks, input } = planArchitecture(arch, ops, {});
const shape = [1, input.height, input.width, input.channels];

if (modelDir) {
  // First: before anything else warms the backend up.
  const model = await loadLayersModel(fileSystemIO(modelDir));
  const x = zeros(shape);
  const passes = Array.from({ length: 4 }, () => median(timePredict(model, x, { warmup: 10, repeats: 50 })));
  console.log(`saved model loaded fresh, passes of 10 + 50 predicts: ${passes.map((p) => p.toFixed(0)).join(', ')} µs`);
  model.dispose();
  x.dispose();
}
const x = randomNormal(shape);
/** Median of 300 predicts after 3 × 120 untimed-for-the-result ones (µs). */
const time = (model) => {
  for (let r = 0; r < 3; r++) timePredict(model, x, { warmup: 20, repeats: 100 });
  return median(timePredict(model, x, { warmup: 10, repeats: 300 }));
};
const whole = buildModel(arch, { ops });
console.log(`whole network ${time(whole).toFixed(0)} µs; predicted ${predictLatency(table, argmax).toFixed(0)} µs (table sum)`);
whole.dispose();
const searchable = blocks.filter((block) => table.fixed[block.path] === undefined);
const layerIds = Object.keys(table.layers);
let previous = 0;
for (let k = 1; k <= blocks.length; k++) {
  const model = buildPlanModel(blocks.slice(0, k), input, {});
  const prefix = time(model);
  model.dispose();
  const block = blocks[k - 1];
  const index = searchable.indexOf(block);
  const entry = index >= 0 ? `${layerIds[index]} ${argmax[layerIds[index]]}: ${table.layers[layerIds[index]][argmax[layerIds[index]]].median.toFixed(0)}` : `fixed: ${table.fixed[block.path]?.median.toFixed(0)}`;
  console.log(`${block.path.padEnd(26)} in the network ${(prefix - previous).toFixed(0).padStart(5)} µs; table (${entry} µs)`);
  previous = prefix;
}
