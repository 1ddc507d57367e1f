import { describe, expect, it } from 'vitest';
import { createTestRegistry, testConvSpec } from './__fixtures__/test-ops';
import { FormatError } from './format-error';
import type { CustomPlanLayer, LayerPlan } from './layer-plan';
import { countPlan } from './plan-cost';
import type { PlanPrimitive } from './plan-primitive';
import { builtinPlanPrimitives, planPrimitivesOf, walkPlan } from './plan-primitives';
import { planOutputShape } from './plan-shape';
import { parseArgsWith } from './args-schema';
import type { OpSpec } from './op-spec';

/** A contributed kind: shifts a feature map by one pixel (free, no parameters); a per-channel scale has C weights. */
const shiftPrimitive: PlanPrimitive<CustomPlanLayer> = {
  name: 'shift',
  description: 'test: keeps the shape',
  outputShape: (_layer, input) => input,
};
const scalePrimitive: PlanPrimitive<CustomPlanLayer> = {
  name: 'scale',
  description: 'test: per-channel scale',
  outputShape: (_layer, input) => input,
  cost: (_layer, { input, arithmetic: a }) => ({ weights: input.channels, macs: a.mul(a.mul(input.channels, input.height), input.width) }),
  parameters: (layer) => [{ suffix: 'kernel', referenceSuffix: 'weight', shape: [layer.channels as number], layout: 'vector' }],
};

function opWith(name: string, primitives: PlanPrimitive<CustomPlanLayer>[]): OpSpec {
  return {
    name,
    description: 'test op with a contributed kind',
    argNames: [],
    aliases: [],
    parseArgs: (raw, context) => parseArgsWith({}, raw, context),
    plan: ({ inChannels }) => [{ kind: primitives[0]!.name, name: 's', channels: inChannels }],
    latencyKey: () => name,
    primitives,
  };
}

const conv = (inChannels: number, outChannels: number, kernel = 1, groups = 1) =>
  ({ kind: 'conv', name: `c${inChannels}_${outChannels}`, inChannels, outChannels, kernel, stride: 1, groups, bias: false }) as const;

