import { describe, expect, it } from 'vitest';
import { convOutputSize } from './feature-shape';
import type { ConvLayer, LayerPlan } from './layer-plan';
import { planOutputShape } from './plan-shape';

function conv(overrides: Partial<ConvLayer>): ConvLayer {
  return { kind: 'conv', name: 'conv', inChannels: 16, outChannels: 16, kernel: 1, stride: 1, groups: 1, bias: false, ...overrides };
}

const input = { height: 112, width: 112, channels: 16 };

/** An IR block with SE and residual: 16 → 48 → 16 at stride 1. */
const invertedResidual: LayerPlan = [
  {
    kind: 'residual',
    body: [
      conv({ name: 'pw.conv', outChannels: 48 }),
      { kind: 'batchNorm', name: 'pw.bn', channels: 48 },
      { kind: 'activation', activation: 'relu' },
      conv({ name: 'dw.conv', inChannels: 48, outChannels: 48, kernel: 5, groups: 48 }),
      {
        kind: 'squeezeExcite',
        body: [
          { kind: 'globalAveragePool' },
          conv({ name: 'se.se.0.conv', inChannels: 48, outChannels: 16, bias: true }),
          { kind: 'activation', activation: 'relu' },
          conv({ name: 'se.se.1', inChannels: 16, outChannels: 48, bias: true }),
          { kind: 'activation', activation: 'hsigmoid' },
        ],
      },
      conv({ name: 'pwl.conv', inChannels: 48 }),
      { kind: 'batchNorm', name: 'pwl.bn', channels: 16 },
    ],
  },
];

describe('planOutputShape', () => {
  it('uses floor((H + 2·(k//2) − k)/s) + 1', () => {
    expect([convOutputSize(224, 3, 2), convOutputSize(7, 5, 1), convOutputSize(15, 3, 2), convOutputSize(15, 1, 2)]).toEqual([112, 7, 8, 8]);
    expect(planOutputShape([conv({ kernel: 5, stride: 2, outChannels: 24 })], input)).toEqual({ height: 56, width: 56, channels: 24 });
  });

  it('takes an explicit padding p: floor((H + 2p − k)/s) + 1 (FBNetV3 overrides), and refuses a bad one', () => {
    const dw = (padding: number, kernel: number, size: number) =>
      planOutputShape([conv({ kernel, stride: 2, groups: 16, padding })], { height: size, width: size, channels: 16 }).height;
    expect([dw(1, 5, 28), dw(2, 5, 28), dw(0, 3, 13), dw(0, 3, 17), dw(1, 3, 31)]).toEqual([13, 14, 6, 8, 16]);
    expect(() => planOutputShape([conv({ kernel: 3, padding: -1 })], input)).toThrow('layers[0] (conv).padding: expected a non-negative integer padding (pixels), got -1');
    expect(() => planOutputShape([conv({ kernel: 5, padding: 0 })], { height: 3, width: 3, channels: 16 })).toThrow(/needs an input of at least 5 pixels, got 3x3/);
  });

  it('propagates through residual and squeeze-excite bodies', () => {
    expect(planOutputShape(invertedResidual, input)).toEqual(input);
  });

  it('pools to 1x1 and flattens a 1x1 map', () => {
    const head: LayerPlan = [{ kind: 'globalAveragePool' }, conv({ outChannels: 1000, bias: true }), { kind: 'flatten' }];
    expect(planOutputShape(head, { height: 7, width: 7, channels: 16 })).toEqual({ height: 1, width: 1, channels: 1000 });
  });

  it('keeps a 1x1 map 1x1 under any odd kernel (symmetric padding)', () => {
    expect(planOutputShape([conv({ kernel: 7, stride: 2 })], { height: 1, width: 1, channels: 16 })).toEqual({ height: 1, width: 1, channels: 16 });
  });

  it('is the identity for an empty plan', () => {
    expect(planOutputShape([], input)).toEqual(input);
  });

  it.each<[string, LayerPlan, string]>([
    ['channel mismatch', [conv({ name: 'dw.conv', inChannels: 48 })], 'layers[0] (dw.conv): expected 48 input channels, got 16'],
    ['groups', [conv({ groups: 3 })], 'layers[0] (conv).groups: expected a group count dividing 16 and 16 channels, got 3'],
    ['kernel', [conv({ kernel: 0 })], 'layers[0] (conv).kernel: expected a positive integer kernel size, got 0'],
    ['batch norm', [{ kind: 'batchNorm', name: 'bn', channels: 8 }], 'layers[0] (bn): expected 8 channels, got 16'],
    ['shuffle', [{ kind: 'channelShuffle', groups: 3 }], 'layers[0] (channelShuffle).groups: expected a group count dividing 16 channels, got 3'],
    ['flatten', [{ kind: 'flatten' }], 'layers[0] (flatten): expected a 1x1 input, got 112x112'],
    ['residual', [{ kind: 'residual', body: [conv({ stride: 2 })] }], 'layers[0] (residual): expected a body keeping the shape 112x112x16, got 56x56x16'],
    ['se body', [{ kind: 'squeezeExcite', body: [conv({})] }], 'layers[0] (squeezeExcite): expected a body ending in 1x1x16, got 112x112x16'],
    ['nested', [{ kind: 'residual', body: [conv({}), conv({ name: 'x', inChannels: 8 })] }], 'layers[0].body[1] (x): expected 8 input channels, got 16'],
    ['activation', [{ kind: 'activation', activation: 'gelu' as 'relu' }], 'layers[0] (activation).activation: expected relu, hswish, hsigmoid or sigmoid, got "gelu"'],
    ['unknown kind', [{ kind: 'dropblock' } as unknown as ConvLayer], "layers[0]: unknown layer kind 'dropblock'; known kinds: conv, batchNorm"],
  ])('names the layer when invalid: %s', (_case, plan, message) => {
    expect(() => planOutputShape(plan, input)).toThrow(message);
  });
});
