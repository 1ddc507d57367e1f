import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyTable } from './__fixtures__/tiny-space';
import { expectedLatency, latencyMatrix } from './expected-latency';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

const layerIds = ['a_0', 'a_1'];
const candidates = ['k3_e1', 'k5_e3', 'skip'];

describe('latencyMatrix', () => {
  it('lays the medians out as [layers, candidates], padding ragged rows with 0', () => {
    const table = tinyTable();
    expect(latencyMatrix(table, layerIds, candidates)).toEqual([[1, 2, 0], [4, 8, 0]]);
    expect(latencyMatrix(table, layerIds, [['k5_e3'], ['skip', 'k3_e1']])).toEqual([[2, 0], [0, 4]]);
    expect(() => latencyMatrix(table, layerIds, [['k5_e3']])).toThrow('one candidate list per layer (2), got 1');
    expect(() => latencyMatrix(table, layerIds, ['k7_e6'])).toThrow('layers.a_0.k7_e6: missing entry for this candidate');
    expect(() => latencyMatrix(table, ['b_0'], candidates)).toThrow('layers.b_0: missing entry for this layer');
  });
});

describe('expectedLatency', () => {
  it('is Σ p·LUT + fixed, with the LUT as its gradient', () => {
    const table = tinyTable();
    const probabilities = tf.tensor2d([[0.5, 0.25, 0.25], [0.1, 0.6, 0.3]]);
    const before = tf.memory().numTensors;
    const value = expectedLatency(table, layerIds, candidates, probabilities);
    // 0.5·1 + 0.25·2 + 0.25·0 + 0.1·4 + 0.6·8 + 0.3·0 + (10 + 20 + 30) = 1 + 5.2 + 60
    expect(value.shape).toEqual([]);
    expect(value.dataSync()[0]).toBeCloseTo(66.2, 5);
    value.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const gradient = tf.grad((p: tf.Tensor) => expectedLatency(table, layerIds, candidates, p as tf.Tensor2D))(probabilities);
    expect(gradient.arraySync()).toEqual([[1, 2, 0], [4, 8, 0]]);
    tf.dispose([gradient, probabilities]);
  });

  it('differentiates through a softmax of logits: ∂/∂θ_i = p_i (LUT_i − Σ_j p_j LUT_j)', () => {
    const table = tinyTable();
    const theta = tf.tensor2d([[0, 1, -1], [2, 0, 0]]);
    const gradient = tf.grad((logits: tf.Tensor) => expectedLatency(table, layerIds, candidates, tf.softmax(logits) as tf.Tensor2D))(theta);
    const lut = [[1, 2, 0], [4, 8, 0]];
    const expected = (theta.arraySync() as number[][]).map((row, layer) => {
      const exps = row.map(Math.exp);
      const total = exps.reduce((a, b) => a + b, 0);
      const p = exps.map((e) => e / total);
      const mean = p.reduce((sum, pi, i) => sum + pi * lut[layer]![i]!, 0);
      return p.map((pi, i) => pi * (lut[layer]![i]! - mean));
    });
    (gradient.arraySync() as number[][]).forEach((row, layer) => row.forEach((g, i) => expect(g).toBeCloseTo(expected[layer]![i]!, 5)));
    tf.dispose([theta, gradient]);
  });

  it('rejects probabilities of the wrong shape', () => {
    const probabilities = tf.ones([2, 2]) as tf.Tensor2D;
    expect(() => expectedLatency(tinyTable(), layerIds, candidates, probabilities)).toThrow('expected probabilities of shape [2, 3], got [2, 2]');
    probabilities.dispose();
  });
});
