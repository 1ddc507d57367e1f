import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createMaskedInvertedResidual, disposeMaskedInvertedResidual, maskedInvertedResidual, type MaskedInvertedResidual,
} from './masked-inverted-residual';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', env: {} });
});

const oneHot = (index: number, length: number) => tf.tensor1d(Array.from({ length }, (_, i) => (i === index ? 1 : 0)));

/** Non-trivial BN parameters: γ in [0.5, 1.5], β in [−0.5, 0.5] (β ≠ 0 makes a masked channel's BN output non-zero). */
function randomizeBatchNorm(block: MaskedInvertedResidual, seed: number): void {
  [block.pw, block.dw, block.pwl].forEach((unit, i) => {
    unit.scale.assign(tf.randomUniform(unit.scale.shape, 0.5, 1.5, 'float32', seed + 2 * i));
    unit.offset.assign(tf.randomUniform(unit.offset.shape, -0.5, 0.5, 'float32', seed + 2 * i + 1));
  });
}

/** Batch norm written out: (y − mean) / sqrt(var + ε) · γ + β over N, H, W. */
function referenceBatchNorm(y: tf.Tensor4D, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor4D {
  const count = y.shape[0] * y.shape[1] * y.shape[2];
  const mean = tf.div(tf.sum(y, [0, 1, 2]), count);
  const variance = tf.div(tf.sum(tf.square(tf.sub(y, mean)), [0, 1, 2]), count);
  return tf.add(tf.mul(tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-5))), scale), offset);
}

/**
 * The plain ir block with h hidden and c output channels, using slices of the block's weights; `hiddenScale` and
 * `outputScale` (length h and c) multiply the hidden activations (after pw and after dw) and the output.
 * `noPw`: the block without pw conv (h = the input's live width: the dw runs on x's first h channels).
 * `se`: `@fbnas/ops`' squeeze-excite after the dw unit with s hidden channels (slices of the block's SE).
 */
function plainBlock(
  x: tf.Tensor4D, block: MaskedInvertedResidual, h: number, c: number,
  scales: { hidden?: number[]; output?: number[] } = {}, options: { noPw?: boolean; se?: number } = {},
): tf.Tensor4D {
  const { inChannels, kernel, stride } = block.config;
  const p = Math.floor(kernel / 2);
  const pwKernel = tf.slice(block.pw.kernel, [0, 0, 0, 0], [1, 1, inChannels, h]) as tf.Tensor4D;
  const dwKernel = tf.slice(block.dw.kernel, [0, 0, 0, 0], [kernel, kernel, h, 1]) as tf.Tensor4D;
  const pwlKernel = tf.slice(block.pwl.kernel, [0, 0, 0, 0], [1, 1, h, c]) as tf.Tensor4D;
  const first = (t: tf.Tensor, n: number) => tf.slice(t, [0], [n]);
  const act = block.config.activation === 'relu' ? tf.relu : (t: tf.Tensor) => tf.div(tf.mul(t, tf.clipByValue(tf.add(t, 3), 0, 6)), 6);
  const hiddenScale = tf.tensor1d(scales.hidden ?? Array.from({ length: h }, () => 1));
  const outputScale = tf.tensor1d(scales.output ?? Array.from({ length: c }, () => 1));
  let y: tf.Tensor4D;
  if (options.noPw) {
    y = tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, h]);
  } else {
    y = tf.conv2d(x, pwKernel, 1, 'valid');
    y = tf.mul(act(referenceBatchNorm(y, first(block.pw.scale, h), first(block.pw.offset, h))), hiddenScale);
  }
  y = tf.depthwiseConv2d(y, dwKernel, stride, [[0, 0], [p, p], [p, p], [0, 0]]);
  y = tf.mul(act(referenceBatchNorm(y, first(block.dw.scale, h), first(block.dw.offset, h))), hiddenScale);
  if (options.se !== undefined) {
    const se = block.se!;
    const s = options.se;
    const gate = se.config.gate === 'sigmoid' ? tf.sigmoid : (t: tf.Tensor) => tf.div(tf.clipByValue(tf.add(t, 3), 0, 6), 6);
    let z: tf.Tensor = tf.mean(y, [1, 2], true);
    z = act(tf.add(tf.conv2d(z as tf.Tensor4D, tf.slice(se.reduce.kernel, [0, 0, 0, 0], [1, 1, h, s]) as tf.Tensor4D, 1, 'valid'), first(se.reduce.bias, s)));
    z = gate(tf.add(tf.conv2d(z as tf.Tensor4D, tf.slice(se.expand.kernel, [0, 0, 0, 0], [1, 1, s, h]) as tf.Tensor4D, 1, 'valid'), first(se.expand.bias, h)));
    y = tf.mul(y, z);
  }
  y = tf.conv2d(y, pwlKernel, 1, 'valid');
  return tf.mul(referenceBatchNorm(y, first(block.pwl.scale, c), first(block.pwl.offset, c)), outputScale);
}

