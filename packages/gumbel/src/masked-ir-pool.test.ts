import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMaskedIrPool, disposeMaskedIrPool, maskedIrPool, type MaskedIrPool } from './masked-ir-pool';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', env: {} });
});

const oneHot = (index: number, length: number) => tf.tensor1d(Array.from({ length }, (_, i) => (i === index ? 1 : 0)));

/** Batch norm written out: (y − mean) / sqrt(var + ε) · γ + β over N, H, W. */
function referenceBatchNorm(y: tf.Tensor4D, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor4D {
  const count = y.shape[0] * y.shape[1] * y.shape[2];
  const mean = tf.div(tf.sum(y, [0, 1, 2]), count);
  const variance = tf.div(tf.sum(tf.square(tf.sub(y, mean)), [0, 1, 2]), count);
  return tf.add(tf.mul(tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-5))), scale), offset);
}

/**
 * `@fbnas/ops`' `ir_pool` written out on `c` input, `h` hidden and `o` output channels (leading slices of the
 * block's weights): [pw 1×1 → BN → act, omitted when h = c] → mean over H, W → 1×1 conv → act.
 */
function plainIrPool(x: tf.Tensor4D, block: MaskedIrPool, c: number, h: number, o: number): tf.Tensor4D {
  const act = block.config.activation === 'relu' ? tf.relu : (t: tf.Tensor) => tf.div(tf.mul(t, tf.clipByValue(tf.add(t, 3), 0, 6)), 6);
  let y = tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, c]) as tf.Tensor4D;
  if (h !== c) {
    y = tf.conv2d(y, tf.slice(block.pw.kernel, [0, 0, 0, 0], [1, 1, c, h]) as tf.Tensor4D, 1, 'valid');
    y = act(referenceBatchNorm(y, tf.slice(block.pw.scale, [0], [h]), tf.slice(block.pw.offset, [0], [h]))) as tf.Tensor4D;
  }
  const pooled = tf.mean(y, [1, 2], true) as tf.Tensor4D;
  return act(tf.conv2d(pooled, tf.slice(block.pwl.kernel, [0, 0, 0, 0], [1, 1, h, o]) as tf.Tensor4D, 1, 'valid')) as tf.Tensor4D;
}

