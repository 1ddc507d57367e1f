// Batch-1 latency of several saved models measured side by side: rounds of one timed predict per model, in turn,
// so that whatever else runs on the machine slows every model alike. Prints the median per model (µs).
//   node tools/experiments/measure-models.mjs [--rounds 200] MODEL_DIR...
import { zeros } from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '@fbnas/backend';
import { median, timePredict } from '@fbnas/latency';
import { fileSystemIO, registerFbnasLayers } from '@fbnas/ops';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 200;
if (args.length === 0) throw new Error('usage: measure-models.mjs [--rounds N] MODEL_DIR...');
await selectBackend();
registerFbnasLayers();
const models = [];
for (const dir of args) {
  const model = await loadLayersModel(fileSystemIO(dir));
  const [, h, w, c] = model.inputs[0].shape;
  models.push({ dir, model, input: zeros([1, h, w, c]), times: [] });
}
for (const m of models) timePredict(m.model, m.input, { warmup: 20, repeats: 1 });
for (let round = 0; round < rounds; round++) for (const m of models) m.times.push(...timePredict(m.model, m.input, { warmup: 0, repeats: 1 }));
console.log(JSON.stringify(Object.fromEntries(models.map((m) => [m.dir, Math.round(median(m.times))])), null, 2));