function expectClose(actual: tf.Tensor, expected: tf.Tensor, tolerance = 1e-5): void {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - e[i]!));
  expect(worst).toBeLessThan(tolerance);
}

describe('maskedInvertedResidual', () => {
  const x = tf.randomNormal([1, 6, 6, 4], 0, 1, 'float32', 11) as tf.Tensor4D;
  const cases = [
    { kernel: 3, stride: 1, outSize: 6 },
    { kernel: 5, stride: 2, outSize: 3 },
  ];

  for (const { kernel, stride, outSize } of cases) {
    it(`one-hot (h, c) equals the plain block of the sliced weights on c channels, zero elsewhere (k${kernel} s${stride})`, () => {
      const hiddenOptions = [4, 8, 12];
      const outputOptions = [4, 6, 8];
      const block = createMaskedInvertedResidual({ inChannels: 4, hiddenOptions, outputOptions, kernel, stride, seed: 3 });
      randomizeBatchNorm(block, 100);
      hiddenOptions.forEach((h, i) => {
        outputOptions.forEach((c, j) => {
          const weights = { hidden: oneHot(i, hiddenOptions.length), output: oneHot(j, outputOptions.length) };
          const y = maskedInvertedResidual(x, block, weights);
          expect(y.shape).toEqual([1, outSize, outSize, 8]);
          expectClose(tf.slice(y, [0, 0, 0, 0], [1, outSize, outSize, c]), plainBlock(x, block, h, c));
          const rest = Array.from(tf.slice(y, [0, 0, 0, c], [1, outSize, outSize, 8 - c]).dataSync());
          expect(rest.every((v) => v === 0)).toBe(true);
        });
      });
      disposeMaskedInvertedResidual(block);
    });
  }

  it('with a residual: x + the masked body (x zero beyond the chosen c, as inside a stage sharing the choice)', () => {
    const block = createMaskedInvertedResidual({ inChannels: 6, hiddenOptions: [6, 12], outputOptions: [4, 6], kernel: 3, stride: 1, residual: true });
    randomizeBatchNorm(block, 200);
    const input = tf.concat([tf.randomNormal([1, 6, 6, 4], 0, 1, 'float32', 5), tf.zeros([1, 6, 6, 2])], 3) as tf.Tensor4D;
    const y = maskedInvertedResidual(input, block, { hidden: oneHot(1, 2), output: oneHot(0, 2) });
    const expected = tf.add(tf.slice(input, [0, 0, 0, 0], [1, 6, 6, 4]), plainBlock(input, block, 12, 4));
    expectClose(tf.slice(y, [0, 0, 0, 0], [1, 6, 6, 4]), expected);
    expect(Array.from(tf.slice(y, [0, 0, 0, 4], [1, 6, 6, 2]).dataSync()).every((v) => v === 0)).toBe(true);
  });

  it('soft weights scale the hidden activations (after pw and after dw) and the output by M = Σ gᵢ·𝟙ᵢ', () => {
    const block = createMaskedInvertedResidual({ inChannels: 4, hiddenOptions: [4, 8], outputOptions: [4, 8], kernel: 3, stride: 1, activation: 'hswish' });
    randomizeBatchNorm(block, 300);
    const y = maskedInvertedResidual(x, block, { hidden: tf.tensor1d([0.3, 0.7]), output: tf.tensor1d([0.6, 0.4]) });
    // Masks by hand: channels 0–3 are kept by both options (1), channels 4–7 by the widest only (its weight).
    const expected = plainBlock(x, block, 8, 8, { hidden: [1, 1, 1, 1, 0.7, 0.7, 0.7, 0.7], output: [1, 1, 1, 1, 0.4, 0.4, 0.4, 0.4] });
    // Not exact: BN after the depthwise sees the first mask's scale 0.7 as 0.7·(z − μ)/sqrt(0.49·σ² + ε).
    expectClose(y, expected, 1e-3);
  });

  it('soft weights: gradients reach both weight vectors and every variable', () => {
    const block = createMaskedInvertedResidual({ inChannels: 4, hiddenOptions: [4, 8], outputOptions: [4, 8], kernel: 3, stride: 1 });
    randomizeBatchNorm(block, 300);
    const hidden = tf.tensor1d([0.3, 0.7]);
    const output = tf.tensor1d([0.6, 0.4]);
    const upstream = tf.randomNormal([1, 6, 6, 8], 0, 1, 'float32', 9);
    const loss = (h: tf.Tensor, o: tf.Tensor) => tf.sum(tf.mul(maskedInvertedResidual(x, block, { hidden: h, output: o }), upstream));
    const [gHidden, gOutput] = tf.grads(loss)([hidden, output]);
    expect(Math.abs(gHidden!.dataSync()[1]!)).toBeGreaterThan(1e-3);
    expect(Math.abs(gOutput!.dataSync()[1]!)).toBeGreaterThan(1e-3);
    const { grads } = tf.variableGrads(() => loss(hidden, output) as tf.Scalar, block.variables as tf.Variable[]);
    expect(Object.keys(grads)).toHaveLength(9);
    for (const gradient of Object.values(grads)) expect(tf.max(tf.abs(gradient)).dataSync()[0]).toBeGreaterThan(0);
  });

  it('optionalPw: options without pw conv run the dw on the input itself (x zero beyond its width = the hidden width)', () => {
    // Input width 8, of which 4 are live: hidden option 4 has no pw conv (as `ir` with e = 1), 8 and 16 have one.
    const hiddenOptions = [4, 8, 16];
    const outputOptions = [4, 6];
    const block = createMaskedInvertedResidual({ inChannels: 8, hiddenOptions, outputOptions, kernel: 3, stride: 2, activation: 'hswish', optionalPw: true, seed: 8 });
    randomizeBatchNorm(block, 400);
    const input = tf.concat([tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 6), tf.zeros([2, 6, 6, 4])], 3) as tf.Tensor4D;
    hiddenOptions.forEach((h, i) => {
      outputOptions.forEach((c, j) => {
        const noPw = h === 4;
        const y = maskedInvertedResidual(input, block, {
          hidden: oneHot(i, 3), output: oneHot(j, 2), pw: noPw ? tf.zeros([3]) : oneHot(i, 3), bypass: tf.scalar(noPw ? 1 : 0),
        });
        expectClose(tf.slice(y, [0, 0, 0, 0], [2, 3, 3, c]), plainBlock(input, block, h, c, {}, { noPw }));
        expect(Array.from(tf.slice(y, [0, 0, 0, c], [2, 3, 3, 6 - c]).dataSync()).every((v) => v === 0)).toBe(true);
      });
    });
    expect(() => maskedInvertedResidual(input, block, { hidden: oneHot(0, 3), output: oneHot(0, 2) })).toThrow('optionalPw: expected weights.pw');
    disposeMaskedInvertedResidual(block);
  });

  for (const gate of ['hsigmoid', 'sigmoid'] as const) {
    it(`se (${gate}): one-hot (h, s, c) equals the plain block with its squeeze-excite of the sliced weights`, () => {
      const hiddenOptions = [8, 16];
      const seOptions = [8, 4];
      const block = createMaskedInvertedResidual({
        inChannels: 4, hiddenOptions, outputOptions: [4, 8], kernel: 5, stride: 1, activation: gate === 'sigmoid' ? 'relu' : 'hswish',
        se: { hiddenOptions: seOptions, gate }, seed: 12,
      });
      randomizeBatchNorm(block, 500);
      block.se!.reduce.bias.assign(tf.randomUniform([8], -1, 1, 'float32', 1));
      block.se!.expand.bias.assign(tf.randomUniform([16], -1, 1, 'float32', 2));
      expect(block.variables).toHaveLength(13);
      hiddenOptions.forEach((h, i) => {
        seOptions.forEach((sHidden, k) => {
          const y = maskedInvertedResidual(x, block, { hidden: oneHot(i, 2), output: oneHot(0, 2), se: oneHot(k, 2) });
          expectClose(tf.slice(y, [0, 0, 0, 0], [1, 6, 6, 4]), plainBlock(x, block, h, 4, {}, { se: sHidden }));
        });
      });
      expect(() => maskedInvertedResidual(x, block, { hidden: oneHot(0, 2), output: oneHot(0, 2) })).toThrow('se: expected weights.se');
      const before = tf.memory().numTensors;
      disposeMaskedInvertedResidual(block);
      expect(tf.memory().numTensors).toBe(before - 13 - 3);
    });
  }

  it('memory stays flat as the options go from 2 to 8: one widest block, same peak bytes per forward pass', async () => {
    const measure = async (hiddenOptions: number[], outputOptions: number[]) => {
      const block = createMaskedInvertedResidual({ inChannels: 4, hiddenOptions, outputOptions, kernel: 3, stride: 1 });
      const variableBytes = block.variables.reduce((total, v) => total + v.size * 4, 0);
      const weights = { hidden: tf.fill([hiddenOptions.length], 1 / hiddenOptions.length), output: tf.fill([outputOptions.length], 1 / outputOptions.length) };
      const before = tf.memory().numBytes;
      const info = await tf.profile(() => maskedInvertedResidual(x, block, weights));
      disposeMaskedInvertedResidual(block);
      return { variableBytes, forwardPeakBytes: info.peakBytes - before, newBytes: info.newBytes };
    };
    const two = await measure([16, 32], [4, 8]);
    const eight = await measure([4, 8, 12, 16, 20, 24, 28, 32], [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(eight).toEqual(two);
    expect(two.newBytes).toBe(6 * 6 * 8 * 4); // only the [1, 6, 6, 8] output survives the pass
    expect(two.forwardPeakBytes).toBeGreaterThan(two.newBytes);
    // The widest block: pw 4·32, dw 9·32, pwl 32·8 weights and 2·(32 + 32 + 8) BN parameters, float32.
    expect(two.variableBytes).toBe(4 * (4 * 32 + 9 * 32 + 32 * 8 + 2 * (32 + 32 + 8)));
  });

  it('initial weights are the same on every build for seed 0 (the default), as for any other seed', () => {
    const valuesOf = (seed: number | undefined) => {
      const block = createMaskedInvertedResidual({
        inChannels: 4, hiddenOptions: [4, 8], outputOptions: [4], kernel: 3, stride: 1, se: { hiddenOptions: [4], gate: 'hsigmoid' }, seed,
      });
      const values = block.variables.map((v) => Array.from(v.dataSync()));
      disposeMaskedInvertedResidual(block);
      return values;
    };
    const zero = valuesOf(0);
    expect(valuesOf(0)).toEqual(zero);
    expect(valuesOf(undefined)).toEqual(zero);
    expect(valuesOf(1)).not.toEqual(zero);
  });

  it('creating and disposing a block leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    disposeMaskedInvertedResidual(createMaskedInvertedResidual({ inChannels: 4, hiddenOptions: [4, 8], outputOptions: [4], kernel: 3, stride: 1 }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad configs and inputs with the field and the expected form', () => {
    const base = { inChannels: 4, hiddenOptions: [4, 8], outputOptions: [4], kernel: 3, stride: 1 };
    expect(() => createMaskedInvertedResidual({ ...base, kernel: 4 })).toThrow('kernel: expected a positive odd integer kernel size, got 4');
    expect(() => createMaskedInvertedResidual({ ...base, stride: 0 })).toThrow('stride: expected a positive integer stride, got 0');
    expect(() => createMaskedInvertedResidual({ ...base, hiddenOptions: [] })).toThrow('hiddenOptions: expected at least one channel count');
    expect(() => createMaskedInvertedResidual({ ...base, stride: 2, residual: true }))
      .toThrow('residual: expected stride 1 and inChannels equal to the widest output 4, got stride 2 and inChannels 4');
    const block = createMaskedInvertedResidual(base);
    expect(() => maskedInvertedResidual(tf.zeros([1, 6, 6, 3]) as tf.Tensor4D, block, { hidden: oneHot(0, 2), output: oneHot(0, 1) }))
      .toThrow('maskedInvertedResidual: expected x of shape [N, H, W, 4], got [1,6,6,3]');
    expect(() => maskedInvertedResidual(x, block, { hidden: oneHot(0, 3), output: oneHot(0, 1) })).toThrow(/expected weights of shape \[K\]/);
  });
});
