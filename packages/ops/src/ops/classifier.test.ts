import { countPlan } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { classifierSpec } from './classifier';

describe('classifierSpec', () => {
  it('plans pool → 1×1 conv with bias → flatten, the conv named `conv`', () => {
    const plan = classifierSpec.plan({ inChannels: 1504, outChannels: 1000, stride: 1, args: { dropout: 0 } });
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

  it('takes `dropout` (default 0): a training-only dropout layer after the pool, counts unchanged', () => {
    expect(classifierSpec.parseArgs({}, { path: 'head.args' })).toEqual({ dropout: 0 });
    const args = classifierSpec.parseArgs({ dropout: 0.2 }, { path: 'head.args' });
    const plan = classifierSpec.plan({ inChannels: 1504, outChannels: 1000, stride: 1, args });
    expect(plan.map((layer) => layer.kind)).toEqual(['globalAveragePool', 'dropout', 'conv', 'flatten']);
    expect(plan[1]).toEqual({ kind: 'dropout', rate: 0.2, per: 'element' });
    expect(countPlan(plan, { height: 7, width: 7, channels: 1504 })).toMatchObject({ weights: 1504000, macs: 1577696 });
    expect(() => classifierSpec.parseArgs({ dropout: 1 }, { path: 'head.args' })).toThrow('head.args.dropout: expected a drop probability in [0, 1), got 1');
    expect(() => classifierSpec.parseArgs({ bias: false }, { path: 'head.args' })).toThrow(/head\.args\.bias: unknown argument 'bias'/);
  });

  it('keys latency by shapes', () => {
    for (const dropout of [0, 0.3]) {
      expect(classifierSpec.latencyKey({ inChannels: 1984, outChannels: 1000, stride: 1, args: { dropout } }, { height: 7, width: 7 })).toBe(
        'classifier-in:7x7x1984-out:1x1x1000',
      );
    }
  });
});
