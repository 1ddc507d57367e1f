import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '@fbnas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mixupBatch, mixupPermutation, sampleBeta } from './mixup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sampleBeta', () => {
  it.each([0.2, 1, 4])('Beta(%f, α): 20 000 draws in [0, 1] with mean ½ and variance 1/(4(2α + 1))', (alpha) => {
    const random = mulberry32(11);
    const draws = Array.from({ length: 20_000 }, () => sampleBeta(alpha, random));
    expect(draws.every((d) => d >= 0 && d <= 1)).toBe(true);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(variance / (1 / (4 * (2 * alpha + 1))) - 1)).toBeLessThan(0.05);
  });

  it('α = 1 is uniform (10 bins of 20 000 draws within 10 % of 2000), and α ≤ 0 is refused', () => {
    const random = mulberry32(3);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) bins[Math.min(9, Math.floor(sampleBeta(1, random) * 10))]! += 1;
    for (const count of bins) expect(Math.abs(count - 2000)).toBeLessThan(200);
    expect(() => sampleBeta(0, random)).toThrow('sampleBeta: expected α > 0, got 0');
  });
});

describe('mixupPermutation and mixupBatch', () => {
  it('permutes 0 … n − 1, reproducibly per seed', () => {
    const order = mixupPermutation(50, mulberry32(5));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(mixupPermutation(50, mulberry32(5))).toEqual(order);
    expect(mixupPermutation(50, mulberry32(6))).not.toEqual(order);
  });

  it('mixes images and labels by λ with the permutation (hand computation), and the loss on mixed labels is λ·CE(y) + (1 − λ)·CE(y[π])', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [3, 1, 1, 2]);
    const y = tf.cast(tf.oneHot(tf.tensor1d([0, 1, 1], 'int32'), 2), 'float32');
    const before = tf.memory().numTensors;
    const mixed = mixupBatch(x, y, 0.75, [2, 0, 1]);
    expect(tf.memory().numTensors).toBe(before + 2);
    const expectedX = [0.75 * 1 + 0.25 * 5, 0.75 * 2 + 0.25 * 6, 0.75 * 3 + 0.25 * 1, 0.75 * 4 + 0.25 * 2, 0.75 * 5 + 0.25 * 3, 0.75 * 6 + 0.25 * 4];
    Array.from(mixed.x.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expectedX[i]!, 6));
    expect(Array.from(mixed.y.dataSync())).toEqual([0.75, 0.25, 0.25, 0.75, 0, 1]); // rows 0·¾ + 2·¼, 1·¾ + 0·¼, 2·¾ + 1·¼
    const logits = tf.tensor2d([[0.3, -1], [2, 0.5], [-0.2, 0.1]]);
    const permuted = tf.gather(y, tf.tensor1d([2, 0, 1], 'int32'));
    const ce = (labels: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits, undefined, undefined, tf.Reduction.NONE).dataSync();
    const onMixed = ce(mixed.y);
    const a = ce(y);
    const b = ce(permuted);
    onMixed.forEach((v, i) => expect(v).toBeCloseTo(0.75 * a[i]! + 0.25 * b[i]!, 5));
  });
});

describe('mixupPermutation uniformity', () => {
  it('draws each of the 3! permutations of 0, 1, 2 equally often (60 000 draws, each within 5 % of 10 000), and handles n = 0, 1', () => {
    const random = mulberry32(9);
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = mixupPermutation(3, random).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['0,1,2', '0,2,1', '1,0,2', '1,2,0', '2,0,1', '2,1,0']);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(mixupPermutation(0, random)).toEqual([]);
    expect(mixupPermutation(1, random)).toEqual([0]);
  });
});
