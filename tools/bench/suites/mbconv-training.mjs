// The MBConv training benchmark of issue #2: forward and full training-step time (forward + backward + SGD)
// of the block 1x1 16->96, BN, ReLU, 3x3 depthwise, BN, ReLU, 1x1 96->16, BN (+ residual), batch 32, 32x32,
// on wasm and cpu side by side, with PyTorch's CPU build when present, and a per-kernel breakdown on wasm.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createMbconvBlock } from '@fbnas/backend/testing';
import { pytorchAvailable, runPytorch } from '../pytorch.mjs';
import { round, table, timeMedian } from '../timing.mjs';

async function measure(backend, batchNorm, { forwardRepeats, stepRepeats, warmup }) {
  await tf.setBackend(backend);
  const block = createMbconvBlock({ batchNorm });
  // Read the output outside tidy: tidy walks a returned TypedArray element by element (tfjs-notes §6.1).
  const forwardMs = timeMedian(() => {
    const y = block.forward();
    y.dataSync();
    y.dispose();
  }, { warmup, repeats: forwardRepeats });
  const before = tf.memory().numTensors;
  const stepMs = timeMedian(() => block.step(), { warmup, repeats: stepRepeats });
  const leaked = tf.memory().numTensors - before;
  block.dispose();
  return { backend, batchNorm, forwardMs, stepMs, leakedTensors: leaked };
}

async function kernelBreakdown() {
  await tf.setBackend('wasm');
  const block = createMbconvBlock({ batchNorm: 'fbnas' });
  block.step();
  const profile = await tf.profile(() => {
    block.step();
  });
  block.dispose();
  const byName = new Map();
  for (const kernel of profile.kernels) {
    const ms = await kernel.kernelTimeMs;
    const entry = byName.get(kernel.name) ?? { kernel: kernel.name, calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += typeof ms === 'number' ? ms : 0;
    byName.set(kernel.name, entry);
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms).map((e) => ({ ...e, ms: round(e.ms, 2) }));
}

/** Runs the suite; `options.quick` shortens the wasm repeats (the cpu step always runs once: ~40 s). */
export async function run(options) {
  const wasmRuns = options.quick ? { forwardRepeats: 5, stepRepeats: 5, warmup: 2 } : { forwardRepeats: 20, stepRepeats: 20, warmup: 3 };
  const cpuRuns = { forwardRepeats: 3, stepRepeats: 1, warmup: 1 };
  const rows = [];
  rows.push(await measure('wasm', 'fbnas', wasmRuns));
  rows.push(await measure('wasm', 'tfjs', wasmRuns));
  rows.push(await measure('cpu', 'fbnas', cpuRuns));
  let pytorch = null;
  if (pytorchAvailable()) {
    const repeats = options.quick ? 10 : 30;
    pytorch = { threads1: runPytorch('pytorch-block.py', [1, repeats, repeats]), threads2: runPytorch('pytorch-block.py', [2, repeats, repeats]) };
  }
  const [wasm, wasmTfjsBn, cpu] = rows;
  const ratios = {
    stepCpuOverWasm: cpu.stepMs / wasm.stepMs,
    forwardCpuOverWasm: cpu.forwardMs / wasm.forwardMs,
    stepWasmTfjsBnOverFbnasBn: wasmTfjsBn.stepMs / wasm.stepMs,
    stepWasmOverPytorch1Thread: pytorch ? wasm.stepMs / pytorch.threads1.stepMs : null,
    forwardWasmOverPytorch1Thread: pytorch ? wasm.forwardMs / pytorch.threads1.forwardMs : null,
  };
  const kernels = await kernelBreakdown();
  const display = [
    ['engine', 'batch norm', 'threads', 'forward ms', 'train step ms'],
    ...rows.map((r) => [`tfjs ${r.backend}`, r.batchNorm === 'fbnas' ? 'fbnas batchNormTraining' : 'tf.moments + tf.batchNorm', 1, round(r.forwardMs), round(r.stepMs)]),
  ];
  if (pytorch) {
    display.push([`pytorch ${pytorch.threads1.torch}`, 'nn.BatchNorm2d', 1, round(pytorch.threads1.forwardMs), round(pytorch.threads1.stepMs)]);
    display.push([`pytorch ${pytorch.threads2.torch}`, 'nn.BatchNorm2d', 2, round(pytorch.threads2.forwardMs), round(pytorch.threads2.stepMs)]);
  }
  console.log('\nMBConv block training (1x1 16->96, BN, ReLU, dw3x3, BN, ReLU, 1x1 96->16, BN, residual; batch 32, 32x32)\n');
  console.log(table(display));
  console.log('\nratios:');
  console.log(`  train step, cpu / wasm:               ${round(ratios.stepCpuOverWasm)}x  (target >= 50x)`);
  console.log(`  forward,    cpu / wasm:               ${round(ratios.forwardCpuOverWasm)}x`);
  console.log(`  train step, wasm tf.batchNorm / fbnas: ${round(ratios.stepWasmTfjsBnOverFbnasBn, 2)}x`);
  if (pytorch) {
    console.log(`  train step, wasm / pytorch (1 thread): ${round(ratios.stepWasmOverPytorch1Thread, 2)}x  (target <= 2.5x)`);
    console.log(`  forward,    wasm / pytorch (1 thread): ${round(ratios.forwardWasmOverPytorch1Thread, 2)}x`);
  } else {
    console.log('  pytorch: skipped (/usr/bin/python3 -c "import torch" failed)');
  }
  console.log('\nwasm train step by kernel (one profiled step; kernels that call other kernels include them):\n');
  console.log(table([['kernel', 'calls', 'ms'], ...kernels.slice(0, 15).map((k) => [k.kernel, k.calls, k.ms])]));
  return { rows, pytorch, ratios, kernels };
}
