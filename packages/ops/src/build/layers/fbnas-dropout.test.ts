import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../build-model';
import { FbnasDropout } from './fbnas-dropout';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const run = (layer: FbnasDropout, x: tf.Tensor, training: boolean) => layer.apply(x, { training }) as tf.Tensor;

describe('FbnasDropout', () => {
  it('per element: drops ≈ rate of the elements, scales the rest by 1/(1 − rate); the identity at inference', () => {
    const layer = new FbnasDropout({ name: 'd', rate: 0.3, per: 'element' });
    layer.stepSeed = 5;
    const x = tf.ones([4, 10, 10, 25]);
    const y = run(layer, x, true).dataSync();
    const zeros = y.filter((v) => v === 0).length / y.length;
    expect(zeros).toBeGreaterThan(0.28);
    expect(zeros).toBeLessThan(0.32);
    expect(new Set(Array.from(y).filter((v) => v !== 0).map((v) => v.toFixed(5)))).toEqual(new Set([(1 / 0.7).toFixed(5)]));
    expect(Array.from(run(layer, x, false).dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('per example (drop path): each example kept whole (scaled) or dropped whole', () => {
    const layer = new FbnasDropout({ name: 'p', rate: 0.5, per: 'example' });
    layer.stepSeed = 1;
    const y = tf.reshape(run(layer, tf.ones([64, 3, 3, 2]), true), [64, 18]).arraySync() as number[][];
    for (const row of y) expect(new Set(row).size).toBe(1);
    const dropped = y.filter((row) => row[0] === 0).length;
    expect(dropped).toBeGreaterThan(16);
    expect(dropped).toBeLessThan(48);
    expect(new Set(y.map((row) => row[0]))).toEqual(new Set([0, 2]));
  });

  it('masks are a function of the step seed and the layer: same seed same mask, other step or layer another', () => {
    const x = tf.ones([2, 8, 8, 4]);
    const a = new FbnasDropout({ name: 'a', rate: 0.5, per: 'element' });
    const b = new FbnasDropout({ name: 'b', rate: 0.5, per: 'element' });
    a.stepSeed = 3;
    b.stepSeed = 3;
    const first = Array.from(run(a, x, true).dataSync());
    expect(Array.from(run(a, x, true).dataSync())).toEqual(first);
    expect(Array.from(run(b, x, true).dataSync())).not.toEqual(first);
    a.stepSeed = 4;
    expect(Array.from(run(a, x, true).dataSync())).not.toEqual(first);
  });
});

describe('buildModel: stochastic depth and head dropout', () => {
  const arch = {
    format: 'fbnas.arch/v1' as const, name: 'sd', inputSize: 8, inputChannels: 2, numClasses: 3,
    stages: [[['conv_k3', 8, 1, 1]], [['ir_k3', 8, 1, 3, { expansion: 2 }]], [['ir_k3', 16, 2, 1, { expansion: 2 }]]],
    head: { op: 'classifier', args: { dropout: 0.2 } },
  } as never;

  it('adds a drop-path layer to every residual branch with rates linear in depth, and leaves inference and weights unchanged', () => {
    const plain = buildModel({ ...(arch as object), head: { op: 'classifier' } } as never, { seed: 3 });
    const regularized = buildModel(arch, { seed: 3, stochasticDepth: 0.25 });
    const paths = regularized.layers.filter((l) => l instanceof FbnasDropout && l.name.includes('drop_path')) as FbnasDropout[];
    // Blocks: stem, 3 residual IR copies, the strided IR, head (6 blocks): block i drops with 0.25 · (i + 1) / 6.
    expect(paths.map((l) => [l.name.split('.').slice(0, 3).join('.'), Number(l.rate.toFixed(6))])).toEqual([
      ['backbone.stages.xif1_0', Number((0.25 * 2 / 6).toFixed(6))],
      ['backbone.stages.xif1_1', Number((0.25 * 3 / 6).toFixed(6))],
      ['backbone.stages.xif1_2', Number((0.25 * 4 / 6).toFixed(6))],
    ]);
    expect(regularized.layers.filter((l) => l.name === 'head.dropout1')).toHaveLength(1);
    expect(regularized.weights.map((w) => w.originalName)).toEqual(plain.weights.map((w) => w.originalName));
    plain.weights.forEach((w, i) => expect(Array.from(regularized.weights[i]!.read().dataSync())).toEqual(Array.from(w.read().dataSync())));
    const x = tf.randomNormal([2, 8, 8, 2], 0, 1, 'float32', 1);
    expect(Array.from((regularized.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((plain.predict(x) as tf.Tensor).dataSync()));
    const trained = (regularized.apply(x, { training: true }) as tf.Tensor).dataSync();
    expect(trained.every(Number.isFinite)).toBe(true);
  });
});
