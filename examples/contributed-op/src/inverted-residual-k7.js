// @ts-check
/**
 * A 7×7 depthwise inverted residual (MobileNetV2 block with a large kernel) as an fbnas op, written from plan
 * primitives: pw 1×1 expansion, 7×7 depthwise, pwl 1×1 projection, and a residual when the shape is kept.
 */
import { choiceArg, makeDivisible, parseArgsWith, positiveNumberArg } from '@fbnas/core';
import { convUnit, latencyKey } from '@fbnas/ops/specs';

const schema = {
  expansion: positiveNumberArg(6),
  activation: choiceArg(['relu', 'hswish'], 'relu'),
};

/**
 * `ir7`: hidden width `makeDivisible(in · expansion, 8)`; no pw conv when that equals the input width.
 *
 * @type {import('@fbnas/core').OpSpec<{ expansion: number; activation: 'relu' | 'hswish' }>}
 */
export const invertedResidualK7Spec = {
  name: 'ir7',
  description: 'inverted residual with a 7×7 depthwise convolution (pw → dw 7×7 → pwl, residual when the shape is kept)',
  argNames: Object.keys(schema),
  aliases: [{ name: 'ir7_hs', args: { activation: 'hswish' } }],
  parseArgs: (raw, context) => parseArgsWith(schema, raw, context),
  plan({ inChannels, outChannels, stride, args }) {
    const hidden = makeDivisible(inChannels * args.expansion, 8);
    const unit = { bias: false, batchNorm: true };
    const body = [
      ...(hidden === inChannels ? [] : convUnit({ ...unit, prefix: 'pw', inChannels, outChannels: hidden, kernel: 1, stride: 1, groups: 1, activation: args.activation })),
      ...convUnit({ ...unit, prefix: 'dw', inChannels: hidden, outChannels: hidden, kernel: 7, stride, groups: hidden, activation: args.activation }),
      ...convUnit({ ...unit, prefix: 'pwl', inChannels: hidden, outChannels, kernel: 1, stride: 1, groups: 1, activation: null }),
    ];
    return stride === 1 && inChannels === outChannels ? [{ kind: 'residual', body }] : body;
  },
  latencyKey(block, input) {
    return latencyKey('ir7', this.plan(block), block, input, [`e:${block.args.expansion}`, `s:${block.stride}`, `act:${block.args.activation}`]);
  },
};
