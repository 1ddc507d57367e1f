// Zoo inference latency (issue #3): FBNet-C at 224 and FBNetV2-F1 at 128, batch 1, eval mode, on tfjs wasm,
// side by side with PyTorch's CPU build (same architecture built by tools/python/fbnet_reference.py, one
// thread like tfjs's wasm backend in Node) when it is installed.
import '@tensorflow/tfjs-backend-cpu';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { buildModel } from '@fbnas/ops';
import { loadArchitecture } from '@fbnas/zoo';
import { pytorchAvailable, runPytorch } from '../pytorch.mjs';
import { round, table, timeMedian } from '../timing.mjs';

const MODELS = ['fbnet_c', 'FBNetV2_F1'];

function measure(name, repeats) {
  const arch = loadArchitecture(name);
  const model = buildModel(arch, { seed: 0 });
  const x = tf.randomNormal([1, arch.inputSize, arch.inputSize, 3]);
  const before = tf.memory().numTensors;
  const forwardMs = timeMedian(() => {
    const y = model.predict(x);
    y.dataSync();
    y.dispose();
  }, { warmup: 3, repeats });
  const leaked = tf.memory().numTensors - before;
  x.dispose();
  model.dispose();
  return { name, inputSize: arch.inputSize, forwardMs, leakedTensors: leaked };
}

/** Runs the suite. */
export async function run(options) {
  await tf.setBackend('wasm');
  const repeats = options.quick ? 10 : 30;
  const torch = pytorchAvailable();
  const rows = MODELS.map((name) => {
    const wasm = measure(name, repeats);
    const architecture = fileURLToPath(new URL(`../../../packages/zoo/src/architectures/${name}.json`, import.meta.url));
    const pytorch = torch ? runPytorch('pytorch-inference.py', [architecture, 1, repeats]) : null;
    return { ...wasm, pytorchMs: pytorch?.forwardMs ?? null, ratio: pytorch ? wasm.forwardMs / pytorch.forwardMs : null };
  });
  console.log('\nZoo inference, batch 1 (eval mode; wasm and PyTorch both on 1 thread)\n');
  console.log(table([
    ['model', 'input', 'tfjs wasm ms', 'pytorch ms', 'wasm / pytorch'],
    ...rows.map((r) => [r.name, r.inputSize, round(r.forwardMs), r.pytorchMs === null ? 'skipped' : round(r.pytorchMs), r.ratio === null ? '-' : `${round(r.ratio, 2)}x`]),
  ]));
  console.log('  target: wasm <= 1.5x pytorch');
  return { rows };
}
