import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchNormTraining } from './batch-norm';
import { selectBackend } from './select-backend';
import { maxRelativeError, runOn } from './testing/compare-backends';
import { seededNormal } from './testing/seeded-random';

const SHAPES = [[4, 5, 6, 7], [3, 8], [2, 3, 3, 96]];

/** y, mean, variance and the gradients of sum(y·r) for x, gamma, beta. */
function withFbnas(shape: number[]) {
  return () => compute(shape, (x, g, b) => batchNormTraining(x, g, b, 1e-5));
}

/** The independent reference: tf.moments + tf.batchNorm, differentiated by tfjs's own gradients. */
function withTfjs(shape: number[]) {
  return () =>
    compute(shape, (x, g, b) => {
      const axes = shape.slice(0, -1).map((_, i) => i);
      const { mean, variance } = tf.moments(x, axes);
      return { y: tf.batchNorm(x, mean, variance, b, g, 1e-5), mean, variance };
    });
}

function compute(
  shape: number[],
  norm: (x: tf.Tensor, g: tf.Tensor1D, b: tf.Tensor1D) => { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor },
): tf.Tensor[] {
  const size = shape.reduce((a, b) => a * b);
  const channels = shape[shape.length - 1]!;
  const x = tf.add(tf.tensor(seededNormal(7, size, 2), shape), 0.5);
  const g = tf.tensor1d(seededNormal(8, channels));
  const b = tf.tensor1d(seededNormal(9, channels));
  const r = tf.tensor(seededNormal(10, size), shape);
  const forward = norm(x, g, b);
  const f = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(norm(xi, gi as tf.Tensor1D, bi as tf.Tensor1D).y, r));
  return [forward.y, forward.mean, forward.variance, ...tf.grads(f)([x, g, b])];
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('batchNormTraining', () => {
  for (const shape of SHAPES) {
    it(`matches tf.moments + tf.batchNorm and its gradients for [${shape}] (native on wasm, composed on cpu)`, async () => {
      const reference = await runOn('cpu', withTfjs(shape));
      for (const backend of ['wasm', 'cpu']) {
        const ours = await runOn(backend, withFbnas(shape));
        const names = ['y', 'mean', 'variance', 'dx', 'dgamma', 'dbeta'];
        names.forEach((name, i) => {
          expect(maxRelativeError(ours[i]!, reference[i]!), `${backend} ${name}`).toBeLessThanOrEqual(1e-4);
        });
      }
    });
  }

  it('returns statistics that a surrounding tidy frees, and leaks nothing across repeated training steps', async () => {
    await tf.setBackend('wasm');
    const x = tf.variable(tf.randomNormal([2, 4, 4, 8]));
    const g = tf.variable(tf.ones([8]));
    const b = tf.variable(tf.zeros([8]));
    const optimizer = tf.train.sgd(0.1);
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      optimizer.minimize(() => tf.mean(tf.square(batchNormTraining(x, g as tf.Tensor1D, b as tf.Tensor1D).y)) as tf.Scalar, false, [x, g, b]);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
    optimizer.dispose();
    tf.dispose([x, g, b]);
  });

  it('rejects mismatched scale and offset with the shapes named', () => {
    const x = tf.zeros([2, 3, 3, 4]);
    expect(() => batchNormTraining(x, tf.ones([3]) as tf.Tensor1D, tf.zeros([4]) as tf.Tensor1D)).toThrow(
      /scale, offset of shape \[C\]; got x \[2,3,3,4\], scale \[3\], offset \[4\]/,
    );
    x.dispose();
  });
});
