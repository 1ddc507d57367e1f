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
  // FBNetV3 addendum §V3-6.1.
  ['FBNetV3_A', 8598480, 46400],
  ['FBNetV3_B', 8598480, 46400],
  ['FBNetV3_C', 9973816, 55088],
  ['FBNetV3_D', 10306296, 56608],
  ['FBNetV3_E', 10772896, 60496],
  ['FBNetV3_F', 13896160, 76672],
  ['FBNetV3_G', 16623920, 90864],
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
  // FBNetV3 addendum §V3-7.1.
  ['FBNetV3_A', 356598280, 8542224],
  ['FBNetV3_B', 461550136, 8542224],
  ['FBNetV3_C', 556969904, 9907136],
  ['FBNetV3_D', 644420352, 10237552],
  ['FBNetV3_E', 762046336, 10699464],
  ['FBNetV3_F', 1181644520, 13803072],
  ['FBNetV3_G', 2129656384, 16513648],
];

function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

describe('reference model counts', () => {
  it('covers the sixteen models', () => {
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
      const side = model.family === 'FBNet' ? model.resolution / 32 : 1; // FBNetV2/V3 end with ir_pool
      expect([lastBackbone.outShape.height, lastBackbone.outShape.width]).toEqual([side, side]);
      expect(count.blocks.at(-1)!.outShape).toEqual({ height: 1, width: 1, channels: 1000 });
    });
  });
});

/** FBNetV3 addendum §V3-4: the map side after the stem and after each further stride-2 stage (dw padding overrides). */
const V3_SIDES: ReadonlyArray<readonly [string, number[]]> = [
  ['FBNetV3_A', [112, 56, 28, 13, 6]],
  ['FBNetV3_B', [124, 62, 31, 15, 7]],
  ['FBNetV3_C', [124, 62, 31, 15, 7]],
  ['FBNetV3_D', [124, 62, 31, 16, 8]],
  ['FBNetV3_E', [132, 66, 33, 16, 8]],
  ['FBNetV3_F', [136, 68, 34, 17, 8]],
  ['FBNetV3_G', [160, 80, 40, 20, 10]],
];

/** FBNetV3 addendum §V3-6.3, FBNetV3_A: [block, weights, MACs] of every block. */
const V3_A_BLOCKS: ReadonlyArray<readonly [string, number, number]> = [
  ['xif0_0', 432, 5419008], ['xif1_0', 400, 5017600], ['xif1_1', 400, 5017600], ['xif2_0', 4160, 22679552],
  ['xif2_1', 3504, 10988544], ['xif2_2', 3504, 10988544], ['xif2_3', 3504, 10988544], ['xif3_0', 12600, 15242880],
  ['xif3_1', 16440, 9976320], ['xif3_2', 16440, 9976320], ['xif3_3', 16440, 9976320], ['xif3_4', 16440, 9976320],
  ['xif4_0', 27400, 9550600], ['xif4_1', 33048, 5585112], ['xif4_2', 33048, 5585112], ['xif4_3', 33048, 5585112],
  ['xif4_4', 33048, 5585112], ['xif4_5', 89640, 12306960], ['xif4_6', 118440, 16206480], ['xif4_7', 118440, 16206480],
  ['xif4_8', 118440, 16206480], ['xif4_9', 118440, 16206480], ['xif4_10', 118440, 16206480], ['xif5_0', 271440, 19676160],
  ['xif5_1', 359904, 10510080], ['xif5_2', 359904, 10510080], ['xif5_3', 359904, 10510080], ['xif5_4', 359904, 10510080],
  ['xif5_5', 359904, 10510080], ['xif5_6', 584016, 17354880], ['xif6_0', 2967552, 13552896], ['head', 1984000, 1985984],
];

describe('FBNetV3 specifics', () => {
  it.each(V3_SIDES)('%s: map sides after the stem and each stride-2 stage (dw padding overrides, floor formula)', (name, sides) => {
    const { blocks } = countArch(loadArchitecture(name), registry);
    const lastOfStage = [0, 2, 3, 4, 5].map((stage) => blocks.filter((b) => b.path.startsWith(`backbone.stages.xif${stage}_`)).at(-1)!);
    expect(lastOfStage.map((block) => block.outShape.height)).toEqual(sides);
  });

  it('FBNetV3_A: every block\'s weights and MACs (less_se_channels SE widths, pw omitted at e = 1, overrides)', () => {
    const { blocks } = countArch(loadArchitecture('FBNetV3_A'), registry);
    expect(blocks.map((block) => [block.path.replace('backbone.stages.', ''), block.weights, block.macs])).toEqual(V3_A_BLOCKS);
  });
});

