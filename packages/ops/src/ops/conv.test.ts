import { countPlan } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { convSpec } from './conv';

const context = { path: 'stages[0][0]' };

describe('convSpec', () => {
  it('defaults to a 3×3 conv with bias and ReLU', () => {
    expect(convSpec.parseArgs({}, context)).toEqual({ kernel: 3, activation: 'relu', bias: true });
  });

  it('plans conv (with bias) → bn → activation, named like the reference', () => {
    const args = convSpec.parseArgs({ activation: 'hswish' }, context);
    expect(convSpec.plan({ inChannels: 3, outChannels: 8, stride: 2, args })).toEqual([
      { kind: 'conv', name: 'conv', inChannels: 3, outChannels: 8, kernel: 3, stride: 2, groups: 1, bias: true },
      { kind: 'batchNorm', name: 'bn', channels: 8 },
      { kind: 'activation', activation: 'hswish' },
    ]);
  });

  it('costs the FBNet stem and last 1×1 as in the spec tables', () => {
    const stem = convSpec.plan({ inChannels: 3, outChannels: 16, stride: 2, args: convSpec.parseArgs({}, context) });
    expect(countPlan(stem, { height: 224, width: 224, channels: 3 })).toMatchObject({ weights: 432, macs: 5419008, biases: 16, bnChannels: 16 });
    const last = convSpec.plan({ inChannels: 352, outChannels: 1504, stride: 1, args: convSpec.parseArgs({ kernel: 1 }, context) });
    expect(countPlan(last, { height: 7, width: 7, channels: 352 })).toMatchObject({ weights: 529408, macs: 25940992 });
  });

  it('declares the §5.1 aliases', () => {
    expect(convSpec.aliases.map((alias) => alias.name)).toEqual(['conv_k3', 'conv_k3_hs', 'conv_k1']);
  });

  it('keys latency by shapes, kernel, stride and activation', () => {
    const args = convSpec.parseArgs({}, context);
    expect(convSpec.latencyKey({ inChannels: 3, outChannels: 16, stride: 2, args }, { height: 224, width: 224 })).toBe(
      'conv-in:224x224x3-out:112x112x16-k:3-s:2-act:relu',
    );
    expect(
      convSpec.latencyKey({ inChannels: 3, outChannels: 16, stride: 2, args: { ...args, bias: false } }, { height: 224, width: 224 }),
    ).toBe('conv-in:224x224x3-out:112x112x16-k:3-s:2-act:relu-bias:0');
  });
});
