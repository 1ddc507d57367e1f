import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@fbnas/backend';
import { countArch, type ArchDefinition } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  effectiveChannels, effectiveChannelsValue, effectiveCost, effectiveCostValue, invertedResidualEffectiveLayers,
} from './effective-shape';

beforeAll(async () => {
  await selectBackend({ backend: 'cpu', env: {} });
});

const ops = createBuiltinOpSpecRegistry();
const oneHot = (index: number, length: number) => Array.from({ length }, (_, i) => (i === index ? 1 : 0));

/** Core's exact count of the derived block: one `ir` (pw kept, mid = hidden exactly) at `inputSize`. */
function derivedBlockCount(input: { size: number; channels: number }, kernel: number, stride: number, hidden: number, out: number) {
  const arch: ArchDefinition = {
    format: 'fbnas.arch/v1',
    name: 'derived',
    inputSize: input.size,
    inputChannels: input.channels,
    numClasses: 10,
    stages: [[['ir', out, stride, 1, { kernel, expansion: hidden / input.channels, widthDivisor: 1, alwaysPw: true }]]],
  };
  const block = countArch(arch, ops).blocks[0]!;
  return { macs: block.macs, weights: block.weights };
}

describe('effectiveChannels', () => {
  it('is Σ gᵢ·cᵢ (the paper’s 0.8·16 + 0.2·12 = 15.2) with ∂C̄/∂gᵢ = cᵢ', () => {
    expect(effectiveChannels(tf.tensor1d([0.8, 0.2]), [16, 12]).dataSync()[0]).toBeCloseTo(15.2, 5);
    expect(effectiveChannelsValue([0.8, 0.2], [16, 12])).toBeCloseTo(15.2, 12);
    const gradient = tf.grad((g) => effectiveChannels(g, [16, 12, 8]))(tf.tensor1d([0.2, 0.3, 0.5]));
    expect(Array.from(gradient.dataSync())).toEqual([16, 12, 8]);
    expect(() => effectiveChannels(tf.tensor1d([1, 0]), [8, 12, 16]))
      .toThrow('effectiveChannels: expected 3 weights (a [K] vector, one per option), got shape [2]');
    expect(() => effectiveChannelsValue([1], [8, 12])).toThrow('effectiveChannelsValue: expected 2 weights');
  });
});

