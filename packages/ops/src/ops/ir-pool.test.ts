import { countPlan } from '@fbnas/core';
import { describe, expect, it } from 'vitest';
import { irPoolSpec } from './ir-pool';

const context = { path: 'stages[6][0]' };

describe('irPoolSpec', () => {
  it('plans pw → BN → act → pool → pwl (no bias, no BN) → act', () => {
    const args = irPoolSpec.parseArgs({ activation: 'hswish' }, context);
    const plan = irPoolSpec.plan({ inChannels: 224, outChannels: 1600, stride: 1, args });
    expect(plan).toEqual([
      { kind: 'conv', name: 'pw.conv', inChannels: 224, outChannels: 1344, kernel: 1, stride: 1, groups: 1, bias: false },
      { kind: 'batchNorm', name: 'pw.bn', channels: 1344 },
      { kind: 'activation', activation: 'hswish' },
      { kind: 'globalAveragePool' },
      { kind: 'conv', name: 'pwl.conv', inChannels: 1344, outChannels: 1600, kernel: 1, stride: 1, groups: 1, bias: false },
      { kind: 'activation', activation: 'hswish' },
    ]);
    // FBNetV2_F1 xif6_0 at 4x4: 2451456 weights, 6988800 MACs
    expect(countPlan(plan, { height: 4, width: 4, channels: 224 })).toMatchObject({
      weights: 2451456,
      macs: 6988800,
      biases: 0,
      bnChannels: 1344,
      outputShape: { height: 1, width: 1, channels: 1600 },
    });
  });

  it('omits pw when mid == in', () => {
    const args = irPoolSpec.parseArgs({ expansion: 1 }, context);
    expect(irPoolSpec.plan({ inChannels: 64, outChannels: 128, stride: 1, args })[0]).toEqual({ kind: 'globalAveragePool' });
  });

  it('defaults to e = 6, ReLU, divisor 8; ir_pool_hs fixes hswish', () => {
    expect(irPoolSpec.parseArgs({}, context)).toEqual({ expansion: 6, activation: 'relu', widthDivisor: 8 });
    expect(irPoolSpec.aliases).toEqual([{ name: 'ir_pool_hs', args: { activation: 'hswish' } }]);
  });

  it('rejects a stride other than 1', () => {
    const args = irPoolSpec.parseArgs({}, context);
    expect(() => irPoolSpec.plan({ inChannels: 224, outChannels: 1600, stride: 2, args })).toThrow('ir_pool: expected stride 1');
  });

  it('keys latency by shapes, expansion and activation', () => {
    const args = irPoolSpec.parseArgs({ activation: 'hswish' }, context);
    expect(irPoolSpec.latencyKey({ inChannels: 224, outChannels: 1600, stride: 1, args }, { height: 4, width: 4 })).toBe(
      'ir_pool-in:4x4x224-out:1x1x1600-e:6-act:hswish',
    );
  });
});
