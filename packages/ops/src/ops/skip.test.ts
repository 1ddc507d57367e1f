import { countPlan } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { skipSpec } from './skip';

describe('skipSpec', () => {
  it('is the identity (empty plan) when the shape is kept', () => {
    expect(skipSpec.plan({ inChannels: 24, outChannels: 24, stride: 1, args: {} })).toEqual([]);
  });

  it('projects with 1×1 conv (no bias) → BN → ReLU otherwise', () => {
    const plan = skipSpec.plan({ inChannels: 56, outChannels: 80, stride: 1, args: {} });
    expect(plan).toEqual([
      { kind: 'conv', name: 'conv.conv', inChannels: 56, outChannels: 80, kernel: 1, stride: 1, groups: 1, bias: false },
      { kind: 'batchNorm', name: 'conv.bn', channels: 80 },
      { kind: 'activation', activation: 'relu' },
    ]);
    // FBNetV2_F1 xif4_3: 4480 weights, 286720 MACs at 8x8
    expect(countPlan(plan, { height: 8, width: 8, channels: 56 })).toMatchObject({ weights: 4480, macs: 286720, biases: 0 });
  });

  it('projects a stride-2 skip even with equal widths', () => {
    const plan = skipSpec.plan({ inChannels: 16, outChannels: 16, stride: 2, args: {} });
    expect(plan[0]).toMatchObject({ name: 'conv.conv', stride: 2 });
  });

  it('takes no arguments', () => {
    expect(skipSpec.parseArgs({}, { path: 'stages[1][0]' })).toEqual({});
    expect(() => skipSpec.parseArgs({ expansion: 1 }, { path: 'stages[1][0]' })).toThrow(
      "stages[1][0].expansion: unknown argument 'expansion'; expected no arguments",
    );
  });

  it('keys latency by shapes and stride', () => {
    expect(skipSpec.latencyKey({ inChannels: 56, outChannels: 80, stride: 1, args: {} }, { height: 8, width: 8 })).toBe(
      'skip-in:8x8x56-out:8x8x80-s:1',
    );
  });
});