describe('effectiveCost', () => {
  const hiddenOptions = [8, 12, 24, 40];
  const outputOptions = [8, 12, 16];
  const input = { size: 7, channels: 8 };

  for (const [kernel, stride] of [[3, 1], [5, 2], [3, 2]] as const) {
    it(`one-hot weights give core's exact MACs and weights of the derived ir block (k${kernel} s${stride}, 7×7×8)`, () => {
      hiddenOptions.forEach((hidden, i) => {
        outputOptions.forEach((out, j) => {
          const expected = derivedBlockCount(input, kernel, stride, hidden, out);
          const gHidden = oneHot(i, hiddenOptions.length);
          const gOut = oneHot(j, outputOptions.length);
          const layers = invertedResidualEffectiveLayers({
            kernel, stride,
            hiddenChannels: effectiveChannels(tf.tensor1d(gHidden), hiddenOptions),
            outChannels: effectiveChannels(tf.tensor1d(gOut), outputOptions),
          });
          const spatial = { height: input.size, width: input.size };
          expect(effectiveCost(layers, { channels: input.channels, spatial }, 'flops').dataSync()[0]).toBe(expected.macs);
          expect(effectiveCost(layers, { channels: input.channels, spatial }, 'params').dataSync()[0]).toBe(expected.weights);
          const numberLayers = invertedResidualEffectiveLayers({
            kernel, stride,
            hiddenChannels: effectiveChannelsValue(gHidden, hiddenOptions),
            outChannels: effectiveChannelsValue(gOut, outputOptions),
          });
          expect(effectiveCostValue(numberLayers, { channels: input.channels, spatial }, 'flops')).toBe(expected.macs);
          expect(effectiveCostValue(numberLayers, { channels: input.channels, spatial }, 'params')).toBe(expected.weights);
        });
      });
    });
  }

  it('a one-hot resolution choice gives core’s exact MACs at that input size', () => {
    const resolutions = [14, 10, 7];
    const layers = invertedResidualEffectiveLayers({ kernel: 5, stride: 2, hiddenChannels: 24, outChannels: 16 });
    resolutions.forEach((size, i) => {
      const expected = derivedBlockCount({ size, channels: 8 }, 5, 2, 24, 16).macs;
      const choice = { resolutions, weights: tf.tensor1d(oneHot(i, resolutions.length)) };
      expect(effectiveCost(layers, { channels: 8, spatial: choice }, 'flops').dataSync()[0]).toBe(expected);
      expect(effectiveCostValue(layers, { channels: 8, spatial: { resolutions, weights: oneHot(i, 3) } }, 'flops')).toBe(expected);
    });
  });

  it('soft weights: Eq. 10 by hand, with the depthwise width passing through, and its gradient', () => {
    // pw 1×1 8→C̄ at 6×6, dw 3×3 stride 2 → 3×3, pwl 1×1 C̄→10; C̄ = 0.25·8 + 0.75·16 = 14.
    const weights = tf.tensor1d([0.25, 0.75]);
    const cost = (g: tf.Tensor) => effectiveCost(
      invertedResidualEffectiveLayers({ kernel: 3, stride: 2, hiddenChannels: effectiveChannels(g, [8, 16]), outChannels: 10 }),
      { channels: 8, spatial: { height: 6, width: 6 } }, 'flops');
    const hand = (c: number) => 36 * 8 * c + 9 * 9 * c + 9 * c * 10;
    expect(cost(weights).dataSync()[0]).toBeCloseTo(hand(14), 3);
    // The cost is linear in C̄, so ∂cost/∂gᵢ = cost per hidden channel · cᵢ.
    const gradient = tf.grad(cost)(weights).dataSync();
    expect(gradient[0]).toBeCloseTo(hand(1) * 8, 2);
    expect(gradient[1]).toBeCloseTo(hand(1) * 16, 2);
    const params = effectiveCostValue([{ kernel: 3, stride: 1, outChannels: 12, groups: 4 }, { kernel: 5, stride: 1, outChannels: 'depthwise' }],
      { channels: 8, spatial: { height: 6, width: 6 } }, 'params');
    expect(params).toBe(9 * 8 * 12 / 4 + 25 * 12);
  });

  it('a resolution choice uses h̄ = w̄ = Σ gᵣ·hᵣ at every layer', () => {
    // 3×3 stride-2 conv 4→6 at 8 or 4 pixels: outputs 4 and 2 pixels; h̄ = 0.5·4 + 0.5·2 = 3.
    const layers = [{ kernel: 3, stride: 2, outChannels: 6 }];
    const spatial = { resolutions: [8, 4], weights: [0.5, 0.5] };
    expect(effectiveCostValue(layers, { channels: 4, spatial }, 'flops')).toBe(9 * 4 * 6 * 3 * 3);
  });

  it('rejects bad layers, weights and modes with the field and the expected form', () => {
    const spatial = { height: 6, width: 6 };
    expect(() => effectiveCostValue([{ kernel: 0, stride: 1, outChannels: 4 }], { channels: 4, spatial }, 'flops'))
      .toThrow('effectiveCostValue: layers[0].kernel: expected a positive integer kernel size, got 0');
    expect(() => effectiveCost([{ kernel: 1, stride: 1.5, outChannels: 4 }], { channels: 4, spatial }, 'flops'))
      .toThrow('effectiveCost: layers[0].stride: expected a positive integer stride, got 1.5');
    expect(() => effectiveCost([{ kernel: 1, stride: 1, outChannels: 4 }], { channels: 4, spatial: { resolutions: [6, 3], weights: tf.tensor1d([1]) } }, 'flops'))
      .toThrow('effectiveCost: input.spatial: expected 2 weights (a [K] vector, one per option), got shape [1]');
    expect(() => effectiveCostValue([], { channels: 4, spatial }, 'macs' as 'flops')).toThrow("mode: expected 'flops' or 'params', got macs");
  });
});
