import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createMaskedSqueezeExcite, disposeMaskedSqueezeExcite, maskedSqueezeExcite, type MaskedSqueezeExcite,
} from './masked-squeeze-excite';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', env: {} });
});

const oneHot = (index: number, length: number) => tf.tensor1d(Array.from({ length }, (_, i) => (i === index ? 1 : 0)));

/** Non-zero biases (a masked hidden channel would reach the expansion as act(bias) without the mask). */
function randomizeBiases(se: MaskedSqueezeExcite, seed: number): void {
  se.reduce.bias.assign(tf.randomUniform(se.reduce.bias.shape, -1, 1, 'float32', seed));
  se.expand.bias.assign(tf.randomUniform(se.expand.bias.shape, -1, 1, 'float32', seed + 1));
}

/**
 * `@fbnas/ops`' squeeze-excite written out on c channels and s hidden channels (leading slices of the module's
 * weights): mean over H, W → 1×1 conv + bias → act → 1×1 conv + bias → gate → x · gate.
 */
function plainSe(x: tf.Tensor4D, se: MaskedSqueezeExcite, c: number, s: number, hiddenScale?: number[]): tf.Tensor4D {
  const { activation, gate } = se.config;
  const xc = tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, c]);
  const pooled = tf.mean(xc, [1, 2], true) as tf.Tensor4D;
  const act = activation === 'relu' ? tf.relu : (t: tf.Tensor) => tf.div(tf.mul(t, tf.clipByValue(tf.add(t, 3), 0, 6)), 6);
  const gateFn = gate === 'sigmoid' ? tf.sigmoid : (t: tf.Tensor) => tf.div(tf.clipByValue(tf.add(t, 3), 0, 6), 6);
  let z: tf.Tensor = tf.add(tf.conv2d(pooled, tf.slice(se.reduce.kernel, [0, 0, 0, 0], [1, 1, c, s]) as tf.Tensor4D, 1, 'valid'), tf.slice(se.reduce.bias, [0], [s]));
  z = act(z);
  if (hiddenScale) z = tf.mul(z, tf.tensor1d(hiddenScale));
  const g = gateFn(tf.add(tf.conv2d(z as tf.Tensor4D, tf.slice(se.expand.kernel, [0, 0, 0, 0], [1, 1, s, c]) as tf.Tensor4D, 1, 'valid'), tf.slice(se.expand.bias, [0], [c])));
  return tf.mul(xc, g) as tf.Tensor4D;
}

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('maskedSqueezeExcite', () => {
  // 8 channels, of which the first 6 are live (as inside a masked block whose chosen width is 6).
  const x = tf.concat([tf.randomNormal([2, 5, 5, 6], 0, 1, 'float32', 3), tf.zeros([2, 5, 5, 2])], 3) as tf.Tensor4D;

  for (const [activation, gate] of [['relu', 'hsigmoid'], ['hswish', 'sigmoid']] as const) {
    it(`one-hot hidden s equals the plain SE of the sliced weights on the live channels, zero elsewhere (${activation}, ${gate})`, () => {
      const hiddenOptions = [2, 4, 3];
      const se = createMaskedSqueezeExcite({ channels: 8, hiddenOptions, activation, gate, seed: 5 });
      randomizeBiases(se, 40);
      hiddenOptions.forEach((s, i) => {
        const y = maskedSqueezeExcite(x, se, { hidden: oneHot(i, hiddenOptions.length) });
        expect(y.shape).toEqual([2, 5, 5, 8]);
        expect(maxDifference(tf.slice(y, [0, 0, 0, 0], [-1, -1, -1, 6]), plainSe(x, se, 6, s))).toBeLessThan(1e-5);
        expect(Array.from(tf.slice(y, [0, 0, 0, 6], [-1, -1, -1, 2]).dataSync()).every((v) => v === 0)).toBe(true);
      });
      disposeMaskedSqueezeExcite(se);
    });
  }

  it('soft weights scale the hidden activations by M = Σ gᵢ·𝟙ᵢ; gradients reach the weights and every variable', () => {
    const se = createMaskedSqueezeExcite({ channels: 8, hiddenOptions: [2, 4], activation: 'hswish', seed: 1 });
    randomizeBiases(se, 50);
    const hidden = tf.tensor1d([0.25, 0.75]);
    const y = maskedSqueezeExcite(x, se, { hidden });
    expect(maxDifference(tf.slice(y, [0, 0, 0, 0], [-1, -1, -1, 6]), plainSe(x, se, 6, 4, [1, 1, 0.75, 0.75]))).toBeLessThan(1e-5);
    const upstream = tf.randomNormal([2, 5, 5, 8], 0, 1, 'float32', 9);
    const loss = (h: tf.Tensor) => tf.sum(tf.mul(maskedSqueezeExcite(x, se, { hidden: h }), upstream)) as tf.Scalar;
    const [gHidden] = tf.grads(loss)([hidden]);
    expect(Math.abs(gHidden!.dataSync()[1]!)).toBeGreaterThan(1e-6);
    const { grads } = tf.variableGrads(() => loss(hidden), se.variables as tf.Variable[]);
    expect(Object.keys(grads)).toHaveLength(4);
    for (const gradient of Object.values(grads)) expect(tf.max(tf.abs(gradient)).dataSync()[0]).toBeGreaterThan(0);
    disposeMaskedSqueezeExcite(se);
  });

  it('creates, runs and disposes without leaking tensors; rejects bad configs and inputs', () => {
    const before = tf.memory().numTensors;
    const se = createMaskedSqueezeExcite({ channels: 8, hiddenOptions: [2, 4] });
    tf.tidy(() => { maskedSqueezeExcite(x, se, { hidden: tf.tensor1d([0.5, 0.5]) }); });
    expect(se.variables.map((v) => v.shape)).toEqual([[1, 1, 8, 4], [4], [1, 1, 4, 8], [8]]);
    disposeMaskedSqueezeExcite(se);
    expect(tf.memory().numTensors).toBe(before);
    const other = createMaskedSqueezeExcite({ channels: 8, hiddenOptions: [2, 4] });
    expect(() => maskedSqueezeExcite(tf.zeros([1, 2, 2, 4]) as tf.Tensor4D, other, { hidden: oneHot(0, 2) }))
      .toThrow('maskedSqueezeExcite: expected x of shape [N, H, W, 8], got [1,2,2,4]');
    expect(() => maskedSqueezeExcite(x, other, { hidden: oneHot(0, 3) })).toThrow(/expected weights of shape \[K\]/);
    expect(() => createMaskedSqueezeExcite({ channels: 0, hiddenOptions: [2] })).toThrow('createMaskedSqueezeExcite: channels: expected a positive integer channel count, got 0');
    expect(() => createMaskedSqueezeExcite({ channels: 8, hiddenOptions: [] })).toThrow('createMaskedSqueezeExcite: hiddenOptions: expected at least one channel count');
  });
});
