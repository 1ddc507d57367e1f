import { describe, expect, it } from 'vitest';
import type { ConvLayer, LayerPlan } from './layer-plan';
import { countPlan } from './plan-cost';

function conv(overrides: Partial<ConvLayer>): ConvLayer {
  return { kind: 'conv', name: 'conv', inChannels: 16, outChannels: 16, kernel: 1, stride: 1, groups: 1, bias: false, ...overrides };
}

describe('countPlan', () => {
  it('counts a conv as weights × output H × W, biases and BN channels apart', () => {
    const plan: LayerPlan = [
      conv({ inChannels: 3, outChannels: 16, kernel: 3, stride: 2, bias: true }),
      { kind: 'batchNorm', name: 'bn', channels: 16 },
      { kind: 'activation', activation: 'relu' },
    ];
    // fbnet_a xif0_0: 432 weights, 5419008 MACs
    expect(countPlan(plan, { height: 224, width: 224, channels: 3 })).toEqual({
      macs: 5419008,
      weights: 432,
      biases: 16,
      bnChannels: 16,
      layers: 3,
      outputElements: 3 * 16 * 112 * 112,
      outputShape: { height: 112, width: 112, channels: 16 },
    });
  });

  it('counts depthwise and grouped convs with in/groups', () => {
    const plan: LayerPlan = [
      { kind: 'channelShuffle', groups: 2 },
      conv({ inChannels: 64, outChannels: 64, kernel: 5, groups: 64 }),
      conv({ inChannels: 64, outChannels: 64, groups: 2 }),
    ];
    // fbnet_a xif4_2 without BN: dw 64·25 + pwl 64·32 = 3648 weights at 14x14
    const cost = countPlan(plan, { height: 14, width: 14, channels: 64 });
    expect(cost.weights).toBe(3648);
    expect(cost.macs).toBe(3648 * 196);
  });

  it('counts a global average pool as C·H·W of its input, also inside SE and residual bodies', () => {
    const squeeze: LayerPlan = [
      { kind: 'globalAveragePool' },
      conv({ inChannels: 16, outChannels: 8, bias: true }),
      { kind: 'activation', activation: 'relu' },
      conv({ inChannels: 8, outChannels: 16, bias: true }),
      { kind: 'activation', activation: 'hsigmoid' },
    ];
    const plan: LayerPlan = [{ kind: 'residual', body: [{ kind: 'squeezeExcite', body: squeeze }] }];
    expect(countPlan(plan, { height: 4, width: 4, channels: 16 })).toEqual({
      macs: 16 * 16 + 128 + 128,
      weights: 256,
      biases: 24,
      bnChannels: 0,
      // residual, SE and the squeeze's five layers: 16·16 (residual) + 16·16 (SE) + 16 + 8 + 8 + 16 + 16
      layers: 7,
      outputElements: 256 + 256 + 16 + 8 + 8 + 16 + 16,
      outputShape: { height: 4, width: 4, channels: 16 },
    });
  });

  it('costs nothing for an empty plan', () => {
    const shape = { height: 8, width: 8, channels: 8 };
    expect(countPlan([], shape)).toEqual({ macs: 0, weights: 0, biases: 0, bnChannels: 0, layers: 0, outputElements: 0, outputShape: shape });
  });
});