function randomizeBatchNorm(block: MaskedIrPool, seed: number): void {
  block.pw.scale.assign(tf.randomUniform(block.pw.scale.shape, 0.5, 1.5, 'float32', seed));
  block.pw.offset.assign(tf.randomUniform(block.pw.offset.shape, -0.5, 0.5, 'float32', seed + 1));
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('maskedIrPool', () => {
  // 8 input channels, the first 6 live (the previous layer chose width 6).
  const x = tf.concat([tf.randomNormal([2, 4, 4, 6], 0, 1, 'float32', 7), tf.zeros([2, 4, 4, 2])], 3) as tf.Tensor4D;

  for (const activation of ['relu', 'hswish'] as const) {
    it(`one-hot (h, o) equals the plain ir_pool of the sliced weights on o channels, zero elsewhere (${activation})`, () => {
      const hiddenOptions = [12, 24, 36];
      const outputOptions = [10, 16];
      const block = createMaskedIrPool({ inChannels: 8, hiddenOptions, outputOptions, activation, seed: 2 });
      randomizeBatchNorm(block, 60);
      hiddenOptions.forEach((h, i) => {
        outputOptions.forEach((o, j) => {
          const y = maskedIrPool(x, block, { hidden: oneHot(i, 3), output: oneHot(j, 2) });
          expect(y.shape).toEqual([2, 1, 1, 16]);
          expect(maxDifference(tf.slice(y, [0, 0, 0, 0], [-1, -1, -1, o]), plainIrPool(x, block, 6, h, o))).toBeLessThan(1e-5);
          expect(Array.from(tf.slice(y, [0, 0, 0, o], [-1, -1, -1, 16 - o]).dataSync()).every((v) => v === 0)).toBe(true);
        });
      });
      disposeMaskedIrPool(block);
    });
  }

  it('optionalPw: an option without pw conv (hidden = input width) pools the input itself', () => {
    const hiddenOptions = [6, 24, 36];
    const block = createMaskedIrPool({ inChannels: 8, hiddenOptions, outputOptions: [10, 16], activation: 'hswish', optionalPw: true, seed: 4 });
    randomizeBatchNorm(block, 70);
    hiddenOptions.forEach((h, i) => {
      const weights = {
        hidden: oneHot(i, 3), output: oneHot(1, 2),
        pw: h === 6 ? tf.zeros([3]) : oneHot(i, 3), bypass: tf.scalar(h === 6 ? 1 : 0),
      };
      const y = maskedIrPool(x, block, weights);
      expect(maxDifference(y, plainIrPool(x, block, 6, h, 16))).toBeLessThan(1e-5);
    });
    expect(() => maskedIrPool(x, block, { hidden: oneHot(0, 3), output: oneHot(0, 2) })).toThrow('optionalPw: expected weights.pw');
    disposeMaskedIrPool(block);
  });

  it('soft weights: gradients reach every weight vector and every variable; no tensor leaks', () => {
    const before = tf.memory().numTensors;
    const block = createMaskedIrPool({ inChannels: 8, hiddenOptions: [6, 24], outputOptions: [10, 16], optionalPw: true, seed: 1 });
    // With optionalPw the hidden weights are carried by pw (options with a pw conv) and bypass (the others).
    const hidden = tf.tensor1d([0.4, 0.6]);
    const weights = [tf.tensor1d([0.3, 0.7]), tf.tensor1d([0, 0.6]), tf.scalar(0.4)];
    const upstream = tf.randomNormal([2, 1, 1, 16], 0, 1, 'float32', 3);
    const loss = (output: tf.Tensor, pw: tf.Tensor, bypass: tf.Tensor) =>
      tf.sum(tf.mul(maskedIrPool(x, block, { hidden, output, pw, bypass }), upstream)) as tf.Scalar;
    const gradients = tf.grads(loss)(weights);
    expect(Math.abs(gradients[0]!.dataSync()[1]!)).toBeGreaterThan(1e-6);
    expect(Math.abs(gradients[1]!.dataSync()[1]!)).toBeGreaterThan(1e-6);
    expect(Math.abs(gradients[2]!.dataSync()[0]!)).toBeGreaterThan(1e-6);
    const { value, grads } = tf.variableGrads(() => loss(weights[0]!, weights[1]!, weights[2]!), block.variables as tf.Variable[]);
    expect(Object.keys(grads)).toHaveLength(4);
    for (const gradient of Object.values(grads)) expect(tf.tidy(() => tf.max(tf.abs(gradient)).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([value, upstream, hidden, ...weights, ...gradients, ...Object.values(grads)]);
    disposeMaskedIrPool(block);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('initial weights are the same on every build for seed 0, as for any other seed', () => {
    const valuesOf = (seed: number) => {
      const block = createMaskedIrPool({ inChannels: 4, hiddenOptions: [8], outputOptions: [4], seed });
      const values = [block.pw.kernel, block.pwl.kernel].map((v) => Array.from(v.dataSync()));
      disposeMaskedIrPool(block);
      return values;
    };
    expect(valuesOf(0)).toEqual(valuesOf(0));
    expect(valuesOf(1)).not.toEqual(valuesOf(0));
  });

  it('rejects bad configs and inputs with the field and the expected form', () => {
    expect(() => createMaskedIrPool({ inChannels: 0, hiddenOptions: [8], outputOptions: [4] })).toThrow('createMaskedIrPool: inChannels: expected a positive integer channel count, got 0');
    expect(() => createMaskedIrPool({ inChannels: 4, hiddenOptions: [], outputOptions: [4] })).toThrow('createMaskedIrPool: hiddenOptions: expected at least one channel count');
    const block = createMaskedIrPool({ inChannels: 8, hiddenOptions: [12], outputOptions: [4] });
    expect(() => maskedIrPool(tf.zeros([1, 2, 2, 3]) as tf.Tensor4D, block, { hidden: oneHot(0, 1), output: oneHot(0, 1) }))
      .toThrow('maskedIrPool: expected x of shape [N, H, W, 8], got [1,2,2,3]');
    disposeMaskedIrPool(block);
  });
});
