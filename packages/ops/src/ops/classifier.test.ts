import { countPlan } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { classifierSpec } from './classifier';

describe('classifierSpec', () => {
  it('plans pool → 1×1 conv with bias → flatten, the conv named `conv`', () => {
    const plan = classifierSpec.plan({ inChannels: 1504, outChannels: 1000, stride: 1, args: {} });
    expect(plan).toEqual([
      { kind: 'globalAveragePool' },
      { kind: 'conv', name: 'conv', inChannels: 1504, outChannels: 1000, kernel: 1, stride: 1, groups: 1, bias: true },
      { kind: 'flatten' },
    ]);
    // fbnet_a head at 7x7: 1504000 weights, 1577696 MACs (pool 1504·49 + fc)
    expect(countPlan(plan, { height: 7, width: 7, channels: 1504 })).toMatchObject({
      weights: 1504000,
      macs: 1577696,
      biases: 1000,
      outputShape: { height: 1, width: 1, channels: 1000 },
    });
  });

  it('takes no arguments', () => {
    expect(() => classifierSpec.parseArgs({ dropout: 0.2 }, { path: 'head.args' })).toThrow(
      "head.args.dropout: unknown argument 'dropout'; expected no arguments",
    );
  });

  it('keys latency by shapes', () => {
    expect(classifierSpec.latencyKey({ inChannels: 1984, outChannels: 1000, stride: 1, args: {} }, { height: 7, width: 7 })).toBe(
      'classifier-in:7x7x1984-out:1x1x1000',
    );
  });
});
