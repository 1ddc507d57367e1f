import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { loadMaskSpace } from '@fbnas/search-space';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyLayout } from './__fixtures__/tiny-search';
import { createMaskedSupernet } from './masked-supernet';
import { createSupernet, type Supernet } from './supernet';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

/** Every variable's values by name; disposes the supernet. */
function valuesOf(supernet: Supernet): Record<string, number[]> {
  const values = Object.fromEntries([...supernet.namedVariables()].map(([name, v]) => [name, Array.from(v.dataSync())]));
  supernet.dispose();
  return values;
}

describe('supernet seeds', () => {
  it('createSupernet builds the same weights for seed 0 every time, as for any other seed, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const zero = valuesOf(createSupernet(tinyLayout(), 0));
    expect(valuesOf(createSupernet(tinyLayout(), 0))).toEqual(zero);
    expect(valuesOf(createSupernet(tinyLayout(), 1))).not.toEqual(zero);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('createMaskedSupernet builds the same weights for seed 0 every time', () => {
    const space = loadMaskSpace('fbnetv2-micro-28');
    const before = tf.memory().numTensors;
    const zero = valuesOf(createMaskedSupernet(space, 0));
    expect(valuesOf(createMaskedSupernet(space, 0))).toEqual(zero);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('per-example masks', () => {
  it('a [N, layers, K] mask gives example n the network of its own row: equal to running n alone with its [layers, K] mask', () => {
    const supernet = createSupernet(tinyLayout(), 5);
    const before = tf.memory().numTensors;
    const x = tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 11);
    const rows = [
      [[1, 0, 0], [0, 0, 1]],
      [[0, 1, 0], [0.5, 0.5, 0]],
      [[0.2, 0.3, 0.5], [0, 1, 0]],
    ];
    // Inference mode: each example's output must not depend on the others (batch norm uses running statistics).
    const together = tf.tidy(() => supernet.forward(x, { mask: tf.tensor3d(rows), training: false, mode: 'all' }).arraySync() as number[][]);
    rows.forEach((row, n) => {
      const alone = tf.tidy(() => supernet.forward(tf.slice(x, [n, 0, 0, 0], [1, -1, -1, -1]), { mask: tf.tensor2d(row), training: false, mode: 'all' }).arraySync() as number[][]);
      alone[0]!.forEach((v, j) => expect(together[n]![j]!).toBeCloseTo(v, 5));
    });
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
    supernet.dispose();
  });

  it('the masked supernet says it takes one mask per batch', () => {
    const supernet = createMaskedSupernet(loadMaskSpace('fbnetv2-micro-28'), 0);
    expect(supernet.perExampleMasks).toBeFalsy();
    const rows = supernet.theta.shape[0]!;
    const width = supernet.theta.shape[1]!;
    tf.tidy(() => {
      expect(() => supernet.forward(tf.zeros([2, 28, 28, 1]), { mask: tf.zeros([2, rows, width]), training: false, mode: 'all' })).toThrow(/one mask per batch/);
    });
    supernet.dispose();
  });
});
