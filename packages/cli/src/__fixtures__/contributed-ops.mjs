// A user's op module for `fbnas … --ops contributed-ops.mjs`: plain JavaScript, written with the helpers a user
// has (`@fbnas/core`'s argument schema, `@fbnas/ops/specs`' conv unit and latency key). It exports its op specs
// as `opSpecs`; `fbnas` adds them to the built-in ops.
import { choiceArg, parseArgsWith } from '@fbnas/core';
import { convUnit, latencyKey } from '@fbnas/ops/specs';

const schema = { kernel: choiceArg([3, 5], 3) };

/** k×k depthwise conv → BN → ReLU, then 1×1 conv → BN (no residual). Layers dw.conv, dw.bn, pwl.conv, pwl.bn. */
function plan({ inChannels, outChannels, stride, args }) {
  return [
    ...convUnit({ prefix: 'dw', inChannels, outChannels: inChannels, kernel: args.kernel, stride, groups: inChannels, bias: false, batchNorm: true, activation: 'relu' }),
    ...convUnit({ prefix: 'pwl', inChannels, outChannels, kernel: 1, stride: 1, groups: 1, bias: false, batchNorm: true, activation: null }),
  ];
}

/** `dsep`: a k×k depthwise-separable block; `dsep_k3` and `dsep_k5` fix its kernel. */
export const dsepSpec = {
  name: 'dsep',
  description: 'k×k depthwise conv → BN → ReLU, then 1×1 conv → BN',
  argNames: Object.keys(schema),
  aliases: [{ name: 'dsep_k3', args: { kernel: 3 } }, { name: 'dsep_k5', args: { kernel: 5 } }],
  parseArgs: (raw, context) => parseArgsWith(schema, raw, context),
  plan,
  latencyKey: (block, input) => latencyKey('dsep', plan(block), block, input, [`k:${block.args.kernel}`, `s:${block.stride}`]),
};

export const opSpecs = [dsepSpec];
