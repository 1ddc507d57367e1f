import '@tensorflow/tfjs-backend-cpu';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ArchDefinition } from '@fbnas/core';
import { selectBackend } from '@fbnas/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from './batch';
import { latencyAwareLoss } from './latency-loss';
import { cosineLearningRate } from './learning-rate';
import { loadNamedTensors, saveNamedTensors } from './named-tensors-file';
import { adam, momentumSgd } from './optimizers';
import { defaultTrainConfig, evaluateAccuracy, trainArchitecture } from './train-architecture';

const folders: string[] = [];
const folder = () => {
  const f = mkdtempSync(join(tmpdir(), 'fbnas-train-'));
  folders.push(f);
  return f;
};
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

describe('latencyAwareLoss', () => {
  it('is CE·α·(ln LAT)^β, or CE + λ·LAT/ref, and refuses LAT ≤ 1', () => {
    const ce = tf.scalar(2);
    const multiplicative = latencyAwareLoss(ce, tf.scalar(400), { kind: 'multiplicative', alpha: 0.2, beta: 0.6 }).dataSync()[0]!;
    expect(multiplicative).toBeCloseTo(2 * 0.2 * Math.log(400) ** 0.6, 5);
    expect(latencyAwareLoss(ce, tf.scalar(500), { kind: 'additive', lambda: 0.5, reference: 250 }).dataSync()[0]).toBeCloseTo(3, 6);
    expect(() => latencyAwareLoss(ce, tf.scalar(0.5), { kind: 'multiplicative', alpha: 0.2, beta: 0.6 })).toThrow(/LAT must be > 1/);
  });

  it('budget form: CE + λ·ln(COST/target)², zero penalty on target, symmetric in the log ratio', () => {
    const ce = tf.scalar(2);
    const at = (cost: number) => latencyAwareLoss(ce, tf.scalar(cost), { kind: 'budget', lambda: 3, target: 1e6 }).dataSync()[0]!;
    expect(at(1e6)).toBeCloseTo(2, 6);
    expect(at(2e6)).toBeCloseTo(2 + 3 * Math.log(2) ** 2, 5);
    expect(at(5e5)).toBeCloseTo(at(2e6), 5);
    expect(() => latencyAwareLoss(ce, tf.scalar(1), { kind: 'budget', lambda: 1, target: 0 })).toThrow(/target must be > 0/);
  });
});

describe('cosineLearningRate', () => {
  it('starts at the initial rate, halves at mid-way and ends at the final rate', () => {
    expect(cosineLearningRate(0.1, 0, 100)).toBeCloseTo(0.1, 10);
    expect(cosineLearningRate(0.1, 50, 100)).toBeCloseTo(0.05, 10);
    expect(cosineLearningRate(0.1, 100, 100, 0.01)).toBeCloseTo(0.01, 10);
  });
});

describe('optimizers', () => {
  it('momentum SGD follows v ← μv + g, w ← w − lr·v', () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const sgd = momentumSgd(0.9);
    sgd.step([w], [tf.tensor1d([0.5, 1])], 0.1);
    sgd.step([w], [tf.tensor1d([0.5, 1])], 0.1);
    // v1 = g, v2 = 0.9g + g = 1.9g; w = w0 − 0.1·(g + 1.9g) = w0 − 0.29g
    const [a, b] = Array.from(w.dataSync());
    expect(a).toBeCloseTo(1 - 0.29 * 0.5, 6);
    expect(b).toBeCloseTo(-2 - 0.29, 6);
  });

  it('Adam matches the bias-corrected update, and its state round-trips', () => {
    const w = tf.variable(tf.tensor1d([1]));
    const optimizer = adam({ weightDecay: 0 });
    optimizer.step([w], [tf.tensor1d([2])], 0.01);
    // first step: m̂ = g, v̂ = g², update = lr·g/(|g| + ε) ≈ lr
    expect(w.dataSync()[0]).toBeCloseTo(1 - 0.01, 6);
    const state = optimizer.state('a');
    const restored = adam();
    restored.restore('a', state);
    const w2 = tf.variable(tf.tensor1d([0.99]));
    optimizer.step([w], [tf.tensor1d([1])], 0.01);
    restored.step([w2], [tf.tensor1d([1])], 0.01);
    expect(w2.dataSync()[0]).toBeCloseTo(w.dataSync()[0]!, 7);
  });
});

describe('saveNamedTensors', () => {
  it('round-trips tensors and state atomically', async () => {
    const path = join(folder(), 'checkpoint');
    await saveNamedTensors(path, { a: tf.tensor2d([[1, 2], [3, 4]]), 'b/c': tf.scalar(7, 'int32') }, { epoch: 3 });
    await saveNamedTensors(path, { a: tf.tensor2d([[5, 6], [7, 8]]), 'b/c': tf.scalar(8, 'int32') }, { epoch: 4 });
    const { tensors, state } = await loadNamedTensors<{ epoch: number }>(path);
    expect(state.epoch).toBe(4);
    expect(Array.from(tensors.a!.dataSync())).toEqual([5, 6, 7, 8]);
    expect(tensors['b/c']!.dataSync()[0]).toBe(8);
  });
});

describe('trainArchitecture', () => {
  const architecture = {
    format: 'fbnas.arch/v1', name: 'tiny', inputSize: 8, inputChannels: 1, numClasses: 2,
    stages: [[['conv_k3', 8, 2, 1]], [['ir_k3', 8, 1, 1, { expansion: 2 }]]],
  } as unknown as ArchDefinition;
  // Two classes: bright left half or bright right half (+ deterministic noise).
  const source = (count: number) => (): Batch[] => Array.from({ length: count }, (_, b) => {
    const size = 8;
    const images = new Float32Array(size * 64);
    const labels = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      labels[i] = (b + i) % 2;
      for (let p = 0; p < 64; p++) images[i * 64 + p] = ((p % 8 < 4) === (labels[i] === 0) ? 1 : 0) + ((p * 13 + i * 7 + b) % 10) / 20;
    }
    return { images, labels, size };
  });

  it('learns a separable task, keeps tensor counts flat and saves the model', async () => {
    const runFolder = folder();
    const { model, logs } = await trainArchitecture({
      architecture, config: defaultTrainConfig({ epochs: 4, learningRate: 0.1, seed: 2 }), trainBatches: source(6), shape: [8, 8, 1], classes: 2, runFolder,
    });
    expect(logs[3]!.loss).toBeLessThan(logs[0]!.loss);
    expect(new Set(logs.slice(1).map((l) => l.numTensors)).size).toBe(1);
    expect(evaluateAccuracy(model, source(4)(), [8, 8, 1], 2)).toBeGreaterThan(0.9);
    expect(existsSync(join(runFolder, 'model', 'model.json'))).toBe(true);
    expect(existsSync(join(runFolder, 'train-log.jsonl'))).toBe(true);
    model.dispose();
  });
});
