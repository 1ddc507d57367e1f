import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormTraining } from './batch-norm';
import { selectBackend } from './select-backend';
import { withSynchronizedBatchNorm, type StatisticsReducer } from './synchronized-batch-norm';
import { maxRelativeError as maxRelativeErrorOf } from './testing/compare-backends';
import { seededNormal } from './testing/seeded-random';

/**
 * A group of `copies` workers that all hold this worker's batch: its sums are `copies ×` this worker's values.
 * The reference is then a plain batch norm over the batch repeated `copies` times, differentiated by tfjs.
 */
function mirroredGroup(copies: number): StatisticsReducer & { calls: number } {
  return {
    calls: 0,
    sum(values) {
      this.calls += 1;
      return values.map((v) => v * copies);
    },
  };
}

/** Largest elementwise error of `actual` relative to `expected`'s scale. */
function maxRelativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  return maxRelativeErrorOf(actual.dataSync(), expected.dataSync());
}

function inputs(shape: number[]) {
  const size = shape.reduce((a, b) => a * b);
  const channels = shape[shape.length - 1]!;
  return {
    x: tf.add(tf.tensor(seededNormal(17, size, 2), shape), 0.5),
    g: tf.tensor1d(seededNormal(18, channels)) as tf.Tensor1D,
    b: tf.tensor1d(seededNormal(19, channels)) as tf.Tensor1D,
    r: tf.tensor(seededNormal(20, size), shape),
  };
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('withSynchronizedBatchNorm', () => {
  for (const backend of ['wasm', 'cpu']) {
    it(`gives the statistics and gradients of the whole group's batch (3 workers, ${backend})`, async () => {
      await tf.setBackend(backend);
      const shape = [2, 3, 3, 5];
      const { x, g, b, r } = inputs(shape);
      const group = mirroredGroup(3);
      // This worker's loss Σ y·r; the group's loss is the sum of the three workers' (equal) losses.
      const local = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(batchNormTraining(xi, gi as tf.Tensor1D, bi as tf.Tensor1D).y, r));
      const ours = withSynchronizedBatchNorm(group, () => {
        const forward = batchNormTraining(x, g, b);
        return { ...forward, grads: tf.grads(local)([x, g, b]) };
      });
      expect(group.calls).toBe(3); // two forwards (the one above, the one tf.grads runs) of one exchange each, one backward.
      expect(ours.rows).toBe(3 * 18);

      const whole = tf.concat([x, x, x], 0);
      const wholeR = tf.concat([r, r, r], 0);
      const { mean, variance } = tf.moments(whole, [0, 1, 2]);
      const reference = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => {
        const m = tf.moments(xi, [0, 1, 2]);
        return tf.sum(tf.mul(tf.batchNorm(xi, m.mean, m.variance, bi as tf.Tensor1D, gi as tf.Tensor1D, 1e-5), wholeR));
      };
      const [dWhole, dg, db] = tf.grads(reference)([whole, g, b]);
      const y = tf.batchNorm(x, mean, variance, b, g, 1e-5);
      expect(maxRelativeError(ours.y, y)).toBeLessThanOrEqual(1e-4);
      expect(maxRelativeError(ours.mean, mean)).toBeLessThanOrEqual(1e-5);
      expect(maxRelativeError(ours.variance, variance)).toBeLessThanOrEqual(1e-4);
      // This worker's input gradient: its rows of the whole batch's input gradient.
      expect(maxRelativeError(ours.grads[0]!, tf.slice(dWhole!, [0, 0, 0, 0], shape))).toBeLessThanOrEqual(1e-4);
      // Parameter gradients stay this worker's share: summed over the three workers they are the whole batch's.
      expect(maxRelativeError(tf.mul(ours.grads[1]!, 3), dg!)).toBeLessThanOrEqual(1e-4);
      expect(maxRelativeError(tf.mul(ours.grads[2]!, 3), db!)).toBeLessThanOrEqual(1e-4);
    });
  }

  it('with one worker equals the unsynchronized batch norm, and leaks nothing over repeated steps', async () => {
    await tf.setBackend('wasm');
    const { x, g, b } = inputs([4, 2, 2, 3]);
    const alone = mirroredGroup(1);
    const plain = batchNormTraining(x, g, b);
    const synced = withSynchronizedBatchNorm(alone, () => batchNormTraining(x, g, b));
    expect(maxRelativeError(synced.y, plain.y)).toBeLessThanOrEqual(1e-5);
    const v = tf.variable(x);
    const optimizer = tf.train.sgd(0.1);
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      withSynchronizedBatchNorm(alone, () => optimizer.minimize(() => tf.mean(tf.square(batchNormTraining(v, g, b).y)) as tf.Scalar, false, [v]));
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
    optimizer.dispose();
    v.dispose();
  });

  it('restores the previous reducer when the body throws', () => {
    const group = mirroredGroup(2);
    expect(() => withSynchronizedBatchNorm(group, () => { throw new Error('boom'); })).toThrow('boom');
    const { x, g, b } = inputs([2, 3]);
    batchNormTraining(x, g, b);
    expect(group.calls).toBe(0);
  });
});