describe('plan primitives', () => {
  it('concatenates branches along channels and counts every branch at the input (a ghost module)', () => {
    const ghost: LayerPlan = [
      conv(16, 12),
      { kind: 'batchNorm', name: 'bn', channels: 12 },
      { kind: 'concat', branches: [[], [conv(12, 12, 3, 12), { kind: 'batchNorm', name: 'cheap.bn', channels: 12 }]] },
    ];
    const input = { height: 8, width: 8, channels: 16 };
    expect(planOutputShape(ghost, input)).toEqual({ height: 8, width: 8, channels: 24 });
    const cost = countPlan(ghost, input);
    // primary 1×1: 16·12 weights, ×64 positions; cheap depthwise 3×3: 12·9 weights, ×64.
    expect(cost).toMatchObject({ weights: 16 * 12 + 12 * 9, macs: (16 * 12 + 12 * 9) * 64, bnChannels: 24 });
  });

  it('refuses branches of different sizes and an empty concat, at their paths', () => {
    const input = { height: 8, width: 8, channels: 4 };
    const strided = { ...conv(4, 4), stride: 2 };
    expect(() => planOutputShape([{ kind: 'concat', branches: [[], [strided]] }], input)).toThrow(
      'layers[0] (concat).branches[1]: expected a 8x8 output like branch 0, got 4x4',
    );
    expect(() => planOutputShape([{ kind: 'concat', branches: [] }], input)).toThrow(FormatError);
    expect(() => planOutputShape([{ kind: 'concat', branches: [[conv(3, 4)]] }], input)).toThrow(
      'layers[0].branches[0][0] (c3_4): expected 3 input channels, got 4',
    );
  });

  it('pools with stride and k//2 padding; average pools cost k²·C·H′·W′, max pools nothing', () => {
    const input = { height: 7, width: 7, channels: 10 };
    expect(planOutputShape([{ kind: 'pool', mode: 'avg', kernel: 3, stride: 2 }], input)).toEqual({ height: 4, width: 4, channels: 10 });
    expect(countPlan([{ kind: 'pool', mode: 'avg', kernel: 3, stride: 2 }], input).macs).toBe(9 * 10 * 16);
    expect(countPlan([{ kind: 'pool', mode: 'max', kernel: 3, stride: 1 }], input).macs).toBe(0);
    expect(() => planOutputShape([{ kind: 'pool', mode: 'min' as 'avg', kernel: 3, stride: 1 }], input)).toThrow(
      "layers[0] (pool).mode: expected 'avg' or 'max', got \"min\"",
    );
    expect(() => planOutputShape([{ kind: 'pool', mode: 'max', kernel: 2, stride: 1 }], input)).toThrow('kernel: expected an odd kernel size');
  });

  it('names an unknown kind with the known ones, unless the op registry declares it', () => {
    const plan: LayerPlan = [{ kind: 'shift', name: 's' }];
    const input = { height: 4, width: 4, channels: 3 };
    expect(() => planOutputShape(plan, input)).toThrow("layers[0]: unknown layer kind 'shift'; known kinds: conv, batchNorm");
    const ops = createTestRegistry().extend([opWith('shifted', [shiftPrimitive])]);
    const primitives = planPrimitivesOf(ops);
    expect(primitives.names()).toEqual([...builtinPlanPrimitives().names(), 'shift']);
    expect(planOutputShape(plan, input, primitives)).toEqual(input);
    expect(planPrimitivesOf(ops)).toBe(primitives);
    expect(planPrimitivesOf(createTestRegistry())).toBe(builtinPlanPrimitives());
  });

  it('counts a contributed kind with its own cost function', () => {
    const ops = createTestRegistry().extend([opWith('scaled', [scalePrimitive])]);
    const cost = countPlan([{ kind: 'scale', name: 's', channels: 5 }], { height: 2, width: 3, channels: 5 }, planPrimitivesOf(ops));
    expect(cost).toMatchObject({ weights: 5, macs: 30 });
  });

  it('refuses two different primitives for one kind, and a contributed kind shadowing a built-in', () => {
    const other: PlanPrimitive<CustomPlanLayer> = { ...shiftPrimitive };
    const ops = createTestRegistry().extend([opWith('a', [shiftPrimitive]), opWith('b', [other])]);
    expect(() => planPrimitivesOf(ops)).toThrow("op 'b' declares plan primitive 'shift', which op 'a' already define differently");
    const shadow = createTestRegistry().extend([opWith('c', [{ ...shiftPrimitive, name: 'conv' }])]);
    expect(() => planPrimitivesOf(shadow)).toThrow("which the built-ins already define differently");
    // The same object declared twice is fine.
    expect(() => planPrimitivesOf(createTestRegistry().extend([opWith('d', [shiftPrimitive]), opWith('e', [shiftPrimitive])]))).not.toThrow();
  });

  it('walks nested bodies and branches with their paths', () => {
    const seen: string[] = [];
    walkPlan(
      [{ kind: 'residual', body: [conv(4, 4), { kind: 'concat', branches: [[], [conv(4, 4)]] }] }],
      builtinPlanPrimitives(),
      (layer, path) => seen.push(`${path}:${layer.kind}`),
    );
    expect(seen).toEqual([
      'layers[0]:residual', 'layers[0].body[0]:conv', 'layers[0].body[1]:concat', 'layers[0].body[1].branches[1][0]:conv',
    ]);
  });

  it('keeps the test conv spec counting as before', () => {
    const plan = testConvSpec.plan({ inChannels: 3, outChannels: 8, stride: 2, args: { kernel: 3, activation: 'relu', bias: true } });
    expect(countPlan(plan, { height: 8, width: 8, channels: 3 })).toMatchObject({ weights: 216, macs: 216 * 16, biases: 8, bnChannels: 8 });
  });
});
