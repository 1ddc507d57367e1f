import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed } from '@fbnas/core';
import { gumbelSoftmax } from './gumbel-softmax';
import { mixedOp } from './mixed-op';
import { paperTemperature, temperatureSchedule } from './temperature-schedule';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('gumbelSoftmax', () => {
  it('gives probability rows, reproducibly per seed and differently across seeds', () => {
    const logits = tf.tensor2d([[1, 2, 3], [0, 0, 0]]);
    const a = gumbelSoftmax(logits, { temperature: 1, seed: 5 }).arraySync() as number[][];
    const b = gumbelSoftmax(logits, { temperature: 1, seed: 5 }).arraySync() as number[][];
    const c = gumbelSoftmax(logits, { temperature: 1, seed: 6 }).arraySync() as number[][];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const row of a) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it('hard samples follow softmax(logits) (the Gumbel-max trick), checked over 3000 draws', () => {
    const logits = [0.5, -1, 1.5, 0];
    const counts = [0, 0, 0, 0];
    const theta = tf.tensor1d(logits);
    for (let i = 0; i < 3000; i++) {
      const sample = tf.tidy(() => gumbelSoftmax(theta, { temperature: 1, seed: deriveSeed(42, i), hard: true }));
      counts[tf.argMax(sample).dataSync()[0]!]! += 1;
      sample.dispose();
    }
    const z = logits.reduce((s, l) => s + Math.exp(l), 0);
    logits.forEach((l, i) => expect(counts[i]! / 3000).toBeCloseTo(Math.exp(l) / z, 1));
  });

  it('hard samples are one-hot with the soft sample’s gradient (straight-through)', () => {
    const theta = tf.tensor1d([0.3, -0.2, 0.9]);
    const c = tf.tensor1d([1, 2, 3]);
    const hard = gumbelSoftmax(theta, { temperature: 0.7, seed: 9, hard: true });
    expect(hard.dataSync().filter((v) => v === 1)).toHaveLength(1);
    expect(Array.from(hard.dataSync()).reduce((s, v) => s + v, 0)).toBe(1);
    const gradHard = tf.grad((t) => tf.sum(tf.mul(gumbelSoftmax(t, { temperature: 0.7, seed: 9, hard: true }), c)))(theta);
    const gradSoft = tf.grad((t) => tf.sum(tf.mul(gumbelSoftmax(t, { temperature: 0.7, seed: 9 }), c)))(theta);
    expect(Array.from(gradHard.dataSync())).toEqual(Array.from(gradSoft.dataSync()));
    expect(Math.max(...Array.from(gradSoft.dataSync()).map(Math.abs))).toBeGreaterThan(0);
  });

  it('rejects a non-positive temperature', () => {
    expect(() => gumbelSoftmax(tf.zeros([3]), { temperature: 0, seed: 1 })).toThrow(/temperature must be > 0, got 0/);
  });
});

describe('temperature schedules', () => {
  it("reproduces the paper's 5.0 × exp(−0.045) per epoch and rescales it to fewer epochs", () => {
    const paper = temperatureSchedule(paperTemperature(90));
    expect(paper(0)).toBe(5);
    expect(paper(1)).toBeCloseTo(5 * Math.exp(-0.045), 10);
    expect(paper(90)).toBeCloseTo(5 * Math.exp(-4.05), 10);
    const short = temperatureSchedule(paperTemperature(20));
    expect(short(20)).toBeCloseTo(paper(90), 10);
    const linear = temperatureSchedule({ kind: 'linear', initial: 5, final: 1, epochs: 5 });
    expect([0, 2, 4, 9].map(linear)).toEqual([5, 3, 1, 1]);
    expect(temperatureSchedule({ kind: 'constant', value: 2 })(7)).toBe(2);
    expect(() => temperatureSchedule({ kind: 'constant', value: -1 })).toThrow(/must be > 0/);
  });
});

describe('mixedOp', () => {
  const x = tf.tensor1d([1, 2]);
  const calls = [0, 0, 0];
  const candidates = [
    (t: tf.Tensor) => (calls[0]! += 1, tf.mul(t, 2)),
    (t: tf.Tensor) => (calls[1]! += 1, tf.add(t, 10)),
    (t: tf.Tensor) => (calls[2]! += 1, tf.neg(t)),
  ];

  it('all mode: Σ wᵢ·opᵢ(x), with gradients to the weights equal to each candidate’s output', () => {
    const w = tf.tensor1d([0.2, 0.5, 0.3]);
    const y = Array.from(mixedOp(x, candidates, w, 'all').dataSync());
    expect(y[0]).toBeCloseTo(0.2 * 2 + 0.5 * 11 - 0.3, 5);
    expect(y[1]).toBeCloseTo(0.2 * 4 + 0.5 * 12 - 0.6, 5);
    const g = tf.grad((wi) => tf.sum(mixedOp(x, candidates, wi, 'all')))(w);
    expect(Array.from(g.dataSync())).toEqual([6, 23, -3]);
  });

  it('differentiates with a single candidate', () => {
    const weights = tf.variable(tf.tensor1d([1]));
    const { grads } = tf.variableGrads(() => tf.sum(mixedOp(tf.ones([2]), [(t) => tf.mul(t, 3)], weights, 'all')) as tf.Scalar, [weights]);
    expect(grads[weights.name]!.dataSync()[0]).toBe(6);
    tf.dispose([weights, ...Object.values(grads)]);
  });

  it('sampled mode runs only the candidates with non-zero weight', () => {
    calls.fill(0);
    const y = mixedOp(x, candidates, tf.tensor1d([0, 1, 0]), 'sampled');
    expect(Array.from(y.dataSync())).toEqual([11, 12]);
    expect(calls).toEqual([0, 1, 0]);
    expect(() => mixedOp(x, candidates, tf.tensor1d([0, 0, 0]), 'sampled')).toThrow(/every weight is zero/);
    expect(() => mixedOp(x, candidates, tf.tensor1d([1, 0]), 'all')).toThrow(/expected 3 weights/);
  });

  it('per-example weights [N, K]: example n gets Σᵢ w[n,i]·opᵢ(x)[n], gradient row n = the outputs at n', () => {
    const batch = tf.tensor2d([[1, 2], [3, 4]]); // N = 2 examples of 2 features
    const w = tf.tensor2d([[0.2, 0.5, 0.3], [1, 0, 0]]);
    const y = mixedOp(batch, candidates, w, 'all').arraySync() as number[][];
    const expected = [[0.2 * 2 + 0.5 * 11 - 0.3, 0.2 * 4 + 0.5 * 12 - 0.6], [6, 8]];
    y.forEach((row, n) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[n]![j]!, 5)));
    const g = tf.grad((wi) => tf.sum(mixedOp(batch, candidates, wi, 'all')))(w).arraySync() as number[][];
    // d/dw[n,i] = Σ_j opᵢ(x)[n,j]: row 0 from [1, 2], row 1 from [3, 4].
    expect(g).toEqual([[6, 23, -3], [14, 27, -7]]);
    calls.fill(0);
    const sampled = mixedOp(batch, candidates, tf.tensor2d([[0, 1, 0], [0, 0, 1]]), 'sampled').arraySync();
    expect(sampled).toEqual([[11, 12], [-3, -4]]);
    expect(calls).toEqual([0, 1, 1]);
    expect(() => mixedOp(batch, candidates, tf.tensor2d([[1, 0, 0]]), 'all')).toThrow(/\[N, K\] matrix with N = 2/);
  });
});
