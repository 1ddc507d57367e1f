/**
 * Every reference model, counted from its architecture file, reproduces the published MACs and weights to
 * their published rounding, and the full parameter counts of spec §6.1 exactly.
 */
import { countArch } from '@fbnas/core';
import { createBuiltinOpSpecRegistry } from '@fbnas/ops/specs';
import { describe, expect, it } from 'vitest';
import { listModels, loadArchitecture } from './builtin-zoo';

const registry = createBuiltinOpSpecRegistry();

/** Spec §6.1: [model, all trainable parameters, BN running statistics]. */
const FULL_COUNTS: ReadonlyArray<readonly [string, number, number]> = [
  ['fbnet_a', 4321232, 33296],
  ['fbnet_b', 4818216, 33696],
  ['fbnet_c', 5592784, 44240],
  ['FBNetV2_F1', 6024744, 20240],
  ['FBNetV2_F2', 6024744, 20240],
  ['FBNetV2_F3', 6924840, 20240],
  ['FBNetV2_F4', 7022880, 22768],
  ['FBNetV2_L1', 8538792, 34176],
  ['FBNetV2_L2', 8538792, 34176],
];

/** Spec §7.3: exact derived totals [model, MACs, weights]. */
const EXACT_TOTALS: ReadonlyArray<readonly [string, number, number]> = [
  ['fbnet_a', 244526360, 4270288],
  ['fbnet_b', 291101640, 4766672],
  ['fbnet_c', 378233440, 5525424],
  ['FBNetV2_F1', 56410560, 5999408],
  ['FBNetV2_F2', 85441392, 5999408],
  ['FBNetV2_F3', 121824000, 6899504],
  ['FBNetV2_F4', 238351984, 6994824],
  ['FBNetV2_L1', 326023008, 8496520],
  ['FBNetV2_L2', 423912768, 8496520],
];

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

describe('reference model counts', () => {
  it('covers the nine models', () => {
    expect(listModels().map((model) => model.name)).toEqual(FULL_COUNTS.map(([name]) => name));
  });

  describe.each(listModels())('$name', (model) => {
    const count = countArch(loadArchitecture(model.name), registry);

    it('matches the published MACs and weights to their published rounding', () => {
      const { macsMillions, weightsMillions, decimals } = model.published;
      expect(roundTo(count.macs / 1e6, decimals)).toBe(macsMillions);
      expect(roundTo(count.weights / 1e6, decimals)).toBe(weightsMillions);
    });

    it('matches the exact derived totals (spec §7.3)', () => {
      const [, macs, weights] = EXACT_TOTALS.find(([name]) => name === model.name)!;
      expect([count.macs, count.weights]).toEqual([macs, weights]);
    });

    it('matches all-trainable parameters and BN running statistics exactly (spec §6.1)', () => {
      const [, trainable, bnStats] = FULL_COUNTS.find(([name]) => name === model.name)!;
      expect(count.trainable).toBe(trainable);
      expect(count.bnStats).toBe(bnStats);
      expect(count.frameworkParams).toBe(trainable + bnStats);
    });

    it('ends at a 1x1 map before the head when the feature map is input / 32', () => {
      const lastBackbone = count.blocks.at(-2)!;
      const side = model.family === 'FBNetV2' ? 1 : model.resolution / 32;
      expect([lastBackbone.outShape.height, lastBackbone.outShape.width]).toEqual([side, side]);
      expect(count.blocks.at(-1)!.outShape).toEqual({ height: 1, width: 1, channels: 1000 });
    });
  });
});
