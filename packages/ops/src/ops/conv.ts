import { booleanArg, choiceArg, parseArgsWith, type LayerPlan, type OpBlock, type OpSpec } from '@fbnas/core';
import { convUnit } from './conv-unit';
import { latencyKey } from './latency-key';

/** Arguments of the plain conv block (`conv`). */
export interface ConvArgs {
  /** Kernel size (pixels); padding k//2. Default 3. */
  kernel: 1 | 3 | 5 | 7;
  /** Activation after BN. Default `relu`. */
  activation: 'relu' | 'hswish';
  /** Convolution bias; the reference's plain conv blocks have one. Default true. */
  bias: boolean;
}

const schema = {
  kernel: choiceArg([1, 3, 5, 7], 3),
  activation: choiceArg(['relu', 'hswish'], 'relu'),
  bias: booleanArg(true),
};

/**
 * The plain conv block (spec §5.2): k×k conv (stride s, padding k//2, with bias) → BN → activation; no residual.
 * The stems (`conv_k3`, `conv_k3_hs`) and FBNet-A/B/C's last 1×1 (`conv_k1`). Layers `conv`, `bn`.
 *
 * @example
 * convSpec.plan({ inChannels: 3, outChannels: 16, stride: 2, args: { kernel: 3, activation: 'relu', bias: true } });
 */
export const convSpec: OpSpec<ConvArgs> = {
  name: 'conv',
  description: 'k×k conv (with bias) → BN → activation (stems, FBNet last 1×1)',
  argNames: Object.keys(schema),
  aliases: [
    { name: 'conv_k3', args: { kernel: 3, activation: 'relu' } },
    { name: 'conv_k3_hs', args: { kernel: 3, activation: 'hswish' } },
    { name: 'conv_k1', args: { kernel: 1, activation: 'relu' } },
  ],
  parseArgs: (raw, context): ConvArgs => parseArgsWith(schema, raw, context),
  plan,
  latencyKey(block, input) {
    const fields = [`k:${block.args.kernel}`, `s:${block.stride}`, `act:${block.args.activation}`];
    if (!block.args.bias) fields.push('bias:0');
    return latencyKey('conv', plan(block), block, input, fields);
  },
};

function plan({ inChannels, outChannels, stride, args }: OpBlock<ConvArgs>): LayerPlan {
  return convUnit({
    prefix: null,
    inChannels,
    outChannels,
    kernel: args.kernel,
    stride,
    groups: 1,
    bias: args.bias,
    batchNorm: true,
    activation: args.activation,
  });
}
